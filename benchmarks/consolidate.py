"""`python -m benchmarks consolidate`: direct quotes and their speakers, beside a naive baseline.

Labelled sets (benchmarks/data/README.md says how they were made):

- `quotes_real.jsonl`: real news articles (AllSides, story-chains) read at run time from the
  shared data folder ($WIRETRACE_SHARED or ../shared/data); the labels hold ids, character
  offsets, a hash of each quote's first words and the speaker, never the articles' text. Split
  dev/report by a fixed rule (the SHA-1 of "dataset:id"): tune on dev, report on report.
- `quotes_examples.jsonl`: the example pages' bodies (our own text, `examples/pages`, read
  through wiretrace's own cleaning) with their quotes written out.

A predicted quote matches a gold one when their spans share more than half of the words of
each (one to one, largest overlap first). Quote precision, recall and F1; speaker accuracy over
the matched quotes (names compared leniently: case, titles, possessives, a surname alone).
The baseline takes every span between a pair of quote marks and, as speaker, the capitalised
name nearest to the "said" nearest the quote.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from benchmarks import ROOT, checkout_path
from wiretrace.consolidate.quotes import quotes
from wiretrace.engines.local import run

Span = tuple[int, int, str | None]  # start, end, speaker
Finder = Callable[[str], list[Span]]
_WORD = re.compile(r"\w+")
_TITLES = re.compile(
    r"\b(?:mr|mrs|ms|dr|sen|rep|gov|gen|president|senator|minister|secretary|chairman|"
    r"spokesman|spokeswoman|the|u\.s\.)\b\.?",
    re.IGNORECASE,
)


def shared_data(path: str | None = None) -> Path:
    """The shared data folder: the option, else $WIRETRACE_SHARED, else ../shared/data."""
    return Path(path or os.environ.get("WIRETRACE_SHARED") or ROOT.parent / "shared" / "data")


def first_words(text: str) -> str:
    """The label's check on a span: SHA-1 (12 hex) of its first five words, lower-cased."""
    words = " ".join(_WORD.findall(text.lower())[:5])
    return hashlib.sha1(words.encode()).hexdigest()[:12]


@dataclass
class Article:
    """One labelled text: its words and its gold quotes."""

    key: str
    split: str
    text: str
    gold: list[Span]
    round: int = 1  # the labelling round (benchmarks/data/README.md)


@dataclass
class Score:
    """Quote matches and speaker agreement, with the counts behind them."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speakers_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts to this one."""
        self.predicted += other.predicted
        self.gold += other.gold
        self.matched += other.matched
        self.speakers_right += other.speakers_right
        self.misses.extend(other.misses)

    def figures(self) -> dict[str, float | int]:
        """Precision, recall, F1 and speaker accuracy, with the counts."""
        p = self.matched / self.predicted if self.predicted else 1.0
        r = self.matched / self.gold if self.gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        speaker = self.speakers_right / self.matched if self.matched else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f1, 3),
            "speaker_accuracy": round(speaker, 3),
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
        }


def load_real(labels: Path, data: Path) -> list[Article]:
    """The real articles with their labels, texts read from the shared data (skipped ones
    left out)."""
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line]
    wanted = {(r["dataset"], r["id"]) for r in rows if "skipped" not in r}
    texts = dict(_texts(data, wanted))
    articles = []
    for row in rows:
        if "skipped" in row:
            continue
        text = texts[(row["dataset"], row["id"])]
        gold = []
        for q in row["quotes"]:
            if first_words(text[q["start"] : q["end"]]) != q["words"]:
                raise click.ClickException(f"{row['id']}: label at {q['start']} no longer matches")
            gold.append((q["start"], q["end"], q["speaker"]))
        key = f"{row['dataset']}:{row['id']}"
        articles.append(Article(key, row["split"], text, gold, row.get("round", 1)))
    return articles


