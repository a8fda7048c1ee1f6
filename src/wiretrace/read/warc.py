"""WARC crawls: every HTML response record becomes a page, with its URL and capture date.

Records that are not HTML (images, scripts, redirects, request and metadata records) are not
pages and are passed over; HTML records that cannot be used (too large, binary, undecodable)
are problems naming the file and the record's offset. A broken archive stops at the break,
with a problem, and the pages before it are kept.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import DecodeError, decode

logging.getLogger("warcio").setLevel(logging.ERROR)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_RECORD_ID = re.compile(r"^<?(urn:uuid:)?(?P<id>[^<>]+?)>?$")


def record_id(value: str | None, path: Path, offset: int) -> str:
    """A stable document id: the record's WARC-Record-ID, else the file and offset."""
    match = _RECORD_ID.match((value or "").strip())
    if match:
        return match.group("id")
    return f"{path.name.split('.', 1)[0]}-{offset}"


def is_html(content_type: str | None, head: bytes) -> bool:
    """True for an HTML payload: by its declared type, or by its first bytes when undeclared."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES
    start = head[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def decode_payload(data: bytes, content_type: str | None) -> str:
    """The payload as text: the charset the server declared, else the read stage's detection."""
    match = _CHARSET.search(content_type or "")
    if match:
        try:
            return data.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, html=True)


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


def read_warc(path: Path, config: ReadConfig) -> Iterator[Page | Problem]:
    """The HTML pages of a (possibly gzipped) WARC file, in record order."""
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
    with stream:
        records = ArchiveIterator(stream)
        records.INC_RECORD = ""  # warcio prints bad record lengths itself; they are reported below
        try:
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                # the payload is read before the offset is asked for: asking first empties it
                try:
                    data: bytes | Exception = record.content_stream().read(
                        config.max_page_bytes + 1
                    )
                except (OSError, EOFError, zlib.error, ValueError) as exc:
                    data = exc
                page = record_page(path, record, data, records.get_record_offset(), config)
                if page is not None:
                    yield page
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            yield Problem(str(path), f"broken WARC data ({exc.__class__.__name__}: {exc})")
            return
        if records.err_count:
            yield Problem(
                str(path), f"broken WARC data ({records.err_count} records of bad length)"
            )


def record_page(
    path: Path, record: ArcWarcRecord, data: bytes | Exception, offset: int, config: ReadConfig
) -> Page | Problem | None:
    """One response record (and its payload, or why it could not be read) as a page, a
    problem, or None when it is not an HTML page."""
    headers = record.rec_headers
    http = record.http_headers
    where = f"{path}@{offset}"
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None  # redirects and errors carry no page
        content_type = http.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    if isinstance(data, Exception):
        return Problem(where, f"unreadable record payload ({data.__class__.__name__}: {data})")
    if not is_html(content_type, data):
        return None
    if len(data) > config.max_page_bytes:
        return Problem(where, f"record too large (over {config.max_page_bytes:,} bytes)")
    if not data.strip():
        return Problem(where, "empty page")
    try:
        html = decode_payload(data, content_type)
    except DecodeError as exc:
        return Problem(where, str(exc))
    return Page(
        id=record_id(headers.get_header("WARC-Record-ID"), path, offset),
        source=where,
        html=html,
        url=headers.get_header("WARC-Target-URI"),
        published=headers.get_header("WARC-Date"),
    )
