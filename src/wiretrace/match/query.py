"""Questions to the store: which stored documents are copies of this text?

The query text is sketched like any document; the documents that share enough of its samples
(from the store's postings, else a scan of its sample table) are verified exactly, as during a
run. The store is reached through `CopyLookup` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from wiretrace.config import Settings
from wiretrace.match.verify import compare
from wiretrace.model import CopyPair, Document, passages
from wiretrace.sketch import sketch

QUERY_ID = "<query>"


class CopyLookup(Protocol):
    """What a query needs from a store (`wiretrace.store.Store` is one)."""

    def shared_samples(
        self, sample: np.ndarray, max_df: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Keys sharing samples with `sample` and how many each shares (None: no index)."""
        ...

    def scan_shared(
        self, sample: np.ndarray, min_shared: int, min_share: float, limit: int
    ) -> list[int]:
        """Keys sharing enough samples, by a scan, most shared first."""
        ...

    def sampled(self, keys: Sequence[int]) -> dict[int, int]:
        """key -> number of samples."""
        ...

    def documents_by_key(self, keys: Sequence[int]) -> dict[int, Document]:
        """key -> stored document."""
        ...


@dataclass
class Match:
    """A stored document found to share text with the query, with the proof."""

    doc: str
    title: str | None
    outlet: str | None
    pair: CopyPair  # a = the query, b = the stored document
    passages: list[tuple[str, str, float]]  # (query passage, stored passage, share found)

    def to_dict(self) -> dict[str, object]:
        """The match as JSON: shares each way, Jaccard, and the passages side by side."""
        return {
            "doc": self.doc,
            "title": self.title,
            "outlet": self.outlet,
            "containment_query": self.pair.containment_a,
            "containment_doc": self.pair.containment_b,
            "jaccard": self.pair.jaccard,
            "passages": [{"query": a, "doc": b, "found": s} for a, b, s in self.passages],
        }


def indexed_candidates(
    lookup: CopyLookup,
    docs: np.ndarray,
    shared: np.ndarray,
    size: int,
    settings: Settings,
    limit: int,
) -> list[int]:
    """Keys of documents sharing enough samples with a query of `size` samples, from the
    documents that share any and how many each shares."""
    enough = shared >= settings.match.min_shared_samples
    docs, shared = docs[enough], shared[enough]
    if docs.size == 0:
        return []
    sampled = lookup.sampled(docs.tolist())
    found = [
        (int(n), int(d))
        for d, n in zip(docs.tolist(), shared.tolist(), strict=True)
        if d in sampled and n >= settings.match.min_sample_share * min(sampled[d], size)
    ]
    found.sort(key=lambda x: (-x[0], x[1]))
    return [d for _, d in found[:limit]]


def candidate_keys(
    lookup: CopyLookup, sample: np.ndarray, settings: Settings, limit: int
) -> list[int]:
    """Keys of documents sharing enough samples with a query: from the postings when they
    are current, else by a scan of the sample table."""
    found = lookup.shared_samples(sample, settings.sketch.max_doc_freq)
    if found is not None:
        return indexed_candidates(lookup, *found, int(sample.size), settings, limit)
    match = settings.match
    return lookup.scan_shared(sample, match.min_shared_samples, match.min_sample_share, limit)


def find_copies(
    lookup: CopyLookup, text: str, settings: Settings | None = None, limit: int = 1000
) -> list[Match]:
    """Stored documents that are copies of `text` (or that it copies), fullest overlap first."""
    settings = settings or Settings()
    query = sketch(text, settings.sketch)
    if query.sample.size == 0:
        return []
    keys = candidate_keys(lookup, query.sample, settings, limit)
    documents = lookup.documents_by_key(keys)
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
