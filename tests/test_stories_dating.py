"""Undated units placed in time by the earlier dated unit they are most like."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from conftest import random_unit_vectors
from wiretrace.stories import StoryIndex, StoryUnit
from wiretrace.stories.dating import CANDIDATES, RARE_TERMS, placed_days

FLOOR = 0.07


def corpus(n: int, seed: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit-length random rows over a vocabulary of rare and common terms, some undated."""
    vectors, dates = random_unit_vectors(n, 400, 0.06, seed, 0.3)
    dates[0] = np.nan  # no earlier unit to take a day from
    return vectors, dates


def reference(vectors: sparse.csr_matrix, dates: np.ndarray) -> np.ndarray:
    """The placement rule, written plainly over dense rows."""
    dense = vectors.toarray()
    dated = ~np.isnan(dates)
    days = dates.copy()
    for i in np.flatnonzero(~dated):
        earlier = np.flatnonzero(dated[:i])
        row = dense[i].copy()
        row[~(dense[dated] > 0).any(axis=0)] = 0  # terms no dated unit has
        rare = [t for t in np.argsort(-row, kind="stable")[:RARE_TERMS] if row[t] > 0]
        partial = (dense[earlier][:, rare] * row[rare]).sum(axis=1)
        hit = partial > 0
        ranked = earlier[hit][np.argsort(-partial[hit], kind="stable")][:CANDIDATES]
        sims = [(float(dense[i] @ dense[j]), -j) for j in ranked]
        best = max((s for s in sims if s[0] >= FLOOR), default=None)
        if best is not None:
            days[i] = dates[-best[1]]
    return days


def test_placement_follows_the_rule() -> None:
    """Each undated unit gets the day of the unit the plain rule picks, or stays undated."""
    for seed in (1, 2, 3):
        vectors, dates = corpus(150, seed)
        days = placed_days(vectors, dates, 0, FLOOR)
        expected = reference(vectors, dates)
        assert np.array_equal(days, expected, equal_nan=True)
        assert np.isnan(days[0]) and np.isnan(days).sum() < np.isnan(dates).sum() - 20


def test_only_earlier_units_decide() -> None:
    """Placing units start.. gives the days a batch gives them: later units play no part."""
    vectors, dates = corpus(200, 4)
    batch = placed_days(vectors, dates, 0, FLOOR)
    assert np.array_equal(placed_days(vectors[:90], dates[:90], 0, FLOOR), batch[:90], True)
    assert np.array_equal(placed_days(vectors, dates, 90, FLOOR), batch[90:], equal_nan=True)


def test_dated_units_keep_their_dates() -> None:
    """Dates are never changed; with no dated unit at all, nothing is placed."""
    vectors, dates = corpus(100, 5)
    days = placed_days(vectors, dates, 0, FLOOR)
    known = ~np.isnan(dates)
    assert np.array_equal(days[known], dates[known])
    none = np.full(100, np.nan)
    assert np.isnan(placed_days(vectors, none, 0, FLOOR)).all()


def test_undated_report_joins_the_event_of_its_time() -> None:
    """An undated report joins the story it shares its rare words with, and a batch over the
    same units gives the stories that growing the index one unit at a time gives."""
    flood = "Flood waters rose in Marrowick as the Tessel river broke its banks near the mill."
    later = "The Tessel festival in Marrowick drew crowds to the mill by the river this summer."
    units = [
        StoryUnit("a", "Tessel floods Marrowick", flood, "2024-03-01"),
        StoryUnit("b", "Marrowick festival", later, "2025-07-01"),
        StoryUnit("c", "Marrowick flood", flood + " Rescuers waded in.", None),
    ]
    batch = StoryIndex()
    batch.add(units)
    assert batch.story_of("c") == "a"
    assert batch.days[2] == batch.dates[0]  # placed on the flood's day
    grown = StoryIndex()
    for unit in units:
        grown.add([unit])
    assert grown.stories() == batch.stories()
    assert np.array_equal(grown.days, batch.days)


def test_a_higher_threshold_leaves_no_more_units_undated() -> None:
    """Placement takes a cosine of at most PLACE_FLOOR, whatever the story threshold: a unit
    left undated is compared with every unit, so a finer threshold must not cost that."""
    from dataclasses import replace

    from wiretrace.config import StoryConfig
    from wiretrace.stories.index import PLACE_FLOOR

    report = "Flood waters rose in Marrowick as the Tessel river broke its banks near the mill."
    units = [
        StoryUnit("a", "Tessel floods Marrowick", report, "2024-03-01"),
        StoryUnit(
            "b", "Harbour strike", "Dockers in Elvan walked out over pay and cranes.", "2024-03-02"
        ),
        StoryUnit("c", "Rain", "Rain fell on the mill town; the river rose at Marrowick.", None),
    ]
    placed = {}
    for threshold in (0.12, 0.19, 0.9):
        index = StoryIndex(replace(StoryConfig(), threshold=threshold))
        index.add(units)
        placed[threshold] = index.days.tolist()
    cosine = float(index.vectors[2].multiply(index.vectors[0]).sum())
    assert PLACE_FLOOR <= cosine < 0.9 / 2  # placed at 0.9 only by the cap
    assert placed[0.19] == placed[0.9] == placed[0.12]
    assert placed[0.9][2] == placed[0.9][0]  # on the flood's day
