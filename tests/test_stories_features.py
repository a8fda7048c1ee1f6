"""Fast story features: the cached piece path gives exactly the rows of the plain analysis."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction import FeatureHasher

from wiretrace.stories.features import HASH_FEATURES, StoryUnit, term_rows, unit_terms

TRICKY = [
    StoryUnit("a", "Floods flooded – “Quoted” 3-year covid-19", "abc123def 123abc don’t", None),
    StoryUnit("b", "Trump’s naïve café", "a—b x12.5 12.5km 3,000 450 MW 1999 $12.4bn ’tis", None),
    StoryUnit("c", "-dash- under_score ÉCOLE", "Ferries ferried\u00a0ferrying, 7 km", None),
    StoryUnit("d", "", "", None),
    StoryUnit("e", "Floods", "FLOODS floods flood's", "2025-01-01"),
]


def plain_rows(units: list[StoryUnit]) -> np.ndarray:
    """Presence rows through the slow path: term sets hashed by sklearn's FeatureHasher."""
    hasher = FeatureHasher(n_features=HASH_FEATURES, input_type="dict", alternate_sign=False)
    matrix = hasher.transform([dict.fromkeys(unit_terms(u), 1.0) for u in units]).tocsr()
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix.toarray()


def test_fast_rows_equal_the_plain_analysis() -> None:
    rows = term_rows(TRICKY)
    assert rows.dtype == np.float32
    assert np.array_equal(rows.toarray(), plain_rows(TRICKY))
    assert np.array_equal(term_rows(TRICKY).toarray(), rows.toarray())  # cached the same


def test_rows_are_presence_and_chunked_alike() -> None:
    from wiretrace.stories import features

    many = TRICKY * 5
    whole = term_rows(many)
    assert set(whole.data.tolist()) == {1.0}
    saved = features.CHUNK
    try:
        features.CHUNK = 3
        assert (term_rows(many) != whole).nnz == 0
    finally:
        features.CHUNK = saved
    assert term_rows([]).shape == (0, HASH_FEATURES)


def test_rows_from_worker_processes_equal_rows_from_one() -> None:
    """Chunks analysed in worker processes give the rows one process gives."""
    from wiretrace.stories import features

    many = TRICKY * 5
    whole = term_rows(many)
    saved = features.CHUNK, features.PARALLEL_FROM
    try:
        features.CHUNK, features.PARALLEL_FROM = 3, 6
        assert (term_rows(many) != whole).nnz == 0
    finally:
        features.CHUNK, features.PARALLEL_FROM = saved
