"""Exact verification of a candidate pair: which passages of each are found in the other.

All set work is vectorised: a's shingles are looked up in b's sorted shingles with one
`searchsorted`, per-passage shares come from `bincount`, and each found passage of a is aligned
to the passage of b that holds most of its found shingles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import orjson
import pyarrow as pa

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


class Verified(NamedTuple):
    """The pairs of a chunk that verify, as columns, rounded as `compare` rounds them."""

    rows: np.ndarray  # which of the pairs given
    containment_a: np.ndarray
    containment_b: np.ndarray
    jaccard: np.ndarray
    passages: pa.Array  # JSON text of the aligned passages, [[a, b, score], ...], as stored


def verify_bodies(
    first: np.ndarray,
    second: np.ndarray,
    bodies: Sequence[str],
    sketch_config: SketchConfig | None = None,
    config: MatchConfig | None = None,
) -> Verified:
    """`compare` of the pairs (bodies[first[p]], bodies[second[p]]), with the same results:
    every body sketched once, in one compiled pass, and the pairs compared in another."""
    encoded = [body.encode("utf-8", "surrogatepass") for body in bodies]
    text = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    bounds = np.zeros(len(bodies) + 1, dtype=np.int64)
    np.cumsum([len(body) for body in encoded], out=bounds[1:])
    return verify_text(first, second, text, bounds, sketch_config, config)


def verify_text(
    first: np.ndarray,
    second: np.ndarray,
    text: np.ndarray,
    bounds: np.ndarray,
    sketch_config: SketchConfig | None = None,
    config: MatchConfig | None = None,
) -> Verified:
    """`verify_bodies` of bodies given as UTF-8 bytes: body k is text[bounds[k]:bounds[k + 1]]
    (as read from a file, with no Python string on the way)."""
    sketch_config = sketch_config or SketchConfig()
    config = config or MatchConfig()
    sketches = kernels.sketches(
        text, bounds, sketch_config.shingle_words, sketch_config.repeat_share
    )
    found = kernels.compare_pairs(
        sketches,
        np.asarray(first, dtype=np.int64),
        np.asarray(second, dtype=np.int64),
        config.whole_passage,
        config.passage_threshold,
        config.min_containment,
        float(config.min_shared_words),
    )
    rows = np.flatnonzero(found.ok)
    inter, union = found.inter[rows], found.union[rows]
    jaccard = np.divide(inter, union, out=np.zeros(rows.size), where=union > 0)
    text, offsets = kernels.passages_json(
        rows,
        found.shown_off,
        found.shown_a,
        found.shown_b,
        thousandths(found.shown_share),
        *_SCORES,
    )
    return Verified(
        rows=rows,
        containment_a=rounded(found.contain_a[rows], 4),
        containment_b=rounded(found.contain_b[rows], 4),
        jaccard=rounded(jaccard, 4),
        passages=pa.StringArray.from_buffers(rows.size, pa.py_buffer(offsets), pa.py_buffer(text)),
    )


def rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """Python's `round(value, digits)` of each value, vectorised: NumPy's rounding differs only
    next to a tie, where Python's is used."""
    scaled = values * 10.0**digits
    out = np.rint(scaled) / 10.0**digits
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        out[i] = round(float(values[i]), digits)
    return out


def thousandths(shares: np.ndarray) -> np.ndarray:
    """k such that `round(share, 3)` is k / 1000, for each share (Python's rounding of each
    distinct value)."""
    distinct, index = np.unique(shares, return_inverse=True)
    ks = [round(round(value, 3) * 1000) for value in distinct.tolist()]
    return np.array(ks, dtype=np.int64)[index] if ks else np.zeros(0, dtype=np.int64)


def _score_table() -> tuple[np.ndarray, np.ndarray]:
    """The JSON text of k / 1000 for k in 0..1000, as orjson writes a rounded score."""
    texts = [orjson.dumps(k / 1000) for k in range(1001)]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=offsets[1:])
    return np.frombuffer(b"".join(texts), dtype=np.uint8), offsets


_SCORES = _score_table()


def verify_many(
    pairs: Sequence[tuple[int, int]],
    texts: Mapping[int, tuple[str, str]],
    sketch_config: SketchConfig | None = None,
    config: MatchConfig | None = None,
) -> list[tuple[int, int, CopyPair]]:
    """`compare` of many pairs of documents (key -> (id, body) in `texts`), with the same
    results, from `verify_bodies`."""
    if not pairs:
        return []
    keys = list(texts)
    row = {key: i for i, key in enumerate(keys)}
    first = np.array([row[a] for a, _ in pairs], dtype=np.int64)
    second = np.array([row[b] for _, b in pairs], dtype=np.int64)
    found = verify_bodies(first, second, [texts[k][1] for k in keys], sketch_config, config)
    verified = []
    for p, ca, cb, jaccard, shown in zip(
        found.rows.tolist(),
        found.containment_a.tolist(),
        found.containment_b.tolist(),
        found.jaccard.tolist(),
        found.passages.to_pylist(),
        strict=True,
    ):
        a, b = pairs[p]
        aligned = [AlignedPassage(x, y, score) for x, y, score in orjson.loads(shown)]
        pair = CopyPair(texts[a][0], texts[b][0], ca, cb, jaccard, aligned)
        verified.append((a, b, pair))
    return verified
