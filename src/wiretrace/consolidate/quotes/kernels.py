"""Compiled layout scan of a body (Numba): paragraphs, quoted spans, sentence ends and what
each span's reading needs, at once.

`scan` finds in one pass over a body's code points (read where Python keeps them, one or two
bytes each: no copy) what `layout` finds with patterns and searches: where the paragraphs start
(after each blank line), the top-level quoted spans (as `layout.spans`), each sentence end (a
run of full stops, closing marks and white space, as `words._SENTENCE_PARTS` finds them, with
the bounds of its parts and whether it follows an abbreviation), and per span the bounds
`layout.prepared` gives, with whether the text after it and the sentence before it hold a word
that may be a speech cue (each piece lowered and looked up in a table of the cue words).
Letter, alphanumeric, white-space, upper-case and lower-case classes come from lookup tables
built from Python's own definitions for the Basic Multilingual Plane; a body with a code point
beyond it is not scanned (`scan` says so and the caller keeps to the patterns).

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import carray, njit

from wiretrace.consolidate.quotes.words import (
    _ABBREVIATIONS,
    _ACCORDING_FIRST,
    ACCORDING_WORD,
    CUE_WORD,
    CUES,
    MAX_QUOTE_CHARS,
    MIN_UNCUED_WORDS,
    WINDOW,
)

_ASTRAL = 0x10000
_NEWLINE = 0x0A
_QUOTE = 0x22  # "
# the abbreviations a full stop may follow without ending a sentence, as rows of code points
# (compiled in as constants: Numba's disk cache keys on this file, so a change to the word
# lists in words.py needs the cache beside this file cleared, or this file touched)
_ABBREVIATION_SIZES = np.array([len(a) for a in sorted(_ABBREVIATIONS)], dtype=np.int64)
_ABBREVIATION_CODES = np.zeros((len(_ABBREVIATIONS), max(_ABBREVIATION_SIZES)), dtype=np.uint32)
for _row, _abbreviation in enumerate(sorted(_ABBREVIATIONS)):
    _ABBREVIATION_CODES[_row, : len(_abbreviation)] = [ord(c) for c in _abbreviation]
_SEEN = np.zeros(0x80, dtype=np.bool_)  # the ASCII characters the scan looks at
for _char in "\n\"'.!?":
    _SEEN[ord(_char)] = True


@lru_cache(maxsize=1)
def char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per BMP code point: is it a letter (`str.isalpha`), alphanumeric (`str.isalnum`), white
    space (`str.isspace`, the pattern engine's `\\s`), upper case (`str.isupper`)."""
    chars = [chr(c) for c in range(_ASTRAL)]
    alpha = np.array([ch.isalpha() for ch in chars], dtype=np.bool_)
    alnum = np.array([ch.isalnum() for ch in chars], dtype=np.bool_)
    space = np.array([ch.isspace() for ch in chars], dtype=np.bool_)
    upper = np.array([ch.isupper() for ch in chars], dtype=np.bool_)
    return alpha, alnum, space, upper


# the classes as constants the compiled code holds (no tables handed to every helper)
_IS_ALPHA, _IS_ALNUM, _IS_SPACE, _IS_UPPER = char_tables()


def lower_table() -> np.ndarray:
    """Per BMP code point its lower case (`str.lower`) when that is one code point, else 0
    ("İ": what it lowers to is in no cue word)."""
    lowered = [chr(c).lower() for c in range(_ASTRAL)]
    return np.array([ord(ch) if len(ch) == 1 else 0 for ch in lowered], dtype=np.uint32)


_LOWER = lower_table()
# the words that may open a cue (`words._GATE` without its stops), in a table of open
# addressing by `_hashed`: a row's index + 1 per slot, its code points and its size
_CUE_WORDS = sorted(CUES | _ACCORDING_FIRST)
_CUE_SIZES = np.array([len(w) for w in _CUE_WORDS], dtype=np.int64)
_CUE_CODES = np.zeros((len(_CUE_WORDS), max(_CUE_SIZES)), dtype=np.uint32)
_CUE_ACCORDING = np.array([w in _ACCORDING_FIRST for w in _CUE_WORDS], dtype=np.bool_)
_CUE_SLOTS = 1024
_HASH_MASK = 0xFFFFFF
_CUE_TABLE = np.zeros(_CUE_SLOTS, dtype=np.int64)


