"""`python -m benchmarks scale`: time, peak memory and store size of the full run as the corpus
grows to 10^6 pages, and the latency of a `copies` query on the largest store.

The corpus is generated from real articles (AllSides by default) and streamed to JSONL, with a
few MB of state whatever its size. Page n is one of:

- `original`: the next article of a shuffled first pass over the articles, as it is;
- `copy`: a copy-style mutation of an earlier original (or of an earlier reworded page), so
  that copies exist at every scale: cut short, a run of paragraphs only, word swaps and
  deletions, a paragraph spliced from another article, furniture lines, a dateline, a new
  headline; it has a new id, another outlet and a date a few days after its source's;
- `reworded`: paragraphs of 2-4 articles with their words shuffled within windows of 8 words:
  new text with the vocabulary and topics of real articles that shares no passage with any
  page, so that the corpus is not just the articles' clusters of copies.

The pages of a size are the first pages of every larger size (one pass writes them all). Each
full run (`wiretrace run FILE --db DB --out OUT --quiet`) is its own process; its time includes
the interpreter start; its peak memory is both the largest process's maximum resident set
(`wait4`) and the sampled sum of proportional set sizes over the process tree (workers
included; pages shared by forked processes counted once). The `copies` queries run
in one process that opens the largest store once, as a server would.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import click
import numpy as np
import orjson
from rich.console import Console
from rich.table import Table

from benchmarks import child_env
from benchmarks.copies_gen import (
    AGENCIES,
    CITIES,
    Article,
    Pools,
    furniture,
    new_headline,
)

DEFAULT_CORPUS = Path("../shared/data/allsides/allsides.jsonl.gz")
DEFAULT_SIZES = "10000,100000,1000000"
BAR_SIZE = 1_000_000  # the size the bars are set at
BAR_BASE = 100_000  # memory at BAR_SIZE is compared with memory here
BAR_SECONDS = 20 * 60
BAR_PEAK_MB = 8 * 1024
BAR_GROWTH = 3.0
BAR_MEDIAN_MS = 50.0
BAR_P99_MS = 200.0
FIRST_DAY = date(2019, 1, 1).toordinal()  # pages without a date get one in the 18 months after
SPREAD_DAYS = 540
TITLE_POOL = 2000  # titles kept in memory for "Related:" lines
QUERY_PAGES = 10**9  # page numbers of query texts start here (never a corpus page)
QUERY_MIN_WORDS = 200  # a query copies an original of at least this many words


@dataclass(frozen=True)
class Mix:
    """The share of each kind of page, and how copies are made."""

    original: float = 0.35  # while articles are left; afterwards its share goes to the others
    copy: float = 0.25  # the rest are reworded pages
    copy_of_reworded: float = 0.3  # share of copies made from a reworded page, not an article
    truncate: float = 0.35  # cut after some paragraphs ...
    partial: float = 0.2  # ... or keep a run of paragraphs from anywhere
    min_keep: float = 0.35  # share of the paragraphs a copy keeps at least
    edit: float = 0.5  # word swaps and deletions in 1-3 paragraphs
    splice: float = 0.2  # a paragraph of another article spliced in
    clutter: float = 0.5  # 2-6 furniture lines
    dateline: float = 0.3  # "CITY (Agency) — " on the lead
    headline: float = 0.6  # a new headline
    window: int = 8  # reworded pages shuffle words within windows of this many words
    unrelated_queries: float = 0.2  # share of queries that are reworded texts (copies of nothing)


@dataclass
class Source:
    """A text pages are made from: an article, or a reworded page made again."""

    paragraphs: list[str]
    title: str
    outlet: str
    day: int
    id: str = ""  # the page id of its corpus page ("" when it is not in the corpus)

    @property
    def text(self) -> str:
        """The paragraphs as one text."""
        return "\n\n".join(self.paragraphs)


@dataclass
class Generation:
    """What generating the corpus took and made."""

    pages: int
    seconds: float
    cpu_seconds: float
    megabytes: float
    kinds: dict[str, int]
    articles: int

    @property
    def pages_per_s(self) -> float:
        """Pages written per second."""
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass
class RunTiming:
    """One full run's measurement."""

    size: int
    seconds: float
    cpu_seconds: float  # user + system time of the whole process tree
    peak_mb: float  # the largest process's maximum resident set (wait4)
    tree_peak_mb: float  # the sampled peak of the process tree's summed PSS
    store_mb: float
    input_mb: float
    documents: int
    pairs: int

    @property
    def docs_per_s(self) -> float:
        """Pages per second of wall time."""
        return self.size / self.seconds if self.seconds else 0.0

    @property
    def memory_mb(self) -> float:
        """The peak memory held against the bar: the larger of the two measures."""
        return max(self.peak_mb, self.tree_peak_mb)


