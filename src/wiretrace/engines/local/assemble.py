"""Assembly for the local engine: copy groups from the stored pairs, stories grown in the
store's story index, and the report's sections produced on demand (stories consolidated on
the workers a batch at a time, documents read from the store or a spill)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from wiretrace.config import Settings
from wiretrace.consolidate import group_changes
from wiretrace.engines.base import Stages, default_stages
from wiretrace.engines.local.pool import Deferred, Feed, T, batched, identity, kill_point
from wiretrace.engines.local.spill import StorySpill
from wiretrace.group.pairs import CopyPairs, PairTuple, as_pair
from wiretrace.memory import trim
from wiretrace.model import CopyGroup, Document, Member, Problem, Story
from wiretrace.progress import Progress
from wiretrace.store import Store
from wiretrace.stories import StoryUnit
from wiretrace.write.report import Raw, build_report, dumps_item, paused_gc

UNIT_BATCH = 32768  # story units whose source texts are read from the store at a time


STORIES_AHEAD = 16  # story batches consolidated ahead of the writer, at most (bounds memory:
# a batch's stories take about 16 MB of JSON on AllSides); enough to keep the workers busy
# while the documents are written


STORY_BATCH = 1024  # stories whose documents are read from the store at a time, at most


GROUP_CHUNK = 256  # copy groups of two or more whose documents are read at a time (changes)
STORY_DOCS = 2048  # documents of a batch of stories, at most (unless one story has more):
# early stories are the larger, so batches of as many documents balance the workers' tasks


@dataclass
class Copies:
    """The copy pairs and copy groups of everything in a store."""

    pairs: CopyPairs
    groups: list[CopyGroup]
    docs: pa.Table  # key, id, words, published, credit of every document, in key order


def copies_in(store: Store, settings: Settings, stages: Stages | None = None) -> Copies:
    """Group the stored copy pairs into copy groups, on columns (no object per pair)."""
    stages = stages or default_stages()
    docs = store.doc_table()
    pairs = CopyPairs.from_tables(docs, store.pair_table())
    groups = stages.group(
        pairs.ids,
        docs.column("words").to_numpy(),
        docs.column("published").combine_chunks(),
        docs.column("credit").combine_chunks(),
        pairs.rows(),
        settings.group,
    )
    return Copies(pairs=pairs, groups=groups, docs=docs)


@dataclass
class Assembly:
    """Copy groups and stories over a whole store. The report's sections are produced on
    demand, reading documents from the store a batch at a time, so none is held whole."""

    store: Store
    pairs: CopyPairs
    groups: list[CopyGroup]
    stories_groups: list[list[CopyGroup]]  # the copy groups of each story, in story order
    problem_count: int  # problems recorded in the store (streamed from it by `problems`)
    credit: dict[str, str]  # document id -> the credit its copy group gives it
    row: dict[str, int]  # document id -> its row (store order)
    keys: np.ndarray  # each row's store key
    published: pa.Array | None = None  # each row's published date (string or null)
    _batches: list[tuple[int, list[list[CopyGroup]]]] | None = field(default=None, repr=False)
    _batch_of: np.ndarray | None = field(default=None, repr=False)
    story: Callable[..., Story] | None = None  # the consolidate stage (default: make_story)

    def summary(self) -> dict[str, int]:
        """The report's counts."""
        return {
            "documents": self.store.count(),
            "copy_pairs": len(self.pairs),
            "copy_groups": sum(1 for g in self.groups if len(g.members) > 1),
            "stories": len(self.stories_groups),
            "problems": self.problem_count,
        }

    def problems(self) -> Iterator[Problem]:
        """Every recorded problem, in report order, streamed from the store."""
        return self.store.iter_problems()

    def detailed_groups(self, chunk: int = GROUP_CHUNK) -> Iterator[CopyGroup]:
        """Every copy group, in order, its members with their dates; those of groups of two
        or more also with their lag and changes (`consolidate.group_changes`), from their
        documents and pairs read from the store `chunk` groups at a time."""
        several = [n for n, g in enumerate(self.groups) if len(g.members) > 1]
        detailed: dict[int, CopyGroup] = {}
        chunks = [several[i : i + chunk] for i in range(0, len(several), chunk)]
        starts = {numbers[0]: numbers for numbers in chunks}
        picked = self._group_pairs(chunks)
        for number, group in enumerate(self.groups):
            if number in starts:
                detailed = self._changes(starts[number], next(picked))
            yield detailed.pop(number, None) or self._dated(group)

    def _dated(self, group: CopyGroup) -> CopyGroup:
        """A group whose members carry their published dates (from the store's table)."""
        dates = self.published
        if dates is None:
            return group
        members = []
        for member in group.members:
            published = dates[self.row[member.doc]].as_py()
            lag = 0 if published and member.doc == group.source else None
            members.append(Member(member.doc, member.coverage, published, lag))
        return CopyGroup(group.id, group.source, members, group.credit)

    def _changes(self, numbers: list[int], picked: np.ndarray) -> dict[int, CopyGroup]:
        """Groups (by number) with their members' changes, from the store's documents."""
        groups = [self.groups[n] for n in numbers]
        rows = [self.row[m.doc] for g in groups for m in g.members]
        data = self.store.json_by_keys(np.sort(self.keys[rows]).tolist())
        documents = {}
        for raw in data.values():
            doc = Document.from_dict(orjson.loads(raw))
            documents[doc.id] = doc
        pairs = {(row[0], row[1]): as_pair(row) for row in self.pairs.tuples(picked)}
        return {n: group_changes(g, documents, pairs) for n, g in zip(numbers, groups, strict=True)}

    def _group_pairs(self, chunks: Sequence[Sequence[int]]) -> Iterator[np.ndarray]:
        """For each chunk of groups (by number), the copy pairs inside its groups."""
        chunk_of = np.full(len(self.keys), -1, dtype=np.int64)
        row = self.row
        for number, numbers in enumerate(chunks):
            chunk_of[[row[m.doc] for n in numbers for m in self.groups[n].members]] = number
        return self._pairs_within(chunk_of, len(chunks))

    def _pairs_within(self, label: np.ndarray, count: int) -> Iterator[np.ndarray]:
        """For each of `count` labels (each document row's in `label`, -1: none), the copy
        pairs (by number) whose two documents have that label."""
        left, right = label[self.pairs.a], label[self.pairs.b]
        inside = np.flatnonzero((left == right) & (left >= 0))
        inside = inside[np.argsort(left[inside], kind="stable")]
        bounds = np.searchsorted(left[inside], np.arange(count + 1))
        for number in range(count):
            yield inside[bounds[number] : bounds[number + 1]]

    def _credited(self, doc: Document) -> Document:
        """The document with its copy group's credit where it names none itself."""
        doc.credit = doc.credit or self.credit.get(doc.id)
        return doc

    def documents(self) -> Iterator[Document]:
        """Every document, in store order."""
        return (self._credited(doc) for doc in self.store.documents())

    def document_json(self, spill: StorySpill | None = None) -> Iterator[Raw]:
        """Every document's report JSON, in store order: the stored JSON as it is (the same
        bytes), parsed only to take its copy group's credit; with `spill`, each stored JSON
        also goes to its story batch's spill file (closed once all have gone by)."""
        credit = self.credit
        batch_of = self._batch_rows() if spill is not None else None
        row = self.row
        for doc_id, own, data in self.store.document_rows():
            if spill is not None and batch_of is not None and batch_of[row[doc_id]] >= 0:
                spill.add(int(batch_of[row[doc_id]]), doc_id, data)
            if not own and credit.get(doc_id) != own:
                data = orjson.dumps(self._credited(Document.from_dict(orjson.loads(data))))
            yield Raw(data, doc_id)
        if spill is not None:
            spill.close()

    def outlines(self) -> Iterator[dict[str, list[str]]]:
        """Each story's documents and copy groups, as its consolidation will list them."""
        for groups in self.stories_groups:
            yield {
                "documents": [m.doc for g in groups for m in g.members],
                "copy_groups": [g.id for g in groups],
            }

    def story_sizes(self) -> list[int]:
        """Each story's number of documents."""
        return [sum(len(g.members) for g in groups) for groups in self.stories_groups]

    def stories(self, pool: ProcessPoolExecutor | None = None, workers: int = 0) -> Iterable[Story]:
        """Every story, consolidated from its documents, a batch of stories at a time (on the
        pool's workers when given, `workers` of them, 0 for one per core; a few batches
        ahead, results in order)."""
        return self._consolidated(consolidate, identity, pool, workers)

    def story_json(
        self,
        pool: ProcessPoolExecutor | None = None,
        workers: int = 0,
        spill: StorySpill | None = None,
    ) -> Iterable[Raw]:
        """Every story's report JSON, as `stories` (the workers serialise them); with a pool,
        a `Feed` whose `pump` keeps the workers busy while the caller writes what comes
        before the stories. With `spill`, the documents come from the spill files that
        `document_json(spill)` writes, and no job starts before they are written."""
        if spill is None:
            return self._consolidated(consolidate_json, Raw, pool, workers)
        return Deferred(
            lambda: self._consolidated(consolidate_json, Raw, pool, workers, spill),
            lambda: spill.closed,
        )

    def batches(self) -> list[tuple[int, list[list[CopyGroup]]]]:
        """The batches of stories consolidated together (see `_story_batches`), made once."""
        if self._batches is None:
            self._batches = list(self._story_batches())
        return self._batches

    def _consolidated(
        self,
        work: Callable[..., list[Any]],
        make: Callable[[Any], T],
        pool: ProcessPoolExecutor | None,
        workers: int,
        spill: StorySpill | None = None,
    ) -> Iterable[T]:
        """What `make` makes of each result of `work` on each batch of stories, in order; the
        documents read by key from the store, or from a written spill."""
        batches = self.batches()
        documents = spill.read() if spill is not None else None
        jobs = (
            (work, first, *self._story_job(batch, picked, documents), self.story)
            for (first, batch), picked in zip(batches, self._batch_pairs(batches), strict=True)
        )
        if pool is None:
            return (make(item) for work, *args in jobs for item in work(*args))
        running = 2 * (workers or os.cpu_count() or 1)
        return Feed(pool, jobs, make, STORIES_AHEAD, running)

    def _story_batches(self) -> Iterator[tuple[int, list[list[CopyGroup]]]]:
        """Consecutive stories, numbered from 1, with the number of the first of each batch:
        at most STORY_BATCH stories and STORY_DOCS documents at a time (a larger story alone)."""
        first, batch, size = 1, [], 0
        for groups in self.stories_groups:
            docs = sum(len(g.members) for g in groups)
            if batch and (len(batch) == STORY_BATCH or size + docs > STORY_DOCS):
                yield first, batch
                first, batch, size = first + len(batch), [], 0
            batch.append(groups)
            size += docs
        if batch:
            yield first, batch

    def _batch_rows(self) -> np.ndarray:
        """Each document row's batch of stories (-1: none), made once."""
        if self._batch_of is None:
            batch_of = np.full(len(self.keys), -1, dtype=np.int64)
            row = self.row
            for number, (_, batch) in enumerate(self.batches()):
                rows = [row[m.doc] for groups in batch for g in groups for m in g.members]
                batch_of[rows] = number
            self._batch_of = batch_of
        return self._batch_of

    def _batch_pairs(
        self, batches: Sequence[tuple[int, list[list[CopyGroup]]]]
    ) -> Iterator[np.ndarray]:
        """For each batch of stories, the copy pairs (by number) between its documents."""
        return self._pairs_within(self._batch_rows(), len(batches))

    def _story_job(
        self,
        batch: list[list[CopyGroup]],
        picked: np.ndarray,
        spilled: Iterator[dict[str, bytes]] | None = None,
    ) -> tuple[list[list[CopyGroup]], dict[str, bytes], list[PairTuple]]:
        """A batch of stories with the documents (stored JSON: by key from the store, or the
        next batch's from the spill) and the copy pairs (`picked`, as tuples) their
        consolidation reads."""
        if spilled is not None:
            return batch, next(spilled), self.pairs.tuples(picked)
        rows = [self.row[m.doc] for groups in batch for g in groups for m in g.members]
        keys = np.sort(self.keys[rows]).tolist()
        return batch, self.store.json_by_keys(keys), self.pairs.tuples(picked)


