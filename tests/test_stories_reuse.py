"""Stories: passages two units share word for word (`stories.reuse`), from text and from the
store's sample table, and what they add to a pair's similarity."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from wiretrace.config import StoryConfig
from wiretrace.store import Store
from wiretrace.stories import StoryIndex, StoryUnit, cluster_stories
from wiretrace.stories.reuse import boost, shared_samples, text_reuse, unit_samples

QUOTE = (
    '"We will not reopen the harbour until every crane has been inspected by an independent '
    'engineer," the port director told reporters outside the terminal gates.'
)


def plain_shared(
    samples: list[np.ndarray], max_units: int, min_shared: int = 1
) -> dict[tuple[int, int], int]:
    """`shared_samples` the slow way: every pair, every hash, counted by hand."""
    carriers: dict[int, set[int]] = {}
    for unit, sample in enumerate(samples):
        for h in sample.tolist():
            carriers.setdefault(h, set()).add(unit)
    counts: dict[tuple[int, int], int] = {}
    for units in carriers.values():
        if 2 <= len(units) <= max_units:
            for a, b in itertools.combinations(sorted(units), 2):
                counts[(a, b)] = counts.get((a, b), 0) + 1
    return {pair: c for pair, c in counts.items() if c >= min_shared}


def random_samples(seed: int, units: int = 40) -> list[np.ndarray]:
    """Units drawing distinct hashes from a small pool, so that many are shared."""
    rng = random.Random(seed)
    return [
        np.array(sorted(rng.sample(range(1, 300), rng.randint(0, 25))), dtype=np.uint64)
        for _ in range(units)
    ]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("max_units", [2, 3, 5])
@pytest.mark.parametrize("min_shared", [1, 2])
def test_shared_samples_equal_the_plain_count(seed: int, max_units: int, min_shared: int) -> None:
    samples = random_samples(seed)
    a, b, counts = shared_samples(samples, max_units, min_shared)
    found = dict(zip(zip(a.tolist(), b.tolist(), strict=True), counts.tolist(), strict=True))
    assert found == plain_shared(samples, max_units, min_shared)
    assert found  # the draw shares samples
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == sorted(found)  # sorted, a < b


def test_shared_samples_of_nothing() -> None:
    a, b, counts = shared_samples([], 5)
    assert a.size == b.size == counts.size == 0
    a, b, counts = shared_samples([np.array([1, 2], np.uint64), np.array([3], np.uint64)], 5)
    assert a.size == 0


def test_store_finds_the_same_pairs_as_the_text(tmp_path: Path) -> None:
    samples = random_samples(11, units=30)
    with Store(tmp_path / "store.duckdb") as store:
        rows = [(key, int(h)) for key, sample in enumerate(samples) for h in sample.tolist()]
        store.con.executemany("INSERT INTO samples VALUES (?, ?)", rows)
        keys = np.arange(len(samples), dtype=np.int64)
        for max_units, min_shared in ((2, 1), (4, 1), (4, 2)):
            by_sql = store.reuse_pairs(keys, max_units, min_shared)
            by_text = shared_samples(samples, max_units, min_shared)
            assert by_text[0].size
            for left, right in zip(by_sql, by_text, strict=True):
                assert left.tolist() == right.tolist()
        # documents outside the given keys neither pair nor make a sample common
        some = keys[::2]
        a, b, counts = store.reuse_pairs(some, 3)
        found = plain_shared([samples[k] for k in some.tolist()], 3)
        assert {(int(some[x]), int(some[y])): c for (x, y), c in found.items()} == dict(
            zip(zip(a.tolist(), b.tolist(), strict=True), counts.tolist(), strict=True)
        )


def test_a_shared_quote_is_found_and_stock_words_are_not() -> None:
    units = [
        StoryUnit("a", "Port shut", "Dockers walked out at dawn. " + QUOTE, None),
        StoryUnit("b", "Strike day one", "Cranes stood idle on Tuesday. " + QUOTE, None),
        StoryUnit("c", "Ferry news", "A new ferry began sailing to the island on Tuesday.", None),
    ]
    samples = unit_samples(units)
    assert all(len(s) == len(np.unique(s)) for s in samples)
    reuse = text_reuse(units, StoryConfig())
    assert [(a, b) for a, b, _ in reuse] == [("a", "b")]
    assert reuse[0][2] >= 1
    assert text_reuse(units, StoryConfig(reuse_weight=0)) == []


def test_boost_grows_to_its_weight() -> None:
    config = StoryConfig(reuse_weight=0.1, reuse_full=5)
    added = boost(np.array([0, 1, 5, 40]), config)
    assert added.tolist() == pytest.approx([0.0, 0.02, 0.1, 0.1])


def edge_sims(index: StoryIndex) -> dict[tuple[int, int], float]:
    """{(earlier unit, unit): similarity} of an index's edges."""
    edges = index.edges
    pairs = zip(edges.earlier.tolist(), edges.unit.tolist(), strict=True)
    return dict(zip(pairs, edges.sims.tolist(), strict=True))


