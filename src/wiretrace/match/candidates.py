"""Candidate pairs as a join over the sample table, so DuckDB (or Spark) runs it out of core."""

from __future__ import annotations

import duckdb

from wiretrace.config import MatchConfig, SketchConfig

_CANDIDATES = """
WITH common AS (
    SELECT h FROM samples GROUP BY h HAVING count(*) <= $max_df
),
fresh AS (
    SELECT s.doc, s.h FROM samples s JOIN new_docs n ON s.doc = n.doc
)
SELECT least(f.doc, s.doc) AS a, greatest(f.doc, s.doc) AS b, count(DISTINCT f.h) AS shared
FROM fresh f
JOIN samples s ON f.h = s.h AND f.doc <> s.doc
JOIN common c ON c.h = f.h
GROUP BY 1, 2
HAVING count(DISTINCT f.h) >= $min_shared
ORDER BY 1, 2
"""


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, sketch: SketchConfig, match: MatchConfig
) -> list[tuple[int, int, int]]:
    """(a, b, shared samples) for every pair touching a document in table `new_docs`."""
    return con.execute(
        _CANDIDATES, {"max_df": sketch.max_doc_freq, "min_shared": match.min_shared_samples}
    ).fetchall()
