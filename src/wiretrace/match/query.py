"""Questions to the store: which stored documents are copies of this text?

The query text is sketched like any document; its samples are looked up in the sample table,
and every document sharing enough of them is verified exactly, as during a run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from wiretrace.config import Settings
from wiretrace.match.postings import Postings
from wiretrace.match.verify import compare
from wiretrace.model import CopyPair, passages
from wiretrace.sketch import sketch
from wiretrace.store import Store

QUERY_ID = "<query>"

_LOOKUP = """
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


@dataclass
class Match:
    """A stored document found to share text with the query, with the proof."""

    doc: str
    title: str | None
    outlet: str | None
    pair: CopyPair  # a = the query, b = the stored document
    passages: list[tuple[str, str, float]]  # (query passage, stored passage, share found)


def indexed_candidates(
    store: Store, postings: Postings, sample: np.ndarray, settings: Settings, limit: int
) -> list[int]:
    """Keys of documents sharing enough samples with a query, from the postings files."""
    docs, shared = postings.shared(sample, settings.sketch.max_doc_freq)
    enough = shared >= settings.match.min_shared_samples
    docs, shared = docs[enough], shared[enough]
    if docs.size == 0:
        return []
    sampled = store.sampled(docs.tolist())
    size = int(sample.size)
    found = [
        (int(n), int(d))
        for d, n in zip(docs.tolist(), shared.tolist(), strict=True)
        if d in sampled and n >= settings.match.min_sample_share * min(sampled[d], size)
    ]
    found.sort(key=lambda x: (-x[0], x[1]))
    return [d for _, d in found[:limit]]


def scanned_candidates(
    store: Store, sample: np.ndarray, settings: Settings, limit: int
) -> list[int]:
    """Keys of documents sharing enough samples with a query, by a scan of the sample table
    (when the postings are missing or stale)."""
    store.con.register("query_samples", pa.table({"h": sample}))
    try:
        rows = store.con.execute(
            _LOOKUP,
            {
                "min_shared": settings.match.min_shared_samples,
                "min_share": settings.match.min_sample_share,
                "size": int(sample.size),
                "limit": limit,
            },
        ).fetchall()
    finally:
        store.con.unregister("query_samples")
    return [doc for (doc,) in rows]


def find_copies(
    store: Store, text: str, settings: Settings | None = None, limit: int = 1000
) -> list[Match]:
    """Stored documents that are copies of `text` (or that it copies), fullest overlap first."""
    settings = settings or Settings()
    query = sketch(text, settings.sketch)
    if query.sample.size == 0:
        return []
    postings = Postings.cached(store)
    if postings is not None:
        keys = indexed_candidates(store, postings, query.sample, settings, limit)
    else:
        keys = scanned_candidates(store, query.sample, settings, limit)
    documents = store.documents_by_key(keys)
    query_passages = passages(text)
    matches = []
    for key in keys:
        stored = documents[key]
        pair = compare(
            QUERY_ID, query, stored.id, sketch(stored.body, settings.sketch), settings.match
        )
        if pair is None:
            continue
        stored_passages = passages(stored.body)
        shown = [
            (query_passages[p.a], stored_passages[p.b], p.score)
            for p in pair.passages
            if p.a < len(query_passages) and p.b < len(stored_passages)
        ]
        matches.append(Match(stored.id, stored.title, stored.outlet, pair, shown))
    matches.sort(key=lambda m: (-max(m.pair.containment_a, m.pair.containment_b), m.doc))
    return matches
