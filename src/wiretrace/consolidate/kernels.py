"""Compiled scan for the runs of capitalised words that `entities` reads names from (Numba).

`runs` finds exactly what `entities.NAME.finditer` finds, in one pass over a text's code points,
and tells the runs at a sentence opening (as `entities.SENTENCE_START` on the four characters
before them says) from the others. Word and white-space classes come from Python's own
definitions for the Basic Multilingual Plane; a text with a code point beyond it is not scanned
(`runs` says so and the caller falls back to the pattern).

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

import codecs

import numpy as np
from numba import njit

from wiretrace.stories.kernels import char_tables

_ASTRAL = 0x10000
_APOSTROPHES = (0x27, 0x2019)  # ' and ’, which names may hold besides word characters
_HYPHEN = 0x2D
SEPARATOR = "\x00"  # ends each run in the scan's output: no run can hold it
_SEPARATOR = ord(SEPARATOR)
# the particles a name may hold between its capitalised words, in the pattern's order
_PARTICLES = ("of", "de", "del", "al", "van", "von", "la", "le")
_PARTICLE_CODES = np.zeros((len(_PARTICLES), 3), dtype=np.uint32)
_PARTICLE_SIZES = np.array([len(p) for p in _PARTICLES], dtype=np.int64)
for _row, _particle in enumerate(_PARTICLES):
    _PARTICLE_CODES[_row, : len(_particle)] = [ord(c) for c in _particle]


@njit(cache=True, inline="always")
def _capital(c):  # type: ignore[no-untyped-def]
    """Is a code point an ASCII capital?"""
    return 65 <= c <= 90


@njit(cache=True, inline="always")
def _ends_sentence(c):  # type: ignore[no-untyped-def]
    """Is a code point one of . ! ? : ; and the line break, which end a sentence?"""
    return c == 0x2E or c == 0x21 or c == 0x3F or c == 0x3A or c == 0x3B or c == 0x0A


@njit(cache=True, inline="always")
def _closes_quote(c):  # type: ignore[no-untyped-def]
    """Is a code point a quote that may follow a sentence's end: ' " ’ ”?"""
    return c == 0x27 or c == 0x22 or c == 0x2019 or c == 0x201D


@njit(cache=True, inline="always")
def _opens_quote(c):  # type: ignore[no-untyped-def]
    """Is a code point a quote that opens a sentence: " “ ‘?"""
    return c == 0x22 or c == 0x201C or c == 0x2018


@njit(cache=True)
def _word_end(text, at, word):  # type: ignore[no-untyped-def]
    """End of the capitalised word at `at` (its capital, then word characters, apostrophes and
    hyphens, with a lower-case ASCII letter among them); -1 when there is none."""
    n = text.size
    j = at + 1
    lower = False
    while j < n:
        c = text[j]
        if not (word[c] or c == 0x27 or c == 0x2019 or c == _HYPHEN):
            break
        if 97 <= c <= 122:
            lower = True
        j += 1
    return j if lower else -1


@njit(cache=True)
def _next_word(text, at, space, word, codes, sizes):  # type: ignore[no-untyped-def]
    """End of the run grown by one more word after the word ending at `at` (white space, maybe
    a particle and more white space, a capitalised word); -1 when the run ends at `at`."""
    n = text.size
    q = at
    while q < n and space[text[q]]:
        q += 1
    if q >= n or q == at:
        return -1
    if _capital(text[q]):
        return _word_end(text, q, word)
    for row in range(sizes.size):
        size = sizes[row]
        if q + size > n:
            continue
        same = True
        for k in range(size):
            if text[q + k] != codes[row, k]:
                same = False
                break
        if not same:
            continue
        r = q + size
        while r < n and space[text[r]]:
            r += 1
        if r < n and _capital(text[r]):
            end = _word_end(text, r, word)
            if end >= 0:
                return end
    return -1


@njit(cache=True)
def _opening(text, at, space):  # type: ignore[no-untyped-def]
    """Does the run at `at` open the text or a sentence: do the (up to) four code points before
    it end with a sentence's end, maybe a closing quote, and white space, or with an opening
    quote and white space?"""
    if at == 0:
        return True
    c1 = text[at - 1]
    if _ends_sentence(c1) or _opens_quote(c1):
        return True
    if at >= 2:
        c2 = text[at - 2]
        if _ends_sentence(c2) and (_closes_quote(c1) or space[c1]):
            return True
        if _opens_quote(c2) and space[c1]:
            return True
        if at >= 3 and space[c1]:
            c3 = text[at - 3]
            if _ends_sentence(c3) and (_closes_quote(c2) or space[c2]):
                return True
            if _opens_quote(c3) and space[c2]:
                return True
            if at >= 4 and space[c2]:
                c4 = text[at - 4]
                if _ends_sentence(c4) and (_closes_quote(c3) or space[c3]):
                    return True
                if _opens_quote(c4) and space[c3]:
                    return True
    return False


@njit(cache=True, inline="always")
def _copy(text, start, end, out, at):  # type: ignore[no-untyped-def]
    """`text[start:end]` and a separator written into `out` at `at`; the position after them."""
    for k in range(start, end):
        out[at] = text[k]
        at += 1
    out[at] = _SEPARATOR
    return at + 1


@njit(cache=True)
def _scan(text, word, space, codes, sizes):  # type: ignore[no-untyped-def]
    """The runs in `text` (code points), each followed by a separator: those inside a sentence,
    those opening one or the text (empty when `text` holds a code point beyond the BMP)."""
    n = text.size
    inside = np.empty(n + n // 2 + 1, dtype=np.uint32)
    opening = np.empty(n + n // 2 + 1, dtype=np.uint32)
    for i in range(n):
        if text[i] >= _ASTRAL:
            return inside[:0], opening[:0], False
    at_inside = 0
    at_opening = 0
    i = 0
    while i < n:
        if not _capital(text[i]) or (i > 0 and word[text[i - 1]]):
            i += 1
            continue
        end = _word_end(text, i, word)
        if end < 0:
            i += 1
            continue
        grown = _next_word(text, end, space, word, codes, sizes)
        while grown >= 0:
            end = grown
            grown = _next_word(text, end, space, word, codes, sizes)
        if _opening(text, i, space):
            at_opening = _copy(text, i, end, opening, at_opening)
        else:
            at_inside = _copy(text, i, end, inside, at_inside)
        i = end
    return inside[:at_inside], opening[:at_opening], True


def runs(text: str) -> tuple[list[str], list[str]] | None:
    """The runs of capitalised words in a text: (inside a sentence, opening one or the text),
    each list ending with an empty string; None when the text holds a code point beyond the
    Basic Multilingual Plane."""
    word, space, _ = char_tables()
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    inside, opening, scanned = _scan(codes, word, space, _PARTICLE_CODES, _PARTICLE_SIZES)
    if not scanned:
        return None
    return (
        codecs.decode(inside, "utf-32-le").split(SEPARATOR),
        codecs.decode(opening, "utf-32-le").split(SEPARATOR),
    )
