"""Tests for report.json and the streaming report writer (wiretrace.write.report)."""

from __future__ import annotations

import dataclasses
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from wiretrace.model import (
    AlignedPassage,
    CopyGroup,
    CopyPair,
    Document,
    Member,
    Problem,
    Removal,
    Story,
)
from wiretrace.write import build_report, stream_report, write_report
from wiretrace.write import html as page_module
from wiretrace.write import page as page_bounds
from wiretrace.write.html import render_html
from wiretrace.write.report import Raw, dumps_item

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' é—“”"


def _document(i: int, body_words: int = 40) -> Document:
    """A document with some hostile text in it."""
    body = f"Para {i} {HOSTILE}.\n\n" + " ".join(f"w{i}x{j}" for j in range(body_words))
    return Document(
        id=f"d{i}",
        source=f"in/d{i}.txt",
        body=body,
        outlet=f"Outlet {i % 7}",
        title=f"Title {i} {HOSTILE}",
        byline=f"Ana Lima {i} {HOSTILE}" if i % 4 else None,
        published="2024-01-02" if i % 2 else None,
        removed=[Removal(text=f"junk {HOSTILE}", reason="share bar")] if i % 3 == 0 else [],
        quotes=[],  # as stored: found when stored (none in this text)
    )


def _corpus(n: int) -> tuple[list[Any], ...]:
    """n documents in stories of 1..4 documents, a copy group per story, pairs inside them."""
    documents = [_document(i) for i in range(n)]
    pairs, groups, stories = [], [], []
    start, size = 0, 1
    while start < n:
        ids = [f"d{i}" for i in range(start, min(start + size, n))]
        gid = f"g{len(groups)}"
        groups.append(
            CopyGroup(
                id=gid,
                source=ids[0],
                members=[Member(doc=d, coverage=1.0 - k / 10) for k, d in enumerate(ids)],
                credit="AP" if len(ids) > 1 else None,
            )
        )
        pairs.extend(
            CopyPair(
                a=ids[0],
                b=d,
                containment_a=0.9,
                containment_b=0.8,
                jaccard=0.7,
                passages=[AlignedPassage(a=0, b=0, score=1.0)],
            )
            for d in ids[1:]
        )
        stories.append(
            Story(
                id=f"s{len(stories)}",
                title=f"Story {HOSTILE}",
                documents=ids,
                copy_groups=[gid],
                outlets=["Outlet 1"],
                entities=["Norland"],
                account=[
                    {
                        "text": f"Para {start} {HOSTILE}.",
                        "source_doc": ids[0],
                        "passage": 0,
                        "copy_group": gid,
                        "carried_by": ids,
                    }
                ],
            )
        )
        start += size
        size = size % 4 + 1
    problems = [Problem(input=f"bad{i}.html", reason=f"empty {HOSTILE}") for i in range(3)]
    return documents, pairs, groups, stories, problems


def _old_json(parts: tuple[list[Any], ...]) -> dict[str, Any]:
    """The report as the writer before streaming made it (dataclasses.asdict, json)."""
    documents, pairs, groups, stories, problems = parts
    return {
        "summary": {
            "documents": len(documents),
            "copy_pairs": len(pairs),
            "copy_groups": sum(1 for g in groups if len(g.members) > 1),
            "stories": len(stories),
            "problems": len(problems),
        },
        "documents": [dataclasses.asdict(d) for d in documents],
        "copy_pairs": [dataclasses.asdict(p) for p in pairs],
        "copy_groups": [dataclasses.asdict(g) for g in groups],
        "stories": [dataclasses.asdict(s) for s in stories],
        "problems": [{"input": p.input, "reason": p.reason} for p in problems],
    }


def _read(path: Path) -> dict[str, Any]:
    """A report.json without its time of writing."""
    report = json.loads(path.read_text(encoding="utf-8"))
    assert set(report.pop("wiretrace")) == {"version", "generated"}
    return report


