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
from collections.abc import Iterable, Sequence
from itertools import accumulate

import numpy as np
from numba import carray, njit

from wiretrace.consolidate.facts_kernels import MONTHS
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
# the words a name may not open with (`entities.clean_run` takes them off its front)
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "As",
        "By",
        "With",
        "From",
        "To",
        "Of",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "You",
        "I",
        "His",
        "Her",
        "Their",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        *MONTHS,
        "Today",
        "Yesterday",
        "Tomorrow",
        "According",
        "However",
        "Meanwhile",
        "Also",
        "Some",
        "Many",
        "Most",
        "Other",
        "Several",
        "Both",
        "Each",
        "Every",
        "One",
        "Two",
        "Three",
    ]
)
# the function words as code points, one a row, ordered by first letter and size, and the
# rows of each letter and size (`_is_stop` looks a word up among those alone)
_STOP_WORDS = sorted(NOT_NAMES, key=lambda word: (word[0], len(word)))
_STOP_WIDTH = max(map(len, _STOP_WORDS))
_STOPS = np.zeros((len(_STOP_WORDS), _STOP_WIDTH), dtype=np.uint32)
for _row, _word in enumerate(_STOP_WORDS):
    _STOPS[_row, : len(_word)] = [ord(c) for c in _word]
_STOP_BUCKETS = np.searchsorted(
    [(ord(word[0]) - 65) * (_STOP_WIDTH + 1) + len(word) for word in _STOP_WORDS],
    np.arange(26 * (_STOP_WIDTH + 1) + 1),
).astype(np.int64)
# the compiled functions hold these tables and the character classes (word, white space) as
# constants of their own: no array handed from call to call, so none counted in and out of
# every helper. The disk cache is keyed on this file alone: a change to MONTHS (imported
# from `facts_kernels`) wants the cache cleared.
_WORD, _SPACE, _ = char_tables()


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
def _word_end(text, at):  # type: ignore[no-untyped-def]
    """End of the capitalised word at `at` (its capital, then word characters, apostrophes and
    hyphens, with a lower-case ASCII letter among them); -1 when there is none."""
    n = text.size
    j = at + 1
    lower = False
    while j < n:
        c = text[j]
        if not (_WORD[c] or c == 0x27 or c == 0x2019 or c == _HYPHEN):
            break
        if 97 <= c <= 122:
            lower = True
        j += 1
    return j if lower else -1


@njit(cache=True)
def _next_word(text, at):  # type: ignore[no-untyped-def]
    """End of the run grown by one more word after the word ending at `at` (white space, maybe
    a particle and more white space, a capitalised word); -1 when the run ends at `at`."""
    n = text.size
    q = at
    while q < n and _SPACE[text[q]]:
        q += 1
    if q >= n or q == at:
        return -1
    if _capital(text[q]):
        return _word_end(text, q)
    for row in range(_PARTICLE_SIZES.size):
        size = _PARTICLE_SIZES[row]
        if q + size > n:
            continue
        same = True
        for k in range(size):
            if text[q + k] != _PARTICLE_CODES[row, k]:
                same = False
                break
        if not same:
            continue
        r = q + size
        while r < n and _SPACE[text[r]]:
            r += 1
        if r < n and _capital(text[r]):
            end = _word_end(text, r)
            if end >= 0:
                return end
    return -1


@njit(cache=True)
def _opening(text, at):  # type: ignore[no-untyped-def]
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
        if _ends_sentence(c2) and (_closes_quote(c1) or _SPACE[c1]):
            return True
        if _opens_quote(c2) and _SPACE[c1]:
            return True
        if at >= 3 and _SPACE[c1]:
            c3 = text[at - 3]
            if _ends_sentence(c3) and (_closes_quote(c2) or _SPACE[c2]):
                return True
            if _opens_quote(c3) and _SPACE[c2]:
                return True
            if at >= 4 and _SPACE[c2]:
                c4 = text[at - 4]
                if _ends_sentence(c4) and (_closes_quote(c3) or _SPACE[c3]):
                    return True
                if _opens_quote(c4) and _SPACE[c3]:
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
def _scan(text):  # type: ignore[no-untyped-def]
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
        if not _capital(text[i]) or (i > 0 and _WORD[text[i - 1]]):
            i += 1
            continue
        end = _word_end(text, i)
        if end < 0:
            i += 1
            continue
        grown = _next_word(text, end)
        while grown >= 0:
            end = grown
            grown = _next_word(text, end)
        if _opening(text, i):
            at_opening = _copy(text, i, end, opening, at_opening)
        else:
            at_inside = _copy(text, i, end, inside, at_inside)
        i = end
    return inside[:at_inside], opening[:at_opening], True


