"""Candidate pairs: documents that share enough sampled shingles, counted in compiled loops.

The sample table is read in slices by hash (high bits modulo the number of slices), so
memory stays bounded however large the store grows. Within a slice, rows are ordered by hash
(a bucket pass on the top bits, then small sorts), and each run of equal hashes is a posting
list: a hash in one document pairs nothing, one in more than `max_df` documents is a stock
phrase. Each new document then counts, over its postings, the documents it meets, in a dense
counter array: no pair list is materialised or sorted. Counts from several slices add up.
"""

from __future__ import annotations

import duckdb
import numpy as np
from numba import njit

from wiretrace.config import MatchConfig, SketchConfig
from wiretrace.match import kernels

SLICE_ROWS = 32_000_000  # sample rows read at once (about 400 MB with their sort order)


@njit(cache=True)
def sorted_by_hash(hashes, docs):  # type: ignore[no-untyped-def]
    """Hashes and their documents sorted by hash: a bucket pass on the top bits (about 64
    rows a bucket), then an insertion sort inside each bucket, in place."""
    n = hashes.size
    bits = 1
    while (n >> bits) > 64 and bits < 24:
        bits += 1
    shift = np.uint64(64 - bits)
    buckets = 1 << bits
    starts = np.zeros(buckets + 1, dtype=np.int64)
    for i in range(n):
        starts[(hashes[i] >> shift) + np.uint64(1)] += 1
    for b in range(buckets):
        starts[b + 1] += starts[b]
    out_h = np.empty(n, dtype=np.uint64)
    out_d = np.empty(n, dtype=np.int64)
    fill = starts.copy()
    for i in range(n):
        b = hashes[i] >> shift
        out_h[fill[b]] = hashes[i]
        out_d[fill[b]] = docs[i]
        fill[b] += 1
    for b in range(buckets):
        for i in range(starts[b] + 1, starts[b + 1]):
            h, d = out_h[i], out_d[i]
            j = i - 1
            while j >= starts[b] and out_h[j] > h:
                out_h[j + 1], out_d[j + 1] = out_h[j], out_d[j]
                j -= 1
            out_h[j + 1], out_d[j + 1] = h, d
    return out_h, out_d


