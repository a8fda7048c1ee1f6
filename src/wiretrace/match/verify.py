"""Exact verification of a candidate pair: which passages of each are found in the other.

All set work is vectorised: a's shingles are looked up in b's sorted shingles with one
`searchsorted`, per-passage shares come from `bincount`, and each found passage of a is aligned
to the passage of b that holds most of its found shingles.
"""

from __future__ import annotations

import numpy as np

from wiretrace.config import MatchConfig
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
