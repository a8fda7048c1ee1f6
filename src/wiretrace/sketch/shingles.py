"""Word shingles hashed to 64 bits, computed per passage, plus a fixed-rate sample for indexing.

The sample keeps every shingle whose hash is 0 modulo `sample_mod`. Because the choice depends
only on the shingle, two documents that share a passage share the same sampled shingles, so the
number of shared samples estimates shared text. This is what lets a page that carries a third of
a story be found as surely as a full copy, where whole-document MinHash sees a low Jaccard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import xxhash

from wiretrace.config import SketchConfig
from wiretrace.model import passages

_WORD = re.compile(r"\w+", re.UNICODE)
_MULT = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint64)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: the unit of shingles."""
    return _WORD.findall(text.lower())


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> np.uint64(27))
        z = z * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingle_hashes(words: list[str], k: int) -> np.ndarray:
    """64-bit hashes of the word k-grams of a token list (one hash for a shorter list)."""
    if not words:
        return _EMPTY
    th = np.fromiter(
        (xxhash.xxh3_64_intdigest(w.encode()) for w in words), dtype=np.uint64, count=len(words)
    )
    if len(th) < k:
        k = len(th)
    n = len(th) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _MULT + th[j : j + n]
    return _mix(acc)


@dataclass
class DocSketch:
    """A document's passages as shingle sets, their sizes in words, and its sample."""

    passage_words: list[int]
    passage_shingles: list[np.ndarray]  # sorted unique hashes per passage
    shingles: np.ndarray  # sorted unique hashes of the whole document
    sample: np.ndarray  # the subset used for candidate search

    @property
    def words(self) -> int:
        """Length of the document in words."""
        return sum(self.passage_words)


def sketch(body: str, config: SketchConfig | None = None) -> DocSketch:
    """Shingle every passage of a body and sample the document's shingles."""
    config = config or SketchConfig()
    sizes, sets = [], []
    for text in passages(body):
        words = tokens(text)
        if not words:
            continue
        sizes.append(len(words))
        sets.append(np.unique(shingle_hashes(words, config.shingle_words)))
    whole = np.unique(np.concatenate(sets)) if sets else _EMPTY
    sample = whole[whole % np.uint64(config.sample_mod) == 0]
    return DocSketch(passage_words=sizes, passage_shingles=sets, shingles=whole, sample=sample)
