"""Copy pairs as columns: a store's millions of pairs held and passed on without a Python
object per pair (1.3 million pairs at 10^6 pages took 64 s and gigabytes as objects)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import orjson
import pyarrow as pa

from wiretrace.group.copies import PairRows
from wiretrace.model import AlignedPassage, CopyPair

PairTuple = tuple[str, str, float, float, float, str]  # a, b, containments, Jaccard, passages


@dataclass
class CopyPairs:
    """Copy pairs in store order: documents by row (`ids`), pairs by rows, passages as the
    stored JSON (`[[a, b, score], ...]`)."""

    ids: pa.Array  # each row's document id
    a: np.ndarray  # int64 row of each pair's first document
    b: np.ndarray  # int64 row of each pair's second document
    containment_a: np.ndarray
    containment_b: np.ndarray
    jaccard: np.ndarray
    passages: pa.Array

    @classmethod
    def from_tables(cls, docs: pa.Table, pairs: pa.Table) -> CopyPairs:
        """From the store's document table (key, id, ... in key order) and pair table (a, b
        by keys, ...); pairs naming a document not in the table are left out."""
        keys = docs.column("key").to_numpy().astype(np.int64)
        a = pairs.column("a").to_numpy().astype(np.int64)
        b = pairs.column("b").to_numpy().astype(np.int64)
        row_a = np.searchsorted(keys, a).clip(0, max(len(keys) - 1, 0))
        row_b = np.searchsorted(keys, b).clip(0, max(len(keys) - 1, 0))
        kept = (keys[row_a] == a) & (keys[row_b] == b) if len(keys) else np.zeros(0, bool)
        if not kept.all():
            pairs = pairs.filter(pa.array(kept))
            row_a, row_b = row_a[kept], row_b[kept]
        return cls(
            ids=docs.column("id").combine_chunks(),
            a=row_a,
            b=row_b,
            containment_a=pairs.column("containment_a").to_numpy().astype(np.float64),
            containment_b=pairs.column("containment_b").to_numpy().astype(np.float64),
            jaccard=pairs.column("jaccard").to_numpy().astype(np.float64),
            passages=pairs.column("passages").combine_chunks().cast(pa.string()),
        )

    def __len__(self) -> int:
        """Number of pairs."""
        return len(self.a)

    def rows(self) -> PairRows:
        """What grouping reads of the pairs."""
        return PairRows(self.a, self.b, self.containment_a, self.containment_b)

    def tuples(self, picked: np.ndarray | None = None) -> list[PairTuple]:
        """The picked pairs (all when None) as plain tuples: cheap to send to a worker."""
        picked = np.arange(len(self.a)) if picked is None else picked
        ids = self.ids
        return list(
            zip(
                ids.take(pa.array(self.a[picked])).to_pylist(),
                ids.take(pa.array(self.b[picked])).to_pylist(),
                self.containment_a[picked].tolist(),
                self.containment_b[picked].tolist(),
                self.jaccard[picked].tolist(),
                self.passages.take(pa.array(picked)).to_pylist(),
                strict=True,
            )
        )

    def objects(self) -> list[CopyPair]:
        """Every pair as the model's object (small stores, tests, the library)."""
        return [as_pair(t) for t in self.tuples()]

    def report_items(self, chunk: int = 65_536) -> Iterator[tuple[str, str, bytes]]:
        """(a, b, the pair's report JSON) of every pair, in order, a chunk of pairs at a time:
        the bytes `CopyPair.to_dict` would give, made without the objects."""
        for first in range(0, len(self.a), chunk):
            for a, b, ca, cb, jac, passages in self.tuples(
                np.arange(first, min(first + chunk, len(self.a)))
            ):
                data = orjson.dumps(
                    {
                        "a": a,
                        "b": b,
                        "containment_a": ca,
                        "containment_b": cb,
                        "jaccard": jac,
                        "passages": [
                            {"a": x, "b": y, "score": s} for x, y, s in orjson.loads(passages)
                        ],
                    }
                )
                yield a, b, data


def as_pair(row: PairTuple) -> CopyPair:
    """A pair's tuple as the model's object."""
    a, b, ca, cb, jaccard, passages = row
    aligned = [AlignedPassage(x, y, s) for x, y, s in orjson.loads(passages)]
    return CopyPair(a=a, b=b, containment_a=ca, containment_b=cb, jaccard=jaccard, passages=aligned)
