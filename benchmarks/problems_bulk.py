"""Time and peak memory of a run over a JSONL file of malformed lines (issue 16, item 5).

The input is made here, in a temporary folder: N lines that are not JSON (about 33 bytes
each, so 200,000 make a 6.5 MB file), then one good page. A whole `wiretrace run` on it
runs in a fresh process under `/usr/bin/time -v`; every bad line is a problem recorded in
the store and the report. Prints seconds, peak RSS, the problems stored and those
report.json lists.

    .venv/bin/python benchmarks/problems_bulk.py [--lines 200000] [--workers 2]

Figures: docs/benchmarks/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

WIRETRACE = str(Path(sys.executable).with_name("wiretrace"))
GOOD = "A good page about a harbour strike that lasted three days. " * 20


def make_input(path: Path, lines: int) -> None:
    """`lines` malformed JSON lines, then one good page."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            out.write(f'{{"id": "bad{n:07d}", "text": oops}}\n')
        out.write(json.dumps({"id": "good", "text": GOOD}) + "\n")


def report_problems(path: Path) -> int:
    """How many problems report.json lists (one a line, its last section), read a line at a
    time: the count of lines from the `problems` section's opening to the end."""
    count, inside = 0, False
    with path.open("rb") as report:
        for line in report:
            if inside:
                count += line.startswith(b"{")
            elif line.startswith(b'"problems":['):
                inside = True
    return count


def main() -> None:
    """Make the input, run wiretrace on it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="problems-bulk-") as folder:
        root = Path(folder)
        path = root / "pages" / "bad.jsonl"
        path.parent.mkdir()
        make_input(path, args.lines)
        out = root / "out"
        command = [WIRETRACE, "run", str(path.parent), "--out", str(out), "--quiet"]
        command += ["--workers", str(args.workers)]
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - start
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        con = duckdb.connect(str(out / "wiretrace.duckdb"), read_only=True)
        ((problems,),) = con.execute("SELECT count(*) FROM problems").fetchall()
        ((documents,),) = con.execute("SELECT count(*) FROM documents").fetchall()
        con.close()
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
        report = out / "report.json"
        reported = report_problems(report) if report.exists() else 0
        size = path.stat().st_size / 1e6
        print(
            f"{args.lines:,} bad lines ({size:.1f} MB): rc {done.returncode}, "
            f"{seconds:.1f} s, peak {int(peak.group(1)) / 1024 if peak else float('nan'):.0f} MB, "
            f"{problems:,} problems ({reported:,} in report.json), {documents} documents"
        )


if __name__ == "__main__":
    main()
