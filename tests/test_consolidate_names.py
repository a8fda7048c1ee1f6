"""The compiled scan for names finds exactly what the reference pattern finds."""

from __future__ import annotations

import random

from wiretrace.consolidate.entities import main_entities, names, names_by_pattern
from wiretrace.consolidate.kernels import runs

TRICKY = [
    "",
    "Kim Jong Un met the Security Council in Port Elvan.",
    "Trump said. Officials agreed. “Biden said so,” he added.\n\nSmith\n\nJones Inc",
    "The Bank of America and Rio de Janeiro, Guillermo del Toro, Ludwig van Beethoven.",
    "Bank ofAmerica deFoo la Lakers le Monde al Qaeda von Trapp",
    "O’Brien’s dog and McDonald's store; U.S. Army. USA Today; Jean-Luc Picard",
    '."  Word  ."\tWord ?’ Word \u201c Word \u2018  Word',
    "Émile Zola met Ångström in Zürich; naïve Café owners",
    "A\u00a0Word and\u2003Another\u2028Line",
    "emoji 😀 Name Here",
    "Ivan Petrov met Анна Каренина in Новый Город; Ольга said. Port Elvan News agreed.",
    "Latin-1 only: Señor García met Zoë Brennick at Café Olé in Málaga.",
]
ALPHABET = [*"AaBbZz .!?:;\n\t'\"’”“‘-_é9ofdelvnFQ\u00a0\u2003", "of ", "de ", "del "]


def test_names_match_the_pattern_on_tricky_texts() -> None:
    """Particles, quotes, possessives, sentence openings and non-ASCII: the same names."""
    for text in TRICKY:
        assert names(text) == names_by_pattern(text), text


def test_names_match_the_pattern_on_random_texts() -> None:
    """Random texts over the characters the pattern cares about: the same names."""
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert names(text) == names_by_pattern(text), repr(text)


def test_text_beyond_the_bmp_falls_back() -> None:
    """A code point beyond the BMP: the scan declines and the pattern answers."""
    assert runs("Name 😀 Here") is None
    assert names("Name 😀 Here Now") == names_by_pattern("Name 😀 Here Now")


def test_main_entities_rank_as_a_full_sort() -> None:
    """More names than the limit: the first ones of the full ranking, ties by name."""
    texts = [" ".join(f"and Name{chr(97 + i)}x" for i in range(26))]
    assert main_entities([texts], limit=3) == ["Nameax", "Namebx", "Namecx"]
