"""Peak memory of the read stage and of a whole run on compression bombs (issue 16, item 4).

Each input is made here, in a temporary folder: a 1 MB one-line `.jsonl.gz` that expands to
1 GB (then a few good lines), and the same expansion as an `.html.gz` page and as a
`.warc.gz` record. Each is read in a fresh process under `/usr/bin/time -v`: first the read
stage alone (`read_inputs`), then a whole `wiretrace run` beside one good page, and the good
page alone for the run's fixed cost. Prints one row per run: seconds, peak RSS, problems.

    .venv/bin/python benchmarks/reliability_bombs.py [--gigabytes 1] [--plain]

`--plain` adds a plain `.jsonl` of one such line (written to disk whole: 1 GB of room).
Figures: docs/benchmarks/reliability.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
WIRETRACE = str(Path(PYTHON).with_name("wiretrace"))
CHUNK = b"a" * (1 << 20)
GOOD = "A good page about a harbour strike that lasted three days. " * 20

READ_ONLY = """
import sys
from wiretrace.model import Problem
from wiretrace.read import read_inputs
items = list(read_inputs(sys.argv[1:]))
problems = [i for i in items if isinstance(i, Problem)]
print(len(items) - len(problems), "pages;", "; ".join(p.reason[:60] for p in problems))
"""


def gz_stream(path: Path, head: bytes, size: int, tail: bytes) -> None:
    """A gzip file of `head`, `size` bytes of `a`, `tail`, compressed a chunk at a time."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head)
        for _ in range(size // len(CHUNK)):
            out.write(CHUNK)
        out.write(tail)


def make_inputs(folder: Path, size: int, plain: bool) -> dict[str, Path]:
    """The bombs and a good page, each in its own folder (one run reads one of them)."""
    made = {}
    good_lines = b"".join(
        json.dumps({"id": f"after{n}", "text": GOOD}).encode() + b"\n" for n in range(3)
    )
    jsonl = folder / "jsonl" / "bomb.jsonl.gz"
    jsonl.parent.mkdir()
    gz_stream(jsonl, b'{"id": "bomb", "text": "', size, b'"}\n' + good_lines)
    made["jsonl.gz"] = jsonl
    html = folder / "html" / "bomb.html.gz"
    html.parent.mkdir()
    gz_stream(html, b"<html><body><p>", size, b"</p></body></html>")
    made["html.gz"] = html
    warc = folder / "warc" / "bomb.warc.gz"
    warc.parent.mkdir()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
    tail = b"</p></body></html>"
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
        "WARC-Date: 2025-03-05T10:00:00Z\r\nWARC-Target-URI: https://bomb.test/\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + size + len(tail)}\r\n\r\n"
    ).encode()
    gz_stream(warc, headers + http, size, tail + b"\r\n\r\n")  # one record, one gzip member
    made["warc.gz"] = warc
    if plain:
        line = folder / "plain" / "bomb.jsonl"
        line.parent.mkdir()
        with line.open("wb") as out:
            out.write(b'{"id": "bomb", "text": "')
            for _ in range(size // len(CHUNK)):
                out.write(CHUNK)
            out.write(b'"}\n' + good_lines)
        made["jsonl"] = line
    good = folder / "good" / "good.txt"
    good.parent.mkdir()
    good.write_text(GOOD)
    made["good page"] = good
    return made


def measured(command: list[str]) -> tuple[float, float, str]:
    """Run a command under /usr/bin/time -v: wall seconds, peak RSS in MB, its last line."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    note = lines[-1] if lines else f"exit {done.returncode}"
    return seconds, int(peak.group(1)) / 1024 if peak else float("nan"), note


def main() -> None:
    """Make the bombs, run each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=1.0, help="expanded size of a bomb")
    parser.add_argument("--plain", action="store_true", help="also a plain .jsonl bomb")
    args = parser.parse_args()
    size = int(args.gigabytes * (1 << 30))
    with tempfile.TemporaryDirectory(prefix="wiretrace-bombs-") as tmp:
        folder = Path(tmp)
        inputs = make_inputs(folder, size, args.plain)
        print(f"expanded size {size:,} bytes; page limit: the default ReadConfig")
        print("| input | on disk | stage | seconds | peak RSS MB | result |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, path in inputs.items():
            disk = f"{path.stat().st_size / 2**20:.2f} MB"
            stages = [("read", [PYTHON, "-c", READ_ONLY, str(path)])]
            out = folder / "out" / name.replace(" ", "-")
            run = [WIRETRACE, "run", str(path), "--out", str(out), "--quiet"]
            if name != "good page":
                run.append(str(inputs["good page"]))
            stages.append(("run" if name == "good page" else "run + good page", run))
            for stage, command in stages:
                seconds, peak, note = measured(command)
                if stage != "read" and (out / "report.json").exists():
                    summary = json.loads((out / "report.json").read_text())["summary"]
                    note = f"{summary['documents']} documents, {summary['problems']} problems"
                print(f"| {name} | {disk} | {stage} | {seconds:.1f} | {peak:,.0f} | {note} |")


if __name__ == "__main__":
    main()
