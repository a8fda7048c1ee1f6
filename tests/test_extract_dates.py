"""Dates written out in a page's text, in English and other languages."""

from __future__ import annotations

import pytest

from wiretrace.extract.dates import first_written_date, normalise_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Posted March 3, 2024 by the desk", "2024-03-03"),
        ("Опубликовано 12 марта 2021, 14:35", "2021-03-12"),
        ("Оновлено 1 грудня 2022", "2022-12-01"),
        ("Publicado el 3 de marzo de 2024", "2024-03-03"),
        ("Publié le 14 juillet 2023", "2023-07-14"),
        ("am 7. März 2022 um 10 Uhr", "2022-03-07"),
        ("Δημοσίευση 5 Μαΐου 2023", "2023-05-05"),
        ("5 μαιου 2023", "2023-05-05"),
        ("opublikowano 2 września 2020", "2020-09-02"),
        ("Обновлено: 12.03.2021 10:00", "2021-03-12"),
    ],
)
def test_first_written_date_reads_many_languages(text: str, iso: str) -> None:
    """A date written in words of several languages, or with points (day first), is read."""
    assert first_written_date(text) == iso


@pytest.mark.parametrize(
    "text", ["version 1.12.2024.5 released", "31.02.2021", "12 марта", "Marco 3 2024 Rossi"]
)
def test_first_written_date_leaves_what_is_not_a_date(text: str) -> None:
    """Version numbers, impossible days and dates without a year give no date."""
    assert first_written_date(text) is None


def test_english_date_first_even_when_another_comes_earlier() -> None:
    """The English reading keeps its precedence: the other readings only fill a gap."""
    assert first_written_date("12.03.2021 then March 3, 2024") == "2024-03-03"


def test_normalise_date_reads_points_day_first_and_other_months() -> None:
    """A record's own date in a European or Russian form comes out as the ISO day."""
    assert normalise_date("12.03.2021") == "2021-03-12"
    assert normalise_date("12 марта 2021") == "2021-03-12"
    assert normalise_date("2021-03-12T10:00:00+03:00") == "2021-03-12"
    assert normalise_date("not a date at all") is None
