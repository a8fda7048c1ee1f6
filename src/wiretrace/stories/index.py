"""A growing story index: units join stories as they arrive, with the same result as a batch.

Similarity of two units is the cosine of their TF-IDF rows, damped when they are far apart in
time (an undated unit is first placed in time, see `dating`): the search damps it from
`max_days_apart` and the edges it keeps from `event_days` whole days apart. The inverse
document frequencies come from a *sample* of the index: all units while the index is small,
then the first `idf_exact_below * 2**k` units, refreshed each time the index doubles. Between
refreshes a new unit only adds its own edges (pairs at or above half the threshold) and only
the connected components it touches are re-clustered by average link; at a refresh everything
is recomputed (amortised: at most twice the work of one batch run). A batch run is the same
computation on all units at once, so both give the same stories in the same order, by
construction.

Text two units share word for word (`reuse`) adds to the similarity of their edge, however far
apart in time within the horizon: it keeps a story followed over days whole. Each call of `add`
may give the reuse pairs of all the units then in the index; when those among the units already
there differ from the ones it holds, everything is recomputed, as at a refresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from wiretrace.config import StoryConfig
from wiretrace.memory import trim
from wiretrace.progress import Progress
from wiretrace.stories.dating import placed_days
from wiretrace.stories.features import HASH_FEATURES, StoryUnit, day_number, term_rows
from wiretrace.stories.link import average_link_arrays
from wiretrace.stories.prior import blended_idf
from wiretrace.stories.reuse import Reuse, ReuseSource, boost
from wiretrace.stories.similar import Linking, nearest_earlier

UNITS_AT_ONCE = 32768  # units turned into term rows at a time (their texts are let go after)
NEIGHBOURS = 30  # weak edges (below the threshold) a unit keeps to earlier units
PLACE_FLOOR = 0.075  # cosine with an earlier dated unit that places an undated one in time
FORMAT = 5  # version of the saved form
_PAIR = np.int64(1) << np.int64(32)  # key of a reuse pair: earlier unit * _PAIR + later unit


def _chunks(items: Iterable[StoryUnit], size: int) -> Iterator[list[StoryUnit]]:
    """Consecutive lists of up to `size` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def sample_size(n: int, exact_below: int) -> int:
    """Units whose document frequencies weigh terms, for an index of n units."""
    if n <= exact_below:
        return n
    size = max(exact_below, 1)
    while size * 2 <= n:
        size *= 2
    return size


