"""JSONL dumps: lines read within the page size limit (a longer one never held whole), one
page per record, a problem for each bad line, field or date."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import orjson
from dateutil import parser as dateparser

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.walk import doc_id

SKIP_BYTES = 1 << 20  # the rest of an over-long JSONL line is read past this much at a time


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def bounded_lines(stream: BinaryIO, limit: int, size: int | None = None) -> Iterator[bytes | int]:
    """The lines of a stream (the next `size` bytes of it, or all), none held longer than
    `limit` bytes: a longer line is read past in chunks and given as its length alone."""
    left = size
    while left is None or left > 0:
        line = stream.readline(limit + 1 if left is None else min(limit + 1, left))
        if not line:
            return
        if left is not None:
            left -= len(line)
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while left is None or left > 0:
            rest = stream.readline(SKIP_BYTES if left is None else min(SKIP_BYTES, left))
            if not rest:
                break
            length += len(rest)
            if left is not None:
                left -= len(rest)
            if rest.endswith(b"\n"):
                break
        yield length


def jsonl_lines(path: Path, limit: int | None = None) -> Iterator[bytes | int]:
    """The raw lines of a (possibly gzipped) JSONL file, streamed; with a `limit`, a line
    longer than it comes as its length alone (it is never held whole)."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as stream:
        if limit is None:
            yield from stream
        else:
            yield from bounded_lines(stream, limit)


_FIELDS = ("url", "title", "outlet", "published", "date")


def _field(record: dict, name: str) -> str | None:
    """A string field of a JSONL record (a number as its digits), or None."""
    value = record.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _kind(value: object) -> str:
    """What a JSON value is, in JSON's words."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, int | float) else "a string"


def date_problem(value: str, latest: date | None = None) -> str | None:
    """Why a publication date is not kept (None: it is a plausible full date): it must name a
    year, a month and a day, from 1900 to tomorrow (`"29"` is not one: read with today's
    month and year it became a date in the future); `latest`: tomorrow, if known already."""
    iso = _ISO_DATE.match(value)
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        else:  # a written date: it names year, month and day when no default shows through
            one = dateparser.parse(value, fuzzy=True, default=datetime(1904, 1, 1))
            two = dateparser.parse(value, fuzzy=True, default=datetime(1908, 2, 2))
            if one.date() != two.date():
                return "not a full date (year, month and day)"
            day = one.date()
    except (ValueError, OverflowError, TypeError):  # dateutil's ParserError is a ValueError
        return "not a date"
    if day.year < 1900:
        return "before 1900"
    if day > (latest or date.today() + timedelta(days=1)):
        return "in the future"
    return None


def parse_json(raw: bytes) -> object:
    """One JSON value: orjson for speed, the standard parser for what orjson refuses
    (lone surrogates, huge integers) and for its clearer error messages."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = json.loads(raw)
    if isinstance(value, dict):  # lone surrogates cannot be stored: they become U+FFFD
        return {k: _scrub(v) for k, v in value.items()}
    return value


def _scrub(value: object) -> object:
    """A string made valid UTF-8 (lone surrogates replaced); other values as they are."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def read_jsonl(
    path: Path,
    lines: Iterable[bytes | int],
    config: ReadConfig,
    first: int = 1,
    name: str | None = None,
) -> Iterator[Page | Problem]:
    """One page per JSON line with `id` and `text` or `html`; bad lines become problems
    (`first` is the number of the first of these lines in the file; a line given as its
    length alone was too long to read). A record whose `id` is not a string or an integer,
    or whose `text`/`html` is not a string, is a problem and not read; a metadata field that
    is not a string (or a number) is dropped with a problem, and so is a `published` date that
    is not a plausible full date (the page is kept: the extractor may find its date)."""
    latest = date.today() + timedelta(days=1)  # once, not once a record
    for number, raw in enumerate(lines, start=first):
        where = f"{path}:{number}"
        if isinstance(raw, int) or len(raw) > config.max_page_bytes:
            size = raw if isinstance(raw, int) else len(raw)
            yield Problem(
                where, f"record too large ({size:,} bytes; limit {config.max_page_bytes:,})"
            )
            continue
        if not raw.strip():
            continue
        try:
            record = parse_json(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Problem(where, f"malformed JSON ({exc.__class__.__name__}: {exc})")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "JSON line is not an object")
            continue
        yield from record_page(record, where, path, number, name, latest)


def record_page(
    record: dict, where: str, path: Path, number: int, name: str | None, latest: date
) -> Iterator[Page | Problem]:
    """The page of one JSONL record, after the problems it has (see `read_jsonl`)."""
    raw_id = record.get("id")
    if raw_id is not None and not (
        isinstance(raw_id, str) or (isinstance(raw_id, int) and not isinstance(raw_id, bool))
    ):
        yield Problem(where, f"`id` is {_kind(raw_id)}, not a string or integer; record not read")
        return
    for key in ("text", "html"):
        if record.get(key) is not None and not isinstance(record[key], str):
            yield Problem(where, f"`{key}` is {_kind(record[key])}, not a string; record not read")
            return
    text, html = record.get("text"), record.get("html")
    if not (text or html):
        yield Problem(where, "record has no `text` or `html`")
        return
    fields: dict[str, str | None] = {}
    dropped = []
    for key in _FIELDS:
        value = record.get(key)
        if isinstance(value, dict | list | bool):
            dropped.append(f"`{key}` ({_kind(value)})")
        else:
            fields[key] = _field(record, key)
    if dropped:
        yield Problem(where, f"field(s) dropped, not a string: {', '.join(dropped)}")
    published = fields.get("published") or fields.get("date")
    if published and (why := date_problem(published, latest)):
        yield Problem(where, f"publication date {published[:60]!r} dropped: {why}")
        published = None
    yield Page(
        id=_field(record, "id") or f"{name or doc_id(path)}-{number}",
        source=where,
        text=text if not html else None,
        html=html,
        url=fields.get("url"),
        title=fields.get("title"),
        outlet=fields.get("outlet"),
        published=published,
    )
