"""The operations a user has on a store: run (update and report), copies of a text or of a
stored document, delete, and a view to query the store. The CLI is a thin layer over this
module, and so is the HTTP service.

Importing this module loads no engine, store or stage: each operation imports what it runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiretrace.config import ExtractConfig, ReadConfig, Settings, StoryConfig
from wiretrace.errors import NotStored, StoreError
from wiretrace.progress import Progress

if TYPE_CHECKING:
    from wiretrace.engines.base import RunResult
    from wiretrace.model import Document
    from wiretrace.store import Store

__all__ = [
    "ExtractConfig",
    "NotStored",
    "ReadConfig",
    "Settings",
    "StoreError",
    "StoreView",
    "StoryConfig",
    "copies_of_document",
    "copies_of_text",
    "delete",
    "open_store",
    "page_text",
    "run",
    "settings_for",
    "unreadable_inputs",
    "update",
]

ENGINES = ("local",)  # engines `run` can use


def run(
    inputs: Sequence[str | Path],
    out: str | Path | None = None,
    db: str | Path | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    engine: str = "local",
) -> RunResult:
    """Add the pages of `inputs` to the store at `db` (default `OUT/wiretrace.duckdb`) and
    report on the whole store.

    With `out`, report.json and report.html are written there (streamed: any store size) and
    `result.paths` names them, the result's report holding the summary and the largest
    stories; without it, the result holds the whole report in memory (small stores). Raises
    `StoreError` when the store cannot be used.
    """
    if db is None:
        if out is None:
            raise ValueError("give the store (db) or the report folder (out)")
        db = Path(out) / "wiretrace.duckdb"
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    from wiretrace.engines.local import run as local_run

    return local_run(list(inputs), db, settings, progress, out=out)


def update(
    inputs: Sequence[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Add the pages of `inputs` to the store at `db` and find their copies, without a
    report (the result's report is empty)."""
    from wiretrace.engines.local import LocalEngine
    from wiretrace.store import Store

    with Store(db) as store:
        return LocalEngine(store, settings, progress).update(list(inputs))


def settings_for(
    workers: int = 0,
    clean: bool = True,
    story_threshold: float = StoryConfig.threshold,
    follow_links: bool = False,
) -> Settings:
    """Settings from the few options a user sets (the CLI's)."""
    return Settings(
        read=ReadConfig(follow_links=follow_links),
        workers=workers,
        extract=ExtractConfig(clean=clean),
        story=StoryConfig(threshold=story_threshold),
    )


def unreadable_inputs(inputs: Sequence[str | Path]) -> str | None:
    """Why nothing can be read from `inputs` (none exists or holds a page file: each input
    named with its reason), or None when at least one holds a page file."""
    from wiretrace.read import SUPPORTED, page_kind

    reasons = []
    for given in inputs:
        path = Path(given)
        try:
            if path.is_file():
                if page_kind(path) is not None:
                    return None
                reasons.append(f"{path}: unsupported file type")
            elif path.is_dir():
                if any(page_kind(Path(name)) for _, _, files in os.walk(path) for name in files):
                    return None
                reasons.append(f"{path}: no page file inside")
            else:
                reasons.append(f"{path}: no such file or folder")
        except OSError as exc:
            reasons.append(f"{path}: {exc.strerror or exc}")
    return (
        f"nothing to read ({'; '.join(reasons)}); inputs are "
        f"{', '.join(SUPPORTED)} files (optionally .gz) and folders holding them"
    )


def page_text(path: str | Path, settings: Settings | None = None) -> str:
    """The clean body of the first page a page file holds; `ValueError` naming the reasons
    when it holds none that can be read."""
    from wiretrace.extract import extract
    from wiretrace.model import Page, Problem
    from wiretrace.read import read_inputs

    settings = settings or Settings()
    items = list(read_inputs([Path(path)]))
    pages = [p for p in items if isinstance(p, Page)]
    if not pages:
        reasons = "; ".join(p.reason for p in items if isinstance(p, Problem))
        raise ValueError(f"cannot read {path}: {reasons}")
    return extract(pages[0], settings.extract).body


