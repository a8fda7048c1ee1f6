"""The report: the contract of DESIGN.md, plus summary, stories' details and problems.

`stream_report` writes it from iterables, one item at a time (report.json never exists whole in
memory, whatever the corpus size); `build_report` + `write_report` do the same from one dict
for small runs and tests. report.json holds one item per line:

    {"wiretrace":{...},
    "summary":{...},
    "documents":[
    {...},
    {...}
    ],
    ...}
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from wiretrace import __version__
from wiretrace.model import CopyGroup, CopyPair, Document, Problem, Story

if TYPE_CHECKING:
    from wiretrace.write.html import PageBuilder
    from wiretrace.write.page import PagePicker

SECTIONS = ("documents", "copy_pairs", "copy_groups", "stories", "problems")
BUFFER = 1 << 18  # bytes buffered per file write (and per copied chunk)
_OPTIONS = orjson.OPT_SERIALIZE_NUMPY

Item = Any  # a model object (Document, CopyPair, ...), its dict form, or a `Raw`
Seen = Callable[[Item, bytes], None]


class Raw:
    """A report item already in its JSON form, written as it is; `id` is what the page picks
    a document by (stored documents need no parsing or serialising to be streamed)."""

    __slots__ = ("data", "id")

    def __init__(self, data: bytes, item_id: str | None = None) -> None:
        """The item's compact JSON, and its id."""
        self.data = data
        self.id = item_id


class RawPair(Raw):
    """A copy pair already in its JSON form, with its documents' ids (what the page picks a
    pair by)."""

    __slots__ = ("a", "b")

    def __init__(self, data: bytes, a: str, b: str) -> None:
        """The pair's compact JSON and its two documents' ids."""
        super().__init__(data)
        self.a, self.b = a, b


def header() -> dict[str, str]:
    """The report's `wiretrace` entry: version and time of writing."""
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _members(group: Item) -> int:
    """How many members a copy group (object or dict) has."""
    members = group.members if isinstance(group, CopyGroup) else group.get("members")
    return len(members) if isinstance(members, list) else 0


def summarize(
    documents: Iterable[Item],
    pairs: Iterable[Item],
    groups: Iterable[Item],
    stories: Iterable[Item],
    problems: Iterable[Item],
) -> dict[str, int]:
    """The summary counts of sized collections (groups: those of two or more members)."""
    parts = (documents, pairs, groups, stories, problems)
    if not all(isinstance(part, Sized) for part in parts):
        raise TypeError("summary needs sized collections; pass summary= when streaming")
    return {
        "documents": len(documents),  # type: ignore[arg-type]
        "copy_pairs": len(pairs),  # type: ignore[arg-type]
        "copy_groups": sum(1 for g in groups if _members(g) > 1),
        "stories": len(stories),  # type: ignore[arg-type]
        "problems": len(problems),  # type: ignore[arg-type]
    }


def build_report(
    documents: Iterable[Document],
    pairs: Iterable[CopyPair],
    groups: Iterable[CopyGroup],
    stories: Iterable[Story],
    problems: Iterable[Problem],
) -> dict[str, Any]:
    """The report as a JSON-ready dict (small runs and tests; large ones use `stream_report`)."""
    documents, pairs, groups = list(documents), list(pairs), list(groups)
    stories, problems = list(stories), list(problems)
    with paused_gc():
        return {
            "wiretrace": header(),
            "summary": summarize(documents, pairs, groups, stories, problems),
            "documents": [d.to_dict() for d in documents],
            "copy_pairs": [p.to_dict() for p in pairs],
            "copy_groups": [g.to_dict() for g in groups],
            "stories": [s.to_dict() for s in stories],
            "problems": [{"input": p.input, "reason": p.reason} for p in problems],
        }


