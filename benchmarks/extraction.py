"""`python -m benchmarks extraction DATA_DIR`: wiretrace and trafilatura scored side by side.

DATA_DIR is laid out like the article-extraction-benchmark: `html/<id>.html.gz` (or `.html`)
pages and `ground-truth.json` mapping each id to `{"url", "articleBody"}`; in WCXB's layout
(`wcxb-dev`) each id also has `title`, `author`, `published`, `must_have` and `must_not_have`.

What is scored, per page and then over the pages:
- shingles, the article-extraction-benchmark's metric: word 4-gram multisets over `\\w+`
  tokens, tp/fp/fn as shares of their sum, precision and recall averaged over pages, F1 the
  harmonic mean of the two averages;
- words, WCXB's metric: lower-cased `\\w+` tokens as a multiset, precision, recall and F1 per
  page, each averaged over pages;
- catastrophic pages: where wiretrace's true-positive words are under half of trafilatura's;
- snippets: the share of `must_have` snippets found in the output, and of `must_not_have`
  snippets absent from it;
- metadata: title, author (wiretrace's byline) and publication date against the truth.
Pages fall in two halves by a fixed rule, their id's parity (`int(id, 16) % 2`): tune on one
half, report the other.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4
HALVES = ("even", "odd")
CATASTROPHIC_SHARE = 0.5  # wiretrace keeps under this share of trafilatura's true words
_NOT_NAMES = frozenset(["and", "by"])
META_FIELDS = ("title", "author", "published")


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of a text (the benchmark's unit of comparison)."""
    tokens = WORD.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """tp, fp, fn of one page as shares of their sum (each page weighs the same)."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


@dataclass
class Score:
    """Macro precision, recall and F1 over the pages scored."""

    precision: float
    recall: float
    f1: float


def score(counts: list[tuple[float, float, float]]) -> Score:
    """Macro-averaged precision and recall, and their harmonic mean, from per-page counts."""
    precisions, recalls = [], []
    for tp, fp, fn in counts:
        if tp == fp == fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(precision=p, recall=r, f1=f1)


def page_f1(counts: tuple[float, float, float]) -> float:
    """Shingle F1 of one page from its tp/fp/fn."""
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


# --- words: WCXB's metric -------------------------------------------------------------------


def words(text: str) -> Counter[str]:
    """The multiset of lower-cased `\\w+` tokens of a text (WCXB's unit of comparison)."""
    return Counter(WORD.findall((text or "").lower()))


@dataclass(frozen=True)
class WordCounts:
    """One page's word multiset counts: true positives, false positives, false negatives.

    Precision, recall and F1 are the page's own; a page where both texts are empty scores 1,
    a page where only one is empty scores 0 on all three.
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of the predicted words that are true."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of the true words predicted."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of the page's precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def word_counts(truth: str, predicted: str) -> WordCounts:
    """tp, fp, fn of one page over lower-cased word multisets."""
    true, pred = words(truth), words(predicted)
    tp = sum((true & pred).values())
    return WordCounts(tp=tp, fp=sum(pred.values()) - tp, fn=sum(true.values()) - tp)


def word_score(counts: Iterable[WordCounts]) -> Score:
    """Precision, recall and F1 of each page, each averaged over the pages (WCXB's F1 is the
    average of the pages' F1, not the harmonic mean of the averages)."""
    pages = list(counts)
    if not pages:
        return Score(precision=0.0, recall=0.0, f1=0.0)
    n = len(pages)
    return Score(
        precision=sum(c.precision for c in pages) / n,
        recall=sum(c.recall for c in pages) / n,
        f1=sum(c.f1 for c in pages) / n,
    )


# --- halves, catastrophic pages ----------------------------------------------------------------


def half_of(page_id: str) -> str:
    """The page's half by a fixed rule: the parity of its id's last hex digit (ids are
    decimal strings in wcxb-dev, hex hashes in the article-extraction-benchmark)."""
    last = page_id[-1:] or "0"
    try:
        parity = int(last, 16) % 2
    except ValueError:
        parity = ord(last) % 2
    return HALVES[parity]


def catastrophic(
    ours: Mapping[str, WordCounts],
    peer: Mapping[str, WordCounts],
    share: float = CATASTROPHIC_SHARE,
) -> tuple[list[str], int]:
    """Pages where ours keeps under `share` of what the peer gets right (true-positive words),
    among the pages where the peer gets some right; and how many such pages there are."""
    eligible = [k for k in ours if k in peer and peer[k].tp > 0]
    bad = [k for k in eligible if ours[k].tp < share * peer[k].tp]
    return bad, len(eligible)


# --- snippets --------------------------------------------------------------------------------


def normalised(text: str) -> str:
    """Whitespace re-flowed to single spaces, case folded: the form snippets are matched in."""
    return " ".join((text or "").casefold().split())


def contains(haystack: str, snippet: str) -> bool:
    """True when the normalised snippet stands in the normalised text as whole words: where a
    snippet starts or ends with a word character, no word character may touch it there
    (`home` is not found in `homeowners`)."""
    needle = normalised(snippet)
    if not needle:
        return False
    head = r"(?<!\w)" if WORD.match(needle[0]) else ""
    tail = r"(?!\w)" if WORD.match(needle[-1]) else ""
    if not head and not tail:
        return needle in haystack
    start = haystack.find(needle)
    if start < 0:
        return False
    return re.compile(head + re.escape(needle) + tail).search(haystack, start) is not None


@dataclass(frozen=True)
class SnippetCounts:
    """One page's snippets: must-have found of total, must-not-have absent of total."""

    have_found: int
    have_total: int
    not_absent: int
    not_total: int


def snippet_counts(
    text: str, must_have: Sequence[str], must_not_have: Sequence[str]
) -> SnippetCounts:
    """How many of a page's must-have snippets the text holds, and of its must-not-have
    snippets it is free of (empty snippets are not counted)."""
    haystack = normalised(text)
    have = [s for s in must_have if normalised(s)]
    avoid = [s for s in must_not_have if normalised(s)]
    return SnippetCounts(
        have_found=sum(contains(haystack, s) for s in have),
        have_total=len(have),
        not_absent=sum(not contains(haystack, s) for s in avoid),
        not_total=len(avoid),
    )


def snippet_score(counts: Iterable[SnippetCounts]) -> dict[str, Any]:
    """Over all snippets of all pages: the share of must-have snippets found and of
    must-not-have snippets absent, with how many snippets and pages each share is of."""
    pages = list(counts)
    have = sum(c.have_total for c in pages)
    avoid = sum(c.not_total for c in pages)
    return {
        "must_have": sum(c.have_found for c in pages) / have if have else None,
        "must_have_snippets": have,
        "must_have_pages": sum(1 for c in pages if c.have_total),
        "must_not_have": sum(c.not_absent for c in pages) / avoid if avoid else None,
        "must_not_have_snippets": avoid,
        "must_not_have_pages": sum(1 for c in pages if c.not_total),
    }


# --- metadata --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """What an extractor says about a page besides its text."""

    title: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Extraction:
    """An extractor's output for one page: its text, and its metadata when it gives any."""

    text: str
    meta: Meta | None = None


def title_tokens(text: str | None) -> list[str]:
    """A title as its sequence of case-folded `\\w+` tokens."""
    return WORD.findall((text or "").casefold())


def token_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 of two token multisets (1 when both are empty)."""
    if not truth and not predicted:
        return 1.0
    tp = sum((Counter(truth) & Counter(predicted)).values())
    return 2 * tp / (len(truth) + len(predicted)) if tp else 0.0


def name_tokens(text: str | None) -> set[str]:
    """The case-folded word tokens of a list of names, without `and`/`by`."""
    return set(WORD.findall((text or "").casefold())) - _NOT_NAMES


def date_match(truth: str, predicted: str | None) -> bool:
    """Same calendar date: the prediction's `YYYY-MM-DD` starts with the truth's (a truth
    given as `YYYY-MM` matches any day of that month)."""
    want = truth.strip()[:10]
    return bool(predicted) and bool(want) and str(predicted).strip()[:10].startswith(want)


@dataclass(frozen=True)
class MetaCheck:
    """One page's metadata against the truth; None where the truth gives no value."""

    title: bool | None = None
    title_f1: float | None = None
    author: bool | None = None
    author_f1: float | None = None
    published: bool | None = None


def meta_check(truth: Mapping[str, Any], meta: Meta) -> MetaCheck:
    """Title (equal token sequences; token F1), author (equal sets of name tokens; token F1)
    and date (same calendar date) of one page, where the truth has them."""
    title = author = published = None
    title_f1 = author_f1 = None
    if truth.get("title") and title_tokens(truth["title"]):
        want, got = title_tokens(truth["title"]), title_tokens(meta.title)
        title, title_f1 = want == got, token_f1(want, got)
    if truth.get("author") and name_tokens(truth["author"]):
        want_set, got_set = name_tokens(truth["author"]), name_tokens(meta.author)
        author = want_set == got_set
        author_f1 = token_f1(sorted(want_set), sorted(got_set))
    if truth.get("published"):
        published = date_match(str(truth["published"]), meta.published)
    return MetaCheck(title, title_f1, author, author_f1, published)


def meta_score(checks: Iterable[MetaCheck]) -> dict[str, dict[str, Any]]:
    """Accuracy (and token F1 for title and author) over the pages where the truth has a
    value, with how many pages were scored."""
    checks = list(checks)
    out: dict[str, dict[str, Any]] = {}
    for name, f1_name in zip(META_FIELDS, ("title_f1", "author_f1", None), strict=True):
        scored = [c for c in checks if getattr(c, name) is not None]
        entry: dict[str, Any] = {
            "accuracy": sum(bool(getattr(c, name)) for c in scored) / len(scored)
            if scored
            else None,
            "pages": len(scored),
        }
        if f1_name:
            entry["token_f1"] = (
                sum(getattr(c, f1_name) for c in scored) / len(scored) if scored else None
            )
        out[name] = entry
    return out


# --- running ---------------------------------------------------------------------------------

Extractor = Callable[[str, "str | None"], "str | Extraction"]
MetaReader = Callable[[str, "str | None"], Meta]


@dataclass
class Result:
    """One extractor's outputs, per-page scores and time spent over the benchmark."""

    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    words: dict[str, WordCounts] = field(default_factory=dict)
    meta: dict[str, Meta] = field(default_factory=dict)
    snippets: dict[str, SnippetCounts] = field(default_factory=dict)
    checks: dict[str, MetaCheck] = field(default_factory=dict)
    seconds: float = 0.0
    meta_seconds: float = 0.0  # metadata read apart from the text (not in pages/s)

    @property
    def score(self) -> Score:
        """Shingle precision, recall and F1 over all pages."""
        return score(list(self.counts.values()))

    @property
    def word_score(self) -> Score:
        """Word precision, recall and F1 over all pages (WCXB's metric)."""
        return word_score(self.words.values())

    def half(self, half: str) -> tuple[Score, Score, int]:
        """Word and shingle scores over one half of the pages, and how many pages it has."""
        ids = [k for k in self.counts if half_of(k) == half]
        return (
            word_score(self.words[k] for k in ids),
            score([self.counts[k] for k in ids]),
            len(ids),
        )

    @property
    def pages_per_second(self) -> float:
        """Pages extracted per second of extraction time."""
        return len(self.outputs) / self.seconds if self.seconds else 0.0


def load_benchmark(data_dir: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """The pages' HTML by id, and the ground truth by id (only ids present in both)."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for path in sorted((data_dir / "html").iterdir()):
        page_id = path.name.split(".", 1)[0]
        if page_id not in truth:
            continue
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages[page_id] = html_text(data)
    return pages, {k: v for k, v in truth.items() if k in pages}


def html_text(data: bytes) -> str:
    """Decode page bytes the way the read stage does (declared or detected encoding)."""
    from wiretrace.read.decode import DecodeError, decode

    try:
        return decode(data, html=True)
    except DecodeError:
        return data.decode("utf-8", errors="replace")


def wiretrace_extractor() -> Callable[[str, str | None], Extraction]:
    """wiretrace's HTML extraction as a function of (html, url) -> body and metadata (title,
    byline, date: all from the one `extract` call that is timed)."""
    from wiretrace.extract import extract
    from wiretrace.model import Page

    def run(html: str, url: str | None) -> Extraction:
        """The clean body and metadata wiretrace extracts from one page."""
        doc = extract(Page(id="bench", source="bench", html=html, url=url))
        return Extraction(doc.body, Meta(doc.title, doc.byline, doc.published))

    return run


def trafilatura_extractor() -> Callable[[str, str | None], str]:
    """trafilatura with its defaults, as the benchmark's reference peer."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    def run(html: str, url: str | None) -> str:
        """The text trafilatura extracts from one page."""
        return trafilatura.extract(html, url=url) or ""

    return run


def trafilatura_metadata() -> MetaReader:
    """trafilatura's metadata pass with its defaults (title, author, date), apart from its
    text extraction: `trafilatura.extract` reads no metadata unless asked."""
    from trafilatura import extract_metadata

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)

    def run(html: str, url: str | None) -> Meta:
        """trafilatura's title, author and date of one page."""
        doc = extract_metadata(html, default_url=url)
        if doc is None:
            return Meta()
        return Meta(doc.title, doc.author, doc.date)

    return run


def select(ids: Iterable[str], half: str = "all", limit: int | None = None) -> list[str]:
    """The ids to run, sorted: one half of them (or all), then the first `limit`."""
    chosen = sorted(k for k in ids if half == "all" or half_of(k) == half)
    return chosen[:limit] if limit else chosen


def has_snippets(truth: Mapping[str, Mapping[str, Any]]) -> bool:
    """True when the ground truth gives must-have / must-not-have snippets."""
    return any(t.get("must_have") or t.get("must_not_have") for t in truth.values())


def has_metadata(truth: Mapping[str, Mapping[str, Any]]) -> bool:
    """True when the ground truth gives a title, author or date for some page."""
    return any(t.get(k) for t in truth.values() for k in META_FIELDS)


def run_benchmark(
    data_dir: Path,
    extractors: Mapping[str, Extractor],
    limit: int | None = None,
    rounds: int = 1,
    half: str = "all",
    metadata: Mapping[str, MetaReader] | None = None,
) -> dict[str, Result]:
    """Run every extractor over every page (of `half`), interleaved page by page, and score
    each. `metadata` reads metadata for extractors whose output has none, in a pass of its
    own after the timed ones (its time is kept apart)."""
    pages, truth = load_benchmark(data_dir)
    ids = select(pages, half, limit)
    results = {name: Result(name) for name in extractors}
    if ids:  # warm up (imports, lazy tables) outside the timed runs
        for fn in extractors.values():
            _safe(fn, pages[ids[0]], truth[ids[0]].get("url"))
    for round_ in range(rounds):
        order = list(extractors.items())
        for i, page_id in enumerate(ids):
            url = truth[page_id].get("url")
            # alternate which extractor goes first so that caches and load even out
            for name, fn in order if (i + round_) % 2 == 0 else order[::-1]:
                start = time.perf_counter()
                out = _safe(fn, pages[page_id], url)
                results[name].seconds += time.perf_counter() - start
                results[name].outputs[page_id] = out.text
                if out.meta is not None:
                    results[name].meta[page_id] = out.meta
    scored_meta = has_metadata(truth)
    for name, read in (metadata or {}).items():
        if name not in results or not scored_meta:
            continue
        result = results[name]
        for page_id in ids:
            start = time.perf_counter()
            result.meta[page_id] = _safe_meta(read, pages[page_id], truth[page_id].get("url"))
            result.meta_seconds += time.perf_counter() - start
    scored_snippets = has_snippets(truth)
    for result in results.values():
        result.seconds /= rounds
        for page_id in ids:
            true, out = truth[page_id], result.outputs[page_id]
            result.counts[page_id] = page_counts(true["articleBody"], out)
            result.words[page_id] = word_counts(true["articleBody"], out)
            if scored_snippets:
                result.snippets[page_id] = snippet_counts(
                    out, true.get("must_have") or [], true.get("must_not_have") or []
                )
            if scored_meta and page_id in result.meta:
                result.checks[page_id] = meta_check(true, result.meta[page_id])
    return results


def _safe(fn: Extractor, html: str, url: str | None) -> Extraction:
    """An extractor's output, or "" when it fails: one bad page must not stop the bench."""
    try:
        out = fn(html, url)
    except Exception as exc:
        logging.getLogger(__name__).warning("extractor failed on %s: %s", url, exc)
        return Extraction("")
    return out if isinstance(out, Extraction) else Extraction(out or "")


def _safe_meta(fn: MetaReader, html: str, url: str | None) -> Meta:
    """A metadata reader's output, or nothing when it fails."""
    try:
        return fn(html, url)
    except Exception as exc:
        logging.getLogger(__name__).warning("metadata failed on %s: %s", url, exc)
        return Meta()


# --- report ----------------------------------------------------------------------------------


def _share(value: float | None) -> str:
    """A share for the table, or a dash."""
    return "–" if value is None else f"{value:.3f}"


def summary(results: Mapping[str, Result], half: str) -> dict[str, Any]:
    """Everything the command reports, as JSON: per extractor its scores, halves, snippets,
    metadata and per-page figures; and the catastrophic pages of wiretrace against
    trafilatura (when both ran)."""
    out: dict[str, Any] = {}
    for name, r in results.items():
        shingle, word = r.score, r.word_score
        entry: dict[str, Any] = {
            "f1": shingle.f1,  # the shingle metric, under the names it always had
            "precision": shingle.precision,
            "recall": shingle.recall,
            "pages_per_second": r.pages_per_second,
            "seconds": r.seconds,
            "pages": {k: list(v) for k, v in r.counts.items()},
            "word": {"f1": word.f1, "precision": word.precision, "recall": word.recall},
            "halves": {},
        }
        for h in HALVES:
            w, s, n = r.half(h)
            if n:
                entry["halves"][h] = {"pages": n, "word_f1": w.f1, "shingle_f1": s.f1}
        if r.snippets:
            entry["snippets"] = snippet_score(r.snippets.values())
        if r.checks:
            entry["metadata"] = meta_score(r.checks.values())
            entry["metadata_seconds"] = r.meta_seconds
        per_page: dict[str, Any] = {}
        for k in r.counts:
            c, page = r.words[k], {"half": half_of(k)}
            page.update(word=[c.tp, c.fp, c.fn], word_f1=c.f1, shingle_f1=page_f1(r.counts[k]))
            if k in r.snippets:
                sn = r.snippets[k]
                page["must_have"] = [sn.have_found, sn.have_total]
                page["must_not_have"] = [sn.not_absent, sn.not_total]
            if k in r.checks:
                m, check = r.meta[k], r.checks[k]
                page["title"] = {"value": m.title, "match": check.title}
                page["author"] = {"value": m.author, "match": check.author}
                page["published"] = {"value": m.published, "match": check.published}
            per_page[k] = page
        entry["per_page"] = per_page
        out[name] = entry
    if "wiretrace" in results and "trafilatura" in results:
        bad, eligible = catastrophic(results["wiretrace"].words, results["trafilatura"].words)
        out["catastrophic"] = {
            "rule": f"wiretrace tp words < {CATASTROPHIC_SHARE} x trafilatura's, "
            "among pages where trafilatura's tp > 0",
            "count": len(bad),
            "pages": eligible,
            "share": len(bad) / eligible if eligible else None,
            "ids": bad,
        }
    out["half"] = half
    return out


@click.command(name="extraction")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N pages.")
@click.option("--rounds", type=int, default=1, show_default=True, help="Timing rounds.")
@click.option(
    "--half",
    type=click.Choice(["all", *HALVES]),
    default="all",
    show_default=True,
    help="Pages of one half only (by id parity: int(id, 16) % 2).",
)
@click.option(
    "--worst",
    type=int,
    default=0,
    help="List the N pages where wiretrace loses most, and the catastrophic pages' ids.",
)
@click.option("--json-out", type=click.Path(path_type=Path), default=None, help="Write results.")
def command(
    data_dir: Path,
    limit: int | None,
    rounds: int,
    half: str,
    worst: int,
    json_out: Path | None,
) -> None:
    """Score wiretrace and trafilatura on an article-extraction benchmark folder, side by side."""
    import trafilatura
    from rich.console import Console
    from rich.table import Table

    results = run_benchmark(
        data_dir,
        {"wiretrace": wiretrace_extractor(), "trafilatura": trafilatura_extractor()},
        limit=limit,
        rounds=rounds,
        half=half,
        metadata={"trafilatura": trafilatura_metadata()},
    )
    report = summary(results, half)
    labels = {name: name for name in results}
    pages = len(results["wiretrace"].counts)
    console = Console()
    title = f"article extraction: {pages} pages" + ("" if half == "all" else f" ({half} half)")
    table = Table(title=title, caption=f"trafilatura {trafilatura.__version__}, defaults")
    columns = ("extractor", "word F1", "word P", "word R", "shingle F1", "shingle P", "shingle R")
    for column in (*columns, "pages/s"):
        table.add_column(column, justify="right" if column != "extractor" else "left")
    for name, result in results.items():
        s, w = result.score, result.word_score
        table.add_row(
            labels[name],
            *(f"{v:.4f}" for v in (w.f1, w.precision, w.recall, s.f1, s.precision, s.recall)),
            f"{result.pages_per_second:.1f}",
        )
    console.print(table)
    ours, peer = results["wiretrace"], results["trafilatura"]
    ratio = ours.pages_per_second / peer.pages_per_second if peer.pages_per_second else 0.0
    console.print(f"throughput ratio wiretrace/trafilatura: {ratio:.2f}")
    if half == "all":
        counts = {h: sum(1 for k in ours.counts if half_of(k) == h) for h in HALVES}
        halves = Table(
            title="halves by id parity (int(id, 16) % 2)",
            caption=", ".join(f"{h}: {counts[h]} pages" for h in HALVES),
        )
        halves.add_column("extractor")
        for h in HALVES:
            halves.add_column(f"word F1 {h}", justify="right")
        for h in HALVES:
            halves.add_column(f"shingle F1 {h}", justify="right")
        for name, result in results.items():
            parts = [result.half(h) for h in HALVES]
            halves.add_row(
                labels[name],
                *(f"{w.f1:.4f}" for w, _, _ in parts),
                *(f"{s.f1:.4f}" for _, s, _ in parts),
            )
        console.print(halves)
    extra = [n for n in results if "snippets" in report[n] or "metadata" in report[n]]
    if extra:
        first = report[extra[0]]
        snip = first.get("snippets") or {}
        meta = first.get("metadata") or {}
        scored = [
            f"must_have: {snip.get('must_have_snippets', 0)} snippets",
            f"must_not_have: {snip.get('must_not_have_snippets', 0)} snippets",
            *(f"{k}: {(meta.get(k) or {}).get('pages', 0)} pages" for k in META_FIELDS),
        ]
        more = Table(
            title="snippets and metadata (share right)",
            caption="scored: " + ", ".join(scored) + "; tF1: token F1",
        )
        heads = ("must_have", "must_not_have", "title", "title tF1", "author", "author tF1")
        for head in ("extractor", *heads, "date"):
            more.add_column(head, justify="right" if head != "extractor" else "left")
        for name in extra:
            snip = report[name].get("snippets") or {}
            meta = report[name].get("metadata") or {}
            more.add_row(
                labels[name],
                _share(snip.get("must_have")),
                _share(snip.get("must_not_have")),
                _share((meta.get("title") or {}).get("accuracy")),
                _share((meta.get("title") or {}).get("token_f1")),
                _share((meta.get("author") or {}).get("accuracy")),
                _share((meta.get("author") or {}).get("token_f1")),
                _share((meta.get("published") or {}).get("accuracy")),
            )
        console.print(more)
    bad = report["catastrophic"]
    console.print(
        f"catastrophic pages (wiretrace keeps under half of trafilatura's true words): "
        f"{bad['count']} of {bad['pages']}"
        + (f" ({bad['share']:.1%})" if bad["share"] is not None else "")
    )
    if worst:
        losses = sorted(
            ours.counts, key=lambda k: page_f1(ours.counts[k]) - page_f1(peer.counts[k])
        )[:worst]
        for page_id in losses:
            console.print(
                f"{page_id[:16]}  shingle F1 wiretrace {page_f1(ours.counts[page_id]):.3f}  "
                f"trafilatura {page_f1(peer.counts[page_id]):.3f}  word F1 wiretrace "
                f"{ours.words[page_id].f1:.3f}  trafilatura {peer.words[page_id].f1:.3f}"
            )
        if bad["ids"]:
            console.print("catastrophic: " + " ".join(k[:16] for k in bad["ids"]))
    if json_out:
        json_out.write_text(json.dumps(report, indent=1), encoding="utf-8")
