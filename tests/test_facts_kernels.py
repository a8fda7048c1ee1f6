"""The compiled scan of a body for numbers (`facts_kernels.numbers`) against its twin by the
pattern, and the facts read from it against the facts read by the patterns alone."""

from __future__ import annotations

import random

import pytest

from wiretrace.consolidate.facts import (
    day_word_ends,
    document_facts,
    document_facts_by_pattern,
    number_rows_by_pattern,
)
from wiretrace.consolidate.facts_kernels import numbers, scan
from wiretrace.model import Document

TEXTS = [
    "",
    "7",
    "On Monday 12 people were missing after the flood; by Tuesday 11 people missing.",
    "About 28,000 homes lost power on 3 March 2024, and 1.5 million were warned.",
    "More than 6,000 residents left Port Elvan in June 2023; 45% of them came back.",
    "The F-16 flew 10:30 on v2 for $5 and 1950-53, per cent 12 percent 3 per cent",
    "In 1998 the council met; 2,500 thousand votes, 12 million, 3 billions of things.",
    "Yesterday the minister said 14 workers were injured. Tomorrow, 3 more arrive tonight.",
    "Last night next Friday the 21st of Sept. 4 people 19 June, 2024 and June 19, 2024.",
    "Ни 12 человек, «25 домов» — 3 000 жителей; 7\u00a0people and 8\u2009cars.",
    "Numbers: 1.2.3 items, 4,,5 boats, 6., 7.5 metres long and 40 years old.",
    "\u201c12 people\u201d said the report \u2018on Monday\u2019; 30 tonnes of aid.",
    "A holiday today, todays, Sunday's 3 games; midnight tomorrows 5 tomorrow",
    "Jan 5 Feb. 6 Sept. 7 May 2020 Mar 2021 December 25 2030 nov 3",
    "12\tpeople\tfled 13  dogs   barked 14 Cats-and-dogs' o'clock",
]


def _generated(count: int) -> list[str]:
    """Random texts of digits, separators, letters, month names and odd characters."""
    pieces = [
        "1",
        "20",
        "300",
        "2024",
        "1,500",
        "2.5",
        " ",
        "\t",
        "\n",
        ",",
        ".",
        "-",
        "$",
        ":",
        "people",
        "Monday",
        "today",
        "last night",
        "Last  night",
        "tonight",
        "Tomorrow",
        "tomorrows",
        "yesterday",
        "Sunday",
        "holiday",
        "day",
        "night",
        "morrow",
        "_",
        "ü",
        "June",
        "Sept.",
        "million",
        "%",
        "per cent",
        "the",
        "of",
        "é",
        "Ж",
        "\u2019",
        "\u00a0",
        "killed",
        "homes",
    ]
    rng = random.Random(7)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(count)]


@pytest.mark.parametrize("text", TEXTS + _generated(400))
def test_numbers_match_the_pattern(text: str) -> None:
    assert numbers(text) == number_rows_by_pattern(text)


@pytest.mark.parametrize("text", TEXTS + _generated(400))
def test_facts_match_the_patterns(text: str) -> None:
    for published in ("2025-03-14", None):
        doc = Document(id="d", source="d", body=text, published=published)
        assert document_facts(doc) == document_facts_by_pattern(doc)
        assert document_facts(doc, 20) == document_facts_by_pattern(doc, 20)


@pytest.mark.parametrize("text", TEXTS + _generated(400))
def test_day_word_ends_match_the_python_scan(text: str) -> None:
    found = scan(text)
    assert found is not None
    assert found[1] == day_word_ends(text)


def test_astral_text_is_declined_and_read_by_the_patterns() -> None:
    text = "Some 12 people \U0001f600 were missing on Monday."
    assert numbers(text) is None
    assert scan(text) is None
    doc = Document(id="d", source="d", body=text, published="2025-03-14")
    assert document_facts(doc) == document_facts_by_pattern(doc)
    assert document_facts(doc)[0].value == 12