def write_report(report: Mapping[str, Any], out: str | Path) -> tuple[Path, Path]:
    """Write a report dict (as `build_report` makes it) as `report.json` and `report.html`."""
    sections = [report.get(key) or [] for key in SECTIONS]
    return stream_report(
        out,
        *sections,
        summary=report.get("summary") or summarize(*sections),
        meta=report.get("wiretrace") or header(),
    )


def stream_report(
    out: str | Path,
    documents: Iterable[Item],
    pairs: Iterable[Item],
    groups: Iterable[Item],
    stories: Iterable[Item],
    problems: Iterable[Item],
    *,
    summary: Mapping[str, int] | None = None,
    meta: Mapping[str, Any] | None = None,
    outlines: Sequence[Item] | None = None,
) -> tuple[Path, Path]:
    """Write `report.json` and `report.html` into `out` from iterables; their paths.

    Items are model objects, their dicts or `Raw` JSON, written as they come. The page shows
    the largest stories, so stories are ranked before the documents go by: from `outlines`
    when given (per story, in order, an item with its `documents` and `copy_groups`), the
    stories then being consumed once, in place; else a sequence of stories is gone through
    twice (sizes, then writing), and any other iterable of stories is consumed first, into a
    spool file that report.json takes in its place. Everything else is consumed once, in
    order: documents, pairs, groups, problems. `summary` (the counts, written before the
    items) is needed unless all five are sized collections; the counts streamed must match
    it, or nothing is written (ValueError). Memory: one item at a time plus the page's part.
    """
    if summary is None:
        summary = summarize(documents, pairs, groups, stories, problems)
    with paused_gc():
        return _stream(
            Path(out), documents, pairs, groups, stories, problems, summary, meta, outlines
        )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause cyclic GC: the writer's many small acyclic containers would make it walk the heap."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _stream(
    folder: Path,
    documents: Iterable[Item],
    pairs: Iterable[Item],
    groups: Iterable[Item],
    stories: Iterable[Item],
    problems: Iterable[Item],
    summary: Mapping[str, int],
    meta: Mapping[str, Any] | None,
    outlines: Sequence[Item] | None = None,
) -> tuple[Path, Path]:
    """`stream_report`'s work, in `folder`."""
    from wiretrace.write.html import PageBuilder, page_parts
    from wiretrace.write.page import PagePicker

    summary, meta = dict(summary), meta or header()
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / "report.json", folder / "report.html"
    page = PagePicker(int(summary["documents"]), int(summary["stories"]))
    spool = folder / "report.json.stories.tmp"
    tmp = json_path.with_suffix(".json.tmp")
    seen: dict[str, int] = {}
    in_place = outlines is not None or isinstance(stories, Sequence)
    built: PageBuilder | None = None  # with outlines: the page's stories written as they come
    try:
        if outlines is not None:  # ranked from the outlines, filled in as written
            for outline in outlines:
                page.add_story(outline)
        elif isinstance(stories, Sequence):  # ranked from sizes first, written in place
            for story in stories:
                page.add_story(story)
        else:  # a one-shot iterator: ranked while written to a spool file
            with spool.open("wb", buffering=BUFFER) as file:
                seen["stories"] = _write_items(file, stories, page.add_story)
        page.choose()
        with tmp.open("wb", buffering=BUFFER) as file:
            file.write(b'{"wiretrace":' + dumps_item(meta))
            file.write(b',\n"summary":' + dumps_item(summary) + b",\n")
            seen["documents"] = _write_array(
                file, "documents", _current(documents), page.add_document
            )
            seen["copy_pairs"] = _write_array(file, "copy_pairs", pairs, page.add_pair)
            seen["copy_groups"] = _write_groups(file, groups, page.add_group)
            if outlines is not None:
                built = PageBuilder(page.outlined())
                seen["stories"] = _write_array(file, "stories", stories, _filling(page, built))
            elif in_place:
                seen["stories"] = _write_array(file, "stories", stories, _ignore)
            else:
                file.write(b'"stories":[')
                with spool.open("rb") as stored:
                    shutil.copyfileobj(stored, file, BUFFER)
                file.write(b"],\n")
            seen["problems"] = _write_array(file, "problems", problems, page.add_problem, b"")
            file.write(b"}\n")
        _check(summary, seen)
        os.replace(tmp, json_path)
    finally:
        spool.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    shown, note = page.report({"wiretrace": meta, "summary": summary})
    parts = page_parts(shown, note) if built is None else built.parts(shown, note)
    _atomic_write(html_path, parts)
    return json_path, html_path


