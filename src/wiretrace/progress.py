"""Progress callbacks: how engines report long work, so that front ends can draw bars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Progress:
    """Callbacks the engine reports to; the CLI draws bars with them, tests leave them silent."""

    start: Callable[[str, int | None], None] = lambda name, total: None
    advance: Callable[[str, int], None] = lambda name, n: None
    done: Callable[[str], None] = lambda name: None