class StoreView:
    """An open store, to query: its report, its documents, the copies of a text or of a
    stored document; and to delete documents. Use as a context manager (`open_store`)."""

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        """A view of an open store."""
        self.store = store
        self.settings = settings or Settings()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> StoreView:
        """Use as a context manager."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the context."""
        self.close()

    def report(self, progress: Progress | None = None) -> dict[str, Any]:
        """The whole report over the store as it is (no input added), in memory."""
        from wiretrace.engines.local import LocalEngine

        engine = LocalEngine(self.store, self.settings, progress)
        return engine.report()[1]

    def count(self) -> int:
        """How many documents the store holds."""
        return self.store.count()

    def document(self, doc_id: str) -> Document:
        """A stored document by id; `NotStored` when there is none."""
        key = self.store.keys([doc_id]).get(doc_id)
        if key is None:
            raise NotStored(f"no document {doc_id!r} in the store")
        return self.store.document(key)

    def copies_of_text(self, text: str, limit: int = 1000) -> list[dict[str, Any]]:
        """The stored copies of `text` (or documents it copies), fullest overlap first, each
        with its shares both ways, Jaccard and the matched passages side by side."""
        from wiretrace.match.query import find_copies

        return [m.to_dict() for m in find_copies(self.store, text, self.settings, limit)]

    def copies_of_document(self, doc_id: str) -> list[dict[str, Any]]:
        """The copy pairs of a stored document, oriented from it (it is the query), in the
        shape of `copies_of_text`; `NotStored` when there is no such document."""
        from wiretrace.model import passages

        own = passages(self.document(doc_id).body)
        results = []
        for pair in self.store.pairs_of(self.store.keys([doc_id])[doc_id]):
            forward = pair.a == doc_id
            other_id = pair.b if forward else pair.a
            other = self.document(other_id)
            theirs = passages(other.body)
            if forward:
                shown = [(own[p.a], theirs[p.b], p.score) for p in pair.passages]
            else:
                shown = [(own[p.b], theirs[p.a], p.score) for p in pair.passages]
            results.append(
                {
                    "doc": other_id,
                    "title": other.title,
                    "outlet": other.outlet,
                    "containment_query": pair.containment_a if forward else pair.containment_b,
                    "containment_doc": pair.containment_b if forward else pair.containment_a,
                    "jaccard": pair.jaccard,
                    "passages": [{"query": a, "doc": b, "found": s} for a, b, s in shown],
                }
            )
        return results

    def delete(self, ids: Sequence[str]) -> list[str]:
        """Delete the documents of these ids with their copy pairs, in one transaction; the
        ids that were stored (the next run reports without them)."""
        found = self.store.keys(list(ids))
        self.store.remove(list(found))
        return [doc_id for doc_id in ids if doc_id in found]


@contextmanager
def open_store(
    db: str | Path, settings: Settings | None = None, create: bool = False
) -> Iterator[StoreView]:
    """A view of the store at `db`, closed on leaving; `StoreError` when there is none
    (unless `create`) or it cannot be used."""
    from wiretrace.store import Store

    if not create and not Path(db).exists():
        raise StoreError(f"no store at {db} (create one with `wiretrace run`)")
    with StoreView(Store(db), settings) as view:
        yield view


def copies_of_text(
    db: str | Path, text: str, settings: Settings | None = None, limit: int = 1000
) -> list[dict[str, Any]]:
    """`StoreView.copies_of_text` on the store at `db`."""
    with open_store(db, settings) as view:
        return view.copies_of_text(text, limit)


def copies_of_document(db: str | Path, doc_id: str) -> list[dict[str, Any]]:
    """`StoreView.copies_of_document` on the store at `db`."""
    with open_store(db) as view:
        return view.copies_of_document(doc_id)


def delete(db: str | Path, ids: Sequence[str]) -> list[str]:
    """`StoreView.delete` on the store at `db`: the ids that were stored and are deleted."""
    with open_store(db) as view:
        return view.delete(ids)
