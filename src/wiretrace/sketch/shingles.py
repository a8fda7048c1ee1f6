"""Word shingles hashed to 64 bits, plus a fixed-rate sample for indexing.

Tokens are `\\w+` runs of the lower-cased body. They are hashed in one compiled pass over the
body's code points (`wiretrace.sketch.kernels`), each token as a polynomial over its code points;
shingles combine k consecutive token hashes, and each belongs to the passage of its first token.

The sample keeps every shingle whose hash is 0 modulo `sample_mod`. Because the choice depends
only on the shingle, two documents that share a passage share the same sampled shingles, so the
number of shared samples estimates shared text. This is what lets a page that carries a third of
a story be found as surely as a full copy, where whole-document MinHash sees a low Jaccard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from wiretrace.config import SketchConfig
from wiretrace.model import passages
from wiretrace.sketch import kernels

_WORD = re.compile(r"\w+", re.UNICODE)
_EMPTY = np.zeros(0, dtype=np.uint64)
_EMPTY_INT = np.zeros(0, dtype=np.int32)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: the unit of shingles (the reference, slow form)."""
    return _WORD.findall(text.lower())


def token_hashes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the lower-cased `\\w+` tokens of a text, and each token's start offset."""
    word, lower, _ = kernels.tables()
    hashes, starts = kernels.token_hashes(kernels.codes_of(text), word, lower)
    return hashes, starts.astype(np.int32)


def combine(hashes: np.ndarray, k: int) -> np.ndarray:
    """Hashes of each run of k consecutive token hashes (one hash when there are fewer)."""
    return kernels.combine(hashes, k)


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

    The bodies go to the compiled kernel as one array of code points, so the per-call cost
    is paid once per batch instead of once per document. Tokens are the same whether or not a
    body is split into passages first (only white space differs), so bodies are taken whole.
    """
    if not bodies:
        return []
    codes = np.concatenate([kernels.codes_of(body) for body in bodies])
    bounds = np.cumsum([0] + [len(b) for b in bodies], dtype=np.int64)
    return sample_codes(codes, bounds, config)


def sample_codes(
    codes: np.ndarray, bounds: np.ndarray, config: SketchConfig | None = None
) -> list[tuple[int, np.ndarray]]:
    """`sample_many` of bodies given as code points, body i in codes[bounds[i]:bounds[i + 1]]."""
    config = config or SketchConfig()
    word, lower, _ = kernels.tables()
    words, samples, offsets = kernels.sample_docs(
        codes, bounds, word, lower, config.shingle_words, config.sample_mod
    )
    offsets = offsets.tolist()
    return [(int(words[i]), samples[offsets[i] : offsets[i + 1]]) for i in range(bounds.size - 1)]