class StoryIndex:
    """Stories over a growing sequence of units; `add` returns the units whose story changed."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        """An empty index with the given settings (defaults when None)."""
        self.config = config or StoryConfig()
        self.ids: list[str] = []
        self.position: dict[str, int] = {}
        self.dates = np.zeros(0, dtype=np.float64)  # day numbers of the units' dates (NaN: none)
        self.days = np.zeros(0, dtype=np.float64)  # ... and of undated units placed in time
        # the units' term rows as presence rows: only where the ones are (column indices and
        # row bounds), which the unit vectors share (their weights are the only other copy)
        self.indices = np.zeros(0, dtype=np.int32)
        self.indptr = np.zeros(1, dtype=np.int32)
        self.vectors = sparse.csr_matrix((0, HASH_FEATURES), dtype=np.float32)
        self.idf = np.ones(HASH_FEATURES, dtype=np.float32)
        self.sample = 0
        self.edges = Edges.empty()
        self.label = np.zeros(0, dtype=np.int64)
        # pairs of units sharing rare passages: sorted pair keys and shared samples
        self.reuse_keys = np.zeros(0, dtype=np.int64)
        self.reuse_counts = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        """Units in the index."""
        return len(self.ids)

    def add(
        self,
        units: Iterable[StoryUnit],
        progress: Progress | None = None,
        reuse: ReuseSource | None = None,
    ) -> dict[str, str]:
        """Append units (known ids ignored); {unit id: story id} of the new and moved units.

        A story's id is the id of its first unit; an old unit moves when a newcomer bridges
        its story with another one or the term weights are refreshed. Units are turned into
        rows a chunk at a time: one call over many units holds only their rows, and refreshes
        the weights at most once. `progress` hears of the search for links ("links").
        `reuse`: (unit id, unit id, shared samples) of every pair of the index's units, old
        and new, that shares rare passages (see `stories.reuse`), or a function giving them,
        called once the units are read; None keeps the pairs held."""
        progress = progress or Progress()
        start = len(self.dates)
        dates: list[float] = []
        rows = [(np.diff(self.indptr), self.indices)]
        for chunk in _chunks(units, UNITS_AT_ONCE):
            fresh: list[StoryUnit] = []
            for unit in chunk:
                if unit.id not in self.position:
                    self.position[unit.id] = len(self.ids)
                    self.ids.append(unit.id)
                    fresh.append(unit)
            if fresh:
                dates += [day_number(u.published) for u in fresh]
                made = term_rows(fresh)
                rows.append((np.diff(made.indptr), made.indices))
                del made
        if not dates:
            return {}
        if callable(reuse):
            reuse = reuse()
        rework = reuse is not None and self._take_reuse(reuse, start)
        before = self.label.copy()
        self.dates = np.concatenate([self.dates, dates])
        self.indices, self.indptr = _joined(rows)
        del rows
        self.label = np.concatenate([self.label, np.arange(start, len(self.ids))])
        if rework or sample_size(len(self.ids), self.config.idf_exact_below) != self.sample:
            self._rebuild(progress)
            changed = range(len(self.ids))
        else:
            self.vectors = self._weigh(start)
            self.days = np.concatenate([self.days, self._placed(start)])
            self._link(start, progress)
            changed = self._recluster(start)
        return {
            self.ids[i]: self.ids[self.label[i]]
            for i in changed
            if i >= len(before) or before[i] != self.label[i]
        }

    def stories(self) -> list[list[str]]:
        """Unit ids grouped into stories, members and stories in input order."""
        grouped: dict[int, list[str]] = {}
        for i, root in enumerate(self.label):
            grouped.setdefault(int(root), []).append(self.ids[i])
        return [grouped[root] for root in sorted(grouped)]

    def story_of(self, unit_id: str) -> str:
        """The story id (its first unit's id) of a unit in the index."""
        return self.ids[self.label[self.position[unit_id]]]

    def _take_reuse(self, reuse: Reuse, start: int) -> bool:
        """Hold the given reuse pairs of known units; whether those among the units before
        `start` changed (their edges must then be made anew)."""
        position = self.position
        found = [
            (position[a], position[b], c) for a, b, c in reuse if a in position and b in position
        ]
        pairs = np.array(found, dtype=np.int64).reshape(-1, 3)
        low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
        keys, at = np.unique(low * _PAIR + high, return_index=True)
        counts = pairs[at, 2]
        old = high[at] < start
        held = self.reuse_keys % _PAIR < start  # both units known before this call
        changed = not (
            np.array_equal(keys[old], self.reuse_keys[held])
            and np.array_equal(counts[old], self.reuse_counts[held])
        )
        self.reuse_keys, self.reuse_counts = keys, counts
        return changed and start > 0

    def _rebuild(self, progress: Progress) -> None:
        """Refresh the term weights from the new sample and recompute every edge and story."""
        n = len(self.ids)
        self.sample = sample_size(n, self.config.idf_exact_below)
        self._fit_idf()
        self.vectors = self._weigh(0)
        self.days = self._placed(0)
        self.edges = Edges.empty()
        self.label = np.arange(n)
        self._link(0, progress)
        self._recluster(0)

    def _fit_idf(self) -> None:
        """Inverse document frequencies over the sample blended with the shipped prior (see
        `prior`): a small index weighs terms as a large one would."""
        df = np.bincount(self.indices[: self.indptr[self.sample]], minlength=HASH_FEATURES)
        self.idf = blended_idf(df, self.sample, self.config.prior_weight)

    def _weigh(self, start: int) -> sparse.csr_matrix:
        """The unit vectors: TF-IDF rows scaled to unit length (all zero for a unit without
        terms), those of units start.. made anew. They share the term rows' structure, so
        only their weights take memory; float32 throughout, as SciPy's row sums make them."""
        indices, indptr = self.indices, self.indptr
        first = indptr[start]
        sizes = np.diff(indptr[start:])
        weights = self.idf[indices[first:]]
        sums = np.zeros(sizes.size, dtype=np.float32)
        full = np.flatnonzero(sizes)
        if full.size:
            sums[full] = np.add.reduceat(weights * weights, indptr[start:][full] - first)
        norms = np.sqrt(sums)
        norms[norms == 0] = 1.0
        weights *= np.repeat(1.0 / norms, sizes)
        if start:
            weights = np.concatenate([self.vectors.data[:first], weights])
        shape = (len(indptr) - 1, HASH_FEATURES)
        return sparse.csr_matrix((weights, indices, indptr), shape=shape, copy=False)

    def _placed(self, start: int) -> np.ndarray:
        """The days units start.. are compared at (see `dating`: undated ones placed in time,
        by a cosine the edges' floor or `PLACE_FLOOR`, whichever is lower: a unit left
        undated is compared with every unit, so a higher threshold must not leave more)."""
        floor = min(self.config.threshold / 2, PLACE_FLOOR)
        return placed_days(self.vectors, self.dates, start, floor)

    def _link(self, start: int, progress: Progress) -> None:
        """Edges from units start.. to their nearest earlier units.

        A unit keeps every earlier unit at or above the threshold, and of those between half
        the threshold and the threshold only the NEIGHBOURS most similar: weak links abound in
        large corpora. What a unit keeps depends only on earlier units."""
        linking = Linking(
            floor=self.config.threshold / 2,
            threshold=self.config.threshold,
            limit=self.config.max_days_apart,
            neighbours=NEIGHBOURS,
            horizon=self.config.horizon_days,
        )
        progress.start("links", len(self.ids) - start)
        unit, earlier, sims = nearest_earlier(
            self.vectors, self.days, start, linking, lambda n: progress.advance("links", n)
        )
        progress.done("links")
        self.edges = self.edges.plus(unit, earlier, self._reused(unit, earlier, sims))
        trim()  # the search's indexes and buffers are freed: give their memory back

    def _reused(self, unit: np.ndarray, earlier: np.ndarray, sims: np.ndarray) -> np.ndarray:
        """The edges' similarities: the cosine damped again beyond one event's few days, plus
        what shared passages add, undamped (a pair without an edge gains nothing: its words
        are too far apart)."""
        if not unit.size:
            return sims
        gap = np.abs(self.days[unit] - self.days[earlier])
        sims = (sims * self._event_damping(gap)).astype(sims.dtype)
        if not self.reuse_keys.size or self.config.reuse_weight <= 0:
            return sims
        keys = earlier * _PAIR + unit
        at = np.minimum(np.searchsorted(self.reuse_keys, keys), self.reuse_keys.size - 1)
        hit = np.flatnonzero(self.reuse_keys[at] == keys)
        sims[hit] += boost(self.reuse_counts[at[hit]], self.config).astype(sims.dtype)
        return sims

    def _event_damping(self, gap: np.ndarray) -> np.ndarray:
        """What the searched cosines (damped from `max_days_apart`) are multiplied by so that
        they shrink from `event_days` whole days apart: one event is reported within a day or
        so, and a story followed over days is kept whole by the text its pages share."""
        limit, event = self.config.max_days_apart, self.config.event_days
        finite = np.isfinite(gap)
        searched = np.where(finite & (gap > limit), limit / np.maximum(gap, limit), 1.0)
        whole = np.floor(np.where(finite, gap, 0.0))
        wanted = np.where(whole > event, event / np.maximum(whole, event), 1.0)
        return np.minimum(wanted, searched) / searched

    def _recluster(self, start: int) -> np.ndarray:
        """Average-link clustering of the connected components that hold units start..; the
        units they cover (the other components cannot have changed)."""
        n = len(self.ids)
        component = self.edges.components(n)
        touched = np.zeros(n, dtype=bool)
        touched[np.unique(component[start:])] = True
        covered = np.flatnonzero(touched[component])
        inside = touched[component[self.edges.earlier]]
        edges = self.edges if inside.all() else self.edges.only(inside)  # no copy of them all
        labels = average_link_arrays(
            n, edges.earlier, edges.unit, edges.sims, self.config.threshold
        )
        self.label[covered] = labels[covered]  # a story's label is its smallest (first) unit
        return covered

    def save(self, path: str | Path) -> None:
        """Write the index to one .npz file (terms, dates, edges, stories, settings), not
        compressed: zlib would cost more time than the disk it saves. The rows are presence
        rows (every value 1), so only where the ones are is written."""
        meta = {"format": FORMAT, "ids": self.ids, "sample": self.sample}
        meta["config"] = {k: getattr(self.config, k) for k in self.config.__dataclass_fields__}
        np.savez(
            path,
            meta=np.array(json.dumps(meta)),
            dates=self.dates,
            days=self.days,
            indices=self.indices,
            indptr=self.indptr,
            unit=self.edges.unit,
            earlier=self.edges.earlier,
            sims=self.edges.sims,
            label=self.label,
            reuse_keys=self.reuse_keys,
            reuse_counts=self.reuse_counts,
        )

    @classmethod
    def load(cls, path: str | Path, config: StoryConfig | None = None) -> StoryIndex:
        """Read an index written by `save`; other settings than the saved ones rebuild it."""
        with np.load(path, allow_pickle=False) as saved:
            meta = json.loads(str(saved["meta"]))
            index = cls(config or StoryConfig(**meta["config"]))
            n = len(meta["ids"])
            index.ids = list(meta["ids"])
            index.position = {uid: k for k, uid in enumerate(index.ids)}
            index.dates = saved["dates"] if "dates" in saved else saved["days"]
            index.indices, index.indptr = _joined([(np.diff(saved["indptr"]), saved["indices"])])
            if len(index.indptr) != n + 1:
                raise ValueError(f"{path}: the saved index's term rows and unit ids disagree")
            if "reuse_keys" in saved:
                index.reuse_keys = saved["reuse_keys"].astype(np.int64)
                index.reuse_counts = saved["reuse_counts"].astype(np.int64)
            if meta["format"] != FORMAT or StoryConfig(**meta["config"]) != index.config:
                index._rebuild(Progress())
                return index
            index.sample = meta["sample"]
            index._fit_idf()
            index.vectors = index._weigh(0)
            index.days = saved["days"]
            index.edges = Edges(saved["unit"], saved["earlier"], saved["sims"])
            index.label = saved["label"].astype(np.int64)
        return index


def _joined(rows: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Presence rows given in parts (each its rows' lengths and column indices) as one
    (indices, indptr) pair, int32 while the entries allow it (as SciPy would keep them)."""
    nnz = sum(len(indices) for _, indices in rows)
    kind = np.int32 if nnz < 2**31 else np.int64
    sizes = np.concatenate([lengths for lengths, _ in rows]).astype(kind)
    indptr = np.zeros(len(sizes) + 1, dtype=kind)
    np.cumsum(sizes, out=indptr[1:])
    indices = np.empty(nnz, dtype=kind)
    done = 0
    for _, part in rows:
        indices[done : done + len(part)] = part
        done += len(part)
    return indices, indptr


@dataclass(frozen=True)
class Edges:
    """The edges units keep to earlier units: (unit, earlier unit, damped cosine) arrays."""

    unit: np.ndarray  # int64
    earlier: np.ndarray  # int64, below unit
    sims: np.ndarray  # float64

    @classmethod
    def empty(cls) -> Edges:
        """No edges."""
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none.copy(), np.zeros(0, dtype=np.float64))

    def only(self, kept: np.ndarray) -> Edges:
        """The edges where `kept` is true."""
        return Edges(self.unit[kept], self.earlier[kept], self.sims[kept])

    def plus(self, unit: np.ndarray, earlier: np.ndarray, sims: np.ndarray) -> Edges:
        """These edges and more."""
        if not len(self.unit):  # nothing to join: no copy
            return Edges(unit, earlier, sims)
        return Edges(
            np.concatenate([self.unit, unit]),
            np.concatenate([self.earlier, earlier]),
            np.concatenate([self.sims, sims]),
        )

    def components(self, n: int) -> np.ndarray:
        """Connected component of each of n units (numbered by SciPy)."""
        ones = np.ones(len(self.unit), dtype=np.int8)
        graph = sparse.csr_matrix((ones, (self.unit, self.earlier)), shape=(n, n))
        return csgraph.connected_components(graph, directed=False)[1]
