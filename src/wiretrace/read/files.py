"""Walk input paths and yield pages from .txt, .html, .jsonl and .warc files (optionally .gz).

Ids: a page read from a file has the file name without its extensions as id; when several
files of one run share that name (in different folders), each of them has instead its path
below the input folder it was found in, without extensions (`a/story`, `b/story`), then, if
that is still shared, with its extensions (`a/story.html`), then the path as given. JSONL
records keep their `id`; a record without one, like a WARC record without a WARC-Record-ID,
is named after its file's id and its line (offset).

Folders are read recursively, in name order. A symbolic link inside an input folder is read
only when it points inside that folder (its target is read there, once) unless
`ReadConfig.follow_links` is set; a link out of the folder is a problem naming it. An
unreadable folder is a problem, not a silent gap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import DecodeError, decode_page, gunzip
from wiretrace.read.jsonl import bounded_lines, jsonl_lines, read_jsonl
from wiretrace.read.walk import doc_id, page_kind, walk
from wiretrace.read.warc import read_warc

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
    name: str | None = None  # the file's id (see `names`); None: its name without extensions


@dataclass(frozen=True)
class LineBlock:
    """Raw lines of a JSONL stream already read (a gzipped file cannot be read from the
    middle); a line longer than the page limit is held as its length alone."""

    path: Path
    first: int
    raw: list[bytes | int]
    name: str | None = None


Piece = LineRange | LineBlock | list[Page | Problem]


def read_bytes(path: Path, config: ReadConfig) -> bytes:
    """The page file's bytes, decompressed, within the size limit."""
    size = path.stat().st_size
    if size > config.max_page_bytes:
        raise DecodeError(f"page too large ({size:,} bytes; limit {config.max_page_bytes:,})")
    with path.open("rb") as stream:
        data = stream.read(config.max_page_bytes + 1)  # a file that grew since: still bounded
    if len(data) > config.max_page_bytes:
        raise DecodeError(f"page too large (over {config.max_page_bytes:,} bytes)")
    if path.suffix.lower() == ".gz":
        data = gunzip(data, config.max_page_bytes)
    return data


def read_file(path: Path, config: ReadConfig, name: str | None = None) -> Iterator[Page | Problem]:
    """The pages of one file: one for .txt/.html, one per line for .jsonl, one per HTML
    response record for .warc."""
    for piece in file_pieces(path, config, name):
        yield from piece_pages(piece, config)


def file_pieces(path: Path, config: ReadConfig, name: str | None = None) -> Iterator[Piece]:
    """One file as pieces, in order: plain JSONL as line ranges (nothing of it read but its
    newlines), gzipped JSONL as blocks of raw lines, other files as their pages."""
    kind = page_kind(path)
    if kind == "jsonl":
        try:
            if path.suffix.lower() == ".gz":
                lines = jsonl_lines(path, config.max_page_bytes)
                yield from line_blocks(path, lines, name=name)
            else:
                yield from line_ranges(path, name=name)
        except (OSError, EOFError, zlib.error) as exc:
            yield [Problem(str(path), f"unreadable JSONL stream ({exc})")]
    elif kind == "warc":
        yield from batched_items(read_warc(path, config, name))
    else:
        yield read_page(path, kind, config, name)


def line_ranges(
    path: Path, size: int = PIECE_BYTES, name: str | None = None
) -> Iterator[LineRange]:
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
            yield LineRange(path, offset, cut, first, lines, name)
            offset, first, open_line = offset + cut, first + lines, got - end - 1
    if open_line:
        yield LineRange(path, offset, open_line, first, 1, name)


def line_blocks(
    path: Path, lines: Iterable[bytes | int], size: int = PIECE_BYTES, name: str | None = None
) -> Iterator[LineBlock]:
    """Raw lines gathered into blocks of about `size` bytes, each with its first line's number
    (a line given as its length alone, too long to hold, counts as nothing held)."""
    first, block, held = 1, [], 0
    try:
        for raw in lines:
            block.append(raw)
            held += len(raw) if isinstance(raw, bytes) else 0
            if held >= size:
                yield LineBlock(path, first, block, name)
                first, block, held = first + len(block), [], 0
    except (OSError, EOFError, zlib.error):  # a broken stream keeps the lines before the break
        if block:
            yield LineBlock(path, first, block, name)
        raise
    if block:
        yield LineBlock(path, first, block, name)


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


def read_page(
    path: Path, kind: str | None, config: ReadConfig, name: str | None = None
) -> list[Page | Problem]:
    """The one page of a .txt or .html file (optionally gzipped): the page, or a problem, or
    both (a page whose text needed repair, and a problem saying what was repaired)."""
    try:
        data = read_bytes(path, config)
    except (OSError, DecodeError) as exc:
        return [Problem(str(path), str(exc))]
    if not data.strip():
        return [Problem(str(path), "empty page")]
    try:
        decoded = decode_page(data, html=kind == "html")
    except DecodeError as exc:
        return [Problem(str(path), str(exc))]
    page_id = name or doc_id(path)
    if kind == "html":
        page = Page(id=page_id, source=str(path), html=decoded.text)
    else:
        page = Page(id=page_id, source=str(path), text=decoded.text)
    return [page] if decoded.note is None else [Problem(str(path), decoded.note), page]


def piece_pages(piece: Piece, config: ReadConfig) -> Iterator[Page | Problem]:
    """The pages (and problems) of a piece, in order."""
    if isinstance(piece, LineBlock):
        yield from read_jsonl(piece.path, piece.raw, config, piece.first, piece.name)
    elif isinstance(piece, LineRange):
        try:
            with piece.path.open("rb") as stream:
                stream.seek(piece.offset)
                # lines split as reading the file splits them, none held past the page limit
                lines = bounded_lines(stream, config.max_page_bytes, piece.size)
                yield from read_jsonl(piece.path, lines, config, piece.first, piece.name)
        except OSError as exc:
            yield Problem(str(piece.path), f"unreadable JSONL stream ({exc})")
    else:
        yield from piece


def piece_size(piece: Piece) -> int:
    """How many pages (or problems) a piece holds, at most."""
    if isinstance(piece, LineRange):
        return piece.lines
    if isinstance(piece, LineBlock):
        return len(piece.raw)
    return len(piece)


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
    for item in walk(inputs, config):
        if isinstance(item, Problem):
            pieces: Iterable[Piece] = [[item]]
        else:
            pieces = file_pieces(item.path, config, item.name)
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
