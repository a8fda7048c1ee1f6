"""Copy groups without chaining: every document joins the fullest source that contains it.

Connected components over copy pairs would chain: a page quoting one paragraph of story A and
one of story B would merge A and B. Instead sources are taken fullest first, and a document
joins the source in which the largest share of its own text is found (at least
`min_coverage`), so membership always means "most of this page is that source's text".

The work is done on columns (`group_columns`: documents by row, pairs by rows) so that a
store of millions of documents and pairs is grouped without a Python object per pair;
`group_copies` takes the model's objects.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numba import njit

from wiretrace.config import GroupConfig
from wiretrace.model import CopyGroup, CopyPair, Member


@dataclass(frozen=True)
class DocInfo:
    """What grouping needs to know of a document."""

    id: str
    words: int
    published: str | None
    credit: str | None


@dataclass(frozen=True)
class PairRows:
    """Copy pairs as columns: the rows of their documents and the share of each in the other."""

    a: np.ndarray  # row of each pair's first document
    b: np.ndarray  # row of each pair's second document
    containment_a: np.ndarray  # share of a's text found in b
    containment_b: np.ndarray  # share of b's text found in a


def source_order(docs: Sequence[DocInfo]) -> list[DocInfo]:
    """Fullest first; on equal length the earliest published, then by id, for a stable result."""
    return sorted(docs, key=lambda d: (-d.words, d.published or "9999", d.id))


def ranks(values: pa.Array) -> np.ndarray:
    """Each string's rank among them (equal strings, equal ranks): UTF-8 byte order, which is
    Python's code point order."""
    return pc.rank(values, sort_keys="ascending", tiebreaker="dense").to_numpy()


def source_rows(ids: pa.Array, words: np.ndarray, published: pa.Array) -> np.ndarray:
    """The rows in `source_order`: fullest first, then earliest published, then by id."""
    dated = ranks(pc.fill_null(published.cast(pa.string()), "9999"))
    return np.lexsort((ranks(ids), dated, -np.asarray(words, dtype=np.int64)))


def edges(count: int, pairs: PairRows) -> tuple[np.ndarray, ...]:
    """Both directions of every pair, grouped by their first row: (start of each row's edges,
    other row, share of the row found in the other, share of the other found in the row)."""
    a, b = np.asarray(pairs.a, dtype=np.int64), np.asarray(pairs.b, dtype=np.int64)
    ca = np.asarray(pairs.containment_a, dtype=np.float64)
    cb = np.asarray(pairs.containment_b, dtype=np.float64)
    here, other = np.concatenate((a, b)), np.concatenate((b, a))
    order = np.argsort(here, kind="stable")
    start = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(here, minlength=count), out=start[1:])
    inside = np.concatenate((ca, cb))[order]
    outside = np.concatenate((cb, ca))[order]
    return start, other[order], inside, outside


@njit(cache=True)
def _assign(
    order: np.ndarray,
    start: np.ndarray,
    other: np.ndarray,
    inside: np.ndarray,
    outside: np.ndarray,
    id_rank: np.ndarray,
    min_coverage: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's source row (itself for a source) and the share of the source found in it:
    rows taken in order, each joining the source holding most of it (ties: the greater id)."""
    source = np.full(len(id_rank), -1, dtype=np.int64)
    coverage = np.ones(len(id_rank), dtype=np.float64)
    for row in order:
        best, best_in, best_out = -1, 0.0, 1.0
        for edge in range(start[row], start[row + 1]):
            candidate, share = other[edge], inside[edge]
            if source[candidate] != candidate or not share >= min_coverage:
                continue
            if (
                best < 0
                or share > best_in
                or (share == best_in and id_rank[candidate] > id_rank[best])
            ):
                best, best_in, best_out = candidate, share, outside[edge]
        source[row] = row if best < 0 else best
        coverage[row] = 1.0 if best < 0 else best_out
    return source, coverage


def group_columns(
    ids: pa.Array,
    words: np.ndarray,
    published: pa.Array,
    credits: pa.Array,
    pairs: PairRows,
    config: GroupConfig | None = None,
) -> list[CopyGroup]:
    """Copy groups over documents given as columns (row by row) and pairs by rows: single-member
    groups included, in order of their sources (fullest first), members in order of joining."""
    config = config or GroupConfig()
    count = len(ids)
    order = source_rows(ids, words, published)
    start, other, inside, outside = edges(count, pairs)
    source, coverage = _assign(
        order, start, other, inside, outside, ranks(ids), float(config.min_coverage)
    )
    place = np.empty(count, dtype=np.int64)
    place[order] = np.arange(count)
    members = np.lexsort((place, place[source]))  # by group (its source's place), then joining
    names, credit = ids.to_pylist(), credits.to_pylist()
    shares = coverage[members].tolist()
    groups: list[CopyGroup] = []
    bounds = [*np.flatnonzero(source[members] == members).tolist(), count]
    for first, end in itertools.pairwise(bounds):
        rows = members[first:end].tolist()
        head = names[rows[0]]
        group = [Member(doc=head, coverage=1.0)]
        group += [
            Member(names[r], round(s, 4))
            for r, s in zip(rows[1:], shares[first + 1 : end], strict=True)
        ]
        given = credit[rows[0]] or next((credit[r] for r in rows if credit[r]), None)
        groups.append(CopyGroup(id=f"g-{head}", source=head, members=group, credit=given))
    return groups


def group_copies(
    docs: Sequence[DocInfo], pairs: Sequence[CopyPair], config: GroupConfig | None = None
) -> list[CopyGroup]:
    """Copy groups over all documents (single-member groups included), sources fullest first;
    pairs naming a document not given are left out."""
    row = {doc.id: n for n, doc in enumerate(docs)}
    known = [p for p in pairs if p.a in row and p.b in row]
    rows = PairRows(
        a=np.array([row[p.a] for p in known], dtype=np.int64),
        b=np.array([row[p.b] for p in known], dtype=np.int64),
        containment_a=np.array([p.containment_a for p in known], dtype=np.float64),
        containment_b=np.array([p.containment_b for p in known], dtype=np.float64),
    )
    return group_columns(
        pa.array([d.id for d in docs], pa.string()),
        np.array([d.words for d in docs], dtype=np.int64),
        pa.array([d.published for d in docs], pa.string()),
        pa.array([d.credit for d in docs], pa.string()),
        rows,
        config,
    )
