"""The DuckDB store: documents, their samples and their copy pairs in one embedded file.

A later run on the same file adds to it; a page already stored with the same content is left as
it is. Documents are marked `matched` only once their copy pairs are stored, so a run stopped
half-way is finished by the next one.
"""

from __future__ import annotations

import copy
import itertools
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from wiretrace.columns import REMOVED_COLUMNS, Columns, Prepared, rows_table
from wiretrace.config import STORE_LEAN_LIMIT, STORE_MEMORY_LIMIT
from wiretrace.errors import StoreError
from wiretrace.model import Document, Problem
from wiretrace.store.reads import PROBLEM_BATCH, Reads
from wiretrace.store.samples import Samples

SCHEMA_VERSION = 8
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


def _checkpoint(cursor: duckdb.DuckDBPyConnection) -> None:
    """Fold the log into the file on a cursor of its own; a checkpoint that cannot run now is
    left to the one closing makes."""
    with suppress(duckdb.Error):
        cursor.execute("CHECKPOINT")
    with suppress(duckdb.Error):
        cursor.close()


class Store(Reads, Samples):
    """Documents, samples and pairs in a DuckDB file (the `DocumentStore` of `store.base`)."""

    def __init__(self, path: str | Path) -> None:
        """Open (or create) the store at `path`."""
        self.path = Path(path)
        self._version: str | None = None
        self._unsaved_problems = 0  # problems inserted since the last checkpoint
        self._settling: threading.Thread | None = None
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
                self._insert_rows("removed_passages", rows_table(rows, REMOVED_COLUMNS), keys)
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

    def settle_behind(self) -> None:
        """Fold the log into the file (a CHECKPOINT) on a thread of its own while the run
        goes on reading: DuckDB lets reads through meanwhile and holds a write until it is
        done; closing waits for it (and folds in whatever it could not)."""
        if self._settling is not None:
            return
        cursor = self.con.cursor()
        self._settling = threading.Thread(
            target=_checkpoint, args=(cursor,), name="wiretrace-checkpoint", daemon=True
        )
        self._settling.start()

    def reader(self) -> Store:
        """The store seen through a cursor of its own, for reading on another thread (one
        DuckDB connection serves one thread at a time); closing it closes the cursor only."""
        view = copy.copy(self)
        view.con = self.con.cursor()
        view._settling = None
        return view

    def close(self) -> None:
        """Close the database file (once a checkpoint begun behind has ended)."""
        if self._settling is not None:
            self._settling.join()
            self._settling = None
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


def _chunks(items: Iterable[Problem], size: int) -> Iterator[list[Problem]]:
    """Consecutive lists of up to `size` items."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
