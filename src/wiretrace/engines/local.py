"""The local engine: stages over batches, processes on one machine, state in a DuckDB store."""

from __future__ import annotations

import gc
import heapq
import itertools
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import orjson
import pyarrow as pa

from wiretrace.config import Settings, StoryConfig
from wiretrace.consolidate import (
    facts_and_disagreements,
    group_changes,
    main_entities,
    story_account,
)
from wiretrace.consolidate.quotes import moved_quotes, quotes, story_quotes
from wiretrace.engines.spill import BodySpill, StorySpill
from wiretrace.extract import extract
from wiretrace.extract import kernels as extract_kernels
from wiretrace.extract.carried import CARRIED_SQL, CarriedConfig, removed_rows, restore_carried
from wiretrace.extract.dates import normalise_date
from wiretrace.extract.site import (
    COPIES_SQL,
    FURNITURE_SQL,
    TO_CUT_SQL,
    FurnitureConfig,
    remove_furniture,
    site_rows,
)
from wiretrace.group.copies import group_columns
from wiretrace.group.pairs import CopyPairs, PairTuple, as_pair
from wiretrace.match import candidates
from wiretrace.match.candidates import candidate_arrays
from wiretrace.match.postings import Postings, build_postings
from wiretrace.match.verify import Verified, verify_bodies, verify_text
from wiretrace.memory import trim
from wiretrace.model import CopyGroup, CopyPair, Document, Member, Page, Problem, Story
from wiretrace.progress import Progress
from wiretrace.read import Piece, piece_pages, piece_size, read_pieces
from wiretrace.sketch import kernels, sample_codes, sample_many
from wiretrace.sketch.kernels import reflowed
from wiretrace.store import Columns, Prepared, Store, fingerprint, page_digests
from wiretrace.stories import StoryIndex, StoryUnit
from wiretrace.stories.features import text_terms
from wiretrace.write.report import (
    Raw,
    RawPair,
    build_report,
    dumps_item,
    paused_gc,
    stream_report,
)

T = TypeVar("T")
BATCH = 4096  # pages read, then stored, at a time
SHOWN_PROBLEMS = 20  # problems a run's result keeps to show (the store and report keep all)
CHUNK = 128  # documents re-sketched at a time when site furniture is cut
UNIT_BATCH = 32768  # story units whose source texts are read from the store at a time
STORIES_AHEAD = 16  # story batches consolidated ahead of the writer, at most (bounds memory:
# a batch's stories take about 16 MB of JSON on AllSides); enough to keep the workers busy
# while the documents are written
TOP_STORIES = 10  # stories a streamed run keeps in memory, for the terminal
STORY_BATCH = 1024  # stories whose documents are read from the store at a time, at most
STORY_DOCS = 2048  # documents of a batch of stories, at most (unless one story has more):
# early stories are the larger, so batches of as many documents balance the workers' tasks
VERIFY_MIN, VERIFY_MAX = 64, 4096  # candidate pairs a worker verifies per task (each task
# sketches its documents once, so a few big tasks a worker beat many small ones)
STORE_PAIRS = 65_536  # verified pairs stored at once (each insert has a fixed cost)
INLINE_BELOW = 64  # smaller batches run in this process: starting workers costs more
SPILL_FROM = 100_000  # documents from which the stories' documents are spilled in store order
# (fetched by key, each costs a 256 KB block read: 13 minutes at 10^6); below, fetching them
# lets consolidation start while the documents section is written
BODY_SPILL_FROM = 50_000  # documents in candidate pairs from which their bodies are spilled in
# store order before verification (fetched by chunk, scattered over a large store, each one
# costs a 256 KB block read: 7 minutes at 10^6); below, the store's cache holds them
GROUP_CHUNK = 256  # copy groups of two or more whose documents are read at a time (changes)
SPILL_FILES = 64  # spill files at most (each read whole: about 80 MB at 10^6 documents)


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


WATCH_PARENT = 0.25  # seconds between a worker's looks at its parent


def story_pool_worker() -> None:
    """`pool_worker` for the story workers (cyclic GC off, see `story_worker`)."""
    pool_worker()
    story_worker()


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


