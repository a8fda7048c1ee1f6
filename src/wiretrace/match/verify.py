"""Exact verification of a candidate pair: which passages of each are found in the other."""

from __future__ import annotations

import numpy as np

from wiretrace.config import MatchConfig
from wiretrace.model import AlignedPassage, CopyPair
from wiretrace.sketch import DocSketch


def found_share(passage: np.ndarray, other: np.ndarray) -> float:
    """Share of a passage's shingles present in another document's shingles."""
    if len(passage) == 0:
        return 0.0
    return float(np.isin(passage, other, assume_unique=True).sum()) / len(passage)


def align(
    a: DocSketch, b: DocSketch, config: MatchConfig
) -> tuple[float, int, list[AlignedPassage]]:
    """Containment of a in b, matched words of a, and a's passages aligned to b's.

    A passage found at or above `passage_threshold` counts whole (it is the same passage with
    small edits); one below it counts by the share found.
    """
    total = a.words or 1
    carried = 0.0
    matched_words = 0
    aligned = []
    for i, (shingles, size) in enumerate(zip(a.passage_shingles, a.passage_words, strict=True)):
        share = found_share(shingles, b.shingles)
        if share >= config.passage_threshold:
            carried += size
            matched_words += size
            overlaps = [
                np.intersect1d(shingles, q, assume_unique=True).size for q in b.passage_shingles
            ]
            aligned.append(AlignedPassage(a=i, b=int(np.argmax(overlaps)), score=round(share, 3)))
        else:
            carried += size * share
    return carried / total, matched_words, aligned


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
    inter = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
    union = a.shingles.size + b.shingles.size - inter
    return CopyPair(
        a=id_a,
        b=id_b,
        containment_a=round(contain_a, 4),
        containment_b=round(contain_b, 4),
        jaccard=round(inter / union, 4) if union else 0.0,
        passages=aligned,
    )
