"""Read stage: formats, ids, and every kind of bad input becoming a named problem."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read import read_inputs
from wiretrace.read.walk import doc_id


def collect(*inputs: Path, config: ReadConfig | None = None) -> tuple[list[Page], list[Problem]]:
    """Pages and problems read from the inputs."""
    items = list(read_inputs(inputs, config))
    return [i for i in items if isinstance(i, Page)], [i for i in items if isinstance(i, Problem)]


def test_ids_drop_all_extensions() -> None:
    assert doc_id(Path("000_d6ab0ccc07055236.txt")) == "000_d6ab0ccc07055236"
    assert doc_id(Path("a/b/story.html.gz")) == "story"


def test_reads_every_format_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Plain text page.\n", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>Hi</p></body></html>")
    (tmp_path / "sub" / "c.htm.gz").write_bytes(gzip.compress(b"<html><p>Zipped</p></html>"))
    lines = [
        {"id": "j1", "text": "From JSONL", "url": "http://x.test/1", "published": "2024-06-19"},
        {"id": "j2", "html": "<p>html record</p>", "title": "T", "outlet": "O"},
    ]
    (tmp_path / "d.jsonl.gz").write_bytes(
        gzip.compress("\n".join(json.dumps(r) for r in lines).encode())
    )
    (tmp_path / "notes.md").write_text("ignored in folders")
    pages, problems = collect(tmp_path)
    assert problems == []
    by_id = {p.id: p for p in pages}
    assert set(by_id) == {"a", "b", "c", "j1", "j2"}
    assert by_id["a"].text == "Plain text page.\n"
    assert by_id["c"].html is not None and "Zipped" in by_id["c"].html
    assert by_id["j1"].url == "http://x.test/1" and by_id["j1"].published == "2024-06-19"
    assert by_id["j2"].html == "<p>html record</p>" and by_id["j2"].outlet == "O"


def test_bad_inputs_are_named_problems_and_do_not_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good page with words.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(200))
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    (tmp_path / "huge.txt").write_text("word " * 5000)
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok", "text": "fine"}\n{not json\n[1, 2]\n{"id": "notext"}\n'
    )
    pages, problems = collect(tmp_path, config=ReadConfig(max_page_bytes=10_000))
    assert sorted(p.id for p in pages) == ["good", "ok"]
    reasons = {Path(p.input.split(":")[0]).name + ":" + p.reason.split(" ")[0] for p in problems}
    assert reasons == {
        "empty.txt:empty",
        "binary.html:binary",
        "broken.html.gz:broken",
        "huge.txt:page",
        "bad.jsonl:malformed",
        "bad.jsonl:JSON",
        "bad.jsonl:record",
    }
    lines = sorted(p.input for p in problems if "bad.jsonl" in p.input)
    assert [line.rsplit(":", 1)[1] for line in lines] == ["2", "3", "4"]


def test_missing_and_unsupported_inputs(tmp_path: Path) -> None:
    other = tmp_path / "data.csv"
    other.write_text("a,b")
    pages, problems = collect(tmp_path / "nope", other)
    assert pages == []
    assert [p.reason.split(" ")[0] for p in problems] == ["no", "unsupported"]


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Café Zürich</p></body></html>'
    (tmp_path / "latin.html").write_bytes(html.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(
        "Naïve “quotes” — déjà vu, encore une fois.".encode("cp1252")
    )
    pages, problems = collect(tmp_path)
    assert problems == []
    by_id = {p.id: p for p in pages}
    assert "Café Zürich" in (by_id["latin"].html or "")
    assert "déjà vu" in (by_id["cp1252"].text or "")