@dataclass
class RunResult:
    """What a run did and the report over the whole store."""

    report: dict[str, Any]
    paths: tuple[Path, Path] | None = None  # report.json and report.html, when streamed
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    problem_count: int = 0  # problems this run found (all are in the store and the report)
    first_problems: list[Problem] = field(default_factory=list)  # the first SHOWN_PROBLEMS

    def note_problems(self, problems: Sequence[Problem]) -> None:
        """Count a batch's problems, keeping only the first few (the store has them all)."""
        self.problem_count += len(problems)
        room = SHOWN_PROBLEMS - len(self.first_problems)
        if room > 0:
            self.first_problems.extend(problems[:room])


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of up to `size` items."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def as_clean(page: Page) -> Document:
    """A text page taken as it is: its paragraphs re-flowed, nothing removed."""
    return Document(
        id=page.id,
        source=page.source,
        body=reflowed(page.text or ""),
        outlet=page.outlet,
        title=page.title,
        published=normalise_date(page.published),
        url=page.url,
    )


Coded = tuple[np.ndarray, np.ndarray]  # bodies as code points, and where each starts and ends


def as_clean_many(pages: Sequence[Page]) -> tuple[list[Document], Coded]:
    """`as_clean` of many text pages in one compiled pass, with the bodies as code points
    (what the sketch reads: they need not be encoded again)."""
    _, _, space = kernels.tables()
    texts = [page.text or "" for page in pages]
    codes = np.concatenate([kernels.codes_of(text) for text in texts])
    bounds = np.cumsum([0] + [len(text) for text in texts], dtype=np.int64)
    out, out_bounds = kernels.reflow_many(codes, bounds, space)
    cuts = out_bounds.tolist()
    docs = [
        Document(
            id=page.id,
            source=page.source,
            body=out[cuts[i] : cuts[i + 1]].tobytes().decode("utf-32-le", "surrogatepass"),
            outlet=page.outlet,
            title=page.title,
            published=normalise_date(page.published),
            url=page.url,
        )
        for i, page in enumerate(pages)
    ]
    return docs, (out, out_bounds)


def make_documents(
    pages: Sequence[Page], settings: Settings
) -> tuple[list[Document | Problem], Coded | None]:
    """Each page's document, or the problem that stopped its extraction; when text pages are
    taken as they are, all at once, with their bodies as code points."""
    if pages and not settings.extract.clean and all(p.html is None for p in pages):
        try:
            docs, coded = as_clean_many(pages)
            return list(docs), coded
        except Exception:  # a bad page among them: take them one by one to name it
            pass
    return [make_document(page, settings) for page in pages], None


def make_document(page: Page, settings: Settings) -> Document | Problem:
    """One page's document, or the problem that stopped its extraction."""
    try:
        if page.html is None and not settings.extract.clean:
            return as_clean(page)
        return extract(page, settings.extract)
    except Exception as exc:  # a single bad page must never stop the run
        return Problem(page.source, f"extraction failed: {exc.__class__.__name__}: {exc}")


# what became of one item of a piece: a read problem, or a page as (id, source, outcome),
# the outcome its row among the piece's documents, its extraction problem, or None when the
# store already holds it unchanged
Entry = Problem | tuple[str, str, int | Problem | None]


@dataclass
class Done:
    """What a worker made of one piece of input."""

    columns: Columns  # the documents extracted, in input order
    entries: list[Entry]  # every item of the piece, in input order