def _filling(page: PagePicker, built: PageBuilder) -> Seen:
    """What to do with each full story after its outline: the page keeps it if shown, and
    then its section of the page is written at once."""

    def fill(story: Item, data: bytes) -> None:
        """Keep a shown story and write its section."""
        shown = page.fill_story(story, data)
        if shown is not None:
            built.add(shown)

    return fill


def _current(documents: Iterable[Item]) -> Iterator[Item]:
    """Documents in today's form: a stored document's JSON from before a field was added
    (`byline`, `quotes`), or stored by copy detection alone (quotes null), is read back and
    written again, with the field's default (quotes: found now) in its place; every other
    item goes as it is (a search from the end of the JSON: well under a microsecond)."""
    for item in documents:
        if isinstance(item, Raw) and _outdated(item.data):
            try:
                doc = Document.from_dict(orjson.loads(item.data))
            except (TypeError, ValueError):
                yield item  # not a stored document's JSON: leave it to the caller
                continue
            item = Raw(orjson.dumps(doc), item.id)
        yield item


def _outdated(data: bytes) -> bool:
    """Whether a stored document's JSON lacks `quotes` or `byline`, or holds null quotes: each
    key looked for once, from the end, where a document keeps them (an escaped body holds
    neither key)."""
    at = data.rfind(b'"quotes":')
    return at < 0 or data.startswith(b"null", at + 9) or data.rfind(b'"byline":') < 0


def _ignore(item: Item, data: bytes) -> None:
    """Nothing to note about an item."""


def dumps_item(item: Item) -> bytes:
    """One item as compact JSON (model objects serialised field by field, as `to_dict`)."""
    return item.data if isinstance(item, Raw) else orjson.dumps(item, option=_OPTIONS)


def _write_items(file: BinaryIO, items: Iterable[Item], seen: Seen) -> int:
    """Write items as the inside of a JSON array, one a line; how many there were."""
    count = 0
    for item in items:
        data = dumps_item(item)
        file.write(b",\n" if count else b"\n")
        file.write(data)
        seen(item, data)
        count += 1
    if count:
        file.write(b"\n")
    return count


def _write_array(
    file: BinaryIO, key: str, items: Iterable[Item], seen: Seen, end: bytes = b",\n"
) -> int:
    """Write `"key":[...]` item by item; how many items there were."""
    file.write(b'"' + key.encode() + b'":[')
    count = _write_items(file, items, seen)
    file.write(b"]" + end)
    return count


def _write_groups(file: BinaryIO, groups: Iterable[Item], seen: Seen) -> int:
    """Write the copy groups; how many have two or more members (the summary's count)."""
    several = 0

    def count(group: Item, data: bytes) -> None:
        """Pass the group on to the page and count it if it has several members."""
        nonlocal several
        several += _members(group) > 1
        seen(group, data)

    _write_array(file, "copy_groups", groups, count)
    return several


def _check(summary: Mapping[str, Any], seen: Mapping[str, int]) -> None:
    """Fail if the summary written at the top disagrees with what was streamed."""
    wrong = [
        f"{key}: {summary.get(key)} in summary, {count} streamed"
        for key, count in seen.items()
        if summary.get(key) != count
    ]
    if wrong:
        raise ValueError("report summary does not match its contents: " + "; ".join(wrong))


def _atomic_write(path: Path, parts: Iterable[str]) -> None:
    """Write a text file from pieces, whole or not at all."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8", buffering=BUFFER) as file:
            file.writelines(parts)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
