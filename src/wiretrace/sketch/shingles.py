"""Word shingles hashed to 64 bits in vectorised NumPy, plus a fixed-rate sample for indexing.

Tokens are `\\w+` runs of the lower-cased body. Rather than hashing token by token in Python,
the body's code points go into one array: a lookup table marks word characters, token bounds
come from where that mask changes, and each token's hash is a difference of prefix sums of a
polynomial hash (exact in uint64 arithmetic, whose odd multiplier is invertible modulo 2**64).
Shingles combine k consecutive token hashes; each belongs to the passage of its first token.

The sample keeps every shingle whose hash is 0 modulo `sample_mod`. Because the choice depends
only on the shingle, two documents that share a passage share the same sampled shingles, so the
number of shared samples estimates shared text. This is what lets a page that carries a third of
a story be found as surely as a full copy, where whole-document MinHash sees a low Jaccard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from wiretrace.config import SketchConfig
from wiretrace.model import passages

_WORD = re.compile(r"\w+", re.UNICODE)
_EMPTY = np.zeros(0, dtype=np.uint64)
_EMPTY_INT = np.zeros(0, dtype=np.int32)
_P = np.uint64(0x100000001B3)  # FNV prime: odd, so invertible modulo 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_MULT = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=1)
def word_table() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: is it a `\\w` character?"""
    return np.array([bool(_WORD.match(chr(c))) for c in range(0x10000)], dtype=bool)


_POWERS: list[np.ndarray] = []


