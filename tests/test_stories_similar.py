"""The compiled nearest-earlier search against a dense all-pairs reference."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from conftest import random_unit_vectors
from wiretrace.stories.similar import Linking, nearest_earlier

LINKING = Linking(floor=0.07, threshold=0.14, limit=10.0, neighbours=3)


def corpus(n: int, seed: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit-length random rows over a small vocabulary, and days with some unknown."""
    return random_unit_vectors(n, 60, 0.15, seed, 0.15)


def reference(
    vectors: sparse.csr_matrix, days: np.ndarray, start: int, linking: Linking = LINKING
) -> dict:
    """Every unit's kept edges, {(unit, earlier): cosine}, from dense float64 cosines."""
    dense = vectors.toarray().astype(np.float64)
    kept = {}
    for i in range(start, len(days)):
        found = []
        for j in range(i):
            sim = float(dense[i] @ dense[j])
            gap = abs(days[i] - days[j])
            if gap > linking.horizon:  # NaN: no horizon
                continue
            if gap > linking.limit:  # NaN: no damping
                sim *= linking.limit / gap
            if sim >= linking.floor:
                found.append((-sim, j))
        for rank, (neg, j) in enumerate(sorted(found)):
            if rank < linking.neighbours or -neg >= linking.threshold:
                kept[i, j] = -neg
    return kept


@pytest.mark.parametrize(("seed", "start"), [(1, 0), (2, 0), (3, 70), (4, 150)])
def test_edges_match_dense_reference(seed: int, start: int) -> None:
    """The same edges as comparing every unit with every earlier one, dates and all."""
    vectors, days = corpus(200, seed)
    rows, cols, sims = nearest_earlier(vectors, days, start, LINKING)
    found = {(int(i), int(j)): float(s) for i, j, s in zip(rows, cols, sims, strict=True)}
    expected = reference(vectors, days, start)
    assert found.keys() == expected.keys()
    assert all(abs(found[k] - expected[k]) < 1e-6 for k in found)  # float32 sums
    assert len(found) > 50


def test_growing_equals_batch() -> None:
    """Edges of units added in two steps are the edges of one batch, bit for bit."""
    vectors, days = corpus(300, 5)
    batch = nearest_earlier(vectors, days, 0, LINKING)
    first = nearest_earlier(vectors[:120], days[:120], 0, LINKING)
    second = nearest_earlier(vectors, days, 120, LINKING)
    for whole, a, b in zip(batch, first, second, strict=True):
        assert np.array_equal(whole, np.concatenate([a, b]))


def test_no_new_units() -> None:
    """Nothing new, nothing found."""
    vectors, days = corpus(20, 6)
    rows, cols, sims = nearest_earlier(vectors, days, 20, LINKING)
    assert len(rows) == len(cols) == len(sims) == 0


def test_no_pair_beyond_the_horizon() -> None:
    """Units further apart than the horizon are never compared; nearer ones as before."""
    linking = Linking(floor=0.07, threshold=0.14, limit=10.0, neighbours=3, horizon=25.0)
    vectors, days = corpus(200, 8)
    rows, cols, sims = nearest_earlier(vectors, days, 0, linking)
    found = {(int(i), int(j)): float(s) for i, j, s in zip(rows, cols, sims, strict=True)}
    expected = reference(vectors, days, 0, linking)
    assert found.keys() == expected.keys()
    gaps = np.abs(days[rows] - days[cols])
    assert not (gaps > 25).any()
    assert len(found) < len(reference(vectors, days, 0)) and len(found) > 20
