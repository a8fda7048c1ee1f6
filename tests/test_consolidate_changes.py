"""What each copy changed against its group's source: word edits, dropped and added runs,
retitling, dates and lag (issue 18)."""

from __future__ import annotations

import pytest

from wiretrace.consolidate.changes import (
    MAX_CHANGES,
    group_changes,
    lag_seconds,
    member_changes,
    word_edits,
)
from wiretrace.model import AlignedPassage, CopyGroup, CopyPair, Document, Member

SOURCE = "004_dfca311f56d9f9bf"  # the AFP text the seed copies carry


def members(report: dict) -> dict[str, dict]:
    """A report's copy group members, by document id."""
    return {m["doc"]: m for g in report["copy_groups"] for m in g["members"]}


@pytest.fixture
def seed_groups(seed_report: dict) -> dict[str, dict]:
    """The seed run's copy group members, by document id."""
    return members(seed_report)


@pytest.fixture
def example_groups(example_report: dict) -> dict[str, dict]:
    """The example run's copy group members, by document id."""
    return members(example_report)


def edits(member: dict) -> list[tuple[str, str]]:
    """A member's word edits as (source, copy)."""
    return [(c["source"], c["copy"]) for c in member["changes"] if c["kind"] == "edit"]


def has_edit(member: dict, source: str, copy: str) -> bool:
    """Whether an edit's source side holds `source` and its copy side `copy`."""
    return any(source in s and copy in c for s, c in edits(member))


def test_malaysian_copy_lists_the_afp_edits(seed_groups: dict[str, dict]) -> None:
    member = seed_groups["001_c23270e702e2eccb"]
    assert has_edit(member, "has signed", "signed today")
    assert has_edit(member, "news conference", "press conference")
    assert has_edit(member, "Kim Jong Un", "Kim Jong-un")
    assert member["changes"][0]["kind"] == "retitled"
    assert member["published"] == "2024-06-19"
    assert member["lag"] is None  # the AFP page gives no date


def test_a_copy_that_stops_early_drops_the_rest_in_one_entry(seed_groups: dict) -> None:
    member = seed_groups["000_d6ab0ccc07055236"]
    dropped = [c for c in member["changes"] if c["kind"] == "dropped"]
    last = dropped[-1]
    assert last["at"] + last["count"] == 31  # the source's 31 passages, to the end
    assert last["count"] > 10 and last["copy"] is None
    assert len(member["changes"]) <= MAX_CHANGES
    assert seed_groups[SOURCE]["changes"] == []


def test_examples_edited_copy(example_groups: dict[str, dict]) -> None:
    member = example_groups["norland-morning-post-port-standstill"]
    kinds = {c["kind"] for c in member["changes"]}
    assert {"retitled", "edit", "dropped"} <= kinds
    assert has_edit(member, "truck drivers", "lorry drivers")
    assert has_edit(member, "on Tuesday", "today")
    # typographic quotes against straight ones are no change
    assert not edits(example_groups["riverlands-daily-dam-breach"])
    assert example_groups["islander-weekly-shark-unveiled"]["lag"] == 86_400


def test_word_edits_join_near_changes_and_ignore_case_and_punctuation() -> None:
    assert word_edits("Putin has signed a deal.", "Putin signed today a deal.") == [
        {"kind": "edit", "source": "Putin has signed a", "copy": "Putin signed today a"}
    ]
    assert word_edits("The West said", "the west said") == []
    assert word_edits("a – b c", "a -- b c") == []
    assert word_edits("same", "same") == []


def test_merged_passages_are_not_dropped() -> None:
    source = Document(id="s", source="s", body="One two three four.\n\nFive six seven.\n\nEight.")
    copy = Document(id="c", source="c", body="One two three four. Five six seven.")
    changes = member_changes(source, copy, [(0, 0)])
    assert [(c["kind"], c["at"], c.get("count")) for c in changes] == [("dropped", 2, 1)]


def test_group_changes_bounds_and_lag() -> None:
    body = "\n\n".join(f"Passage {i} says word{i} here." for i in range(100))
    edited = "\n\n".join(f"Passage {i} says other{i} here." for i in range(100))
    docs = {
        "s": Document(id="s", source="s", body=body, published="2025-01-01T10:00:00+00:00"),
        "c": Document(id="c", source="c", body=edited, published="2025-01-01T12:30:00+00:00"),
    }
    pair = CopyPair("c", "s", 1.0, 1.0, 0.5, [AlignedPassage(i, i, 0.8) for i in range(100)])
    group = CopyGroup(id="g", source="s", members=[Member("s", 1.0), Member("c", 1.0)])
    member = group_changes(group, docs, {("c", "s"): pair}).members[1]
    assert member.lag == 9000 and member.published == "2025-01-01T12:30:00+00:00"
    assert len(member.changes) == MAX_CHANGES and member.changes_omitted == 100 - MAX_CHANGES
    assert lag_seconds("2025-01-02", "2025-01-01") == -86_400
    assert lag_seconds(None, "2025-01-01") is None


def test_report_members_carry_the_new_fields(example_groups: dict[str, dict]) -> None:
    for member in example_groups.values():
        assert {"doc", "coverage", "published", "lag", "changes", "changes_omitted"} <= set(member)
