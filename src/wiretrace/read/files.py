"""Walk input paths and yield pages from .txt, .html, .jsonl and .warc files (optionally .gz)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import DecodeError, decode, gunzip
from wiretrace.read.warc import read_warc

SUPPORTED = (".txt", ".html", ".htm", ".jsonl", ".warc")


def page_kind(path: Path) -> str | None:
    """The kind of page file (`txt`, `html`, `jsonl`, `warc`), or None when unsupported."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    kinds = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
    return kinds.get(suffixes[-1])


def doc_id(path: Path) -> str:
    """A document id: the file name without its extensions (`a.html.gz` -> `a`)."""
    name = path.name
    return name.split(".", 1)[0] if not name.startswith(".") else name


def walk(inputs: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Every supported file under the inputs, in a stable order; unusable inputs as problems."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if page_kind(child) is not None:
                    yield child
        elif path.is_file():
            if page_kind(path) is None:
                yield Problem(str(path), f"unsupported file type (expected {', '.join(SUPPORTED)})")
            else:
                yield path
        else:
            yield Problem(str(path), "no such file or folder")


def read_bytes(path: Path, config: ReadConfig) -> bytes:
    """The page file's bytes, decompressed, within the size limit."""
    size = path.stat().st_size
    if size > config.max_page_bytes:
        raise DecodeError(f"page too large ({size:,} bytes; limit {config.max_page_bytes:,})")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gunzip(data, config.max_page_bytes)
    return data


def jsonl_lines(path: Path) -> Iterator[bytes]:
    """The raw lines of a (possibly gzipped) JSONL file, streamed."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as stream:
        yield from stream


def read_file(path: Path, config: ReadConfig) -> Iterator[Page | Problem]:
    """The pages of one file: one for .txt/.html, one per line for .jsonl, one per HTML
    response record for .warc."""
    kind = page_kind(path)
    if kind == "warc":
        yield from read_warc(path, config)
        return
    if kind == "jsonl":
        try:
            yield from read_jsonl(path, jsonl_lines(path), config)
        except (OSError, EOFError, zlib.error) as exc:
            yield Problem(str(path), f"unreadable JSONL stream ({exc})")
        return
    try:
        data = read_bytes(path, config)
    except (OSError, DecodeError) as exc:
        yield Problem(str(path), str(exc))
        return
    if not data.strip():
        yield Problem(str(path), "empty page")
        return
    try:
        text = decode(data, html=kind == "html")
    except DecodeError as exc:
        yield Problem(str(path), str(exc))
        return
    if kind == "html":
        yield Page(id=doc_id(path), source=str(path), html=text)
    else:
        yield Page(id=doc_id(path), source=str(path), text=text)


def _field(record: dict, name: str) -> str | None:
    """A string field of a JSONL record, or None."""
    value = record.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


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


def read_jsonl(path: Path, lines: Iterable[bytes], config: ReadConfig) -> Iterator[Page | Problem]:
    """One page per JSON line with `id` and `text` or `html`; bad lines become problems."""
    for number, raw in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not raw.strip():
            continue
        if len(raw) > config.max_page_bytes:
            yield Problem(where, f"record too large ({len(raw):,} bytes)")
            continue
        try:
            record = parse_json(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Problem(where, f"malformed JSON ({exc.__class__.__name__}: {exc})")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "JSON line is not an object")
            continue
        text, html = _field(record, "text"), _field(record, "html")
        if not (text or html):
            yield Problem(where, "record has no `text` or `html`")
            continue
        yield Page(
            id=_field(record, "id") or f"{doc_id(path)}-{number}",
            source=where,
            text=text if not html else None,
            html=html,
            url=_field(record, "url"),
            title=_field(record, "title"),
            outlet=_field(record, "outlet"),
            published=_field(record, "published") or _field(record, "date"),
        )


def read_inputs(
    inputs: Iterable[str | Path], config: ReadConfig | None = None
) -> Iterator[Page | Problem]:
    """All pages under the inputs, in order; problems are yielded, never raised."""
    config = config or ReadConfig()
    for item in walk(inputs):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_file(item, config)