def prepare(piece: Piece, settings: Settings, known: str | None = None) -> Done:
    """Worker: read a piece's pages, then extract and sketch those the store lacks or holds in
    another version (`known`: the stored pages' digests, see `known_file`); a failing page
    becomes a problem naming it."""
    items = list(piece_pages(piece, settings.read))
    pages = [item for item in items if isinstance(item, Page)]
    prints = [fingerprint(page) for page in pages]
    stored = is_stored(known, pages, prints).tolist()
    made, coded = make_documents(
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
    return Done(pack(docs, out, settings, coded).columns(), entries)


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


def pack(
    docs: Sequence[Document], out: Prepared, settings: Settings, coded: Coded | None = None
) -> Prepared:
    """Sketch documents and add them, in column form, to `out` (fingerprints already there);
    `coded`: their bodies as code points, when the caller has them."""
    if coded is None:
        sampled = sample_many([d.body for d in docs], settings.sketch)
    else:
        sampled = sample_codes(*coded, settings.sketch)
    terms: Sequence[np.ndarray | None] = [None] * len(docs)
    if settings.story_terms:
        terms = text_terms([(d.title, d.body) for d in docs])
    for doc, (words, sample), made in zip(docs, sampled, terms, strict=True):
        out.ids.append(doc.id)
        out.words.append(words)
        out.published.append(doc.published)
        out.credit.append(doc.credit)
        if doc.quotes is None:  # found whenever a new body is stored: offsets stay true
            doc.quotes = quotes(doc.body)
        out.data.append(orjson.dumps(doc))  # orjson writes dataclasses natively
        out.terms.append(None if made is None else made.tobytes())
        out.samples.append(sample)
        sites = site_rows(doc) if settings.extract.clean else []
        out.sites.append(sites)
        out.removed.append(removed_rows(doc, sites=sites) if settings.extract.clean else [])
    return out


def find_site_furniture(store: Store, config: FurnitureConfig) -> pa.Table:
    """(site, key) of every furniture passage, counted over the whole store in SQL."""
    params = {"min_pages": config.min_pages, "min_share": config.min_share}
    params["max_outlets"] = config.max_outlets

    def count(skip: list[int]) -> pa.Table:
        rows = store.con.execute(FURNITURE_SQL, params | {"skip": skip}).fetchall()
        sites, keys = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [])
        return pa.table({"site": pa.array(sites, pa.string()), "key": pa.array(keys, pa.uint64())})

    first = count([])
    store.con.register("found_furniture", first)
    copies = [d for (d,) in store.con.execute(COPIES_SQL, {"max_cut": config.max_cut}).fetchall()]
    store.con.unregister("found_furniture")
    return count(copies) if copies else first


def cut_furniture(store: Store, settings: Settings, progress: Progress | None = None) -> int:
    """Cut passages repeated on many pages of one site from the stored documents that still
    carry them; changed documents are re-sketched and matched again. How many changed."""
    config = FurnitureConfig()
    furniture = find_site_furniture(store, config)
    if furniture.num_rows == 0:
        return 0
    store.con.register("found_furniture", furniture)
    keys = [d for (d,) in store.con.execute(TO_CUT_SQL).fetchall()]
    store.con.unregister("found_furniture")
    by_site: dict[str, set[int]] = {}
    for site, key in zip(furniture["site"].to_pylist(), furniture["key"].to_pylist(), strict=True):
        by_site.setdefault(site, set()).add(key)

    def cut(docs: dict[int, Document]) -> dict[int, Document]:
        return {key: remove_furniture(doc, by_site, config) for key, doc in docs.items()}

    return rework(store, settings, keys, cut, "furniture", progress)


def restore_carried_text(store: Store, settings: Settings, progress: Progress | None = None) -> int:
    """Put back in their bodies the removed lines of stored documents that another site's
    pages carry in theirs (see `extract.carried`): one query finds them; changed documents
    are re-sketched and matched again. How many changed."""
    config = CarriedConfig()
    params = {"min_words": config.min_words, "min_sites": config.min_sites}
    params["min_shared"] = config.min_shared
    found: dict[int, tuple[set[int], list[int]]] = {}  # doc -> carried keys, carrier docs
    for doc, key, carrier in store.con.execute(CARRIED_SQL, params).fetchall():
        keys, carriers = found.setdefault(doc, (set(), []))
        keys.add(key)
        if carrier not in carriers:
            carriers.append(carrier)
    if not found:
        return 0

    def restore(docs: dict[int, Document]) -> dict[int, Document]:
        wanted = sorted({c for key in docs for c in found[key][1]})
        # a carrier re-added by an earlier chunk has a new key: its lines are placed without it
        bodies = {k: d.body for k, d in store.documents_by_key(wanted).items()}
        return {
            key: restore_carried(
                doc, found[key][0], [bodies[c] for c in found[key][1] if c in bodies], config
            )
            for key, doc in docs.items()
        }

    return rework(store, settings, list(found), restore, "carried", progress)