def test_reuse_adds_to_the_edges_of_the_pairs_that_share() -> None:
    units = [
        StoryUnit("a", "Harbour strike shuts Port Elvan", "Dockers out. " + QUOTE, "2025-03-11"),
        StoryUnit("b", "Port Elvan idle as strike holds", "Cranes idle. " + QUOTE, "2025-03-11"),
        StoryUnit("c", "Harbour strike talks", "Dockers and the port met in Elvan.", "2025-03-12"),
    ]
    config = StoryConfig(threshold=0.05)  # every pair linked
    plain, shared = StoryIndex(config), StoryIndex(config)
    plain.add(units)
    reuse = text_reuse(units, config)
    shared.add(units, reuse=reuse)
    before, after = edge_sims(plain), edge_sims(shared)
    assert before.keys() == after.keys() and (0, 1) in after
    count = {(a, b): c for a, b, c in reuse}[("a", "b")]
    added = float(boost(np.array([count]), config)[0])
    assert after[(0, 1)] - before[(0, 1)] == pytest.approx(added, abs=1e-6)
    assert all(after[k] == before[k] for k in after if k != (0, 1))


def test_far_apart_reuse_counts_in_full_while_the_words_shrink_from_event_days() -> None:
    units = [
        StoryUnit("a", "Strike", "Dockers walked out. " + QUOTE, "2025-03-01"),
        StoryUnit("b", "Strike anniversary", "A year of talks. " + QUOTE, "2025-03-21"),
    ]
    config = StoryConfig(threshold=0.02, max_days_apart=10.0, event_days=1.0)
    plain, shared = StoryIndex(config), StoryIndex(config)
    plain.add(units)
    reuse = text_reuse(units, config)
    shared.add(units, reuse=reuse)
    added = float(shared.edges.sims[0] - plain.edges.sims[0])
    full = float(boost(np.array([reuse[0][2]]), config)[0])
    assert full > 0
    assert added == pytest.approx(full, abs=1e-6)  # 20 days apart, within the horizon
    slow = StoryIndex(replace(config, event_days=10.0))  # the words damped from ten days only
    slow.add(units)
    # 20 days apart: the words shrink by 1/20 instead of 10/20
    assert float(plain.edges.sims[0]) == pytest.approx(float(slow.edges.sims[0]) / 10, rel=1e-5)


def test_one_event_is_days_long_unless_its_pages_share_text() -> None:
    first = (
        "Harbour cranes at Velmor stood idle on Monday as dockers struck over a new rota. "
        "Ships waited offshore and grain exports were delayed, traders said."
    )
    other = (
        "Velmor dockers stopped work, leaving the harbour idle. Managers called the rota fair "
        "and offered talks; hauliers parked lorries along the coast road."
    )
    said = (  # a wire paragraph both outlets carry
        " The union leader told reporters at the gate that members would not accept twelve hour"
        " shifts at the quays, that the company had broken its word twice this year, and that"
        " pickets would stay until a written offer came."
    )
    fillers = [
        StoryUnit(f"o{k}", f"Item {k}", f"Farm note {k} on rain and hay.", None) for k in range(6)
    ]
    for gap, quote, together in ((0, "", True), (1, "", True), (3, "", False), (3, said, True)):
        units = [
            StoryUnit("a", "Velmor dockers strike", first + quote, "2025-03-01"),
            StoryUnit("b", "Port of Velmor halted", other + quote, f"2025-03-{1 + gap:02d}"),
            *fillers,
        ]
        stories = [sorted(s) for s in cluster_stories(units, StoryConfig())]
        assert (["a", "b"] in stories) is together, (gap, quote)


def growing(units: list[StoryUnit], sizes: list[int], config: StoryConfig) -> StoryIndex:
    """An index fed the units in chunks, each call with the reuse of all units so far."""
    index = StoryIndex(config)
    start = 0
    for size in [*sizes, len(units)]:
        upto = units[: start + size]
        index.add(units[start : start + size], reuse=text_reuse(upto, config))
        start += size
    return index


