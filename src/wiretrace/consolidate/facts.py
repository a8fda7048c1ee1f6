"""A document's facts: numbers with what they count, years and dates (relative ones resolved
against the page's date); `story_facts` lists a story's, with the names it types.

Compiled rules over the text, no model: one pass of a date pattern and one of a number
pattern over each document (English words for approximation, months and weekdays; digits
in any script). Each document's facts keep a `key` (what a count counts, with the
word that says what happened: "people|missing") that `disagree` compares across documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from wiretrace.consolidate.changes import parse_time
from wiretrace.consolidate.facts_kernels import (
    BARE,
    DATED,
    DAY_WORD_ENDS,
    FUNCTION_WORDS,
    MEASURE_WORDS,
    MONTH_FORMS,
    WEEKDAY_NAMES,
    scan,
)
from wiretrace.model import Document

MAX_TEXT = 120  # characters of a fact's text
LEDE = 1500  # characters of a lone document's body its story's facts are read from (the
# facts of a story of one document are its lede's: reading the whole body cost as much as all
# the rest of the story's consolidation; stories of several documents read them whole)


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FULL_MONTHS = {
    full[:3].lower(): full
    for full in _words(
        "January February March April May June July August September October November December"
    )
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES)
_RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1}
# patterns tried only where a scan for digits or for "day"/"night" found something: anchored
# matches cost little, where a pattern searched over every character of every page would not
_DAY_MONTH = re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
)
_MONTH_BEFORE = re.compile(rf"\b(?P<m>{_MONTH})\s+$")
_DAY_YEAR = re.compile(
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,\d)(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?|(?P<y2>(?:19|20)\d\d)\b"
)
_DAY_WORD = re.compile(r"day\b")  # a literal first: the pattern engine skips ahead to it
_NIGHT_WORD = re.compile(r"night\b")
_MORROW = re.compile(r"morrow\b")
_RELATIVE_END = re.compile(
    r"\b(next\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[Yy]esterday|"
    r"[Tt]oday|[Tt]omorrow|[Tt]onight|[Ll]ast night)$"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_PERCENT = ("%", "per cent", "percent")
_STOP = FUNCTION_WORDS  # words that end what a number counts
_STOP_BYTES = frozenset(word.encode() for word in _STOP)
# words after a count that describe it rather than name what is counted
_MEASURE = MEASURE_WORDS
_COUNT_STOP_BYTES = frozenset(word.encode() for word in _STOP | _MEASURE)  # end a phrase


class Fact(NamedTuple):
    """One fact as a document states it (a tuple: made by the thousand, cheaply)."""

    kind: str  # count, year, date, place, person, organisation, name
    value: Any  # a number, an ISO date (or None: unresolved), a name
    text: str  # the words that state it
    key: str = ""  # what a count or date is about, to compare documents on
    approx: str = ""  # "about", "at least", "at most" (from the words before a number)
    counts: str | None = None  # what a count counts


def day_of(published: str | None) -> date | None:
    """The calendar day a page came out, when known."""
    moment = parse_time(published)
    return moment.date() if moment is not None else None


def _month(name: str) -> int:
    """Month number of a month name or abbreviation."""
    return _MONTH_NAMES.index(name.rstrip(".").lower()[:3]) + 1


def _iso(year: int | None, month: int, number: int | None) -> str | None:
    """An ISO date (year-month when no day is given), None when it is no date."""
    if year is None:
        return None
    if number is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, number).isoformat()
    except ValueError:
        return None


_RESOLVED: dict[tuple[str, bool, date], str] = {}  # `_relative`'s answers, remembered
RESOLVED_LIMIT = 1 << 16  # answers kept before the memory starts afresh


def _relative(word: str, ahead: bool, day: date | None) -> str | None:
    """`_resolve`, remembered (a story's pages mostly share their day and their words)."""
    if day is None:
        return None
    key = (word, ahead, day)
    found = _RESOLVED.get(key)
    if found is None:
        if len(_RESOLVED) >= RESOLVED_LIMIT:
            _RESOLVED.clear()
        found = _RESOLVED[key] = _resolve(word, ahead, day)
    return found


def _resolve(word: str, ahead: bool, day: date) -> str:
    """The ISO date a relative word (a weekday, yesterday, ...) names, seen from `day`: a
    weekday is the last one on or before it ("next Monday": the first one after)."""
    if word in _RELATIVE:
        return (day + timedelta(days=_RELATIVE[word])).isoformat()
    back = (day.weekday() - _WEEKDAYS.index(word)) % 7
    shift = ((7 - back) % 7 or 7) if ahead else -back
    return (day + timedelta(days=shift)).isoformat()


def _about(text: str, start: int) -> str:
    """The word a date or count is about: the content word before it (before "on", "of",
    "since", "until", "by": the word before that)."""
    word = word_before(text, start)
    if word in ("on", "of", "since", "until", "by"):
        return word_before(text, start, 1)
    return "" if word in _STOP else word


def _word_dates(text: str, day: date | None) -> list[tuple[int, int, Fact]]:
    """Relative dates (weekdays, yesterday, today, tomorrow, tonight, last night), found
    from where "day" or "night" ends a word (a literal the pattern engine skips to), then
    read back over the few characters before it."""
    found = []
    for match in [*_DAY_WORD.finditer(text), *_NIGHT_WORD.finditer(text), *_MORROW.finditer(text)]:
        dated = _word_date(text, match.end(), day)
        if dated is not None:
            found.append(dated)
    return found


def _word_date(text: str, end: int, day: date | None) -> tuple[int, int, Fact] | None:
    """The relative date whose word ends at `end`, read back over the characters before it."""
    word = _RELATIVE_END.search(text, max(0, end - 16), end)
    if word is None:
        return None
    start = word.start()
    value = _relative(word.group(2).lower(), word.group(1) is not None, day)
    return start, end, Fact("date", value, text[start:end], _about(text, start))


def _digit_date(text: str, start: int, day: date | None) -> tuple[int, int, Fact] | None:
    """The date written at a run of digits: "19 June [2024]", "June 19[, 2024]", "June 2024"."""
    match = _DAY_MONTH.match(text, start)
    if match is not None:
        year = match.group("y") or (day.year if day is not None else None)
        number = int(text[start : start + 2].rstrip("snrt \t"))
        value = _iso(int(year) if year else None, _month(match.group("m")), number)
        fact = Fact("date", value, match.group(0), _about(text, start))
        return start, match.end(), fact
    before = _MONTH_BEFORE.search(text, max(0, start - 12), start)
    if before is None:
        return None
    after = _DAY_YEAR.match(text, start)
    if after is None:
        return None
    month = _month(before.group("m"))
    if after.group("y2"):
        value = _iso(int(after.group("y2")), month, None)
    else:
        year = after.group("y") or (day.year if day is not None else None)
        value = _iso(int(year) if year else None, month, int(after.group("d")))
    first = before.start()
    fact = Fact("date", value, text[first : after.end()], _about(text, first))
    return first, after.end(), fact


def document_facts(doc: Document, limit: int | None = None) -> list[Fact]:
    """The numbers, years and dates a document states, in text order (in its first `limit`
    characters when given): where they stand found in one compiled scan of the text."""
    text = doc.body if limit is None else doc.body[:limit]
    day = day_of(doc.published)
    scanned = scan(text)
    if scanned is None:
        return _facts_by_pattern(text, day)
    rows, ends = scanned
    found = _dates_ending(text, ends, day)
    if rows:
        found.extend(_numbers_at(text, rows, day))
    found.sort(key=lambda item: item[0])
    return [fact for _, _, fact in found]


def document_facts_by_pattern(doc: Document, limit: int | None = None) -> list[Fact]:
    """`document_facts` by the patterns alone: the reference."""
    text = doc.body if limit is None else doc.body[:limit]
    return _facts_by_pattern(text, day_of(doc.published))


def _facts_by_pattern(text: str, day: date | None) -> list[Fact]:
    """The facts of a text found by the patterns (the way for a text the scan declines)."""
    found = _word_dates(text, day)
    found.extend(_number_facts(text, day))
    found.sort(key=lambda item: item[0])
    return [fact for _, _, fact in found]


def day_word_ends(text: str) -> list[int]:
    """Where "day", then "night", then "morrow" end a word (as the patterns `day\\b`,
    `night\\b` and `morrow\\b` find them) that a relative word ends with: the literals
    found by `str.find`, each list in text order (the twin of `facts_kernels.scan`'s)."""
    ends = []
    for literal, words in DAY_WORD_ENDS:
        at = text.find(literal)
        while at >= 0:
            end = at + len(literal)
            after = text[end : end + 1]
            if not (after.isalnum() or after == "_") and text.endswith(words, 0, end):
                ends.append(end)
            at = text.find(literal, end)
    return ends


def _dates_ending(text: str, ends: list[int], day: date | None) -> list[tuple[int, int, Fact]]:
    """The relative dates ending where the scan found a relative word's end (as `_word_dates`
    reads them)."""
    found = []
    for end in ends:
        dated = _word_date(text, end, day)
        if dated is not None:
            found.append(dated)
    return found


def _numbers_at(
    text: str, numbers: list[list[int]], day: date | None
) -> list[tuple[int, int, Fact]]:
    """Counts, years and dates at the numbers the scan found (as `_number_facts` reads them)."""
    found = []
    taken_to = 0  # the end of the last date: its day and year are no numbers of their own
    for start, end, scale_end, tail_end, flags in numbers:
        if start < taken_to:
            continue
        if flags & DATED:
            dated = _digit_date(text, start, day)
            if dated is not None:
                found.append(dated)
                taken_to = dated[1]
                continue
        if flags & BARE:
            continue
        fact = _count_fact(text, start, end, scale_end, tail_end)
        if fact is not None:
            found.append((start, tail_end, fact))
    return found


# the numbers are scanned in the text as ASCII bytes (one byte a code point: "?" for any
# other) with every digit made "0": a pattern that opens on a literal is searched for in C,
# and one match hands over the number, its scale and the words after it
_DIGIT_MASK = bytes.maketrans(b"123456789", b"000000000")
_NUMBER_SCAN = re.compile(
    rb"(?P<n>0(?:[0,.]*0)?)(?P<scale>[ \t]?(?:million|billion|thousand|%|per cent|percent)"
    rb"(?![A-Za-z]))?(?P<tail>(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,6})"
)
_INSIDE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,/-:$")
_MONTH_WORDS = frozenset(word.encode() for word in MONTH_FORMS)


def _number_facts(text: str, day: date | None) -> list[tuple[int, int, Fact]]:
    """Counts, years and dates written with digits, with where each stands."""
    masked = text.encode("ascii", "replace").translate(_DIGIT_MASK)
    found = []
    taken_to = 0  # the end of the last date: its day and year are no numbers of their own
    for match in _NUMBER_SCAN.finditer(masked):
        start = match.start()
        if start < taken_to or (start and masked[start - 1] in _INSIDE):
            continue  # inside a token: "F-16", "1950-53", "10:30", "v2", "$5" (money: left)
        size = match.end("n") - start
        tail = match.group("tail").split()
        if size <= 2 or size == 4:
            dated = _digit_date(text, start, day) if _near_month(masked, start, tail) else None
            if dated is not None:
                found.append(dated)
                taken_to = dated[1]
                continue
        fact = _number_fact(text, masked, match, tail)
        if fact is not None:
            found.append((start, match.end(), fact))
    return found


def number_rows_by_pattern(text: str) -> list[list[int]]:
    """`facts_kernels.numbers` by the pattern: the twin the compiled scan is tested against."""
    masked = text.encode("ascii", "replace").translate(_DIGIT_MASK)
    rows = []
    for match in _NUMBER_SCAN.finditer(masked):
        start = match.start()
        if start and masked[start - 1] in _INSIDE:
            continue
        size = match.end("n") - start
        tail = match.group("tail").split()
        flags = DATED if (size <= 2 or size == 4) and _near_month(masked, start, tail) else 0
        scale = match.group("scale")
        percent = (scale or b"").strip().decode() in _PERCENT
        if (
            not percent
            and (size != 4 or scale)
            and (not tail or tail[0].lower() in _COUNT_STOP_BYTES)
        ):
            flags |= BARE
        if flags != BARE:
            scale_end = match.end("scale") if scale else -1
            rows.append([start, match.end("n"), scale_end, match.end(), flags])
    return rows


def _near_month(masked: bytes, start: int, tail: list[bytes]) -> bool:
    """Whether a month name stands right before a number or first after it."""
    if tail and tail[0] in _MONTH_WORDS:
        return True
    before = masked[max(0, start - 11) : start].split()
    return bool(before) and before[-1] in _MONTH_WORDS


_TRAILING = ",.;:!?)]”\"'’"
_STRIPPED = _TRAILING + "(“‘"
# how the words before a number qualify it: about, at least (a lower bound), at most
_QUALIFIERS = {
    **dict.fromkeys(
        _words("about around some nearly almost roughly approximately estimated"), "about"
    ),
    **dict.fromkeys(["over", "more than", "at least", "upwards of"], "at least"),
    **dict.fromkeys(["under", "up to", "fewer than", "less than", "at most"], "at most"),
    "close to": "about",
}


def word_before(text: str, start: int, skip: int = 0) -> str:
    """The word (lowercase, punctuation stripped) before a position; `skip` words passed over."""
    words = text[max(0, start - 40) : start].split()
    if len(words) <= skip:
        return ""
    return words[-1 - skip].strip(_STRIPPED).lower()


def _qualifier(text: str, start: int) -> str:
    """How the words before a number qualify it: "about", "at least", "at most" or ""."""
    words = text[max(0, start - 24) : start].lower().split()
    if not words:
        return ""
    return _QUALIFIERS.get(" ".join(words[-2:])) or _QUALIFIERS.get(words[-1], "")


def _before_count(text: str, start: int) -> str:
    """The content word before a count, past its qualifier and function words
    ("the evacuation of more than 6,000 people": evacuation)."""
    words = text[max(0, start - 60) : start].lower().split()
    for word in reversed(words[-5:]):
        word = word.strip(_TRAILING + "(“‘")
        if word and word not in _STOP and word not in _QUALIFIERS and word.isalpha():
            return word
        if not word or word[-1:] in ",.;:":
            break
    return ""


def _counted(words: Sequence[str]) -> list[str]:
    """The words after a number up to the first stop word, three at most (what it counts)."""
    phrase: list[str] = []
    for word in words[:3]:
        low = word.lower()
        if low in _STOP or low in _MEASURE or (phrase and low.endswith(("ed", "ing"))):
            break  # a function word, a measure word, a verb form after the noun
        phrase.append(word)
    return phrase


def _context(text: str, start: int, words: Sequence[str], phrase_len: int) -> str:
    """The word that says what happened to a count: the first content word after what it
    counts (within three words), else the word before the number."""
    for word in words[phrase_len : phrase_len + 3]:
        low = word.lower()
        if low not in _STOP and low not in _MEASURE:
            return low
    return _before_count(text, start)


def _noun_key(word: str) -> str:
    """What a count counts, compared loosely (case and a plural s aside)."""
    low = word.lower().strip("'’")
    return low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low


def _number_fact(
    text: str, masked: bytes, match: re.Match[bytes], tail: list[bytes]
) -> Fact | None:
    """The fact a scanned number states: a year, or a count with what it counts (None: a
    bare number, with nothing counted)."""
    start, size = match.start(), match.end("n") - match.start()
    if size != 4 and not match.group("scale") and (not tail or tail[0].lower() in _STOP_BYTES):
        return None  # a bare number ("5 of the", "in 12,"): nothing counted, no year
    scale_end = match.end("scale") if match.group("scale") else -1
    return _count_fact(text, start, match.end("n"), scale_end, match.end("tail"))


def _count_fact(text: str, start: int, end: int, scale_end: int, tail_end: int) -> Fact | None:
    """The fact a number not bare states (its digits end at `end`, its scale at `scale_end`,
    -1 when it has none, and the words after it at `tail_end`)."""
    digits = text[start:end]
    if digits.count(".") > 1:
        return None
    value: float = float(digits.replace(",", ""))
    unit = text[end:scale_end].strip() if scale_end >= 0 else ""
    if unit:
        value *= _SCALES.get(unit, 1)
    words = text[scale_end if scale_end >= 0 else end : tail_end].split()
    phrase = [] if unit in _PERCENT else _counted(words)
    if (
        not unit
        and len(digits) == 4
        and 1800 <= value <= 2100
        and not (phrase and phrase[0][0].islower() and phrase[0].endswith("s"))
    ):
        return Fact("year", int(value), digits)
    counts = "%" if unit in _PERCENT else (phrase[-1] if phrase else None)
    if counts is None:
        return None
    end = scale_end if unit else end
    number = int(value) if value == int(value) else value
    written = text[start:end] + (" " + " ".join(phrase) if phrase else "")
    key = f"{_noun_key(counts)}|{_context(text, start, words, len(phrase))}"
    return Fact("count", number, written[:MAX_TEXT], key, _qualifier(text, start), counts.lower())
