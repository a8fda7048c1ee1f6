"""Reads of the DuckDB store: documents, samples, pairs and problems, as rows, objects or
Arrow columns (a mixin of `Store`, which owns the connection)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from wiretrace.model import AlignedPassage, CopyPair, Document, Problem

PROBLEM_BATCH = 100_000  # problems inserted, or read, at once


class Reads:
    """What a store answers; `con` is the store's DuckDB connection."""

    con: duckdb.DuckDBPyConnection

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
