"""`python -m benchmarks same-reports`: two real runs' reports compared section by section."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.same_reports import compare
from conftest import ROOT
from wiretrace import api


def report_of(out: Path) -> Path:
    """report.json of a real run over the bundled examples into `out`."""
    api.run([ROOT / "examples" / "pages"], out, out / "wiretrace.duckdb", api.settings_for(1))
    return out / "report.json"


def test_two_runs_of_the_same_pages_compare_the_same(tmp_path: Path) -> None:
    """Two runs differ in when they were generated only: no section differs."""
    found = compare(report_of(tmp_path / "a"), report_of(tmp_path / "b"))
    assert {"documents", "copy_groups", "stories"} <= set(found)
    assert all(count > 0 for section, (count, _) in found.items() if section != "problems")
    assert not [notes for _, notes in found.values() if notes]


def test_a_changed_body_is_one_difference_in_documents(tmp_path: Path) -> None:
    """One document's body edited in the after report: the documents section names it, and
    no other section differs."""
    before = report_of(tmp_path / "a")
    report = json.loads(before.read_text(encoding="utf-8"))
    report["documents"][1]["body"] += " One more sentence."
    after = tmp_path / "after.json"
    lines = [f'"{key}":{json.dumps(value)}' for key, value in report.items()]
    after.write_text("{" + ",\n".join(lines) + "}\n", encoding="utf-8")
    found = compare(before, after)
    assert len(found["documents"][1]) == 1
    assert [s for s, (_, notes) in found.items() if notes] == ["documents"]
