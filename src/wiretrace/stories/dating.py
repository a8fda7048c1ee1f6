"""Undated units placed in time: by the earlier dated unit they share their rarest terms with.

Time is half of what makes an event: two articles a year apart with the same words are two
stories. A unit without a date cannot be damped by time, so it would have to be compared with
every unit of the index, undamped: on AllSides, a tenth of the units and three quarters of the
similarity work. Instead it takes the day of the earlier dated unit it is most similar to,
provided that cosine reaches a floor (the one an edge needs, at most `index.PLACE_FLOOR`), among
the `CANDIDATES` that score best on its `RARE_TERMS` heaviest (rarest) terms that some dated
unit has; it is then compared as a dated unit would be. A unit that shares too little with
any earlier dated unit stays undated and is compared with every unit, as before.

Only earlier units (in unit order) and the unit itself decide its day, so a growing index and
a batch run over the same units place it on the same day.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit
from scipy import sparse

from wiretrace.stories.similar import transpose

RARE_TERMS = 32  # heaviest terms of an undated unit that look for earlier dated units
CANDIDATES = 8  # of those found, the best on these terms whose whole cosine is measured
UNITS_PER_TASK = 512  # undated units per task on a thread


def placed_days(
    vectors: sparse.csr_matrix, dates: np.ndarray, start: int, floor: float
) -> np.ndarray:
    """The days of units start.. for the similarity search: their dates, and for an undated
    unit the day of the earlier dated unit its rarest terms find (NaN when none does)."""
    days = dates[start:].copy()
    undated = start + np.flatnonzero(np.isnan(days))
    dated = np.flatnonzero(~np.isnan(dates))
    if undated.size == 0 or dated.size == 0:
        return days
    vectors = vectors.tocsr()
    vectors.sort_indices()
    # postings by unit number, ascending
    t_start, t_place, t_weight, _ = transpose(vectors, dated)
    args = (vectors.indptr, vectors.indices, vectors.data, t_start, t_place, t_weight, dated)
    tasks = [undated[k : k + UNITS_PER_TASK] for k in range(0, undated.size, UNITS_PER_TASK)]

    def best(task: np.ndarray) -> np.ndarray:
        """The best earlier dated unit of each undated unit of the task (-1: none)."""
        return _best_dated(task.astype(np.int64), *args, RARE_TERMS, np.float32(floor))

    # the compiled loop lets go of the interpreter lock: tasks run on all cores
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
        found = np.concatenate(list(pool.map(best, tasks)))
    days[undated[found >= 0] - start] = dates[found[found >= 0]]
    return days


@njit(cache=True, nogil=True)
def _best_dated(
    units: np.ndarray, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
    t_start: np.ndarray, t_place: np.ndarray, t_weight: np.ndarray, dated: np.ndarray,
    rare: int, floor: np.float32,
) -> np.ndarray:  # fmt: skip
    """For each unit, the earlier dated unit (a number into the vectors) most similar to it
    (cosine at least the floor, earliest on ties) of the `CANDIDATES` that score best on the
    unit's `rare` heaviest terms that some dated unit has; -1 when there is none. Postings hold
    places in `dated`, ascending, so a walk stops at the unit itself."""
    acc = np.zeros(len(dated), dtype=np.float32)
    touched = np.empty(len(dated), dtype=np.int64)
    out = np.full(len(units), -1, dtype=np.int64)
    for k in range(len(units)):
        i = units[k]
        lo, hi = indptr[i], indptr[i + 1]
        weights = data[lo:hi].copy()
        for o in range(hi - lo):
            if t_start[indices[lo + o] + 1] == t_start[indices[lo + o]]:
                weights[o] = 0
        size = 0
        for o in np.argsort(-weights, kind="mergesort")[:rare]:
            if weights[o] == 0:
                break
            term, x = indices[lo + o], data[lo + o]
            for p in range(t_start[term], t_start[term + 1]):
                place = t_place[p]
                if dated[place] >= i:
                    break
                if acc[place] == 0:
                    touched[size] = place
                    size += 1
                acc[place] += x * t_weight[p]
        scores = np.empty(size, dtype=np.float32)
        for s in range(size):
            scores[s] = acc[touched[s]]
            acc[touched[s]] = 0
        best, top = -1, np.float32(0)
        for s in np.argsort(-scores, kind="mergesort")[:CANDIDATES]:
            j = dated[touched[s]]
            sim = _dot(indices, data, indptr[i], indptr[i + 1], indptr[j], indptr[j + 1])
            if sim >= floor and (best < 0 or sim > top or (sim == top and j < best)):
                best, top = j, sim
        out[k] = best
    return out


@njit(cache=True, nogil=True)
def _dot(indices: np.ndarray, data: np.ndarray, a: int, a_end: int, b: int, b_end: int) -> float:
    """The dot product of two rows with sorted columns (float32, in column order)."""
    total = np.float32(0)
    while a < a_end and b < b_end:
        if indices[a] < indices[b]:
            a += 1
        elif indices[a] > indices[b]:
            b += 1
        else:
            total += data[a] * data[b]
            a += 1
            b += 1
    return total
