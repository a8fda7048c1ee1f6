"""Fast story features: the cached piece path gives exactly the rows of the plain analysis."""

from __future__ import annotations

import random

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


QUANTITIES = [
    StoryUnit("q1", "450\nMW", "3.5 km, 1,200kg 2025 2025km 0001999 7 x 12.5.6 a1 .5 ,7 3,", None),
    StoryUnit(
        "q2", "12 the 12 an", "12 kmé 12km\u00a0 12\u00a0kw 12\u2009mhz 12 abcd 12abc_", None
    ),
    StoryUnit(
        "q3", "é12 ٣4 12٣ 44 ３３", "digits that are not ASCII leave the unit to the pattern", None
    ),
    StoryUnit("q4", "𝐀12 12 km𝐀 12 km😀", "code points beyond the tables next to a figure", None),
    StoryUnit("q5", "😀12 mw 12😀", "\udc80 12 \udc80x 99 ’12 12’s", None),
]


def test_quantities_of_the_compiled_scan_equal_the_pattern() -> None:
    """Figures, units, stop words, years and non-ASCII neighbours as `numbers` reads them."""
    assert np.array_equal(term_rows(QUANTITIES).toarray(), plain_rows(QUANTITIES))


def test_random_texts_give_the_rows_of_the_plain_analysis() -> None:
    """Random mixes of digits, separators, letters and awkward code points."""
    alphabet = [
        *"0123456789.,.,  \n\t-_'’aAbBkKmMwWzZ$%",
        "\u00a0", "é", "٣", "３", "𝐀", "😀", "\u2009", "ß", "İ", "\udc80", "²", "mw", "the", "1999",
    ]  # fmt: skip
    rng = random.Random(6)
    units = [
        StoryUnit(
            str(k),
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))),
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))),
            None,
        )
        for k in range(300)
    ]
    assert np.array_equal(term_rows(units).toarray(), plain_rows(units))


def test_tables_grow_and_start_afresh_without_changing_rows() -> None:
    """Units with more new pieces than the tables hold, and a cache limit reached often."""
    from wiretrace.stories import features

    rng = random.Random(7)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9)) for _ in range(60000)
    ]
    units = [StoryUnit(str(k), "", " ".join(words[k::3]), None) for k in range(3)]
    pairs = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"]
    units.append(StoryUnit("dense", "", " ".join(pairs), None))  # more pieces than usual
    units += TRICKY + QUANTITIES
    assert np.array_equal(term_rows(units).toarray(), plain_rows(units))
    saved = features.CHUNK, features.CACHE_LIMIT
    try:
        features.CHUNK, features.CACHE_LIMIT = 2, 10
        assert np.array_equal(term_rows(units).toarray(), plain_rows(units))
    finally:
        features.CHUNK, features.CACHE_LIMIT = saved


def test_stop_words_are_sklearn_s_read_without_importing_it() -> None:
    """The stop words are scikit-learn's own list, and loading the engine (as every run does
    before its clock starts) imports no scikit-learn."""
    import subprocess
    import sys

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

    from wiretrace.stories.features import ENGLISH_STOP_WORDS

    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS and len(ENGLISH_STOP_WORDS) > 300
    probe = (
        "import sys, wiretrace.engines.local; "
        "print(any(m.startswith('sklearn') for m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "False"