def runs(text: str) -> tuple[list[str], list[str]] | None:
    """The runs of capitalised words in a text: (inside a sentence, opening one or the text),
    each list ending with an empty string; None when the text holds a code point beyond the
    Basic Multilingual Plane."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    inside, opening, scanned = _scan(codes)
    if not scanned:
        return None
    return (
        codecs.decode(inside, "utf-32-le").split(SEPARATOR),
        codecs.decode(opening, "utf-32-le").split(SEPARATOR),
    )


@njit(cache=True)
def _without_possessives(text, start, end, out):  # type: ignore[no-untyped-def]
    """`text[start:end]` with "’s" and then "'s" removed (two `str.replace` passes, left to
    right) written into `out`; its length."""
    size = 0
    k = start
    while k < end:
        c = text[k]
        if c == 0x2019 and k + 1 < end and text[k + 1] == 0x73:
            k += 2
            continue
        out[size] = c
        size += 1
        k += 1
    kept = 0
    k = 0
    while k < size:  # in place: the pass writes behind where it reads
        c = out[k]
        if c == 0x27 and k + 1 < size and out[k + 1] == 0x73:
            k += 2
            continue
        out[kept] = c
        kept += 1
        k += 1
    return kept


@njit(cache=True)
def _is_stop(text, start, end):  # type: ignore[no-untyped-def]
    """Is `text[start:end]` one of the function words a name may not open with (`NOT_NAMES`)?"""
    size = end - start
    width = _STOPS.shape[1]
    first = text[start]
    if size > width or not _capital(first):
        return False
    key = (first - 65) * (width + 1) + size
    for row in range(_STOP_BUCKETS[key], _STOP_BUCKETS[key + 1]):
        same = True
        for k in range(1, size):
            if text[start + k] != _STOPS[row, k]:
                same = False
                break
        if same:
            return True
    return False


@njit(cache=True)
def _plain_first(text, start, end):  # type: ignore[no-untyped-def]
    """End of the first word of the run `text[start:end]` when cleaning it can at most take
    function words off its front (no apostrophe, its words one plain space apart); else -1."""
    first = end
    for k in range(start, end):
        c = text[k]
        if c == 0x27 or c == 0x2019:
            return -1
        if _SPACE[c]:
            if c != 0x20 or _SPACE[text[k + 1]]:
                return -1
            first = min(first, k)
    return first


@njit(cache=True)
def _clean(text, start, end, opening, buf, starts, ends, out, at):  # type: ignore[no-untyped-def]
    """The run `text[start:end]` cleaned as `entities.clean_run` does (possessives out,
    leading function words out, words joined by one space) written into `out` at `at`; the
    name's length, 0 when it is no name (nothing left, one word under three letters, or one
    word opening a sentence)."""
    size = _without_possessives(text, start, end, buf)
    words = 0
    k = 0
    while k < size:
        while k < size and _SPACE[buf[k]]:
            k += 1
        if k >= size:
            break
        starts[words] = k
        while k < size and not _SPACE[buf[k]]:
            k += 1
        ends[words] = k
        words += 1
    first = 0
    while first < words and _is_stop(buf, starts[first], ends[first]):
        first += 1
    left = words - first
    if left == 0 or (left == 1 and (opening or ends[first] - starts[first] < 3)):
        return 0
    w = at
    for j in range(first, words):
        if j > first:
            out[w] = 0x20
            w += 1
        for k in range(starts[j], ends[j]):
            out[w] = buf[k]
            w += 1
    return w - at


@njit(cache=True, inline="always")
def _hash(text, start, size):  # type: ignore[no-untyped-def]
    """FNV-1a hash of `text[start:start + size]`."""
    h = np.uint64(14695981039346656037)
    for k in range(start, start + size):
        h = (h ^ np.uint64(text[k])) * np.uint64(1099511628211)
    return h


@njit(cache=True, inline="always")
def _same_name(pool, a, a_size, b, b_size):  # type: ignore[no-untyped-def]
    """Are two names of the pool the same?"""
    if a_size != b_size:
        return False
    for k in range(a_size):  # noqa: SIM110 (a loop, which Numba compiles best)
        if pool[a + k] != pool[b + k]:
            return False
    return True


@njit(cache=True)
def _ranks_before(pool, starts, sizes, groups, mentions, a, b):  # type: ignore[no-untyped-def]
    """Does name `a` rank before name `b`: more groups, then more mentions, then the smaller
    name (code point order, as Python orders strings)?"""
    if groups[a] != groups[b]:
        return groups[a] > groups[b]
    if mentions[a] != mentions[b]:
        return mentions[a] > mentions[b]
    sa, sb = starts[a], starts[b]
    na, nb = sizes[a], sizes[b]
    for k in range(min(na, nb)):
        if pool[sa + k] != pool[sb + k]:
            return pool[sa + k] < pool[sb + k]
    return na < nb


@njit(cache=True)
def _next_capital(text, at, end):  # type: ignore[no-untyped-def]
    """The first capital from `at` on (before `end`) that opens a word, else `end`. A loop of
    its own: inside `_entities`, with all that function's live values, it ran 3× slower."""
    i = at
    while i < end:
        if _capital(text[i]) and (i == 0 or not _WORD[text[i - 1]]):
            return i
        i += 1
    return end


