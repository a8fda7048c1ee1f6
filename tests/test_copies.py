"""Sketch, match and group stages: shingles, candidates in DuckDB, verification, copy groups."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from conftest import candidate_inputs
from wiretrace.config import GroupConfig, MatchConfig, SketchConfig
from wiretrace.group import group_copies
from wiretrace.group.copies import DocInfo
from wiretrace.match import candidate_pairs, candidates, compare
from wiretrace.model import passages
from wiretrace.sketch import sample_many, shingle_hashes, sketch, tokens

rng = random.Random(7)
VOCAB = [f"w{i}" for i in range(3000)]


def paragraph(n: int = 45) -> str:
    """A paragraph of random words (no two paragraphs share 5-grams by chance)."""
    return " ".join(rng.choice(VOCAB) for _ in range(n)) + "."


def story(paragraphs: int = 10) -> list[str]:
    """A story as a list of paragraphs."""
    return [paragraph() for _ in range(paragraphs)]


def body(paras: list[str]) -> str:
    """Paragraphs joined as a body."""
    return "\n\n".join(paras)


def test_shingles_are_stable_and_sampled_consistently() -> None:
    words = tokens("The quick brown fox jumps over the lazy dog again and again")
    first, second = shingle_hashes(words, 5), shingle_hashes(list(words), 5)
    assert first.dtype == np.uint64 and len(first) == len(words) - 4
    assert np.array_equal(first, second)
    config = SketchConfig(sample_mod=4)
    whole = sketch(body(story()), config)
    assert set(whole.sample.tolist()) <= set(whole.shingles.tolist())
    assert np.all(whole.sample % np.uint64(4) == 0)
    assert 0.1 < len(whole.sample) / len(whole.shingles) < 0.45
    assert passages("a\n\n\n\nb\n\n  \n\nc") == ["a", "b", "c"]


def test_truncated_copy_is_contained_whole() -> None:
    source = story(12)
    cut = source[:4]
    pair = compare("cut", sketch(body(cut)), "full", sketch(body(source)))
    assert pair is not None
    assert pair.containment_a == 1.0
    assert 0.3 < pair.containment_b < 0.4
    assert [p.a for p in pair.passages] == [0, 1, 2, 3]
    assert [p.b for p in pair.passages] == [0, 1, 2, 3]


def test_edited_copy_still_matches_passage_by_passage() -> None:
    source = story(8)
    edited = []
    for text in source:
        words = text.split()
        words[10] = "changed"
        words[30] = "edited"
        edited.append(" ".join(words))
    pair = compare("a", sketch(body(edited)), "b", sketch(body(source)))
    assert pair is not None and pair.containment_a == 1.0
    assert pair.jaccard < 0.8  # whole-document overlap drops, passage alignment does not


def test_one_shared_paragraph_is_not_a_copy() -> None:
    shared = paragraph(40)
    a = body([*story(8), shared])
    b = body([shared, *story(8)])
    assert compare("a", sketch(a), "b", sketch(b)) is None


def test_unrelated_texts_are_not_copies() -> None:
    assert compare("a", sketch(body(story())), "b", sketch(body(story()))) is None


@pytest.mark.parametrize("slice_rows", [32_000_000, 40])
def test_candidates_from_the_sample_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slice_rows: int
) -> None:
    """Pairs sharing enough samples are found, whether the table is read at once or in slices."""
    monkeypatch.setattr(candidates, "SLICE_ROWS", slice_rows)
    source = story(10)
    bodies = {1: body(source), 2: body(source[:3]), 3: body(story()), 4: body(source[5:])}
    sketches = {k: sketch(v) for k, v in bodies.items()}
    samples = {k: s.sample.tolist() for k, s in sketches.items()}
    config = SketchConfig(), MatchConfig()
    found = {
        (a, b) for a, b, _ in candidate_pairs(*candidate_inputs(samples, [1, 2, 3, 4]), *config)
    }
    assert found == {(1, 2), (1, 4)}
    assert {(a, b) for a, b, _ in candidate_pairs(*candidate_inputs(samples, [2]), *config)} == {
        (1, 2)
    }


def test_groups_do_not_chain_through_a_roundup() -> None:
    story_a, story_b = story(10), story(10)
    docs = {
        "a_full": body(story_a),
        "a_cut": body(story_a[:5]),
        "b_full": body(story_b),
        "roundup": body(story_a[:3] + story_b[:3]),
    }
    sketches = {k: sketch(v) for k, v in docs.items()}
    ids = sorted(docs)
    pairs = [
        p
        for i, x in enumerate(ids)
        for y in ids[i + 1 :]
        if (p := compare(x, sketches[x], y, sketches[y], MatchConfig())) is not None
    ]
    infos = [DocInfo(k, sketches[k].words, None, None) for k in docs]
    groups = group_copies(infos, pairs, GroupConfig())
    members = {g.source: sorted(m.doc for m in g.members) for g in groups}
    assert members["a_full"] == ["a_cut", "a_full"]
    assert members["b_full"] == ["b_full"]
    assert members["roundup"] == ["roundup"]
    coverage = {m.doc: m.coverage for g in groups for m in g.members}
    assert coverage["a_full"] == 1.0 and 0.45 < coverage["a_cut"] < 0.55


def test_batched_sampling_equals_one_by_one() -> None:
    bodies = [
        body(story(3)),
        "",
        "too short",
        "!!! ???",
        body(story(1)) + "\n\n" + "x y",
        "a\n\nb c d e f",
    ]
    config = SketchConfig(sample_mod=2)
    batched = sample_many(bodies, config)
    for text, (words, sample) in zip(bodies, batched, strict=True):
        one = sketch(text, config)
        assert words == one.words
        assert np.array_equal(sample, one.sample)


def test_text_repeated_on_a_page_counts_once() -> None:
    quote, own, other = paragraph(40), story(3), story(3)
    twice = body([*own, quote, quote])  # the page prints the quote, then embeds it again
    once = body([*other, quote])
    sk = sketch(twice)
    assert sk.repeat.tolist() == [False, False, False, False, True]
    pair = compare(
        "twice", sk, "once", sketch(once), MatchConfig(min_containment=0.0, min_shared_words=0)
    )
    assert pair is not None
    words = sk.passage_words
    assert pair.containment_a == round(words[3] / words[:4].sum(), 4)


def test_half_found_passage_counts_by_its_share() -> None:
    source = paragraph(60)
    words = source.split()
    half = " ".join(words[:30] + [f"other{i}" for i in range(30)])  # half the passage, half new
    pair = compare(
        "half",
        sketch(half),
        "src",
        sketch(source),
        MatchConfig(min_containment=0.0, min_shared_words=0),
    )
    assert pair is not None and 0.4 < pair.containment_a < 0.6
