"""`python -m benchmarks stories`: story clustering scored pairwise, beside a lexical baseline.

Three labelled sets, read at run time from the shared data folder ($WIRETRACE_SHARED or
../shared/data beside the repository):

- story-chains: 100 articles with all 4,950 pairs labelled; a pair is predicted "same" when both
  articles land in one story. Scored by pairwise precision, recall and F1.
- seeds among distractors: the five seed pages, cleaned by wiretrace's own pipeline, mixed with
  AllSides articles (every date removed, so time cannot help). Gold: one story of exactly the
  five; no distractor may join it. Scored over the pairs that involve a seed.
- the example corpus (examples/expected.json), scored pairwise like story-chains.

The baseline is plain TF-IDF cosine over title and body (English stop words, sublinear term
frequency), a pair "same" when its cosine reaches a threshold, no clustering. Its threshold is the
best one on story-chains itself (tuned on the test data: an upper bound for the baseline) and is
used unchanged on the other sets. wiretrace runs with its default settings.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import platform
import random
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
import numpy as np

from benchmarks import ROOT, checkout_path
from wiretrace.config import Settings, StoryConfig
from wiretrace.stories import StoryUnit, cluster_stories

BASELINE_GRID = [round(0.02 + 0.01 * k, 2) for k in range(79)]  # 0.02 .. 0.80
ALLSIDES_TOTAL = 37_554


@dataclass
class Pairwise:
    """Pairwise precision, recall and F1 with the counts behind them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of predicted same-story pairs that are true."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of true same-story pairs that are predicted."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shared_data(path: str | None = None) -> Path:
    """The shared data folder: the option, else $WIRETRACE_SHARED, else ../shared/data."""
    return Path(path or os.environ.get("WIRETRACE_SHARED") or ROOT.parent / "shared" / "data")


def score_pairs(
    pairs: Iterable[tuple[str, str, bool]], same: Any, skip: set[str] | None = None
) -> Pairwise:
    """Count tp/fp/fn over labelled pairs, `same(a, b)` being the prediction."""
    tp = fp = fn = 0
    for a, b, gold in pairs:
        predicted = bool(same(a, b))
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return Pairwise(tp, fp, fn)


def story_of(stories: Sequence[Sequence[str]]) -> dict[str, int]:
    """Story number per member id."""
    return {member: k for k, story in enumerate(stories) for member in story}


def closure(ids: Iterable[str], pairs: Iterable[tuple[str, str, bool]]) -> dict[str, str]:
    """Gold clusters from labelled pairs: the connected components of the "same" pairs."""
    from benchmarks.copies_score import components

    return components(ids, [(a, b) for a, b, gold in pairs if gold])


def bcubed_f1(predicted: dict[str, Any], gold: dict[str, Any]) -> float:
    """BCubed F1 of a clustering against gold clusters, over the ids `gold` holds (an id the
    prediction lacks is a cluster of its own)."""
    ids = list(gold)
    pred = {i: predicted.get(i, ("alone", i)) for i in ids}
    both: dict[tuple[Any, Any], int] = {}
    in_pred: dict[Any, int] = {}
    in_gold: dict[Any, int] = {}
    for i in ids:
        both[pred[i], gold[i]] = both.get((pred[i], gold[i]), 0) + 1
        in_pred[pred[i]] = in_pred.get(pred[i], 0) + 1
        in_gold[gold[i]] = in_gold.get(gold[i], 0) + 1
    precision = sum(both[pred[i], gold[i]] / in_pred[pred[i]] for i in ids) / len(ids)
    recall = sum(both[pred[i], gold[i]] / in_gold[gold[i]] for i in ids) / len(ids)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def accuracy(score: Pairwise, total: int) -> float:
    """Share of labelled pairs predicted right (tn = total - tp - fp - fn)."""
    return (total - score.fp - score.fn) / total if total else 1.0


