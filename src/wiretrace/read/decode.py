"""Bytes to text: encodings, compression and binary detection, with reasons for failures.

Page bytes are decoded in this order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
else bytes that are valid UTF-8 are UTF-8 (a valid non-ASCII UTF-8 text is almost never
meant as another encoding, while pages that declare a wrong charset are common); else the
charset the page declares (an HTML meta tag, a server's Content-Type); else, for a page that
declares UTF-8 or whose non-ASCII bytes are mostly valid UTF-8, UTF-8 with its few invalid
bytes replaced by U+FFFD (said in a note, which the caller records as a problem); else the
encoding a charset detector (charset-normalizer) finds.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# a page that declares a UTF-16/32 charset without a byte-order mark is ASCII-compatible
# bytes (a meta tag readable as ASCII proves it): browsers read it as UTF-8, and so does this
_WIDE = re.compile(r"^(utf-?16|utf-?32|ucs-?2|ucs-?4)", re.IGNORECASE)


_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as surrogateescape keeps them
_WIDE_CHAR = re.compile("[^\x00-\x7f\udc80-\udcff]")  # non-ASCII characters that are UTF-8


class DecodeError(ValueError):
    """The bytes of an input cannot be turned into text; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """A page's text, and a note when the text is not exactly what its bytes say (invalid
    bytes replaced): the caller records the note as a problem naming the input."""

    text: str
    note: str | None = None


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data (every member of it), refusing output larger than `limit` bytes
    (zip bombs) and data cut short (a truncated file is not read as a partial page: its
    missing end would pass for a copy cut short)."""
    out = bytearray()
    rest = data
    try:
        while rest:
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += stream.decompress(rest, limit + 1 - len(out))
            if len(out) > limit:
                raise DecodeError(f"decompressed page larger than {limit:,} bytes")
            if not stream.eof:
                if stream.unconsumed_tail:  # stopped at the limit with input left
                    raise DecodeError(f"decompressed page larger than {limit:,} bytes")
                raise DecodeError(
                    f"truncated gzip data (the stream ends after {len(out):,} bytes of the "
                    "page); the partial page is not read"
                )
            rest = stream.unused_data
            if rest and not rest.startswith(b"\x1f\x8b"):
                if rest.strip(b"\x00"):  # NUL padding after the last member is harmless
                    raise DecodeError("broken gzip data (bytes after the end of the stream)")
                break
    except zlib.error as exc:
        raise DecodeError(f"broken gzip data ({exc})") from exc
    return bytes(out)


def byte_order_mark(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark the data starts with and the encoding it names, or None."""
    return next(((bom, name) for bom, name in _BOMS if data.startswith(bom)), None)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or mostly control characters in its head."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def declared_charset(data: bytes, html: bool, declared: str | None) -> str | None:
    """The charset the page declares: the server's (`declared`), else an HTML meta tag's."""
    name = declared
    if not name and html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            name = match.group(1).decode("ascii")
    if not name:
        return None
    name = name.strip().lower()
    if _WIDE.match(name):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences: a UTF-8 text with a
    few broken bytes, not a legacy single-byte encoding (whose non-ASCII bytes are almost
    never valid UTF-8)."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(_WIDE_CHAR.findall(text))
    return good > 0 and bad <= good


def decode_page(data: bytes, html: bool = False, declared: str | None = None) -> Decoded:
    """Decode page bytes (see the module's docstring for the order); `declared` is a charset
    the server gave. Raises DecodeError for binary or undecodable data."""
    marked = byte_order_mark(data)
    if marked is not None:
        mark, bom = marked
        body = data[len(mark) :]
        try:
            return Decoded(body.decode(bom))
        except UnicodeDecodeError:
            text = body.decode(bom, "replace")
            return Decoded(text, f"invalid {bom.upper()} bytes replaced by U+FFFD")
    if looks_binary(data):
        raise DecodeError("binary data, not a text or HTML page")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    charset = declared_charset(data, html, declared)
    if charset is not None and charset != "utf-8":
        try:
            return Decoded(data.decode(charset))
        except UnicodeDecodeError:
            pass
    if charset == "utf-8" or mostly_utf8(data):
        text = data.decode("utf-8", "replace")
        why = "declares UTF-8" if charset == "utf-8" else "is mostly UTF-8"
        return Decoded(text, f"invalid UTF-8 bytes replaced by U+FFFD (the page {why})")
    matches = list(from_bytes(data))
    if not matches:
        raise DecodeError("undecodable text: no encoding fits its bytes")
    # on a tie, Windows-1252 is by far the most common legacy encoding of web pages
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    return Decoded(str(best))


def decode(data: bytes, html: bool = False) -> str:
    """Decode page bytes to text (`decode_page` without its note)."""
    return decode_page(data, html).text
