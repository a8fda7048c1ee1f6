"""`wiretrace bench extraction DATA_DIR`: wiretrace and trafilatura scored side by side.

DATA_DIR is laid out like the article-extraction-benchmark: `html/<id>.html.gz` (or `.html`)
pages and `ground-truth.json` mapping each id to `{"url", "articleBody"}`. The metric is the
benchmark's own: word 4-gram multiset shingles over `\\w+` tokens, per-page tp/fp/fn,
macro-averaged precision and recall, F1 the harmonic mean of the two means.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


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


@dataclass
class Result:
    """One extractor's outputs, per-page counts and time spent over the benchmark."""

    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def score(self) -> Score:
        """Precision, recall and F1 over all pages."""
        return score(list(self.counts.values()))

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


def wiretrace_extractor() -> Callable[[str, str | None], str]:
    """wiretrace's HTML extraction as a function of (html, url) -> body."""
    from wiretrace.extract import extract
    from wiretrace.model import Page

    def run(html: str, url: str | None) -> str:
        """The clean body wiretrace extracts from one page."""
        return extract(Page(id="bench", source="bench", html=html, url=url)).body

    return run


def trafilatura_extractor() -> Callable[[str, str | None], str]:
    """trafilatura with its defaults, as the benchmark's reference peer."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    def run(html: str, url: str | None) -> str:
        """The text trafilatura extracts from one page."""
        return trafilatura.extract(html, url=url) or ""

    return run


def run_benchmark(
    data_dir: Path,
    extractors: dict[str, Callable[[str, str | None], str]],
    limit: int | None = None,
    rounds: int = 1,
) -> dict[str, Result]:
    """Run every extractor over every page, interleaved page by page, and score each."""
    pages, truth = load_benchmark(data_dir)
    ids = sorted(pages)[:limit] if limit else sorted(pages)
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
                results[name].outputs[page_id] = out
    for result in results.values():
        result.seconds /= rounds
        for page_id in ids:
            result.counts[page_id] = page_counts(
                truth[page_id]["articleBody"], result.outputs[page_id]
            )
    return results


def _safe(fn: Callable[[str, str | None], str], html: str, url: str | None) -> str:
    """An extractor's output, or "" when it fails: one bad page must not stop the bench."""
    try:
        return fn(html, url)
    except Exception as exc:
        logging.getLogger(__name__).warning("extractor failed on %s: %s", url, exc)
        return ""


def page_f1(counts: tuple[float, float, float]) -> float:
    """F1 of one page from its tp/fp/fn."""
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


@click.command(name="extraction")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N pages.")
@click.option("--rounds", type=int, default=1, show_default=True, help="Timing rounds.")
@click.option("--worst", type=int, default=0, help="List the N pages where wiretrace loses most.")
@click.option("--json-out", type=click.Path(path_type=Path), default=None, help="Write results.")
def command(
    data_dir: Path, limit: int | None, rounds: int, worst: int, json_out: Path | None
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
    )
    table = Table(title=f"article extraction: {len(results['wiretrace'].counts)} pages")
    for column in ("extractor", "F1", "precision", "recall", "pages/s"):
        table.add_column(column, justify="right" if column != "extractor" else "left")
    for name, result in results.items():
        s = result.score
        label = name if name == "wiretrace" else f"{name} {trafilatura.__version__}"
        table.add_row(
            label,
            f"{s.f1:.4f}",
            f"{s.precision:.4f}",
            f"{s.recall:.4f}",
            f"{result.pages_per_second:.1f}",
        )
    console = Console()
    console.print(table)
    ours, peer = results["wiretrace"], results["trafilatura"]
    ratio = ours.pages_per_second / peer.pages_per_second if peer.pages_per_second else 0.0
    console.print(f"throughput ratio wiretrace/trafilatura: {ratio:.2f}")
    if worst:
        losses = sorted(
            ours.counts, key=lambda k: page_f1(ours.counts[k]) - page_f1(peer.counts[k])
        )[:worst]
        for page_id in losses:
            console.print(
                f"{page_id[:16]}  wiretrace {page_f1(ours.counts[page_id]):.3f}  "
                f"trafilatura {page_f1(peer.counts[page_id]):.3f}"
            )
    if json_out:
        json_out.write_text(
            json.dumps(
                {
                    name: {
                        "f1": r.score.f1,
                        "precision": r.score.precision,
                        "recall": r.score.recall,
                        "pages_per_second": r.pages_per_second,
                        "pages": {k: list(v) for k, v in r.counts.items()},
                    }
                    for name, r in results.items()
                },
                indent=1,
            ),
            encoding="utf-8",
        )
