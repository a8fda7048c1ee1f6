"""Compiled extract kernels: the same lines, gates and language guesses as the plain code."""

from __future__ import annotations

import random

import pytest

from test_extract_gates import FURNITURE, TRICKY
from wiretrace.extract import kernels, language, rules
from wiretrace.extract.text import split_lines, split_lines_plain

BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
ODD = [
    "a\r\nb\rc\n\nd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l",
    "  indented line\twith\ttabs \x1f and\u00a0nbsp\u3000ideographic  \n\n   \n",
    "\ufeffBOM line and (photo) credit — Getty Images\nmember’s “support” line",
    "Our readers support us\nWe help. Subscribe to our newsletter",
    "-a-b-c-d-e-f-g- slug-like-line-with-many-hyphens-in-it-here-and-there",
    "«Read more» • Follow us on Twitter\n* Related: storm season\n— next story",
]
ALPHABET = "aAzZ09_ .,;:!?()[]-'\"\t" + "’“”—–‘…«»•·é漢İſ\u00a0\u2009" + BREAKS


def pages() -> list[str]:
    """Hand-made pages and random ones over an alphabet of the characters the rules treat
    specially."""
    rng = random.Random(7)
    words = " ".join(TRICKY + FURNITURE).split()
    made = ["\n".join(TRICKY + FURNITURE), *ODD, "", "\n", "x"]
    for _ in range(300):
        parts = [
            rng.choice(words) if rng.random() < 0.7 else rng.choice(ALPHABET)
            for _ in range(rng.randrange(1, 80))
        ]
        made.append("".join(p + rng.choice(" \n  \t") for p in parts))
    return made


@pytest.mark.parametrize("raw", pages())
def test_split_lines_matches_the_plain_split(raw: str) -> None:
    assert split_lines(raw) == split_lines_plain(raw)


def test_pages_beyond_the_bmp_take_the_plain_split() -> None:
    raw = "A line with an emoji 😀 in it\nand another line"
    assert kernels.page_lines(raw) is None
    assert split_lines(raw) == split_lines_plain(raw)


PROSE = "the council met on the harbour front to hear the plan for new ferry routes and piers"
LONG_LINES = [
    f"{PROSE} Getty",  # a needle in the last four letters
    f"Getty {PROSE}",
    f"{PROSE} with a photo-op",
    f"Our {PROSE} and support it",  # an appeal word with a word addressing the reader
    f"{PROSE} and support it",  # the appeal word alone
    f"{PROSE} we support",
    f"{PROSE} usual support",  # "us" opening a longer word addresses nobody
    f"{PROSE} contributed",  # a credit needle on a line of under 60 words
    f"{PROSE * 4} contributed",
    f"{PROSE} gett",  # a needle's start without its end
]


@pytest.mark.parametrize("line", LONG_LINES)
def test_long_lines_gated_as_the_plain_scan(line: str) -> None:
    raw = f"{line}\n\n{line.upper()}\n  {line}  "
    assert split_lines(raw) == split_lines_plain(raw)


def test_many_short_lines_match_the_plain_split() -> None:
    raw = "\n".join(f"w{i}" if i % 3 else "" for i in range(600))
    lines = split_lines(raw)
    assert len(lines) == 400
    assert lines == split_lines_plain(raw)


def test_a_lone_surrogate_after_some_lines_takes_the_plain_split() -> None:
    raw = "first line\nsecond line\nthird \ud800 line"
    assert kernels.page_lines(raw) is None
    assert split_lines(raw) == split_lines_plain(raw)


@pytest.mark.parametrize("raw", pages())
def test_language_guess_matches_the_plain_guess(raw: str) -> None:
    for text in (raw, raw * 40, "the of and to in is " * 3 + raw, "le la les de " * 4 + raw):
        assert language.guess_language(text) == language.guess_language_plain(text)


def test_stop_words_counted_per_language_but_past_a_lone_surrogate() -> None:
    langs = list(language._SETS)
    found = kernels.stop_word_hits("The cat and the dog, de la mer", len(langs))
    assert found is not None
    tokens, hits = found
    assert tokens == 8
    assert hits[langs.index("en")] == 3
    assert hits[langs.index("fr")] == 2
    assert kernels.stop_word_hits("the of and \ud800 the", len(langs)) is None
    assert kernels.stop_word_hits("the of and İ", len(langs)) is None


LEADS = [
    "In other news: ",
    "[In related news — ",
    "On air | ",
    "Up next: ",
    "Now playing » ",
    "You may also like: ",
    "you might also like - ",
    "Most read: ",
    "MOST VIEWED | ",
    "Top stories: ",
    "Back to top — ",
    "Skip to main content: ",
    "See also: ",
    "(See more: ",
    "Also read: ",
    "Filed under: ",
    "Continue reading: ",
    "Load more | ",
    "Show more › ",
    "With reporting by Ana Ruiz; ",
    "— with translation by Ana Ruiz and ",
    "Have a news tip? ",
]


def test_long_lines_a_lead_rule_cuts_are_suspects() -> None:
    lines = [f"{lead}{PROSE}" for lead in LEADS]
    assert all(rules.lead_rule_matches(line) and rules.may_lead(line) for line in lines)
    page = "\n".join([PROSE, *lines])
    split = split_lines(page)
    assert [line.suspect for line in split] == [False] + [True] * len(LEADS)
    assert split == split_lines_plain(page)