def _hashed(codes: list[int]) -> int:
    """The hash of a word's code points (`_hash_step` over them, from 0)."""
    h = 0
    for c in codes:
        h = ((h * 1000003) ^ c) & _HASH_MASK
    return h


for _row, _word in enumerate(_CUE_WORDS):
    _CUE_CODES[_row, : len(_word)] = [ord(c) for c in _word]
    _slot = _hashed([ord(c) for c in _word]) % _CUE_SLOTS
    while _CUE_TABLE[_slot]:
        _slot = (_slot + 1) % _CUE_SLOTS
    _CUE_TABLE[_slot] = _row + 1


@njit(cache=True, inline="always")
def _is_mark(c):  # type: ignore[no-untyped-def]
    """Is a code point a quote mark: " ' “ ” „ ‘ ’ ‚ « » ‹ › 「 」 『 』?"""
    return (
        c == 0x22
        or c == 0x27
        or (0x2018 <= c <= 0x201E and c != 0x201B)
        or c == 0xAB
        or c == 0xBB
        or c == 0x2039
        or c == 0x203A
        or 0x300C <= c <= 0x300F
    )


@njit(cache=True, inline="always")
def _closes(opening, c):  # type: ignore[no-untyped-def]
    """Does the mark `c` close a quote opened by the mark `opening` (`words._CLOSERS`)?
    -1 when `opening` opens nothing."""
    if opening == 0x201C or opening == 0x201D:  # “ ”, and ” both ways
        return c == 0x201D
    if opening == 0x201E:  # „
        return c == 0x201C or c == 0x201D
    if opening == 0x2018:  # ‘
        return c == 0x2019
    if opening == 0x201A:  # ‚
        return c == 0x2018 or c == 0x2019
    if opening == 0xAB:  # «
        return c == 0xBB
    if opening == 0xBB:  # » (reversed guillemets)
        return c == 0xAB
    if opening == 0x2039:  # ‹
        return c == 0x203A
    if opening == 0x300C or opening == 0x300E:  # 「 『
        return c == opening + 1
    return c == opening  # " '


@njit(cache=True, inline="always")
def _opens(c):  # type: ignore[no-untyped-def]
    """Can the mark `c` open a quote at all (a key of `words._CLOSERS`)?"""
    return not (c == 0x2019 or c == 0x203A or c == 0x300D or c == 0x300F)


@njit(cache=True, inline="always")
def _single(c):  # type: ignore[no-untyped-def]
    """Is a mark a single one: ‘ ’ ' ‚?"""
    return c == 0x2018 or c == 0x2019 or c == 0x27 or c == 0x201A


@njit(cache=True, inline="always")
def _space_mark(c):  # type: ignore[no-untyped-def]
    """Is a code point in `words._SPACE` (space, tab, line break, the no-break and thin
    spaces)?"""
    return c == 0x20 or c == 0x09 or c == 0x0A or c == 0xA0 or c == 0x202F or c == 0x2009


@njit(cache=True)
def _is_open(text, at):  # type: ignore[no-untyped-def]
    """`layout._is_open` over the body (a paragraph's bounds are line breaks, which read as the
    space the paragraph's own text has there)."""
    c = text[at]
    if c == 0x201E or c == 0x201A or c == 0x300C or c == 0x300E:
        return True
    after = text[at + 1] if at + 1 < text.size else 0x20
    if _space_mark(after) and not (c == 0xAB or c == 0xBB or c == 0x201E):
        return False
    if (c == 0x27 or c == 0x2019) and not _IS_ALPHA[after]:  # ' ’
        return False
    before = text[at - 1] if at > 0 else 0x20
    return not _IS_ALNUM[before]


@njit(cache=True)
def _is_close(text, at):  # type: ignore[no-untyped-def]
    """`layout._is_close` over the body."""
    c = text[at]
    after = text[at + 1] if at + 1 < text.size else 0x20
    if c == _QUOTE:
        b = text[at - 1]
        return not _IS_ALNUM[after] or b == 0x2E or b == 0x2C or b == 0x21 or b == 0x3F
    if _single(c):
        return not _IS_ALNUM[after]
    return True


