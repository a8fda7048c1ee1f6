"""Ingest for the local engine: input cut into pieces, read, extracted and sketched on the
workers (pages the store holds unchanged skipped), stored a batch at a time by a writer
thread."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

from wiretrace.columns import Columns, Prepared, fingerprint, page_digests
from wiretrace.config import Settings
from wiretrace.engines.base import RunResult, Stages, default_stages
from wiretrace.engines.local.pool import kill_point, own_temp
from wiretrace.model import Document, Page, Problem
from wiretrace.progress import Progress
from wiretrace.read import Piece, piece_pages, piece_size, read_pieces
from wiretrace.store import Store

BATCH = 4096  # pages read, then stored, at a time


INLINE_BELOW = 64  # smaller batches run in this process: starting workers costs more


# what became of one item of a piece: a read problem, or a page as (id, source, outcome),
# the outcome its row among the piece's documents, its extraction problem, or None when the
# store already holds it unchanged
Entry = Problem | tuple[str, str, int | Problem | None]


@dataclass
class Done:
    """What a worker made of one piece of input."""

    columns: Columns  # the documents extracted, in input order
    entries: list[Entry]  # every item of the piece, in input order


def prepare(piece: Piece, settings: Settings, known: str | None, stages: Stages) -> Done:
    """Worker: read a piece's pages, then extract and sketch those the store lacks or holds in
    another version (`known`: the stored pages' digests, see `known_file`); a failing page
    becomes a problem naming it."""
    items = list(piece_pages(piece, settings.read))
    pages = [item for item in items if isinstance(item, Page)]
    prints = [fingerprint(page) for page in pages]
    stored = is_stored(known, pages, prints).tolist()
    made, coded = stages.documents(
        [p for p, old in zip(pages, stored, strict=True) if not old], settings
    )
    out = Prepared()
    docs: list[Document] = []
    entries: list[Entry] = []
    page_at, made_at = iter(zip(prints, stored, strict=True)), iter(made)
    for item in items:
        if isinstance(item, Problem):
            entries.append(item)
            continue
        fp, unchanged = next(page_at)
        doc = None if unchanged else next(made_at)
        if isinstance(doc, Document):
            entries.append((item.id, item.source, len(docs)))
            docs.append(doc)
            out.fingerprints.append(fp)
        else:  # unchanged (None), or its extraction problem
            entries.append((item.id, item.source, doc))
    return Done(stages.rows(docs, out, settings, coded).columns(), entries)


_STORED: dict[str, np.ndarray] = {}  # the digest file a worker last loaded, by path


def is_stored(known: str | None, pages: Sequence[Page], prints: Sequence[str]) -> np.ndarray:
    """Per page: the store holds this very version of it (by its digest in the `known` file)."""
    if known is None or not pages:
        return np.zeros(len(pages), dtype=bool)
    if known not in _STORED:
        _STORED.clear()
        _STORED[known] = np.load(known)
    stored = _STORED[known]
    wanted = page_digests([p.id for p in pages], prints)
    at = np.minimum(np.searchsorted(stored, wanted), stored.size - 1)
    return stored[at] == wanted


@contextmanager
def known_file(known: dict[str, str]) -> Iterator[str | None]:
    """A temporary file of the stored pages' digests, sorted, for the workers to look pages
    up in (None when the store is empty); removed on leaving."""
    if not known:
        yield None
        return
    digests = np.sort(page_digests(list(known), list(known.values())))
    with own_temp("wiretrace-known-") as folder:
        path = os.path.join(folder, "known.npy")
        np.save(path, digests)
        yield path


def prepare_pages(
    pieces: Sequence[Piece],
    settings: Settings,
    pool: ProcessPoolExecutor | None,
    known: str | None,
    stages: Stages,
) -> Iterator[Done]:
    """Read, extract and sketch pieces of input, in input order; with a pool the work is
    submitted at once (the returned iterator only collects it), so the caller can overlap
    other work."""
    if pool is None or sum(piece_size(p) for p in pieces) < INLINE_BELOW:
        return (prepare(piece, settings, known, stages) for piece in pieces)
    repeat = itertools.repeat
    return pool.map(prepare, pieces, repeat(settings), repeat(known), repeat(stages))


def batched_pieces(pieces: Iterable[Piece]) -> Iterator[list[Piece]]:
    """Consecutive lists of pieces holding about BATCH pages each."""
    batch: list[Piece] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += piece_size(piece)
        if size >= BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


@dataclass
class Run:
    """What an ingest has seen so far: the store's pages when it began, and the ids read."""

    known: dict[str, str]  # id -> fingerprint
    seen: set[str] = field(default_factory=set)


def settle(
    done: Sequence[Done], run: Run, result: RunResult, progress: Progress
) -> tuple[Columns, list[Problem], list[str]]:
    """A batch's documents to store, its problems, and the stored pages they replace: each
    page in input order, a later page with an id already read being a problem."""
    problems: list[Problem] = []
    replaced: list[str] = []
    parts = []
    for part in done:
        keep = np.ones(len(part.columns), dtype=bool)
        pages = 0
        for entry in part.entries:
            if isinstance(entry, Problem):
                problems.append(entry)
                continue
            doc_id, source, outcome = entry
            if doc_id in run.seen:
                problems.append(Problem(source, f"duplicate id {doc_id!r} in this run; first kept"))
                if isinstance(outcome, int):
                    keep[outcome] = False
                continue
            run.seen.add(doc_id)
            pages += 1
            if outcome is None:
                result.unchanged += 1
                continue
            if isinstance(outcome, Problem):
                problems.append(outcome)
            if doc_id in run.known:
                replaced.append(doc_id)
        parts.append(part.columns.keep(keep))
        progress.advance("extract", pages)
    return Columns.merge(parts), problems, replaced


def finish(
    store: Store, results: Iterator[Done], run: Run, result: RunResult, progress: Progress
) -> None:
    """Collect a batch from the workers and store it: the old versions of changed pages go,
    and the new documents and the problems come, in one transaction (DuckDB commits are dear;
    killed in between, the store keeps the old versions)."""
    columns, problems, replaced = settle(list(results), run, result, progress)
    problems.extend(moved_pages(store, columns, replaced))
    store.replace(replaced, columns, problems, between=lambda: kill_point("extract"))
    result.added += len(columns) - len(replaced)
    result.replaced += len(replaced)
    result.note_problems(problems)


def moved_pages(store: Store, columns: Columns, replaced: Sequence[str]) -> list[Problem]:
    """A problem for each stored page replaced by a page of the same id read from another
    source (another file, or another record): not the same file changed, but another page
    taking its id, which a reader should know of."""
    if not replaced:
        return []
    old = store.sources(replaced)
    wanted = set(replaced)
    problems = []
    data = columns.docs["data"]
    for row, doc_id in enumerate(columns.docs["id"].to_pylist()):
        if doc_id not in wanted:
            continue
        source = orjson.loads(data[row].as_py()).get("source") or ""
        if old.get(doc_id, source) != source:
            problems.append(
                Problem(
                    source,
                    f"id {doc_id!r} was stored from {old[doc_id]}; this page replaces it",
                )
            )
    return problems


def ingest(
    store: Store,
    inputs: Sequence[str | Path],
    settings: Settings,
    progress: Progress,
    pool: ProcessPoolExecutor | None = None,
    stages: Stages | None = None,
) -> RunResult:
    """Read, extract, sketch and store every new or changed page (with `stages`, by default
    wiretrace's own).

    This process only cuts the input into pieces (JSONL files by their newlines); the workers
    read and parse them, look each page up among the stored ones, and extract and sketch the
    new ones, while a writer thread stores the last batch (DuckDB lets go of the interpreter
    lock). The store is touched by the writer alone.
    """
    stages = stages or default_stages()
    result = RunResult(report={})
    run = Run(store.fingerprints())
    progress.start("extract", None)
    with known_file(run.known) as known:
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiretrace-store")
        writing: Future[None] | None = None
        try:
            for batch in batched_pieces(read_pieces(inputs, settings.read)):
                # the workers start on this batch at once, while the writer stores the last
                prepared = prepare_pages(batch, settings, pool, known, stages)
                if writing is not None:
                    writing.result()
                writing = writer.submit(finish, store, prepared, run, result, progress)
            if writing is not None:
                writing.result()
        finally:
            writer.shutdown(wait=True)
            progress.done("extract")
    return result
