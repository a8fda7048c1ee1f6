"""Scoring the copy benchmark: pairwise P/R/F1 and group ARI; wiretrace and its peers."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from sklearn.metrics import adjusted_rand_score

from benchmarks.copies_gen import BenchDoc
from wiretrace.config import Settings

Pair = tuple[str, str]
_WORD = re.compile(r"\w+", re.UNICODE)

PEER_PERM = 256  # MinHash permutations for both peers
PEER_THRESHOLD = 0.45  # text-dedup's news setting
RENSA_BANDS = 64  # 256 = 64 bands x 4 rows; candidates then checked at PEER_THRESHOLD


def pair(a: str, b: str) -> Pair:
    """An unordered pair in canonical order."""
    return (a, b) if a <= b else (b, a)


def true_pairs(labels: dict[str, str]) -> set[Pair]:
    """Every pair of documents that share a ground-truth group."""
    members: dict[str, list[str]] = {}
    for doc, group in labels.items():
        members.setdefault(group, []).append(doc)
    out: set[Pair] = set()
    for ids in members.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                out.add((a, b))
    return out


def pairwise_scores(predicted: Iterable[Pair], truth: set[Pair]) -> dict[str, float]:
    """Precision, recall and F1 of predicted pairs (empty prediction: precision 1)."""
    pred = {pair(a, b) for a, b in predicted if a != b}
    tp = len(pred & truth)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": len(pred) - tp,
        "fn": len(truth) - tp,
    }


def components(ids: Iterable[str], pairs: Iterable[Pair]) -> dict[str, str]:
    """Connected components of a pair graph: document id -> smallest id of its component."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        """The root of x, halving the path on the way."""
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def ari(truth: dict[str, str], predicted: dict[str, str]) -> float:
    """Adjusted Rand index over all documents of `truth` (a document missing from
    `predicted` is a group of its own)."""
    ids = sorted(truth)
    return float(
        adjusted_rand_score([truth[i] for i in ids], [predicted.get(i, f"_{i}") for i in ids])
    )


@dataclass
class MethodResult:
    """What one method predicted and how long it took."""

    name: str
    pairs: set[Pair]
    groups: dict[str, str]
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    report: dict[str, Any] | None = None


def bigrams(text: str) -> list[str]:
    """Lower-cased word bigrams (the peers' shingles; a one-word text gives that word)."""
    toks = _WORD.findall(text.lower())
    if len(toks) < 2:
        return toks or [""]
    return [f"{a} {b}" for a, b in pairwise(toks)]


def run_datasketch(docs: list[BenchDoc]) -> MethodResult:
    """datasketch MinHashLSH on word bigrams: 256 permutations, threshold 0.45."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=PEER_THRESHOLD, num_perm=PEER_PERM)
    hashes = {}
    for doc in docs:
        mh = MinHash(num_perm=PEER_PERM, seed=1)
        mh.update_batch([s.encode() for s in set(bigrams(doc.text))])
        hashes[doc.id] = mh
        lsh.insert(doc.id, mh)
    pairs = {pair(d, o) for d, mh in hashes.items() for o in lsh.query(mh) if o != d}
    seconds = time.perf_counter() - start
    return MethodResult("datasketch", pairs, components(hashes, pairs), seconds)


def run_rensa(docs: list[BenchDoc]) -> MethodResult:
    """rensa RMinHash + RMinHashLSH on word bigrams: 256 permutations in 64 bands of 4,
    candidates kept when their estimated Jaccard reaches 0.45 (rensa's own dedup recipe)."""
    from rensa import RMinHash, RMinHashLSH

    start = time.perf_counter()
    lsh = RMinHashLSH(threshold=PEER_THRESHOLD, num_perm=PEER_PERM, num_bands=RENSA_BANDS)
    hashes = []
    for key, doc in enumerate(docs):
        mh = RMinHash(num_perm=PEER_PERM, seed=1)
        mh.update(sorted(set(bigrams(doc.text))))
        hashes.append(mh)
        lsh.insert(key, mh)
    pairs = set()
    for key, mh in enumerate(hashes):
        for other in lsh.query(mh):
            if other != key and mh.jaccard(hashes[other]) >= PEER_THRESHOLD:
                pairs.add(pair(docs[key].id, docs[other].id))
    seconds = time.perf_counter() - start
    return MethodResult("rensa", pairs, components((d.id for d in docs), pairs), seconds)


def stage_timer() -> tuple[Any, dict[str, float]]:
    """Engine progress callbacks that add up each stage's wall seconds, and that sum."""
    from wiretrace.engines import local

    stages: dict[str, float] = {}
    began: dict[str, float] = {}

    def start(name: str, total: int | None) -> None:
        """Note when a stage starts."""
        began[name] = time.perf_counter()

    def done(name: str) -> None:
        """Add a finished stage's seconds."""
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - began.pop(name)

    return local.Progress(start=start, done=done), stages


def run_wiretrace(
    docs: list[BenchDoc], settings: Settings | None = None, workdir: str | Path | None = None
) -> MethodResult:
    """wiretrace's whole pipeline on the documents as JSONL; its copy pairs and copy groups."""
    from wiretrace.engines import local

    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="wt-bench-", dir=workdir) as tmp:
        folder = Path(tmp) / "input"
        folder.mkdir()
        with open(folder / "docs.jsonl", "w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps(doc.record(), ensure_ascii=False) + "\n")
        progress, stages = stage_timer()
        start = time.perf_counter()
        result = local.run([folder], Path(tmp) / "wiretrace.duckdb", settings, progress)
        seconds = time.perf_counter() - start
    report = result.report
    pairs = {pair(p["a"], p["b"]) for p in report["copy_pairs"]}
    groups = {m["doc"]: g["id"] for g in report["copy_groups"] for m in g["members"]}
    return MethodResult("wiretrace", pairs, groups, seconds, stages, report)


def score(method: MethodResult, labels: dict[str, str], truth: set[Pair]) -> dict[str, Any]:
    """Pairwise scores, ARI and time of one method."""
    scores: dict[str, Any] = {"method": method.name, **pairwise_scores(method.pairs, truth)}
    scores["ari"] = ari(labels, method.groups)
    scores["seconds"] = round(method.seconds, 2)
    scores["seconds_copies"] = scores["seconds"]
    if method.stages:
        scores["stages"] = {k: round(v, 2) for k, v in method.stages.items()}
        copies = sum(v for k, v in method.stages.items() if k in ("extract", "match"))
        scores["seconds_copies"] = round(copies, 2)  # without stories and the report
    return scores