@njit(cache=True)
def _spans(text, places, starts):  # type: ignore[no-untyped-def]
    """`layout.spans`: rows of (open mark, content end, paragraph index, closed)."""
    n = text.size
    out = np.empty((places.size, 4), dtype=np.int64)
    count = 0
    first = 0
    for index in range(starts.size):
        end = starts[index + 1] - 2 if index + 1 < starts.size else n
        last = first
        while last < places.size and places[last] < end:
            last += 1
        i = first
        while i < last:
            at = places[i]
            c = text[at]
            if not _opens(c) or not _is_open(text, at):
                i += 1
                continue
            j = _closing_mark(text, places, i, last, c)
            if j < last:
                if places[j] - at <= MAX_QUOTE_CHARS:
                    out[count, 0] = at
                    out[count, 1] = places[j]
                    out[count, 2] = index
                    out[count, 3] = 1
                    count += 1
                i = j + 1
            else:  # open to the paragraph's end: its text without the white space ending it
                if not _single(c):
                    stop = end
                    while stop > starts[index] and _IS_SPACE[text[stop - 1]]:
                        stop -= 1
                    out[count, 0] = at
                    out[count, 1] = stop
                    out[count, 2] = index
                    out[count, 3] = 0
                    count += 1
                break
        first = last
    return out[:count]


@njit(cache=True, inline="always")
def _mixed(opening):  # type: ignore[no-untyped-def]
    """`layout._MIXED`: the other kind of double mark for an opening mark, else -1."""
    if opening == 0x201C or opening == 0x201D:
        return _QUOTE
    if opening == _QUOTE:
        return 0x201D
    return -1


@njit(cache=True)
def _closing_mark(text, places, i, last, c):  # type: ignore[no-untyped-def]
    """`layout._closing_mark` over the body's marks places[i + 1:last] for the opening mark `c`."""
    other = _mixed(c)
    inner = False
    for j in range(i + 1, last):
        at = places[j]
        d = text[at]
        if _closes(c, d) and _is_close(text, at):
            return j
        if d == other:
            ends = _is_close(text, at) and not _space_mark(text[at - 1])
            if inner:
                inner = not ends
            elif _is_open(text, at):
                inner = True
            elif ends:
                return j
    return last


@njit(cache=True, inline="always")
def _stop(c):  # type: ignore[no-untyped-def]
    """Is a code point . ! or ?"""
    return c == 0x2E or c == 0x21 or c == 0x3F


@njit(cache=True, inline="always")
def _closing(c):  # type: ignore[no-untyped-def]
    """Is a code point a mark that may close a sentence after its stop: " ” ’ » )?"""
    return c == 0x22 or c == 0x201D or c == 0x2019 or c == 0xBB or c == 0x29


@njit(cache=True, inline="always")
def _between(text, i):  # type: ignore[no-untyped-def]
    """Is the apostrophe at `i` between two alphanumerics (inside a word: "Korea’s")?"""
    return 0 < i < text.size - 1 and _IS_ALNUM[text[i - 1]] and _IS_ALNUM[text[i + 1]]


@njit(cache=True)
def _abbreviated(text, begin, dot):  # type: ignore[no-untyped-def]
    """`layout._abbreviated`: the stop at `dot` is a full stop after an abbreviation, a
    capital alone or initials ("S.D") that start at `begin`."""
    if text[dot] != 0x2E:
        return False
    size = dot - begin
    for row in range(_ABBREVIATION_SIZES.size if size <= _ABBREVIATION_CODES.shape[1] else 0):
        if _ABBREVIATION_SIZES[row] == size:
            j = 0
            while j < size and text[begin + j] == _ABBREVIATION_CODES[row, j]:
                j += 1
            if j == size:
                return True
    if size == 1:
        return _IS_UPPER[text[begin]]
    if size < 3 or size % 2 == 0:
        return False
    j = 0  # one character, a full stop, one character ...
    while j < size and (text[begin + j] == 0x2E) == (j % 2 == 1):
        j += 1
    return j == size