def rework(
    store: Store,
    settings: Settings,
    keys: Sequence[int],
    edit: Callable[[dict[int, Document]], dict[int, Document]],
    stage: str,
    progress: Progress | None = None,
) -> int:
    """Edit stored documents a chunk at a time (`edit` gives each its new version, the same
    object when unchanged); changed ones are stored anew, re-sketched, in key order (they
    keep their relative order) and are matched again. How many changed."""
    progress = progress or Progress()
    progress.start(stage, len(keys))
    changed = 0
    for chunk in batched(keys, CHUNK * 8):
        prints = store.fingerprints_of(chunk)
        docs = store.documents_by_key(chunk)
        new = edit(docs)
        back = [(new[key], prints[key]) for key in chunk if new[key] is not docs[key]]
        for key in chunk:  # a body cut: its quotes moved, not found again (else None: found)
            if new[key] is not docs[key]:
                new[key].quotes = moved_quotes(docs[key].body, new[key].body, docs[key].quotes)
        if back:
            prepared = Prepared(fingerprints=[fp for _, fp in back])
            packed = pack([d for d, _ in back], prepared, settings)
            # the old versions go and the new come in one transaction: killed in between,
            # the store keeps the old ones, and the next run does this again
            store.replace([d.id for d, _ in back], packed, between=lambda: kill_point(stage))
            changed += len(back)
        progress.advance(stage, len(chunk))
    progress.done(stage)
    return changed


def worker_count(settings: Settings) -> int:
    """Processes to use: the setting, else one per core."""
    return settings.workers or os.cpu_count() or 1


def prepare_pages(
    pieces: Sequence[Piece],
    settings: Settings,
    pool: ProcessPoolExecutor | None,
    known: str | None,
) -> Iterator[Done]:
    """Read, extract and sketch pieces of input, in input order; with a pool the work is
    submitted at once (the returned iterator only collects it), so the caller can overlap
    other work."""
    if pool is None or sum(piece_size(p) for p in pieces) < INLINE_BELOW:
        return (prepare(piece, settings, known) for piece in pieces)
    return pool.map(prepare, pieces, itertools.repeat(settings), itertools.repeat(known))


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
) -> RunResult:
    """Read, extract, sketch and store every new or changed page.

    This process only cuts the input into pieces (JSONL files by their newlines); the workers
    read and parse them, look each page up among the stored ones, and extract and sketch the
    new ones, while a writer thread stores the last batch (DuckDB lets go of the interpreter
    lock). The store is touched by the writer alone.
    """
    result = RunResult(report={})
    run = Run(store.fingerprints())
    progress.start("extract", None)
    with known_file(run.known) as known:
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiretrace-store")
        writing: Future[None] | None = None
        try:
            for batch in batched_pieces(read_pieces(inputs, settings.read)):
                # the workers start on this batch at once, while the writer stores the last
                prepared = prepare_pages(batch, settings, pool, known)
                if writing is not None:
                    writing.result()
                writing = writer.submit(finish, store, prepared, run, result, progress)
            if writing is not None:
                writing.result()
        finally:
            writer.shutdown(wait=True)
            progress.done("extract")
    return result


def verify(first: np.ndarray, second: np.ndarray, docs: pa.Table, settings: Settings) -> pa.Table:
    """Worker: the candidate pairs (store keys) that verify exactly, with their proof, as rows
    of the pair table; `docs` holds the stored JSON of their documents, sorted by key."""
    keys = docs["key"].to_numpy()
    bodies = [orjson.loads(data)["body"] for data in docs["data"].cast(pa.binary()).to_pylist()]
    found = verify_bodies(
        np.searchsorted(keys, first),
        np.searchsorted(keys, second),
        bodies,
        settings.sketch,
        settings.match,
    )
    return pair_rows(first, second, found)