def baseline_similarity(texts: Sequence[str]) -> np.ndarray:
    """Plain TF-IDF cosine of every pair of texts (dense; for benchmark-sized sets)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return (vectors @ vectors.T).toarray()


# ---------------------------------------------------------------- story-chains


@dataclass
class ChainsResult:
    """wiretrace and the baseline on story-chains."""

    wiretrace: Pairwise
    stories: int
    seconds: float
    baseline: Pairwise
    baseline_threshold: float
    baseline_curve: list[tuple[float, Pairwise]]
    bcubed: float = 0.0  # wiretrace's BCubed F1 against the closure of the labelled pairs


def load_chains(data: Path) -> tuple[list[dict[str, Any]], list[tuple[str, str, bool]]]:
    """Articles and labelled pairs of story-chains."""
    folder = data / "story-chains"
    with (folder / "chains_articles.jsonl").open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    labelled = json.loads((folder / "chains_pairs.json").read_text(encoding="utf-8"))
    return articles, [(p["a"], p["b"], bool(p["same"])) for p in labelled]


def chains_units(articles: Sequence[dict[str, Any]]) -> list[StoryUnit]:
    """One story unit per article (already clean text, no copies among them)."""
    return [
        StoryUnit(a["id"], a.get("title") or "", a.get("text") or "", a.get("published"))
        for a in articles
    ]


def run_chains(data: Path, config: StoryConfig) -> ChainsResult:
    """Score wiretrace and the tuned baseline on story-chains."""
    articles, pairs = load_chains(data)
    started = time.perf_counter()
    stories = cluster_stories(chains_units(articles), config)
    seconds = time.perf_counter() - started
    label = story_of(stories)
    ours = score_pairs(pairs, lambda a, b: label[a] == label[b])
    sims = baseline_similarity([f"{a['title']}\n{a['text']}" for a in articles])
    at = {a["id"]: k for k, a in enumerate(articles)}
    curve = [
        (t, score_pairs(pairs, lambda a, b, t=t: sims[at[a], at[b]] >= t)) for t in BASELINE_GRID
    ]
    best_t, best = max(curve, key=lambda item: (item[1].f1, -item[0]))
    gold = closure((a["id"] for a in articles), pairs)
    return ChainsResult(ours, len(stories), seconds, best, best_t, curve, bcubed_f1(label, gold))


# ---------------------------------------------------------------- seeds among distractors


@dataclass
class SeedsResult:
    """wiretrace and the baseline on the seeds among distractors."""

    distractors: int
    wiretrace: Pairwise
    exact: bool  # one story of exactly the five seeds
    joined: int  # distractors in the seeds' stories
    split: int  # stories the seeds fall into
    seconds: float
    baseline: Pairwise
    baseline_joined: int  # distractors above the threshold with some seed


def seed_documents(
    seeds: Path,
) -> tuple[list[StoryUnit], dict[str, list[str]], dict[str, str]]:
    """The seed pages through wiretrace's pipeline: one unit per copy group, each group's
    members, and each page's clean title and body."""
    from wiretrace.engines import local

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        folder.mkdir()
        for page in sorted(seeds.glob("*.txt")):
            shutil.copy(page, folder)
        report = local.run([folder], Path(tmp) / "seeds.duckdb", Settings(workers=1)).report
    docs = {d["id"]: d for d in report["documents"]}
    units, members = [], {}
    for group in report["copy_groups"]:
        source = docs[group["source"]]
        ids = [m["doc"] for m in group["members"]]
        dates = sorted(docs[i]["published"] for i in ids if docs[i]["published"])
        units.append(
            StoryUnit(group["id"], source["title"] or "", source["body"], (dates or [None])[0])
        )
        members[group["id"]] = ids
    texts = {i: f"{d['title'] or ''}\n{d['body']}" for i, d in docs.items()}
    return units, members, texts


def load_distractors(data: Path, count: int) -> list[dict[str, Any]]:
    """`count` AllSides articles, a fixed pseudo-random sample (all of them when count is 0)."""
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as file:
        lines = [line for line in file if line.strip()]
    if 0 < count < len(lines):
        lines = [lines[k] for k in sorted(random.Random(5).sample(range(len(lines)), count))]
    return [json.loads(line) for line in lines]