@njit(cache=True, inline="always")
def _sentence_end(text, i, out, count):  # type: ignore[no-untyped-def]
    """The match of `words._SENTENCE_PARTS` at the stop `i` (a row of `out`: its start, the end
    of its stops, the start of its white space, its end, where the letters and full stops
    before it start, whether it ends an abbreviation); where the scan goes on."""
    n = text.size
    e = i
    while e < n and _stop(text[e]):
        e += 1
    w = e
    while w < n and _closing(text[w]):
        w += 1
    q = w
    while q < n and _IS_SPACE[text[q]]:
        q += 1
    if q == w:
        return e, count
    out[count, 0] = i
    out[count, 1] = e
    out[count, 2] = w
    out[count, 3] = q
    begin = i
    while begin > 0 and (_IS_ALPHA[text[begin - 1]] or text[begin - 1] == 0x2E):
        begin -= 1
    out[count, 4] = begin
    out[count, 5] = _abbreviated(text, begin, i)
    return q, count + 1


@njit(cache=True)
def _cut_abbreviation(text, ends, k, lo):  # type: ignore[no-untyped-def]
    """`layout.Sentences._abbreviation`: the k-th sentence end, cut to the stretch from `lo`,
    follows an abbreviation."""
    if ends[k, 4] >= lo:
        return ends[k, 5] == 1
    dot = max(ends[k, 0], lo)
    begin = dot
    while begin > lo and (_IS_ALPHA[text[begin - 1]] or text[begin - 1] == 0x2E):
        begin -= 1
    return _abbreviated(text, begin, dot)


@njit(cache=True)
def _first_end(text, ends, lo, hi):  # type: ignore[no-untyped-def]
    """`layout.Sentences.end`: where the first sentence of text[lo:hi] ends, from `lo`."""
    if hi <= lo:
        return 0
    a, b = 0, ends.shape[0]  # the first end whose stops end after `lo`
    while a < b:
        m = (a + b) // 2
        if ends[m, 1] <= lo:
            a = m + 1
        else:
            b = m
    k = a
    while k < ends.shape[0] and ends[k, 2] < hi:
        if not _cut_abbreviation(text, ends, k, lo):
            return max(ends[k, 0], lo) - lo + 1
        k += 1
    return hi - lo


@njit(cache=True)
def _last_start(text, ends, lo, hi):  # type: ignore[no-untyped-def]
    """`layout.Sentences.start`: where the last sentence of text[lo:hi] starts, from `lo`."""
    a, b = 0, ends.shape[0]  # the first end whose white space starts at `hi` or later
    while a < b:
        m = (a + b) // 2
        if ends[m, 2] < hi:
            a = m + 1
        else:
            b = m
    k = a - 1
    while k >= 0 and ends[k, 1] > lo:
        if not _cut_abbreviation(text, ends, k, lo):
            return min(ends[k, 3], hi) - lo
        k -= 1
    return 0


@njit(cache=True)
def _titled(text, start, stop):  # type: ignore[no-untyped-def]
    """`layout._titled`: most words (runs of `\\w`) of text[start:stop] are capitalised."""
    if not _IS_UPPER[text[start]]:
        return False
    words = capitals = 0
    i = start
    while i < stop:
        if _IS_ALNUM[text[i]] or text[i] == 0x5F:
            words += 1
            capitals += _IS_UPPER[text[i]]
            while i < stop and (_IS_ALNUM[text[i]] or text[i] == 0x5F):
                i += 1
        else:
            i += 1
    return words <= 8 and capitals * 3 >= words * 2


@njit(cache=True)
def _short_sentence(text, lo, hi, room):  # type: ignore[no-untyped-def]
    """`layout._short_sentence` on text[lo:hi]: a short sentence of its own."""
    if hi - lo >= room:
        return False
    last = hi
    while last > lo and _IS_SPACE[text[last - 1]]:
        last -= 1
    if last == lo or not _stop(text[last - 1]):
        return False
    spaces = 0
    for i in range(lo, hi):
        spaces += text[i] == 0x20
    return spaces <= 6


