"""Compiled inner loops of the story features (Numba): a chunk's UTF-8 text in one pass.

The text of a chunk of units goes in as one byte array with each unit's bounds. `scan` cuts
each unit into pieces at ASCII bytes that cannot be in a word (as `features` describes), finds
each distinct piece of the unit in a table of pieces seen before (adding the new ones), and
scans the unit for quantities as the `features.numbers` pattern would, hashing each quantity
term with MurmurHash3 as sklearn does. `assemble` turns the pieces' and quantities' columns
into sorted presence rows.

Character classes beyond ASCII (word, white space, decimal digit) come from lookup tables built
from Python's own definitions for the Basic Multilingual Plane. Where the quantity scan would
need a class of a code point beyond it, or meets a decimal digit that is not ASCII, the unit is
marked and its quantities are left to the Python pattern: the rows stay exactly those of the
reference analysis.

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

from wiretrace.sketch.kernels import mix

_OFFSET = np.uint64(0xCBF29CE484222325)  # FNV-1a offset basis and prime: a byte-wise hash
_PRIME = np.uint64(0x100000001B3)
_MASK32 = 0xFFFFFFFF
_ASTRAL = 0x10000
_BLOCK = 27  # base of the index of a unit of up to three letters


@lru_cache(maxsize=1)
def char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per BMP code point: is it a word character (`\\w`), white space (`\\s`), a decimal
    digit (`\\d`), as Python's pattern engine defines them."""
    chars = [chr(c) for c in range(_ASTRAL)]
    word = np.array([ch.isalnum() or ch == "_" for ch in chars], dtype=np.bool_)
    space = np.array([ch.isspace() for ch in chars], dtype=np.bool_)
    decimal = np.array([ch.isdecimal() for ch in chars], dtype=np.bool_)
    return word, space, decimal


def byte_tables(kept: str) -> tuple[np.ndarray, np.ndarray]:
    """Per byte: does it cut pieces (ASCII that is neither alphanumeric nor in `kept`), and
    the byte a piece keeps (ASCII letters lowered)."""
    cut = np.zeros(256, dtype=np.bool_)
    lower = np.arange(256, dtype=np.uint8)
    for byte in range(128):
        char = chr(byte)
        if char.isupper():
            lower[byte] = ord(char.lower())
        elif not (char.isalnum() or char in kept):
            cut[byte] = True
    return cut, lower


def unit_index(unit: str) -> int:
    """Index of a unit of one to three lower-case ASCII letters in a table of such units."""
    index = 0
    for char in unit:
        index = index * _BLOCK + ord(char) - 96
    return index


def unit_table(words: frozenset[str]) -> np.ndarray:
    """Which units of one to three letters are among `words` (stop words are no units)."""
    table = np.zeros(_BLOCK**3, dtype=np.bool_)
    for word in words:
        if 1 <= len(word) <= 3 and word.isascii() and word.isalpha() and word.islower():
            table[unit_index(word)] = True
    return table


@njit(cache=True, inline="always")
def _rotl32(x, r):  # type: ignore[no-untyped-def]
    """32-bit rotation to the left, on a value held in 64 bits."""
    return ((x << r) | (x >> (32 - r))) & _MASK32


