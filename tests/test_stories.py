"""Stories stage: average-link clustering and its time window."""

from __future__ import annotations

from wiretrace.config import StoryConfig
from wiretrace.stories import StoryUnit, cluster_stories
from wiretrace.stories.cluster import average_link

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


def units(
    items: list[tuple[str, str]], prefix: str, published: str | None = None
) -> list[StoryUnit]:
    """Story units from (title, body) items."""
    return [StoryUnit(f"{prefix}{i}", t, b, published) for i, (t, b) in enumerate(items)]


def test_two_events_make_two_stories() -> None:
    stories = cluster_stories(units(FLOOD, "f", "2025-03-01") + units(ELECTION, "e", "2025-03-02"))
    assert sorted(sorted(s) for s in stories) == [["e0", "e1"], ["f0", "f1", "f2"]]


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