def run_seeds(
    seeds: tuple[list[StoryUnit], dict[str, list[str]], dict[str, str]],
    rows: Sequence[dict[str, Any]],
    config: StoryConfig,
    baseline_threshold: float,
    keep_dates: bool,
) -> SeedsResult:
    """Seeds mixed into distractors: wiretrace's stories and the baseline. With `keep_dates`
    False every date is removed, so time cannot keep the seeds apart from older articles."""
    units, members, seed_texts = seeds
    distractors = [
        StoryUnit(
            f"d:{r['id']}", r["title"], r["text"], (r.get("date") or None) if keep_dates else None
        )
        for r in rows
    ]
    if not keep_dates:
        units = [StoryUnit(u.id, u.title, u.body, None) for u in units]
    # seeds placed evenly through the stream: neither first nor last
    mixed: list[StoryUnit] = list(distractors)
    for k, unit in enumerate(units):
        mixed.insert((k + 1) * len(mixed) // (len(units) + 1), unit)
    started = time.perf_counter()
    stories = cluster_stories(mixed, config)
    seconds = time.perf_counter() - started
    seed_ids = [doc for u in units for doc in members[u.id]]
    label = story_of(stories)
    doc_story = {doc: label[u.id] for u in units for doc in members[u.id]}
    doc_story.update({d.id: label[d.id] for d in distractors})
    seed_stories = {doc_story[s] for s in seed_ids}
    joined = sum(doc_story[d.id] in seed_stories for d in distractors)
    pairs = [(a, b, True) for k, a in enumerate(seed_ids) for b in seed_ids[k + 1 :]]
    pairs += [(s, d.id, False) for s in seed_ids for d in distractors]
    ours = score_pairs(pairs, lambda a, b: doc_story[a] == doc_story[b])
    # the baseline sees every document (copies included) as plain text, and no dates
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [seed_texts[s] for s in seed_ids] + [f"{r['title']}\n{r['text']}" for r in rows]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    sims = (vectors[: len(seed_ids)] @ vectors.T).toarray()
    at = {s: k for k, s in enumerate(seed_ids)} | {
        d.id: len(seed_ids) + k for k, d in enumerate(distractors)
    }
    base = score_pairs(pairs, lambda a, b: sims[at[a], at[b]] >= baseline_threshold)
    base_joined = int((sims[:, len(seed_ids) :] >= baseline_threshold).any(axis=0).sum())
    return SeedsResult(
        len(distractors),
        ours,
        len(seed_stories) == 1 and joined == 0,
        joined,
        len(seed_stories),
        seconds,
        base,
        base_joined,
    )


def run_chains_mixed(
    data: Path, rows: Sequence[dict[str, Any]], config: StoryConfig
) -> tuple[Pairwise, float]:
    """story-chains hidden among the distractors (their own dates kept): pairwise on the chains'
    pairs. Shows how much the default depends on the rest of the corpus (term weights)."""
    articles, pairs = load_chains(data)
    distractors = [
        StoryUnit(f"d:{r['id']}", r["title"], r["text"], r.get("date") or None) for r in rows
    ]
    half = len(distractors) // 2
    started = time.perf_counter()
    stories = cluster_stories(
        distractors[:half] + chains_units(articles) + distractors[half:], config
    )
    seconds = time.perf_counter() - started
    label = story_of(stories)
    return score_pairs(pairs, lambda a, b: label[a] == label[b]), seconds


# ---------------------------------------------------------------- the example corpus


def run_examples(
    config: StoryConfig, baseline_threshold: float
) -> tuple[Pairwise, Pairwise, float]:
    """wiretrace's stories (full pipeline) and the baseline on examples/expected.json."""
    from wiretrace.engines import local

    expected = json.loads(checkout_path("examples", "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(workers=1, story=config)
        report = local.run(
            [checkout_path("examples", "pages")], Path(tmp) / "ex.duckdb", settings
        ).report
    gold = story_of(expected["stories"])
    ids = sorted(gold)
    pairs = [(a, b, gold[a] == gold[b]) for k, a in enumerate(ids) for b in ids[k + 1 :]]
    label = story_of([s["documents"] for s in report["stories"]])
    ours = score_pairs(pairs, lambda a, b: label[a] == label[b])
    docs = {d["id"]: d for d in report["documents"]}
    sims = baseline_similarity([f"{docs[i]['title'] or ''}\n{docs[i]['body']}" for i in ids])
    at = {i: k for k, i in enumerate(ids)}
    base = score_pairs(pairs, lambda a, b: sims[at[a], at[b]] >= baseline_threshold)
    return ours, base, bcubed_f1(label, gold)


# ---------------------------------------------------------------- labelled pair sets

PAIR_SETS = ROOT / "benchmarks" / "data"


@dataclass
class PairSetResult:
    """wiretrace and the baseline on a labelled pair set, per split."""

    name: str
    documents: int
    seconds: float  # the whole pipeline over all the set's documents
    wiretrace: dict[str, Pairwise]  # split -> counts ("dev", "report", "all")
    totals: dict[str, int]  # split -> labelled pairs
    baseline_threshold: float  # best on dev
    baseline: dict[str, Pairwise]  # split -> counts at the dev threshold
    oracle_threshold: float  # best on report: an upper bound, not a result
    oracle: Pairwise

    def accuracy(self, split: str, method: str = "wiretrace") -> float:
        """Accuracy of a method on a split ("oracle": the baseline at its best report one)."""
        score = self.oracle if method == "oracle" else getattr(self, method)[split]
        return accuracy(score, self.totals[split])


def pair_split(a: str, b: str) -> str:
    """A pair's fixed split: "dev" when the SHA-1 of "a b" is even, else "report"."""
    import hashlib

    return "dev" if int(hashlib.sha1(f"{a} {b}".encode()).hexdigest(), 16) % 2 == 0 else "report"


def load_pair_set(path: Path) -> list[dict[str, Any]]:
    """Labelled pairs: {"a", "b", "same", "note", "split", ...} a line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def allsides_rows(data: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    """The AllSides articles of the given ids (their text read from the shared data)."""
    found = {}
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            if row["id"] in ids:
                found[row["id"]] = row
    return found


def pipeline_stories(
    rows: Sequence[dict[str, Any]], config: StoryConfig
) -> tuple[dict[str, int], dict[str, str], float]:
    """All the rows through `wiretrace.engines.local.run` at once, as a user's JSONL dump:
    story number per document, each document's clean title and body, and the seconds taken."""
    from wiretrace.engines import local

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "pairs.jsonl"
        with dump.open("w", encoding="utf-8") as out:
            for r in rows:
                record = {k: r.get(k) for k in ("id", "title", "text", "outlet", "url")}
                record["published"] = r.get("date") or None
                out.write(json.dumps(record) + "\n")
        started = time.perf_counter()
        settings = Settings(workers=1, story=config)
        report = local.run([dump], Path(tmp) / "pairs.duckdb", settings).report
        seconds = time.perf_counter() - started
    label = story_of([s["documents"] for s in report["stories"]])
    texts = {d["id"]: f"{d['title'] or ''}\n{d['body']}" for d in report["documents"]}
    return label, texts, seconds


@functools.cache
def pair_set_articles(
    data: Path, path: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """A pair set's labelled pairs and its AllSides articles by id (read once per process:
    the whole AllSides file is scanned for them)."""
    labelled = load_pair_set(path or PAIR_SETS / "allsides_event_pairs.jsonl")
    return labelled, allsides_rows(data, {p[k] for p in labelled for k in ("a", "b")})


def run_pair_set(
    data: Path, config: StoryConfig, path: Path | None = None, name: str = "allsides-event-pairs"
) -> PairSetResult:
    """A labelled pair set of AllSides articles: wiretrace's stories over all its documents in
    one run, scored per split, beside TF-IDF with its threshold picked on the dev split."""
    labelled, rows = pair_set_articles(data, path)
    ordered = sorted(rows.values(), key=lambda r: (r.get("date") or "", r["id"]))
    label, texts, seconds = pipeline_stories(ordered, config)
    splits: dict[str, list[tuple[str, str, bool]]] = {"dev": [], "report": [], "all": []}
    for p in labelled:
        pair = (p["a"], p["b"], bool(p["same"]))
        splits[p["split"]].append(pair)
        splits["all"].append(pair)

    def same_story(a: str, b: str) -> bool:
        return a in label and b in label and label[a] == label[b]

    ours = {split: score_pairs(pairs, same_story) for split, pairs in splits.items()}
    order = sorted(texts)
    at = {i: k for k, i in enumerate(order)}
    sims = baseline_similarity([texts[i] for i in order])

    def base(pairs: list[tuple[str, str, bool]], t: float) -> Pairwise:
        return score_pairs(pairs, lambda a, b: sims[at[a], at[b]] >= t)

    def best(pairs: list[tuple[str, str, bool]]) -> tuple[float, Pairwise]:
        curve = [(t, base(pairs, t)) for t in BASELINE_GRID]
        return max(curve, key=lambda item: (accuracy(item[1], len(pairs)), -item[0]))

    dev_t, _ = best(splits["dev"])
    oracle_t, oracle = best(splits["report"])
    return PairSetResult(
        name,
        len(rows),
        seconds,
        ours,
        {split: len(pairs) for split, pairs in splits.items()},
        dev_t,
        {split: base(pairs, dev_t) for split, pairs in splits.items()},
        oracle_t,
        oracle,
    )


SMALL_RUN_PAIRS = 35  # pairs per run: 70 pages, the size of the hidden English set
SMALL_RUN_SEED = 11


def run_pair_set_small(
    data: Path, config: StoryConfig, path: Path | None = None
) -> dict[str, tuple[int, int]]:
    """The pair set cut into runs of SMALL_RUN_PAIRS pairs (shuffled by a fixed seed), one
    pipeline run each, as a user with a small folder would: (right, pairs) per split."""
    labelled, rows = pair_set_articles(data, path)
    shuffled = labelled[:]
    random.Random(SMALL_RUN_SEED).shuffle(shuffled)
    right = {"dev": 0, "report": 0}
    total = {"dev": 0, "report": 0}
    for start in range(0, len(shuffled), SMALL_RUN_PAIRS):
        chunk = shuffled[start : start + SMALL_RUN_PAIRS]
        ids = {p[k] for p in chunk for k in ("a", "b")}
        ordered = sorted((rows[i] for i in ids), key=lambda r: (r.get("date") or "", r["id"]))
        label, _, _ = pipeline_stories(ordered, config)
        for p in chunk:
            total[p["split"]] += 1
            right[p["split"]] += (label[p["a"]] == label[p["b"]]) == bool(p["same"])
    return {split: (right[split], total[split]) for split in right}


# ---------------------------------------------------------------- command


def _row(name: str, score: Pairwise, extra: str = "") -> list[str]:
    """A table row: name, P, R, F1, counts, notes."""
    return [
        name,
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
        f"{score.tp}/{score.fp}/{score.fn}",
        extra,
    ]


@click.command(name="stories")
@click.option("--data", "data_dir", default=None, help="Shared data folder (../shared/data).")
@click.option(
    "--distractors",
    default=3000,
    show_default=True,
    help="AllSides articles mixed with the seeds; 0 for all 37,554.",
)
@click.option("--threshold", type=float, default=None, help="Story threshold (default: config).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(data_dir: str | None, distractors: int, threshold: float | None, as_json: bool) -> None:
    """Pairwise P/R/F1 of story clustering on labelled data, beside a lexical baseline."""
    from rich.console import Console
    from rich.table import Table

    data = shared_data(data_dir)
    if not (data / "story-chains").exists():
        raise click.ClickException(f"no story-chains under {data} (set --data)")
    config = StoryConfig() if threshold is None else StoryConfig(threshold=threshold)
    chains = run_chains(data, config)
    seed_input = seed_documents(data / "seeds")
    rows = load_distractors(data, distractors)
    dated = run_seeds(seed_input, rows, config, chains.baseline_threshold, keep_dates=True)
    dateless = run_seeds(seed_input, rows, config, chains.baseline_threshold, keep_dates=False)
    mixed, mixed_seconds = run_chains_mixed(data, rows, config)
    examples, examples_base, examples_bcubed = run_examples(config, chains.baseline_threshold)
    pairset = run_pair_set(data, config)
    small = run_pair_set_small(data, config)
    figures = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "threshold": config.threshold,
        "baseline_threshold": chains.baseline_threshold,
        "story_chains": {
            "wiretrace": vars(chains.wiretrace),
            "stories": chains.stories,
            "bcubed_f1": chains.bcubed,
            "baseline": vars(chains.baseline),
        },
        "pair_sets": {
            pairset.name: {
                "documents": pairset.documents,
                "seconds": pairset.seconds,
                "pairs": pairset.totals,
                "wiretrace": {
                    split: {"accuracy": pairset.accuracy(split), **vars(score)}
                    for split, score in pairset.wiretrace.items()
                },
                "baseline_threshold_from_dev": pairset.baseline_threshold,
                "baseline": {
                    split: {"accuracy": pairset.accuracy(split, "baseline"), **vars(score)}
                    for split, score in pairset.baseline.items()
                },
                "runs_of_70_pages": {
                    split: {"accuracy": right / total, "right": right, "pairs": total}
                    for split, (right, total) in small.items()
                },
                "baseline_oracle_on_report": {
                    "threshold": pairset.oracle_threshold,
                    "accuracy": pairset.accuracy("report", "oracle"),
                    **vars(pairset.oracle),
                },
            }
        },
        "story_chains_among_distractors": {"distractors": len(rows), "wiretrace": vars(mixed)},
        "seeds": {
            name: {
                "distractors": result.distractors,
                "exact": result.exact,
                "joined": result.joined,
                "seed_stories": result.split,
                "wiretrace": vars(result.wiretrace),
                "baseline": vars(result.baseline),
                "baseline_joined": result.baseline_joined,
            }
            for name, result in (("dated", dated), ("dateless", dateless))
        },
        "examples": {
            "wiretrace": vars(examples),
            "bcubed_f1": examples_bcubed,
            "baseline": vars(examples_base),
        },
    }
    if as_json:
        click.echo(json.dumps(figures, indent=1))
        return
    console = Console(width=max(Console().width, 130))
    table = Table(title=f"Stories, pairwise (wiretrace default, threshold {config.threshold})")
    for column in ("set / method", "P", "R", "F1", "tp/fp/fn", "notes"):
        table.add_column(column, justify="left" if column in ("set / method", "notes") else "right")
    base_note = f"threshold {chains.baseline_threshold:.2f}: tuned on story-chains (test)"
    table.add_row(
        *_row(
            "story-chains: wiretrace",
            chains.wiretrace,
            f"{chains.stories} stories, BCubed F1 {chains.bcubed:.3f}, {chains.seconds:.2f} s",
        )
    )
    table.add_row(*_row("story-chains: TF-IDF baseline", chains.baseline, base_note))
    table.add_row(
        *_row(
            f"story-chains among {len(rows)} distractors: wiretrace",
            mixed,
            f"chains' pairs only, {mixed_seconds:.1f} s",
        )
    )
    for name, result in (("dates kept", dated), ("dates removed", dateless)):
        verdict = "one story of exactly the five" if result.exact else "NOT exactly the five"
        table.add_row(
            *_row(
                f"seeds + {result.distractors} distractors, {name}: wiretrace",
                result.wiretrace,
                f"{verdict}; {result.joined} distractors joined; {result.seconds:.1f} s",
            )
        )
        table.add_row(
            *_row(
                f"seeds + {result.distractors} distractors, {name}: baseline",
                result.baseline,
                f"{result.baseline_joined} distractors above threshold with a seed",
            )
        )
    table.add_row(*_row("examples: wiretrace", examples, f"BCubed F1 {examples_bcubed:.3f}"))
    table.add_row(*_row("examples: TF-IDF baseline", examples_base, "story-chains threshold"))
    console.print(table)
    pairs_table = Table(title=f"Labelled pair sets: accuracy ({pairset.name})")
    for column in ("split / method", "pairs", "accuracy", "tp/fp/fn", "notes"):
        pairs_table.add_column(column, justify="left" if column != "accuracy" else "right")
    rows = [
        (f"{split}: wiretrace", split, "wiretrace", run_note)
        for split, run_note in (
            ("dev", f"{pairset.documents} documents in one run, {pairset.seconds:.1f} s"),
            ("report", "the same run"),
        )
    ]
    dev_note = f"threshold {pairset.baseline_threshold:.2f}: best on dev"
    rows += [
        (f"{split}: TF-IDF baseline", split, "baseline", dev_note) for split in ("dev", "report")
    ]
    rows.append(
        (
            "report: TF-IDF baseline, ORACLE",
            "report",
            "oracle",
            f"threshold {pairset.oracle_threshold:.2f}: best on report itself (upper bound)",
        )
    )
    for title, split, method, note in rows:
        score = pairset.oracle if method == "oracle" else getattr(pairset, method)[split]
        pairs_table.add_row(
            title,
            str(pairset.totals[split]),
            f"{pairset.accuracy(split, method):.3f}",
            f"{score.tp}/{score.fp}/{score.fn}",
            note,
        )
    for split, (right, total) in small.items():
        pairs_table.add_row(
            f"{split}: wiretrace, runs of {2 * SMALL_RUN_PAIRS} pages",
            str(total),
            f"{right / total:.3f}",
            "",
            f"{-(-pairset.totals['all'] // SMALL_RUN_PAIRS)} runs, one per "
            f"{SMALL_RUN_PAIRS} pairs in random.Random({SMALL_RUN_SEED}) order",
        )
    console.print(pairs_table)
    near = [(t, s) for t, s in chains.baseline_curve if abs(t - chains.baseline_threshold) <= 0.05]
    console.print(
        "baseline F1 on story-chains by threshold: "
        + ", ".join(f"{t:.2f}: {s.f1:.3f}" for t, s in near)
    )
    console.print(f"{figures['date']}, {figures['machine']}")
