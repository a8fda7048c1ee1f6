"""The command line, run as a user would: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT

WIRETRACE = [sys.executable, "-m", "wiretrace.cli"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI and capture its output."""
    return subprocess.run(
        [*WIRETRACE, *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_help_explains_itself() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    assert "copies of the same wire" in " ".join(out.stdout.split()) and "run" in out.stdout
    out = run_cli("run", "--help")
    assert out.returncode == 0
    for word in ("--out", "--db", ".jsonl", "problems"):
        assert word in out.stdout


def test_run_writes_reports_and_summary(tmp_path: Path) -> None:
    out = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert report["summary"]["documents"] == len(report["documents"]) > 0
    assert (tmp_path / "out" / "wiretrace.duckdb").exists()
    assert "copy groups" in out.stderr and "stories" in out.stderr
    assert report["stories"][0]["title"].split()[0] in html
    again = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "out"), "--quiet")
    assert again.returncode == 0 and again.stderr == ""


def test_unusable_store_is_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "store.duckdb"
    not_a_db.write_text("this is not a database")
    out = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "o"), "--db", str(not_a_db))
    assert out.returncode == 2
    assert "cannot open store" in out.stderr and str(not_a_db) in out.stderr