def _texts(data: Path, wanted: set[tuple[str, str]]) -> Iterable[tuple[tuple[str, str], str]]:
    """(dataset, id) -> text of the wanted articles."""
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if ("allsides", row["id"]) in wanted:
                yield ("allsides", row["id"]), row["text"]
    chains = data / "story-chains" / "chains_articles.jsonl"
    for line in chains.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if ("story-chains", row["id"]) in wanted:
            yield ("story-chains", row["id"]), row["text"]


def load_examples(labels: Path) -> list[Article]:
    """The example pages' bodies (wiretrace's own cleaning) with their written-out quotes."""
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as folder:
        report = run([checkout_path("examples", "pages")], Path(folder) / "db.duckdb").report
    bodies = {d["id"]: d["body"] for d in (report or {}).get("documents", [])}
    articles = []
    for row in rows:
        body = bodies[row["id"]]
        gold = []
        for q in row["quotes"]:
            start = body.find(q["text"])
            if start < 0:
                raise click.ClickException(f"{row['id']}: quote not in the body: {q['text']!r}")
            gold.append((start, start + len(q["text"]), q["speaker"]))
        articles.append(Article(f"examples:{row['id']}", "examples", body, gold))
    return articles


def wiretrace_quotes(text: str) -> list[Span]:
    """wiretrace's quotes of a text."""
    return [(q["start"], q["end"], q["speaker"]) for q in quotes(text)]


_BASELINE_SPAN = re.compile(r'“([^“”]+)”|"([^"]+)"|«([^»]+)»|„([^“”]+)[“”]')
_SAID = re.compile(r"\bsaid\b")
_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")


def baseline_quotes(text: str) -> list[Span]:
    """Every span between a pair of quote marks; speaker: the capitalised name nearest to the
    "said" nearest the quote."""
    saids = [m.start() for m in _SAID.finditer(text)]
    found = []
    for m in _BASELINE_SPAN.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        speaker = None
        if saids:
            said = min(saids, key=lambda s: start - s if s < start else s - end)
            speaker = _nearest_name(text, said)
        found.append((start, end, speaker))
    return found


def _nearest_name(text: str, at: int) -> str | None:
    """The capitalised run nearest to position `at` (within 60 characters either side)."""
    best, distance = None, 61
    for m in _NAME.finditer(text, max(0, at - 60), min(len(text), at + 64)):
        d = at - m.end() if m.end() <= at else m.start() - at
        if 0 <= d < distance:
            best, distance = m.group(), d
    return best


def score(article: Article, predicted: list[Span]) -> Score:
    """One article's matches (more than half the words of each span shared, one to one)."""
    text = article.text
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]

    def count(a: int, b: int) -> int:
        """Words inside [a, b)."""
        return sum(1 for s, e in words if s >= a and e <= b)

    pairs = []
    for i, (gs, ge, _) in enumerate(article.gold):
        g_words = count(gs, ge)
        for j, (ps, pe, _) in enumerate(predicted):
            lo, hi = max(gs, ps), min(ge, pe)
            if lo >= hi:
                continue
            shared = count(lo, hi)
            if shared * 2 > max(g_words, 1) and shared * 2 > max(count(ps, pe), 1):
                pairs.append((shared, i, j))
    pairs.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    result = Score(predicted=len(predicted), gold=len(article.gold))
    for _, i, j in pairs:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        result.matched += 1
        gold_speaker, said = article.gold[i][2], predicted[j][2]
        if same_speaker(gold_speaker, said):
            result.speakers_right += 1
        else:
            result.misses.append(f"{article.key} speaker {said!r} for {gold_speaker!r}")
    for i, (gs, ge, who) in enumerate(article.gold):
        if i not in used_gold:
            result.misses.append(f"{article.key} missed {text[gs:ge][:50]!r} ({who})")
    for j, (ps, pe, who) in enumerate(predicted):
        if j not in used_pred:
            result.misses.append(f"{article.key} extra {text[ps:pe][:50]!r} ({who})")
    return result


def _name_words(name: str) -> list[str]:
    """A speaker's words for comparison: lower-cased, titles and possessives dropped."""
    name = name.replace("’s", "").replace("'s", "")
    return _WORD.findall(_TITLES.sub(" ", name.lower()))


