"""The cleaner's shortcuts (gates, token counts, compiled scans) give what the plain rules give."""

from __future__ import annotations

import random

import numpy as np
import pytest
import xxhash

from test_extract_gates import _plain_credit
from wiretrace.extract import credit, kernels, language, lexicon, rules, site
from wiretrace.extract.text import split_lines
from wiretrace.sketch import kernels as sketch_kernels

APPEAL_VOCAB = (
    "donate donations Support supporters subscribe SUBSCRIBER contribute contributors advertise "
    "newsletter member members membership paywall journalism reader readers Help helpful funding "
    "fund funds premium unlock inbox register patreon sign up Sign Up signup free trial trials "
    "the you we our _ - ' ’ “ ” — 1 2 x é"
)
PHOTO_VOCAB = (
    "Getty Images|GETTY images|alamy|Alamy Stock Photo|shutterstock|iStock|istockphoto|AP Photo|"
    "AFP photo|EPA-EFE|Reuters/John Doe|file photo|stock photo|photo credit|(|)|( photo )|(Pic)|"
    "pics|photograph|image|.|/|-|the|x|é|’|“|\n| |  |ſ"
)


def _texts(vocab: list[str], seps: list[str], count: int, seed: int) -> list[str]:
    """Random texts of up to a dozen words of `vocab`, joined by `seps`."""
    rng = random.Random(seed)
    return [
        "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randrange(1, 12)))
        for _ in range(count)
    ]


def test_appeal_hits_count_what_the_regex_finds() -> None:
    seps = [" ", "  ", "-", "_", "’", ".", ",", "", "\t", "'", "…"]
    for text in _texts(APPEAL_VOCAB.split(" "), seps, 20000, 1):
        low = rules.gate_form(text)
        assert rules.appeal_hits(text, low) == len(lexicon.APPEAL_WORDS.findall(text)), text


def _plain_caption(text: str) -> bool:
    """is_caption with the photo-credit regex in one piece and no gate."""
    if lexicon.PHOTO_LEAD.match(text) and rules.word_count(text) <= 40:
        return True
    if text.count("-") >= 7 and lexicon.SLUG.search(lexicon.URL.sub(" ", text)):
        return True
    return bool(lexicon.PHOTO_END.search(text[-160:]))


def test_caption_gates_agree_with_the_whole_regex() -> None:
    for text in _texts(PHOTO_VOCAB.split("|"), [" "], 20000, 3):
        assert rules.is_caption(text) == _plain_caption(text), text


@pytest.mark.parametrize(
    "text",
    [
        "see example.com",
        "mail me@host.org now",
        "http://x",
        "www.a.b",
        "a.co.uk b",
        "x.io",
        "a.news",
    ],
)
def test_domain_gate_passes_every_domain(text: str) -> None:
    assert lexicon.DOMAIN.search(text)
    assert any(map(text.__contains__, lexicon.DOMAIN_GATE))


def test_only_a_long_line_ending_in_a_parenthesis_is_suspect_for_it() -> None:
    prose = "The council met on Tuesday evening and voted to approve the new budget for schools"
    inside = f"{prose} (after a long debate) and then everyone went home for the night."
    ending = f"{prose} and then everyone went home for the night (Reuters pic)."
    lines = split_lines(f"{inside}\n{ending}")
    assert [line.suspect for line in lines] == [False, True]
    assert rules.is_caption(ending) and not rules.is_caption(inside)


CREDIT_TEXTS = [
    "\u00a0AP\u00a0\nThe minister said.",
    "Talks resumed.\n\u2003Reuters\u2003",
    "Talks resumed.\r\nAFP\r\nMore text.",
    "Talks ended \u2014 Reuters \u00a0",
    "He told\u00a0AP on Monday. The AP\u00a0said no.",
    "A (\u00a0AFP\u00a0) report; (AFP)\u00a0\u2014 Paris",
    "with Reuters\u00a0\u00a0\nwith AFP,\nwith dpa",
    "a\u2028AP\u2029 said \u0085 AFP \u000b",
    "Agence France-Presse\nAgence France Presse contributed",
    "Kyodo News reporter said Kyodo\nKyodo",
    "© 2024 AAP. Australian Associated Press said",
    "\ud800 lone surrogate then (AP) \u2014 text",
]


