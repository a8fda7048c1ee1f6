"""A killed run leaves no workers and no temporary folders behind (issue 16, item 7): pool
workers exit when the process that started them is gone, and a run removes the temporary
folders of runs that died (named by their process id) beside its store and report."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from wiretrace.config import Settings
from wiretrace.engines import local

ROOT = Path(__file__).resolve().parents[2]
WIRETRACE = Path(sys.executable).with_name("wiretrace")


def marked(mark: str) -> list[int]:
    """Live processes (not zombies) whose environment holds `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if stat.rpartition(")")[2].split()[0] != "Z" and mark.encode() in environ:
            found.append(int(entry.name))
    return found


def test_workers_exit_when_the_run_is_killed(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "examples" / "pages", pages)
    mark = f"WIRETRACE_TEST_MARK={uuid.uuid4().hex}"
    env = dict(os.environ, WIRETRACE_TEST_KILL_AT="report:3")
    env[mark.split("=")[0]] = mark.split("=")[1]
    command = [str(WIRETRACE), "run", str(pages), "--out", str(tmp_path / "out")]
    done = subprocess.run([*command, "--workers", "2", "--quiet"], env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL  # killed while the story workers ran
    left = marked(mark)
    assert left, "no story worker was running when the run was killed"
    deadline = time.monotonic() + 5
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = marked(mark)
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers {left} outlived the killed run by 5 s"


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_run_removes_the_temporary_folders_of_dead_runs(tmp_path: Path) -> None:
    db, out = tmp_path / "store" / "wiretrace.duckdb", tmp_path / "out"
    dead, alive = dead_pid(), os.getpid()
    stale = [
        out / f"wiretrace-spill-{dead}-x1y2",
        db.parent / f"wiretrace-bodies-{dead}-a9b8",
        db.with_name(db.name + ".tmp"),  # DuckDB's own, left by a killed run
    ]
    kept = [
        out / f"wiretrace-spill-{alive}-live",  # a run still going
        out / "wiretrace-spill-oldname",  # not named by a process: not provably ours
        db.parent / f"notes-{dead}",
    ]
    for folder in stale + kept:
        folder.mkdir(parents=True)
        (folder / "part-0.bin").write_bytes(b"x" * 100)
    local.run([ROOT / "examples" / "pages"], db, Settings(workers=1), out=out)
    assert [f for f in stale if f.exists()] == []
    assert all(f.exists() for f in kept)
    own = [p.name for p in out.iterdir() if p.name.startswith(f"wiretrace-spill-{alive}-")]
    assert own == [f"wiretrace-spill-{alive}-live"]  # the run's own spill folder is gone
