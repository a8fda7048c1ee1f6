"""Matching for the local engine: candidate pairs of the unmatched documents from the store's
sample table, verified on the workers in chunks of neighbouring pairs (bodies fetched by key
or spilled in store order), stored a batch at a time; then the postings for queries."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from wiretrace.config import Settings
from wiretrace.engines.base import Stages, default_stages
from wiretrace.engines.local.pool import kill_point, own_temp, worker_count
from wiretrace.engines.local.spill import BodySpill
from wiretrace.match.candidates import hash_ranges
from wiretrace.match.verify import Verified
from wiretrace.progress import Progress
from wiretrace.store import Store

VERIFY_MIN, VERIFY_MAX = 64, 4096  # candidate pairs a worker verifies per task (each task
# sketches its documents once, so a few big tasks a worker beat many small ones)


STORE_PAIRS = 65_536  # verified pairs stored at once (each insert has a fixed cost)


BODY_SPILL_FROM = 50_000  # documents in candidate pairs from which their bodies are spilled in
# store order before verification (fetched by chunk, scattered over a large store, each one
# costs a 256 KB block read: 7 minutes at 10^6); below, the store's cache holds them


def verify(
    first: np.ndarray, second: np.ndarray, docs: pa.Table, settings: Settings, stages: Stages
) -> pa.Table:
    """Worker: the candidate pairs (store keys) that verify exactly, with their proof, as rows
    of the pair table; `docs` holds the stored JSON of their documents, sorted by key."""
    keys = docs["key"].to_numpy()
    bodies = [orjson.loads(data)["body"] for data in docs["data"].cast(pa.binary()).to_pylist()]
    found = stages.verify(
        np.searchsorted(keys, first),
        np.searchsorted(keys, second),
        bodies,
        settings.sketch,
        settings.match,
    )
    return pair_rows(first, second, found)


def verify_spilled(
    first: np.ndarray, second: np.ndarray, spill: BodySpill, settings: Settings, stages: Stages
) -> pa.Table:
    """Worker: `verify`, with the documents' bodies read from a spill of them."""
    keys = np.union1d(first, second)
    text, bounds = spill.read(keys)
    found = stages.verify_text(
        np.searchsorted(keys, first),
        np.searchsorted(keys, second),
        text,
        bounds,
        settings.sketch,
        settings.match,
    )
    return pair_rows(first, second, found)


def pair_rows(first: np.ndarray, second: np.ndarray, found: Verified) -> pa.Table:
    """The verified pairs among (first, second) as rows of the pair table."""
    return pa.table(
        {
            "a": pa.array(first[found.rows], pa.int32()),
            "b": pa.array(second[found.rows], pa.int32()),
            "containment_a": found.containment_a,
            "containment_b": found.containment_b,
            "jaccard": found.jaccard,
            "passages": found.passages,
        }
    )


def verify_all(
    store: Store,
    first: np.ndarray,
    second: np.ndarray,
    settings: Settings,
    pool: ProcessPoolExecutor | None,
    progress: Progress | None = None,
    spill_from: int = BODY_SPILL_FROM,
    stages: Stages | None = None,
) -> Iterator[tuple[pa.Table, int]]:
    """Verify candidate pairs (store keys) in chunks of neighbouring pairs, spread over the
    workers. Yields each chunk's verified pairs and its size.

    With `spill_from` documents or more, their bodies are first spilled to a file in one pass
    over the store, and the workers read them there; with fewer, each chunk's documents are
    read from the store as it is handed out, while the workers verify the chunks before it."""
    stages = stages or default_stages()
    needed = np.union1d(first, second)
    if needed.size < spill_from:

        def fetched(a: np.ndarray, b: np.ndarray) -> tuple[pa.Table]:
            """The chunk's documents, from the store."""
            return (store.document_data(np.union1d(a, b)),)

        yield from _verified(first, second, settings, stages, pool, fetched, verify)
        return
    progress = progress or Progress()
    with own_temp("wiretrace-bodies-", store.path.parent) as folder:
        spill = BodySpill(folder)
        progress.start("spill", int(needed.size))
        spill.write(store.bodies(needed), lambda n: progress.advance("spill", n))
        progress.done("spill")
        yield from _verified(
            first, second, settings, stages, pool, lambda a, b: (spill,), verify_spilled
        )


