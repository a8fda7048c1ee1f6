"""Scheduling for the local engine: worker processes (and their exit with the run), jobs fed
to them in order a few ahead, temporary folders a killed run leaves, and the test-only kill
points."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

from wiretrace.config import Settings
from wiretrace.progress import Progress

T = TypeVar("T")


KILL_AT = "WIRETRACE_TEST_KILL_AT"  # test-only: "stage:n" kills the run (SIGKILL, as kill -9)
# at the n-th kill point of that stage (see `kill_point`); read here alone


_kills: dict[str, int] = {}


def kill_point(stage: str) -> None:
    """Test-only: a place inside a stage where the crash tests kill the run. Does nothing
    unless the environment names this stage's n-th call in WIRETRACE_TEST_KILL_AT."""
    wanted = os.environ.get(KILL_AT)
    if not wanted:
        return
    name, _, number = wanted.partition(":")
    if name != stage:
        return
    _kills[stage] = _kills.get(stage, 0) + 1
    if _kills[stage] == int(number or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def pool_worker() -> None:
    """Start a pool worker: it exits as soon as the process that started it is gone (a
    killed run's workers would otherwise finish their queued work, 30 s or more)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_PARENT)
        os._exit(1)

    threading.Thread(target=watch, name="wiretrace-parent-watch", daemon=True).start()
    gc.freeze()  # what the worker inherited is never garbage: collections skip it


WATCH_PARENT = 0.25  # seconds between a worker's looks at its parent


TEMP_PREFIXES = ("wiretrace-spill-", "wiretrace-bodies-", "wiretrace-known-")


def own_temp(prefix: str, folder: str | Path | None = None) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder named by this process's id (`PREFIX<pid>-...`), so that a later run
    can tell it was left by a run that died (see `clean_stale`)."""
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=folder)


def clean_stale(*folders: str | Path | None) -> list[Path]:
    """Remove the temporary folders of wiretrace runs that died, in the given folders (None:
    the system's temporary folder): those named by `own_temp` whose process is not alive.
    What was removed."""
    removed = []
    for folder in folders:
        where = Path(folder) if folder is not None else Path(tempfile.gettempdir())
        try:
            entries = list(where.iterdir())
        except OSError:
            continue
        for entry in entries:
            prefix = next((p for p in TEMP_PREFIXES if entry.name.startswith(p)), None)
            if prefix is None or not entry.is_dir() or entry.is_symlink():
                continue
            pid = entry.name[len(prefix) :].partition("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process of this id exists (any user's)."""
    if pid <= 0:
        return True  # not a process id we wrote: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def worker_count(settings: Settings) -> int:
    """Processes to use: the setting, else one per core."""
    return settings.workers or os.cpu_count() or 1


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of up to `size` items."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Feed(Generic[T]):
    """The results of jobs run on a pool, in job order, each mapped by `make`.

    Jobs are submitted when the feed is made and whenever `pump` is called (also while it is
    iterated): as long as fewer than `running` are unfinished and fewer than `ahead` wait to
    be collected. A caller busy elsewhere calls `pump` now and then to keep the workers busy.
    """

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        jobs: Iterator[tuple[Any, ...]],
        make: Callable[[Any], T],
        ahead: int,
        running: int,
    ) -> None:
        """Feed `jobs` (a function and its arguments each) to the pool; start at once."""
        self.pool, self.jobs, self.make = pool, jobs, make
        self.ahead, self.running = ahead, running
        self.waiting: deque[Future[list[Any]]] = deque()
        self.pump()

    def pump(self) -> None:
        """Submit jobs while workers may run out of them and the results held stay few."""
        waiting = self.waiting
        while len(waiting) < self.ahead and sum(not f.done() for f in waiting) < self.running:
            job = next(self.jobs, None)
            if job is None:
                return
            waiting.append(self.pool.submit(*job))

    def __iter__(self) -> Iterator[T]:
        """The results, in order, submitting more jobs as they are collected."""
        make = self.make
        while self.waiting:
            future = self.waiting.popleft()
            self.pump()
            for item in future.result():
                yield make(item)


class Deferred(Generic[T]):
    """An iterable made when first needed: `pump` makes it (and pumps it) once `ready` says
    so; iterating makes it at once."""

    def __init__(self, make: Callable[[], Iterable[T]], ready: Callable[[], bool]) -> None:
        """Make the iterable with `make` once `ready()`."""
        self.make, self.ready = make, ready
        self.made: Iterable[T] | None = None

    def pump(self) -> None:
        """Make the iterable if it can be, and keep its workers busy."""
        if self.made is None and self.ready():
            self.made = self.make()
        if isinstance(self.made, Feed):
            self.made.pump()

    def __iter__(self) -> Iterator[T]:
        """The items."""
        if self.made is None:
            self.made = self.make()
        return iter(self.made)


def identity(item: T) -> T:
    """The item itself."""
    return item


def pumping(items: Iterable[T], pump: Callable[[], None], every: int = 256) -> Iterator[T]:
    """Pass items on, calling `pump` before every `every` of them (work waiting elsewhere
    gets fed while the caller goes through the items)."""
    for number, item in enumerate(items):
        if number % every == 0:
            pump()
        yield item


def killing(items: Iterable[T], stage: str) -> Iterator[T]:
    """Pass items on, with a test-only kill point (`kill_point`) before each."""
    for item in items:
        kill_point(stage)
        yield item


def counted(items: Iterable[T], progress: Progress, stage: str, every: int = 256) -> Iterator[T]:
    """Pass items on, advancing a progress stage by `every` items at a time (a bar's update
    costs more than passing an item on) and by the rest at the end."""
    count = 0
    for count, item in enumerate(items, 1):
        if count % every == 0:
            progress.advance(stage, every)
        yield item
    if count % every:
        progress.advance(stage, count % every)
