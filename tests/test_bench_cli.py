"""`python -m benchmarks`: the benchmarks' own entry point, outside the installed package."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest

from benchmarks import checkout_path
from benchmarks.cli import BENCHMARKS
from conftest import ROOT

BENCHMARK_NAMES = {"extraction", "copies", "stories", "speed", "scale", "consolidate"}


def help_commands(*command: str) -> set[str]:
    """The command names a click `--help` lists, run as a real process from the checkout."""
    out = subprocess.run(
        [sys.executable, *command, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    listed = out.stdout.split("Commands:", 1)[1]
    return {m.group(1) for m in re.finditer(r"^  (\S+)", listed, re.MULTILINE)}


def test_benchmarks_help_lists_every_benchmark() -> None:
    assert help_commands("-m", "benchmarks") == set(BENCHMARKS) >= BENCHMARK_NAMES


def test_user_cli_has_no_bench() -> None:
    commands = help_commands("-m", "wiretrace.cli")
    assert "bench" not in commands
    assert {"run", "copies", "delete"} <= commands


def test_package_does_not_import_benchmarks() -> None:
    sources = (ROOT / "src" / "wiretrace").rglob("*.py")
    pattern = re.compile(r"^\s*(from|import)\s+benchmarks\b", re.MULTILINE)
    assert not [p for p in sources if pattern.search(p.read_text(encoding="utf-8"))]


def test_checkout_path_names_what_is_missing() -> None:
    assert checkout_path("examples", "pages").is_dir()
    with pytest.raises(click.ClickException, match=r"not-there.*wiretrace checkout"):
        checkout_path("not-there")
