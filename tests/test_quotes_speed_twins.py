"""The quote finder's shortcuts read what their general ways read: the text after a quote that
opens with a word and a cue gives the speaker and cue its words give."""

from __future__ import annotations

import itertools

from wiretrace.consolidate.quotes import cues
from wiretrace.consolidate.quotes.cues import Speaker

FIRST = [
    "he", "He", "SHE", "they", "it", "we", "I", "il", "Er", "él", "who", "and", "But", "then",
    "Smith", "Kelly", "SMITH", "O", "Officials", "officials", "ministries", "police", "the",
    "a", "Is", "is", "has", "Said", "said", "saying", "in", "while", "also", "Reportedly",
    "ministry", "Ana", "İt", "Σ", "42", "x2",
]  # fmt: skip
CUE = ["said", "says", "told", "added", "saying", "read", "reads", "dijo", "sagte", "сказал"]
END = ["", ",", ".", ":", ";", ".,", "”", "-x"]
REST = ["", " in a speech.", " Ann Lee", ", adding that", " for", "\u00a0said"]
BEFORE = ["", " ", ", ", "\u00a0", " — ", "\n"]


def reading(found: tuple[Speaker | None, str | None]) -> tuple[object, ...]:
    """A speaker and cue as plain values."""
    speaker, cue = found
    return (None, cue) if speaker is None else (speaker.text, speaker.kind, cue)


def test_word_then_cue_reads_as_the_words() -> None:
    for first, cue, end, rest, before in itertools.product(FIRST, CUE, END, REST, BEFORE):
        after = f"{before}{first} {cue}{end}{rest}"
        stripped = after.lstrip(" ,;:—–-\u00a0")
        if cues._ACCORDING.match(stripped) or after.lstrip(" \u00a0")[:1] in ("—", "–"):
            continue
        assert reading(cues._after_cue(after)) == reading(cues._after_words(stripped)), after
