"""The compiled layout scan of the quote finder: the same paragraphs, spans and sentence ends as
the searches and patterns it replaces, and the same sentence bounds for any stretch of a body."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from wiretrace.consolidate.quotes import kernels
from wiretrace.consolidate.quotes.layout import (
    Sentences,
    _abbreviation,
    _paragraph_starts,
    _sentence_ends,
    _spans,
    layout,
    prepared,
)
from wiretrace.consolidate.quotes.words import _ACCORDING_FIRST, _SENTENCE_PARTS, CUES, cue_bits

MADE = [
    "",
    "x",
    "\n\n",
    "\n\n\n\n\n",
    "“Open and never closed",
    "He said “yes.” Then: «non» and „ja“ and ‚so‘ and 「はい」 and 『いいえ』.",
    "Korea’s leader said 'we'll see' and ‘maybe’ — then \"no.\"But he left.\n\n“Next",
    'Mr. Smith arrived at 5 p.m. on Jan. 3. “It is U.S. policy,” he said.  Then."  ',
    "Он сказал: «Мы не уйдём». Потом ушёл!  Вот и всё?!\n\n«Ещё",
    "Ein Satz: „Wir bleiben“, sagte er. »Nein«, sagte sie.\u00a0Und dann?",
    "Emoji-free but non-ASCII: é, ß, İstanbul, ſ, Ω. “Quote ending with space ”? ",
    "A quote “spanning\n\na blank line” and ’90s and ’em and rock ’n’ roll.",
    'Stops in a row... And ?!?" \u2009then ).\u202f more',
    "A stray “ at the end\n\n\n“and a third paragraph” said X.",
    "Mr. mr. U.S. S.D. a.b.c. .a. a.. É. é. Ω. ſ. Sept. Jr. No. x. X. İ. ǅ. A.B.C.D. ab.cd. U.S! ",
    "She watched “Face the Nation” and “The Art of the Deal” and “a Small Thing Here Now”.",
    "“We are done here.” — Port director Ola Nygaard\n\n“It ends.” Smith said Friday.",
    "“No,” he said. “Fine,” she added.",
    "Il a dit «Nous partons.» Puis: «Non», a-t-il ajouté. Café à 5\u00a0h. 'Oui' dit-elle.",
    "“It was built for.” He said the plan would fail, and more words came after it than six.",
    "「これは長い日本語の引用です」と彼は言った。 “ , ” and “ ” and “x,” and “Über alles,” said Ö.",
    "“One two three four five” “six” (“seven”) — “eight nine.”\u00a0– Anna",
    "“It ends.” Smith said on a cold Friday. Then more.\n\n“It ends.” Smith said on a cold day.",
    "“It ends.” Smith said on a very cold Friday. More.\n\n“It ends.” Smith said it. “Next”",
    "“it ends.” Smith said Friday.\n\n“it ends.” Smith said Friday.  \n\n“ends.”   \n\n“a.” — B",
    "According to Jo, “we stay.” Selon lui, «non». LAUT ihm „ja“, SAID: “x y z w”, said.",
    "İSaid “no one,” Said, SAYS; “maybe so now,” SAİD Ann. Он СКАЗАЛ: «да, конечно».",
    '“Mixed marks," he said. "Then back,” and “a "nested" one” and "the other,” way.',
    '“A 6" pipe” and ”both ways," and "“inner” here" and “open "inner never closed”',
]
ALPHABET = "aAzZ09 .!?,;:\"'“”„‘’‚«»‹›「」『』()—–-\n\t\u00a0\u2009\u202fé漢ИΩ"


def mixed(
    made: list[str], alphabet: str, joins: list[str], count: int, longest: int, seed: int
) -> list[str]:
    """`made` and `count` random texts, each of up to `longest` pieces: words of `made` or
    characters of `alphabet`, each followed by one of `joins`."""
    rng = random.Random(seed)
    words = " ".join(made).split()
    out = list(made)
    for _ in range(count):
        parts = [
            rng.choice(words) if rng.random() < 0.5 else rng.choice(alphabet)
            for _ in range(rng.randrange(1, longest))
        ]
        out.append("".join(p + rng.choice(joins) for p in parts))
    return out


def bodies() -> list[str]:
    """Hand-made bodies and random ones over the characters the scan treats specially."""
    return mixed(MADE, ALPHABET, ["", " ", " ", "\n\n", "\n"], 400, 60, 11)


def plain_sentence_start(text: str) -> int:
    """The sentence start as first written: the end pattern read backwards on the reversed text."""
    reversed_end = re.compile(r"\s+[\"”’»)]*[.!?]+")
    size = len(text)
    for m in reversed_end.finditer(text[::-1]):
        if not _abbreviation(text, size - m.end()):
            return size - m.start()
    return 0


def plain_sentence_end(text: str) -> int:
    """The sentence end as first written: the first end not after an abbreviation."""
    if not text:
        return 0
    for m in _SENTENCE_PARTS.finditer(text):
        if not _abbreviation(text, m.start()):
            return m.start() + 1
    return len(text)


@pytest.mark.parametrize("body", bodies())
def test_scan_matches_the_searches(body: str) -> None:
    scanned = kernels.scan(body)
    assert scanned is not None
    starts, found, ends, ready = scanned
    assert starts == _paragraph_starts(body)
    assert found == _spans(body, starts)
    assert ready == prepared(body, found, starts, Sentences(body))
    assert ends.T.tolist() == _sentence_ends(body)
    matches = list(_SENTENCE_PARTS.finditer(body))
    assert ends.T.tolist()[:4] == [
        [m.start() for m in matches],
        [m.end(1) for m in matches],
        [m.start(2) for m in matches],
        [m.end() for m in matches],
    ]


@pytest.mark.parametrize("body", bodies()[:120])
def test_sentence_bounds_of_every_stretch(body: str) -> None:
    for sentences in (layout(body).sentences, Sentences(body)):
        for lo in range(len(body) + 1):
            for hi in range(lo, min(len(body), lo + 40) + 1):
                text = body[lo:hi]
                assert sentences.start(lo, hi) == plain_sentence_start(text)
                assert sentences.end(lo, hi) == plain_sentence_end(text)


def test_a_body_beyond_the_bmp_takes_the_searches() -> None:
    body = "She said “we won 🏆.” Then: “Again.”\n\n“Open"
    assert kernels.scan(body) is None
    scanned = layout(body)
    assert scanned.starts == _paragraph_starts(body)
    assert scanned.spans == _spans(body, scanned.starts)
    assert scanned.prepared == prepared(body, scanned.spans, scanned.starts, Sentences(body))


def test_bodies_of_one_and_two_bytes_a_code_point_are_scanned() -> None:
    latin = "Il a dit «Nous partons.» Puis: «Non», a-t-il ajouté. Café à 5\u00a0h."
    wide = latin.replace("«", "“").replace("»", "”")
    for body in (latin, wide, latin.encode("ascii", "replace").decode()):
        scanned = kernels.scan(body)
        assert scanned is not None
        assert scanned[1] == _spans(body, scanned[0])
        assert scanned[3] == prepared(body, scanned[1], scanned[0], Sentences(body))


def test_lone_surrogates_are_scanned() -> None:
    body = "He said “a\ud800b” and left.\n\nNext."
    scanned = kernels.scan(body)
    assert scanned is not None
    assert scanned[1] == _spans(body, scanned[0])


CUE_TEXTS = [
    "",
    " ",
    "said",
    "He said.",
    "she SAID, then",
    "according to him",
    "According, to",
    "ACCORDING: to",
    "according.",
    "selon lui; laut ihm, según él, secondo lui, volgens hem, по словам его",
    "По Словам",
    "said,,",
    ",said",
    "“said”",
    "saidx says: tells; added. ",
    "SAİD and sa\u0130d and İ",  # a capital İ lowers to two code points: no cue word
    "ΣΑΣ said\u00a0\u2009told\u202fwrote\ttold\nnoted",
    "Il a déclaré DÉCLARÉ, «non» sagte sagt. Dijo: disse.",
    "M. J. R. Smith Jr. (D., N.Y.) said — “no” — 「はい」 and 『いいえ』 „ja“ ‚so‘",
    "explained, explains; explaining: whispering",
    "x" * 40 + " said",
    "declared" * 3,
]


def cue_texts() -> list[str]:
    """Hand-made texts with cue words in many forms, and random ones made of them."""
    pieces = [*sorted(CUES)[::7], "according", "to", "Selon", "said,", "SAID;", "İ", "ς", "—"]
    return mixed(CUE_TEXTS, ALPHABET, ["", " ", ", ", ". ", "\n", "\u00a0"], 300, 12, 5) + [
        " ".join(random.Random(k).choices(pieces, k=8)) for k in range(100)
    ]


@pytest.mark.parametrize("text", cue_texts())
def test_cue_bits_match_the_split(text: str) -> None:
    bits = cue_bits(text)
    scanned = kernels._cue_bits(np.array([ord(c) for c in text], dtype=np.uint32), 0, len(text))
    assert scanned == bits
    padded = np.array([ord(c) for c in "x " + text + " said"], dtype=np.uint32)
    assert kernels._cue_bits(padded, 2, 2 + len(text)) == bits


def test_cue_bits_tell_the_words_apart() -> None:
    assert cue_bits("the minister said, then") == 1
    assert cue_bits("according to the minister") == 3
    assert cue_bits("the minister sa") == 0
    assert cue_bits("SAİD") == 0
    assert kernels._cue_bits(np.array([ord(c) for c in "he SAID;"], dtype=np.uint32), 0, 8) == 1


def test_every_cue_word_is_in_the_compiled_table() -> None:
    """Each cue word the lists hold is one the compiled scan knows. Its table is built when
    the kernels compile, and Numba's disk cache is keyed on kernels.py alone: after a change
    to the word lists only, a stale cache fails here (clear its __pycache__)."""
    for word in sorted(CUES | _ACCORDING_FIRST):
        for text in (word, f"x {word.upper()}, y"):
            codes = np.array([ord(c) for c in text], dtype=np.uint32)
            assert kernels._cue_bits(codes, 0, len(text)) == cue_bits(text), (
                f"{word!r}: stale compiled cue table?"
            )
        assert cue_bits(word)


def test_every_abbreviation_is_in_the_compiled_table() -> None:
    """Each abbreviation of the word list ends no sentence in the compiled scan as in its plain
    twin. The list is compiled in as a constant and Numba's disk cache is keyed on kernels.py
    alone: after a change to the list only, a stale cache fails here (clear its __pycache__)."""
    from wiretrace.consolidate.quotes.words import _ABBREVIATIONS

    for abbreviation in sorted(_ABBREVIATIONS):
        text = f"Then {abbreviation}. Lee spoke."
        dot = 5 + len(abbreviation)
        codes = np.array([ord(c) for c in text], dtype=np.uint32)
        assert _abbreviation(text, dot), abbreviation
        assert kernels._abbreviated(codes, 5, dot), f"{abbreviation!r}: stale compiled table?"