def consolidate(
    first: int,
    batch: Sequence[Sequence[CopyGroup]],
    data: dict[str, bytes],
    rows: Sequence[PairTuple],
    story: Callable[..., Story] | None = None,
) -> list[Story]:
    """The stories of a batch, numbered from `first`, from their documents' stored JSON
    (consolidation reads no credit) and the copy pairs between them, by `story` (the
    consolidate stage, `make_story` by default)."""
    make_story = story or default_stages().story
    documents = {}
    for raw in data.values():
        doc = Document.from_dict(orjson.loads(raw))
        documents[doc.id] = doc
    pairs = {(row[0], row[1]): as_pair(row) for row in rows}
    return [make_story(f"s{first + i}", groups, documents, pairs) for i, groups in enumerate(batch)]


def consolidate_json(
    first: int,
    batch: Sequence[Sequence[CopyGroup]],
    data: dict[str, bytes],
    rows: Sequence[PairTuple],
    story: Callable[..., Story] | None = None,
) -> list[bytes]:
    """Worker: `consolidate`, each story as its report JSON (bytes travel back cheaply).
    Cyclic GC is paused (the job makes no cycles) until the documents and stories are let
    go: resumed while they lived, its first collection would walk them all."""
    with paused_gc():
        stories = consolidate(first, batch, data, rows, story)
        out = [dumps_item(story) for story in stories]
        del stories
    return out


