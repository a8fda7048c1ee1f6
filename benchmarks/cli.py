"""`python -m benchmarks NAME ...`: wiretrace measured side by side with its peers.

Each benchmark is a module of this package exposing a click command; `BENCHMARKS` lists them,
one line each (name, module, attribute).
"""

from __future__ import annotations

import importlib
import importlib.util

import click

BENCHMARKS: dict[str, tuple[str, str]] = {
    "extraction": ("benchmarks.extraction", "command"),
    "copies": ("benchmarks.copies", "command"),
    "stories": ("benchmarks.stories", "command"),
    "speed": ("benchmarks.speed", "command"),
    "scale": ("benchmarks.scale", "command"),
    "consolidate": ("benchmarks.consolidate", "command"),
    "same-reports": ("benchmarks.same_reports", "command"),
}


class BenchGroup(click.Group):
    """Loads each benchmark's module only when it is asked for (peers import slowly)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Benchmark names whose module is present."""
        return sorted(name for name, (module, _) in BENCHMARKS.items() if _exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The benchmark's click command."""
        entry = BENCHMARKS.get(cmd_name)
        if entry is None or not _exists(entry[0]):
            return None
        module, attribute = entry
        return getattr(importlib.import_module(module), attribute)


def _exists(module: str) -> bool:
    """True when the benchmark module can be found."""
    return importlib.util.find_spec(module) is not None


main = BenchGroup(name="benchmarks", help="Measure wiretrace against its peers, side by side.")
