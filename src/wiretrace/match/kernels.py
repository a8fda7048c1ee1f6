"""Compiled exact verification: many documents sketched, many pairs compared, in two calls.

`wiretrace.match.verify.compare` is the reference: per pair it costs a few dozen NumPy calls,
and every document is sketched again in Python for each chunk it appears in. Here a chunk's
texts are sketched in one compiled pass (`sketch_docs`) into flat arrays, and its pairs are
verified in another (`compare_pairs`) by merging sorted shingle arrays. Every figure is
computed as the reference computes it (sums of floats in NumPy's pairwise order included), so
the pairs, their containments, Jaccard and aligned passages are the same to the last bit;
rounding is left to the caller, which does it with Python's `round` as the reference does.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from wiretrace.sketch.kernels import combine, tables, token_hashes

_NEWLINE = 10
VOTES = 1 << 16  # cells of the dense table of passage votes (pairs of larger pages sort them)


class Sketches(NamedTuple):
    """A chunk's sketches as flat arrays: document d's rows are [off[d], off[d + 1])."""

    passage_off: np.ndarray  # per document: its passages
    passage_total: np.ndarray  # per passage: its distinct shingles
    passage_weight: np.ndarray  # per passage: its words (0.0 for a repeat of earlier text)
    unique_off: np.ndarray  # per document: its distinct shingles
    unique: np.ndarray  # distinct shingles, sorted within each document
    unique_passage: np.ndarray  # ... and the first passage (of its document) that holds each
    pair_off: np.ndarray  # per document: its distinct (passage, shingle) pairs
    pair_shingle: np.ndarray  # ... sorted by shingle then passage: the shingle
    pair_passage: np.ndarray  # ... and the passage


class Compared(NamedTuple):
    """What `compare_pairs` found for each pair, and the aligned passages of verified ones."""

    ok: np.ndarray  # the pair verifies
    contain_a: np.ndarray  # share of a found in b (unrounded)
    contain_b: np.ndarray
    inter: np.ndarray  # distinct shingles in both
    union: np.ndarray  # distinct shingles in either
    shown_off: np.ndarray  # per pair: its aligned passages in [shown_off[p], shown_off[p+1])
    shown_a: np.ndarray  # passage of a
    shown_b: np.ndarray  # passage of b holding most of its found shingles
    shown_share: np.ndarray  # share of the passage of a found in b (unrounded)


@njit(cache=True)
def _grow(array, need):  # type: ignore[no-untyped-def]
    """`array`, or a copy at least twice as large when it holds fewer than `need` rows."""
    if need <= array.size:
        return array
    out = np.empty(max(need, 2 * array.size), dtype=array.dtype)
    out[: array.size] = array
    return out


@njit(cache=True)
def _block_sum(x, lo, n):  # type: ignore[no-untyped-def]
    """NumPy's sum of at most 128 values x[lo:lo + n]: eight accumulators, then the rest."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += x[i]
        return res
    r0, r1, r2, r3 = x[lo], x[lo + 1], x[lo + 2], x[lo + 3]
    r4, r5, r6, r7 = x[lo + 4], x[lo + 5], x[lo + 6], x[lo + 7]
    i = 8
    whole = n - n % 8
    while i < whole:
        r0 += x[lo + i]
        r1 += x[lo + i + 1]
        r2 += x[lo + i + 2]
        r3 += x[lo + i + 3]
        r4 += x[lo + i + 4]
        r5 += x[lo + i + 5]
        r6 += x[lo + i + 6]
        r7 += x[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += x[lo + i]
        i += 1
    return res


@njit(cache=True)
def pairwise_sum(x, lo, n):  # type: ignore[no-untyped-def]
    """Sum of x[lo:lo + n] in NumPy's order, so that it equals `x[lo:lo + n].sum()` to the
    last bit: past 128 values, the sum of two halves (the first a multiple of 8 long). The
    halving runs on an explicit stack: a recursive function breaks Numba's disk cache."""
    if n <= 128:
        return _block_sum(x, lo, n)
    starts = np.empty(64, dtype=np.int64)
    sizes = np.empty(64, dtype=np.int64)
    stage = np.zeros(64, dtype=np.int64)  # 0: start the first half, 1: the second, 2: add
    left = np.empty(64, dtype=np.float64)
    starts[0], sizes[0] = lo, n
    top = 0
    value = 0.0  # the sum last finished
    while top >= 0:
        start, size = starts[top], sizes[top]
        if size <= 128:
            value = _block_sum(x, start, size)
            top -= 1
            continue
        half = size // 2
        half -= half % 8
        if stage[top] == 0:
            stage[top] = 1
            top += 1
            starts[top], sizes[top], stage[top] = start, half, 0
        elif stage[top] == 1:
            left[top] = value
            stage[top] = 2
            top += 1
            starts[top], sizes[top], stage[top] = start + half, size - half, 0
        else:
            value = left[top] + value
            top -= 1
    return value


@njit(cache=True)
def decode_utf8(text, start, end, out):  # type: ignore[no-untyped-def]
    """Decode the UTF-8 in text[start:end] (valid, surrogates allowed) into code points in
    `out`; how many."""
    used = 0
    i = start
    while i < end:
        c = np.uint32(text[i])
        if c < 0x80:
            i += 1
        elif c < 0xE0:
            c = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F)
            i += 2
        elif c < 0xF0:
            c = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F)
            i += 3
        else:
            c = (
                ((c & 0x07) << 18)
                | ((text[i + 1] & 0x3F) << 12)
                | ((text[i + 2] & 0x3F) << 6)
                | (text[i + 3] & 0x3F)
            )
            i += 4
        out[used] = c
        used += 1
    return used


