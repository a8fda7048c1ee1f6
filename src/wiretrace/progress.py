"""Progress callbacks: how engines report long work, so that front ends can draw bars."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Progress:
    """Callbacks the engine reports to; the CLI draws bars with them, tests leave them silent."""

    start: Callable[[str, int | None], None] = lambda name, total: None
    advance: Callable[[str, int], None] = lambda name, n: None
    done: Callable[[str], None] = lambda name: None


@dataclass
class StageTime:
    """One stage's span: when it started after the run began, its wall seconds, and the
    main process's CPU seconds (user, system) in it; workers' time is not counted."""

    stage: str
    started: float
    seconds: float = 0.0
    user: float = 0.0
    system: float = 0.0


@dataclass
class Timings:
    """Wraps a Progress to record each stage's wall and CPU time, so that a run can say
    where its time went (`wiretrace run --timings`) without a profiler."""

    inner: Progress = field(default_factory=Progress)
    stages: list[StageTime] = field(default_factory=list)
    began: float = field(default_factory=time.perf_counter)
    _open: dict[str, tuple[StageTime, float, os.times_result]] = field(default_factory=dict)

    def progress(self) -> Progress:
        """Callbacks that record the times, then pass each call on to the wrapped ones."""
        return Progress(start=self._start, advance=self.inner.advance, done=self._done)

    def _start(self, name: str, total: int | None) -> None:
        """A stage begins: note the clocks."""
        now = time.perf_counter()
        entry = StageTime(name, round(now - self.began, 3))
        self._open[name] = (entry, now, os.times())
        self.stages.append(entry)
        self.inner.start(name, total)

    def _done(self, name: str) -> None:
        """A stage ends: its spans from the noted clocks."""
        self.inner.done(name)
        if name not in self._open:
            return
        entry, then, cpu = self._open.pop(name)
        now = os.times()
        entry.seconds = round(time.perf_counter() - then, 3)
        entry.user = round(now.user - cpu.user, 3)
        entry.system = round(now.system - cpu.system, 3)

    def total(self) -> float:
        """Wall seconds since the run began."""
        return round(time.perf_counter() - self.began, 3)
