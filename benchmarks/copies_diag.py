"""Where a method misses or over-reports on the copy benchmark, so the matcher can be fixed.

Recall is broken down by the mutations a pair's documents carry, by pair kind and by the exact
word 5-gram containment of the pair; false pairs by the roles of their documents. For wiretrace
each missed pair is replayed through its own sketch and verification on the cleaned bodies to
say at which step it was lost, and the clutter the cleaner left in bodies is counted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from benchmarks.copies_gen import BenchDoc, shingle_set, words
from benchmarks.copies_score import MethodResult, Pair
from wiretrace.config import Settings

BUCKETS = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def containment(a: set[int], b: set[int]) -> float:
    """max(|A∩B|/|A|, |A∩B|/|B|): the share of the smaller side found in the other."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return max(inter / len(a), inter / len(b))


def bucket(value: float) -> str:
    """The containment bucket a value falls in, as 'lo-hi'."""
    for lo, hi in BUCKETS:
        if lo <= value < hi:
            return f"{lo:.1f}-{min(hi, 1.0):.1f}"
    return "1.0"


def pair_kind(a: BenchDoc, b: BenchDoc) -> str:
    """The roles of a pair's documents, e.g. 'copy-original'."""
    return "-".join(sorted((a.role, b.role)))


def _rate(found: Counter[str], total: Counter[str]) -> dict[str, dict[str, float]]:
    """{key: {pairs, recall}} from found and total counters."""
    return {
        key: {"pairs": total[key], "recall": round(found[key] / total[key], 4)}
        for key in sorted(total)
    }


class Diagnoser:
    """Breakdowns of one benchmark's methods against its truth."""

    def __init__(self, docs: list[BenchDoc], truth: set[Pair]) -> None:
        """Index the documents and the true pairs."""
        self.docs = {d.id: d for d in docs}
        self.truth = truth
        self._shingles: dict[str, set[int]] = {}

    def shingles(self, doc_id: str) -> set[int]:
        """Word 5-gram set of a document's raw text (cached)."""
        if doc_id not in self._shingles:
            self._shingles[doc_id] = shingle_set(self.docs[doc_id].text)
        return self._shingles[doc_id]

    def raw_containment(self, p: Pair) -> float:
        """Exact 5-gram containment of a pair's raw texts."""
        return containment(self.shingles(p[0]), self.shingles(p[1]))

    def recall_breakdown(self, method: MethodResult) -> dict[str, Any]:
        """Recall by mutation, by pair kind and by raw containment bucket."""
        by_mut, by_mut_all = Counter[str](), Counter[str]()
        by_kind, by_kind_all = Counter[str](), Counter[str]()
        by_bucket, by_bucket_all = Counter[str](), Counter[str]()
        by_cov, by_cov_all = Counter[str](), Counter[str]()
        for p in self.truth:
            a, b = self.docs[p[0]], self.docs[p[1]]
            hit = p in method.pairs
            muts = set(a.mutations) | set(b.mutations) or {"none"}
            for m in muts:
                by_mut_all[m] += 1
                by_mut[m] += hit
            kind = pair_kind(a, b)
            by_kind_all[kind] += 1
            by_kind[kind] += hit
            bk = bucket(self.raw_containment(p))
            by_bucket_all[bk] += 1
            by_bucket[bk] += hit
            cov = bucket(min(a.coverage, b.coverage))
            by_cov_all[cov] += 1
            by_cov[cov] += hit
        return {
            "by_mutation": _rate(by_mut, by_mut_all),
            "by_kind": _rate(by_kind, by_kind_all),
            "by_raw_containment": _rate(by_bucket, by_bucket_all),
            "by_min_coverage": _rate(by_cov, by_cov_all),
        }

    def false_pairs(self, method: MethodResult) -> dict[str, Any]:
        """Reported pairs that are not true, counted by kind and raw containment."""
        false = sorted(method.pairs - self.truth)
        kinds = Counter(pair_kind(self.docs[a], self.docs[b]) for a, b in false)
        buckets = Counter(bucket(self.raw_containment(p)) for p in false)
        return {"count": len(false), "by_kind": dict(kinds), "by_raw_containment": dict(buckets)}

    def describe(self, doc_id: str) -> dict[str, Any]:
        """A document's truth in brief."""
        d = self.docs[doc_id]
        return {
            "id": d.id,
            "role": d.role,
            "source": d.source,
            "mutations": d.mutations,
            "coverage": d.coverage,
            "words": len(words(d.text)),
        }