@dataclass
class Latency:
    """`copies` query latencies on one store."""

    size: int
    queries: int
    copies: int  # queries that are copies of a corpus page
    found: int  # ... whose source page was among the matches
    unrelated: int  # queries that are copies of nothing
    unrelated_clear: int  # ... with no match
    open_s: float
    median_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    peak_mb: float
    cli_s: float  # one `wiretrace copies FILE --db DB`, process start included
    latencies_ms: list[float] = field(default_factory=list)


# --- the source articles, on disk -----------------------------------------------------------


class Library:
    """The source articles in one flat file, a header line then one line a paragraph each,
    read by offset (a reworded page reads only the paragraphs it takes)."""

    def __init__(
        self, path: Path, lines: array, heads: array, outlets: list[str], titles: list[str]
    ) -> None:
        """Open the flat file written by `build`: line offsets, and each article's first line."""
        self.path = path
        self.lines = lines
        self.heads = heads
        self.outlets = outlets
        self.titles = titles
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        """Number of articles."""
        return len(self.heads) - 1

    def _read(self, first: int, end: int) -> list[str]:
        """Lines first..end-1 of the flat file."""
        start = self.lines[first]
        data = os.pread(self._fd, self.lines[end] - start, start)
        return data.decode("utf-8").split("\n")[:-1]

    def count(self, number: int) -> int:
        """Number of paragraphs of article `number`."""
        return self.heads[number + 1] - self.heads[number] - 1

    def get(self, number: int) -> Source:
        """Article `number`."""
        head, *paragraphs = self._read(self.heads[number], self.heads[number + 1])
        title, outlet, day = orjson.loads(head)
        return Source(paragraphs, title, outlet, day)

    def header(self, number: int) -> tuple[str, str, int]:
        """Title, outlet and day of article `number`."""
        title, outlet, day = orjson.loads(self._read(self.heads[number], self.heads[number] + 1)[0])
        return title, outlet, day

    def paragraphs(self, number: int, start: int, stop: int) -> list[str]:
        """Paragraphs start..stop-1 of article `number`."""
        first = self.heads[number] + 1
        return self._read(first + start, first + min(stop, self.count(number)))

    def close(self) -> None:
        """Close the flat file."""
        os.close(self._fd)

    @classmethod
    def build(cls, corpus: Path, folder: Path) -> Library:
        """Flatten a JSONL(.gz) corpus (id, text, title, outlet, date) into `folder`."""
        path = folder / "articles.flat"
        lines, heads = array("Q", [0]), array("Q")
        outlets: set[str] = set()
        titles: list[str] = []
        opener = gzip.open if corpus.suffix == ".gz" else open
        with opener(corpus, "rb") as stream, path.open("wb") as out:
            for line in stream:
                if not line.strip():
                    continue
                record = orjson.loads(line)
                paragraphs = paragraphs_of(record.get("text") or "")
                if not paragraphs:
                    continue
                title, outlet = record.get("title") or "", record.get("outlet") or ""
                day = day_of(record.get("date") or "", len(heads))
                heads.append(len(lines) - 1)
                for row in (orjson.dumps([title, outlet, day]).decode(), *paragraphs):
                    data = row.replace("\n", " ").encode("utf-8") + b"\n"
                    out.write(data)
                    lines.append(lines[-1] + len(data))
                if outlet:
                    outlets.add(outlet)
                if title and len(titles) < TITLE_POOL:
                    titles.append(title)
        if not heads:
            raise click.ClickException(f"no article with text in {corpus}")
        heads.append(len(lines) - 1)
        return cls(path, lines, heads, sorted(outlets) or ["Outlet"], titles or ["More news"])


