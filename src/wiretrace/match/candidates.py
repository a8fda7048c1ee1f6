"""Candidate pairs: documents that share enough sampled shingles, counted in compiled loops.

The sample table is read in slices of hashes (equal ranges of hash values), so the rows read
at once stay bounded however large the store grows. Within a slice, rows are ordered by hash
(bucket passes on the top bits, then small sorts), and each run of equal hashes is a posting list:
a hash in one document pairs nothing, one in more than `max_df` documents is a stock phrase.
The posting lists that touch a new document are kept as compact cells (4 bytes a document,
new documents first in ascending order, then the others, then -1), so the hashes themselves
are dropped slice by slice. Each new document then counts, over its postings, the documents
that follow it in the list, in a dense counter array: every pair is counted once, from its
lower new side, with every shared sample, so the thresholds apply at once and no partial
counts are kept or merged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit

from wiretrace.config import MatchConfig, SketchConfig
from wiretrace.match import kernels

SLICE_ROWS = 32_000_000  # sample rows read at once (about 1 GB while DuckDB hands them over)
BUCKET_ROWS = 16  # rows a bucket of the sort holds on average before its insertion sort
FIRST_BITS = 11  # buckets of the sort's first pass: 2,048 places written at once


@njit(cache=True)
def _bucket_starts(hashes, lo, hi, shift, mask, starts):  # type: ignore[no-untyped-def]
    """Fill `starts` with where each bucket (bits of the hash under `mask` after `shift`)
    of rows lo..hi begins, counted from lo."""
    starts[:] = 0
    for i in range(lo, hi):
        starts[((hashes[i] >> shift) & mask) + np.uint64(1)] += 1
    for b in range(starts.size - 1):
        starts[b + 1] += starts[b]


@njit(cache=True)
def _scatter(hashes, docs, lo, hi, shift, mask, starts, out_h, out_d, at):  # type: ignore[no-untyped-def]
    """Rows lo..hi moved to out_* from `at` on, in bucket order (stable)."""
    fill = starts[:-1] + at
    for i in range(lo, hi):
        b = (hashes[i] >> shift) & mask
        out_h[fill[b]] = hashes[i]
        out_d[fill[b]] = docs[i]
        fill[b] += 1


@njit(cache=True)
def _insertion_sort(out_h, out_d, lo, hi):  # type: ignore[no-untyped-def]
    """Rows lo..hi sorted by hash in place, stable (they are few)."""
    for i in range(lo + 1, hi):
        h, d = out_h[i], out_d[i]
        j = i - 1
        while j >= lo and out_h[j] > h:
            out_h[j + 1], out_d[j + 1] = out_h[j], out_d[j]
            j -= 1
        out_h[j + 1], out_d[j + 1] = h, d


@njit(cache=True, nogil=True)
def sorted_by_hash(hashes, docs):  # type: ignore[no-untyped-def]
    """Hashes and their documents sorted by hash, stable: bucket passes on the top bits
    (at most FIRST_BITS in the first, the next bits within each first bucket, so that each
    pass writes to few places at once) down to about BUCKET_ROWS rows a bucket, then an
    insertion sort inside each bucket."""
    n = hashes.size
    bits = 1
    while (n >> bits) > BUCKET_ROWS and bits < 24:
        bits += 1
    first = min(bits, FIRST_BITS)
    rest = bits - first
    mask1 = np.uint64((1 << first) - 1)
    starts = np.empty((1 << first) + 1, dtype=np.int64)
    _bucket_starts(hashes, 0, n, np.uint64(64 - first), mask1, starts)
    out_h = np.empty_like(hashes)
    out_d = np.empty_like(docs)
    _scatter(hashes, docs, 0, n, np.uint64(64 - first), mask1, starts, out_h, out_d, 0)
    if rest == 0:
        for b in range(starts.size - 1):
            _insertion_sort(out_h, out_d, starts[b], starts[b + 1])
        return out_h, out_d
    biggest = np.max(starts[1:] - starts[:-1])
    tmp_h = np.empty(biggest, dtype=out_h.dtype)
    tmp_d = np.empty(biggest, dtype=out_d.dtype)
    shift2 = np.uint64(64 - bits)
    mask2 = np.uint64((1 << rest) - 1)
    inner = np.empty((1 << rest) + 1, dtype=np.int64)
    for b in range(starts.size - 1):
        lo, hi = starts[b], starts[b + 1]
        _bucket_starts(out_h, lo, hi, shift2, mask2, inner)
        _scatter(out_h, out_d, lo, hi, shift2, mask2, inner, tmp_h, tmp_d, 0)
        for c in range(inner.size - 1):
            _insertion_sort(tmp_h, tmp_d, inner[c], inner[c + 1])
        out_h[lo:hi] = tmp_h[: hi - lo]
        out_d[lo:hi] = tmp_d[: hi - lo]
    return out_h, out_d


@njit(cache=True)
def _run_end(sorted_h, posting, is_new, max_df, i):  # type: ignore[no-untyped-def]
    """End of the run of equal hashes starting at `i`, and whether it is a posting list
    touching a new document (2..max_df documents, one of them new)."""
    n = sorted_h.size
    j = i + 1
    while j < n and sorted_h[j] == sorted_h[i]:
        j += 1
    if j - i < 2 or j - i > max_df:
        return j, False
    for k in range(i, j):
        if is_new[posting[k]]:
            return j, True
    return j, False


@njit(cache=True)
def slice_cells(sorted_h, posting, is_new, max_df):  # type: ignore[no-untyped-def]
    """The posting lists of a slice sorted by hash that touch a new document, as int32
    cells: each list's new documents in ascending order, then its other documents, then -1."""
    size = 0
    i = 0
    while i < sorted_h.size:
        j, kept = _run_end(sorted_h, posting, is_new, max_df, i)
        if kept:
            size += j - i + 1
        i = j
    cells = np.empty(size, dtype=np.int32)
    at = 0
    i = 0
    while i < sorted_h.size:
        j, kept = _run_end(sorted_h, posting, is_new, max_df, i)
        if kept:
            first = at
            for k in range(i, j):
                d = posting[k]
                if is_new[d]:
                    w = at
                    while w > first and cells[w - 1] > d:
                        cells[w] = cells[w - 1]
                        w -= 1
                    cells[w] = d
                    at += 1
            for k in range(i, j):
                if not is_new[posting[k]]:
                    cells[at] = posting[k]
                    at += 1
            cells[at] = -1
            at += 1
        i = j
    return cells


