"""Inputs and exits of the CLI: clear errors before the work, exit codes that mean something.

Issue 16, items 2 and 7: `copies "TEXT"` crashed on a text of 256-4,095 bytes (tried as a
path first); a run whose inputs were all missing exited 0; an unwritable --out failed with a
traceback after the whole pipeline ran; links out of an input folder were followed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wiretrace.cli import main

from .conftest import WIRE, Run

RUN = ["run", "--workers", "1", "--quiet"]


def invoke(*args: str) -> tuple[int, str]:
    """Run the CLI in this process: exit code and what it printed."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("size", [200, 300, 1000, 4000, 4095, 5000])
def test_copies_of_a_text_of_any_length_is_a_text(hostile: Run, size: int) -> None:
    text = (WIRE + " ") * (size // len(WIRE) + 1)
    text = text[:size]
    code, output = invoke("copies", text, "--db", str(hostile.db), "--brief")
    assert code == 0, output
    assert "matched passages" in output or "no copies found" in output


def test_copies_never_reads_a_path_inside_page_text(hostile: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(WIRE)
    for text in (f"{secret}\nand more text", f"{secret}\x00", "x" * 300 + "/" + "y" * 300):
        code, output = invoke("copies", text, "--db", str(hostile.db), "--json")
        assert code == 0, output
        assert json.loads(output) == []  # taken as text: it matches nothing stored


def test_a_run_whose_inputs_are_all_missing_exits_before_starting(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = [str(tmp_path / "nope"), str(tmp_path / "gone.txt")]
    code, output = invoke(*RUN, *missing, "--out", str(out))
    assert code == 2
    assert "nothing to read" in output and "no such file or folder" in output
    assert not out.exists()  # nothing was made


def test_a_run_over_a_folder_without_page_files_exits_before_starting(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("not a page")
    code, output = invoke(*RUN, str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert code == 2 and "no page file inside" in output
    assert not (tmp_path / "out").exists()


def test_a_run_that_reads_no_page_exits_non_zero_after_its_report(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.html").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "in" / "empty.txt").write_text("  \n")
    out = tmp_path / "out"
    code, output = invoke(*RUN, str(tmp_path / "in"), "--out", str(out))
    assert code == 3, output
    assert "no page could be read" in output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["problems"]) == 2


def test_an_unwritable_out_fails_at_once_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(WIRE)
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a folder must go")
    started = time.perf_counter()
    for args in (
        ["--out", str(blocker / "out")],
        ["--out", str(tmp_path / "out"), "--db", str(blocker / "store.duckdb")],
        ["--out", str(tmp_path / "out"), "--timings", str(blocker / "t.json")],
    ):
        code, output = invoke(*RUN, str(tmp_path / "in"), *args)
        assert code == 2, output
        assert output.startswith("error: cannot write") and "Traceback" not in output
    assert time.perf_counter() - started < 10  # before the pipeline, not after it
    assert not list(tmp_path.rglob("*.duckdb"))


def test_links_out_of_an_input_folder_are_read_only_with_follow_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.txt").write_text(WIRE)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text("A page of its own, about bread and a festival. " * 10)
    (folder / "link.txt").symlink_to(outside / "elsewhere.txt")
    code, output = invoke(*RUN, str(folder), "--out", str(tmp_path / "o"), "--follow-links")
    assert code == 0, output
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in report["documents"]} == {"page", "link"}
    assert report["problems"] == []
    code, output = invoke(*RUN, str(folder), "--out", str(tmp_path / "p"))
    assert code == 0, output
    report = json.loads((tmp_path / "p" / "report.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in report["documents"]} == {"page"}
    assert [p["input"] for p in report["problems"]] == [str(folder / "link.txt")]