@njit(cache=True)
def _signed(text, lo, hi):  # type: ignore[no-untyped-def]
    """`layout._signed` on text[lo:hi]: it opens with a dash, after spaces."""
    i = lo
    while i < hi and (text[i] == 0x20 or text[i] == 0xA0):
        i += 1
    return i < hi and (text[i] == 0x2014 or text[i] == 0x2013)


@njit(cache=True, inline="always")
def _hash_step(h, c):  # type: ignore[no-untyped-def]
    """`_hashed` of a word one code point longer."""
    return ((h * 1000003) ^ c) & _HASH_MASK


@njit(cache=True)
def _cue_row(text, start, size, h):  # type: ignore[no-untyped-def]
    """The row of `_CUE_WORDS` that text[start:start + size] is in lower case (`h`: its
    hash), -1 when none."""
    slot = h % _CUE_SLOTS
    while _CUE_TABLE[slot]:
        row = _CUE_TABLE[slot] - 1
        if _CUE_SIZES[row] == size:
            j = 0
            while j < size and _LOWER[text[start + j]] == _CUE_CODES[row, j]:
                j += 1
            if j == size:
                return row
        slot = (slot + 1) % _CUE_SLOTS
    return -1


@njit(cache=True, inline="always")
def _cue_stop(c):  # type: ignore[no-untyped-def]
    """Is a code point one a cue word may end with in `words._GATE`: , . : ;?"""
    return c == 0x2C or c == 0x2E or c == 0x3A or c == 0x3B


@njit(cache=True)
def _piece_bits(text, start, end, h, before):  # type: ignore[no-untyped-def]
    """`words.cue_bits` of the one piece text[start:end] (`h`: the hash of its code points in
    lower case, `before`: of all but its last)."""
    size = end - start
    if size > _CUE_CODES.shape[1] + 1:
        return 0
    row = _cue_row(text, start, size, h)
    if row >= 0:
        return CUE_WORD | (ACCORDING_WORD if _CUE_ACCORDING[row] else 0)
    if size > 1 and _cue_stop(text[end - 1]) and _cue_row(text, start, size - 1, before) >= 0:
        return CUE_WORD
    return 0


@njit(cache=True)
def _cue_bits(text, lo, hi):  # type: ignore[no-untyped-def]
    """`words.cue_bits` of text[lo:hi]: its pieces between white space, each in lower case,
    looked up in the table of cue words."""
    bits = 0
    i = lo
    while i < hi:
        if _IS_SPACE[text[i]]:
            i += 1
            continue
        start = i
        h = before = 0
        known = True  # every code point has a lower case of one code point
        while i < hi and not _IS_SPACE[text[i]]:
            low = _LOWER[text[i]]
            known = known and low != 0
            before = h
            h = _hash_step(h, low)
            i += 1
        if known:
            bits |= _piece_bits(text, start, i, h, before)
    return bits


@njit(cache=True)
def _prepare(text, found, starts, ends):  # type: ignore[no-untyped-def]
    """`layout.prepared`: per span, the bounds its reading needs."""
    n = text.size
    out = np.zeros((found.shape[0], 12), dtype=np.int64)
    for i in range(found.shape[0]):
        at, end, para, closed = found[i, 0], found[i, 1], found[i, 2], found[i, 3]
        start, stop = at + 1, end
        while start < stop and _space_mark(text[start]):
            start += 1
        while stop > start and (_space_mark(text[stop - 1]) or text[stop - 1] == 0x2C):
            stop -= 1
        if stop <= start:
            out[i, 3] = 1
            continue
        spaces = 0
        for j in range(start, stop):
            spaces += text[j] == 0x20
        if spaces < 8 and _titled(text, start, stop):
            out[i, 3] = 1
            continue
        para_start = starts[para]
        para_end = starts[para + 1] - 2 if para + 1 < starts.size else n
        same = i > 0 and found[i - 1, 2] == para
        hi = found[i + 1, 0] if i + 1 < found.shape[0] and found[i + 1, 2] == para else para_end
        after = end + 1
        if closed:
            after += _first_end(text, ends, end + 1, min(hi, end + 1 + WINDOW))
        if (
            after > end + 1
            and text[stop - 1] == 0x2E
            and not _signed(text, end + 1, after)
            and not _short_sentence(text, end + 1, after, hi - end - 1)
        ):
            after = end + 1
        lo = max(found[i - 1, 1] + 1 if same else para_start, at - WINDOW)
        speech = spaces + 1 >= MIN_UNCUED_WORDS or (
            spaces == 0 and stop - start >= 2 * MIN_UNCUED_WORDS and text[start] >= 0x80
        )
        out[i, 0] = start
        out[i, 1] = stop
        out[i, 2] = spaces
        out[i, 4] = para_start
        out[i, 5] = para_end
        out[i, 6] = after
        out[i, 7] = lo
        opening = lo + _last_start(text, ends, lo, at)
        out[i, 8] = opening
        out[i, 9] = speech
        out[i, 10] = _signed(text, end + 1, after) or (_cue_bits(text, end + 1, after) & CUE_WORD)
        out[i, 11] = _cue_bits(text, opening, at)
    return out