@njit(cache=True)
def _posting_bounds(cells, is_new):  # type: ignore[no-untyped-def]
    """Where each new document's postings will start in `where` (a counting sort's counts)."""
    top = is_new.size
    bounds = np.zeros(top + 1, dtype=np.int64)
    for k in range(cells.size):
        d = cells[k]
        if d >= 0 and is_new[d]:
            bounds[d + 1] += 1
    for d in range(top):
        bounds[d + 1] += bounds[d]
    return bounds


@njit(cache=True)
def _fill_postings(cells, is_new, bounds, where):  # type: ignore[no-untyped-def]
    """Where each new document sits in the cells, grouped by document, ascending."""
    fill = bounds[:-1].copy()
    for k in range(cells.size):
        d = cells[k]
        if d >= 0 and is_new[d]:
            where[fill[d]] = k
            fill[d] += 1


@njit(cache=True)
def _count_pairs(cells, is_new, bounds, where, sampled, min_shared, min_share):  # type: ignore[no-untyped-def]
    """`count_pairs` in compiled code: each new document counts, in a dense array, the
    documents after it in its posting lists (new ones above it, then the others), so a
    pair is counted once however many of its documents are new."""
    top = is_new.size
    count = np.zeros(top, dtype=np.int32)
    touched = np.empty(top, dtype=np.int64)
    first = np.empty(1024, dtype=np.int64)
    second = np.empty(1024, dtype=np.int64)
    shared = np.empty(1024, dtype=np.int64)
    used = 0
    for a in range(top):
        met = 0
        for g in range(bounds[a], bounds[a + 1]):
            k = np.int64(where[g]) + 1
            b = cells[k]
            while b >= 0:
                if b != a:
                    if count[b] == 0:
                        touched[met] = b
                        met += 1
                    count[b] += 1
                k += 1
                b = cells[k]
        for t in range(met):
            b = touched[t]
            c = count[b]
            count[b] = 0
            if c < min_shared or c < min_share * min(sampled[a], sampled[b]):
                continue
            if used == first.size:
                first = np.concatenate((first, np.empty(first.size, dtype=np.int64)))
                second = np.concatenate((second, np.empty(second.size, dtype=np.int64)))
                shared = np.concatenate((shared, np.empty(shared.size, dtype=np.int64)))
            first[used], second[used], shared[used] = min(a, b), max(a, b), c
            used += 1
    return first[:used], second[:used], shared[:used]