@njit(cache=True)
def passage_starts(codes, space):  # type: ignore[no-untyped-def]
    """Start offsets of a body's passages: the pieces between blank lines (split as
    `str.split("\\n\\n")` splits) that hold something besides white space."""
    n = codes.size
    starts = np.empty(n // 3 + 2, dtype=np.int64)
    count = 0
    begin = 0
    filled = False
    i = 0
    while i < n:
        c = codes[i]
        if c == _NEWLINE and i + 1 < n and codes[i + 1] == _NEWLINE:
            if filled:
                starts[count] = begin
                count += 1
            begin = i + 2
            filled = False
            i += 2
            continue
        if not (c < 0x10000 and space[c]):
            filled = True
        i += 1
    if filled:
        starts[count] = begin
        count += 1
    return starts[:count]


@njit(cache=True)
def stable_order(keys):  # type: ignore[no-untyped-def]
    """The stable sort order of uniformly spread 64-bit keys (what `argsort(kind="stable")`
    gives), in linear time: a counting pass on the top bits (about two keys a bucket), then an
    insertion sort inside each bucket."""
    n = keys.size
    bits = 1
    while (n >> bits) > 2 and bits < 24:
        bits += 1
    shift = np.uint64(64 - bits)
    starts = np.zeros((1 << bits) + 1, dtype=np.int64)
    for i in range(n):
        starts[(keys[i] >> shift) + np.uint64(1)] += 1
    for b in range(1 << bits):
        starts[b + 1] += starts[b]
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        b = keys[i] >> shift
        order[starts[b]] = i
        starts[b] += 1
    # starts[b] is now the end of bucket b, and the start of bucket b + 1
    begin = 0
    for b in range(1 << bits):
        end = starts[b]
        for i in range(begin + 1, end):
            row = order[i]
            key = keys[row]
            j = i - 1
            while j >= begin and keys[order[j]] > key:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = row
        begin = end
    return order


@njit(cache=True)
def sketch_docs(text, bounds, word, lower, space, k, repeat_share):  # type: ignore[no-untyped-def]
    """`wiretrace.sketch.sketch` of each body in a chunk, body d in UTF-8 in
    text[bounds[d]:bounds[d+1]], as the flat arrays of `Sketches`."""
    docs = bounds.size - 1
    most = 0
    for d in range(docs):
        most = max(most, bounds[d + 1] - bounds[d])
    scratch = np.empty(most, dtype=np.uint32)
    passage_off = np.zeros(docs + 1, dtype=np.int64)
    unique_off = np.zeros(docs + 1, dtype=np.int64)
    pair_off = np.zeros(docs + 1, dtype=np.int64)
    guess = max(text.size // 6, 16)
    passage_total = np.empty(max(docs * 8, 16), dtype=np.int64)
    passage_weight = np.empty(max(docs * 8, 16), dtype=np.float64)
    unique = np.empty(guess, dtype=np.uint64)
    unique_passage = np.empty(guess, dtype=np.int64)
    pair_shingle = np.empty(guess, dtype=np.uint64)
    pair_passage = np.empty(guess, dtype=np.int64)
    for d in range(docs):
        body = scratch[: decode_utf8(text, bounds[d], bounds[d + 1], scratch)]
        starts = passage_starts(body, space)
        passages = starts.size
        hashes, token_starts = token_hashes(body, word, lower)
        token_passage = np.empty(hashes.size, dtype=np.int64)
        at = 0
        for t in range(hashes.size):
            while at + 1 < passages and starts[at + 1] <= token_starts[t]:
                at += 1
            token_passage[t] = at
        words = np.zeros(passages, dtype=np.int64)
        for t in range(hashes.size):
            words[token_passage[t]] += 1
        shingles = combine(hashes, k)
        order = stable_order(shingles)  # stable: passages stay ascending
        p0, u0, q0 = passage_off[d], unique_off[d], pair_off[d]
        unique = _grow(unique, u0 + shingles.size)
        unique_passage = _grow(unique_passage, u0 + shingles.size)
        pair_shingle = _grow(pair_shingle, q0 + shingles.size)
        pair_passage = _grow(pair_passage, q0 + shingles.size)
        u, q = u0, q0
        for r in range(shingles.size):
            s = shingles[order[r]]
            p = token_passage[order[r]]
            if r == 0 or s != unique[u - 1]:
                unique[u] = s
                unique_passage[u] = p
                u += 1
            elif p == pair_passage[q - 1]:
                continue
            pair_shingle[q] = s
            pair_passage[q] = p
            q += 1
        passage_total = _grow(passage_total, p0 + passages)
        passage_weight = _grow(passage_weight, p0 + passages)
        seen = np.zeros(passages, dtype=np.int64)
        total = np.zeros(passages, dtype=np.int64)
        row = u0 - 1  # the distinct shingle of pair row r
        for r in range(q0, q):
            if r == q0 or pair_shingle[r] != pair_shingle[r - 1]:
                row += 1
            total[pair_passage[r]] += 1
            if unique_passage[row] < pair_passage[r]:
                seen[pair_passage[r]] += 1
        for p in range(passages):
            passage_total[p0 + p] = total[p]
            repeat = total[p] > 0 and seen[p] >= repeat_share * max(total[p], 1)
            passage_weight[p0 + p] = 0.0 if repeat else float(words[p])
        passage_off[d + 1] = p0 + passages
        unique_off[d + 1] = u
        pair_off[d + 1] = q
    return (
        passage_off,
        passage_total[: passage_off[docs]],
        passage_weight[: passage_off[docs]],
        unique_off,
        unique[: unique_off[docs]],
        unique_passage[: unique_off[docs]],
        pair_off,
        pair_shingle[: pair_off[docs]],
        pair_passage[: pair_off[docs]],
    )


@njit(cache=True)
def _found(sk, a, b, hits, where):  # type: ignore[no-untyped-def]
    """Per passage of a, its distinct shingles found in b (into `hits`); for each pair row of
    a, the row of b's distinct shingles holding it, or -1 (into `where`)."""
    pa = sk.passage_off[a]
    for p in range(sk.passage_off[a + 1] - pa):
        hits[p] = 0.0
    j, end = sk.unique_off[b], sk.unique_off[b + 1]
    for r in range(sk.pair_off[a], sk.pair_off[a + 1]):
        s = sk.pair_shingle[r]
        while j < end and sk.unique[j] < s:
            j += 1
        if j < end and sk.unique[j] == s:
            hits[sk.pair_passage[r]] += 1.0
            where[r - sk.pair_off[a]] = j
        else:
            where[r - sk.pair_off[a]] = -1


@njit(cache=True)
def _contained(sk, a, hits, whole, carried, found):  # type: ignore[no-untyped-def]
    """(containment of a, words of a found) from the found shingles per passage in `hits`,
    which becomes the share found per passage; as `wiretrace.match.verify.align` computes them."""
    pa = sk.passage_off[a]
    n = sk.passage_off[a + 1] - pa
    if n == 0 or sk.unique_off[a + 1] == sk.unique_off[a]:
        return 0.0, 0.0
    for p in range(n):
        total = sk.passage_total[pa + p]
        share = hits[p] / total if total > 0 else 0.0
        hits[p] = share
        weight = sk.passage_weight[pa + p]
        carried[p] = weight * (1.0 if share >= whole else share)
        found[p] = weight * share
    words = pairwise_sum(sk.passage_weight, pa, n)
    return pairwise_sum(carried, 0, n) / max(words, 1.0), pairwise_sum(found, 0, n)


@njit(cache=True)
def _common(sk, a, b):  # type: ignore[no-untyped-def]
    """Distinct shingles found in both a and b."""
    i, i_end = sk.unique_off[a], sk.unique_off[a + 1]
    j, j_end = sk.unique_off[b], sk.unique_off[b + 1]
    count = 0
    while i < i_end and j < j_end:
        if sk.unique[i] < sk.unique[j]:
            i += 1
        elif sk.unique[i] > sk.unique[j]:
            j += 1
        else:
            count += 1
            i += 1
            j += 1
    return count


@njit(cache=True)
def _align(sk, a, b, share, where, threshold, votes, best, out_a, out_b, out_share, used):  # type: ignore[no-untyped-def]
    """Append a's passages found at `threshold` or more, each with the passage of b that holds
    most of its found shingles (the first such on a tie, as `argmax` picks it).

    Votes are counted in a dense passage-by-passage table when it fits in `votes` (left all
    zero again), else from the sorted cells."""
    pa = sk.passage_off[a]
    n = sk.passage_off[a + 1] - pa
    nb = sk.passage_off[b + 1] - sk.passage_off[b]
    shown = 0
    for p in range(n):
        best[p] = 0
        if share[p] >= threshold:
            shown += 1
    if shown == 0:
        return out_a, out_b, out_share, used
    q0 = sk.pair_off[a]
    if n * nb <= votes.size:
        for r in range(q0, sk.pair_off[a + 1]):
            j = where[r - q0]
            p = sk.pair_passage[r]
            if j >= 0 and share[p] >= threshold:
                votes[p * nb + sk.unique_passage[j]] += 1
        for p in range(n):
            if share[p] >= threshold:
                top, most = 0, votes[p * nb]
                for c in range(nb):
                    if votes[p * nb + c] > most:
                        top, most = c, votes[p * nb + c]
                    votes[p * nb + c] = 0
                best[p] = top
    else:
        cells = np.empty(sk.pair_off[a + 1] - q0, dtype=np.int64)
        m = 0
        for r in range(q0, sk.pair_off[a + 1]):
            j = where[r - q0]
            p = sk.pair_passage[r]
            if j >= 0 and share[p] >= threshold:
                cells[m] = p * nb + sk.unique_passage[j]
                m += 1
        cells = np.sort(cells[:m])
        counts = np.zeros(n, dtype=np.int64)
        r = 0
        while r < m:
            e = r + 1
            while e < m and cells[e] == cells[r]:
                e += 1
            p = cells[r] // nb
            if e - r > counts[p]:
                counts[p] = e - r
                best[p] = cells[r] - p * nb
            r = e
    out_a = _grow(out_a, used + shown)
    out_b = _grow(out_b, used + shown)
    out_share = _grow(out_share, used + shown)
    for p in range(n):
        if share[p] >= threshold:
            out_a[used] = p
            out_b[used] = best[p]
            out_share[used] = share[p]
            used += 1
    return out_a, out_b, out_share, used


@njit(cache=True)
def compare_pairs(sk, first, second, whole, threshold, min_containment, min_words):  # type: ignore[no-untyped-def]
    """`wiretrace.match.verify.compare` of each pair (first[p], second[p]) of documents of
    `sk`: the arrays of `Compared`."""
    n = first.size
    ok = np.zeros(n, dtype=np.bool_)
    contain_a = np.zeros(n, dtype=np.float64)
    contain_b = np.zeros(n, dtype=np.float64)
    inter = np.zeros(n, dtype=np.int64)
    union = np.zeros(n, dtype=np.int64)
    shown_off = np.zeros(n + 1, dtype=np.int64)
    out_a = np.empty(64, dtype=np.int64)
    out_b = np.empty(64, dtype=np.int64)
    out_share = np.empty(64, dtype=np.float64)
    most, rows = 1, 1
    for d in range(sk.passage_off.size - 1):
        most = max(most, sk.passage_off[d + 1] - sk.passage_off[d])
        rows = max(rows, sk.pair_off[d + 1] - sk.pair_off[d])
    share_a = np.empty(most, dtype=np.float64)
    share_b = np.empty(most, dtype=np.float64)
    carried = np.empty(most, dtype=np.float64)
    found = np.empty(most, dtype=np.float64)
    best = np.empty(most, dtype=np.int64)
    where = np.empty(rows, dtype=np.int64)
    other = np.empty(rows, dtype=np.int64)
    votes = np.zeros(VOTES, dtype=np.int64)
    used = 0
    for p in range(n):
        a, b = first[p], second[p]
        _found(sk, a, b, share_a, where)
        ca, words_a = _contained(sk, a, share_a, whole, carried, found)
        _found(sk, b, a, share_b, other)
        cb, words_b = _contained(sk, b, share_b, whole, carried, found)
        contain_a[p], contain_b[p] = ca, cb
        if max(ca, cb) >= min_containment and min(words_a, words_b) >= min_words:
            ok[p] = True
            inter[p] = _common(sk, a, b)
            size_a = sk.unique_off[a + 1] - sk.unique_off[a]
            size_b = sk.unique_off[b + 1] - sk.unique_off[b]
            union[p] = size_a + size_b - inter[p]
            if size_a > 0:
                out_a, out_b, out_share, used = _align(
                    sk, a, b, share_a, where, threshold, votes, best, out_a, out_b, out_share, used
                )
        shown_off[p + 1] = used
    return Compared(
        ok,
        contain_a,
        contain_b,
        inter,
        union,
        shown_off,
        out_a[:used],
        out_b[:used],
        out_share[:used],
    )


@njit(cache=True)
def _write_int(out, at, value):  # type: ignore[no-untyped-def]
    """Write a non-negative integer's decimal digits at out[at:]; the position after them."""
    digits = 1
    rest = value
    while rest >= 10:
        rest //= 10
        digits += 1
    for d in range(digits - 1, -1, -1):
        out[at + d] = 48 + value % 10
        value //= 10
    return at + digits


@njit(cache=True)
def passages_json(rows, shown_off, shown_a, shown_b, score_k, table, table_off):  # type: ignore[no-untyped-def]
    """For each pair of `rows`, the JSON text `[[a,b,score],...]` of its aligned passages
    (scores as written in `table`: k / 1000 is table[table_off[k]:table_off[k + 1]]): the texts
    one after another, and their offsets (int32, as an Arrow string array wants them)."""
    out = np.empty(16 + 2 * rows.size, dtype=np.uint8)
    offsets = np.zeros(rows.size + 1, dtype=np.int32)
    at = 0
    for i in range(rows.size):
        p = rows[i]
        out = _grow(out, at + 2 + 48 * (shown_off[p + 1] - shown_off[p]))
        out[at] = 91  # [
        at += 1
        for s in range(shown_off[p], shown_off[p + 1]):
            if s > shown_off[p]:
                out[at] = 44  # ,
                at += 1
            out[at] = 91
            at = _write_int(out, at + 1, shown_a[s])
            out[at] = 44
            at = _write_int(out, at + 1, shown_b[s])
            out[at] = 44
            at += 1
            k = score_k[s]
            for c in range(table_off[k], table_off[k + 1]):
                out[at] = table[c]
                at += 1
            out[at] = 93  # ]
            at += 1
        out[at] = 93
        at += 1
        offsets[i + 1] = at
    return out[:at], offsets


def sketches(
    text: np.ndarray, bounds: np.ndarray, shingle_words: int, repeat_share: float
) -> Sketches:
    """`sketch_docs` with the character tables filled in."""
    word, lower, space = tables()
    return Sketches(*sketch_docs(text, bounds, word, lower, space, shingle_words, repeat_share))


def warm() -> None:
    """Load the compiled verification loops now (see `wiretrace.sketch.kernels.warm`)."""
    body = "one two three four five six\n\nseven eight nine ten eleven"
    text = np.frombuffer(body.encode(), dtype=np.uint8)
    found = sketches(text, np.array([0, text.size, text.size], dtype=np.int64), 2, 0.8)
    pair = np.array([0], dtype=np.int64)
    compare_pairs(found, pair, pair + 1, 0.7, 0.5, 0.5, 1.0)
