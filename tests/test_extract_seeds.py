"""Extraction alone on the five seed pages: every body line kept, boilerplate cut, titles exact."""

from __future__ import annotations

import json

import pytest

from conftest import need_shared
from wiretrace.extract import extract
from wiretrace.model import Page, passages


def flat(text: str) -> str:
    """Whitespace re-flowed, as the body contract allows."""
    return " ".join(text.split())


@pytest.mark.shared
def test_seed_pages_are_cleaned_as_gold_says() -> None:
    seeds = need_shared("seeds")
    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))["documents"]
    assert len(gold) == 5
    for doc_id, expected in gold.items():
        text = (seeds / f"{doc_id}.txt").read_text(encoding="utf-8")
        lines = text.splitlines()
        doc = extract(Page(id=doc_id, source=f"{doc_id}.txt", text=text))
        body = {flat(p) for p in passages(doc.body)}
        missing = [n for n in expected["body_lines"] if flat(lines[n - 1]) not in body]
        kept = [n for n in expected["boilerplate_lines"] if flat(lines[n - 1]) in body]
        assert (missing, kept) == ([], []), doc_id
        assert doc.title == expected["title"], doc_id
        assert doc.credit == expected["credit"], doc_id
        cut = {flat(r.text) for r in doc.removed}
        assert all(flat(lines[n - 1]) in cut for n in expected["boilerplate_lines"]), doc_id
