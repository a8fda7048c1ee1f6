"""The local engine: the stages over batches on a process pool of this machine, state in a
DuckDB store (`LocalEngine`, the `engines.base.Engine` contract), and the functions the API
and tests call (`run`, `update`, `detect_copies`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from wiretrace.config import Settings
from wiretrace.engines.base import RunResult, Stages, default_stages
from wiretrace.engines.local.assemble import Copies, assemble, assemble_store, copies_in
from wiretrace.engines.local.ingest import ingest
from wiretrace.engines.local.match import Indexing, match_new
from wiretrace.engines.local.pool import clean_stale, pool_worker, worker_count
from wiretrace.engines.local.report import stream_assembly
from wiretrace.engines.local.rework import cut_furniture, restore_carried_text
from wiretrace.memory import reuse_freed
from wiretrace.progress import Progress
from wiretrace.store import Store


class LocalEngine:
    """The stages on worker processes of this machine, over one open store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        progress: Progress | None = None,
        stages: Stages | None = None,
    ) -> None:
        """An engine over `store` with these settings, progress callbacks and stages."""
        self.store = store
        self.settings = settings or Settings()
        self.progress = progress or Progress()
        self.stages = stages or default_stages()
        self._pool: ProcessPoolExecutor | None = None
        self._pooled = False
        reuse_freed()  # before any worker forks: each batch reuses the last one's pages

    @contextmanager
    def workers(self) -> Iterator[ProcessPoolExecutor | None]:
        """The worker pool (None for one worker), started on first use with the compiled
        code loaded before the workers fork, and shut down when the outermost use ends."""
        if self._pooled:
            yield self._pool
            return
        from wiretrace.consolidate.quotes import quotes
        from wiretrace.extract import kernels as extract_kernels
        from wiretrace.match import candidates
        from wiretrace.sketch import kernels

        kernels.warm()  # before the workers fork, so that they start with the compiled code
        extract_kernels.warm()
        candidates.warm()
        quotes("“Ready,” she said.")  # the quote finder's compiled scan, loaded
        workers = worker_count(self.settings)
        self._pool = ProcessPoolExecutor(workers, initializer=pool_worker) if workers > 1 else None
        self._pooled = True
        try:
            yield self._pool
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
            self._pool, self._pooled = None, False

    def ingest(self, inputs: Sequence[str | Path]) -> RunResult:
        """Add new and changed pages, then restore what other outlets carry and cut site
        furniture over the whole store (when cleaning)."""
        store, settings, progress, stages = self.store, self.settings, self.progress, self.stages
        clean_stale(store.path.parent, None)  # what killed runs left beside the store
        with self.workers() as pool:
            result = ingest(store, inputs, settings, progress, pool, stages)
            if settings.extract.clean:
                # first: a line restored here counts as body for the furniture count, so what
                # other outlets carry is never cut from their pages as one site's furniture
                restore_carried_text(store, settings, progress, stages)
                cut_furniture(store, settings, progress, stages)
        return result

    def match(self) -> None:
        """Find, verify and store the copy pairs of every document not yet matched."""
        with self.workers() as pool:
            match_new(self.store, self.settings, self.progress, pool, self.stages)

    def update(self, inputs: Sequence[str | Path]) -> RunResult:
        """`ingest` then `match`, on one worker pool."""
        with self.workers():
            result = self.ingest(inputs)
            self.match()
        return result

    def copies(self) -> Copies:
        """The copy pairs and copy groups of the whole store."""
        return copies_in(self.store, self.settings, self.stages)

    def report(
        self, out: str | Path | None = None
    ) -> tuple[tuple[Path, Path] | None, dict[str, Any]]:
        """The report over the whole store: streamed into `out` (the paths, and the summary
        with the largest stories), or whole in memory without it."""
        if out is None:
            return None, assemble(self.store, self.settings, self.progress, self.stages)
        done = assemble_store(self.store, self.settings, self.progress, self.stages)
        return stream_assembly(done, self.settings, self.progress, out)

    def run(self, inputs: Sequence[str | Path], out: str | Path | None = None) -> RunResult:
        """Update the store with the inputs, index its samples for queries, and report."""
        if out is not None:
            clean_stale(out)
        result = self.update(inputs)
        self.store.settle_behind()  # nothing is written from here on: the log folds meanwhile
        indexing = Indexing(self.store, self.progress)  # query postings, beside the report
        try:
            result.paths, result.report = self.report(out)
        finally:
            indexing.join()
        return result


def update(
    store: Store, inputs: Sequence[str | Path], settings: Settings, progress: Progress
) -> RunResult:
    """Bring the store up to date with the inputs: add pages, restore what other outlets
    carry, cut site furniture, match."""
    return LocalEngine(store, settings, progress).update(inputs)


def detect_copies(
    inputs: Sequence[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Copies:
    """Copy detection alone: add the inputs, match them, group copies; no stories or report."""
    settings = replace(settings or Settings(), story_terms=False, find_quotes=False)
    with Store(db) as store:
        engine = LocalEngine(store, settings, progress)
        engine.update(inputs)
        return engine.copies()


def run(
    inputs: Sequence[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
    out: str | Path | None = None,
) -> RunResult:
    """The whole pipeline: add the inputs to the store at `db` and report on everything in it.

    With `out`, report.json and report.html are streamed there (any store size) and the
    result's report holds only the summary and the largest stories; without it, the result
    holds the whole report in memory (small stores, tests).
    """
    with Store(db) as store:
        return LocalEngine(store, settings, progress).run(inputs, out)