def verify_spilled(
    first: np.ndarray, second: np.ndarray, spill: BodySpill, settings: Settings
) -> pa.Table:
    """Worker: `verify`, with the documents' bodies read from a spill of them."""
    keys = np.union1d(first, second)
    text, bounds = spill.read(keys)
    found = verify_text(
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
) -> Iterator[tuple[pa.Table, int]]:
    """Verify candidate pairs (store keys) in chunks of neighbouring pairs, spread over the
    workers. Yields each chunk's verified pairs and its size.

    With `spill_from` documents or more, their bodies are first spilled to a file in one pass
    over the store, and the workers read them there; with fewer, each chunk's documents are
    read from the store as it is handed out, while the workers verify the chunks before it."""
    needed = np.union1d(first, second)
    if needed.size < spill_from:

        def fetched(a: np.ndarray, b: np.ndarray) -> tuple[pa.Table]:
            """The chunk's documents, from the store."""
            return (store.document_data(np.union1d(a, b)),)

        yield from _verified(first, second, settings, pool, fetched, verify)
        return
    progress = progress or Progress()
    with own_temp("wiretrace-bodies-", store.path.parent) as folder:
        spill = BodySpill(folder)
        progress.start("spill", int(needed.size))
        spill.write(store.bodies(needed), lambda n: progress.advance("spill", n))
        progress.done("spill")
        yield from _verified(first, second, settings, pool, lambda a, b: (spill,), verify_spilled)