def same_speaker(gold: str | None, said: str | None) -> bool:
    """The predicted speaker names the gold one: both none, the same words, one inside the
    other, or the same last word (a surname alone)."""
    if gold is None or said is None:
        return gold is None and said is None
    g, s = _name_words(gold), _name_words(said)
    if not g or not s:
        return g == s
    if g == s or g[-1] == s[-1]:
        return True
    joined_g, joined_s = f" {' '.join(g)} ", f" {' '.join(s)} "
    return joined_g in joined_s or joined_s in joined_g


def evaluate(
    articles: Sequence[Article], finders: Mapping[str, Finder]
) -> dict[str, dict[str, Any]]:
    """Per split and finder: the figures, the time per article and the misses."""
    out: dict[str, dict[str, Any]] = {}
    for split in sorted({a.split for a in articles}):
        chosen = [a for a in articles if a.split == split]
        out[split] = {"articles": len(chosen)}
        for name, finder in finders.items():
            total = Score()
            start = time.process_time()
            found = [finder(a.text) for a in chosen]
            seconds = time.process_time() - start
            for article, predicted in zip(chosen, found, strict=True):
                total.add(score(article, predicted))
            out[split][name] = total.figures() | {
                "ms_per_article": round(1000 * seconds / max(len(chosen), 1), 3)
            }
            out[split][name + "_misses"] = total.misses
    return out


def per_doc_cost(data: Path, count: int) -> float:
    """CPU milliseconds per document of `quotes` over the first `count` AllSides bodies."""
    texts = []
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            texts.append(json.loads(line)["text"])
            if len(texts) >= count:
                break
    start = time.process_time()
    for text in texts:
        quotes(text)
    return 1000 * (time.process_time() - start) / max(len(texts), 1)


@click.command(name="consolidate")
@click.option("--data", "data_dir", default=None, help="Shared data folder (../shared/data).")
@click.option("--misses", is_flag=True, help="List wiretrace's misses (dev and examples only).")
@click.option("--speed", "speed_docs", default=5000, help="AllSides bodies timed (0: none).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(data_dir: str | None, misses: bool, speed_docs: int, as_json: bool) -> None:
    """Quotes and speakers: wiretrace beside the naive baseline, per split."""
    data = shared_data(data_dir)
    labels = checkout_path("benchmarks", "data")
    articles = load_real(labels / "quotes_real.jsonl", data)
    articles += load_examples(labels / "quotes_examples.jsonl")
    finders: dict[str, Finder] = {"wiretrace": wiretrace_quotes, "baseline": baseline_quotes}
    result: dict[str, Any] = {"splits": evaluate(articles, finders)}
    latest = max(a.round for a in articles)  # the newest round alone: labelled after the rest
    newest = [replace(a, split=f"{a.split} r{latest}") for a in articles if a.round == latest]
    result["splits"] |= evaluate(newest, finders)
    if speed_docs:
        result["ms_per_allsides_doc"] = round(per_doc_cost(data, speed_docs), 3)
    shown = {
        split: {k: v for k, v in figures.items() if not k.endswith("_misses")}
        for split, figures in result["splits"].items()
    }
    if as_json:
        click.echo(json.dumps({**result, "splits": shown}, indent=1))
    else:
        _print(shown, result.get("ms_per_allsides_doc"))
    if misses:
        for split in ("dev", "examples"):
            for line in result["splits"].get(split, {}).get("wiretrace_misses", []):
                click.echo(f"  {split}: {line}")


def _print(splits: Mapping[str, Mapping[str, Any]], cost: float | None) -> None:
    """The figures as a table."""
    head = f"{'split':10} {'finder':10} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8}"
    click.echo(head + " gold  articles")
    for split, figures in splits.items():
        for name in ("wiretrace", "baseline"):
            f = figures[name]
            click.echo(
                f"{split:10} {name:10} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} "
                f"{f['speaker_accuracy']:8.3f} {f['gold']:4d}  {figures['articles']}"
            )
    if cost is not None:
        click.echo(f"wiretrace quotes(): {cost:.3f} ms per AllSides body (CPU)")
