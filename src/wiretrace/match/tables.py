"""The candidate step as a table operation: the same pairs as `candidates.candidate_arrays`,
written as a self-join of the sample table and a group-by, for an engine whose strength is
joins (Spark SQL, or DuckDB out of core) rather than compiled loops over posting lists.

The local engine keeps the compiled version (it is faster on one machine); this text is the
contract of the step in set form, and a test holds the two to the same pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa

from wiretrace.columns import Select
from wiretrace.config import MatchConfig, SketchConfig

# samples(doc, h): the store's sample table; documents(key, sampled): samples per document;
# new_docs(doc): the keys of the documents whose pairs are wanted
CANDIDATES_SQL = """
WITH postings AS (
    SELECT h FROM samples GROUP BY h HAVING count(*) BETWEEN 2 AND $max_df
), kept AS (
    SELECT s.doc, s.h FROM samples s JOIN postings p ON s.h = p.h
), shared AS (
    SELECT x.doc AS a, y.doc AS b, count(*) AS shared
    FROM kept x JOIN kept y ON x.h = y.h AND x.doc < y.doc
    WHERE x.doc IN (SELECT doc FROM new_docs) OR y.doc IN (SELECT doc FROM new_docs)
    GROUP BY x.doc, y.doc
)
SELECT s.a, s.b, s.shared
FROM shared s
JOIN documents da ON da.key = s.a
JOIN documents db ON db.key = s.b
WHERE s.shared >= $min_shared AND s.shared >= $min_share * least(da.sampled, db.sampled)
ORDER BY s.a, s.b
"""


def candidates_by_sql(
    select: Select, new: Iterable[int], sketch: SketchConfig, match: MatchConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, shared samples) arrays, sorted by (a, b), of every candidate pair touching a
    `new` document, by `CANDIDATES_SQL` run through a store's `select`."""
    keys = pa.table({"doc": pa.array(sorted(set(new)), type=pa.int32())})
    params = {
        "max_df": sketch.max_doc_freq,
        "min_shared": match.min_shared_samples,
        "min_share": match.min_sample_share,
    }
    rows = select(CANDIDATES_SQL, params, {"new_docs": keys})
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    a, b, shared = (np.asarray(column, dtype=np.int64) for column in zip(*rows, strict=True))
    return a, b, shared