def day_of(text: str, number: int) -> int:
    """Days since 0001-01-01 of an ISO date, or a day of the spread picked from `number`."""
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return FIRST_DAY + (number * 7919) % SPREAD_DAYS


def paragraphs_of(text: str) -> list[str]:
    """Non-empty paragraphs: blank-line separated, else one per line."""
    parts = [p.strip() for p in text.split("\n\n")]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        parts = [p.strip() for p in text.splitlines() if p.strip()]
    return parts


def page_id(number: int) -> str:
    """The id of page `number`."""
    return f"p{number:07d}"


# --- making pages ---------------------------------------------------------------------------


class Shuffler:
    """Shuffles words within consecutive windows, with a few window orders drawn once."""

    def __init__(self, seed: int, window: int, orders: int = 8, length: int = 1 << 14) -> None:
        """Draw `orders` shuffles of `length` positions, each permuting within windows."""
        gen = np.random.default_rng(seed)
        length -= length % window
        windows = np.arange(length) // window
        self.orders = [np.lexsort((gen.random(length), windows)).tolist() for _ in range(orders)]
        self.length = length
        self.window = window

    def reword(self, paragraphs: list[str], rng: random.Random) -> list[str]:
        """Paragraphs with their words shuffled within windows; a paragraph break moves with
        the word before it, so paragraphs keep about their sizes."""
        tokens = "\n\n".join(paragraphs).split(" ")
        order = rng.choice(self.orders)
        shuffled: list[str] = []
        for at in range(0, len(tokens), self.length):
            chunk = tokens[at : at + self.length]
            full = len(chunk) - len(chunk) % self.window  # a shorter last window stays as is
            if full:
                shuffled.extend(itemgetter(*order[:full])(chunk))
            shuffled.extend(chunk[full:])
        return [p for p in " ".join(shuffled).split("\n\n") if p.strip()]


def edit_words(paragraph: str, rng: random.Random) -> str:
    """A paragraph with 1-4 adjacent words swapped or words deleted."""
    tokens = paragraph.split(" ")
    for _ in range(rng.randint(1, 4)):
        if len(tokens) < 3:
            break
        i = rng.randrange(len(tokens) - 1)
        if rng.random() < 0.5:
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
        else:
            del tokens[i]
    return " ".join(tokens)