def unit_reuse(
    store: Store, source_key: dict[str, int], settings: Settings
) -> list[tuple[str, str, int]]:
    """The story units' pairs whose sources share rare passages (`stories.reuse`)."""
    if settings.story.reuse_weight <= 0 or len(source_key) < 2:
        return []
    unit_of = {key: unit for unit, key in source_key.items()}
    keys = np.fromiter(source_key.values(), dtype=np.int64, count=len(source_key))
    story = settings.story
    a, b, shared = store.reuse_pairs(keys, story.reuse_max_units, story.reuse_min)
    return [
        (unit_of[x], unit_of[y], c)
        for x, y, c in zip(a.tolist(), b.tolist(), shared.tolist(), strict=True)
    ]


def assemble_store(
    store: Store, settings: Settings, progress: Progress, stages: Stages | None = None
) -> Assembly:
    """Group copies and cluster their sources into stories, over the whole store."""
    stages = stages or default_stages()
    found = copies_in(store, settings, stages)
    groups = found.groups
    credit = {m.doc: g.credit for g in groups if g.credit for m in g.members}
    ids = found.pairs.ids.to_pylist()
    row = {doc_id: n for n, doc_id in enumerate(ids)}  # document id -> row (store order)
    keys = found.docs.column("key").to_numpy()
    dates = found.docs.column("published").to_pylist()
    # units in store order, so that a batch run sees units as a growing store would
    first = np.array([min(row[m.doc] for m in g.members) for g in groups], dtype=np.int64)
    ordered = np.argsort(first, kind="stable").tolist()
    by_unit = {"u-" + ids[first[n]]: groups[n] for n in ordered}
    published = {
        unit: min((d for m in g.members if (d := dates[row[m.doc]])), default=None)
        for unit, g in by_unit.items()
    }
    digests = {
        unit: f"{keys[row[g.source]]}|{published[unit] or ''}" for unit, g in by_unit.items()
    }
    del ids, dates

    # the shared passages are found on a cursor of their own while the index reads its units,
    # and only when it has some to read: a run that adds no unit needs none
    reuse_found: list[Future[list[tuple[str, str, int]]]] = []

    def units(wanted: Sequence[str]) -> Iterator[list[StoryUnit]]:
        """The story units of the given ids, a batch at a time: their sources' stored terms,
        or their text where the store has no terms."""
        if wanted and not reuse_found:
            reuse_found.append(pool.submit(unit_reuse, reader, source_key, settings))
        for batch in batched(wanted, UNIT_BATCH):
            terms = store.terms_by_id([by_unit[u].source for u in batch])
            lacking = [by_unit[u].source for u in batch if by_unit[u].source not in terms]
            texts = store.documents_by_id(lacking) if lacking else {}
            yield [unit(u, terms, texts) for u in batch]
            progress.advance("stories", len(batch))

    def unit(u: str, terms: dict[str, np.ndarray], texts: dict[str, Document]) -> StoryUnit:
        """One story unit, by its source's terms or text."""
        source = by_unit[u].source
        if source in terms:
            return StoryUnit(id=u, title="", body="", published=published[u], terms=terms[source])
        doc = texts[source]
        return StoryUnit(id=u, title=doc.title or "", body=doc.body, published=published[u])

    source_key = {u: int(keys[row[g.source]]) for u, g in by_unit.items()}
    progress.start("stories", len(by_unit))
    reader = store.reader()
    pool = ThreadPoolExecutor(1, thread_name_prefix="wiretrace-reuse")
    try:
        with store.lean():
            clusters = store.grow_stories(
                digests,
                units,
                settings.story,
                progress,
                lambda: kill_point("stories"),
                lambda: reuse_found[0].result() if reuse_found else [],
            )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        reader.close()
    trim()  # the story index is gone: its memory goes back before the report's workers fork
    progress.done("stories")
    return Assembly(
        store=store,
        pairs=found.pairs,
        groups=groups,
        stories_groups=[[by_unit[u] for u in cluster] for cluster in clusters],
        problem_count=store.problem_count(),
        credit=credit,
        row=row,
        keys=keys,
        published=found.docs.column("published").combine_chunks(),
        story=stages.story,
    )


def assemble(
    store: Store, settings: Settings, progress: Progress, stages: Stages | None = None
) -> dict[str, Any]:
    """The whole report over the store, in memory (small stores, tests, the library)."""
    done = assemble_store(store, settings, progress, stages)
    return build_report(
        list(done.documents()),
        done.pairs.objects(),
        done.detailed_groups(),
        list(done.stories()),
        done.store.problems(),
    )
