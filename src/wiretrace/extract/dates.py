"""Publication dates from text lines and metadata, normalised to ISO 8601 dates."""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as dateparser

_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
_DATE_LINE = re.compile(
    rf"^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"(\d{{1,2}}\s+({_MONTHS})\.?,?\s+\d{{4}}|({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(\s*(at\s*)?\d{{1,2}}[:.]\d{{2}}(\s*[ap]\.?m\.?)?(\s*[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)

_WRITTEN_DATE = re.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+\d{{4}}|"
    rf"({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
WRITTEN_DATE_CHARS = 5000  # a page states its date near its top


def first_written_date(text: str) -> str | None:
    """The first full date written out near the top of a page's text (`March 3, 2024`,
    `3 March 2024`, `2024-03-03`), as an ISO date."""
    match = _WRITTEN_DATE.search(text, 0, WRITTEN_DATE_CHARS)
    return normalise_date(match.group(0)) if match else None


def is_date_line(text: str) -> bool:
    """A line that is only a date (and maybe a time)."""
    return bool(_DATE_LINE.match(text.strip()))


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a written date, or None when it cannot be read."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        parsed = dateparser.parse(value, fuzzy=True, default=None)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not (1900 <= parsed.year <= date.today().year + 1):
        return None
    return parsed.date().isoformat()