@njit(cache=True)
def _grown(rows):  # type: ignore[no-untyped-def]
    """The rows with room for as many again (a scan's output, kept small until it fills)."""
    more = np.empty((rows.shape[0] * 2, *rows.shape[1:]), dtype=rows.dtype)
    more[: rows.shape[0]] = rows
    return more


@njit(cache=True)
def _scan(text):  # type: ignore[no-untyped-def]
    """`scan`'s work in one pass: (paragraph starts, spans, sentence ends, scanned)."""
    n = text.size
    starts = np.empty(n // 2 + 1, dtype=np.int64)
    places = np.empty(64, dtype=np.int64)
    ends = np.empty((64, 6), dtype=np.int64)
    starts[0] = 0
    paragraphs = 1
    marks = 0
    count = 0
    sentence = 0  # where the sentence-end search goes on (its matches never overlap)
    pair = 0  # where the search for a blank line goes on (its matches never overlap)
    for i in range(n):
        c = text[i]
        if c < 0x80 and not _SEEN[c]:  # most of a text: nothing to see
            continue
        if c == _NEWLINE:
            if i >= pair and i + 1 < n and text[i + 1] == _NEWLINE:
                starts[paragraphs] = i + 2
                paragraphs += 1
                pair = i + 2
        elif _is_mark(c):
            if not ((c == 0x27 or c == 0x2019) and _between(text, i)):  # ' ’
                if marks == places.size:
                    places = _grown(places)
                places[marks] = i
                marks += 1
        elif _stop(c) and i >= sentence:
            if count == ends.shape[0]:
                ends = _grown(ends)
            sentence, count = _sentence_end(text, i, ends, count)
    starts = starts[:paragraphs]
    ends = ends[:count]
    found = _spans(text, places[:marks], starts)
    return starts, found, ends, _prepare(text, found, starts, ends)


@njit(cache=True)
def _scan_of(body):  # type: ignore[no-untyped-def]
    """`_scan` of a string read where Python keeps its code points (one or two bytes a code
    point), and whether it was scanned (not a string holding one beyond the BMP)."""
    n = len(body)
    if body._kind == 1:
        text8 = carray(body._data, n, np.uint8)
        starts, found, ends, ready = _scan(text8)
        return starts, found, ends, ready, True
    if body._kind == 2:
        text16 = carray(body._data, n, np.uint16)
        starts, found, ends, ready = _scan(text16)
        return starts, found, ends, ready, True
    empty = np.empty((0, 0), dtype=np.int64)
    return np.empty(0, dtype=np.int64), empty, empty, empty, False


def scan(
    body: str,
) -> tuple[list[int], list[tuple[int, int, int, bool]], np.ndarray, list[list[int]]] | None:
    """A body's paragraph starts, quoted spans (open mark, content end, paragraph, closed),
    sentence ends (rows of six: start, end of the stops, start of the white space, end, start
    of the word before it, whether it ends an abbreviation) and each span's bounds (as
    `layout.prepared`); None when the body holds a code point beyond the Basic Multilingual
    Plane."""
    starts, spans, ends, prepared, scanned = _scan_of(body)
    if not scanned:
        return None
    found = [(a, b, c, d == 1) for a, b, c, d in spans.tolist()]
    return starts.tolist(), found, ends, prepared.tolist()
