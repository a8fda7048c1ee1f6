"""Extract stage fast paths: cheap gates and counts must agree with the plain rules they skip."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from wiretrace.extract import credit, language, rules
from wiretrace.extract.dates import is_date_line
from wiretrace.extract.text import Line, norm, split_lines

TRICKY = [
    "",
    "-",
    "___ ___",
    "The minister said on Monday that it was “fine” — and it wasn’t…",
    "U.S.-China talks: 1,000 delegates’ $5.6bn plan",
    "İstanbul İİ Straße ſupport K kelvin ı",
    "Café crème à la carte, naïve résumé",
    "tab\tseparated\x1fwords  and   spaces ",
    "«Quoted» ‘long quoted phrase here’ you’re we’ll",
    "Σ ΟΔΟΣ’Α ΟΔΟΣ.",
]
FURNITURE = [
    "Share on facebook",
    "Total Views: 61",
    "1 2 3 6,098",
    "Related Posts",
    "NEXT Storm season starts early in the south",
    "The ferry at dawn in Brelle harbour. (AP pic)",
    "ferry-arrives-in-brelle-harbour-at-dawn-on-monday Ferry at dawn Alamy Stock Photo",
    "Support from readers like you keeps our newsroom open. Please donate what you can.",
    "Sign up for our morning newsletter.",
    "The Brelle Herald – www.brelleherald.com",
    "Monday, 12 January 2024 at 10:30 a.m. EST",
    "© AFP 2024",
    "Read more: Storm season starts early in the south as the coast braces for "
    "a long and difficult summer with many more storms than usual expected by all",
    "With reporting by Ines Carvalho and Tomas Ruel in Brelle and by the agency's "
    "correspondents in the capital, who followed the ferry line for two long years",
    "Photo: the ferry at dawn in Brelle harbour on Monday, a day before the first "
    "crossing with freight only, as the council and the traders had asked for",
    "Our reporters work hard for you every day of the year: support us and our work "
    "with a donation today so that we can keep on reporting from the harbour town",
    "Officials in the harbour town of Brelle said on Monday that the new ferry line would "
    "open in spring, after two years of delays caused by a shortage of steel, reporters "
    "can be reached at desk@brelle.example for questions about this story.",
    "Officials in the harbour town of Brelle said on Monday that the new ferry line "
    "would open in spring, after two years of delays caused by a shortage of steel (Getty Images)",
]


@pytest.mark.parametrize("text", TRICKY + FURNITURE)
def test_counts_match_the_word_regex(text: str) -> None:
    assert rules.word_count(text) == len(rules.words(text))
    assert rules.lower_words(text) == rules.words(text.lower())


def test_scan_page_counts_and_suspects() -> None:
    texts = [line.text for line in split_lines("\n".join(TRICKY + FURNITURE))]
    for text, (n, chars, suspect) in zip(texts, rules.scan_page(texts), strict=True):
        found = rules.words(text)
        assert n == len(found)
        assert chars in (-1, len("".join(found)))
        cut = (
            is_date_line(text)
            or credit.is_credit_line(text)
            or rules.line_reason(text)
            or rules.line_reason(text, html=True)
        )
        assert suspect or not cut, text


def test_line_shape_is_the_key_shape() -> None:
    for line in split_lines("\n".join(TRICKY + FURNITURE)):
        assert isinstance(line, Line)
        key = norm(line.text)
        assert line.shape == (len(key.split()), len(key))


def _plain_credit(text: str, min_score: int = 2) -> str | None:
    """find_credit without its gates: every rule scans the whole text."""
    scores: Counter[str] = Counter()
    for weight, patterns in credit._RULES:
        for pattern in patterns:
            for match in pattern.finditer(text):
                name = credit.canonical(match.group("a"))
                if name:
                    scores[name] += weight
    return credit.best_credit(scores, min_score)


CONTEXTS = [
    "SEOUL ({}) — Talks resumed.",
    "© {} 2024",
    "{} | Seoul",
    "{}",
    "The {} contributed to this report.",
    "(with {})",
    "Talks resumed. — {}",
    "he told {} on Monday",
    "a {} correspondent said",
    "according to the {}, talks resumed",
    "the {} reported on Monday",
    "xAustralian {} said",
    "{} Association said",
]


def test_spellings_are_what_the_agency_patterns_match() -> None:
    for canon, written in credit.AGENCIES.items():
        for form in credit.spellings(written):
            assert re.fullmatch(written, form), form
            assert credit.canonical(form) == canon


def test_credit_gates_agree_with_the_plain_scan() -> None:
    for form, (a, b) in itertools.product(credit.FORMS, itertools.combinations(CONTEXTS, 2)):
        for sep in ("\n", " ", "\n\n"):
            text = sep.join([a.format(form), b.format(form), "The minister said."])
            assert credit.find_credit(text) == _plain_credit(text), text


def _plain_language(text: str, min_share: float = 0.15) -> str | None:
    """guess_language word by word, as first written."""
    tokens = [t.lower() for t in re.findall(r"[^\W\d_]+", text[:5000])]
    if len(tokens) < 10:
        return None
    hits = dict.fromkeys(language._SETS, 0)
    for token in tokens:
        for lang in language._LANGS_OF.get(token, ()):
            hits[lang] += 1
    lang, count = max(hits.items(), key=lambda kv: kv[1])
    return lang if count / len(tokens) >= min_share else None


@pytest.mark.parametrize(
    "text",
    [
        " ".join(TRICKY + FURNITURE),
        "İstanbul der die das und ist nicht zu den von mit sich " * 3,
        "Le chat est sur la table et il dort dans une boîte pour toujours " * 2,
        "O menino não está em casa com a mãe e o pai, para o almoço da família",
    ],
)
def test_language_words_agree_with_the_regex(text: str) -> None:
    assert language.guess_language(text) == _plain_language(text)
