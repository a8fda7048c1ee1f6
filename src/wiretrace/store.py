"""The store: documents, their samples and their copy pairs in one embedded DuckDB file.

A later run on the same file adds to it; a page already stored with the same content is left as
it is. Documents are marked `matched` only once their copy pairs are stored, so a run stopped
half-way is finished by the next one.
"""

from __future__ import annotations

import itertools
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa
import xxhash

from wiretrace.config import STORE_LEAN_LIMIT, STORE_MEMORY_LIMIT
from wiretrace.model import AlignedPassage, CopyPair, Document, Page, Problem

SCHEMA_VERSION = 8
PROBLEM_BATCH = 100_000  # problems inserted at once
PROBLEM_CHECKPOINT = 400_000  # problems inserted, at most, between checkpoints

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS doc_keys START 1;
CREATE TABLE IF NOT EXISTS documents (
    key INTEGER PRIMARY KEY DEFAULT nextval('doc_keys'),
    id VARCHAR UNIQUE NOT NULL,
    fingerprint VARCHAR NOT NULL,
    words INTEGER NOT NULL,
    sampled INTEGER NOT NULL,
    matched BOOLEAN NOT NULL DEFAULT false,
    published VARCHAR,
    credit VARCHAR,
    terms BLOB,  -- story term columns of title and body, int32 little-endian (NULL: not made)
    -- the Document as JSON; left uncompressed: compressing it when the log is folded into
    -- the file cost more than the rest of a copy-detection run
    data VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS samples (doc INTEGER NOT NULL, h UBIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    a INTEGER NOT NULL, b INTEGER NOT NULL,
    containment_a DOUBLE, containment_b DOUBLE, jaccard DOUBLE, passages JSON,
    PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS site_passages (
    doc INTEGER NOT NULL, site VARCHAR NOT NULL, key UBIGINT NOT NULL, words INTEGER NOT NULL,
    cut BOOLEAN NOT NULL
);
-- removed lines that come back if another site's body carries them (see extract/carried.py)
CREATE TABLE IF NOT EXISTS removed_passages (
    doc INTEGER NOT NULL, site VARCHAR NOT NULL, key UBIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (input VARCHAR NOT NULL, reason VARCHAR NOT NULL,
    PRIMARY KEY (input, reason));
"""


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
        samples = np.concatenate(self.samples) if self.samples else _NO_SAMPLES
        return Columns(
            docs,
            samples.astype(np.uint64, copy=False),
            _rows_table(self.sites, SITE_COLUMNS),
            list(self.problems),
            removed=_rows_table(self.removed, REMOVED_COLUMNS),
        )


def _rows_table(per_doc: Sequence[Sequence[tuple[Any, ...]]], schema: pa.Schema) -> pa.Table:
    """Rows given per document as a table whose first column is the document's row."""
    rows = [(row, *item) for row, items in enumerate(per_doc) for item in items]
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.table(
        [pa.array(c, f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
    )


_NO_SAMPLES = np.zeros(0, dtype=np.uint64)


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


class Store:
    """Documents, samples and pairs in a DuckDB file."""

    def __init__(self, path: str | Path) -> None:
        """Open (or create) the store at `path`."""
        self.path = Path(path)
        self._version: str | None = None
        self._unsaved_problems = 0  # problems inserted since the last checkpoint
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        # the store is ours alone now (DuckDB locks the file): what its temporary folder
        # holds was left by a run that died (killed, DuckDB removes it on closing)
        shutil.rmtree(self.path.with_name(self.path.name + ".tmp"), ignore_errors=True)
        self.con.execute("SET enable_progress_bar = false")  # ours are drawn by the CLI
        # checkpointing every 16 MB of log (the default) made bulk inserts eight times slower;
        # the log is folded into the file on close, or past this size
        self.con.execute("SET wal_autocheckpoint = '1GB'")
        self.con.execute(f"SET memory_limit = '{STORE_MEMORY_LIMIT}'")
        self._check_schema()

    def _check_schema(self) -> None:
        """Create the tables in a new store; refuse a store written by another schema."""
        tables = {
            t for (t,) in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if tables and "meta" not in tables:
            self.con.close()
            raise StoreError(f"{self.path} is not a wiretrace store of this version")
        self.con.execute(_SCHEMA)
        rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchall()
        row = rows[0] if rows else None  # fetchall: DuckDB keeps a half-read result open
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
        elif row[0] == "7":
            self._upgrade_from_7()
        elif row[0] != str(SCHEMA_VERSION):
            self.con.close()
            raise StoreError(
                f"{self.path} has store schema {row[0]}, this wiretrace writes {SCHEMA_VERSION}: "
                "run into a new store (--db)"
            )

    def _upgrade_from_7(self) -> None:
        """Schema 7 -> 8 in one transaction: the removed lines that may come back if another
        outlet carries them (`removed_passages`), made from the stored documents."""
        from wiretrace.extract.carried import removed_rows  # only an older store needs it

        with self.transaction():
            for page in self._pages("key, data", 2048):
                keys = np.array([key for key, _ in page], np.int32)
                rows = [removed_rows(Document.from_dict(orjson.loads(d))) for _, d in page]
                self._insert_rows("removed_passages", _rows_table(rows, REMOVED_COLUMNS), keys)
            self.con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema'", [str(SCHEMA_VERSION)]
            )

    @contextmanager
    def lean(self, limit: str = STORE_LEAN_LIMIT) -> Iterator[None]:
        """Cap the store's cache lower for a while (DuckDB lets go of what it holds beyond
        the cap at once), for work that needs the memory itself; the usual cap after. When
        the store holds more than the cap that it cannot let go of (the problems' key index,
        about 250 MB at 2*10^6 problems), the usual cap stays."""
        with suppress(duckdb.OutOfMemoryException):
            self.con.execute(f"SET memory_limit = '{limit}'")
        try:
            yield
        finally:
            self.con.execute(f"SET memory_limit = '{STORE_MEMORY_LIMIT}'")

    def close(self) -> None:
        """Close the database file."""
        self.con.close()

    def __enter__(self) -> Store:
        """Use as a context manager."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the context."""
        self.close()

    def fingerprints(self) -> dict[str, str]:
        """id -> fingerprint of every stored document."""
        return dict(self.con.execute("SELECT id, fingerprint FROM documents").fetchall())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One DuckDB transaction: everything done inside is stored together or not at all
        (a run killed inside it leaves the store as it was before)."""
        self.con.execute("BEGIN")
        try:
            yield
        except BaseException:
            # the transaction may be gone already (a failed statement ends it)
            with suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        if self._unsaved_problems >= PROBLEM_CHECKPOINT:
            # un-checkpointed rows and their key index are held in memory (with the 1 GB
            # log, 250 MB per 10^6 problems): folded into the file, they can be let go of
            with suppress(duckdb.TransactionException):
                self.con.execute("CHECKPOINT")
            self._unsaved_problems = 0

    def remove(self, ids: Sequence[str]) -> None:
        """Delete documents with their samples and pairs, in one transaction."""
        with self.transaction():
            self._remove(ids)

    def add(self, prepared: Prepared | Columns) -> None:
        """Store prepared documents and their samples in one transaction; keys are drawn
        from the key sequence in input order."""
        with self.transaction():
            self._add(prepared)

    def replace(
        self,
        ids: Sequence[str],
        prepared: Prepared | Columns,
        problems: Iterable[Problem] = (),
        between: Callable[[], None] | None = None,
    ) -> None:
        """Delete the documents `ids` and store `prepared` (new versions of them, or other
        documents) with `problems`, all in one transaction: killed at any point, the store
        holds either the old documents or the new ones, never neither. `between` is called
        after the delete (a test's kill point)."""
        with self.transaction():
            self._remove(ids)
            if between is not None:
                between()
            self._add(prepared)
            self._add_problems(problems)

    def _remove(self, ids: Sequence[str]) -> None:
        """`remove`, inside the caller's transaction."""
        if not ids:
            return
        keys = [
            k
            for (k,) in self.con.execute(
                "SELECT key FROM documents WHERE id IN (SELECT unnest($ids))", {"ids": list(ids)}
            ).fetchall()
        ]
        self.con.execute("DELETE FROM samples WHERE doc IN (SELECT unnest($k))", {"k": keys})
        self.con.execute("DELETE FROM site_passages WHERE doc IN (SELECT unnest($k))", {"k": keys})
        self.con.execute(
            "DELETE FROM removed_passages WHERE doc IN (SELECT unnest($k))", {"k": keys}
        )
        self.con.execute(
            "DELETE FROM pairs WHERE a IN (SELECT unnest($k)) OR b IN (SELECT unnest($k))",
            {"k": keys},
        )
        self.con.execute("DELETE FROM documents WHERE key IN (SELECT unnest($k))", {"k": keys})
        self._samples_changed()

    def _add(self, prepared: Prepared | Columns) -> None:
        """`add`, inside the caller's transaction."""
        columns = prepared.columns() if isinstance(prepared, Prepared) else prepared
        if not len(columns):
            return
        docs = columns.docs
        drawn = self.con.execute(
            "SELECT nextval('doc_keys') AS k FROM range($n)", {"n": docs.num_rows}
        ).fetchnumpy()["k"]
        keys = np.sort(drawn).astype(np.int32)
        self.con.register("incoming_docs", docs.append_column("key", pa.array(keys)))
        self.con.execute(
            "INSERT INTO documents (key, id, fingerprint, words, sampled, published, credit, "
            "terms, data) SELECT key, id, fingerprint, words, sampled, published, credit, "
            "terms, data FROM incoming_docs"
        )
        self.con.unregister("incoming_docs")
        sampled = docs["sampled"].to_numpy()
        incoming = pa.table({"doc": np.repeat(keys, sampled), "h": columns.samples})
        self.con.register("incoming", incoming)
        self.con.execute("INSERT INTO samples SELECT doc, h FROM incoming")
        self.con.unregister("incoming")
        self._insert_rows("site_passages", columns.sites, keys)
        self._insert_rows("removed_passages", columns.removed, keys)
        self._samples_changed()

    def _insert_rows(self, table: str, rows: pa.Table, keys: np.ndarray) -> None:
        """Insert rows whose `doc` is a row of the documents being added: their `keys`."""
        if not rows.num_rows:
            return
        doc = pa.array(keys[rows["doc"].to_numpy()])
        self.con.register("incoming_rows", rows.set_column(0, "doc", doc))
        self.con.execute(f"INSERT INTO {table} SELECT * FROM incoming_rows")
        self.con.unregister("incoming_rows")

    def _samples_changed(self) -> None:
        """Give the sample table a new version (postings built from an older one are stale)."""
        self._version = uuid.uuid4().hex
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('samples', ?)", [self._version])

    def samples_version(self) -> str:
        """The version of the sample table: it changes whenever documents come or go (kept
        in memory once read: only this process can write an open store)."""
        if self._version is None:
            rows = self.con.execute("SELECT value FROM meta WHERE key = 'samples'").fetchall()
            self._version = rows[0][0] if rows else ""
        return self._version

    def sources(self, ids: Sequence[str]) -> dict[str, str]:
        """id -> the source (file, record) the stored document of each given id was read from."""
        rows = self.con.execute(
            "SELECT id, data->>'source' FROM documents WHERE id IN (SELECT unnest($ids))",
            {"ids": list(ids)},
        ).fetchall()
        return {doc_id: source or "" for doc_id, source in rows}

    def fingerprints_of(self, keys: Sequence[int]) -> dict[int, str]:
        """key -> fingerprint for the given documents."""
        rows = self.con.execute(
            "SELECT key, fingerprint FROM documents WHERE key IN (SELECT unnest($k))",
            {"k": list(keys)},
        ).fetchall()
        return dict(rows)

    def unmatched(self) -> list[int]:
        """Keys of documents whose pairs are not yet computed."""
        rows = self.con.execute(
            "SELECT key FROM documents WHERE NOT matched ORDER BY key"
        ).fetchall()
        return [k for (k,) in rows]

    def texts(self, keys: Iterable[int]) -> dict[int, tuple[str, str]]:
        """key -> (id, body) for the given documents."""
        rows = self.con.execute(
            "SELECT key, id, data->>'body' FROM documents WHERE key IN (SELECT unnest($k))",
            {"k": list(keys)},
        ).fetchall()
        return {key: (doc_id, body) for key, doc_id, body in rows}

    def document_data(self, keys: np.ndarray) -> pa.Table:
        """(key, stored JSON) of the given documents, sorted by key, as Arrow columns: a
        worker parses them (the text travels once, with no Python string per row here)."""
        self.con.register("wanted_keys", pa.table({"key": pa.array(keys, pa.int32())}))
        try:
            return self.con.sql(
                "SELECT key, data FROM documents WHERE key IN (SELECT key FROM wanted_keys) "
                "ORDER BY key"
            ).to_arrow_table()
        finally:
            self.con.unregister("wanted_keys")

    def bodies(self, keys: np.ndarray, rows: int = 16_384) -> Iterator[pa.RecordBatch]:
        """(key, body) of the given documents as Arrow batches, in no set order, from one pass
        over the table: fetching scattered documents by key reads a 256 KB block for each."""
        self.con.register("body_keys", pa.table({"key": pa.array(keys, pa.int32())}))
        try:
            yield from self.con.sql(
                "SELECT key, data->>'body' AS body FROM documents "
                "WHERE key IN (SELECT key FROM body_keys)"
            ).to_arrow_reader(rows)
        finally:
            self.con.unregister("body_keys")

    def keys(self, ids: Sequence[str]) -> dict[str, int]:
        """id -> key for those of the given ids that are stored."""
        rows = self.con.execute(
            "SELECT id, key FROM documents WHERE id IN (SELECT unnest($ids))", {"ids": list(ids)}
        ).fetchall()
        return dict(rows)

    def document(self, key: int) -> Document:
        """One stored document."""
        ((data,),) = self.con.execute("SELECT data FROM documents WHERE key = ?", [key]).fetchall()
        return Document.from_dict(orjson.loads(data))

    def pairs_of(self, key: int) -> list[CopyPair]:
        """The stored copy pairs of one document, by document ids."""
        return self._pairs("WHERE pairs.a = $k OR pairs.b = $k", {"k": key})

    def add_pairs(self, pairs: pa.Table | None, matched: Sequence[int]) -> None:
        """Store verified pairs (rows of the pair table: a, b by keys, containments, Jaccard,
        passages as JSON) and mark `matched` documents as done, atomically."""
        with self.transaction():
            if pairs is not None and pairs.num_rows:
                self.con.register("incoming_pairs", pairs)
                self.con.execute("INSERT OR REPLACE INTO pairs SELECT * FROM incoming_pairs")
                self.con.unregister("incoming_pairs")
            self.con.execute(
                "UPDATE documents SET matched = true WHERE key IN (SELECT unnest($k))",
                {"k": list(matched)},
            )

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Record inputs that could not be used, in one transaction."""
        with self.transaction():
            self._add_problems(problems)

    def _add_problems(self, problems: Iterable[Problem]) -> None:
        """`add_problems` inside the caller's transaction: one insert from Arrow columns,
        PROBLEM_BATCH rows at a time (row by row, 40,000 took 102 s)."""
        for batch in _chunks(problems, PROBLEM_BATCH):
            table = pa.table(
                {
                    "input": pa.array([p.input for p in batch], pa.string()),
                    "reason": pa.array([p.reason for p in batch], pa.string()),
                }
            )
            self.con.register("incoming_problems", table)
            self.con.execute(
                "INSERT OR IGNORE INTO problems "
                "SELECT DISTINCT input, reason FROM incoming_problems"
            )
            self.con.unregister("incoming_problems")
            self._unsaved_problems += len(batch)

    def documents(self, page: int = 2048) -> Iterator[Document]:
        """Every stored document, in insertion order, read a page of rows at a time (each
        page its own query, so other queries may run between pages)."""
        for rows in self._pages("data", page):
            for (data,) in rows:
                yield Document.from_dict(orjson.loads(data))

    def _pages(self, columns: str, page: int) -> Iterator[list[tuple[Any, ...]]]:
        """The given columns of every document in key order, one query a range of `page`
        keys: a range is read from its own row groups, where `key > last ... LIMIT n` scanned
        every later row for each page (quadratic in the store)."""
        (top,) = self.con.execute("SELECT coalesce(max(key), 0) FROM documents").fetchone()
        for low in range(0, top + 1, page):
            yield self.con.execute(
                f"SELECT {columns} FROM documents WHERE key >= $low AND key < $high ORDER BY key",
                {"low": low, "high": low + page},
            ).fetchall()

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """id -> document for those of the given ids that are stored."""
        rows = self.con.execute(
            "SELECT data FROM documents WHERE id IN (SELECT unnest($ids))", {"ids": list(ids)}
        ).fetchall()
        documents = (Document.from_dict(orjson.loads(data)) for (data,) in rows)
        return {doc.id: doc for doc in documents}

    def terms_by_id(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """id -> story term columns (int32) of those of the given ids that are stored with
        them (a store made by copy detection alone has none)."""
        rows = self.con.execute(
            "SELECT id, terms FROM documents WHERE id IN (SELECT unnest($ids)) "
            "AND terms IS NOT NULL",
            {"ids": list(ids)},
        ).fetchall()
        return {doc_id: np.frombuffer(terms, dtype="<i4") for doc_id, terms in rows}

    def document_rows(self, page: int = 2048) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, credit, stored JSON as UTF-8) of every stored document, in insertion order,
        unparsed (the JSON is the document's report form), a page of keys per query."""
        for rows in self._pages("id, credit, encode(data)", page):
            yield from rows

    def documents_by_key(self, keys: Sequence[int]) -> dict[int, Document]:
        """key -> document for those of the given keys that are stored."""
        rows = self._by_keys("data", keys)
        return {key: Document.from_dict(orjson.loads(data)) for key, data in rows}

    def sampled(self, keys: Sequence[int]) -> dict[int, int]:
        """key -> number of samples, for those of the given keys that are stored."""
        return dict(self._by_keys("sampled", keys))

    def _by_keys(self, column: str, keys: Sequence[int]) -> list[tuple[Any, ...]]:
        """(key, column) of the given documents, asked for as a literal key list so that
        DuckDB looks them up in the primary-key index instead of scanning the table."""
        listed = ", ".join(str(int(k)) for k in keys)
        if not listed:
            return []
        query = f"SELECT key, {column} FROM documents WHERE key IN ({listed})"
        return self.con.execute(query).fetchall()

    def count(self) -> int:
        """Number of stored documents."""
        ((count,),) = self.con.execute("SELECT count(*) FROM documents").fetchall()
        return int(count)

    def doc_table(self) -> pa.Table:
        """key, id, words, published, credit of every document, in key order (what grouping
        and the stories' units read), as columns: no Python object per document."""
        return self.con.sql(
            "SELECT key, id, words, published, credit FROM documents ORDER BY key"
        ).to_arrow_table()

    def pair_table(self) -> pa.Table:
        """Every copy pair by keys (a, b, containments, Jaccard, passages as JSON), in key
        order, as columns: no Python object per pair."""
        return self.con.sql(
            "SELECT a, b, containment_a, containment_b, jaccard, passages FROM pairs ORDER BY a, b"
        ).to_arrow_table()

    def json_by_keys(self, keys: Sequence[int]) -> dict[str, bytes]:
        """id -> stored JSON (UTF-8, unparsed) of the documents of the given keys, joined on
        the keys (a semi-join on ids scanned the 10^6-row table for each call: 2 s against
        0.3 s; a literal key list costs 4x more to plan on a small store)."""
        rows = self.con.execute(
            "SELECT id, encode(data) FROM documents JOIN (SELECT unnest($k) AS key) USING (key)",
            {"k": [int(k) for k in keys]},
        ).fetchall()
        return dict(rows)

    def pairs(self) -> list[CopyPair]:
        """Every stored copy pair, by document ids."""
        return self._pairs("", {})

    def _pairs(self, where: str, params: dict[str, object]) -> list[CopyPair]:
        """Stored copy pairs matching a WHERE clause, by document ids."""
        rows = self.con.execute(
            f"""SELECT da.id, db.id, containment_a, containment_b, jaccard, passages
               FROM pairs
               JOIN documents da ON da.key = pairs.a
               JOIN documents db ON db.key = pairs.b
               {where}
               ORDER BY da.key, db.key""",
            params,
        ).fetchall()
        return [
            CopyPair(
                a=a,
                b=b,
                containment_a=ca,
                containment_b=cb,
                jaccard=j,
                passages=[AlignedPassage(x, y, s) for x, y, s in orjson.loads(p)],
            )
            for a, b, ca, cb, j, p in rows
        ]

    def problems(self) -> list[Problem]:
        """Every recorded problem, in report order (small stores and tests; `iter_problems`
        streams them)."""
        return list(self.iter_problems())

    def problem_count(self) -> int:
        """How many problems are recorded."""
        ((count,),) = self.con.execute("SELECT count(*) FROM problems").fetchall()
        return int(count)

    def iter_problems(self, page: int = PROBLEM_BATCH) -> Iterator[Problem]:
        """Every recorded problem, by input (then reason), on a cursor of its own, sorted and
        read a range of about `page` problems at a time: neither the rows nor the sort's
        memory grow with their number (sorted at once, 10^6 took 200 MB more)."""
        cursor = self.con.cursor()
        try:
            bounds = self._problem_bounds(cursor, page)
            for low, high in zip([None, *bounds], [*bounds, None], strict=True):
                where = " AND ".join(
                    test
                    for test, value in (("input >= $low", low), ("input < $high", high))
                    if value is not None
                )
                params = {k: v for k, v in (("low", low), ("high", high)) if v is not None}
                rows = cursor.execute(
                    "SELECT input, reason FROM problems"
                    + (f" WHERE {where}" if where else "")
                    + " ORDER BY input, reason",
                    params,
                ).fetchall()
                yield from (Problem(i, r) for i, r in rows)
        finally:
            cursor.close()

    def _problem_bounds(self, cursor: duckdb.DuckDBPyConnection, page: int) -> list[str]:
        """Inputs that cut the problems into ranges of about `page` each, in order (from a
        sample; an empty list for one range)."""
        ((count,),) = cursor.execute("SELECT count(*) FROM problems").fetchall()
        parts = -(-int(count) // page)
        if parts <= 1:
            return []
        sample = sorted(
            i
            for (i,) in cursor.execute(
                f"SELECT input FROM problems USING SAMPLE reservoir({parts * 64} ROWS) "
                "REPEATABLE (16)"
            ).fetchall()
        )
        return sorted({sample[k * len(sample) // parts] for k in range(1, parts)})


def _chunks(items: Iterable[Problem], size: int) -> Iterator[list[Problem]]:
    """Consecutive lists of up to `size` items."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class StoreError(RuntimeError):
    """The store file cannot be used."""
