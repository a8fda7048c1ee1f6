"""Benchmarks run side by side with peers (`wiretrace bench ...`), one module per benchmark.

Each module exposes `command`, a click command registered under `wiretrace bench`.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

BENCHMARKS = {
    "extraction": "wiretrace.bench.extraction",
    "copies": "wiretrace.bench.copies",
    "stories": "wiretrace.bench.stories",
    "speed": "wiretrace.bench.speed",
    "scale": "wiretrace.bench.scale",
}


class BenchGroup(click.Group):
    """Loads each benchmark's module only when it is asked for (peers import slowly)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Benchmark names whose module is present."""
        return sorted(name for name, module in BENCHMARKS.items() if _exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The benchmark's click command."""
        module = BENCHMARKS.get(cmd_name)
        if module is None or not _exists(module):
            return None
        return importlib.import_module(module).command


def _exists(module: str) -> bool:
    """True when the benchmark module can be found."""
    return importlib.util.find_spec(module) is not None


bench = BenchGroup(name="bench", help="Measure wiretrace against its peers, side by side.")
