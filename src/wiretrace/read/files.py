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

import gzip
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import orjson
from dateutil import parser as dateparser

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read.decode import DecodeError, decode_page, gunzip
from wiretrace.read.warc import read_warc

SUPPORTED = (".txt", ".html", ".htm", ".jsonl", ".warc")
PIECE_BYTES = 1 << 20  # bytes of JSONL lines a piece holds (more when one line is longer)
PIECE_ITEMS = 128  # pages (or problems) a piece of other inputs holds
SKIP_BYTES = 1 << 20  # the rest of an over-long JSONL line is read past this much at a time
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


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


@dataclass(frozen=True)
class Source:
    """A file to read, with its id (see `names`)."""

    path: Path
    name: str


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


def walk(
    inputs: Iterable[str | Path], config: ReadConfig | None = None
) -> Iterator[Source | Problem]:
    """Every supported file under the inputs, in a stable order, with its id; unusable inputs
    (missing, unsupported, unreadable folders, links out of a folder) as problems."""
    config = config or ReadConfig()
    inputs = list(inputs)
    found: list[tuple[Path, str] | Problem] = []  # (file, its path below its input folder)
    for item in inputs:
        path = Path(item)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:  # a name too long, a loop of links, ...
            found.append(Problem(str(path), f"unusable input ({exc.strerror or exc})"))
            continue
        if is_dir:
            found.extend(scan(path, config.follow_links))
        elif is_file:
            if page_kind(path) is None:
                found.append(
                    Problem(str(path), f"unsupported file type (expected {', '.join(SUPPORTED)})")
                )
            else:
                found.append((path, path.name))
        elif path.is_symlink():
            found.append(Problem(str(path), "broken symbolic link"))
        elif path.exists():
            found.append(Problem(str(path), "not a regular file or folder"))
        else:
            found.append(Problem(str(path), "no such file or folder"))
    if config.follow_links or overlapping(inputs):  # one file reached twice is read once
        seen: set[str] = set()
        kept: list[tuple[Path, str] | Problem] = []
        for item in found:
            if not isinstance(item, Problem):
                real = os.path.realpath(item[0])
                if real in seen:
                    continue
                seen.add(real)
            kept.append(item)
        found = kept
    files = [f for f in found if not isinstance(f, Problem)]
    ids = iter(names(files))
    for item in found:
        yield item if isinstance(item, Problem) else Source(item[0], next(ids))


def overlapping(inputs: list[str | Path]) -> bool:
    """True when an input is, or lies inside, another input (a file may be reached twice)."""
    reals = [os.path.realpath(item) for item in inputs]
    given = set(reals)
    if len(given) < len(reals):
        return True
    return any(str(parent) in given for real in reals for parent in Path(real).parents)


def scan(root: Path, follow_links: bool) -> Iterator[tuple[Path, str] | Problem]:
    """The supported files under a folder, in name order (as sorting their paths orders
    them), each with its path below the folder; unreadable folders and links that are not
    followed as problems."""
    top = os.path.realpath(root)
    seen = {top}  # folders entered, by real path: links in a loop are entered once

    def inside(target: str) -> bool:
        return target == top or target.startswith(top.rstrip(os.sep) + os.sep)

    def visit(folder: Path, below: str) -> Iterator[tuple[Path, str] | Problem]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Problem(str(folder), f"unreadable folder ({exc.strerror or exc}); not read")
            return
        for entry in entries:
            path, rel = folder / entry.name, below + entry.name
            try:
                link = entry.is_symlink()
                if link:
                    target = os.path.realpath(path)
                    if not os.path.exists(target):
                        yield Problem(str(path), "broken symbolic link")
                        continue
                    if not follow_links:
                        if not inside(target):
                            yield Problem(
                                str(path),
                                "symbolic link to a path outside the input folder, not "
                                "followed (--follow-links reads it)",
                            )
                        continue  # a link inside the folder: its target is read there
                is_dir = entry.is_dir()  # through a followed link
                is_file = not is_dir and entry.is_file()
            except OSError as exc:
                yield Problem(str(path), f"unusable entry ({exc.strerror or exc})")
                continue
            if is_dir:
                real = os.path.realpath(path) if link else None
                if real is not None:
                    if real in seen:
                        continue
                    seen.add(real)
                yield from visit(path, rel + "/")
            elif is_file and page_kind(path) is not None:
                yield path, rel

    yield from visit(root, "")


def _without_extensions(rel: str) -> str:
    """A relative path with its last part's extensions dropped (`a/b.html.gz` -> `a/b`)."""
    head, _, name = rel.rpartition("/")
    stem = name.split(".", 1)[0] if not name.startswith(".") else name
    return f"{head}/{stem}" if head else stem


def names(files: list[tuple[Path, str]]) -> list[str]:
    """The id of each file, unique among them: its name without extensions, else (shared)
    its path below its input folder without extensions, else with them, else the path as
    given, else that with `#2`, `#3`... (the same file given twice)."""
    ladder = [
        lambda path, rel: doc_id(path),
        lambda path, rel: _without_extensions(rel),
        lambda path, rel: rel,
        lambda path, rel: path.as_posix(),
    ]
    out = [ladder[0](path, rel) for path, rel in files]
    for step in ladder[1:]:
        counts = Counter(out)
        if all(counts[n] == 1 for n in out):
            return out
        out = [
            step(path, rel) if counts[name] > 1 else name
            for (path, rel), name in zip(files, out, strict=True)
        ]
    counts, seen = Counter(out), Counter()
    final = []
    for name in out:
        seen[name] += 1
        final.append(name if counts[name] == 1 or seen[name] == 1 else f"{name}#{seen[name]}")
    return final


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