class Generator:
    """The corpus's pages, one at a time, deterministic for a seed."""

    def __init__(self, library: Library, seed: int, mix: Mix | None = None) -> None:
        """A generator over `library`'s articles."""
        self.library = library
        self.seed = seed
        self.mix = mix or Mix()
        self.rng = random.Random(seed)
        self.order = array("I", range(len(library)))
        self.rng.shuffle(self.order)
        self.used = 0  # articles written as originals: order[:used]
        self.original_page = array("i", [-1]) * len(library)  # each article's original page
        self.reworded_pages = array("I")  # page numbers of the reworded pages
        self.pools = Pools(
            articles=[Article("", "", t, "") for t in library.titles], outlets=library.outlets
        )
        self.shuffler = Shuffler(seed, self.mix.window)
        self.kinds: dict[str, int] = {}

    def kind(self) -> str:
        """The kind of the next page."""
        mix, r = self.mix, self.rng.random()
        if self.used < len(self.library):
            if r < mix.original or self.used == 0:
                return "original"
            return "copy" if r < mix.original + mix.copy else "reworded"
        return "copy" if r < mix.copy / (1 - mix.original) else "reworded"

    def page(self, number: int) -> dict[str, Any]:
        """Page `number` (pages must be asked for in order)."""
        kind = self.kind()
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "original":
            article = self.order[self.used]
            self.used += 1
            self.original_page[article] = number
            source = self.library.get(article)
            return record(number, kind, source, "")
        if kind == "reworded":
            self.reworded_pages.append(number)
            page = self.reworded(number)
            return record(number, kind, page, "")
        source = self.copy_source()
        return record(number, kind, self.copy(source, self.rng), source.id)

    def copy_source(self) -> Source:
        """An earlier original or reworded page to copy."""
        if self.reworded_pages and self.rng.random() < self.mix.copy_of_reworded:
            number = self.reworded_pages[self.rng.randrange(len(self.reworded_pages))]
            source = self.reworded(number)
        else:
            article = self.order[self.rng.randrange(self.used)]
            source = self.library.get(article)
            number = self.original_page[article]
        source.id = page_id(number)
        return source

    def reworded(self, number: int) -> Source:
        """Reworded page `number`: a function of the seed and the number only."""
        rng = random.Random(self.seed * QUERY_PAGES * 4 + number)
        library = self.library
        paragraphs: list[str] = []
        articles = [rng.randrange(len(library)) for _ in range(rng.randint(2, 4))]
        for article in articles:
            run = rng.randint(2, 6)
            start = rng.randrange(max(1, library.count(article) - run + 1))
            paragraphs.extend(library.paragraphs(article, start, start + run))
        title, _, day = library.header(articles[0])
        return Source(
            self.shuffler.reword(paragraphs, rng),
            self.shuffler.reword([title], rng)[0] if title.strip() else title,
            rng.choice(library.outlets),
            day + rng.randint(-30, 30),
        )

    def copy(self, source: Source, rng: random.Random) -> Source:
        """A copy of `source`."""
        mix = self.mix
        body = self.kept(source.paragraphs, rng)
        if rng.random() < mix.edit:
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(body))
                body[i] = edit_words(body[i], rng)
        outlet = rng.choice(self.library.outlets)
        if outlet == source.outlet:
            outlet = rng.choice(self.library.outlets)
        lead = Article("", outlet, source.title, body[0])
        title = source.title
        if rng.random() < mix.headline:
            title = new_headline(rng, lead, body, outlet)
        if rng.random() < mix.splice:
            other = self.library.get(rng.randrange(len(self.library))).paragraphs
            body.insert(rng.randrange(1, len(body) + 1), rng.choice(other))
        if rng.random() < mix.dateline:
            body[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) — {body[0]}"
        if rng.random() < mix.clutter:
            for _ in range(rng.randint(2, 6)):
                line, _ = furniture(rng, lead, self.pools)
                body.insert(rng.choice((0, len(body), rng.randrange(len(body) + 1))), line)
        return Source(body, title, outlet, source.day + rng.randint(0, 3))

    def kept(self, paragraphs: list[str], rng: random.Random) -> list[str]:
        """The paragraphs a copy keeps: all, the first ones, or a run from anywhere; never
        less than `min_keep` of the paragraphs nor of the words."""
        count = len(paragraphs)
        if count == 0:
            return [""]
        least = max(1, int(self.mix.min_keep * count + 0.999))
        start, stop, r = 0, count, rng.random()
        if count > 2 and r < self.mix.truncate:
            stop = rng.randint(least, count - 1)
        elif count > 3 and r < self.mix.truncate + self.mix.partial:
            length = rng.randint(least, count - 1)
            start = rng.randrange(count - length + 1)
            stop = start + length
        sizes = [p.count(" ") + 1 for p in paragraphs]
        need = self.mix.min_keep * sum(sizes)
        kept = sum(sizes[start:stop])
        while kept < need and (stop < count or start > 0):  # too few words: widen the run
            if stop < count:
                kept, stop = kept + sizes[stop], stop + 1
            else:
                start -= 1
                kept += sizes[start]
        return paragraphs[start:stop]

    def queries(self, count: int, seed: int) -> list[dict[str, str]]:
        """New pages to look up: copies of random originals and reworded texts of nothing."""
        rng = random.Random(seed)
        out = []
        for n in range(count):
            if rng.random() < self.mix.unrelated_queries or self.used == 0:
                text = self.reworded(QUERY_PAGES + n).text
                out.append({"text": text, "expect": ""})
                continue
            article, source = self.query_source(rng)
            text = self.copy(source, rng).text
            out.append({"text": text, "expect": page_id(self.original_page[article])})
        return out

    def query_source(self, rng: random.Random, tries: int = 20) -> tuple[int, Source]:
        """A random original long enough that its copies can be found (a 14-word editor's
        note cannot): the first of `tries` draws with `QUERY_MIN_WORDS` words or more."""
        for _ in range(tries):
            article = self.order[rng.randrange(self.used)]
            source = self.library.get(article)
            if sum(p.count(" ") + 1 for p in source.paragraphs) >= QUERY_MIN_WORDS:
                break
        return article, source