@njit(cache=True)
def murmur_column(data, size, features):  # type: ignore[no-untyped-def]
    """Column of the first `size` bytes of `data`: MurmurHash3 (x86, 32 bits, seed 0) read as
    signed, its absolute value modulo `features` (as `features.column` computes it)."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = 0
    blocks = size // 4
    for b in range(blocks):
        k = (
            np.int64(data[4 * b])
            | (np.int64(data[4 * b + 1]) << 8)
            | (np.int64(data[4 * b + 2]) << 16)
            | (np.int64(data[4 * b + 3]) << 24)
        )
        k = (k * c1) & _MASK32
        k = _rotl32(k, 15)
        k = (k * c2) & _MASK32
        h ^= k
        h = _rotl32(h, 13)
        h = (h * 5 + 0xE6546B64) & _MASK32
    tail = size & 3
    if tail:
        k = 0
        base = 4 * blocks
        if tail == 3:
            k ^= np.int64(data[base + 2]) << 16
        if tail >= 2:
            k ^= np.int64(data[base + 1]) << 8
        k ^= np.int64(data[base])
        k = (k * c1) & _MASK32
        k = _rotl32(k, 15)
        k = (k * c2) & _MASK32
        h ^= k
    h ^= size
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK32
    h ^= h >> 16
    if h >= 0x80000000:
        h = 0x100000000 - h
    return h % features


@njit(cache=True, inline="always")
def _decode(buf, i):  # type: ignore[no-untyped-def]
    """The code point starting at byte `i` of well-formed UTF-8, and its length in bytes."""
    b0 = np.int64(buf[i])
    if b0 < 0x80:
        return b0, 1
    if b0 < 0xE0:
        return ((b0 & 0x1F) << 6) | (np.int64(buf[i + 1]) & 0x3F), 2
    if b0 < 0xF0:
        return (
            ((b0 & 0x0F) << 12)
            | ((np.int64(buf[i + 1]) & 0x3F) << 6)
            | (np.int64(buf[i + 2]) & 0x3F)
        ), 3
    return (
        ((b0 & 0x07) << 18)
        | ((np.int64(buf[i + 1]) & 0x3F) << 12)
        | ((np.int64(buf[i + 2]) & 0x3F) << 6)
        | (np.int64(buf[i + 3]) & 0x3F)
    ), 4


@njit(cache=True, inline="always")
def _before(buf, start, i):  # type: ignore[no-untyped-def]
    """The code point that ends just before byte `i` (not before `start`)."""
    k = i - 1
    while k > start and (buf[k] & 0xC0) == 0x80:
        k -= 1
    return _decode(buf, k)[0]


@njit(cache=True, inline="always")
def _ascii_word(b):  # type: ignore[no-untyped-def]
    """Is an ASCII byte a word character (letter, digit, underscore)?"""
    return (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122) or b == 95


@njit(cache=True, inline="always")
def _ascii_letter(b):  # type: ignore[no-untyped-def]
    """Is a byte an ASCII letter?"""
    return (65 <= b <= 90) or (97 <= b <= 122)


@njit(cache=True, inline="always")
def _digit(b):  # type: ignore[no-untyped-def]
    """Is a byte an ASCII digit?"""
    return 48 <= b <= 57


@njit(cache=True)
def _grow(array, need):  # type: ignore[no-untyped-def]
    """`array` copied into one of at least `need` items (twice its size at least)."""
    if need <= array.size:
        return array
    grown = np.empty(max(need, 2 * array.size), dtype=array.dtype)
    grown[: array.size] = array
    return grown


@njit(cache=True)
def _letters(buf, p, end, word):  # type: ignore[no-untyped-def]
    """Length of the unit (one to three ASCII letters, then a word boundary) at byte `p`: 0
    when there is none, -1 when the boundary depends on a code point beyond the tables."""
    n = 0
    while n < 3 and p + n < end and _ascii_letter(buf[p + n]):
        n += 1
    if n == 0:
        return 0
    q = p + n
    if q == end:
        return n
    b = buf[q]
    if b < 0x80:
        return 0 if _ascii_word(b) else n
    cp = _decode(buf, q)[0]
    if cp >= _ASTRAL:
        return -1
    return 0 if word[cp] else n


@njit(cache=True)
def _quantities(buf, start, end, word, space, decimal, stops, term, out, count, features):  # type: ignore[no-untyped-def]
    """Columns of the quantity terms of one unit's bytes written to `out` from `count` (both
    arrays have room for the unit): the new count, and whether the Python pattern must
    decide instead."""
    i = start
    while i < end:
        b = buf[i]
        if b >= 0x80:
            if b >= 0xC0:
                cp, size = _decode(buf, i)
                if cp < _ASTRAL and decimal[cp]:
                    return count, True
                i += size
            else:
                i += 1
            continue
        if not _digit(b):
            i += 1
            continue
        if i > start:
            p = buf[i - 1]
            if p < 0x80:
                if _ascii_word(p) or p == 46 or p == 44:
                    i += 1
                    continue
            else:
                cp = _before(buf, start, i)
                if cp >= _ASTRAL:
                    return count, True
                if word[cp]:
                    i += 1
                    continue
        # the value: digits, then groups of a point or a comma and digits
        j = i
        while j < end and _digit(buf[j]):
            j += 1
        while j + 1 < end and (buf[j] == 46 or buf[j] == 44) and _digit(buf[j + 1]):
            j += 2
            while j < end and _digit(buf[j]):
                j += 1
        # the unit: an optional white space, then one to three letters and a word boundary
        unit_at, unit_size = j, 0
        if j < end:
            cp, size = _decode(buf, j)
            if cp < _ASTRAL and space[cp]:
                unit_size = _letters(buf, j + size, end, word)
                unit_at = j + size
            elif cp < _ASTRAL:
                unit_size = _letters(buf, j, end, word)
        if unit_size < 0:
            return count, True
        stop = unit_at + unit_size if unit_size else j
        index = 0
        for k in range(unit_at, unit_at + unit_size):
            index = index * _BLOCK + (buf[k] | 0x20) - 96
        if unit_size and stops[index]:
            unit_size = 0
        size = 1
        term[0] = 35  # "#"
        dotted = False
        value = 0
        for k in range(i, j):
            if buf[k] != 44:
                term[size] = buf[k]
                size += 1
                if buf[k] == 46:
                    dotted = True
                elif value < 100000:
                    value = value * 10 + buf[k] - 48
        digits = size - 1
        i = stop
        if unit_size == 0 and (digits < 2 or (not dotted and 1800 <= value <= 2100)):
            continue
        for k in range(unit_at, unit_at + unit_size):
            term[size] = buf[k] | 0x20
            size += 1
        out[count] = murmur_column(term, size, features)
        count += 1
    return count, False


@njit(cache=True, inline="always")
def _same(buf, i, arena, at, size, lower):  # type: ignore[no-untyped-def]
    """Are the lowered bytes of `buf` from `i` those of `arena` (already lowered) from `at`?"""
    k = 0
    while k < size and arena[at + k] == lower[buf[i + k]]:
        k += 1
    return k == size


@njit(cache=True, inline="always")
def _same_twice(buf, i, at, size, lower):  # type: ignore[no-untyped-def]
    """Are the lowered bytes of `buf` from `i` those from `at`?"""
    k = 0
    while k < size and lower[buf[at + k]] == lower[buf[i + k]]:
        k += 1
    return k == size


@njit(cache=True)
def _scan_units(  # type: ignore[no-untyped-def]
    buf, bounds, first, cut, lower, word, space, decimal, stops, features,
    slots, starts, arena, local, pending, entries, entry_bounds,
    quantities, quantity_bounds, fallback, term, state,
):  # fmt: skip
    """`scan` from unit `first` for as long as the arrays surely have room for a unit: the
    unit it stopped before. Counters in `state`: pieces, arena bytes, entries, quantities.

    A record of the piece table is three words: the piece's hash, its first eight bytes and
    its length with its entry number plus one (0: a free slot). The unit's own table (the
    piece's hash, its position in `buf` and its length) finds a unit's repeated pieces
    without going to the large table."""
    count, used, found, counted = state[0], state[1], state[2], state[3]
    units = bounds.size - 1
    gmask = slots.size // 3 - 1
    u = first
    while u < units:
        start, end = bounds[u], bounds[u + 1]
        most = (end - start) // 2 + 1  # pieces or quantities a unit can hold at most
        if (
            2 * (count + most) > gmask + 1
            or count + most > starts.size
            or used + end - start + most > arena.size
            or found + most > entries.size
            or counted + most > quantities.size
        ):
            break
        lmask = 63
        while lmask < (end - start) // 4:  # room for twice the pieces a unit usually has
            lmask = 2 * lmask + 1
        distinct = 0
        i = start
        while i < end:
            if 2 * distinct > lmask:  # more pieces than usual: start the unit again, roomier
                for d in range(0, 5 * distinct, 5):
                    local[pending[d + 4] + 2] = 0
                lmask = 2 * lmask + 1
                distinct = 0
                i = start
            if cut[buf[i]]:
                i += 1
                continue
            j = i
            h = _OFFSET
            prefix = 0
            while j < end and not cut[buf[j]]:
                b = lower[buf[j]]
                h = (h ^ np.uint64(b)) * _PRIME
                if j - i < 8:
                    prefix |= np.int64(b) << (8 * (j - i))
                j += 1
            key = np.int64(mix(h))
            size = j - i
            pos = key & lmask
            seen = False
            while True:
                r = 3 * pos
                if local[r + 2] == 0:
                    break
                if (
                    local[r] == key
                    and local[r + 2] == size
                    and _same_twice(buf, i, local[r + 1], size, lower)
                ):
                    seen = True
                    break
                pos = (pos + 1) & lmask
            if not seen:
                local[r], local[r + 1], local[r + 2] = key, i, size
                d = 5 * distinct
                pending[d], pending[d + 1], pending[d + 2] = key, prefix, i
                pending[d + 3], pending[d + 4] = size, r
                distinct += 1
            i = j
        # the unit's distinct pieces in the large table: found, or added (looked up apart
        # from the cutting, so that the processor can overlap the lookups' memory reads)
        for d in range(0, 5 * distinct, 5):
            key, prefix, i, size = pending[d], pending[d + 1], pending[d + 2], pending[d + 3]
            local[pending[d + 4] + 2] = 0
            sized = size << 32
            g = key & gmask
            while True:
                q = 3 * g
                w = slots[q + 2]
                if w == 0:
                    e = count
                    starts[e] = used
                    for k in range(size):
                        arena[used + k] = lower[buf[i + k]]
                    arena[used + size] = 32
                    used += size + 1
                    slots[q], slots[q + 1], slots[q + 2] = key, prefix, sized | (e + 1)
                    count += 1
                    break
                if slots[q] == key and slots[q + 1] == prefix and (w >> 32) == size:
                    e = (w & 0xFFFFFFFF) - 1
                    if size <= 8 or _same(buf, i + 8, arena, starts[e] + 8, size - 8, lower):
                        break
                g = (g + 1) & gmask
            entries[found] = e
            found += 1
        entry_bounds[u + 1] = found
        after, needs_python = _quantities(
            buf, start, end, word, space, decimal, stops, term, quantities, counted, features
        )
        if needs_python:
            fallback[u] = True
        else:
            counted = after
        quantity_bounds[u + 1] = counted
        u += 1
    state[0], state[1], state[2], state[3] = count, used, found, counted
    return u


@njit(cache=True)
def _rehash(slots, size):  # type: ignore[no-untyped-def]
    """The piece table's records in a table of `size` slots."""
    fresh = np.zeros(3 * size, dtype=np.int64)
    mask = size - 1
    for r in range(0, slots.size, 3):
        if slots[r + 2] != 0:
            g = slots[r] & mask
            while fresh[3 * g + 2] != 0:
                g = (g + 1) & mask
            fresh[3 * g : 3 * g + 3] = slots[r : r + 3]
    return fresh


