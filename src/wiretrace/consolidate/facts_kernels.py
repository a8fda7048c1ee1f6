"""Compiled scan of a body for the numbers `facts` reads (Numba), straight from the string's
code points (no copy, no encoding).

`numbers` finds what `facts.NUMBER_SCAN.finditer` finds over the masked text (ASCII kept,
every digit "0", any other character "?") and keeps only the numbers that can state a fact:
those not inside a token ("F-16", "$5"), and near a month or not bare (a bare number, with
nothing counted and no year, states none). Each comes as a row: where it starts, where its
digits, its scale and the words after it end, and whether it is near a month (DATED) or
bare (BARE). A text holding a code point beyond the Basic Multilingual Plane is not scanned
(`numbers` says so and the caller falls back to the pattern).

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit
from numba.cpython.unicode import _get_code_point

from wiretrace.stories.kernels import char_tables

_WIDE_KIND = 4  # a string's kind when it holds a code point beyond the BMP
DATED = 1  # a number near a month name: it may be a date
BARE = 2  # a number with nothing counted (no percentage, and no word after it but a
# function or measure word) and no year: no fact unless it is a date
PACKED = 9  # characters of the longest word a table holds
COLUMNS = 5  # of a number's row: start, end of its digits, end of its scale (-1: none),
# end of the words after it, flags


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


# words that end what a number counts: function words, auxiliaries, common verbs of saying
FUNCTION_WORDS = words(
    """a an the of in on at to from by with for and or but nor as than that which who whom
    whose this these those it its is are was were be been being has have had will would
    shall should can could may might must do does did not no said says say told according
    since until after before during over under about around into onto across through
    between among per each every more less most least ago old earlier later last next
    first also just only still up down out off here there when where while if so yet
    he she they we you his her their our your him them me my am pm"""
)
# words after a count that describe it rather than name what is counted
MEASURE_WORDS = words("long tall wide high deep away old apart")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# the words a relative date may end with, by the literal their end is found by
DAY_WORD_ENDS = (
    ("day", (*WEEKDAY_NAMES, "yesterday", "Yesterday", "today", "Today")),
    ("night", ("tonight", "Tonight", "last night", "Last night")),
    ("morrow", ("tomorrow", "Tomorrow")),
)
# a month as a number's neighbour may write it: in full, in three letters, abbreviated
MONTH_FORMS = frozenset(
    form for full in MONTHS for form in (full, full[:3], full[:3] + ".", full[:4] + ".")
)


def packed(word: str) -> int:
    """A word of at most PACKED ASCII characters as one number (seven bits a character)."""
    key = 0
    for char in word:
        key = key * 128 + ord(char)
    return key


def table(words: Iterable[str]) -> np.ndarray:
    """ASCII words of at most PACKED characters, `packed`, in order (`_in_table` looks a word
    up among them)."""
    return np.array(sorted(map(packed, set(words))), dtype=np.int64)


# the tables, module constants that the compiled functions hold as their own
_COUNT_STOPS = table(FUNCTION_WORDS | MEASURE_WORDS)
_MONTHS = table(MONTH_FORMS)
# the literals of DAY_WORD_ENDS, each found by a letter of its own (its row: the literal's
# code points, its size, where that letter stands in it), and the words each literal ends
# (code points, right-aligned; size; the literal's row)
_MARKS = ((0x79, 2), (0x67, 2), (0x77, 5))  # "y" of day, "g" of night, "w" of morrow
_LITERAL_CODES = np.array([[ord(c) for c in literal.ljust(6)] for literal, _ in DAY_WORD_ENDS])
_LITERAL_SIZES = np.array([len(literal) for literal, _ in DAY_WORD_ENDS], dtype=np.int64)
_MARK_AT = np.array([at for _, at in _MARKS], dtype=np.int64)
assert [ord(literal[at]) for (literal, _), (_, at) in zip(DAY_WORD_ENDS, _MARKS, strict=True)] == [
    mark for mark, _ in _MARKS
]
_DAY_WORDS = [(row, word) for row, (_, words) in enumerate(DAY_WORD_ENDS) for word in words]
_DAY_WORD_CODES = np.array([[ord(c) for c in word.rjust(10)] for _, word in _DAY_WORDS])
_DAY_WORD_SIZES = np.array([len(word) for _, word in _DAY_WORDS], dtype=np.int64)
_DAY_WORD_ROWS = np.array([row for row, _ in _DAY_WORDS], dtype=np.int64)
_WORD = char_tables()[0]  # per BMP code point: a word character (`str.isalnum()` or "_")?
# the scales the number pattern tries after a number, in its order
_SCALE_WORDS = ("million", "billion", "thousand", "%", "per cent", "percent")
_SCALE_KEYS = np.array([packed(word) for word in _SCALE_WORDS], dtype=np.int64)
_SCALE_SIZES = np.array([len(word) for word in _SCALE_WORDS], dtype=np.int64)


@njit(cache=True, inline="always")
def _masked(text, i):  # type: ignore[no-untyped-def]
    """The code point at `i` as the masked text has it: ASCII as it is, a digit "0", any
    other character "?"."""
    c = _get_code_point(text, i)
    if 48 <= c <= 57:
        return 48
    if c >= 128:
        return 63
    return c


@njit(cache=True, inline="always")
def _letter(c):  # type: ignore[no-untyped-def]
    """Is a code point an ASCII letter?"""
    return 65 <= c <= 90 or 97 <= c <= 122


@njit(cache=True, inline="always")
def _blank(c):  # type: ignore[no-untyped-def]
    """Is a code point a space or a tab (`[ \\t]`)?"""
    return c == 32 or c == 9


@njit(cache=True, inline="always")
def _byte_space(c):  # type: ignore[no-untyped-def]
    """Is a code point white space to `bytes.split` (space, tab, line feed, carriage return,
    vertical tab, form feed)?"""
    return c == 32 or 9 <= c <= 13


@njit(cache=True, inline="always")
def _inside(c):  # type: ignore[no-untyped-def]
    """Is a (masked) code point one a number inside a token follows: a letter or . , / - : $?"""
    return _letter(c) or c == 46 or c == 44 or c == 47 or c == 45 or c == 58 or c == 36


@njit(cache=True, inline="always")
def _packed_at(text, start, end, lower):  # type: ignore[no-untyped-def]
    """The masked `text[start:end]` (ASCII letters lowered when `lower`) `packed`."""
    key = 0
    for k in range(start, end):
        c = _masked(text, k)
        if lower and 65 <= c <= 90:
            c += 32
        key = key * 128 + c
    return key


@njit(cache=True)
def _in_table(text, start, end, keys, lower):  # type: ignore[no-untyped-def]
    """Is the masked `text[start:end]` (ASCII letters lowered when `lower`) a word of a
    `table`?"""
    if end - start <= 0 or end - start > PACKED:
        return False
    key = _packed_at(text, start, end, lower)
    at = np.searchsorted(keys, key)
    return at < keys.size and keys[at] == key


@njit(cache=True)
def _scale(text, at, n):  # type: ignore[no-untyped-def]
    """End of the scale after a number's digits ending at `at` (maybe a space or tab, then
    one of the scale words not followed by a letter); -1 when there is none."""
    if at < n and _blank(_masked(text, at)):
        at += 1
    for row in range(_SCALE_SIZES.size):
        end = at + _SCALE_SIZES[row]
        if end > n or _packed_at(text, at, end, False) != _SCALE_KEYS[row]:
            continue
        if end == n or not _letter(_masked(text, end)):
            return end
    return -1


@njit(cache=True)
def _month_before(text, start):  # type: ignore[no-untyped-def]
    """Is the last word of the (up to) eleven characters before `start` a month's name?"""
    first = max(0, start - 11)
    end = start
    while end > first and _byte_space(_masked(text, end - 1)):
        end -= 1
    begin = end
    while begin > first and not _byte_space(_masked(text, begin - 1)):
        begin -= 1
    return _in_table(text, begin, end, _MONTHS, False)


