"""End to end on the five seed pages against gold.json, alone and among 181 other articles."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import need_shared
from wiretrace.config import Settings
from wiretrace.engines import local

AFP_COPIES = {"000_d6ab0ccc07055236", "001_c23270e702e2eccb", "004_dfca311f56d9f9bf"}
OWN_WORDS = {"002_04b896e25c4c13b0", "003_4e26ba25d61bbb6c"}


def flat(text: str) -> str:
    """Whitespace re-flowed, as the body contract allows."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def gold() -> dict:
    """The expected result."""
    return json.loads((need_shared("seeds") / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mixed_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of a run over the seeds mixed into the 181 true bodies of the benchmark."""
    seeds = need_shared("seeds")
    truth = json.loads(
        (need_shared("article-extraction-benchmark") / "ground-truth.json").read_text("utf-8")
    )
    folder = tmp_path_factory.mktemp("mixed")
    for page_id, page in truth.items():
        (folder / f"{page_id}.txt").write_text(page["articleBody"], encoding="utf-8")
    for seed in seeds.glob("*.txt"):
        shutil.copy(seed, folder)
    return local.run([folder], folder.parent / "store.duckdb", Settings(workers=2)).report


def multi_groups(report: dict) -> list[set[str]]:
    """Copy groups with more than one member."""
    groups = [{m["doc"] for m in g["members"]} for g in report["copy_groups"]]
    return [g for g in groups if len(g) > 1]


def test_one_story_of_all_five(seed_report: dict, gold: dict) -> None:
    assert [set(s["documents"]) for s in seed_report["stories"]] == [
        set(g) for g in gold["story_groups"]
    ]


def test_exactly_one_copy_group_and_no_pair_touching_own_words(seed_report: dict) -> None:
    assert multi_groups(seed_report) == [AFP_COPIES]
    pairs = {frozenset((p["a"], p["b"])) for p in seed_report["copy_pairs"]}
    assert pairs == {
        frozenset(p) for p in [(a, b) for a in AFP_COPIES for b in AFP_COPIES if a < b]
    }
    contained = {(p["a"], p["b"]): p["containment_a"] for p in seed_report["copy_pairs"]}
    assert contained[("000_d6ab0ccc07055236", "004_dfca311f56d9f9bf")] >= 0.85


def test_titles_credits_and_lines(seed_report: dict, gold: dict) -> None:
    docs = {d["id"]: d for d in seed_report["documents"]}
    seeds = need_shared("seeds")
    for doc_id, expected in gold["documents"].items():
        doc = docs[doc_id]
        assert doc["title"] == expected["title"], doc_id
        assert doc["credit"] == expected["credit"], doc_id
        lines = (seeds / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
        body_lines = {flat(line) for line in doc["body"].split("\n\n")}
        for number in expected["body_lines"]:
            assert flat(lines[number - 1]) in body_lines, (doc_id, number)
        kept = [n for n in expected["boilerplate_lines"] if flat(lines[n - 1]) in body_lines]
        assert kept == [], (doc_id, kept)


def test_removals_say_why(seed_report: dict) -> None:
    docs = {d["id"]: d for d in seed_report["documents"]}
    reasons = {r["reason"] for r in docs["001_c23270e702e2eccb"]["removed"]}
    assert {"comments", "counter", "caption", "repeated-title"} <= reasons
    reasons = {r["reason"] for r in docs["003_4e26ba25d61bbb6c"]["removed"]}
    assert {"share-bar", "appeal", "pager"} <= reasons


def test_seeds_stay_apart_from_181_other_articles(mixed_report: dict) -> None:
    assert len(mixed_report["documents"]) == 186
    assert multi_groups(mixed_report) == [AFP_COPIES]
    seed_stories = [
        set(s["documents"])
        for s in mixed_report["stories"]
        if set(s["documents"]) & (AFP_COPIES | OWN_WORDS)
    ]
    assert seed_stories == [AFP_COPIES | OWN_WORDS]
    touching = [p for p in mixed_report["copy_pairs"] if {p["a"], p["b"]} & OWN_WORDS]
    assert touching == []
    assert all({p["a"], p["b"]} <= AFP_COPIES for p in mixed_report["copy_pairs"])


def test_no_byline_is_made_up(seed_report: dict) -> None:
    """The seed pages name no author: every document has the field, and it is empty."""
    assert [d["byline"] for d in seed_report["documents"]] == [None] * 5
