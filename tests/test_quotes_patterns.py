"""The quote finder's patterns, rewritten for speed, find what their first forms found: the
same matches, spans and groups on our own sentences and on random text over the characters
they treat specially."""

from __future__ import annotations

import re

import pytest

from test_quotes_kernels import mixed
from wiretrace.consolidate.quotes import state, words
from wiretrace.consolidate.quotes.cues import _first_words, _words_before

_UPPER = words._UPPER
# the first forms: a word's rest as a star over single characters, capitals behind alternations
_OLD_CAPITAL = rf"(?:[{_UPPER}]\.|[{_UPPER}](?:[\w’'\-]|\.(?=\w))*)"
_OLD_PERSON = rf"{_OLD_CAPITAL}(?:{words._JOIN}{_OLD_CAPITAL}){{0,4}}"
_PLAIN = words._PLAIN
OLD = {
    "_WORD": re.compile(r"[^\W_](?:[\w’'\-]|\.(?=\w))*|[,;:()—–]"),
    "_NAME_RUN": re.compile(
        rf"(?<![\w’']){_OLD_CAPITAL}"
        rf"(?:[ \u00a0]+(?:(?:de|del|della|di|da|du|van|von|der|den|la|le|al|bin|ibn|of)"
        rf"[ \u00a0]+)?{_OLD_CAPITAL})*"
    ),
    "_SUBJECT_NAME": re.compile(
        rf"(?:[.!?][\"”’]?\s+|[.!?][\"”’]|\n)({_OLD_PERSON})(?:,[ \u00a0]|,?[ \u00a0]+[a-z])"
    ),
    "_NAME_COLON": re.compile(rf"(?:^|[.!?][\"”’]?\s+)({_OLD_PERSON}):\s*$"),
    "_NAME_AFTER": re.compile(rf"\.?[ \u00a0]+({_OLD_CAPITAL}(?:[ \u00a0]+{_OLD_CAPITAL}){{0,3}})"),
    "_CUED_NAME": re.compile(
        rf"\b(?:{_PLAIN}|according to)[ \u00a0]+({_OLD_PERSON})"
        rf"|({_OLD_PERSON})(?:,[^,.“”\"]{{1,90}})?,?[ \u00a0]+(?:also[ \u00a0]+)?(?:{_PLAIN})\b"
    ),
}
SENTENCES = [
    "“We will win,” said Mark D. Herlach, a partner at Roth Capital Partners. He left.",
    "Adam Aspinall, a director at the U.S. Institute, said: “No.” J.R. Smith also said so.",
    "Mr. Rogers took a swipe. Ms. O’Neil-Brown, 54, told AFP. Then Jean-Luc de la Rue said it.",
    "Sen. Chuck Schumer (D., N.Y.) said. According to Kim Jong Un, the U.N. was wrong.\n"
    "Tucker Carlson: “...” Prime Minister Vladimir Putin said Russia’s Kremlin",
    "ÉMILE ZOLA wrote; Ана Иванова сказала. Ω. Α.Β. said Ξ.Ξ.X, 'Tis O'Brien’s said—",
    "VLADIMIR Putin said.\u00a0Boris\u00a0Johnson\u00a0also said. A. B. C. D. E. F. said",
]
ALPHABET = "aAzZéÉЖжΩ09_ .,;:!?\"'’“”()—–-\n\u00a0"


def texts() -> list[str]:
    """Our sentences and random text built from their words and the special characters."""
    made = [*SENTENCES, "", "A", "A.", "said A", "said also de van according to"]
    return mixed(made, ALPHABET, ["", " ", " ", ", ", ". ", "\n"], 600, 40, 5)


def found(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    """Every match left to right, from every start (as `pos` and `endpos` cut the text)."""
    out: list[tuple[object, ...]] = []
    for m in pattern.finditer(text):
        out.append((m.span(), m.groups(), [m.span(g) for g in range(1, pattern.groups + 1)]))
    for pos in range(0, len(text), 7):
        m = pattern.search(text, pos, max(pos, len(text) - 3))
        out.append(None if m is None else (m.span(), m.groups()))
    return out


@pytest.mark.parametrize("name", sorted(OLD))
def test_rewritten_patterns_find_the_same(name: str) -> None:
    new = getattr(words, name, None) or getattr(state, name)
    for text in texts():
        assert found(new, text) == found(OLD[name], text), (name, text)


def test_words_piece_by_piece_are_the_pattern_s() -> None:
    for text in texts():
        assert _words_before(text) == words._WORD.findall(text), text


CUED = [
    "unsaid Ann Lee, resaid Bob, Ann Lee saidx Bob said, said Ann said Bob Day told Cy",
    "Ann Lee, who was here, and then some, said. Bo Li,\u00a0a fellow, also said\u00a0Ann",
    "according to Ann according to according to Bo Day added adds added Cy wrote",
]


def test_cued_names_are_the_pattern_s() -> None:
    for text in [*texts(), *mixed(CUED, ALPHABET, ["", " ", ", "], 300, 30, 7)]:
        expected = [m.group(1) or m.group(2) for m in words._CUED_NAME.finditer(text)]
        assert words.cued_names(text) == expected, text


def test_first_words_are_the_words_cut() -> None:
    for text in [*texts(), " a  b\n c ", "“ ” a", "— — — a b"]:
        for count in (0, 1, 2, 3, 16):
            assert _first_words(text, count) == _words_before(text)[:count], (text, count)