@njit(cache=True)
def _next_digit(text, at, n):  # type: ignore[no-untyped-def]
    """The first ASCII digit, or letter a literal of DAY_WORD_ENDS is found by (see
    _MARKS) after the two letters the literal has before it, from `at` on, else `n`. A
    loop of its own: inside `_numbers`, with all that function's live values, it ran many
    times slower."""
    i = at
    while i < n:
        c = _get_code_point(text, i)
        if 48 <= c <= 57:
            return i
        if (c == 0x79 or c == 0x67 or c == 0x77) and i >= 2:  # where the literal may end:
            # the two letters before the mark are its own ("da"y, "ni"ght, mo"rro"w)
            before, last = _get_code_point(text, i - 2), _get_code_point(text, i - 1)
            if (
                (c == 0x79 and before == 0x64 and last == 0x61)
                or (c == 0x67 and before == 0x6E and last == 0x69)
                or (c == 0x77 and before == 0x72 and last == 0x6F)
            ):
                return i
        i += 1
    return n


@njit(cache=True)
def _day_end(text, at, n):  # type: ignore[no-untyped-def]
    """The row of the literal whose letter stands at `at`, when that literal ends a word
    there and one of its relative words ends with it; else -1."""
    c = _get_code_point(text, at)
    row = 0 if c == 0x79 else (1 if c == 0x67 else 2)
    start = at - _MARK_AT[row]
    end = start + _LITERAL_SIZES[row]
    if start < 0 or end > n:
        return -1
    for k in range(_LITERAL_SIZES[row]):
        if _get_code_point(text, start + k) != _LITERAL_CODES[row, k]:
            return -1
    if end < n and _WORD[_get_code_point(text, end)]:
        return -1
    width = _DAY_WORD_CODES.shape[1]
    for word in range(_DAY_WORD_SIZES.size):
        size = _DAY_WORD_SIZES[word]
        if _DAY_WORD_ROWS[word] != row or size > end:
            continue
        same = True
        for k in range(1, size + 1):
            if _get_code_point(text, end - k) != _DAY_WORD_CODES[word, width - k]:
                same = False
                break
        if same:
            return row
    return -1


