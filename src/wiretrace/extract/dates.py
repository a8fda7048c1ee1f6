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

# month names of other languages written with spaces, as dates write them (Slavic and Greek
# in the genitive: "12 марта 2021"), numbered 1-12
_MONTH_NAMES = {
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "el": "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου "
    "σεπτεμβρίου οκτωβρίου νοεμβρίου δεκεμβρίου",
}
_MONTH_NUMBER = {
    name: k + 1 for names in _MONTH_NAMES.values() for k, name in enumerate(names.split())
}
_MONTH_NUMBER.update({"jänner": 1, "fevrier": 2, "aout": 8, "decembre": 12, "setiembre": 9})
_MONTH_NUMBER.update({"μαιου": 5})  # Greek is often written without its accents
_MONTH_NUMBER.update(
    {name.translate(str.maketrans("άέήίόύώΐ", "αεηιουωι")): n for name, n in _MONTH_NUMBER.items()}
)
_OTHER_DATE = re.compile(
    r"\b(\d{1,2})\.?\s+(?:de\s+)?("
    + "|".join(sorted(map(re.escape, _MONTH_NUMBER), key=len, reverse=True))
    + r")\.?,?\s+(?:de\s+)?(\d{4})\b",
    re.IGNORECASE,
)
# day first, as every convention that writes dates with points does ("12.03.2021")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]|\.\d)")


def first_written_date(text: str) -> str | None:
    """The first full date written out near the top of a page's text (`March 3, 2024`,
    `3 March 2024`, `2024-03-03`; else one in another language, `12 марта 2021`,
    `3 de marzo de 2024`, `12.03.2021`), as an ISO date."""
    match = _WRITTEN_DATE.search(text, 0, WRITTEN_DATE_CHARS)
    if match:
        return normalise_date(match.group(0))
    found = [
        m for m in (p.search(text, 0, WRITTEN_DATE_CHARS) for p in (_OTHER_DATE, _DOTTED_DATE)) if m
    ]
    return other_date(min(found, key=lambda m: m.start()).group(0)) if found else None


def other_date(value: str) -> str | None:
    """An ISO date from a date in another language's words or with points (day first)."""
    match = _OTHER_DATE.fullmatch(value) or _DOTTED_DATE.fullmatch(value)
    if match is None:
        return None
    day, month, year = match.groups()
    number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month.lower())
    try:
        found = date(int(year), number or 0, int(day))
    except ValueError:
        return None
    return found.isoformat() if 1900 <= found.year <= date.today().year + 1 else None


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
    if (found := other_date(value)) is not None:
        return found
    try:
        parsed = dateparser.parse(value, fuzzy=True, default=None)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not (1900 <= parsed.year <= date.today().year + 1):
        return None
    return parsed.date().isoformat()
