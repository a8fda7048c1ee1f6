"""Malformed JSON lines are recorded in bulk (issue 16, item 5): row by row, 40,000 took
102 s; 200,000 take seconds now (benchmarks/problems_bulk.py, docs/benchmarks/reliability.md).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from wiretrace.config import Settings
from wiretrace.engines import local
from wiretrace.model import Problem
from wiretrace.store import Store

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
    with Store(db) as store:
        problems = store.problems()
    assert len(problems) == LINES
    assert len({p.input for p in problems}) == LINES  # each line named by its number
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
