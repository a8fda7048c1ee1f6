"""Malformed JSON lines are recorded in bulk (issue 16, item 5): row by row, 40,000 took
102 s; 200,000 take seconds now (benchmarks/problems_bulk.py, docs/benchmarks/reliability.md).
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import orjson

from wiretrace.config import Settings
from wiretrace.engines import local
from wiretrace.model import Problem
from wiretrace.store import Store
from wiretrace.write.report import stream_report

GOOD = "A good page about a harbour strike that lasted three days. " * 20
LINES = 20_000  # 50 s before, row by row


def test_a_file_of_malformed_lines_is_recorded_in_seconds(tmp_path: Path) -> None:
    pages = tmp_path / "bad.jsonl"
    with pages.open("w", encoding="utf-8") as out:
        for n in range(LINES):
            out.write(f'{{"id": "bad{n}", "text": oops}}\n')
        out.write(json.dumps({"id": "good", "text": GOOD}) + "\n")
    db = tmp_path / "store.duckdb"
    start = time.perf_counter()
    result = local.run([pages], db, Settings(workers=1), out=tmp_path / "out")
    seconds = time.perf_counter() - start
    assert result.report["summary"]["documents"] == 1
    assert result.report["summary"]["problems"] == LINES
    # the result counts them and keeps the terminal's first few; the store keeps them all
    assert result.problem_count == LINES
    assert [p.input for p in result.first_problems] == [f"{pages}:{n}" for n in range(1, 21)]
    with Store(db) as store:
        problems = store.problems()
    assert len(problems) == LINES
    assert len({p.input for p in problems}) == LINES  # each line named by its number
    # report.json streams them from the store, one a line, in the store's order
    lines = (tmp_path / "out" / "report.json").read_bytes().split(b"\n")
    start = lines.index(b'"problems":[') + 1
    written = [orjson.loads(line.rstrip(b",")) for line in lines[start : start + LINES]]
    assert written == [{"input": p.input, "reason": p.reason} for p in problems]
    assert lines[start + LINES] == b"]}"
    assert seconds < 20, f"{LINES} bad lines took {seconds:.1f} s"


def test_problems_are_inserted_at_once_and_kept_once(tmp_path: Path) -> None:
    problems = [Problem(f"f.jsonl:{n}", "malformed JSON") for n in range(50_000)]
    with Store(tmp_path / "store.duckdb") as store:
        start = time.perf_counter()
        store.add_problems(problems + problems[:10])  # repeated ones kept once
        store.add_problems(problems[:10])  # and so across calls
        seconds = time.perf_counter() - start
        assert len(store.problems()) == 50_000
    assert seconds < 5, f"50,000 problems took {seconds:.1f} s"


def test_problems_stream_from_the_store_into_the_report(tmp_path: Path) -> None:
    """report.json gets every problem, report.html the first MAX_PAGE_PROBLEMS, and none is
    held whole on the way: 200,000 problems (about 1.3 KB each when held) stream in a few MB."""
    count = 200_000
    with Store(tmp_path / "store.duckdb") as store:
        store.add_problems(Problem(f"f.jsonl:{n:06d}", "malformed JSON") for n in range(count))
        assert store.problem_count() == count
        summary = {"documents": 0, "copy_pairs": 0, "copy_groups": 0, "stories": 0}
        tracemalloc.start()
        try:
            stream_report(
                tmp_path / "out",
                [],
                [],
                [],
                [],
                store.iter_problems(),
                summary={**summary, "problems": count},
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 40e6, f"streaming {count} problems took {peak / 1e6:.0f} MB"
    report = orjson.loads((tmp_path / "out" / "report.json").read_bytes())
    assert len(report["problems"]) == count
    assert report["problems"][0] == {"input": "f.jsonl:000000", "reason": "malformed JSON"}
    assert report["problems"][-1]["input"] == f"f.jsonl:{count - 1:06d}"
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "f.jsonl:000999" in page and "f.jsonl:001000" not in page
    assert f"Problems ({count})" in page


def test_problems_are_read_a_sorted_range_at_a_time_in_report_order(tmp_path: Path) -> None:
    """Read in ranges cut at sampled inputs, the problems come in the order one sort gives."""
    problems = [
        Problem(f"f{(n * 7919) % 5003}.jsonl:{n}", f"reason {n % 3}") for n in range(30_000)
    ]
    problems += [Problem("one.html", f"reason {n}") for n in range(2_000)]  # one input, many
    with Store(tmp_path / "store.duckdb") as store:
        store.add_problems(problems)
        ranged = list(store.iter_problems(page=1_000))
        whole = list(store.iter_problems(page=10**6))
    assert ranged == whole == sorted(problems, key=lambda p: (p.input, p.reason))
