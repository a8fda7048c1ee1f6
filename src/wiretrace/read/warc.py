"""WARC crawls: every HTML response record becomes a page, with its URL and capture date.

Records that are not HTML (images, scripts, redirects, request and metadata records) are not
pages and are passed over; HTML records that cannot be used (too large, binary, undecodable)
are problems naming the file and the record's offset. A record cut short (its block ends
before its Content-Length) is a problem, not a page. A broken archive stops at the break, with
a problem, and the pages before it are kept; a file that starts like a WARC file but holds no
record is a problem too.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import Decoded, DecodeError, decode_page

logging.getLogger("warcio").setLevel(logging.ERROR)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_RECORD_ID = re.compile(r"^<?(urn:uuid:)?(?P<id>[^<>]+?)>?$")
_TYPES = {
    "warcinfo",
    "response",
    "resource",
    "request",
    "metadata",
    "revisit",
    "conversion",
    "continuation",
}


def record_id(value: str | None, path: Path, offset: int, name: str | None = None) -> str:
    """A stable document id: the record's WARC-Record-ID, else the file's id (`name`, by
    default its name without extensions) and the record's offset."""
    match = _RECORD_ID.match((value or "").strip())
    if match:
        return match.group("id")
    return f"{name or path.name.split('.', 1)[0]}-{offset}"


def is_html(content_type: str | None, head: bytes) -> bool:
    """True for an HTML payload: by its declared type, or by its first bytes when undeclared."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    start = head[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def decode_payload(data: bytes, content_type: str | None) -> Decoded:
    """The payload as text, decoded as the read stage decodes pages, with the charset the
    server declared."""
    match = _CHARSET.search(content_type or "")
    return decode_page(data, html=True, declared=match.group(1) if match else None)


def warc_head(path: Path) -> bytes:
    """The first bytes of a WARC file's content, decompressed when the file is gzipped."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return b""
    return head[:64]


def read_warc(path: Path, config: ReadConfig, name: str | None = None) -> Iterator[Page | Problem]:
    """The HTML pages of a (possibly gzipped) WARC file, in record order (`name`: the file's
    id, for records without a WARC-Record-ID)."""
    try:
        head = warc_head(path)
        stream = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), f"unreadable WARC file ({exc})")
        return
    if not head.startswith(b"WARC/"):
        stream.close()
        yield Problem(str(path), "broken WARC data (the file does not start with a WARC record)")
        return
    seen = 0
    with stream:
        records = ArchiveIterator(stream)
        records.INC_RECORD = ""  # warcio prints bad record lengths itself; they are reported below
        try:
            for record in records:
                seen += 1
                if record.rec_type not in _TYPES:
                    where = f"{path}@{records.get_record_offset()}"
                    yield Problem(where, f"broken WARC record (type {record.rec_type!r})")
                    continue
                if record.rec_type not in ("response", "resource"):
                    continue
                # the payload is read before the offset is asked for: asking first empties it
                try:
                    data: bytes | Exception = record.content_stream().read(
                        config.max_page_bytes + 1
                    )
                except (OSError, EOFError, zlib.error, ValueError) as exc:
                    data = exc
                page = record_page(path, record, data, records.get_record_offset(), config, name)
                yield from page
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            yield Problem(str(path), f"broken WARC data ({exc.__class__.__name__}: {exc})")
            return
        # warcio fails in its own code on some headers cut short (an AttributeError on a
        # missing target URI, ...): a problem all the same, the pages before it kept
        except Exception as exc:
            yield Problem(
                str(path),
                f"broken WARC data (record headers cut short or malformed; warcio: "
                f"{exc.__class__.__name__}: {exc})",
            )
            return
        if records.err_count:
            yield Problem(
                str(path), f"broken WARC data ({records.err_count} records of bad length)"
            )
        if not seen:
            yield Problem(str(path), "broken WARC data (no WARC record in the file)")
        elif rest := leftover(stream, records.offset):
            yield Problem(
                f"{path}@{records.offset}",
                f"broken WARC data (the file ends with {rest:,} bytes that are not a whole "
                "record: a record cut short in its headers, or garbage)",
            )


def leftover(stream: BinaryIO, end: int) -> int:
    """How many bytes follow the end of the last whole record that are not blank (a record
    whose headers were cut short is passed over by warcio without a word)."""
    size = stream.seek(0, 2)
    if size <= end:
        return 0
    stream.seek(end)
    head = stream.read(4096)
    return size - end if head.strip(b"\r\n \t\x00") else 0


def cut_short(record: ArcWarcRecord, data: bytes | Exception, config: ReadConfig) -> int:
    """How many bytes of a record's block are missing from the file (0 when it is whole, or
    when its payload was not read to the end: too large, or unreadable; 1 when the file ends
    inside the record's headers, before its length)."""
    if isinstance(data, Exception) or len(data) > config.max_page_bytes:
        return 0
    declared = record.rec_headers.get_header("Content-Length") or ""
    if record.length is None or not declared.strip().isdigit():  # headers cut short
        return 1
    limit = getattr(record.raw_stream, "limit", 0)
    return limit if isinstance(limit, int) and limit > 0 else 0


def record_page(
    path: Path,
    record: ArcWarcRecord,
    data: bytes | Exception,
    offset: int,
    config: ReadConfig,
    name: str | None = None,
) -> list[Page | Problem]:
    """One response record (and its payload, or why it could not be read) as a page, a
    problem, both (a page whose text needed repair, and a problem saying so), or nothing
    when it is not an HTML page."""
    headers = record.rec_headers
    http = record.http_headers
    where = f"{path}@{offset}"
    # first: a record cut short cannot say what it is (its headers may be cut too)
    missing = cut_short(record, data, config)
    if missing:
        reason = f"truncated WARC record (its block ends {missing:,} bytes short)"
        return [Problem(where, reason + "; the partial record is not read")]
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return []  # redirects and errors carry no page
        content_type = http.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    if isinstance(data, Exception):
        return [Problem(where, f"unreadable record payload ({data.__class__.__name__}: {data})")]
    if not is_html(content_type, data):
        return []
    if len(data) > config.max_page_bytes:
        return [Problem(where, f"record too large (over {config.max_page_bytes:,} bytes)")]
    if not data.strip():
        return [Problem(where, "empty page")]
    try:
        decoded = decode_payload(data, content_type)
    except DecodeError as exc:
        return [Problem(where, str(exc))]
    page = Page(
        id=record_id(headers.get_header("WARC-Record-ID"), path, offset, name),
        source=where,
        html=decoded.text,
        url=headers.get_header("WARC-Target-URI"),
        published=headers.get_header("WARC-Date"),
    )
    return [page] if decoded.note is None else [Problem(where, decoded.note), page]
