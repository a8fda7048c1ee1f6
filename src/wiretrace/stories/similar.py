"""The nearest earlier units of each new unit, by damped TF-IDF cosine, in compiled loops.

Similarities come from inverted indexes of the unit vectors (per term, the units that have it,
as their places in date order), one over the units already in the story index and one over the
new units: a dated unit walks only the postings within reach in time (and the undated ones),
and no block of all-pairs similarities is ever materialised. Among the new units each pair is
summed once, by the later of the two in date order, then handed to the later of the two in
unit order, which keeps it or not. Sums are float32, term by term in column order, as SciPy's
sparse product makes them: the cosines, and so the edges, are those of `vectors @ vectors.T`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy import sparse

UNDATED = np.inf  # the day of a unit without a date: it sorts after every dated one
ROWS_PER_TASK = 1024  # new units per task on a thread


@dataclass(frozen=True)
class Postings:
    """An inverted index over some units: per term, their places in date order, ascending."""

    start: np.ndarray  # int64 per term: where its postings begin (length terms + 1)
    place: np.ndarray  # int32 place of each posting's unit in `day`
    weight: np.ndarray  # float32 weight of the term in that unit
    day: np.ndarray  # float64 day at each place, ascending (UNDATED last)
    unit: np.ndarray  # int64 unit number at each place
    undated: int  # the first place of an undated unit
    slot: np.ndarray  # per entry of the vectors (of these units): where its posting is


def postings_of(
    vectors: sparse.csr_matrix, days: np.ndarray, units: np.ndarray, slots: bool = False
) -> Postings:
    """The inverted index of the given units (numbers into vectors and days); with `slots`,
    where each entry's posting is."""
    day = np.where(np.isnan(days[units]), UNDATED, days[units])
    order = np.lexsort((units, day))  # by day, then by unit number
    start, place, weight, slot = transpose(vectors, units[order], slots)
    day = day[order]
    return Postings(
        start=start,
        place=place,
        weight=weight,
        day=day,
        unit=units[order].astype(np.int64),
        undated=int(np.searchsorted(day, UNDATED)),
        slot=slot,
    )


