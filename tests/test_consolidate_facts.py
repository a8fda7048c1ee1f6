"""Facts and disagreements of a story (issue 18): numbers with what they count, years, dates
resolved against the page's date, names typed; every disagreement written into the examples
found, and no other."""

from __future__ import annotations

import json
import random
from itertools import combinations

import pytest

from conftest import EXAMPLES
from wiretrace.consolidate.disagree import (
    _letters,
    _one_edit,
    _variants,
    spelling_disagreements,
    story_disagreements,
    value_disagreements,
)
from wiretrace.consolidate.facts import Fact, document_facts
from wiretrace.model import Document

EXPECTED = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def example_stories(example_report: dict) -> list[dict]:
    """The example run's stories."""
    return example_report["stories"]


@pytest.fixture
def seed_story(seed_report: dict) -> dict:
    """The seed run's one story."""
    (story,) = seed_report["stories"]
    return story


def doc(body: str, published: str | None = "2025-03-14", doc_id: str = "d") -> Document:
    """A document of the given body."""
    return Document(id=doc_id, source=doc_id, body=body, published=published)


def facts_of(body: str, published: str | None = "2025-03-14") -> list[Fact]:
    """The facts one body states."""
    return document_facts(doc(body, published))


def test_every_written_disagreement_is_found_and_no_other(example_stories: list[dict]) -> None:
    found = []
    for story in example_stories:
        for disagreement in story["disagreements"]:
            values = sorted(str(c["value"]) for c in disagreement["claims"])
            found.append((disagreement["about"], values, frozenset(story["documents"])))
    expected = []
    for written in EXPECTED["disagreements"]:
        story = next(s for s in example_stories if written["story_of"] in s["documents"])
        expected.append((written, frozenset(story["documents"])))
    assert len(found) == len(expected)
    for written, documents in expected:
        matches = [
            f
            for f in found
            if f[2] == documents
            and written["about"] in f[0]
            and all(any(str(v) in value for value in f[1]) for v in written["values"])
        ]
        assert len(matches) == 1, written


def test_example_claims_name_their_documents(example_stories: list[dict]) -> None:
    dam = next(s for s in example_stories if "fjord-herald-tarnvik-evacuation" in s["documents"])
    toll = next(d for d in dam["disagreements"] if d["about"] == "people evacuation")
    by_value = {c["value"]: c["documents"] for c in toll["claims"]}
    assert by_value[4500] == ["fjord-herald-tarnvik-evacuation"]
    assert "tarnvik-dam-breach-wireroom" in by_value[6000]


def test_seed_facts(seed_story: dict) -> None:
    facts = seed_story["facts"]
    values = {(f["kind"], f["value"]) for f in facts}
    assert {("count", 24), ("year", 2006), ("count", 28000)} <= values
    years = next(f for f in facts if f["kind"] == "count" and f["value"] == 24)
    assert years["counts"] == "years" and len(years["documents"]) == 3
    troops = next(f for f in facts if f["value"] == 28000)
    assert troops["counts"] == "troops"
    kinds = {f["value"]: f["kind"] for f in facts}
    assert kinds["Pyongyang"] == "place"
    # 000 says "yesterday" but gives no date: the fact is kept, unresolved
    yesterday = next(f for f in facts if f["text"] == "yesterday")
    assert yesterday["value"] is None and yesterday["documents"] == ["000_d6ab0ccc07055236"]


def test_seed_disagreements_are_spellings(seed_story: dict) -> None:
    about = {d["about"] for d in seed_story["disagreements"]}
    assert "spelling of Kim Jong Un" in about
    assert all(d["kind"] == "name" for d in seed_story["disagreements"])


def test_relative_dates_resolve_against_the_page_date() -> None:
    # 2024-06-19 was a Wednesday
    facts = facts_of(
        "They met yesterday. The deal was signed on Wednesday, talks resume next Monday "
        "and ended on Sunday. Today is a holiday.",
        "2024-06-19",
    )
    dates = [(f.text, f.value) for f in facts if f.kind == "date"]
    assert dates == [
        ("yesterday", "2024-06-18"),
        ("Wednesday", "2024-06-19"),
        ("next Monday", "2024-06-24"),
        ("Sunday", "2024-06-16"),
        ("Today", "2024-06-19"),
    ]
    assert [f.value for f in facts_of("It rained yesterday.", None)] == [None]