def record(number: int, kind: str, page: Source, source: str) -> dict[str, Any]:
    """A page as a JSONL record: wiretrace's fields, and its kind and source as truth."""
    published = date.fromordinal(max(1, page.day)).isoformat()
    return {
        "id": page_id(number),
        "text": page.text,
        "title": page.title,
        "outlet": page.outlet,
        "published": published,
        "kind": kind,
        "source": source,
    }


def generate(generator: Generator, paths: dict[int, Path]) -> Generation:
    """Write the first `size` pages to each `paths[size]`, in one pass."""
    sizes = sorted(paths)
    started, cpu = time.perf_counter(), time.process_time()
    written = 0
    with ExitStack() as stack:
        outs: list[tuple[int, BinaryIO]] = [
            (size, stack.enter_context(paths[size].open("wb", buffering=1 << 20))) for size in sizes
        ]
        for number in range(sizes[-1]):
            line = orjson.dumps(generator.page(number)) + b"\n"
            written += len(line)
            for size, out in outs:
                if number < size:
                    out.write(line)
    return Generation(
        pages=sizes[-1],
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        megabytes=written / 1e6,
        kinds=dict(sorted(generator.kinds.items())),
        articles=len(generator.library),
    )


# --- measuring ------------------------------------------------------------------------------


def memory_kb(pid: int) -> int:
    """A process's memory (kB): its proportional set size (pages shared with forked workers
    counted once across them), or its resident set where the kernel gives no PSS."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def tree_rss_kb(pid: int) -> int:
    """Summed memory (kB, see `memory_kb`) of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += memory_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


class TreeSampler:
    """Samples a process tree's summed memory (PSS) in a thread; keeps the peak.

    Reading a process's PSS walks its page tables: 80 ms for a 1.5 GB process. Sampling every
    0.2 s took 40% of a core from a 10^6-page run, so the wait after each sample is at least
    `overhead_ratio` times what the sample took (the sampler's share of a core stays under
    1 / overhead_ratio)."""

    def __init__(self, pid: int, interval: float = 0.2, overhead_ratio: float = 20.0) -> None:
        """Start sampling process `pid`."""
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.overhead_ratio = overhead_ratio
        self.samples, self.busy_s = 0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            began = time.perf_counter()
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            took = time.perf_counter() - began
            self.samples, self.busy_s = self.samples + 1, self.busy_s + took
            self._stop.wait(max(self.interval, self.overhead_ratio * took))

    def stop(self) -> float:
        """Stop; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def wait_measured(command: list[str]) -> tuple[float, float, float, float]:
    """Run a command; its wall seconds, CPU seconds, largest maxrss MB and sampled tree peak MB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=child_env())
    sampler = TreeSampler(child.pid)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    tree_mb = sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise click.ClickException(f"{' '.join(command[:5])} … failed (exit {child.returncode})")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree_mb


def store_megabytes(db: Path) -> float:
    """Size on disk of a store: the DuckDB file, its log, and the files and folders beside it
    that share its name (story index, postings)."""
    stem = db.name.split(".")[0] + "."
    total = 0
    for path in db.parent.iterdir():
        if not path.name.startswith(stem):
            continue
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total / 1e6


