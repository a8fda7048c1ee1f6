"""Compiled extract kernels: the same lines, gates and language guesses as the plain code."""

from __future__ import annotations

import random

import pytest

from test_extract_gates import FURNITURE, TRICKY
from wiretrace.extract import kernels, language
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


@pytest.mark.parametrize("raw", pages())
def test_language_guess_matches_the_plain_guess(raw: str) -> None:
    for text in (raw, raw * 40, "the of and to in is " * 3 + raw, "le la les de " * 4 + raw):
        assert language.guess_language(text) == language.guess_language_plain(text)