def _power_table(base: np.uint64, n: int) -> np.ndarray:
    """base**i modulo 2**64 for i < n."""
    table = np.full(n, base, dtype=np.uint64)
    table[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(table, dtype=np.uint64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Powers of the hash base and of its inverse, at least n of each (grown and kept)."""
    if not _POWERS or _POWERS[0].size < n:
        size = max(n, 1 << 16, 2 * (_POWERS[0].size if _POWERS else 0))
        _POWERS[:] = [_power_table(_P, size), _power_table(_P_INV, size)]
    return _POWERS[0], _POWERS[1]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: the unit of shingles (the reference, slow form)."""
    return _WORD.findall(text.lower())


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> np.uint64(27))
        z = z * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def token_hashes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the lower-cased `\\w+` tokens of a text, and each token's start offset."""
    codes = np.frombuffer(text.lower().encode("utf-32-le"), dtype=np.uint32)
    if codes.size == 0:
        return _EMPTY, _EMPTY_INT
    table = word_table()
    is_word = table[np.minimum(codes, 0xFFFF)] & (codes < 0x10000)
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if starts.size == 0:
        return _EMPTY, _EMPTY_INT
    n = codes.size
    powers, inverse = _powers(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum((codes.astype(np.uint64) + np.uint64(1)) * powers[:n], out=prefix[1:])
        raw = (prefix[ends] - prefix[starts]) * inverse[starts]
        hashes = _mix(raw ^ (ends - starts).astype(np.uint64))
    return hashes, starts.astype(np.int32)


def combine(hashes: np.ndarray, k: int) -> np.ndarray:
    """Hashes of each run of k consecutive token hashes (one hash when there are fewer)."""
    if hashes.size == 0:
        return _EMPTY
    k = min(k, hashes.size)
    n = hashes.size - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _MULT + hashes[j : j + n]
    return _mix(acc)


def shingle_hashes(words: list[str], k: int) -> np.ndarray:
    """64-bit hashes of the word k-grams of a token list (one hash for a shorter list)."""
    hashes, _ = token_hashes(" ".join(words))
    return combine(hashes, k)


@dataclass
class DocSketch:
    """A document's shingles with their passages, passage sizes, and its sample."""

    passage_words: np.ndarray  # words per passage
    shingles: np.ndarray  # sorted unique shingle hashes of the whole document
    shingle_passage: np.ndarray  # for each unique shingle, the first passage holding it
    sample: np.ndarray  # the subset used for candidate search
    pair_passage: np.ndarray  # distinct (passage, shingle) pairs: the passage ...
    pair_shingle: np.ndarray  # ... and the shingle, so each passage has its own set
    repeat: np.ndarray  # per passage: its text was already said by earlier passages

    @property
    def words(self) -> int:
        """Length of the document in words."""
        return int(self.passage_words.sum())

    @property
    def passages(self) -> int:
        """Number of passages."""
        return int(self.passage_words.size)


def sketch(body: str, config: SketchConfig | None = None) -> DocSketch:
    """Shingle a body in one pass, tag shingles with passages, and sample them.

    Passages are numbered as `wiretrace.model.passages` numbers them, which reports rely on.
    """
    config = config or SketchConfig()
    parts = passages(body)
    text = "\n\n".join(parts)
    hashes, starts = token_hashes(text)
    bounds = np.cumsum([0] + [len(p) + 2 for p in parts[:-1]], dtype=np.int64)
    token_passage = np.searchsorted(bounds, starts, side="right") - 1
    passage_words = np.bincount(token_passage, minlength=len(parts)).astype(np.int64)
    shingles = combine(hashes, config.shingle_words)
    owner = token_passage[: shingles.size].astype(np.int32)
    unique, first = np.unique(shingles, return_index=True)
    sample = unique[unique % np.uint64(config.sample_mod) == 0]
    pair_passage, pair_shingle = distinct_pairs(owner, shingles)
    return DocSketch(
        passage_words=passage_words,
        shingles=unique,
        shingle_passage=owner[first] if first.size else _EMPTY_INT,
        sample=sample,
        pair_passage=pair_passage,
        pair_shingle=pair_shingle,
        repeat=repeated_passages(pair_passage, pair_shingle, len(parts), config.repeat_share),
    )


def distinct_pairs(passage: np.ndarray, shingle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (passage, shingle) pairs, sorted by shingle then passage."""
    if shingle.size == 0:
        return _EMPTY_INT, _EMPTY
    order = np.lexsort((passage, shingle))
    passage, shingle = passage[order], shingle[order]
    keep = np.ones(shingle.size, dtype=bool)
    keep[1:] = (shingle[1:] != shingle[:-1]) | (passage[1:] != passage[:-1])
    return passage[keep], shingle[keep]


def repeated_passages(
    passage: np.ndarray, shingle: np.ndarray, count: int, share: float
) -> np.ndarray:
    """Per passage: at least `share` of its shingles were already in an earlier passage.

    A page that prints the same quote, tweet or paragraph twice says it once; counting the
    repeat again would inflate (or, unmatched, deflate) how much of the page another carries.
    """
    if shingle.size == 0:
        return np.zeros(count, dtype=bool)
    first = np.ones(shingle.size, dtype=bool)
    first[1:] = shingle[1:] != shingle[:-1]
    owner = np.maximum.accumulate(np.where(first, np.arange(shingle.size), 0))
    earlier = passage[owner] < passage  # the shingle's first passage comes before this one
    total = np.bincount(passage, minlength=count)
    seen = np.bincount(passage[earlier], minlength=count)
    return (total > 0) & (seen >= share * np.maximum(total, 1))


def sample_many(
    bodies: list[str], config: SketchConfig | None = None
) -> list[tuple[int, np.ndarray]]:
    """(words, sample) of many bodies at once, equal to `sketch` of each but much faster.

    The bodies are hashed as one text (NUL between them, which no token contains), so NumPy's
    per-call cost is paid once per batch instead of once per document; shingles that would
    span two documents are dropped.
    """
    config = config or SketchConfig()
    k = config.shingle_words
    texts = ["\n\n".join(passages(body)) for body in bodies]
    starts_of_docs = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64)
    hashes, starts = token_hashes("\x00".join(texts))
    token_doc = np.searchsorted(starts_of_docs, starts, side="right") - 1
    words = np.bincount(token_doc, minlength=len(bodies))
    out: list[tuple[int, np.ndarray]] = [(0, _EMPTY)] * len(bodies)
    short = set(np.flatnonzero((words > 0) & (words < k)).tolist())
    if hashes.size >= k:
        shingles = combine(hashes, k)
        doc = token_doc[: shingles.size]
        keep = (doc == token_doc[k - 1 :]) & (shingles % np.uint64(config.sample_mod) == 0)
        doc, shingles = doc[keep], shingles[keep]
        order = np.lexsort((shingles, doc))
        doc, shingles = doc[order], shingles[order]
        first = np.ones(doc.size, dtype=bool)
        first[1:] = (doc[1:] != doc[:-1]) | (shingles[1:] != shingles[:-1])
        doc, shingles = doc[first], shingles[first]
        bounds = np.searchsorted(doc, np.arange(len(bodies) + 1))
        for i in range(len(bodies)):
            out[i] = (int(words[i]), shingles[bounds[i] : bounds[i + 1]])
    for i in short:  # fewer words than a shingle: one shingle of them all, as `sketch` does
        out[i] = (int(words[i]), sketch(bodies[i], config).sample)
    return out