def store_counts(db: Path) -> tuple[int, int]:
    """Documents and copy pairs in a store (-1 when they cannot be read)."""
    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            docs = con.execute("SELECT count(*) FROM documents").fetchone()
            pairs = con.execute("SELECT count(*) FROM pairs").fetchone()
        return int(docs[0]) if docs else -1, int(pairs[0]) if pairs else -1
    except duckdb.Error:
        return -1, -1


def wiretrace_command(*args: str) -> list[str]:
    """The wiretrace CLI with arguments, in this Python."""
    return [sys.executable, "-m", "wiretrace.cli", *args]


def measure_run(size: int, input_path: Path, folder: Path) -> RunTiming:
    """The full run of `wiretrace run` on one corpus file, in a fresh process."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "store.duckdb"
    out = folder / "report"
    for stale in folder.glob("store.*"):  # a kept folder's last store would be added to
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    args = ("run", str(input_path), "--db", str(db), "--out", str(out), "--quiet")
    seconds, cpu, peak, tree = wait_measured(wiretrace_command(*args))
    documents, pairs = store_counts(db)
    return RunTiming(
        size=size,
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu, 2),
        peak_mb=round(peak, 1),
        tree_peak_mb=round(tree, 1),
        store_mb=round(store_megabytes(db), 1),
        input_mb=round(input_path.stat().st_size / 1e6, 1),
        documents=documents,
        pairs=pairs,
    )


def job_latency(db: Path, queries_path: Path) -> dict[str, Any]:
    """Time `find_copies` for each query on a store opened once, after one warm-up query."""
    from wiretrace.config import Settings
    from wiretrace.match.query import find_copies
    from wiretrace.store import Store

    queries = [orjson.loads(line) for line in queries_path.read_bytes().splitlines()]
    settings = Settings()
    started = time.perf_counter()
    store = Store(db)
    opened = time.perf_counter() - started
    find_copies(store, queries[0]["text"], settings)  # warm-up, not counted
    rows = []
    for query in queries:
        began = time.perf_counter()
        matches = find_copies(store, query["text"], settings)
        took = (time.perf_counter() - began) * 1000
        docs = {m.doc for m in matches}
        rows.append({"ms": took, "matches": len(docs), "found": query["expect"] in docs})
    store.close()
    return {"open_s": opened, "rows": rows}


def measure_latency(size: int, db: Path, queries: list[dict[str, str]], folder: Path) -> Latency:
    """`copies` latencies on a store, in one fresh process; and one CLI call, for information."""
    queries_path = folder / "queries.jsonl"
    queries_path.write_bytes(b"".join(orjson.dumps(q) + b"\n" for q in queries))
    result_path = folder / "latency.json"
    command = [sys.executable, "-m", "benchmarks.scale", str(db), str(queries_path)]
    command.append(str(result_path))
    _, _, peak, _ = wait_measured(command)
    result = orjson.loads(result_path.read_bytes())
    rows = result["rows"]
    times = np.array([r["ms"] for r in rows])
    copies = [r for q, r in zip(queries, rows, strict=True) if q["expect"]]
    unrelated = [r for q, r in zip(queries, rows, strict=True) if not q["expect"]]
    page = folder / "query.txt"
    page.write_text(next((q["text"] for q in queries if q["expect"]), queries[0]["text"]))
    cli_s, _, _, _ = wait_measured(wiretrace_command("copies", str(page), "--db", str(db)))
    return Latency(
        size=size,
        queries=len(rows),
        copies=len(copies),
        found=sum(r["found"] for r in copies),
        unrelated=len(unrelated),
        unrelated_clear=sum(r["matches"] == 0 for r in unrelated),
        open_s=round(result["open_s"], 3),
        median_ms=round(float(np.percentile(times, 50)), 2),
        p90_ms=round(float(np.percentile(times, 90)), 2),
        p99_ms=round(float(np.percentile(times, 99)), 2),
        max_ms=round(float(times.max()), 2),
        peak_mb=round(peak, 1),
        cli_s=round(cli_s, 2),
        latencies_ms=[round(float(t), 3) for t in times],
    )


# --- the bars -------------------------------------------------------------------------------


def bar(name: str, value: float | None, limit: float, at: int | None, unit: str) -> dict[str, Any]:
    """One bar: met or not met when measured at BAR_SIZE pages, else not measured."""
    if value is None or at is None:
        status = "not measured"
    elif at != BAR_SIZE:
        status = f"not measured (only at {at:,})"
    else:
        status = "met" if value <= limit else "not met"
    return {"bar": name, "limit": limit, "unit": unit, "value": value, "at": at, "status": status}


def bars(runs: list[RunTiming], latency: Latency | None) -> list[dict[str, Any]]:
    """The issue's bars, each with its measured value and status."""
    largest = max(runs, key=lambda r: r.size) if runs else None
    by_size = {r.size: r for r in runs}
    growth = None
    if BAR_SIZE in by_size and BAR_BASE in by_size:
        growth = round(by_size[BAR_SIZE].memory_mb / by_size[BAR_BASE].memory_mb, 2)
    lat_at = latency.size if latency else None
    return [
        bar(
            "full run time",
            largest.seconds if largest else None,
            BAR_SECONDS,
            largest.size if largest else None,
            "s",
        ),
        bar(
            "full run peak memory",
            largest.memory_mb if largest else None,
            BAR_PEAK_MB,
            largest.size if largest else None,
            "MB",
        ),
        bar(
            "memory 10^6 / 10^5",
            growth,
            BAR_GROWTH,
            BAR_SIZE if growth is not None else None,
            "×",
        ),
        bar("copies median", latency.median_ms if latency else None, BAR_MEDIAN_MS, lat_at, "ms"),
        bar("copies p99", latency.p99_ms if latency else None, BAR_P99_MS, lat_at, "ms"),
    ]