def test_written_dates_counts_and_years() -> None:
    facts = facts_of(
        "On 19 June 2024 about 28,000 US troops based there and 4.2 percent more, "
        "since 2006, in March 2019, on June 3 and in the 1950-53 war. F-16 jets, 10:30."
    )
    got = [(f.kind, f.value, f.counts, f.approx) for f in facts]
    assert got == [
        ("date", "2024-06-19", None, ""),
        ("count", 28000, "troops", "about"),
        ("count", 4.2, "%", ""),
        ("year", 2006, None, ""),
        ("date", "2019-03", None, ""),
        ("date", "2025-06-03", None, ""),
        ("year", 1950, None, ""),
    ]


def test_rounding_and_bounds_are_no_disagreement() -> None:
    def stories(*bodies: str) -> list[dict]:
        docs = [doc(b, doc_id=f"d{n}") for n, b in enumerate(bodies)]
        return value_disagreements(docs, {d.id: document_facts(d) for d in docs})

    assert stories("about 28,000 troops stationed", "28,500 troops stationed") == []
    assert stories("more than 6,000 people evacuated", "6,400 people evacuated") == []
    assert stories("more than 6,000 people evacuated", "4,500 people evacuated") != []
    assert stories("12 people missing", "11 people missing") != []
    # one document with two values counts two things: not compared
    assert stories("12 people missing, later 3 people missing", "11 people missing") == []
    # nothing says what happened to them: too loose to compare
    assert stories("12 people.", "11 people.") == []


def test_spellings() -> None:
    names = {"a": {"Halla Brennick", "Port Elvan"}, "b": {"Hala Brennick", "Port Elvan"}}
    (found,) = spelling_disagreements(names)
    assert {c["value"] for c in found["claims"]} == {"Halla Brennick", "Hala Brennick"}
    # a document writing both has two names; Korea/Korean are two words, not spellings
    assert spelling_disagreements({"a": {"Halla Brennick", "Hala Brennick"}}) == []
    assert spelling_disagreements({"a": {"North Korea"}, "b": {"North Korean"}}) == []
    assert story_disagreements([], {}, None) == []


def _variants_reference(names: list[str]) -> list[tuple[str, str]]:
    """`disagree._variants` as first written: every name's letters and slots, one by one."""
    by_letters: dict[str, list[str]] = {}
    by_slot: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    for name in names:
        by_letters.setdefault(_letters(name), []).append(name)
        words = name.split()
        if not 2 <= len(words) <= 4:
            continue
        for slot in range(len(words)):
            by_slot.setdefault((slot, (*words[:slot], *words[slot + 1 :])), []).append(name)
    pairs = set()
    for same in by_letters.values():
        pairs.update(combinations(sorted(same), 2))
    for (slot, _), same in by_slot.items():
        for a, b in combinations(sorted(same), 2):
            if _one_edit(a.split()[slot].lower(), b.split()[slot].lower()):
                pairs.add((a, b))
    return sorted(pairs)


def test_variants_match_the_reference() -> None:
    names = [
        "Kim Jong Un",
        "Kim Jong-un",
        "O’Brien",
        "O'Brien",
        "OBrien",
        "Zoë Ball",
        "Zoe Ball",
        "Halla Brennick",
        "Hala Brennick",
        "Minister Halla Brennick",
        "Minister Hala Brennick",
        "North Korea",
        "North Korean",
        "São Paulo",
        "Sao Paulo",
        "Port Elvan Harbour Authority",
        "Port Elvin Harbour Authority",
        "Line\nBreak",
        "LineBreak",
    ]
    rng = random.Random(7)
    for _ in range(200):
        sample = rng.sample(names, rng.randint(0, len(names)))
        assert _variants(sample) == _variants_reference(sample)
    assert ("Halla Brennick", "Hala Brennick")[::-1] in _variants(names)


def test_variants_match_the_reference_on_random_names() -> None:
    """Random names of one to five words over words one letter apart (and short ones):
    the same pairs as the reference."""
    words = ["Halla", "Hala", "Hallo", "Brennick", "Brenick", "Kim", "Kin", "Jong", "Jung"]
    words += ["Port", "Elvan", "Elvin", "Ab", "Abc", "ÉLAN", "Élan", "Korea", "Korean"]
    rng = random.Random(3)
    for _ in range(500):
        sizes = [1, 2, 2, 3, 4, 5]
        names = {" ".join(rng.choices(words, k=rng.choice(sizes))) for _ in range(40)}
        sample = sorted(names)
        assert _variants(sample) == _variants_reference(sample), sample