@pytest.mark.parametrize("text", CREDIT_TEXTS)
def test_credit_marks_keep_every_rule_that_matches(text: str) -> None:
    assert credit.find_credit(text) == _plain_credit(text)
    assert credit.find_credit(text, min_score=1) == _plain_credit(text, min_score=1)


def test_credit_marks_agree_with_the_plain_scan_on_random_texts() -> None:
    vocab = [*credit.FORMS, "told", "the", "with", "according to", "said", "reporter", "(", ")"]
    vocab += ["—", "|", "-", "©", "contributed", "x", "\u00a0", "\n", "\r", "é"]
    for text in _texts(vocab, [" ", "", "\n", "\u00a0"], 5000, 5):
        assert credit.find_credit(text, min_score=1) == _plain_credit(text, min_score=1), text


def test_credit_marks_are_zero_without_an_agency_name() -> None:
    assert kernels.credit_marks("The minister said nothing (at all).\n— Editor") == 0
    assert kernels.credit_marks("(AP) —") & kernels.DATELINE


def _plain_keys_and_sizes(parts: list[str]) -> tuple[list[int], list[int]]:
    """`site.keys_and_sizes` by the sketch stage's token hashes over the joined code points."""
    word, lower, space = sketch_kernels.tables()
    codes = sketch_kernels.codes_of("\n".join(parts))
    hashes, starts = sketch_kernels.token_hashes(codes, word, lower)
    bounds = np.cumsum([0] + [len(p) + 1 for p in parts])
    cuts = np.searchsorted(starts, bounds).tolist()
    bounds[-1] = codes.size
    sizes = sketch_kernels.split_counts(codes, bounds, space).tolist()
    keys = [
        xxhash.xxh3_64_intdigest(hashes[cuts[i] : cuts[i + 1]].tobytes()) for i in range(len(parts))
    ]
    return keys, sizes


def test_passage_keys_and_sizes_match_the_sketch_tokens() -> None:
    rng = random.Random(11)
    vocab = [
        "Word",
        "word",
        "ÉTÉ",
        "x_1",
        "😀",
        "a😀b",
        "\ud800",
        "\udc00",
        "\n",
        " ",
        "\u00a0",
        "—",
    ]
    for _ in range(2000):
        parts = [
            "".join(rng.choice(vocab) for _ in range(rng.randrange(0, 9)))
            for _ in range(rng.randrange(1, 6))
        ]
        assert site.keys_and_sizes(parts) == _plain_keys_and_sizes(parts), parts


COMMENT_HEADS = [
    *("replies", "reply to", "replies to", "comment", "Comments", "readers' comments"),
    *("reader comments", "leave a reply", "Leave a comment", "post a comment", "add a comment"),
    *("show comments", "view comments", "join the discussion", "Join the conversation"),
    *("discussion", "responses", "what readers are saying", "What you say", "reader views"),
    *("12 comments", "3 replies", "1 response"),
]


@pytest.mark.parametrize("head", COMMENT_HEADS)
def test_every_comment_header_is_a_suspect_line(head: str) -> None:
    for lead in ("", "12. ", "1.", "4 ", "7. 8 "):
        for tail in ("", ":", " (245)", "(1)(2)(3)(4)(5)(6)(7)(8)(9)(10)(11)(12)(13)(14)(15)(16)"):
            text = f"{lead}{head}{tail}"
            assert rules.is_comment_header(text), text
            page = f"A first line of the article that runs on for a while.\n  {text}  \nMore."
            assert all(line.suspect for line in split_lines(page) if line.text == text), text


def test_stop_word_tables_hold_the_language_letters_and_lower_cases() -> None:
    _, _, lower, letter = kernels._stop_tables()
    for c in range(0x10000):
        low = chr(c).lower()
        if c == 0x130 or 0xD800 <= c <= 0xDFFF:  # a sample holding one is left to str methods
            assert letter[c] == 2
            continue
        assert lower[c] == ord(low), hex(c)
        assert letter[c] == bool(language._WORD.fullmatch(low)), hex(c)
