"""The compiled account and quote grouping agree with their plain-Python twins, entry for
entry, on written stories and on edge cases (empty, non-ASCII, Cyrillic, Greek, astral)."""

from __future__ import annotations

import random

import pytest

from wiretrace.consolidate import account_plain
from wiretrace.consolidate.account import _TELLING, story_account
from wiretrace.consolidate.quotes.story import _clusters, plain_clusters
from wiretrace.model import CopyGroup, Document, Member

BODIES = [
    "The port authority said on Monday that 12 new cranes would arrive at terminal 4.\n\n"
    "Dock workers welcomed the plan.\n\n"
    '"We have waited years for this," said union leader Maria Olsen, 54.',
    "Twelve cranes: the port authority said 12 new cranes would arrive at terminal 4 soon.\n\n"
    "“We have waited years for this,” union leader Maria Olsen told reporters.\n\n"
    "The council’s vote is due in 2025.",
    "",
    "Only one passage without marks or numbers",
    "Порт объявил о 12 новых кранах для терминала 4.\n\n«Мы ждали этого годами», — сказала Ольсен.",
    "ΣΟΦΟΣ ΛΟΓΟΣ 3 ΣΑΣ\n\nΟΔΟΣ 7 «ΚΑΛΟΣ»\n\nΆΛΛΟΣ ΛΟΓΟΣ 9 ΚΑΙ ΈΝΑΣ ΚΑΛΟΣ ΦΙΛΟΣ",
    "İstanbul hosts 3 İNCİ fairs.\n\nThe 3 İnci fairs of İstanbul open today.",
    "Fans posted 😀 and 🚢 about the 12 cranes at terminal 4 of the port authority.\n\n"
    "The 12 cranes 😀 at terminal 4 of the port authority were posted by fans 🚢.",
    "  \n\n \n\nA 1 b 2 c 3 d 4 e 5 f 6\n\n\n\nA 1 b 2 c 3 d 4 e 5 f 6 g 7\n\n",
    "Ship’s crane 5 lifts Crane’S load 5 tons’s worth\n\nThe ship’s crane 5 lifted a load of 5",
    "Lone \ud800 surrogate 7 here and there\n\nTabs\tand\u00a0spaces\u2003in 8 passage text",
]


def _story(bodies: list[str]) -> tuple[list[CopyGroup], dict[str, Document]]:
    """A story of one copy group per body."""
    groups, documents = [], {}
    for k, body in enumerate(bodies):
        doc = f"d{k}"
        documents[doc] = Document(id=doc, source=doc, body=body)
        groups.append(CopyGroup(id=f"g{k}", source=doc, members=[Member(doc, 1.0)]))
    return groups, documents


def _same_account(bodies: list[str]) -> None:
    """The compiled account of a story of these bodies is the plain one."""
    groups, documents = _story(bodies)
    assert story_account(groups, documents, {}) == account_plain.story_account(
        groups, documents, {}
    )


@pytest.mark.parametrize("first", range(len(BODIES)))
def test_account_equals_plain_for_each_pair(first: int) -> None:
    """Every body followed by every other (and by itself) merges as the plain code merges."""
    for second in range(len(BODIES)):
        _same_account([BODIES[first], BODIES[second]])


def test_account_equals_plain_on_shuffled_stories() -> None:
    """Stories of three to six bodies, passages reshuffled, merge as the plain code merges."""
    passages = [p for body in BODIES for p in body.split("\n\n") if p.strip()]
    rng = random.Random(7)
    for _ in range(60):
        bodies = ["\n\n".join(rng.sample(passages, rng.randint(1, 8))) for _ in range(6)]
        _same_account(bodies[: rng.randint(3, 6)])


def test_account_equals_plain_where_a_word_is_in_many_entries() -> None:
    """A word in more entries than COMMON is not looked up, in both."""
    lines = [f"Harbourmaster {k} counted {k + 1} unloaded containers yesterday" for k in range(80)]
    again = [f"Harbourmaster {k} counted {k + 1} unloaded containers today" for k in range(80)]
    _same_account(["\n\n".join(lines), "\n\n".join(reversed(again)), "\n\n".join(lines[::3])])


def test_account_equals_plain_for_passages_of_few_words() -> None:
    """Passages of five or six content words are looked up in their set's own order."""
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
    ]
    rng = random.Random(3)
    for _ in range(40):
        bodies = [
            "\n\n".join(
                " ".join(rng.sample(words, rng.randint(4, 7))) + f" {rng.randint(1, 3)}"
                for _ in range(rng.randint(2, 6))
            )
            for _ in range(4)
        ]
        _same_account(bodies)


def test_lowering_keeps_telling_marks() -> None:
    """No code point lowers to or from a mark that makes a passage telling (the kernel tells
    telling passages in a text Python lowered)."""
    telling = set(_TELLING)
    for code in range(0x110000):
        char = chr(code)
        assert (char in telling) == any(c in telling for c in char.lower())


QUOTES = [
    "We have waited years for this",
    "we have waited years for this!",
    "We waited years for this moment",
    "The cranes will arrive in spring",
    "the cranes arrive in spring, the authority said",
    "",
    "...",
    "Мы ждали этого годами",
    "мы ждали этого годами, сказала она",
    "ΣΟΦΟΣ ΛΟΓΟΣ ΣΑΣ",
    "σοφος λογος σας",
    "İstanbul İNCİ fairs",
    "istanbul inci fairs",
    "port_of_call 12 4",
    "Port_of_call 12 4 now",
    "a b",
    "a b c",
    "long longer longest longer",
]


def test_quote_groups_equal_plain() -> None:
    """Wordings, in many orders, are grouped into quotes as the plain code groups them."""
    rng = random.Random(11)
    for _ in range(200):
        texts = list(dict.fromkeys(rng.sample(QUOTES, rng.randint(1, len(QUOTES)))))
        assert _clusters(texts) == plain_clusters(texts)


def test_quote_groups_with_astral_characters_equal_plain() -> None:
    """A story with a code point beyond the BMP is grouped by the plain code."""
    texts = ["Ship 🚢 cranes arrive in spring", "ship cranes arrive in spring 🚢", "𝐁old words"]
    assert _clusters(texts) == plain_clusters(texts)
