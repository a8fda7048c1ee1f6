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
    timings = tmp_path / "timings.json"
    out = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "out"), "--timings", str(timings))
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    spans = json.loads(timings.read_text(encoding="utf-8"))
    stages = [s["stage"] for s in spans["stages"]]
    assert stages[0] == "extract" and {"verify", "stories", "report"} <= set(stages)
    last = spans["stages"][-1]
    assert 0 < last["started"] + last["seconds"] <= spans["seconds"]
    assert all(s["seconds"] >= 0 and s["user"] >= 0 for s in spans["stages"])
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


def test_copies_of_a_file_and_of_a_stored_document(tmp_path: Path) -> None:
    wire = EXAMPLES / "port-elvan-strike-wireroom.txt"
    out = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "o"), "--quiet", "--workers", "1")
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    group = next(
        g
        for g in report["copy_groups"]
        if "port-elvan-strike-wireroom" in [m["doc"] for m in g["members"]]
    )
    members = {m["doc"] for m in group["members"]}
    db = str(tmp_path / "o" / "wiretrace.duckdb")
    found = run_cli("copies", str(wire), "--db", db, "--json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert members <= {r["doc"] for r in results}
    truncated = next(r for r in results if r["doc"] == "coastline-today-port-strike")
    assert truncated["containment_doc"] > 0.9 and truncated["passages"]
    assert all(p["query"] and p["doc"] for p in truncated["passages"])
    stored = json.loads(
        run_cli("copies", "--id", "coastline-today-port-strike", "--db", db, "--json").stdout
    )
    assert "port-elvan-strike-wireroom" in {r["doc"] for r in stored}
    text = run_cli("copies", "--id", "coastline-today-port-strike", "--db", db)
    assert "matched passages" in text.stdout
    nothing = run_cli("copies", "An unrelated sentence about gardening and roses.", "--db", db)
    assert nothing.returncode == 0 and "no copies found" in nothing.stdout


def test_delete_removes_documents_and_their_pairs(tmp_path: Path) -> None:
    out_dir = tmp_path / "o"
    assert run_cli("run", str(EXAMPLES), "--out", str(out_dir), "--quiet").returncode == 0
    db = str(out_dir / "wiretrace.duckdb")
    gone = run_cli("delete", "coastline-today-port-strike", "no-such-doc", "--db", db)
    assert gone.returncode == 0 and "deleted 1" in gone.stderr and "no-such-doc" in gone.stderr
    stored = run_cli("copies", "--id", "port-elvan-strike-wireroom", "--db", db, "--json")
    assert "coastline-today-port-strike" not in {r["doc"] for r in json.loads(stored.stdout)}
    assert (
        run_cli("run", str(EXAMPLES / "extra.jsonl"), "--out", str(out_dir), "--quiet").returncode
        == 0
    )
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert "coastline-today-port-strike" not in {d["id"] for d in report["documents"]}


def test_copies_on_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    out = run_cli("copies", "text", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode == 2 and "no store" in out.stderr


def test_story_threshold_is_the_knob(tmp_path: Path) -> None:
    args = ["run", str(EXAMPLES), "--quiet", "--workers", "1"]
    fine = run_cli(*args, "--out", str(tmp_path / "fine"), "--story-threshold", "0.99")
    assert fine.returncode == 0, fine.stderr
    report = json.loads((tmp_path / "fine" / "report.json").read_text(encoding="utf-8"))
    assert len(report["stories"]) == len(report["copy_groups"])  # nothing alike enough to merge
    # the same store at the default threshold: stories merge again
    assert run_cli(*args, "--out", str(tmp_path / "fine")).returncode == 0
    default = json.loads((tmp_path / "fine" / "report.json").read_text(encoding="utf-8"))
    assert len(default["stories"]) < len(report["stories"])
    bad = run_cli(*args, "--out", str(tmp_path / "x"), "--story-threshold", "2")
    assert bad.returncode == 2 and "story-threshold" in bad.stderr