@njit(cache=True)
def _marked(text, start, stop, n, ends, counts):  # type: ignore[no-untyped-def]
    """`ends` (a row a literal) with the ends of the literals whose letter stands from
    `start` to `stop` (see `_day_end`) added, `counts` kept (a larger copy when full)."""
    for at in range(start, stop):
        c = _get_code_point(text, at)
        if c != 0x79 and c != 0x67 and c != 0x77:
            continue
        row = _day_end(text, at, n)
        if row < 0:
            continue
        if counts[row] == ends.shape[1]:
            wider = np.empty((ends.shape[0], 2 * ends.shape[1]), dtype=np.int64)
            wider[:, : ends.shape[1]] = ends
            ends = wider
        ends[row, counts[row]] = at - _MARK_AT[row] + _LITERAL_SIZES[row]
        counts[row] += 1
    return ends


@njit(cache=True)
def _row(found, count, start, end, scale_end, tail_end, flags):  # type: ignore[no-untyped-def]
    """`found` with one more number's row at `count` (a larger copy when full)."""
    if count == found.shape[0]:
        wider = np.empty((2 * count, COLUMNS), dtype=np.int64)
        wider[:count] = found
        found = wider
    found[count, 0] = start
    found[count, 1] = end
    found[count, 2] = scale_end
    found[count, 3] = tail_end
    found[count, 4] = flags
    return found


@njit(cache=True)
def _tail(text, at, n):  # type: ignore[no-untyped-def]
    """The words after a number (up to six, each after spaces or tabs, of ASCII letters,
    apostrophes and hyphens opening with a letter) from `at`: where they end, and where the
    first starts and ends (-1, -1: none)."""
    q = at
    first_start = -1
    first_end = -1
    for rep in range(6):
        r = q
        while r < n and _blank(_masked(text, r)):
            r += 1
        if r == q or r >= n or not _letter(_masked(text, r)):
            break
        word_start = r
        r += 1
        while r < n:
            c = _masked(text, r)
            if not (_letter(c) or c == 39 or c == 45):
                break
            r += 1
        if rep == 0:
            first_start = word_start
            first_end = r
        q = r
    return q, first_start, first_end


@njit(cache=True)
def _numbers(text):  # type: ignore[no-untyped-def]
    """The numbers of `text` that may state a fact, one a row (see COLUMNS); no rows and
    False for a text holding a code point beyond the BMP."""
    found = np.empty((16, COLUMNS), dtype=np.int64)
    ends = np.empty((_LITERAL_SIZES.size, 16), dtype=np.int64)
    counts = np.zeros(_LITERAL_SIZES.size, dtype=np.int64)
    if text._kind == _WIDE_KIND:
        return found[:0], ends[0, :0], False
    n = len(text)
    count = 0
    i = 0
    while True:
        i = _next_digit(text, i, n)
        if i >= n:
            break
        if _get_code_point(text, i) > 57:  # a literal's letter
            ends = _marked(text, i, i + 1, n, ends, counts)
            i += 1
            continue
        start = i
        j = i + 1
        end = j
        while j < n:
            c = _masked(text, j)
            if c == 48:
                j += 1
                end = j
            elif c == 44 or c == 46:
                j += 1
            else:
                break
        scale_end = _scale(text, end, n)
        i, first_start, first_end = _tail(text, scale_end if scale_end >= 0 else end, n)
        ends = _marked(text, start, i, n, ends, counts)  # the stretch the number passed over
        if start > 0 and _inside(_masked(text, start - 1)):
            continue
        size = end - start
        flags = 0
        if (size <= 2 or size == 4) and (
            _in_table(text, first_start, first_end, _MONTHS, False) or _month_before(text, start)
        ):
            flags |= DATED
        percent = scale_end >= 0 and (
            _masked(text, scale_end - 1) == 37 or _masked(text, scale_end - 1) == 116
        )  # "%", "per cent", "percent": the only scales ending in % or t
        if (
            not percent
            and (size != 4 or scale_end >= 0)
            and (first_start < 0 or _in_table(text, first_start, first_end, _COUNT_STOPS, True))
        ):
            flags |= BARE
        if flags != BARE:
            found = _row(found, count, start, end, scale_end, i, flags)
            count += 1
    day_ends = np.empty(counts.sum(), dtype=np.int64)
    at = 0
    for row in range(counts.size):
        day_ends[at : at + counts[row]] = ends[row, : counts[row]]
        at += counts[row]
    return found[:count], day_ends, True


def numbers(text: str) -> list[list[int]] | None:
    """The numbers of `text` that may state a fact, one a row (see COLUMNS); None when it
    holds a code point beyond the Basic Multilingual Plane."""
    found = scan(text)
    return None if found is None else found[0]


def scan(text: str) -> tuple[list[list[int]], list[int]] | None:
    """`numbers` of `text`, and where "day", then "night", then "morrow" end a word (no
    word character after) that one of its relative words (DAY_WORD_ENDS) ends with, each
    literal's ends in text order; None when the text holds a code point beyond the Basic
    Multilingual Plane."""
    found, ends, scanned = _numbers(text)
    return (found.tolist(), ends.tolist()) if scanned else None
