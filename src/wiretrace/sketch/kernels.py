"""Compiled inner loops of the sketch stage (Numba): one pass over a text's code points.

A page's text goes in as an array of UTF-32 code points. Word characters, lower-casing and
white space come from lookup tables built once from Python's own definitions (`\\w`,
`str.lower`, `str.isspace`) for the Basic Multilingual Plane; code points beyond it are
never word characters. Hashes wrap modulo 2**64 like the NumPy arithmetic they replace.

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from numba import njit

_WORD = re.compile(r"\w")
_P = np.uint64(0x100000001B3)  # FNV prime: odd, so the polynomial hash is well spread
_MULT = np.uint64(0x9E3779B97F4A7C15)
_NEWLINE = 10
_SPACE = 32


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per BMP code point: is it a word character, its lower case, is it white space."""
    chars = [chr(c) for c in range(0x10000)]
    word = np.array([bool(_WORD.match(ch)) for ch in chars], dtype=np.bool_)
    lower = np.array([ord(ch.lower()[0]) if ch.lower() else ord(ch) for ch in chars], np.uint32)
    space = np.array([ch.isspace() for ch in chars], dtype=np.bool_)
    return word, lower, space


def warm() -> None:
    """Load the compiled kernels now (from the disk cache, or compile them): a process that
    forks workers afterwards hands them ready code instead of each loading its own."""
    word, lower, space = tables()
    codes = codes_of("warm up the kernels")
    hashes, _ = token_hashes(codes, word, lower)
    combine(hashes, 2)
    bounds = np.array([0, codes.size], dtype=np.int64)
    sample_docs(codes, bounds, word, lower, 2, 1)
    reflow(codes, space)
    out, out_bounds = reflow_many(codes.copy(), bounds, space)  # writable, as batches are
    sample_docs(out, out_bounds, word, lower, 2, 1)
    split_counts(codes, bounds, space)


def codes_of(text: str) -> np.ndarray:
    """The code points of a text, as the kernels take them."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def reflowed(text: str) -> str:
    """A text's paragraphs with white space runs made one space, joined by blank lines."""
    _, _, space = tables()
    out = reflow(codes_of(text), space)
    return out.tobytes().decode("utf-32-le", "surrogatepass")


