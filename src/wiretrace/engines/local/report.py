"""The report of the local engine: its sections streamed into report.json and report.html
while the workers consolidate stories a few batches ahead; the largest stories kept for the
terminal."""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import orjson

from wiretrace.config import Settings
from wiretrace.consolidate import warm as warm_consolidation
from wiretrace.engines.local.assemble import Assembly
from wiretrace.engines.local.pool import (
    KILL_AT,
    Deferred,
    Feed,
    counted,
    killing,
    own_temp,
    pool_worker,
    pumping,
    worker_count,
)
from wiretrace.engines.local.spill import StorySpill
from wiretrace.model import Story
from wiretrace.progress import Progress
from wiretrace.write.report import Raw, RawPair, stream_report

TOP_STORIES = 10  # stories a streamed run keeps in memory, for the terminal


SPILL_FROM = 100_000  # documents from which the stories' documents are spilled in store order
# (fetched by key, each costs a 256 KB block read: 13 minutes at 10^6); below, fetching them
# lets consolidation start while the documents section is written


SPILL_FILES = 64  # spill files at most (each read whole: about 80 MB at 10^6 documents)


def stream_assembly(
    done: Assembly, settings: Settings, progress: Progress, out: str | Path
) -> tuple[tuple[Path, Path], dict[str, Any]]:
    """Stream the report of an assembly into `out`: the paths written, and the summary with
    the largest stories (for the terminal)."""
    summary = done.summary()
    largest = Largest(TOP_STORIES, done.story_sizes())
    progress.start("report", summary["documents"])
    workers = worker_count(settings)
    warm_consolidation()  # the compiled passes loaded once, before the workers fork
    pool = ProcessPoolExecutor(workers, initializer=pool_worker) if workers > 1 else None
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    spilling = own_temp("wiretrace-spill-", folder)
    try:
        spill = None
        if summary["documents"] >= SPILL_FROM:  # stories' documents read once, in store order
            batches = len(done.batches())
            spill = StorySpill(Path(spilling.name), batches, -(-batches // SPILL_FILES))
        stories = done.story_json(pool, workers, spill)  # with a pool and no spill: started
        pump = stories.pump if isinstance(stories, Feed | Deferred) else lambda: None
        documents = counted(pumping(done.document_json(spill), pump), progress, "report")
        if os.environ.get(KILL_AT):
            documents = killing(documents, "report")
        paths = stream_report(
            out,
            documents,
            (RawPair(data, a, b) for a, b, data in done.pairs.report_items()),
            pumping(done.detailed_groups(), pump, 1024),
            largest.watch(stories),
            done.problems(),
            summary=summary,
            outlines=done.outlines(),
        )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        spilling.cleanup()
    progress.done("report")
    return paths, {"summary": summary, "stories": largest.stories()}


class Largest:
    """The largest stories going by (for the terminal's first look), known from their sizes
    (documents per story, in order) before they come; ties go to the earlier story."""

    def __init__(self, size: int, sizes: Sequence[int]) -> None:
        """Keep the `size` largest of stories of these sizes."""
        ranked = heapq.nlargest(size, range(len(sizes)), key=lambda n: (sizes[n], -n))
        self.ranks = {number: rank for rank, number in enumerate(ranked)}
        self.kept: dict[int, Story | Raw] = {}

    def watch(self, stories: Iterable[Story | Raw]) -> Iterator[Story | Raw]:
        """Pass the stories on, keeping the largest."""
        for number, story in enumerate(stories):
            rank = self.ranks.get(number)
            if rank is not None:
                self.kept[rank] = story
            yield story

    def stories(self) -> list[dict[str, Any]]:
        """The kept stories, largest first."""
        kept = (self.kept[rank] for rank in sorted(self.kept))
        return [orjson.loads(s.data) if isinstance(s, Raw) else s.to_dict() for s in kept]