def quoted_corpus(seed: int) -> list[StoryUnit]:
    """Units of three subjects; each pair of one subject shares a quote of its own (rare
    passages), in random order and over three weeks."""
    rng = random.Random(seed)
    vocabulary = [f"w{k}" for k in range(400)]
    subjects = [rng.sample(vocabulary, 12) for _ in range(3)]
    units = []
    for k in range(60):
        own = rng.sample(subjects[k % 3], 6) + rng.sample(vocabulary, 10)
        quote = random.Random(k // 6).sample(vocabulary, 14)  # units 6j..6j+5 share one
        body = " ".join(own) + ". " + " ".join(quote if k % 2 else quote[:7]) + "."
        day = f"2025-03-{1 + rng.randint(0, 20):02d}"
        units.append(StoryUnit(f"u{k}", f"t{k % 3}", body, day))
    rng.shuffle(units)
    return units


@pytest.mark.parametrize("sizes", [[1] * 59, [5, 11, 16, 17], [30]])
def test_growing_with_reuse_equals_the_batch(sizes: list[int]) -> None:
    units = quoted_corpus(3)
    config = StoryConfig(idf_exact_below=16)
    batch = cluster_stories(units, config)
    grown = growing(units, sizes, config)
    assert grown.stories() == batch
    whole, plain = StoryIndex(config), StoryIndex(replace(config, reuse_weight=0))
    whole.add(units, reuse=text_reuse(units, config))
    plain.add(units)
    assert grown.edges.sims.tolist() == whole.edges.sims.tolist()
    assert whole.reuse_keys.size and (whole.edges.sims > plain.edges.sims).any()  # it mattered


def test_changed_reuse_among_known_units_rebuilds(tmp_path: Path) -> None:
    units = quoted_corpus(5)
    config = StoryConfig(idf_exact_below=1024, reuse_max_units=3)
    index = StoryIndex(config)
    index.add(units[:20], reuse=text_reuse(units[:20], config))
    index.save(tmp_path / "index.npz")
    loaded = StoryIndex.load(tmp_path / "index.npz")
    assert loaded.reuse_keys.tolist() == index.reuse_keys.tolist()
    assert loaded.reuse_counts.tolist() == index.reuse_counts.tolist()
    # more carriers of a quote make it common: pairs among the first 20 go, and their edges
    loaded.add(units[20:], reuse=text_reuse(units, config))
    assert loaded.stories() == cluster_stories(units, config)


def test_shared_passages_in_cyrillic_and_greek() -> None:
    russian = (
        "«Мы не откроем порт, пока каждый кран не будет проверен независимым инженером», — "
        "заявил директор порта журналистам у ворот терминала."
    )
    greek = (
        "«Δεν θα ανοίξουμε το λιμάνι μέχρι να ελεγχθεί κάθε γερανός από ανεξάρτητο μηχανικό», "
        "δήλωσε ο διευθυντής του λιμανιού στους δημοσιογράφους."
    )
    units = [
        StoryUnit("ru1", "Забастовка", "Докеры вышли на забастовку утром. " + russian, None),
        StoryUnit("ru2", "Порт стоит", "Краны стоят вторые сутки. " + russian, None),
        StoryUnit("ru3", "Паром", "Новый паром начал рейсы на остров.", None),
        StoryUnit("el1", "Απεργία", "Οι λιμενεργάτες απεργούν. " + greek, None),
        StoryUnit("el2", "Λιμάνι", "Οι γερανοί είναι ακίνητοι. " + greek, None),
    ]
    found = {(a, b) for a, b, _ in text_reuse(units, StoryConfig())}
    assert found == {("ru1", "ru2"), ("el1", "el2")}


def test_a_run_that_adds_no_unit_does_not_look_for_shared_passages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example pages run twice into one store: the first run looks for shared passages,
    the second (no new unit) does not, and its stories are the same."""
    from conftest import EXAMPLES
    from wiretrace.engines.local import assemble, run

    calls: list[int] = []
    real = assemble.unit_reuse

    def counted(*args: Any, **kwargs: Any) -> list[tuple[str, str, int]]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble, "unit_reuse", counted)
    db = tmp_path / "db.duckdb"
    first = run([EXAMPLES], db).report
    assert len(calls) == 1
    second = run([EXAMPLES], db).report
    assert len(calls) == 1
    assert first["stories"]
    ids = [sorted(s["documents"]) for s in first["stories"]]
    again = [sorted(s["documents"]) for s in second["stories"]]
    assert ids == again
