"""Ingest: pieces of input read by the workers, batch kernels, and the pages a rerun skips."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

from wiretrace.config import ExtractConfig, ReadConfig, Settings
from wiretrace.engines import local
from wiretrace.model import Page, Problem
from wiretrace.read.files import line_ranges, read_pieces
from wiretrace.read.files import piece_pages as pages_of
from wiretrace.read.jsonl import read_jsonl
from wiretrace.sketch import kernels, sample_codes, sample_many
from wiretrace.store import Store

TEXTS = [
    "",
    "  one\u00a0two \t three  \n\n\n four\u2003five \n\n",
    "x 𝐀 y\u2028z",
    "\n\nlead\n\n\n\nend  ",
    "plain words only",
]


def codes_and_bounds(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts as one array of code points, and where each starts and ends."""
    codes = np.concatenate([kernels.codes_of(t) for t in texts])
    return codes, np.cumsum([0] + [len(t) for t in texts], dtype=np.int64)


def test_batch_kernels_equal_one_text_at_a_time() -> None:
    _, _, space = kernels.tables()
    codes, bounds = codes_and_bounds(TEXTS)
    out, out_bounds = kernels.reflow_many(codes, bounds, space)
    cuts = out_bounds.tolist()
    reflowed = [out[cuts[i] : cuts[i + 1]].tobytes().decode("utf-32-le") for i in range(len(TEXTS))]
    assert reflowed == [kernels.reflowed(t) for t in TEXTS]
    assert kernels.split_counts(codes, bounds, space).tolist() == [len(t.split()) for t in TEXTS]
    by_codes = sample_codes(out, out_bounds)
    for (words, sample), (words2, sample2) in zip(by_codes, sample_many(reflowed), strict=True):
        assert words == words2 and np.array_equal(sample, sample2)


def test_line_ranges_number_lines_as_reading_the_file_does(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [b"short\n", b"\n", b"x" * 50 + b"\n", b"y" * 7 + b"\r\n", b"last, no newline"]
    path.write_bytes(b"".join(lines))
    for size in (1, 4, 16, 64, 1 << 20):
        ranges = list(line_ranges(path, size))
        assert sum(r.size for r in ranges) == path.stat().st_size
        assert sum(r.lines for r in ranges) == len(lines)
        assert [r.first for r in ranges] == list(np.cumsum([1] + [r.lines for r in ranges[:-1]]))


def test_pieces_give_the_pages_of_reading_line_by_line(tmp_path: Path) -> None:
    records = [{"id": f"p{i}", "text": f"page {i} " * (i % 7 + 1)} for i in range(300)]
    raw = [json.dumps(r).encode() + b"\n" for r in records]
    raw[5], raw[9] = b"{broken\n", b"\n"
    (tmp_path / "a.jsonl").write_bytes(b"".join(raw))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b"".join(raw)))
    config = ReadConfig()
    for name in ("a.jsonl", "b.jsonl.gz"):
        path = tmp_path / name
        whole = list(read_jsonl(path, iter(raw), config))
        pieces = list(read_pieces([path], config))
        assert [item for piece in pieces for item in pages_of(piece, config)] == whole
        assert sum(isinstance(i, Problem) for i in whole) == 1
        assert sum(isinstance(i, Page) for i in whole) == 298


def test_duplicates_across_batches_and_reruns(tmp_path: Path) -> None:
    records = [{"id": f"p{i % 5000}", "text": f"story number {i} " * 30} for i in range(5200)]
    data = tmp_path / "a.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records))
    settings = Settings(workers=2, extract=ExtractConfig(clean=False))
    with Store(tmp_path / "s.duckdb") as store:
        first = local.update(store, [data], settings, local.Progress())
        assert (first.added, first.unchanged, first.replaced) == (5000, 0, 0)
        assert first.problem_count == 200
        assert len(first.first_problems) == 20
        assert all("duplicate id" in p.reason for p in first.first_problems)
        assert all("duplicate id" in p.reason for p in store.iter_problems())
        assert store.documents_by_id(["p7"])["p7"].body.startswith("story number 7 ")
        again = local.update(store, [data], settings, local.Progress())
        assert (again.added, again.unchanged, again.replaced) == (0, 5000, 0)
        records[3]["text"] = "a changed page " * 30
        data.write_text("".join(json.dumps(r) + "\n" for r in records))
        changed = local.update(store, [data], settings, local.Progress())
        assert (changed.added, changed.unchanged, changed.replaced) == (0, 4999, 1)
        assert store.documents_by_id(["p3"])["p3"].body.startswith("a changed page")
        assert store.count() == 5000