def test_to_dict_matches_asdict() -> None:
    """The hand-written to_dict methods give what dataclasses.asdict gave, key order included."""
    for items in _corpus(12):
        for item in items:
            if hasattr(item, "to_dict"):
                assert list(item.to_dict().items()) == list(dataclasses.asdict(item).items())


def test_streamed_json_equals_the_old_report(tmp_path: Path) -> None:
    """report.json streamed from model objects parses to what the in-memory report held."""
    parts = _corpus(30)
    json_path, html_path = stream_report(tmp_path, *parts)
    report = _read(json_path)
    assert report == _old_json(parts)
    assert list(report) == list(_old_json(parts))
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_report_of_a_dict_equals_stream(tmp_path: Path) -> None:
    """build_report + write_report (small runs) writes the same report and page as streaming."""
    parts = _corpus(30)
    report = build_report(*parts)
    write_report(report, tmp_path / "dict")
    stream_report(tmp_path / "stream", *parts, meta=report["wiretrace"])
    assert _read(tmp_path / "dict" / "report.json") == _read(tmp_path / "stream" / "report.json")
    pages = [(tmp_path / d / "report.html").read_text(encoding="utf-8") for d in ("dict", "stream")]
    assert pages[0] == pages[1] == render_html(report)


def test_one_item_per_line(tmp_path: Path) -> None:
    """Every document, pair, group, story and problem is one JSON line of its own."""
    parts = _corpus(10)
    json_path, _ = stream_report(tmp_path, *parts)
    lines = json_path.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line.rstrip(",")) for line in lines[1:] if line.startswith("{")]
    assert len(items) == sum(len(p) for p in parts)


def test_generators_stream_with_a_summary(tmp_path: Path) -> None:
    """One-shot iterators work when the summary comes with them."""
    parts = _corpus(25)
    summary = _old_json(parts)["summary"]
    json_path, _ = stream_report(tmp_path, *(iter(p) for p in parts), summary=summary)
    assert _read(json_path) == _old_json(parts)


def test_iterators_without_summary_are_refused(tmp_path: Path) -> None:
    """The counts come first in the file, so unsized inputs need them given."""
    parts = _corpus(5)
    with pytest.raises(TypeError):
        stream_report(tmp_path, *(iter(p) for p in parts))


def test_wrong_summary_writes_nothing(tmp_path: Path) -> None:
    """A summary that disagrees with the items fails and leaves no report or temporary file."""
    parts = _corpus(8)
    summary = dict(_old_json(parts)["summary"], copy_pairs=99)
    with pytest.raises(ValueError, match="copy_pairs"):
        stream_report(tmp_path, *(iter(p) for p in parts), summary=summary)
    assert list(tmp_path.iterdir()) == []


def test_empty_report(tmp_path: Path) -> None:
    """Nothing at all still makes a valid report and page."""
    json_path, html_path = stream_report(tmp_path, [], [], [], [], [])
    assert _read(json_path) == {
        "summary": dict.fromkeys(
            ("documents", "copy_pairs", "copy_groups", "stories", "problems"), 0
        ),
        "documents": [],
        "copy_pairs": [],
        "copy_groups": [],
        "stories": [],
        "problems": [],
    }
    assert "No stories." in html_path.read_text(encoding="utf-8")