def transpose(
    vectors: sparse.csr_matrix, units: np.ndarray, slots: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Postings of the given units, in that order: per term (from `start`), the places (in
    `units`) of the units that have it, ascending, with its weight there; with `slots`, for
    each entry of the vectors (of these units), the position of its posting (else none). In
    one compiled pass, with no copy of the vectors on the way."""
    kind = np.int32 if vectors.nnz < 2**31 else np.int64
    return _transpose(  # type: ignore[no-any-return]
        vectors.indptr, vectors.indices, vectors.data, units.astype(np.int64),
        vectors.shape[1], kind(0), slots,
    )  # fmt: skip


@njit(cache=True)
def _transpose(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, units: np.ndarray, terms: int,
    kind: np.integer, slots: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """`transpose` (a counting sort of the units' entries by term)."""
    start = np.zeros(terms + 1, dtype=np.int64)
    for p in range(len(units)):
        for k in range(indptr[units[p]], indptr[units[p] + 1]):
            start[indices[k] + 1] += 1
    for t in range(terms):
        start[t + 1] += start[t]
    fill = start[:-1].copy()
    place = np.empty(start[terms], dtype=np.int32)
    weight = np.empty(start[terms], dtype=np.float32)
    slot = np.full(len(indices) if slots else 0, -1, dtype=type(kind))
    for p in range(len(units)):
        for k in range(indptr[units[p]], indptr[units[p] + 1]):
            q = fill[indices[k]]
            fill[indices[k]] = q + 1
            place[q], weight[q] = p, data[k]
            if slots:
                slot[k] = q
    return start, place, weight, slot


@dataclass(frozen=True)
class Linking:
    """How units link: the floor an edge needs, the damping, how many weak edges a unit keeps."""

    floor: float  # damped cosine an edge needs
    threshold: float  # edges at or above it are all kept
    limit: float  # days apart beyond which the cosine is damped by limit / gap
    neighbours: int  # edges a unit keeps at least, most similar first
    horizon: float = np.inf  # days apart beyond which units are not compared at all

    @property
    def reach(self) -> float:
        """Days apart beyond which units are not compared: the horizon, or sooner where no
        cosine (at most 1, a little more in float32) can reach the floor once damped."""
        return min(1.01 * self.limit / self.floor, self.horizon)


def nearest_earlier(
    vectors: sparse.csr_matrix,
    days: np.ndarray,
    start: int,
    linking: Linking,
    advance: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (unit, earlier unit, damped cosine) of the units start.. to earlier units, by unit
    then most similar first.

    A unit keeps each earlier unit whose cosine, damped by `limit / gap` beyond `limit` days,
    is at least the floor: all those at or above the threshold, and the `neighbours` most
    similar ones in all. `advance` is told of each task's units as they are done."""
    found = _searched(vectors, days, start, linking, advance)
    # units as int32 until the end, and each task's part let go once joined: at 10^6 pages
    # tens of millions of edges pass through here
    keeper = _joined(found, 0)
    other = _joined(found, 1)
    sims = _joined(found, 2)
    found.clear()
    unit, earlier, sims = _select(keeper, other, sims, linking.threshold, linking.neighbours)
    del keeper, other
    return unit.astype(np.int64), earlier.astype(np.int64), sims


def _searched(
    vectors: sparse.csr_matrix,
    days: np.ndarray,
    start: int,
    linking: Linking,
    advance: Callable[[int], None] | None,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each task's pruned pairs (`nearest_earlier`), from inverted indexes that are let go
    on return (they are the largest arrays of the search)."""
    vectors = vectors.tocsr()
    vectors.sort_indices()
    n = vectors.shape[0]
    old = postings_of(vectors, days, np.arange(start, dtype=np.int64))
    new = postings_of(vectors, days, np.arange(start, n, dtype=np.int64), slots=True)
    tasks = [(k, min(k + ROWS_PER_TASK, n - start)) for k in range(0, n - start, ROWS_PER_TASK)]
    indptr, indices, data = vectors.indptr, vectors.indices, vectors.data
    days = days.astype(np.float64)

    def pairs(task: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs summed by the new units at places task[0]..task[1], pruned (reads only)."""
        found = _pairs(
            task[0], task[1], indptr, indices, data, days, old.start, old.place, old.weight,
            old.day, old.unit, old.undated, new.start, new.place, new.weight, new.day,
            new.unit, new.undated, new.slot, linking.reach, linking.floor, linking.limit,
        )  # fmt: skip
        return _select(*found, linking.threshold, linking.neighbours)

    # the compiled loops let go of the interpreter lock: tasks run on all cores
    found = []
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
        for task, result in zip(tasks, pool.map(pairs, tasks), strict=True):
            found.append(result)
            if advance is not None:
                advance(task[1] - task[0])
    return found


def _joined(parts: list[tuple[np.ndarray, ...]], column: int) -> np.ndarray:
    """One column of the tasks' results joined, each task's part let go once copied."""
    if not parts:
        return np.zeros(0, dtype=np.float64 if column == 2 else np.int32)
    joined = np.concatenate([part[column] for part in parts])
    for k, part in enumerate(parts):
        parts[k] = tuple(None if c == column else a for c, a in enumerate(part))  # type: ignore[misc]
    return joined


@njit(cache=True, nogil=True)
def _select(
    keeper: np.ndarray, other: np.ndarray, sims: np.ndarray, threshold: float, neighbours: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs each keeper keeps, by keeper then most similar first (then earliest): all at
    or above the threshold and `neighbours` in all. Pruning a subset of a keeper's pairs first
    loses nothing: a pair outside a subset's selection is outside the whole one's."""
    by_keeper = np.argsort(keeper, kind="mergesort")
    kept = np.zeros(len(keeper), dtype=np.bool_)  # first which pairs, then only those copied
    size = 0
    a = 0
    while a < len(by_keeper):
        b = a
        while b < len(by_keeper) and keeper[by_keeper[b]] == keeper[by_keeper[a]]:
            b += 1
        group = by_keeper[a:b]
        group = group[np.argsort(other[group], kind="mergesort")]
        group = group[np.argsort(-sims[group], kind="mergesort")]
        for rank in range(b - a):
            e = group[rank]
            if rank < neighbours or sims[e] >= threshold:
                kept[e] = True
                by_keeper[a + rank] = e  # the group's order, by similarity
                size += 1
            else:
                by_keeper[a + rank] = -1
        a = b
    k_out = np.empty(size, dtype=keeper.dtype)
    o_out = np.empty(size, dtype=other.dtype)
    s_out = np.empty(size, dtype=np.float64)
    size = 0
    for e in by_keeper:
        if e >= 0:
            k_out[size], o_out[size], s_out[size] = keeper[e], other[e], sims[e]
            size += 1
    return k_out, o_out, s_out


@njit(cache=True, nogil=True)
def _first_at_least(values: np.ndarray, first: int, end: int, bound: float) -> int:
    """The first index in first..end whose value is at least bound (values ascend there)."""
    while first < end:
        mid = (first + end) // 2
        if values[mid] < bound:
            first = mid + 1
        else:
            end = mid
    return first


@njit(cache=True, nogil=True)
def _add(
    acc: np.ndarray, start: np.ndarray, place: np.ndarray, weight: np.ndarray,
    term: int, spans: tuple[int, int, int, int], x: np.float32,
) -> None:  # fmt: skip
    """Add x * weight to the sums at the places of the term's postings in two place spans."""
    first, end = start[term], start[term + 1]
    for a, b in ((spans[0], spans[1]), (spans[2], spans[3])):
        if a < b:
            lo = _first_at_least(place, first, end, a)
            for p in range(lo, _first_at_least(place, lo, end, b)):
                acc[place[p]] += x * weight[p]


@njit(cache=True, nogil=True)
def _gallop_back(values: np.ndarray, first: int, end: int, bound: float) -> int:
    """The first index in first..end whose value is at least bound (values ascend there),
    searched from the end in growing steps: cheap when few are."""
    step = 1
    while end - step >= first and values[end - step] >= bound:
        end -= step
        step *= 2
    return _first_at_least(values, max(first, end - step), end, bound)


@njit(cache=True, nogil=True)
def _add_earlier(
    acc: np.ndarray, start: np.ndarray, place: np.ndarray, weight: np.ndarray, term: int,
    own: int, lowest: int, x: np.float32,
) -> None:  # fmt: skip
    """Add x * weight to the sums at the places of the term's postings from place `lowest`
    up to the unit's own posting (`own`), found back from it."""
    for p in range(_gallop_back(place, start[term], own, lowest), own):
        acc[place[p]] += x * weight[p]


@njit(cache=True, nogil=True)
def _window(day: float, day_at: np.ndarray, undated: int, reach: float) -> tuple[int, int]:
    """The dated places within reach of a day (all dated places for an undated unit)."""
    if np.isnan(day):
        return 0, undated
    a = _first_at_least(day_at, 0, undated, day - reach)
    return a, _first_at_least(day_at, a, undated, np.nextafter(day + reach, np.inf))


@njit(cache=True, nogil=True)
def _pairs(
    first: int, end: int, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
    days: np.ndarray, o_start: np.ndarray, o_place: np.ndarray, o_weight: np.ndarray,
    o_day: np.ndarray, o_unit: np.ndarray, o_undated: int, n_start: np.ndarray,
    n_place: np.ndarray, n_weight: np.ndarray, n_day: np.ndarray, n_unit: np.ndarray,
    n_undated: int, slot: np.ndarray, reach: float, floor: float, limit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """(later unit, earlier unit, damped cosine) of the pairs at or above the floor that the
    new units at places first..end sum: with every old unit within reach, and with the new
    units before them in date order. Sums go to dense float32 arrays by place, which are then
    swept over the same spans (cheaper than tracking touched places in the inner loop)."""
    acc_old = np.zeros(len(o_day), dtype=np.float32)
    acc_new = np.zeros(len(n_day), dtype=np.float32)
    floor32 = np.float32(floor)
    keeper = np.empty(1024, dtype=np.int32)
    other = np.empty(1024, dtype=np.int32)
    sims = np.empty(1024, dtype=np.float64)
    size = 0
    for here in range(first, end):
        i = n_unit[here]
        day = days[i]
        a, b = _window(day, o_day, o_undated, reach)
        spans_old = (a, b, o_undated, len(o_day))
        a, b = _window(day, n_day, n_undated, reach)
        spans_new = (a, here, here, here) if here < n_undated else (0, here, here, here)
        for k in range(indptr[i], indptr[i + 1]):
            _add(acc_old, o_start, o_place, o_weight, indices[k], spans_old, data[k])
            _add_earlier(
                acc_new, n_start, n_place, n_weight, indices[k], slot[k], spans_new[0],
                data[k],
            )  # fmt: skip
        for acc, unit_at, spans in ((acc_old, o_unit, spans_old), (acc_new, n_unit, spans_new)):
            for lo, hi in ((spans[0], spans[1]), (spans[2], spans[3])):
                for q in range(lo, hi):
                    raw = acc[q]
                    if raw == 0:
                        continue
                    acc[q] = 0
                    if raw < floor32:
                        continue
                    j = unit_at[q]
                    sim = np.float64(raw)
                    gap = abs(day - days[j])
                    if gap > limit:
                        sim *= limit / gap
                    if sim >= floor:
                        if size == len(keeper):
                            keeper, other, sims = _grown(keeper, other, sims)
                        keeper[size], other[size], sims[size] = max(i, j), min(i, j), sim
                        size += 1
    return keeper[:size].copy(), other[:size].copy(), sims[:size].copy()


@njit(cache=True, nogil=True)
def _grown(
    keeper: np.ndarray, other: np.ndarray, sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The output buffers, twice as large."""
    size = 2 * len(keeper)
    k, o, s = np.empty(size, np.int32), np.empty(size, np.int32), np.empty(size, np.float64)
    k[: len(keeper)], o[: len(keeper)], s[: len(keeper)] = keeper, other, sims
    return k, o, s