def clean_bodies(report: dict[str, Any]) -> dict[str, str]:
    """Document id -> cleaned body from a wiretrace report."""
    return {d["id"]: d["body"] or "" for d in report["documents"]}


def _norm(text: str) -> str:
    """Lower-case words joined by single spaces."""
    return " ".join(words(text))


def clutter_left(docs: list[BenchDoc], bodies: dict[str, str]) -> dict[str, dict[str, Any]]:
    """For each kind of injected line: how many were injected and how many the cleaner kept;
    comment threads by their header line (digits as N)."""
    injected, kept = Counter[str](), Counter[str]()
    for d in docs:
        body = _norm(bodies.get(d.id, ""))
        for kind, lines in d.injected.items():
            if kind == "comments":
                header = "comments: " + re.sub(r"\d+", "N", lines[0])
                texts = [line for line in lines if len(words(line)) >= 6]
                left = sum(1 for line in texts if _norm(line) in body)
                injected[header] += 1
                kept[header] += bool(texts) and left >= 0.5 * len(texts)
                continue
            for line in lines:
                injected[kind] += 1
                kept[kind] += bool(_norm(line)) and _norm(line) in body
    return {k: {"injected": injected[k], "kept_in_body": kept[k]} for k in sorted(injected)}


def retention(doc: BenchDoc, body: str) -> float:
    """Share of a document's own article text (5-grams) that survives in its cleaned body."""
    own = shingle_set(doc.article or doc.text)
    if not own:
        return 1.0
    return len(own & shingle_set(body)) / len(own)


def body_loss(docs: list[BenchDoc], bodies: dict[str, str]) -> dict[str, float]:
    """Share of untouched articles' words the cleaner cut (originals and distractors)."""
    losses = []
    for d in docs:
        if d.role in ("original", "distractor"):
            before = len(words(d.text)) or 1
            losses.append(max(0.0, 1 - len(words(bodies.get(d.id, ""))) / before))
    if not losses:
        return {}
    losses.sort()
    return {
        "articles": len(losses),
        "mean_share_cut": round(sum(losses) / len(losses), 4),
        "over_10pct_cut": sum(1 for x in losses if x > 0.1),
        "over_30pct_cut": sum(1 for x in losses if x > 0.3),
    }


def why_missed(
    p: Pair, bodies: dict[str, str], settings: Settings, reported: set[Pair]
) -> dict[str, Any]:
    """Replay a missed pair through wiretrace's sketch and verification on the cleaned bodies."""
    import numpy as np

    from wiretrace.match import compare
    from wiretrace.sketch import sketch

    a, b = (
        sketch(bodies.get(p[0], ""), settings.sketch),
        sketch(bodies.get(p[1], ""), settings.sketch),
    )
    shared = int(np.intersect1d(a.sample, b.sample).size)
    loose = replace(settings.match, min_containment=0.0, min_shared_words=0)
    found = compare(p[0], a, p[1], b, loose)
    info: dict[str, Any] = {"shared_samples": shared}
    if found is not None:
        info["containment_a"] = found.containment_a
        info["containment_b"] = found.containment_b
        info["jaccard"] = found.jaccard
    cfg = settings.match
    share = getattr(cfg, "min_sample_share", 0.0) * min(a.sample.size, b.sample.size)
    if shared < cfg.min_shared_samples:
        info["step"] = "candidates: too few shared samples"
    elif shared < share:
        info["step"] = "candidates: shared samples under min_sample_share of the smaller"
    elif found is None:
        info["step"] = "verification: nothing aligned"
    elif max(found.containment_a, found.containment_b) < cfg.min_containment:
        info["step"] = "verification: containment below min_containment"
    elif compare(p[0], a, p[1], b, cfg) is None:
        info["step"] = "verification: too few shared words"
    elif p in reported:
        info["step"] = "reported"
    else:
        info["step"] = "verified here but not reported (candidate filter or store)"
    return info