def _verified(
    first: np.ndarray,
    second: np.ndarray,
    settings: Settings,
    stages: Stages,
    pool: ProcessPoolExecutor | None,
    source: Callable[[np.ndarray, np.ndarray], tuple[Any, ...]],
    work: Callable[..., pa.Table],
) -> Iterator[tuple[pa.Table, int]]:
    """`verify_all`'s chunks, each verified by `work(a, b, *source(a, b), settings, stages)`, with
    enough handed out at once to keep the workers busy."""
    workers = 1 if pool is None else worker_count(settings)
    size = min(max(-(-first.size // (4 * workers)), VERIFY_MIN), VERIFY_MAX)
    pending: deque[tuple[Future[pa.Table], int]] = deque()
    for at in range(0, first.size, size):
        a, b = first[at : at + size], second[at : at + size]
        if pool is None or first.size <= size:
            yield work(a, b, *source(a, b), settings, stages), a.size
            continue
        pending.append((pool.submit(work, a, b, *source(a, b), settings, stages), a.size))
        if len(pending) > workers + 1:
            future, count = pending.popleft()
            yield future.result(), count
    while pending:
        future, count = pending.popleft()
        yield future.result(), count


def neighbours_together(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (a, b), sorted by (a, b), reordered so that pairs among the same documents
    come together: by the least document that `a` or a document paired with it holds (the
    first page of a set of copies), then as before. A chunk of pairs then holds each
    document of a set of copies once, instead of once for every chunk that pairs it."""
    if a.size == 0:
        return a, b
    lead = np.arange(max(int(a.max()), int(b.max())) + 1)
    np.minimum.at(lead, b, a)
    order = np.argsort(lead[a], kind="stable")
    return a[order], b[order]


def match_new(
    store: Store,
    settings: Settings,
    progress: Progress,
    pool: ProcessPoolExecutor | None = None,
    stages: Stages | None = None,
) -> None:
    """Find and verify the copy pairs of every document not yet matched.

    Candidates of all new documents come from one pass over the sample table; they are
    verified and stored a chunk at a time (bounded memory), and the documents are marked
    matched only when all their pairs are stored, so an interrupted run redoes this stage.
    """
    pending = store.unmatched()
    if not pending:
        return
    stages = stages or default_stages()
    progress.start("match", None)
    slices = (store.sample_slice(low, high) for low, high in hash_ranges(store.sample_count()))
    a, b, _ = stages.candidates(
        store.sampled_array(), pending, slices, settings.sketch, settings.match
    )
    kill_point("match")
    progress.done("match")
    progress.start("verify", int(a.size))
    first, second = neighbours_together(a, b)
    held: list[pa.Table] = []  # verified pairs are stored STORE_PAIRS or more at a time
    verifying = verify_all(store, first, second, settings, pool, progress, stages=stages)
    for verified, count in verifying:
        held.append(verified)
        if sum(t.num_rows for t in held) >= STORE_PAIRS:
            store.add_pairs(pa.concat_tables(held), [])
            held = []
        kill_point("verify")
        progress.advance("verify", count)
    store.add_pairs(pa.concat_tables(held) if held else None, pending)
    progress.done("verify")


def index_samples(store: Store, progress: Progress) -> None:
    """Write the postings `wiretrace copies` queries use, unless they are current."""
    if store.postings_current():
        return
    progress.start("index", None)
    kill_point("index")
    store.build_postings()
    kill_point("index")
    progress.done("index")


class Indexing:
    """`index_samples` on a thread of its own, over a reader of the store: the postings are
    files beside it, which nothing after matching reads, so the stories and the report go
    on meanwhile."""

    def __init__(self, store: Store, progress: Progress) -> None:
        """Start writing the postings."""
        self.failed: BaseException | None = None
        self.reader = store.reader()
        self.thread = threading.Thread(
            target=self._run, args=(progress,), name="wiretrace-index", daemon=True
        )
        self.thread.start()

    def _run(self, progress: Progress) -> None:
        """Write the postings; an error is kept for `join` to raise."""
        try:
            index_samples(self.reader, progress)
        except BaseException as exc:  # raised again by join, in the engine's thread
            self.failed = exc
        finally:
            self.reader.close()

    def join(self) -> None:
        """Wait until the postings are written; raise what went wrong writing them."""
        self.thread.join()
        if self.failed is not None:
            raise self.failed
