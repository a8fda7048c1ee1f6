"""Walk input paths and yield pages from .txt, .html, .jsonl and .warc files (optionally .gz)."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import DecodeError, decode, gunzip
from wiretrace.read.warc import read_warc

SUPPORTED = (".txt", ".html", ".htm", ".jsonl", ".warc")
PIECE_BYTES = 1 << 20  # bytes of JSONL lines a piece holds (more when one line is longer)
PIECE_ITEMS = 128  # pages (or problems) a piece of other inputs holds


@dataclass(frozen=True)
class LineRange:
    """Whole lines of a plain JSONL file, left in the file: where they lie and the number of
    the first, so that whoever turns them into pages reads them itself."""

    path: Path
    offset: int
    size: int
    first: int  # the number of the first line (from 1)
    lines: int


@dataclass(frozen=True)
class LineBlock:
    """Raw lines of a JSONL stream already read (a gzipped file cannot be read from the middle)."""

    path: Path
    first: int
    raw: list[bytes]


Piece = LineRange | LineBlock | list[Page | Problem]


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
    for piece in file_pieces(path, config):
        yield from piece_pages(piece, config)


def file_pieces(path: Path, config: ReadConfig) -> Iterator[Piece]:
    """One file as pieces, in order: plain JSONL as line ranges (nothing of it read but its
    newlines), gzipped JSONL as blocks of raw lines, other files as their pages."""
    kind = page_kind(path)
    if kind == "jsonl":
        try:
            if path.suffix.lower() == ".gz":
                yield from line_blocks(path, jsonl_lines(path))
            else:
                yield from line_ranges(path)
        except (OSError, EOFError, zlib.error) as exc:
            yield [Problem(str(path), f"unreadable JSONL stream ({exc})")]
    elif kind == "warc":
        yield from batched_items(read_warc(path, config))
    else:
        yield [read_page(path, kind, config)]


def line_ranges(path: Path, size: int = PIECE_BYTES) -> Iterator[LineRange]:
    """A plain file cut into ranges of whole lines of about `size` bytes, each with the
    number of its first line; the file is read once, and only newlines are looked for."""
    offset, first, open_line = 0, 1, 0  # open_line: bytes read since the last newline
    block = bytearray(size)  # read into again and again: no new memory a block
    with path.open("rb", buffering=0) as stream:
        while got := stream.readinto(block):
            end = block.rfind(b"\n", 0, got)
            if end < 0:  # inside a line longer than a block
                open_line += got
                continue
            lines = block.count(b"\n", 0, got)
            cut = open_line + end + 1
            yield LineRange(path, offset, cut, first, lines)
            offset, first, open_line = offset + cut, first + lines, got - end - 1
    if open_line:
        yield LineRange(path, offset, open_line, first, 1)


def line_blocks(path: Path, lines: Iterable[bytes], size: int = PIECE_BYTES) -> Iterator[LineBlock]:
    """Raw lines gathered into blocks of about `size` bytes, each with its first line's number."""
    first, block, held = 1, [], 0
    try:
        for raw in lines:
            block.append(raw)
            held += len(raw)
            if held >= size:
                yield LineBlock(path, first, block)
                first, block, held = first + len(block), [], 0
    except (OSError, EOFError, zlib.error):  # a broken stream keeps the lines before the break
        if block:
            yield LineBlock(path, first, block)
        raise
    if block:
        yield LineBlock(path, first, block)


def batched_items(items: Iterable[Page | Problem]) -> Iterator[list[Page | Problem]]:
    """Pages and problems in lists of up to PIECE_ITEMS."""
    batch: list[Page | Problem] = []
    for item in items:
        batch.append(item)
        if len(batch) == PIECE_ITEMS:
            yield batch
            batch = []
    if batch:
        yield batch


def read_page(path: Path, kind: str | None, config: ReadConfig) -> Page | Problem:
    """The one page of a .txt or .html file (optionally gzipped)."""
    try:
        data = read_bytes(path, config)
    except (OSError, DecodeError) as exc:
        return Problem(str(path), str(exc))
    if not data.strip():
        return Problem(str(path), "empty page")
    try:
        text = decode(data, html=kind == "html")
    except DecodeError as exc:
        return Problem(str(path), str(exc))
    if kind == "html":
        return Page(id=doc_id(path), source=str(path), html=text)
    return Page(id=doc_id(path), source=str(path), text=text)


def piece_pages(piece: Piece, config: ReadConfig) -> Iterator[Page | Problem]:
    """The pages (and problems) of a piece, in order."""
    if isinstance(piece, LineBlock):
        yield from read_jsonl(piece.path, piece.raw, config, piece.first)
    elif isinstance(piece, LineRange):
        try:
            with piece.path.open("rb") as stream:
                stream.seek(piece.offset)
                data = stream.read(piece.size)
        except OSError as exc:
            yield Problem(str(piece.path), f"unreadable JSONL stream ({exc})")
            return
        # lines split as reading the file splits them
        yield from read_jsonl(piece.path, io.BytesIO(data), config, piece.first)
    else:
        yield from piece


def piece_size(piece: Piece) -> int:
    """How many pages (or problems) a piece holds, at most."""
    if isinstance(piece, LineRange):
        return piece.lines
    if isinstance(piece, LineBlock):
        return len(piece.raw)
    return len(piece)


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


def read_jsonl(
    path: Path, lines: Iterable[bytes], config: ReadConfig, first: int = 1
) -> Iterator[Page | Problem]:
    """One page per JSON line with `id` and `text` or `html`; bad lines become problems
    (`first` is the number of the first of these lines in the file)."""
    for number, raw in enumerate(lines, start=first):
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
    for piece in read_pieces(inputs, config):
        yield from piece_pages(piece, config)


def read_pieces(inputs: Iterable[str | Path], config: ReadConfig) -> Iterator[Piece]:
    """All input as pieces, in order, each to be turned into pages by `piece_pages` (where
    that runs, a worker process, is where the parsing is done)."""
    held: list[Page | Problem] = []  # pages and problems of small files, gathered
    for item in walk(inputs):
        pieces = [[item]] if isinstance(item, Problem) else file_pieces(item, config)
        for piece in pieces:
            if not isinstance(piece, list):
                if held:
                    yield held
                    held = []
                yield piece
                continue
            held += piece
            if len(held) >= PIECE_ITEMS:
                yield held
                held = []
    if held:
        yield held