@njit(cache=True)
def _pairs(hashes, docs, is_new, max_df, min_keep):  # type: ignore[no-untyped-def]
    """Pair keys (a << 32 | b, a < b) touching a new document, with their shared samples.

    Runs of equal hashes in 2..max_df documents are the postings; each new document counts,
    over its postings, the documents it meets (a pair of two new documents is counted from
    its lower side only). Pairs met fewer than `min_keep` times are left out.
    """
    n = hashes.size
    sorted_h, posting = sorted_by_hash(hashes, docs)
    top = is_new.size
    run_end = np.zeros(n + 1, dtype=np.int64)
    run_starts = np.empty(n // 2 + 1, dtype=np.int64)  # starts of the runs that are postings
    listed = 0
    per_doc = np.zeros(top + 1, dtype=np.int64)  # postings of each new document (counting sort)
    i = 0
    while i < n:
        j = i + 1
        while j < n and sorted_h[j] == sorted_h[i]:
            j += 1
        if 2 <= j - i <= max_df:
            run_end[i] = j
            run_starts[listed] = i
            listed += 1
            for k in range(i, j):
                if is_new[posting[k]]:
                    per_doc[posting[k] + 1] += 1
        i = j
    for d in range(top):
        per_doc[d + 1] += per_doc[d]
    runs = np.empty(per_doc[top], dtype=np.int64)
    fill = per_doc[:-1].copy()
    for r in range(listed):
        i = run_starts[r]
        for k in range(i, run_end[i]):
            if is_new[posting[k]]:
                runs[fill[posting[k]]] = i
                fill[posting[k]] += 1
    count = np.zeros(top, dtype=np.int64)
    touched = np.empty(top, dtype=np.int64)
    keys = np.empty(1024, dtype=np.uint64)
    shared = np.empty(1024, dtype=np.int64)
    used = 0
    for a in range(top):
        met = 0
        for g in range(per_doc[a], per_doc[a + 1]):
            first = runs[g]
            for k in range(first, run_end[first]):
                b = posting[k]
                if b == a or (is_new[b] and b < a):
                    continue
                if count[b] == 0:
                    touched[met] = b
                    met += 1
                count[b] += 1
        for t in range(met):
            b = touched[t]
            if count[b] >= min_keep:
                if used == keys.size:
                    keys = np.concatenate((keys, np.empty(keys.size, dtype=np.uint64)))
                    shared = np.concatenate((shared, np.empty(shared.size, dtype=np.int64)))
                lo, hi = min(a, b), max(a, b)
                keys[used] = (np.uint64(lo) << np.uint64(32)) | np.uint64(hi)
                shared[used] = count[b]
                used += 1
            count[b] = 0
    return keys[:used], shared[:used]


def warm() -> None:
    """Load the compiled candidate and verification loops now (see
    `wiretrace.sketch.kernels.warm`)."""
    hashes = np.array([3, 1, 3], dtype=np.uint64)
    _pairs(hashes, np.array([0, 1, 2], dtype=np.int64), np.ones(3, dtype=np.bool_), 10, 1)
    kernels.warm()


def _merge(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Counted keys from several slices as one counted set, sorted by key."""
    keys = np.concatenate([k for k, _ in parts])
    counts = np.concatenate([c for _, c in parts])
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    if keys.size == 0:
        return keys, counts
    first = np.flatnonzero(np.diff(keys, prepend=~keys[0]))
    return keys[first], np.add.reduceat(counts, first)


def _slice_pairs(
    con: duckdb.DuckDBPyConnection,
    slices: int,
    part: int,
    is_new: np.ndarray,
    sketch: SketchConfig,
    match: MatchConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """Counted pair keys of the samples whose hash falls in one slice."""
    if slices == 1:
        rows = con.execute("SELECT doc, h FROM samples").fetchnumpy()
    else:
        where = "WHERE (h >> 32) % $n = $p"
        rows = con.execute(f"SELECT doc, h FROM samples {where}", {"n": slices, "p": part})
        rows = rows.fetchnumpy()
    hashes = np.ascontiguousarray(rows["h"], dtype=np.uint64)
    docs = np.ascontiguousarray(rows["doc"], dtype=np.int64)
    min_keep = match.min_shared_samples if slices == 1 else 1  # counts of slices add up
    return _pairs(hashes, docs, is_new, sketch.max_doc_freq, min_keep)


def candidate_arrays(
    con: duckdb.DuckDBPyConnection, sketch: SketchConfig, match: MatchConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, shared samples) arrays, sorted by (a, b), for every pair touching a document in
    table `new_docs`.

    A pair is a candidate when its documents share at least `min_shared_samples` samples and
    that many make at least `min_sample_share` of the smaller document's samples: an estimate
    of containment, from which exact verification then decides.
    """
    ((top, total),) = con.execute(
        "SELECT coalesce(max(key), 0), (SELECT count(*) FROM samples) FROM documents"
    ).fetchall()
    sampled = np.zeros(top + 1, dtype=np.int64)
    is_new = np.zeros(top + 1, dtype=np.bool_)
    known = con.execute("SELECT key, sampled FROM documents").fetchnumpy()
    sampled[known["key"]] = known["sampled"]
    fresh = con.execute("SELECT doc FROM new_docs WHERE doc <= $top", {"top": top}).fetchnumpy()
    is_new[fresh["doc"]] = True
    slices = max(1, -(-total // SLICE_ROWS))
    counted = [_slice_pairs(con, slices, p, is_new, sketch, match) for p in range(slices)]
    keys, shared = _merge(counted)
    a = (keys >> np.uint64(32)).astype(np.int64)
    b = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    smaller = np.minimum(sampled[a], sampled[b])
    keep = (shared >= match.min_shared_samples) & (shared >= match.min_sample_share * smaller)
    return a[keep], b[keep], shared[keep]


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, sketch: SketchConfig, match: MatchConfig
) -> list[tuple[int, int, int]]:
    """`candidate_arrays` as a list of (a, b, shared samples)."""
    a, b, shared = candidate_arrays(con, sketch, match)
    return list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True))
