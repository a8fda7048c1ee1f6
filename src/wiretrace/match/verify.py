"""Exact verification of a candidate pair: which passages of each are found in the other.

All set work is vectorised: a's shingles are looked up in b's sorted shingles with one
`searchsorted`, per-passage shares come from `bincount`, and each found passage of a is aligned
to the passage of b that holds most of its found shingles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from wiretrace.config import MatchConfig, SketchConfig
from wiretrace.match import kernels
from wiretrace.model import AlignedPassage, CopyPair
from wiretrace.sketch import DocSketch


def lookup(needles: np.ndarray, haystack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each needle: is it in the sorted haystack, and its position there (if found)."""
    if haystack.size == 0:
        return np.zeros(needles.size, dtype=bool), np.zeros(needles.size, dtype=np.int64)
    pos = np.searchsorted(haystack, needles)
    pos = np.minimum(pos, haystack.size - 1)
    return haystack[pos] == needles, pos


def align(
    a: DocSketch, b: DocSketch, config: MatchConfig
) -> tuple[float, float, list[AlignedPassage]]:
    """Containment of a in b, words of a found in b, and a's found passages aligned to b's.

    Each passage is scored on its own shingles: one found at `whole_passage` or more counts
    whole (the same passage with small edits), a lesser one by the share found. A passage that
    repeats earlier text of its page counts neither for nor against.
    """
    if a.passages == 0 or a.shingles.size == 0:
        return 0.0, 0.0, []
    found, pos = lookup(a.pair_shingle, b.shingles)
    per_passage = np.bincount(a.pair_passage, minlength=a.passages).astype(np.float64)
    hits = np.bincount(a.pair_passage[found], minlength=a.passages).astype(np.float64)
    share = np.divide(hits, per_passage, out=np.zeros_like(hits), where=per_passage > 0)
    words = np.where(a.repeat, 0.0, a.passage_words.astype(np.float64))
    credit = np.where(share >= config.whole_passage, 1.0, share)
    carried = float((words * credit).sum())
    found_words = float((words * share).sum())
    aligned: list[AlignedPassage] = []
    shown = share >= config.passage_threshold
    if shown.any():
        rows = a.pair_passage[found]
        cols = b.shingle_passage[pos[found]]
        cells = rows.astype(np.int64) * b.passages + cols
        votes = np.bincount(cells, minlength=a.passages * b.passages)
        best = votes.reshape(a.passages, b.passages).argmax(axis=1)
        aligned = [
            AlignedPassage(a=int(i), b=int(best[i]), score=round(float(share[i]), 3))
            for i in np.flatnonzero(shown)
        ]
    return carried / max(float(words.sum()), 1.0), found_words, aligned


def compare(
    id_a: str, a: DocSketch, id_b: str, b: DocSketch, config: MatchConfig | None = None
) -> CopyPair | None:
    """The copy pair of two documents if they share enough source text, else None."""
    config = config or MatchConfig()
    contain_a, words_a, aligned = align(a, b, config)
    contain_b, words_b, _ = align(b, a, config)
    if max(contain_a, contain_b) < config.min_containment:
        return None
    if min(words_a, words_b) < config.min_shared_words:
        return None
    inter = int(lookup(a.shingles, b.shingles)[0].sum())
    union = a.shingles.size + b.shingles.size - inter
    return CopyPair(
        a=id_a,
        b=id_b,
        containment_a=round(contain_a, 4),
        containment_b=round(contain_b, 4),
        jaccard=round(inter / union, 4) if union else 0.0,
        passages=aligned,
    )


def verify_many(
    pairs: Sequence[tuple[int, int]],
    texts: Mapping[int, tuple[str, str]],
    sketch_config: SketchConfig | None = None,
    config: MatchConfig | None = None,
) -> list[tuple[int, int, CopyPair]]:
    """`compare` of many pairs of documents (key -> (id, body) in `texts`), with the same
    results: every body sketched once, in one compiled pass, and the pairs compared in another."""
    sketch_config = sketch_config or SketchConfig()
    config = config or MatchConfig()
    if not pairs:
        return []
    keys = list(texts)
    row = {key: i for i, key in enumerate(keys)}
    bodies = [texts[key][1] for key in keys]
    codes = np.frombuffer("".join(bodies).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bounds = np.zeros(len(bodies) + 1, dtype=np.int64)
    np.cumsum([len(body) for body in bodies], out=bounds[1:])
    sketches = kernels.sketches(
        codes, bounds, sketch_config.shingle_words, sketch_config.repeat_share
    )
    first = np.array([row[a] for a, _ in pairs], dtype=np.int64)
    second = np.array([row[b] for _, b in pairs], dtype=np.int64)
    found = kernels.compare_pairs(
        sketches,
        first,
        second,
        config.whole_passage,
        config.passage_threshold,
        config.min_containment,
        float(config.min_shared_words),
    )
    return copy_pairs(pairs, texts, found)


def copy_pairs(
    pairs: Sequence[tuple[int, int]], texts: Mapping[int, tuple[str, str]], found: kernels.Compared
) -> list[tuple[int, int, CopyPair]]:
    """The verified pairs of `compare_pairs`, rounded as `compare` rounds them."""
    offsets = found.shown_off.tolist()
    shown_a, shown_b = found.shown_a.tolist(), found.shown_b.tolist()
    shares = found.shown_share.tolist()
    contain_a, contain_b = found.contain_a.tolist(), found.contain_b.tolist()
    inter, union = found.inter.tolist(), found.union.tolist()
    verified = []
    for p in np.flatnonzero(found.ok).tolist():
        a, b = pairs[p]
        aligned = [
            AlignedPassage(a=shown_a[s], b=shown_b[s], score=round(shares[s], 3))
            for s in range(offsets[p], offsets[p + 1])
        ]
        pair = CopyPair(
            a=texts[a][0],
            b=texts[b][0],
            containment_a=round(contain_a[p], 4),
            containment_b=round(contain_b[p], 4),
            jaccard=round(inter[p] / union[p], 4) if union[p] else 0.0,
            passages=aligned,
        )
        verified.append((a, b, pair))
    return verified
