"""Tests for the HTML writing helpers (wiretrace.write.markup): escaping and cutting."""

from __future__ import annotations

import html
import random
import re

import pytest

from wiretrace.write.markup import MAX_TEXT, TRUNCATED, esc, full, short

ENTITY = re.compile(r"&(amp|lt|gt|#34|#39);")


def _strings() -> list[str]:
    """Random strings dense in the characters HTML cares about, plus fixed hostile ones."""
    rng = random.Random(7)
    alphabet = "<>&\"'=/; ab\u00e9\u2014\U0001f600\n\t"
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(40))) for _ in range(500)]
    return [*made, "", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "&amp;"]


def test_escape_round_trips_and_leaves_no_markup() -> None:
    """Escaped text reads back as the original, and holds no character that starts markup."""
    for text in _strings():
        escaped = esc(text)
        assert html.unescape(escaped) == text
        assert not set(escaped) & set("<>\"'")
        assert escaped.count("&") == len(ENTITY.findall(escaped))


def test_escape_matches_markupsafe() -> None:
    """Byte for byte what MarkupSafe (the former Jinja autoescape) writes."""
    escape = pytest.importorskip("markupsafe").escape
    for text in _strings():
        assert esc(text) == str(escape(text))
    assert esc(12) == "12"


def test_short_cuts_at_a_word_then_escapes() -> None:
    """Short forms cut on a word boundary (with leeway) before escaping, never inside an entity."""
    assert short("a & b", 10) == "a &amp; b"
    assert short("x" * 14, 10) == "x" * 14  # within the leeway
    assert short("one two three four five", 12) == "one two..."
    assert short("<<<<< <<<<<<<<<<<<<<", 10) == "&lt;&lt;&lt;&lt;&lt;..."


def test_full_cuts_long_text_with_a_note() -> None:
    """Texts over MAX_TEXT are cut and marked; the marker is the only markup added."""
    text = "<" * (MAX_TEXT + 1)
    assert full(text) == "&lt;" * MAX_TEXT + TRUNCATED
    assert full("<b>") == "&lt;b&gt;"