@njit(cache=True, inline="always")
def mix(z: np.uint64) -> np.uint64:
    """splitmix64 finaliser: spreads a hash over all 64 bits (shared by the compiled passes)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def token_hashes(codes, word, lower):  # type: ignore[no-untyped-def]
    """64-bit hashes of the lower-cased word tokens of a text, and each token's start."""
    n = codes.size
    hashes = np.empty(n // 2 + 1, dtype=np.uint64)
    starts = np.empty(n // 2 + 1, dtype=np.int64)
    count = 0
    start = -1
    h = np.uint64(0)
    power = np.uint64(1)
    for i in range(n + 1):
        c = codes[i] if i < n else np.uint32(0x110000)
        if c < 0x10000 and word[c]:
            if start < 0:
                start = i
                h = np.uint64(0)
                power = np.uint64(1)
            h += (np.uint64(lower[c]) + np.uint64(1)) * power
            power *= _P
        elif start >= 0:
            hashes[count] = mix(h ^ np.uint64(i - start))
            starts[count] = start
            count += 1
            start = -1
    return hashes[:count], starts[:count]


@njit(cache=True)
def combine(hashes, k):  # type: ignore[no-untyped-def]
    """Hashes of each run of k consecutive token hashes (one hash when there are fewer)."""
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, hashes.size)
    n = hashes.size - k + 1
    out = np.empty(n, dtype=np.uint64)
    for i in range(n):
        acc = np.uint64(0)
        for j in range(k):
            acc = acc * _MULT + hashes[i + j]
        out[i] = mix(acc)
    return out


@njit(cache=True)
def sample_docs(codes, bounds, word, lower, k, mod):  # type: ignore[no-untyped-def]
    """Words and sorted distinct sampled shingles of each text in a chunk.

    `codes` holds the texts one after another, text i in codes[bounds[i]:bounds[i + 1]].
    A shingle is sampled when its hash is 0 modulo `mod`; a text shorter than k words gets
    one shingle of all its words. Returns (words per text, samples, offsets into samples).
    """
    docs = bounds.size - 1
    words = np.zeros(docs, dtype=np.int64)
    offsets = np.zeros(docs + 1, dtype=np.int64)
    out = np.empty(max(codes.size // 8, 16), dtype=np.uint64)
    used = 0
    for d in range(docs):
        hashes, _ = token_hashes(codes[bounds[d] : bounds[d + 1]], word, lower)
        words[d] = hashes.size
        out, used = add_sample(hashes, k, mod, out, used)
        offsets[d + 1] = used
    return words, out[:used], offsets


@njit(cache=True)
def add_sample(hashes, k, mod, out, used):  # type: ignore[no-untyped-def]
    """Write the sorted distinct sampled shingles of a text's token hashes (see `sample_docs`)
    into `out` from `used`: the array (grown when short) and the position after them."""
    shingles = combine(hashes, k)
    chosen = np.sort(shingles[shingles % np.uint64(mod) == 0])
    if used + chosen.size > out.size:
        grown = np.empty(max(2 * out.size, used + chosen.size), dtype=np.uint64)
        grown[:used] = out[:used]
        out = grown
    for i in range(chosen.size):
        if i == 0 or chosen[i] != chosen[i - 1]:
            out[used] = chosen[i]
            used += 1
    return out, used


@njit(cache=True)
def reflow(codes, space):  # type: ignore[no-untyped-def]
    """Paragraphs (split on a blank line) with their white space runs made one space,
    stripped, empty ones dropped, joined by one blank line: `as_clean` in one pass."""
    out = np.empty(codes.size, dtype=np.uint32)
    return out[: _reflow_into(codes, space, out, 0)]


@njit(cache=True)
def reflow_many(codes, bounds, space):  # type: ignore[no-untyped-def]
    """`reflow` of each text in a chunk (text i in codes[bounds[i]:bounds[i + 1]]): the
    reflowed texts one after another, and their bounds."""
    out = np.empty(codes.size, dtype=np.uint32)
    out_bounds = np.zeros(bounds.size, dtype=np.int64)
    for d in range(bounds.size - 1):
        used = _reflow_into(codes[bounds[d] : bounds[d + 1]], space, out, out_bounds[d])
        out_bounds[d + 1] = used
    return out[: out_bounds[-1]], out_bounds


@njit(cache=True, inline="always")
def _reflow_into(codes, space, out, used):  # type: ignore[no-untyped-def]
    """Write `reflow` of codes into out from position `used`; the position after it."""
    start = used
    n = codes.size
    i = 0
    paragraph_open = False  # a word was written in the current paragraph
    gap = False  # white space seen since the last word in this paragraph
    while i < n:
        c = codes[i]
        if c == _NEWLINE and i + 1 < n and codes[i + 1] == _NEWLINE:
            if paragraph_open:
                out[used] = _NEWLINE
                out[used + 1] = _NEWLINE
                used += 2
            paragraph_open = False
            gap = False
            i += 2
            continue
        if c < 0x10000 and space[c]:
            gap = True
        else:
            if paragraph_open and gap:
                out[used] = _SPACE
                used += 1
            out[used] = c
            used += 1
            paragraph_open = True
            gap = False
        i += 1
    if used - start >= 2 and out[used - 1] == _NEWLINE and out[used - 2] == _NEWLINE:
        used -= 2
    return used


@njit(cache=True)
def split_counts(codes, bounds, space):  # type: ignore[no-untyped-def]
    """`len(text.split())` of each text in a chunk (text i in codes[bounds[i]:bounds[i + 1]]):
    its runs of non-white-space characters."""
    counts = np.zeros(bounds.size - 1, dtype=np.int64)
    for d in range(bounds.size - 1):
        count = 0
        gap = True
        for i in range(bounds[d], bounds[d + 1]):
            c = codes[i]
            if c < 0x10000 and space[c]:
                gap = True
            elif gap:
                count += 1
                gap = False
        counts[d] = count
    return counts