def runs_table(generation: Generation, runs: list[RunTiming]) -> Table:
    """The full runs, one row a size."""
    table = Table(title="wiretrace bench scale: full runs", header_style="bold")
    names = ("pages", "seconds", "CPU s", "docs/s", "peak MB", "tree MB", "store MB", "pairs")
    for name in names:
        table.add_column(name, justify="right")
    for r in runs:
        table.add_row(
            f"{r.size:,}",
            f"{r.seconds:,.1f}",
            f"{r.cpu_seconds:,.1f}",
            f"{r.docs_per_s:,.0f}",
            f"{r.peak_mb:,.0f}",
            f"{r.tree_peak_mb:,.0f}",
            f"{r.store_mb:,.1f}",
            f"{r.pairs:,}",
        )
    kinds = ", ".join(f"{k} {v:,}" for k, v in generation.kinds.items())
    table.caption = (
        f"corpus: {generation.pages:,} pages ({kinds}), {generation.megabytes:,.0f} MB, "
        f"generated in {generation.seconds:.1f} s ({generation.pages_per_s:,.0f} pages/s)"
    )
    return table


def bars_table(rows: list[dict[str, Any]], latency: Latency | None) -> Table:
    """The bars, their measured values and whether they are met."""
    table = Table(title="bars (at 10^6 pages)", header_style="bold")
    for name in ("bar", "limit", "measured", "status"):
        table.add_column(name, justify="left" if name in ("bar", "status") else "right")
    for row in rows:
        value = "" if row["value"] is None else f"{row['value']:,.2f} {row['unit']}"
        table.add_row(row["bar"], f"{row['limit']:,} {row['unit']}", value, row["status"])
    if latency:
        table.caption = (
            f"copies on {latency.size:,} pages: {latency.queries} queries, median "
            f"{latency.median_ms:.1f} ms, p90 {latency.p90_ms:.1f}, p99 {latency.p99_ms:.1f}, "
            f"max {latency.max_ms:.1f}; source found {latency.found}/{latency.copies}, "
            f"unrelated without match {latency.unrelated_clear}/{latency.unrelated}; "
            f"store opened in {latency.open_s:.2f} s; one CLI call {latency.cli_s:.2f} s"
        )
    return table