def test_streamed_page_is_the_trimmed_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the page bounds, the streamed page is the one trimming the whole report gives."""
    monkeypatch.setattr(page_bounds, "MAX_PAGE_DOCS", 20)
    monkeypatch.setattr(page_bounds, "MAX_PAGE_STORIES", 6)
    parts = _corpus(60)
    report = build_report(*parts)
    _, html_path = stream_report(
        tmp_path, *(iter(p) for p in parts), summary=report["summary"], meta=report["wiretrace"]
    )
    shown, note = page_module.trim(report, max_docs=20, max_stories=6)
    assert "largest of" in note
    page = html_path.read_text(encoding="utf-8")
    assert page == page_module.render_page(shown, note)
    assert page.count('<article class="doc"') == len(shown["documents"]) <= 20


def test_page_escapes_hostile_text(tmp_path: Path) -> None:
    """Page text with markup, quotes and ampersands appears escaped, never as markup."""
    _, html_path = stream_report(tmp_path, *_corpus(10))
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;" in page


FILLER = "word " * 300


def _stream(n: int) -> Iterator[Document]:
    """n documents of about 1.5 kB made one at a time (few allocations: tracemalloc is slow)."""
    return (Document(id=f"d{i}", source="x", body=f"P{i}\n\n{FILLER}", quotes=[]) for i in range(n))


def _peak(tmp_path: Path, n: int) -> int:
    """Peak traced memory (bytes) of streaming a report of n generated documents."""
    stories = (
        Story(id=f"s{i}", title=f"S{i}", documents=[f"d{i}"], copy_groups=[f"g{i}"])
        for i in range(n)
    )
    groups = (
        CopyGroup(id=f"g{i}", source=f"d{i}", members=[Member(f"d{i}", 1.0)]) for i in range(n)
    )
    summary = {"documents": n, "copy_pairs": 0, "copy_groups": 0, "stories": n, "problems": 0}
    tracemalloc.start()
    try:
        stream_report(tmp_path / str(n), _stream(n), iter([]), groups, stories, [], summary=summary)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streaming 4x more documents (past the page bounds) takes about the same peak memory."""
    monkeypatch.setattr(page_bounds, "MAX_PAGE_DOCS", 100)
    monkeypatch.setattr(page_bounds, "MAX_PAGE_STORIES", 100)
    small, large = _peak(tmp_path, 1_000), _peak(tmp_path, 4_000)
    sizes = [(tmp_path / str(n) / "report.json").stat().st_size for n in (1_000, 4_000)]
    assert large < sizes[1] / 3  # far from holding the report
    assert large - small < (sizes[1] - sizes[0]) / 5  # fixed buffers fill up, nothing else grows
    assert large < small * 1.3


def _raw_parts(parts: tuple[list[Any], ...]) -> tuple[list[Any], ...]:
    """The documents and stories of a corpus as Raw JSON, the rest as they are."""
    documents, pairs, groups, stories, problems = parts
    raw_documents = [Raw(orjson.dumps(d), d.id) for d in documents]
    raw_stories = [Raw(dumps_item(s)) for s in stories]
    return raw_documents, pairs, groups, raw_stories, problems


def _outlines(stories: list[Story]) -> list[dict[str, list[str]]]:
    """Each story's documents and copy groups."""
    return [{"documents": s.documents, "copy_groups": s.copy_groups} for s in stories]