@njit(cache=True)
def scan(  # type: ignore[no-untyped-def]
    buf, bounds, cut, lower, word, space, decimal, stops, features,
    slots, starts, arena, count, used,
):  # fmt: skip
    """Per unit of a chunk: the entries of its distinct pieces in the piece table and the
    columns of its quantities (each with per-unit bounds), and which units need the Python
    quantity pattern. New pieces are added to the table (entries from `count` on, their
    lowered bytes in `arena` each followed by a space); the table's arrays come back, grown
    where needed, with the new counts."""
    units = bounds.size - 1
    largest = 1
    for u in range(units):
        largest = max(largest, bounds[u + 1] - bounds[u])
    most = largest // 2 + 1
    local_size = 128  # the unit's table may double until it holds four times its pieces
    while local_size < 4 * most:
        local_size *= 2
    local = np.zeros(3 * local_size, dtype=np.int64)
    pending = np.empty(5 * most, dtype=np.int64)
    term = np.empty(largest + 8, dtype=np.uint8)
    entries = np.empty(max(most, buf.size // 8), dtype=np.int32)
    entry_bounds = np.zeros(units + 1, dtype=np.int64)
    quantities = np.empty(max(most, buf.size // 64), dtype=np.int64)
    quantity_bounds = np.zeros(units + 1, dtype=np.int64)
    fallback = np.zeros(units, dtype=np.bool_)
    state = np.array([count, used, 0, 0], dtype=np.int64)
    u = 0
    while True:
        u = _scan_units(
            buf, bounds, u, cut, lower, word, space, decimal, stops, features,
            slots, starts, arena, local, pending, entries, entry_bounds,
            quantities, quantity_bounds, fallback, term, state,
        )  # fmt: skip
        if u == units:
            break
        count, used, found, counted = state[0], state[1], state[2], state[3]
        most = (bounds[u + 1] - bounds[u]) // 2 + 1
        size = slots.size // 3
        while 2 * (count + most) > size:
            size *= 2
        if size > slots.size // 3:
            slots = _rehash(slots, size)
        starts = _grow(starts, count + most)
        arena = _grow(arena, used + bounds[u + 1] - bounds[u] + most)
        entries = _grow(entries, found + most)
        quantities = _grow(quantities, counted + most)
    count, used, found, counted = state[0], state[1], state[2], state[3]
    return (
        entries[:found], entry_bounds, quantities[:counted], quantity_bounds, fallback,
        slots, starts, arena, count, used,
    )  # fmt: skip


@njit(cache=True)
def _radix_sort(values, n, scratch, counts, passes):  # type: ignore[no-untyped-def]
    """Sort `values[:n]` (non-negative, below 2 ** (10 * passes)) in place, ten bits a pass:
    a row's few hundred columns sort several times faster so than by comparisons."""
    if n < 32:
        for k in range(1, n):
            v = values[k]
            m = k - 1
            while m >= 0 and values[m] > v:
                values[m + 1] = values[m]
                m -= 1
            values[m + 1] = v
        return
    source, target = values, scratch
    for p in range(passes):
        shift = 10 * p
        counts[:] = 0
        for k in range(n):
            counts[(source[k] >> shift) & 1023] += 1
        total = 0
        for b in range(1024):
            total, counts[b] = total + counts[b], total
        for k in range(n):
            b = (source[k] >> shift) & 1023
            target[counts[b]] = source[k]
            counts[b] += 1
        source, target = target, source
    if passes % 2:
        values[:n] = scratch[:n]


@njit(cache=True)
def assemble(  # type: ignore[no-untyped-def]
    entries, entry_bounds, quantities, quantity_bounds, extra, extra_bounds,
    info, several_starts, several_counts, columns, features,
):  # fmt: skip
    """Presence rows (CSR indptr and sorted distinct indices) from each unit's piece entries,
    its quantity columns and its extra columns, all below `features`. An entry's `info` is
    its one column, -1 for none, or -2 - k for the columns
    `columns[several_starts[k]:][:several_counts[k]]`."""
    units = entry_bounds.size - 1
    sizes = np.zeros(units, dtype=np.int64)
    for u in range(units):
        n = quantity_bounds[u + 1] - quantity_bounds[u] + extra_bounds[u + 1] - extra_bounds[u]
        for k in range(entry_bounds[u], entry_bounds[u + 1]):
            c = info[entries[k]]
            n += 1 if c >= 0 else (0 if c == -1 else several_counts[-2 - c])
        sizes[u] = n
    largest = max(1, sizes.max() if units else 1)
    gathered = np.empty(largest, dtype=np.int32)
    scratch = np.empty(largest, dtype=np.int32)
    counts = np.empty(1024, dtype=np.int64)
    passes = 1
    while (1 << (10 * passes)) < features:
        passes += 1
    indices = np.empty(max(1, sizes.sum()), dtype=np.int32)
    indptr = np.zeros(units + 1, dtype=np.int32)
    nnz = 0
    for u in range(units):
        n = 0
        for k in range(entry_bounds[u], entry_bounds[u + 1]):
            c = info[entries[k]]
            if c >= 0:
                gathered[n] = c
                n += 1
            elif c != -1:
                at = several_starts[-2 - c]
                for m in range(several_counts[-2 - c]):
                    gathered[n] = columns[at + m]
                    n += 1
        for k in range(quantity_bounds[u], quantity_bounds[u + 1]):
            gathered[n] = quantities[k]
            n += 1
        for k in range(extra_bounds[u], extra_bounds[u + 1]):
            gathered[n] = extra[k]
            n += 1
        _radix_sort(gathered, n, scratch, counts, passes)
        last = -1
        for k in range(n):
            if gathered[k] != last:
                last = gathered[k]
                indices[nnz] = last
                nnz += 1
        indptr[u + 1] = nnz
    return indptr, indices[:nnz]


@njit(cache=True)
def term_columns(data, features):  # type: ignore[no-untyped-def]
    """Columns of terms given as UTF-8 bytes joined by line breaks (as `murmur_column`)."""
    if data.size == 0:
        return np.empty(0, dtype=np.int64)
    terms = 1
    for b in data:
        if b == 10:
            terms += 1
    out = np.empty(terms, dtype=np.int64)
    start = 0
    t = 0
    for k in range(data.size + 1):
        if k == data.size or data[k] == 10:
            out[t] = murmur_column(data[start:k], k - start, features)
            t += 1
            start = k + 1
    return out
