"""The shipped prior of story term weights, and story terms beyond English."""

from __future__ import annotations

import numpy as np
import pytest

from wiretrace.config import StoryConfig
from wiretrace.stories import StoryIndex, StoryUnit
from wiretrace.stories.build_prior import build_table
from wiretrace.stories.features import HASH_FEATURES, analyse, column, stem
from wiretrace.stories.prior import FLOOR, blended_idf, encoded, prior_share, stop_columns


def share_of(word: str) -> float:
    """The prior's document share of a word's (single) term."""
    (term,) = analyse(word)
    return float(prior_share()[column(term)])


def test_prior_table_covers_the_hashed_space_and_knows_common_words() -> None:
    """Common words of several scripts are common; an invented name is at the floor."""
    share = prior_share()
    assert share.shape == (HASH_FEATURES,)
    assert share.min() == pytest.approx(FLOOR, rel=0.05)
    assert share_of("said") > 0.2
    assert share_of("министр") > share_of("Квлыжбор") == pytest.approx(FLOOR, rel=0.05)
    assert share_of("υπουργός") > 10 * FLOOR
    assert share_of("Zorbleffington") == pytest.approx(FLOOR, rel=0.05)


def test_prior_table_is_what_its_build_makes() -> None:
    """The shipped table holds at least each language's own shares (Greek rebuilt here)."""
    pytest.importorskip("wordfreq")
    greek = encoded(build_table(("el",)))
    shipped = encoded(prior_share())
    # the shipped table keeps the most common word of a column over all its languages
    assert np.all(shipped <= greek + 1)
    assert (greek < encoded(np.full(1, FLOOR))[0]).sum() > 2_000  # Greek terms of 10^-5 and up


def test_blended_idf_without_prior_is_the_input_alone() -> None:
    """No weight: ln((n + 1) / (df + 1)) + 1, as the index always weighed terms."""
    df = np.zeros(HASH_FEATURES)
    df[[3, 5]] = [9, 1]
    idf = blended_idf(df, 9, 0.0)
    assert idf[3] == pytest.approx(1.0)
    assert idf[5] == pytest.approx(np.log(10 / 2) + 1, rel=1e-6)


def test_blended_idf_tells_common_words_from_names_in_a_small_input() -> None:
    """Seventy documents, a common word and a rare name seen once each: alone they weigh the
    same; with the prior the name weighs far more, as a large input would weigh them."""
    said, name = (column(analyse(w)[0]) for w in ("season", "Zorbleffington"))
    df = np.zeros(HASH_FEATURES)
    df[[said, name]] = 1
    alone, blended = blended_idf(df, 70, 0.0), blended_idf(df, 70, 10_000.0)
    assert alone[said] == alone[name]
    assert blended[name] > blended[said] + 2


def test_a_large_input_outweighs_the_prior() -> None:
    """A term that half of a million documents hold weighs as common whatever general text
    says: the input's own counts take over as it grows."""
    name = column(analyse("Zorbleffington")[0])
    df = np.zeros(HASH_FEATURES)
    df[name] = 500_000
    assert blended_idf(df, 1_000_000, 10_000.0)[name] < 1.8


def test_index_runs_with_and_without_the_prior() -> None:
    """Both settings run through the index; the weight is saved with it."""
    units = [
        StoryUnit("a", "Dam bursts in Tarnvik", "The Tarnvik dam burst on Friday.", "2025-03-14"),
        StoryUnit("b", "Tarnvik dam breach", "The dam at Tarnvik burst on Friday.", "2025-03-14"),
        StoryUnit("c", "Bread festival", "Millbrook bakers opened the festival.", "2025-09-21"),
    ]
    for weight in (0.0, 10_000.0):
        index = StoryIndex(StoryConfig(prior_weight=weight))
        index.add(units)
        assert index.stories() == [["a", "b"], ["c"]]


@pytest.mark.parametrize(
    ("forms", "language"),
    [
        (["министр", "министра", "министром", "министру"], "Russian"),
        (["Москва", "Москвы", "Москве"], "Russian"),
        (["υπουργός", "υπουργού", "υπουργό"], "Greek"),
        (["floods", "flooded", "flooding"], "English"),
    ],
)
def test_inflections_share_a_stem(forms: list[str], language: str) -> None:
    """Inflected forms of one word are one term, in Cyrillic and Greek script too."""
    assert len({stem(form) for form in forms}) == 1, language


def test_other_languages_stop_words_weigh_nothing() -> None:
    """Function words of Russian, Greek and German weigh nothing; content words and words
    English uses itself keep their weight."""
    stops = set(stop_columns().tolist())
    for word in ("и", "что", "это", "και", "για", "und"):
        assert column(analyse(word)[0]) in stops, word
    for word in ("министр", "плотина", "υπουργός", "man", "said", "year"):
        assert column(analyse(word)[0]) not in stops, word
    idf = blended_idf(np.zeros(HASH_FEATURES), 10, 10_000.0)
    assert np.all(idf[stop_columns()] == 0)
    assert idf[column(analyse("министр")[0])] > 1
