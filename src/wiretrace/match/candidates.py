"""Candidate pairs as a join over the sample table, so DuckDB (or Spark) runs it out of core."""

from __future__ import annotations

import duckdb

from wiretrace.config import MatchConfig, SketchConfig

_CANDIDATES = """
WITH common AS (
    SELECT h FROM samples GROUP BY h HAVING count(*) <= $max_df
),
fresh AS (
    SELECT s.doc, s.h FROM samples s SEMI JOIN new_docs n ON s.doc = n.doc
),
shared AS (
    SELECT least(f.doc, s.doc) AS a, greatest(f.doc, s.doc) AS b, count(DISTINCT f.h) AS shared
    FROM fresh f
    JOIN samples s ON f.h = s.h AND f.doc <> s.doc
    SEMI JOIN common c ON c.h = f.h
    GROUP BY 1, 2
    HAVING count(DISTINCT f.h) >= $min_shared
)
SELECT a, b, shared
FROM shared
JOIN documents da ON da.key = shared.a
JOIN documents db ON db.key = shared.b
WHERE shared >= $min_share * least(da.sampled, db.sampled)
ORDER BY a, b
"""


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, sketch: SketchConfig, match: MatchConfig
) -> list[tuple[int, int, int]]:
    """(a, b, shared samples) for every pair touching a document in table `new_docs`.

    A pair is a candidate when its documents share at least `min_shared_samples` samples and
    that many make at least `min_sample_share` of the smaller document's samples: an estimate
    of containment, from which exact verification then decides.
    """
    return con.execute(
        _CANDIDATES,
        {
            "max_df": sketch.max_doc_freq,
            "min_shared": match.min_shared_samples,
            "min_share": match.min_sample_share,
        },
    ).fetchall()