def parse_sizes(text: str) -> list[int]:
    """Sizes from a comma-separated list."""
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError as exc:
        raise click.BadParameter(f"not a list of numbers: {text}") from exc
    if not sizes or sizes[0] < 1:
        raise click.BadParameter("sizes must be positive")
    return sizes


@click.command(name="scale")
@click.option("--sizes", default=DEFAULT_SIZES, show_default=True, help="Corpus sizes (pages).")
@click.option(
    "--queries", type=int, default=200, show_default=True, help="`copies` queries to time."
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="JSONL(.gz) source articles with id, text, title, outlet, date "
    "[default: ../shared/data/allsides].",
)
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the corpora and stores in this folder [default: a temporary one].",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the results as JSON here.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Corpus and queries seed.")
@click.option("--generate-only", is_flag=True, help="Only generate the corpora (and time it).")
def command(
    sizes: str,
    queries: int,
    corpus: Path | None,
    keep: Path | None,
    json_path: Path | None,
    seed: int,
    generate_only: bool,
) -> None:
    """Time, peak memory and store size of the full run at growing corpus sizes (real articles,
    their copies and reworded pages), and `copies` query latency on the largest store."""
    corpus = corpus or DEFAULT_CORPUS
    if not corpus.exists():
        raise click.ClickException(f"corpus not found: {corpus}")
    wanted = parse_sizes(sizes)
    console = Console(stderr=True)
    with ExitStack() as stack:
        if keep is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wt-scale-")))
        else:
            folder = keep
            folder.mkdir(parents=True, exist_ok=True)
        results = run_bench(folder, corpus, wanted, queries, seed, generate_only, console)
    generation, runs, latency = results
    Console().print(runs_table(generation, runs))
    rows = bars(runs, latency)
    if not generate_only:
        Console().print(bars_table(rows, latency))
    if json_path:
        payload = {
            "settings": {"sizes": wanted, "queries": queries, "seed": seed, "corpus": str(corpus)},
            "generation": asdict(generation) | {"pages_per_s": round(generation.pages_per_s)},
            "runs": [asdict(r) | {"docs_per_s": round(r.docs_per_s, 1)} for r in runs],
            "copies": asdict(latency) if latency else None,
            "bars": rows,
        }
        json_path.write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2))


def run_bench(
    folder: Path,
    corpus: Path,
    sizes: list[int],
    queries: int,
    seed: int,
    generate_only: bool,
    console: Console,
) -> tuple[Generation, list[RunTiming], Latency | None]:
    """Generate the corpora, run each, and time the queries on the largest store."""
    console.print(f"reading {corpus}…")
    library = Library.build(corpus, folder)
    generator = Generator(library, seed)
    paths = {size: folder / f"pages-{size}.jsonl" for size in sizes}
    console.print(f"generating {sizes[-1]:,} pages…")
    generation = generate(generator, paths)
    console.print(f"generated in {generation.seconds:.1f} s ({generation.megabytes:,.0f} MB)")
    runs: list[RunTiming] = []
    latency = None
    if not generate_only:
        for size in sizes:
            console.print(f"full run on {size:,} pages…")
            runs.append(measure_run(size, paths[size], folder / f"run-{size}"))
            console.print(f"  {runs[-1].seconds:.1f} s, peak {runs[-1].memory_mb:,.0f} MB")
        if queries > 0:
            console.print(f"{queries} copies queries on {sizes[-1]:,} pages…")
            texts = generator.queries(queries, seed + 1)
            db = folder / f"run-{sizes[-1]}" / "store.duckdb"
            latency = measure_latency(sizes[-1], db, texts, folder)
    library.close()
    return generation, runs, latency


def iter_pages(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a generated corpus file."""
    with path.open("rb") as stream:
        for line in stream:
            yield orjson.loads(line)


if __name__ == "__main__":
    output = job_latency(Path(sys.argv[1]), Path(sys.argv[2]))
    Path(sys.argv[3]).write_bytes(orjson.dumps(output))