def _verified(
    first: np.ndarray,
    second: np.ndarray,
    settings: Settings,
    pool: ProcessPoolExecutor | None,
    source: Callable[[np.ndarray, np.ndarray], tuple[Any, ...]],
    work: Callable[..., pa.Table],
) -> Iterator[tuple[pa.Table, int]]:
    """`verify_all`'s chunks, each verified by `work(a, b, *source(a, b), settings)`, with
    enough handed out at once to keep the workers busy."""
    workers = 1 if pool is None else worker_count(settings)
    size = min(max(-(-first.size // (4 * workers)), VERIFY_MIN), VERIFY_MAX)
    pending: deque[tuple[Future[pa.Table], int]] = deque()
    for at in range(0, first.size, size):
        a, b = first[at : at + size], second[at : at + size]
        if pool is None or first.size <= size:
            yield work(a, b, *source(a, b), settings), a.size
            continue
        pending.append((pool.submit(work, a, b, *source(a, b), settings), a.size))
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
    store: Store, settings: Settings, progress: Progress, pool: ProcessPoolExecutor | None = None
) -> None:
    """Find and verify the copy pairs of every document not yet matched.

    Candidates of all new documents come from one pass over the sample table; they are
    verified and stored a chunk at a time (bounded memory), and the documents are marked
    matched only when all their pairs are stored, so an interrupted run redoes this stage.
    """
    pending = store.unmatched()
    if not pending:
        return
    progress.start("match", None)
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE new_docs AS SELECT unnest($k) AS doc", {"k": pending}
    )
    a, b, _ = candidate_arrays(store.con, settings.sketch, settings.match)
    kill_point("match")
    progress.done("match")
    progress.start("verify", int(a.size))
    first, second = neighbours_together(a, b)
    held: list[pa.Table] = []  # verified pairs are stored STORE_PAIRS or more at a time
    for verified, count in verify_all(store, first, second, settings, pool, progress):
        held.append(verified)
        if sum(t.num_rows for t in held) >= STORE_PAIRS:
            store.add_pairs(pa.concat_tables(held), [])
            held = []
        kill_point("verify")
        progress.advance("verify", count)
    store.add_pairs(pa.concat_tables(held) if held else None, pending)
    progress.done("verify")


@dataclass
class Copies:
    """The copy pairs and copy groups of everything in a store."""

    pairs: CopyPairs
    groups: list[CopyGroup]
    docs: pa.Table  # key, id, words, published, credit of every document, in key order


def copies_in(store: Store, settings: Settings) -> Copies:
    """Group the stored copy pairs into copy groups, on columns (no object per pair)."""
    docs = store.doc_table()
    pairs = CopyPairs.from_tables(docs, store.pair_table())
    groups = group_columns(
        pairs.ids,
        docs.column("words").to_numpy(),
        docs.column("published").combine_chunks(),
        docs.column("credit").combine_chunks(),
        pairs.rows(),
        settings.group,
    )
    return Copies(pairs=pairs, groups=groups, docs=docs)


def detect_copies(
    inputs: Sequence[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Copies:
    """Copy detection alone: add the inputs, match them, group copies; no stories or report."""
    settings = replace(settings or Settings(), story_terms=False)
    with Store(db) as store:
        update(store, inputs, settings, progress or Progress())
        return copies_in(store, settings)


def update(
    store: Store, inputs: Sequence[str | Path], settings: Settings, progress: Progress
) -> RunResult:
    """Bring the store up to date with the inputs: add pages, restore what other outlets
    carry, cut site furniture, match."""
    clean_stale(store.path.parent, None)  # what killed runs left beside the store
    workers = worker_count(settings)
    kernels.warm()  # before the workers fork, so that they start with the compiled code
    extract_kernels.warm()
    candidates.warm()
    pool = ProcessPoolExecutor(workers, initializer=pool_worker) if workers > 1 else None
    try:
        result = ingest(store, inputs, settings, progress, pool)
        if settings.extract.clean:
            # first: a line restored here counts as body for the furniture count, so what
            # other outlets carry is never cut from their pages as one site's furniture
            restore_carried_text(store, settings, progress)
            cut_furniture(store, settings, progress)
        match_new(store, settings, progress, pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return result


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
        return self._consolidated(consolidate, _same, pool, workers)

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
            (work, first, *self._story_job(batch, picked, documents))
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


def _same(item: T) -> T:
    """The item itself."""
    return item


def pumping(items: Iterable[T], pump: Callable[[], None], every: int = 256) -> Iterator[T]:
    """Pass items on, calling `pump` before every `every` of them (work waiting elsewhere
    gets fed while the caller goes through the items)."""
    for number, item in enumerate(items):
        if number % every == 0:
            pump()
        yield item


def story_worker() -> None:
    """Start a story worker with cyclic GC off: a pass would walk all it inherited and all
    of a job's documents; consolidation makes no cycles, so refcounts free everything."""
    gc.freeze()
    gc.disable()


def consolidate(
    first: int,
    batch: Sequence[Sequence[CopyGroup]],
    data: dict[str, bytes],
    rows: Sequence[PairTuple],
) -> list[Story]:
    """Worker: the stories of a batch, numbered from `first`, from their documents' stored
    JSON (consolidation reads no credit) and the copy pairs between them; cyclic GC paused,
    the job making no cycles."""
    with paused_gc():
        documents = {}
        for raw in data.values():
            doc = Document.from_dict(orjson.loads(raw))
            documents[doc.id] = doc
        pairs = {(row[0], row[1]): as_pair(row) for row in rows}
        return [
            make_story(f"s{first + i}", groups, documents, pairs) for i, groups in enumerate(batch)
        ]


def consolidate_json(
    first: int,
    batch: Sequence[Sequence[CopyGroup]],
    data: dict[str, bytes],
    rows: Sequence[PairTuple],
) -> list[bytes]:
    """Worker: `consolidate`, each story as its report JSON (bytes travel back cheaply)."""
    stories = consolidate(first, batch, data, rows)
    with paused_gc():
        return [dumps_item(story) for story in stories]


def assemble_store(store: Store, settings: Settings, progress: Progress) -> Assembly:
    """Group copies and cluster their sources into stories, over the whole store."""
    found = copies_in(store, settings)
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

    def units(wanted: Sequence[str]) -> Iterator[list[StoryUnit]]:
        """The story units of the given ids, a batch at a time: their sources' stored terms,
        or their text where the store has no terms."""
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

    progress.start("stories", len(by_unit))
    with store.lean():  # the stories' arrays need the memory more than the store's cache
        clusters = grow_stories(store.path, digests, units, settings.story, progress)
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
    )


def assemble(store: Store, settings: Settings, progress: Progress) -> dict[str, Any]:
    """The whole report over the store, in memory (small stores, tests, the library)."""
    done = assemble_store(store, settings, progress)
    return build_report(
        list(done.documents()),
        done.pairs.objects(),
        done.detailed_groups(),
        list(done.stories()),
        done.store.problems(),
    )


def grow_stories(
    db: Path,
    digests: dict[str, str],
    units: Callable[[Sequence[str]], Iterable[list[StoryUnit]]],
    config: StoryConfig,
    progress: Progress | None = None,
) -> list[list[str]]:
    """Stories of the units (ids in order, with a digest of what each is made from), growing
    the story index saved beside the store.

    Units already in the saved index keep their place; only new ones are read and added, so
    a later run does not re-cluster everything. When a known unit changed or went away (a
    fuller copy became its source, a page was replaced or deleted) or the settings changed,
    the index is rebuilt. Either way the result equals clustering all units at once, in the
    same order.
    """
    index_path, state_path = db.with_suffix(".stories.npz"), db.with_suffix(".stories.json")
    settings = {k: getattr(config, k) for k in config.__dataclass_fields__}
    order = list(digests)
    index, known = None, {}
    if index_path.exists() and state_path.exists():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        known = state.get("units", {})
        # the known units must lead the current ones, unchanged and in the same order
        prefix = order[: len(known)] == list(known)
        fresh = all(digests.get(uid) == digest for uid, digest in known.items())
        if prefix and fresh and state.get("config") == settings:
            try:
                index = StoryIndex.load(index_path, config)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                index = None  # unreadable: rebuilt
            # written by another run than the state (one killed between the two): rebuilt
            if index is not None and index.ids != list(known):
                index = None
    if index is None:
        index, known = StoryIndex(config), {}
    # one call: the term weights are refreshed (and every edge found) once, not at each batch
    index.add(itertools.chain.from_iterable(units([u for u in order if u not in known])), progress)
    # each file written whole beside its place, then moved there: a run killed while writing
    # leaves the older file (which the unit ids checked above tell apart from the state)
    saving = index_path.with_name(index_path.name + ".tmp.npz")
    index.save(saving)
    os.replace(saving, index_path)
    kill_point("stories")
    state = {"config": settings, "units": digests}
    writing = state_path.with_name(state_path.name + ".tmp")
    writing.write_text(json.dumps(state), encoding="utf-8")
    os.replace(writing, state_path)
    return [[u for u in story if u in digests] for story in index.stories()]


def make_story(
    story_id: str,
    groups: Sequence[Any],
    documents: dict[str, Document],
    pairs: dict[tuple[str, str], CopyPair],
) -> Story:
    """A story from its copy groups: headline of the largest group, span, outlets, account."""
    doc_ids = [m.doc for g in groups for m in g.members]
    lead = max(groups, key=lambda g: (len(g.members), -groups.index(g)))
    dates = sorted(d for d in (documents[i].published for i in doc_ids) if d)
    outlets = sorted({o for o in (documents[i].outlet for i in doc_ids) if o})
    entities = main_entities(
        [
            [f"{documents[m.doc].title or ''}. {documents[m.doc].body}" for m in g.members]
            for g in groups
        ]
    )
    facts, disagreements = facts_and_disagreements([documents[i] for i in doc_ids], entities)
    return Story(
        id=story_id,
        title=documents[lead.source].title,
        documents=doc_ids,
        copy_groups=[g.id for g in groups],
        outlets=outlets,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        entities=entities,
        account=story_account(groups, documents, pairs),
        quotes=story_quotes([(i, documents[i].quotes) for i in doc_ids]),
        facts=facts,
        disagreements=disagreements,
    )


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
    settings = settings or Settings()
    progress = progress or Progress()
    with Store(db) as store:
        if out is not None:
            clean_stale(out)
        result = update(store, inputs, settings, progress)
        index_samples(store, progress)
        if out is None:
            result.report = assemble(store, settings, progress)
            return result
        done = assemble_store(store, settings, progress)
        result.paths, result.report = stream_assembly(done, settings, progress, out)
    return result


def stream_assembly(
    done: Assembly, settings: Settings, progress: Progress, out: str | Path
) -> tuple[tuple[Path, Path], dict[str, Any]]:
    """Stream the report of an assembly into `out`: the paths written, and the summary with
    the largest stories (for the terminal)."""
    summary = done.summary()
    largest = Largest(TOP_STORIES, done.story_sizes())
    progress.start("report", summary["documents"])
    workers = worker_count(settings)
    main_entities([["Warm Up"]])  # loads the compiled name scan once, for all workers
    pool = ProcessPoolExecutor(workers, initializer=story_pool_worker) if workers > 1 else None
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


def index_samples(store: Store, progress: Progress) -> None:
    """Write the postings `wiretrace copies` queries use, unless they are current."""
    if Postings.open(store) is not None:
        return
    progress.start("index", None)
    kill_point("index")
    build_postings(store)
    kill_point("index")
    progress.done("index")