def count_pairs(
    cells: np.ndarray, is_new: np.ndarray, sampled: np.ndarray, min_shared: int, min_share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, shared samples) of the pairs, a < b, that touch a new document and share at
    least `min_shared` samples, making at least `min_share` of the smaller one's samples."""
    bounds = _posting_bounds(cells, is_new)
    small = cells.size < np.iinfo(np.uint32).max  # then 4 bytes a posting are enough
    where = np.empty(int(bounds[-1]), dtype=np.uint32 if small else np.int64)
    _fill_postings(cells, is_new, bounds, where)
    return _count_pairs(cells, is_new, bounds, where, sampled, min_shared, min_share)  # type: ignore[no-any-return]


def warm() -> None:
    """Load the compiled candidate and verification loops now (see
    `wiretrace.sketch.kernels.warm`)."""
    is_new = np.ones(3, dtype=np.bool_)
    hashes, docs = sorted_by_hash(np.array([3, 1, 3], np.uint64), np.array([0, 1, 2], np.int32))
    cells = slice_cells(hashes, docs, is_new, 10)
    count_pairs(cells, is_new, np.ones(3, dtype=np.int64), 1, 0.2)
    kernels.warm()


def hash_ranges(total: int) -> list[tuple[int | None, int | None]]:
    """The ranges [low, high) of hash values (None: unbounded) in which a sample table of
    `total` rows is read, each about SLICE_ROWS rows: equal ranges of the 64-bit values."""
    slices = max(1, -(-total // SLICE_ROWS))
    if slices == 1:
        return [(None, None)]
    return [
        ((part << 64) // slices, ((part + 1) << 64) // slices if part + 1 < slices else None)
        for part in range(slices)
    ]


def candidate_arrays(
    sampled: np.ndarray,
    new: Iterable[int] | np.ndarray,
    slices: Iterable[tuple[np.ndarray, np.ndarray]],
    sketch: SketchConfig,
    match: MatchConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, shared samples) arrays, sorted by (a, b), for every pair touching a new document.

    The inputs are tables of the store, by document key: `sampled`, each document's number of
    samples (indexed by key); `new`, the keys of the new documents; `slices`, the sample
    table's (hashes, keys) a range of hash values at a time (see `hash_ranges`; a hash's
    rows all in one slice), read one by one so that memory holds one slice.

    A pair is a candidate when its documents share at least `min_shared_samples` samples and
    that many make at least `min_sample_share` of the smaller document's samples: an estimate
    of containment, from which exact verification then decides.
    """
    is_new = np.zeros(sampled.size, dtype=np.bool_)
    fresh = np.asarray(list(new) if not isinstance(new, np.ndarray) else new, dtype=np.int64)
    is_new[fresh[fresh < sampled.size]] = True
    cells = np.zeros(0, dtype=np.int32)
    for hashes, docs in slices:
        hashes, docs = sorted_by_hash(hashes, docs)  # the unsorted rows are let go
        found = slice_cells(hashes, docs, is_new, sketch.max_doc_freq)
        del hashes, docs
        at = cells.size
        cells.resize(at + found.size, refcheck=False)  # grown in place where it can be
        cells[at:] = found
    a, b, shared = count_pairs(
        cells, is_new, sampled, match.min_shared_samples, match.min_sample_share
    )
    order = np.lexsort((b, a))
    return a[order], b[order], shared[order]


def candidate_pairs(
    sampled: np.ndarray,
    new: Iterable[int] | np.ndarray,
    slices: Iterable[tuple[np.ndarray, np.ndarray]],
    sketch: SketchConfig,
    match: MatchConfig,
) -> list[tuple[int, int, int]]:
    """`candidate_arrays` as a list of (a, b, shared samples)."""
    a, b, shared = candidate_arrays(sampled, new, slices, sketch, match)
    return list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True))
