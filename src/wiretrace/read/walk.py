"""Input paths to the files to read: folders walked in name order (links inside them followed
only where they stay inside), each file with its id (see `wiretrace.read.files`)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wiretrace.config import ReadConfig
from wiretrace.model import Problem

SUPPORTED = (".txt", ".html", ".htm", ".jsonl", ".warc")


@dataclass(frozen=True)
class Source:
    """A file to read, with its id (see `names`)."""

    path: Path
    name: str


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
