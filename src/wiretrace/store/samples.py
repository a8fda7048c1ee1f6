"""The sample table as the match stage reads it, the state files beside the store (postings,
story index), and table operations over the store's tables (a mixin of `Store`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from wiretrace.config import StoryConfig
    from wiretrace.progress import Progress
    from wiretrace.stories import StoryUnit
    from wiretrace.stories.reuse import ReuseSource

_SCAN = """
WITH shared AS (
    SELECT s.doc, count(DISTINCT s.h) AS shared
    FROM samples s SEMI JOIN query_samples q ON s.h = q.h
    GROUP BY s.doc
    HAVING count(DISTINCT s.h) >= $min_shared
)
SELECT shared.doc
FROM shared JOIN documents d ON d.key = shared.doc
WHERE shared.shared >= $min_share * least(d.sampled, $size)
ORDER BY shared.shared DESC, shared.doc
LIMIT $limit
"""

# the pairs of the given documents (unit_docs: one per story unit) that share at least
# $min_shared samples which at most $max_units of them carry: `stories.reuse.shared_samples`
# over the sample table (a document's samples are distinct: `sketch.shingles`)
REUSE_SQL = """
WITH mine AS (
    SELECT s.doc, s.h FROM samples s SEMI JOIN unit_docs u ON s.doc = u.doc
), rare AS (
    SELECT h FROM mine GROUP BY h HAVING count(*) BETWEEN 2 AND $max_units
), kept AS (
    SELECT m.doc, m.h FROM mine m SEMI JOIN rare r ON m.h = r.h
)
SELECT x.doc AS a, y.doc AS b, count(*) AS shared
FROM kept x JOIN kept y ON x.h = y.h AND x.doc < y.doc
GROUP BY x.doc, y.doc
HAVING count(*) >= $min_shared
ORDER BY a, b
"""


class Samples:
    """Samples, state files and table operations; `con` and `path` are the store's."""

    con: duckdb.DuckDBPyConnection
    path: Path

    def select(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        tables: Mapping[str, pa.Table] | None = None,
    ) -> list[tuple[Any, ...]]:
        """The rows of a read-only table operation (a stage's SQL) over the store's tables
        (documents, samples, pairs, site_passages, removed_passages) and the given Arrow
        `tables`, registered under their names for the query."""
        tables = tables or {}
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            return self.con.execute(sql, dict(params or {})).fetchall()
        finally:
            for name in tables:
                self.con.unregister(name)

    def reuse_pairs(
        self, keys: np.ndarray, max_units: int, min_shared: int = 1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(a, b, shared samples), a < b, of the given documents' pairs that share at least
        `min_shared` samples which 2..max_units of them carry (see `stories.reuse`), sorted
        by (a, b)."""
        docs = pa.table({"doc": pa.array(np.unique(keys), type=pa.int32())})
        params = {"max_units": max_units, "min_shared": min_shared}
        self.con.register("unit_docs", docs)
        try:
            found = self.con.execute(REUSE_SQL, params).fetchnumpy()
        finally:
            self.con.unregister("unit_docs")
        return tuple(np.asarray(found[c], dtype=np.int64) for c in ("a", "b", "shared"))  # type: ignore[return-value]

    def sample_count(self) -> int:
        """How many sample rows are stored."""
        ((total,),) = self.con.execute("SELECT count(*) FROM samples").fetchall()
        return int(total)

    def sampled_array(self) -> np.ndarray:
        """Samples per document, indexed by store key (0 for keys not stored)."""
        ((top,),) = self.con.execute("SELECT coalesce(max(key), 0) FROM documents").fetchall()
        sampled = np.zeros(top + 1, dtype=np.int64)
        known = self.con.execute("SELECT key, sampled FROM documents").fetchnumpy()
        sampled[known["key"]] = known["sampled"]
        return sampled

    def sample_slice(self, low: int | None, high: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(hashes as uint64, document keys as int32) of the samples whose hash is in
        [low, high) (None: unbounded), in no set order."""
        tests = [t for t, v in ((f"h >= {low}", low), (f"h < {high}", high)) if v is not None]
        where = f"WHERE {' AND '.join(tests)}" if tests else ""
        rows = self.con.execute(f"SELECT doc, h FROM samples {where}").fetchnumpy()
        hashes = np.ascontiguousarray(rows.pop("h"), dtype=np.uint64)
        docs = np.ascontiguousarray(rows.pop("doc"), dtype=np.int32)
        return hashes, docs

    def scan_shared(
        self, sample: np.ndarray, min_shared: int, min_share: float, limit: int
    ) -> list[int]:
        """Keys of documents sharing at least `min_shared` of a query's samples, making at
        least `min_share` of the smaller sample, by a scan of the sample table; most shared
        first, at most `limit`."""
        params = {"min_shared": min_shared, "min_share": min_share}
        params |= {"size": int(sample.size), "limit": limit}
        rows = self.select(_SCAN, params, {"query_samples": pa.table({"h": sample})})
        return [doc for (doc,) in rows]

    def shared_samples(
        self, sample: np.ndarray, max_df: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Documents sharing samples with `sample` (distinct, sorted hashes) and how many
        each shares, from the postings files; None when they are missing or stale."""
        from wiretrace.store.postings import Postings

        postings = Postings.cached(self)  # type: ignore[arg-type]
        return None if postings is None else postings.shared(sample, max_df)

    def postings_current(self) -> bool:
        """Whether the postings files beside the store are up to date."""
        from wiretrace.store.postings import Postings

        return Postings.open(self) is not None  # type: ignore[arg-type]

    def build_postings(self) -> Path:
        """Write the postings files beside the store (replacing older ones)."""
        from wiretrace.store.postings import build_postings

        return build_postings(self)  # type: ignore[arg-type]

    def grow_stories(
        self,
        digests: dict[str, str],
        units: Callable[[Sequence[str]], Iterable[list[StoryUnit]]],
        config: StoryConfig,
        progress: Progress | None = None,
        between: Callable[[], None] | None = None,
        reuse: ReuseSource | None = None,
    ) -> list[list[str]]:
        """The stories of the units, growing the story index kept beside the store (see
        `store.stories.grow_stories`)."""
        from wiretrace.store.stories import grow_stories

        return grow_stories(self.path, digests, units, config, progress, between, reuse)
