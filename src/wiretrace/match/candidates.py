"""Candidate pairs as a join over the sample table, so DuckDB (or Spark) runs it out of core."""

from __future__ import annotations

import duckdb

from wiretrace.config import MatchConfig, SketchConfig

_CANDIDATES = """
WITH common AS (
    -- a sample in one document pairs nothing; one in very many documents is a stock phrase
    SELECT h FROM samples GROUP BY h HAVING count(*) BETWEEN 2 AND $max_df
),
shared_rows AS (
    SELECT s.doc, s.h FROM samples s SEMI JOIN common c ON c.h = s.h
),
fresh AS (
    SELECT r.doc, r.h FROM shared_rows r SEMI JOIN new_docs n ON r.doc = n.doc
),
shared AS (
    -- samples are distinct per document, and a pair of two new documents is counted from
    -- its lower side only, so count(*) is the number of shared samples
    SELECT least(f.doc, s.doc) AS a, greatest(f.doc, s.doc) AS b, count(*) AS shared
    FROM fresh f
    JOIN shared_rows s ON f.h = s.h AND f.doc <> s.doc
    LEFT JOIN new_docs o ON o.doc = s.doc
    WHERE o.doc IS NULL OR s.doc > f.doc
    GROUP BY 1, 2
    HAVING count(*) >= $min_shared
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