@pytest.mark.parametrize("bounds", [None, (20, 6)])
def test_raw_items_and_outlines_write_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bounds: tuple[int, int] | None
) -> None:
    """Raw JSON items and stories ranked from outlines give the same files, byte for byte,
    whether the page shows the whole report or only its largest stories."""
    if bounds is not None:
        monkeypatch.setattr(page_bounds, "MAX_PAGE_DOCS", bounds[0])
        monkeypatch.setattr(page_bounds, "MAX_PAGE_STORIES", bounds[1])
    parts = _corpus(60)
    report = build_report(*parts)
    meta, summary = report["wiretrace"], report["summary"]
    stream_report(tmp_path / "plain", *parts, meta=meta)
    raw = _raw_parts(parts)
    stream_report(
        tmp_path / "raw",
        *(iter(p) for p in raw),
        summary=summary,
        meta=meta,
        outlines=iter(_outlines(parts[3])),
    )
    for name in ("report.json", "report.html"):
        assert (tmp_path / "raw" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()
    page = (tmp_path / "raw" / "report.html").read_text(encoding="utf-8")
    assert ("largest of" in page) == (bounds is not None)


def test_raw_item_is_written_as_it_is() -> None:
    """A Raw item's JSON is its bytes, unchanged."""
    assert dumps_item(Raw(b'{"id":"x"}', "x")) == b'{"id":"x"}'


def test_byline_is_in_report_json_and_on_the_page(tmp_path: Path) -> None:
    """Every document has its `byline` in report.json (null when none), right after its
    title; the page shows it, escaped, where it has one."""
    json_path, html_path = stream_report(tmp_path, *_corpus(8))
    documents = _read(json_path)["documents"]
    assert all(list(d)[4:6] == ["title", "byline"] for d in documents)
    assert documents[1]["byline"] == f"Ana Lima 1 {HOSTILE}"
    assert documents[0]["byline"] is None
    page = html_path.read_text(encoding="utf-8")
    assert page.count("<dt>Byline</dt>") == sum(1 for d in documents if d["byline"])
    assert "<dt>Byline</dt><dd>Ana Lima 1 &lt;script&gt;" in page


def test_stored_documents_from_before_the_byline_get_it(tmp_path: Path) -> None:
    """A document stored before `byline` existed (its JSON without the key) is written with
    `byline: null` in its place; stored JSON that has it goes out byte for byte."""
    documents = _corpus(6)[0]
    old = []
    for doc in documents:
        data = orjson.loads(orjson.dumps(doc))
        del data["byline"]
        old.append(Raw(orjson.dumps(data), doc.id))
    kept = [Raw(orjson.dumps(d), d.id) for d in documents]
    for name, raw in (("old", old), ("kept", kept)):
        stream_report(tmp_path / name, raw, [], [], [], [])
    kept_json = [orjson.loads(orjson.dumps(d)) for d in documents]
    old_json = [dict(d, byline=None) for d in kept_json]
    assert any(d["byline"] for d in kept_json)
    for name, expected in (("old", old_json), ("kept", kept_json)):
        written = _read(tmp_path / name / "report.json")["documents"]
        assert written == expected
        assert [list(d) for d in written] == [list(d) for d in expected]  # key order too


def test_stored_documents_without_quotes_get_them_found(tmp_path: Path) -> None:
    """A stored document whose quotes are null (copy detection alone) or missing (stored before
    quotes existed) is written with its quotes found; one that has them goes out byte for byte,
    even when its body shows the text `"quotes":null`."""
    doc = dataclasses.replace(
        _document(1),
        body='Ana Lima said: “We will build the bridge,” at noon. Odd: "quotes":null',
        quotes=None,
    )
    found = Document.from_dict(orjson.loads(orjson.dumps(doc)))
    assert found.quotes  # the quote in the body, found on reading
    current = orjson.dumps(found)
    data = orjson.loads(current)
    missing = orjson.dumps({k: v for k, v in data.items() if k != "quotes"})
    null = orjson.dumps(dict(data, quotes=None))
    for name, raw in (("missing", missing), ("null", null), ("current", current)):
        stream_report(tmp_path / name, [Raw(raw, doc.id)], [], [], [], [])
        written = (tmp_path / name / "report.json").read_bytes().split(b"\n")
        assert current in written, name


def test_page_sections_are_written_while_the_stories_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With outlines, each story's section of the page is written when the story comes, not
    after the last one (a streamed run overlaps it with the workers' consolidation)."""
    written: list[str] = []
    section = page_module.markup.story_section

    def spy(out: list[str], view: dict[str, Any]) -> None:
        written.append(view["id"])
        section(out, view)

    monkeypatch.setattr(page_module.markup, "story_section", spy)
    parts = _corpus(12)
    stories = parts[3]
    seen_before: list[int] = []

    def streamed() -> Iterator[Story]:
        for story in stories:
            seen_before.append(len(written))
            yield story

    report = build_report(*parts)
    stream_report(
        tmp_path,
        iter(parts[0]),
        iter(parts[1]),
        iter(parts[2]),
        streamed(),
        iter(parts[4]),
        summary=report["summary"],
        outlines=iter(_outlines(stories)),
    )
    assert len(stories) >= 3
    assert seen_before == list(range(len(stories)))  # story k's turn: k sections written
    assert written == [s.id for s in stories]
