"""Documents in column form: the Arrow tables and arrays that stages produce, engines move
between processes, and stores insert (one row a document, with its samples and passage rows)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import xxhash

from wiretrace.model import Page, Problem


class Select(Protocol):
    """Runs a read-only table operation (SQL) over a store's tables and the given Arrow
    tables, named for the query: how a stage's set-shaped step reads data it does not hold
    (`wiretrace.store.Store.select` is one; a Spark engine would run the same SQL)."""

    def __call__(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        tables: Mapping[str, Any] | None = None,
    ) -> list[tuple[Any, ...]]:
        """The rows of the query."""
        ...


def fingerprint(page: Page) -> str:
    """A digest of everything read for a page: equal digests mean nothing changed."""
    digest = xxhash.xxh3_128()  # not for security: only to see that a page is unchanged
    for value in (page.text, page.html, page.url, page.title, page.outlet, page.published):
        digest.update(b"\x00" if value is None else value.encode("utf-8", "replace") + b"\x01")
    return digest.hexdigest()


DOC_COLUMNS = pa.schema(
    [
        ("id", pa.string()),
        ("fingerprint", pa.string()),
        ("words", pa.int32()),
        ("sampled", pa.int32()),
        ("published", pa.string()),
        ("credit", pa.string()),
        ("terms", pa.binary()),
        ("data", pa.string()),
    ]
)


SITE_COLUMNS = pa.schema(
    [
        ("doc", pa.int32()),  # the document's row in its `Columns.docs`, until it has a key
        ("site", pa.string()),
        ("key", pa.uint64()),
        ("words", pa.int32()),
        ("cut", pa.bool_()),
    ]
)


REMOVED_COLUMNS = pa.schema(
    [
        ("doc", pa.int32()),  # as in SITE_COLUMNS
        ("site", pa.string()),
        ("key", pa.uint64()),
    ]
)


def page_digests(ids: Sequence[str], prints: Sequence[str]) -> np.ndarray:
    """16-byte digests of (id, fingerprint) pairs: a page is stored unchanged exactly when
    its digest is among the stored pages' (128 bits: no two differ by chance)."""
    pairs = zip(ids, prints, strict=True)
    digest = xxhash.xxh3_128_digest
    return np.array(
        [digest(f"{i}\x00{fp}".encode("utf-8", "surrogatepass")) for i, fp in pairs], dtype="S16"
    )


@dataclass
class Prepared:
    """Pages extracted and sketched, gathered a document at a time (see `columns`)."""

    ids: list[str] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    published: list[str | None] = field(default_factory=list)
    credit: list[str | None] = field(default_factory=list)
    data: list[bytes] = field(default_factory=list)  # each Document as UTF-8 JSON
    terms: list[bytes | None] = field(default_factory=list)  # story term columns, int32
    samples: list[np.ndarray] = field(default_factory=list)
    sites: list[list[tuple[str, int, int, bool]]] = field(default_factory=list)
    removed: list[list[tuple[str, int]]] = field(default_factory=list)  # (site, key) rows
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        """Number of prepared documents."""
        return len(self.ids)

    def columns(self) -> Columns:
        """The documents as Arrow and NumPy columns, the form that travels and is stored."""
        docs = pa.table(
            [
                pa.array(self.ids, pa.string()),
                pa.array(self.fingerprints, pa.string()),
                pa.array(self.words, pa.int32()),
                pa.array([len(s) for s in self.samples], pa.int32()),
                pa.array(self.published, pa.string()),
                pa.array(self.credit, pa.string()),
                pa.array(self.terms, pa.binary()),
                pa.array(self.data, pa.string()),  # checks the UTF-8, copies no str
            ],
            schema=DOC_COLUMNS,
        )
        samples = np.concatenate(self.samples) if self.samples else NO_SAMPLES
        return Columns(
            docs,
            samples.astype(np.uint64, copy=False),
            rows_table(self.sites, SITE_COLUMNS),
            list(self.problems),
            removed=rows_table(self.removed, REMOVED_COLUMNS),
        )


def rows_table(per_doc: Sequence[Sequence[tuple[Any, ...]]], schema: pa.Schema) -> pa.Table:
    """Rows given per document as a table whose first column is the document's row (the
    rows' own tuples transposed, with no tuple made per row to add the document's)."""
    counts = np.fromiter(map(len, per_doc), dtype=np.int64, count=len(per_doc))
    doc, *fields = schema
    rows = list(itertools.chain.from_iterable(per_doc))
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in fields]
    return pa.table(
        [
            pa.array(np.repeat(np.arange(len(per_doc), dtype=np.int32), counts), doc.type),
            *(pa.array(c, f.type) for c, f in zip(columns, fields, strict=True)),
        ],
        schema=schema,
    )


NO_SAMPLES = np.zeros(0, dtype=np.uint64)


@dataclass
class Columns:
    """Prepared documents in column form: cheap to send between processes and to insert."""

    docs: pa.Table  # DOC_COLUMNS, one row a document
    samples: np.ndarray  # every document's sample in turn, `sampled` hashes each
    sites: pa.Table  # SITE_COLUMNS, `doc` a row of `docs`
    problems: list[Problem] = field(default_factory=list)
    removed: pa.Table = field(default_factory=REMOVED_COLUMNS.empty_table)  # `doc` as in sites

    def __len__(self) -> int:
        """Number of documents."""
        return self.docs.num_rows

    @classmethod
    def merge(cls, parts: Sequence[Columns]) -> Columns:
        """Several parts as one, documents in order."""
        if not parts:
            return Prepared().columns()
        starts = np.cumsum([0] + [len(p) for p in parts[:-1]], dtype=np.int64)

        def shifted(tables: Iterable[pa.Table]) -> pa.Table:
            return pa.concat_tables(
                t.set_column(0, "doc", pa.array((t["doc"].to_numpy() + start).astype(np.int32)))
                for t, start in zip(tables, starts, strict=True)
            ).combine_chunks()

        return cls(
            docs=pa.concat_tables([p.docs for p in parts]).combine_chunks(),
            samples=np.concatenate([p.samples for p in parts]),
            sites=shifted(p.sites for p in parts),
            problems=[problem for p in parts for problem in p.problems],
            removed=shifted(p.removed for p in parts),
        )

    def keep(self, rows: np.ndarray) -> Columns:
        """Only the documents whose `rows` entry is true (their samples and sites with them)."""
        if rows.all():
            return self
        sampled = self.docs["sampled"].to_numpy()
        renumber = np.cumsum(rows) - 1

        def kept(table: pa.Table) -> pa.Table:
            doc = table["doc"].to_numpy()
            own = table.filter(pa.array(rows[doc]))
            return own.set_column(0, "doc", pa.array(renumber[doc[rows[doc]]].astype(np.int32)))

        return Columns(
            docs=self.docs.filter(pa.array(rows)),
            samples=self.samples[np.repeat(rows, sampled)],
            sites=kept(self.sites),
            problems=self.problems,
            removed=kept(self.removed),
        )