def wiretrace_diagnosis(
    diag: Diagnoser, method: MethodResult, settings: Settings, examples: int = 12
) -> dict[str, Any]:
    """Missed pairs by the step that lost them, false pairs, clutter left, with examples."""
    assert method.report is not None
    bodies = clean_bodies(method.report)
    missed = sorted(diag.truth - method.pairs)
    steps: Counter[str] = Counter()
    samples = []
    kept = {d: retention(diag.docs[d], bodies.get(d, "")) for p in missed for d in p}
    for p in missed:
        info = why_missed(p, bodies, settings, method.pairs)
        info["retention"] = [round(kept[p[0]], 3), round(kept[p[1]], 3)]
        if min(kept[p[0]], kept[p[1]]) < 0.5:
            info["step"] = "cleaning: cut over half of a document's own article text"
        steps[info["step"]] += 1
        info["raw_containment"] = round(diag.raw_containment(p), 4)
        info["body_containment"] = round(
            containment(shingle_set(bodies.get(p[0], "")), shingle_set(bodies.get(p[1], ""))), 4
        )
        info["a"], info["b"] = diag.describe(p[0]), diag.describe(p[1])
        samples.append(info)
    false_examples = []
    reported = {(r["a"], r["b"]): r for r in method.report["copy_pairs"]}
    for p in sorted(method.pairs - diag.truth)[:examples]:
        r = reported.get(p) or reported.get((p[1], p[0])) or {}
        false_examples.append(
            {
                "a": diag.describe(p[0]),
                "b": diag.describe(p[1]),
                "reported": {k: r.get(k) for k in ("containment_a", "containment_b", "jaccard")},
                "raw_containment": round(diag.raw_containment(p), 4),
            }
        )
    grouped_apart = _pairs_split_by_groups(diag, method)
    return {
        "missed_by_step": dict(steps.most_common()),
        "missed_examples": _spread(samples, examples),
        "false_examples": false_examples,
        "true_pairs_found_but_grouped_apart": grouped_apart,
        "clutter_left": clutter_left(list(diag.docs.values()), bodies),
        "body_loss": body_loss(list(diag.docs.values()), bodies),
        "copies_cut_by_cleaner": _cut_copies(diag, bodies),
    }


def _cut_copies(diag: Diagnoser, bodies: dict[str, str]) -> dict[str, Any]:
    """Copies whose cleaned body lost over half of their article text, by furniture present."""
    copies = [d for d in diag.docs.values() if d.role == "copy"]
    cut = [d for d in copies if retention(d, bodies.get(d.id, "")) < 0.5]
    kinds = Counter(k for d in cut for k in d.injected)
    return {
        "copies": len(copies),
        "cut_over_half": len(cut),
        "furniture_in_cut_copies": dict(kinds.most_common()),
        "examples": [d.id for d in cut[:10]],
    }


def _pairs_split_by_groups(diag: Diagnoser, method: MethodResult) -> int:
    """True pairs wiretrace reported whose documents it still put in different copy groups."""
    return sum(
        1 for a, b in method.pairs & diag.truth if method.groups.get(a) != method.groups.get(b)
    )


def _spread(samples: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to `limit` examples, taken round-robin over the steps that lost them."""
    by_step: dict[str, list[dict[str, Any]]] = {}
    for s in samples:
        by_step.setdefault(s["step"], []).append(s)
    out: list[dict[str, Any]] = []
    while len(out) < limit and any(by_step.values()):
        for items in by_step.values():
            if items and len(out) < limit:
                out.append(items.pop(0))
    return out