@njit(cache=True)
def _entities(text, text_ends, group_ends, bodies, limit):  # type: ignore[no-untyped-def]
    """The main entities of a story whose texts are concatenated in `text` (code points; each
    text ending at `text_ends`, each group's texts ending at `group_ends`): the names most
    groups mention, each followed by a separator, as `entities.main_entities` ranks them;
    with `bodies` (where each text's body starts in it; none: not asked) each body's distinct
    names too (see `_spelled`). Empty and False when a text holds a code point beyond the BMP."""
    n = text.size
    spell = bodies.size > 0
    redo = np.zeros(text_ends.size, dtype=np.bool_)
    for i in range(n):
        if text[i] >= _ASTRAL:
            none = np.empty(0, dtype=np.uint32)
            return none, none, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), redo, False
    buf = np.empty(n, dtype=np.uint32)
    word_starts = np.empty(n // 2 + 1, dtype=np.int64)
    word_ends = np.empty(n // 2 + 1, dtype=np.int64)
    pool = np.empty(n + n // 2 + 1, dtype=np.uint32)  # the distinct names, one after another
    capacity = 64  # of the hash table; the names' columns hold half as many
    table = np.full(capacity, -1, dtype=np.int64)
    # per distinct name: start in the pool, size, groups and texts naming it, and the last
    # text and group that did
    starts = np.empty(capacity // 2, dtype=np.int64)
    name_sizes = np.empty(capacity // 2, dtype=np.int64)
    # each name found: its entry, text and group (counted once the scan is over)
    found = np.empty((4, n // 2 + 1), dtype=np.int64)
    finds = 0
    count = 0
    at = 0
    lo = 0
    group = 0
    for t in range(text_ends.size):
        while group_ends[group] <= t:
            group += 1
        hi = text_ends[t]
        part = text[lo:hi]
        m = part.size
        i = 0
        while i < m:
            i = _next_capital(part, i, m)
            if i >= m:
                break
            end = _word_end(part, i)
            if end < 0:
                i += 1
                continue
            grown = _next_word(part, end)
            single = grown < 0
            while grown >= 0:
                end = grown
                grown = _next_word(part, end)
            opening = _opening(part, i)
            body = bodies[t] if spell else m
            if body <= i < body + 4 and _opening(part[body:], i - body) != opening:
                redo[t] = True  # the body alone opens a sentence here and the text not, or so
            if opening and single:  # one word opening a sentence: never a name
                i = end
                continue
            first = _plain_first(part, i, end)
            if first >= 0 and not _is_stop(part, i, first):
                size = end - i  # the run is its own name, if any
                if first == end and (opening or size < 3):
                    size = 0
                for k in range(size):
                    pool[at + k] = part[i + k]
            else:
                size = _clean(part, i, end, opening, buf, word_starts, word_ends, pool, at)
            i = end
            if size == 0:
                continue
            mask = capacity - 1
            slot = np.int64(_hash(pool, at, size) & np.uint64(mask))
            while table[slot] >= 0 and not _same_name(
                pool, starts[table[slot]], name_sizes[table[slot]], at, size
            ):
                slot = (slot + 1) & mask
            entry = table[slot]
            if entry < 0:
                entry = count
                table[slot] = entry
                starts[entry] = at
                name_sizes[entry] = size
                at += size
                count += 1
                if 2 * count >= capacity:
                    capacity *= 2
                    table = _table(pool, starts, name_sizes, count, capacity)
                    starts = _wider(starts, capacity // 2, 0)
                    name_sizes = _wider(name_sizes, capacity // 2, 0)
            found[0, finds] = entry
            found[1, finds] = t
            found[2, finds] = group
            found[3, finds] = i >= body
            finds += 1
        lo = hi
    in_groups, mentions = _counted(found[:, :finds], count)
    least = 2 if group_ends.size > 1 else 1
    ranked = _top(pool, starts, name_sizes, in_groups, mentions, count, least, limit)
    if not spell:
        return ranked, ranked[:0], found[0, :0], found[0, :0], redo, True
    named, ends = _spelled(found[:, :finds], count, text_ends.size)
    every = _listed(pool, starts, name_sizes, np.arange(count), count)
    return ranked, every, named, ends, redo, True


@njit(cache=True)
def _spelled(found, count, texts):  # type: ignore[no-untyped-def]
    """Each text's distinct body names (entries, in the order first found; those of text `t`
    end at the `t`th end), from each name found (its entry, text, group and whether in the
    body, texts in order)."""
    named = np.empty(found.shape[1], dtype=np.int64)
    ends = np.zeros(texts, dtype=np.int64)
    last_text = np.full(count, -1, dtype=np.int64)
    kept = 0
    for f in range(found.shape[1]):
        entry, text = found[0, f], found[1, f]
        if found[3, f] and last_text[entry] != text:
            last_text[entry] = text
            named[kept] = entry
            kept += 1
            ends[text] = kept
    for t in range(1, texts):
        ends[t] = max(ends[t], ends[t - 1])
    return named[:kept], ends


@njit(cache=True)
def _table(pool, starts, sizes, count, capacity):  # type: ignore[no-untyped-def]
    """A hash table of `capacity` slots holding the first `count` names of the pool."""
    table = np.full(capacity, -1, dtype=np.int64)
    mask = capacity - 1
    for e in range(count):
        slot = np.int64(_hash(pool, starts[e], sizes[e]) & np.uint64(mask))
        while table[slot] >= 0:
            slot = (slot + 1) & mask
        table[slot] = e
    return table


@njit(cache=True)
def _wider(column, size, fill):  # type: ignore[no-untyped-def]
    """A column with room for `size` values: its own, then `fill`."""
    wider = np.full(size, fill, dtype=column.dtype)
    wider[: column.size] = column
    return wider


@njit(cache=True)
def _counted(found, count):  # type: ignore[no-untyped-def]
    """Per name of `count`: the groups and the texts that name it, from each name found (its
    entry, text and group, texts in order)."""
    in_groups = np.zeros(count, dtype=np.int64)
    mentions = np.zeros(count, dtype=np.int64)
    last_text = np.full(count, -1, dtype=np.int64)
    last_group = np.full(count, -1, dtype=np.int64)
    for f in range(found.shape[1]):
        entry, text, group = found[0, f], found[1, f], found[2, f]
        if last_text[entry] != text:
            last_text[entry] = text
            mentions[entry] += 1
        if last_group[entry] != group:
            last_group[entry] = group
            in_groups[entry] += 1
    return in_groups, mentions


@njit(cache=True)
def _top(pool, starts, sizes, in_groups, mentions, count, least, limit):  # type: ignore[no-untyped-def]
    """The first `limit` names of the pool (all, as found, when `limit` is negative), each
    followed by a separator, of those named by at least `least` groups or in two texts: most
    groups first, then most texts, then by name (kept in order as they come, most names
    beaten by the last kept with one comparison)."""
    if limit < 0:  # every name, as found
        return _listed(pool, starts, sizes, np.arange(count), count)
    best = np.empty(limit, dtype=np.int64)
    kept = 0
    if limit == 0:
        return np.empty(0, dtype=np.uint32)
    for e in range(count):
        if not (in_groups[e] >= least or mentions[e] >= 2):
            continue
        if kept == limit:
            if not _ranks_before(pool, starts, sizes, in_groups, mentions, e, best[kept - 1]):
                continue
            kept -= 1
        j = kept
        while j > 0 and _ranks_before(pool, starts, sizes, in_groups, mentions, e, best[j - 1]):
            best[j] = best[j - 1]
            j -= 1
        best[j] = e
        kept += 1
    return _listed(pool, starts, sizes, best, kept)


@njit(cache=True)
def _listed(pool, starts, sizes, chosen, kept):  # type: ignore[no-untyped-def]
    """The first `kept` names of `chosen` (entries of the pool), each followed by a
    separator."""
    out = np.empty(sizes[chosen[:kept]].sum() + kept, dtype=np.uint32)
    w = 0
    for r in range(kept):
        e = chosen[r]
        for k in range(starts[e], starts[e] + sizes[e]):
            out[w] = pool[k]
            w += 1
        out[w] = _SEPARATOR
        w += 1
    return out


@njit(cache=True)
def _entities_of(joined, text_ends, group_ends, bodies, limit):  # type: ignore[no-untyped-def]
    """`_entities` of a string read where Python keeps its code points (one or two bytes a
    code point; empty and False for a string holding one beyond the BMP)."""
    n = len(joined)
    if joined._kind == 1:
        text8 = carray(joined._data, n, np.uint8)
        return _entities(text8, text_ends, group_ends, bodies, limit)
    if joined._kind == 2:
        text16 = carray(joined._data, n, np.uint16)
        return _entities(text16, text_ends, group_ends, bodies, limit)
    none = np.empty(0, dtype=np.uint32)
    nowhere = np.empty(0, dtype=np.int64)
    return none, none, nowhere, nowhere, np.zeros(text_ends.size, dtype=np.bool_), False


_NO_BODIES = np.empty(0, dtype=np.int64)  # bodies not asked for


def _scanned(
    joined: str, text_ends: np.ndarray, group_ends: np.ndarray, bodies: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
    """`_entities_of` of texts joined."""
    return _entities_of(joined, text_ends, group_ends, bodies, limit)  # type: ignore[no-any-return]


def _found(
    joined: str, text_ends: np.ndarray, group_ends: np.ndarray, limit: int
) -> list[str] | None:
    """`_entities_of` of texts joined, as a list of names (None: a code point beyond the BMP)."""
    found, _, _, _, _, scanned = _scanned(joined, text_ends, group_ends, _NO_BODIES, limit)
    return _decoded(found) if scanned else None


def _decoded(found: np.ndarray) -> list[str]:
    """Names each followed by a separator (code points) as a list."""
    names = codecs.decode(found, "utf-32-le").split(SEPARATOR)
    names.pop()
    return names


def _ends(sizes: Iterable[int], count: int) -> np.ndarray:
    """Where each of `count` parts of these sizes ends, one after another."""
    return np.fromiter(accumulate(sizes), dtype=np.int64, count=count)


def ranked_names(groups: Sequence[Sequence[str]], limit: int) -> list[str] | None:
    """The `limit` names most groups of texts mention, ranked as `entities.main_entities`
    ranks them; None when a text holds a code point beyond the Basic Multilingual Plane."""
    texts = [text for group in groups for text in group]
    text_ends = _ends(map(len, texts), len(texts))
    group_ends = _ends(map(len, groups), len(groups))
    return _found("".join(texts), text_ends, group_ends, limit)


def ranked_and_spelled(
    groups: Sequence[Sequence[str]],
    bodies: Sequence[int],
    limit: int,
) -> tuple[list[str], list[set[str] | None]] | None:
    """`ranked_names` of the texts, and the distinct names of each text's body (from where
    `bodies` says it starts) as `distinct_names` finds them; a body's names are None where
    the text around its opening reads otherwise than the body alone (the caller reads the
    body by itself). None when a text holds a code point beyond the Basic Multilingual
    Plane."""
    texts = [text for group in groups for text in group]
    ranked, every, named, ends, redo, scanned = _scanned(
        "".join(texts),
        _ends(map(len, texts), len(texts)),
        _ends(map(len, groups), len(groups)),
        np.array(bodies, dtype=np.int64),
        limit,
    )
    if not scanned:
        return None
    names = _decoded(every)
    spelled: list[set[str] | None] = []
    first = 0
    for end, again in zip(ends.tolist(), redo.tolist(), strict=True):
        spelled.append(None if again else {names[e] for e in named[first:end].tolist()})
        first = end
    return _decoded(ranked), spelled


_ONE = np.ones(1, dtype=np.int64)  # the group ends of one text


def distinct_names(text: str) -> set[str] | None:
    """The distinct names of a text, cleaned as `entities.clean_run` cleans them (a single
    word opening a sentence left out); None when the text holds a code point beyond the
    Basic Multilingual Plane."""
    found = _found(text, np.full(1, len(text), dtype=np.int64), _ONE, -1)
    return None if found is None else set(found)
