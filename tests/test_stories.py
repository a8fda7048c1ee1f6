"""Stories stage: features, average link, time window, and batch == streaming (StoryIndex)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES, ROOT
from wiretrace.config import Settings, StoryConfig
from wiretrace.stories import StoryIndex, StoryUnit, cluster_stories
from wiretrace.stories.cluster import average_link
from wiretrace.stories.features import numbers, unit_terms
from wiretrace.stories.index import sample_size
from wiretrace.stories.reuse import text_reuse

FLOOD = [
    (
        "Floods hit Vessa valley",
        "Heavy rain flooded the Vessa valley on Monday, forcing "
        "hundreds of families in Lillby and Holmberg to leave their homes as the river rose.",
    ),
    (
        "Vessa river bursts its banks",
        "The Vessa river burst its banks near Lillby, and rescue "
        "teams evacuated families from Holmberg by boat as rain kept falling on the valley.",
    ),
    (
        "Lillby residents count flood damage",
        "In Lillby, residents returned to homes filled with "
        "mud after the Vessa flood; Holmberg's mayor asked for emergency funds from the capital.",
    ),
]
ELECTION = [
    (
        "Carvalho wins Brelle mayoral vote",
        "Ines Carvalho won the mayoral election in Brelle "
        "with 54 percent of the vote, defeating the incumbent after a campaign about ferries.",
    ),
    (
        "Brelle elects Carvalho as mayor",
        "Voters in Brelle chose Ines Carvalho as their new mayor "
        "on Sunday; turnout was high and the ferry project dominated the campaign.",
    ),
]
# the same person in two different events on the same day
CARVALHO_FERRY = [
    (
        "Carvalho opens Brelle ferry terminal",
        "Mayor Ines Carvalho cut the ribbon at the new ferry terminal in Brelle harbour; the "
        "ferries will carry 3,000 passengers a day across the sound to Osterholm island.",
    ),
    (
        "New ferry terminal opens in Brelle",
        "Brelle's new ferry terminal opened with Ines Carvalho on the quay; the first "
        "crossing to Osterholm island left at noon, with 3,000 passengers expected daily.",
    ),
]
CARVALHO_BUDGET = [
    (
        "Carvalho faces council revolt over school budget",
        "Councillors in Brelle rejected Ines Carvalho's school budget, demanding "
        "teacher salaries rise before any new classroom building is approved.",
    ),
    (
        "Brelle council blocks Carvalho school spending plan",
        "Brelle's council voted down the school spending plan of Ines Carvalho; "
        "teachers' salaries, not classrooms, must come first, councillors said.",
    ),
]


def units(
    items: list[tuple[str, str]], prefix: str, published: str | None = None
) -> list[StoryUnit]:
    """Story units from (title, body) items."""
    return [StoryUnit(f"{prefix}{i}", t, b, published) for i, (t, b) in enumerate(items)]


def pairs_f1(stories: list[list[str]], gold: dict[str, str]) -> float:
    """Pairwise F1 of stories against a gold story per unit id."""
    label = {u: k for k, story in enumerate(stories) for u in story}
    ids = sorted(gold)
    tp = fp = fn = 0
    for k, a in enumerate(ids):
        for b in ids[k + 1 :]:
            predicted, true = label[a] == label[b], gold[a] == gold[b]
            tp += predicted and true
            fp += predicted and not true
            fn += true and not predicted
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# ---------------------------------------------------------------- features and clustering


def test_numbers_keep_their_unit_and_skip_years() -> None:
    assert numbers("a 450 MW farm, $12.4bn deal in 2021 and 3,000 jobs") == [
        "#450mw",
        "#12.4bn",
        "#3000",
    ]


def test_terms_are_distinct_stems_without_stop_words() -> None:
    terms = unit_terms(StoryUnit("x", "Floods flooded", "the floods were flooding", None))
    assert terms == {"flood"}


def test_two_events_make_two_stories() -> None:
    stories = cluster_stories(units(FLOOD, "f", "2025-03-01") + units(ELECTION, "e", "2025-03-02"))
    assert sorted(sorted(s) for s in stories) == [["e0", "e1"], ["f0", "f1", "f2"]]


def test_same_person_different_events_stay_apart() -> None:
    both = units(CARVALHO_FERRY, "ferry", "2025-05-02") + units(
        CARVALHO_BUDGET, "budget", "2025-05-02"
    )
    stories = cluster_stories(both + units(FLOOD, "f", "2025-05-01"))
    assert sorted(sorted(s) for s in stories) == [
        ["budget0", "budget1"],
        ["f0", "f1", "f2"],
        ["ferry0", "ferry1"],
    ]


def test_far_apart_in_time_splits_a_story() -> None:
    old = units(ELECTION[:1], "old", "2019-03-02")
    new = units(ELECTION[1:], "new", "2025-03-02")
    assert len(cluster_stories(old + new, StoryConfig())) == 2
    same_week = units(ELECTION[:1], "a", "2025-03-01") + units(ELECTION[1:], "b", "2025-03-02")
    assert len(cluster_stories(same_week, StoryConfig())) == 1


def test_average_link_does_not_chain() -> None:
    # 0-1 and 1-2 are close, 0-2 unrelated: single link would chain all three
    edges = {(0, 1): 0.9, (1, 2): 0.5}
    labels = average_link(3, edges, threshold=0.4)
    assert labels[0] == labels[1] != labels[2]
    assert average_link(3, {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.8}, 0.4) == [0, 0, 0]


def test_threshold_is_the_knob_for_coarser_or_finer_stories() -> None:
    corpus = synthetic(events=12, seed=3)
    coarse = cluster_stories(corpus.units, StoryConfig(threshold=0.03))
    default = cluster_stories(corpus.units)
    fine = cluster_stories(corpus.units, StoryConfig(threshold=0.6))
    assert len(coarse) < len(default) < len(fine)


def test_units_without_words_stand_alone() -> None:
    empty = [StoryUnit("a", "", "", None), StoryUnit("b", "", "123", None)]
    assert cluster_stories(empty + units(ELECTION, "e")) == [["a"], ["b"], ["e0", "e1"]]


# ---------------------------------------------------------------- a synthetic news stream


class Corpus:
    """Synthetic articles: events inside topics, each told by several outlets on the day or the
    next (as in our labelled event pairs, where 125 of 134 same-event pairs are 0-1 days apart).

    An article draws 8 of its event's 12 specific words, 3 of its topic's 8 words (three
    events share a topic, as three events about one company or person do) and 60 common
    words, drawn with Zipf's law from 2,000 (a few are in every article, most are rare).
    """

    def __init__(self, events: int, seed: int) -> None:
        """Build `events` events of 2-5 articles each, three events per topic."""
        rng = random.Random(seed)
        syllables = ["ka", "lo", "mir", "ven", "tas", "dor", "ril", "sun", "bek", "zal", "ot"]

        def word() -> str:
            """A made-up word of three syllables."""
            return "".join(rng.choice(syllables) for _ in range(3))

        filler = [word() for _ in range(2000)]
        zipf = [1 / rank for rank in range(1, len(filler) + 1)]
        topics = [[word() for _ in range(8)] for _ in range(events // 3 + 1)]
        self.units: list[StoryUnit] = []
        self.gold: dict[str, str] = {}
        for e in range(events):
            specific = [word() for _ in range(12)]
            topic = topics[e // 3]
            day = 1 + (e * 7) % 27
            for k in range(rng.randint(2, 5)):
                common = set(rng.choices(filler, weights=zipf, k=60))
                words = rng.sample(specific, 8) + rng.sample(topic, 3) + sorted(common)
                rng.shuffle(words)
                title = " ".join(rng.sample(specific, 3) + rng.sample(topic, 1)).capitalize()
                uid = f"e{e}-{k}"
                published = f"2025-04-{day + rng.randint(0, 1):02d}"
                self.units.append(StoryUnit(uid, title, " ".join(words), published))
                self.gold[uid] = f"e{e}"
        rng.shuffle(self.units)


def synthetic(events: int, seed: int) -> Corpus:
    """A synthetic corpus (see Corpus)."""
    return Corpus(events, seed)


def stream(
    items: list[StoryUnit], sizes: list[int], config: StoryConfig | None = None
) -> StoryIndex:
    """An index fed the items in consecutive chunks of the given sizes (the rest at the end),
    each call with the passages shared among all the items so far."""
    index = StoryIndex(config)
    config = index.config
    start = 0
    for size in sizes:
        index.add(items[start : start + size], reuse=text_reuse(items[: start + size], config))
        start += size
    index.add(items[start:], reuse=text_reuse(items, config))
    return index


def test_synthetic_events_are_found() -> None:
    corpus = synthetic(events=30, seed=1)
    assert pairs_f1(cluster_stories(corpus.units), corpus.gold) >= 0.95


def test_batch_equals_streaming_on_a_synthetic_stream() -> None:
    corpus = synthetic(events=60, seed=2)  # about 200 units
    config = StoryConfig(idf_exact_below=16)  # term weights refreshed at 16, 32, 64, 128
    batch = cluster_stories(corpus.units, config)
    assert pairs_f1(batch, corpus.gold) >= 0.9
    rng = random.Random(7)
    for sizes in ([1] * len(corpus.units), [5, 11, 16, 17, 40, 1, 64], [100], [rng.randint(1, 30)]):
        assert stream(corpus.units, sizes, config).stories() == batch


def test_add_reports_new_and_moved_units_and_ignores_known_ids() -> None:
    index = StoryIndex()
    first = index.add(units(ELECTION[:1], "e", "2025-03-01"))
    assert first == {"e0": "e0"}
    later = index.add([StoryUnit("e1", *ELECTION[1], "2025-03-02")])
    assert later == {"e1": "e0"}  # joined the existing story
    assert index.add([StoryUnit("e1", "changed", "text", None)]) == {}
    assert index.story_of("e1") == "e0"
    assert len(index) == 2


def test_saved_index_goes_on_where_it_stopped(tmp_path: Path) -> None:
    corpus = synthetic(events=40, seed=4)
    config = StoryConfig(idf_exact_below=16)
    index = StoryIndex(config)
    index.add(corpus.units[:70])
    index.save(tmp_path / "stories.npz")
    loaded = StoryIndex.load(tmp_path / "stories.npz")
    assert loaded.stories() == index.stories()
    loaded.add(corpus.units[70:])
    assert loaded.stories() == cluster_stories(corpus.units, config)
    # other settings than the saved ones: the index is rebuilt with them
    finer = replace(config, threshold=0.3)
    assert StoryIndex.load(tmp_path / "stories.npz", finer).stories() == cluster_stories(
        corpus.units[:70], finer
    )


def test_sample_size_doubles() -> None:
    assert [sample_size(n, 4) for n in (0, 3, 4, 5, 7, 8, 15, 16, 17)] == [
        0,
        3,
        4,
        4,
        4,
        8,
        8,
        16,
        16,
    ]


# ---------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def example_units(tmp_path_factory: pytest.TempPathFactory) -> list[StoryUnit]:
    """One unit per copy group of the example corpus, built as the engine builds them."""
    from wiretrace.engines import local

    db = tmp_path_factory.mktemp("stories") / "store.duckdb"
    report = local.run([EXAMPLES], db, Settings(workers=1)).report
    docs = {d["id"]: d for d in report["documents"]}
    found = []
    for group in report["copy_groups"]:
        source = docs[group["source"]]
        dates = sorted(
            docs[m["doc"]]["published"] for m in group["members"] if docs[m["doc"]]["published"]
        )
        first = dates[0] if dates else None
        found.append(StoryUnit(group["id"], source["title"] or "", source["body"], first))
    return found


def test_batch_equals_streaming_on_the_examples(example_units: list[StoryUnit]) -> None:
    expected = json.loads((ROOT / "examples" / "expected.json").read_text(encoding="utf-8"))
    batch = cluster_stories(example_units)
    assert len(batch) == len(expected["stories"])
    for sizes in ([1] * len(example_units), [2, 5], [len(example_units)]):
        assert stream(example_units, sizes).stories() == batch
    reordered = example_units[::-1]
    assert sorted(map(sorted, cluster_stories(reordered))) == sorted(map(sorted, batch))


def test_each_unit_keeps_every_strong_edge_and_a_bounded_number_of_weak_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wiretrace.stories import index as index_module

    monkeypatch.setattr(index_module, "NEIGHBOURS", 5)
    corpus = synthetic(events=40, seed=6)
    config = StoryConfig()
    index = StoryIndex(config)
    index.add(corpus.units)
    edges = index.edges
    assert (edges.earlier < edges.unit).all()
    is_weak = edges.sims < config.threshold
    weak = np.bincount(edges.unit[is_weak], minlength=len(index))
    strong = np.bincount(edges.unit[~is_weak], minlength=len(index))
    assert max(weak) == 5
    assert sum(strong) >= len(corpus.gold) - 40  # every event's members stay linked
    assert pairs_f1(index.stories(), corpus.gold) >= 0.95


def test_main_entities_count_each_group_once() -> None:
    from wiretrace.consolidate import main_entities

    wire = "Officials in Port Elvan said Maren Toft would meet the union. The strike goes on."
    groups = [
        [wire] * 50,  # one wire story republished fifty times
        ["Maren Toft, the port director, met union leaders in Port Elvan on Tuesday."],
        ["The Norland Times reported that Port Elvan was quiet. Ferries ran late."],
    ]
    entities = main_entities(groups)
    assert entities[:2] == ["Port Elvan", "Maren Toft"]
    assert "Officials" not in entities and "The" not in entities and "Ferries" not in entities
