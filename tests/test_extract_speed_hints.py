"""The compiled line pass's gate hints: the same bits and appeal words as `rules.line_hints`,
and the same verdicts with them as without."""

from __future__ import annotations

import pytest

from test_extract_kernels import pages
from wiretrace.extract import kernels, rules


@pytest.mark.parametrize("raw", pages())
def test_hints_match_the_plain_hints(raw: str) -> None:
    found = kernels.page_lines(raw)
    if found is None:
        return
    text, rows = found
    for _, start, end, _, n, _, flags, gates, hits in rows.tolist():
        own = text[start:end]
        if flags:
            assert (gates, hits) == rules.line_hints(own), own
            assert rules.line_reason(own, n=n, gates=gates, hits=hits) == rules.line_reason(own)
            html = rules.line_reason(own, html=True, n=n, gates=gates, hits=hits)
            assert html == rules.line_reason(own, html=True)


@pytest.mark.parametrize(
    "line",
    [
        "Support our journalism: subscribe to our newsletter today, we need your help",
        "Please sign up for our free trial and help us",
        "Photo taken near the river (Getty Images)",
        "Visit www.example.com for more",
        "Reporting by Jane Doe; she can be reached at jane@example.com",
        "Share this story with your friends",
    ],
)
def test_gated_verdicts_match(line: str) -> None:
    gates, hits = rules.line_hints(line)
    n = rules.word_count(line)
    for html in (False, True):
        expected = rules.line_reason(line, html=html)
        assert rules.line_reason(line, html=html, n=n, gates=gates, hits=hits) == expected
