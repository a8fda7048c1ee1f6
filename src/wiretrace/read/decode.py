"""Bytes to text: encodings, compression and binary detection, with reasons for failures."""

from __future__ import annotations

import gzip
import re
import zlib

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class DecodeError(ValueError):
    """The bytes of an input cannot be turned into text; the message says why."""


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output larger than `limit` bytes (zip bombs)."""
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS)
        text = out.decompress(data, limit + 1)
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise DecodeError(f"broken gzip data ({exc})") from exc
    if len(text) > limit:
        raise DecodeError(f"decompressed page larger than {limit:,} bytes")
    return text


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or mostly control characters in its head."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def decode(data: bytes, html: bool = False) -> str:
    """Decode page bytes: UTF-8, else a declared charset, else a detected one."""
    if looks_binary(data):
        raise DecodeError("binary data, not a text or HTML page")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                return data.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    matches = list(from_bytes(data))
    if not matches:
        raise DecodeError("undecodable text: no encoding fits its bytes")
    # on a tie, Windows-1252 is by far the most common legacy encoding of web pages
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    return str(best)
