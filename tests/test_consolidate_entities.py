"""The compiled ranking of a story's names equals the ranking by each text's names."""

from __future__ import annotations

import random

from wiretrace.consolidate.entities import (
    main_entities,
    main_entities_by_names,
    story_names,
    story_names_by_names,
)

ALPHABET = [
    *"AaBbZz .!?:;\n\t'\"’”“‘-_é9ofdelvnsFQ\u00a0\u2003",
    "of ",
    "de ",
    "'s ",
    "’s",
    "'’ss",
    "The ",
    "Mr ",
    "May ",
    "Xi",
    "Port Elvan ",
    "Kim Jong Un ",
]


def random_text(rng: random.Random) -> str:
    """A short text over the characters and words names are made of."""
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))


def test_main_entities_match_the_reference_on_random_stories() -> None:
    """Random stories of one to four groups of up to three texts: the same ranked names."""
    rng = random.Random(11)
    for _ in range(3000):
        groups = [
            [random_text(rng) for _ in range(rng.randint(0, 3))] for _ in range(rng.randint(1, 4))
        ]
        limit = rng.choice([1, 3, 10])
        expected = main_entities_by_names(groups, limit)
        assert main_entities(groups, limit) == expected, groups


def test_possessives_and_function_words() -> None:
    """Possessives go, leading function words go, a short single word is no name."""
    groups = [["The Bank of America's chief met Mr Kim Jong Un’s aide and Xi's Li in May."]]
    assert main_entities(groups) == main_entities_by_names(groups)
    assert "Bank of America" in main_entities(groups)


def test_a_text_beyond_the_bmp_falls_back() -> None:
    """A story with a code point beyond the BMP is ranked by the reference."""
    groups = [["Name 😀 Here and Port Elvan"], ["Port Elvan again"]]
    assert main_entities(groups) == main_entities_by_names(groups) == ["Port Elvan"]


def test_story_names_match_the_reference_on_random_stories() -> None:
    """Random stories of (title, body) documents, bodies opening with white space, quotes or
    names: the same ranked names and each body's names as read alone."""
    rng = random.Random(5)
    openings = ["", " ", "  ", "\n", " \t ", "“", "” ", ". ", "Ann ", " Port Elvan"]
    for _ in range(3000):
        groups = [
            [
                (random_text(rng), rng.choice(openings) + random_text(rng))
                for _ in range(rng.randint(1, 3))
            ]
            for _ in range(rng.randint(1, 3))
        ]
        limit = rng.choice([1, 3, 10])
        assert story_names(groups, limit) == story_names_by_names(groups, limit), groups


def test_story_names_of_a_body_opening_with_white_space() -> None:
    """A body opening with white space and one word: no name in the text, a name alone."""
    groups = [[("Title", " Elvan said so")], [("Other", "Elvan again")]]
    ranked, spelled = story_names(groups)
    assert (ranked, spelled) == story_names_by_names(groups)
    assert spelled == [{"Elvan"}, set()]


def test_story_names_beyond_the_bmp_fall_back() -> None:
    """A story with a code point beyond the BMP is read by the reference."""
    groups = [[("Name 😀", "Here and Port Elvan")], [("", "Port Elvan again")]]
    assert story_names(groups) == story_names_by_names(groups)
