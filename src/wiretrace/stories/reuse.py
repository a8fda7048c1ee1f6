"""Text two story units share word for word, as evidence that they tell one event.

Two outlets covering one happening carry the same quotes and often the same wire sentences;
two events of one subject share its words but rarely a sentence. The evidence is the sketch
stage's sample of each body (word 5-grams whose hash falls in one residue class, see
`sketch.shingles`): the samples two units share that at most `reuse_max_units` units carry
(a rare passage, not an outlet's stock phrase). From `reuse_min` shared samples on (one alone
is often a chance phrase), each adds `reuse_weight / reuse_full` to the pair's similarity, up
to `reuse_weight`, however many days apart the two are (within the horizon): it is what keeps a
story followed over days whole once the words shrink from `event_days` apart.

The store computes the same pairs from its sample table (`store.samples.REUSE_SQL`); this
module computes them from text, for units given with their bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from wiretrace.config import SketchConfig, StoryConfig
from wiretrace.sketch.shingles import sample_many
from wiretrace.stories.features import StoryUnit

ReusePairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (unit a, unit b > a, shared samples)
Reuse = Sequence[tuple[str, str, int]]  # (unit id, unit id, shared samples) a pair
# the pairs, or what gives them once called (an engine may still be finding them while the
# index reads its units)
ReuseSource = Reuse | Callable[[], Reuse]


def unit_samples(
    units: Sequence[StoryUnit], sketch: SketchConfig | None = None
) -> list[np.ndarray]:
    """Each unit's distinct body samples, sorted as the sketch stage makes them (empty for a
    unit given by its terms alone)."""
    bodies = [unit.body or "" for unit in units]
    return [sample for _, sample in sample_many(bodies, sketch)]


def shared_samples(
    samples: Sequence[np.ndarray], max_units: int, min_shared: int = 1
) -> ReusePairs:
    """(a, b, count) of the unit pairs, a < b, sharing at least `min_shared` samples that
    2..max_units units carry, sorted by (a, b); `samples[i]` holds unit i's distinct samples."""
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    hashes = np.concatenate(samples) if len(samples) else np.zeros(0, dtype=np.uint64)
    owner = np.repeat(np.arange(len(samples), dtype=np.int64), sizes)
    order = np.lexsort((owner, hashes))
    hashes, owner = hashes[order], owner[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if hashes.size else owner
    carriers = np.diff(np.r_[starts, hashes.size])
    firsts, seconds = [], []
    for k in range(2, max_units + 1):
        runs = starts[carriers == k]
        if not runs.size:
            continue
        members = owner[runs[:, None] + np.arange(k)]  # ascending within each run
        for i, j in combinations(range(k), 2):
            firsts.append(members[:, i])
            seconds.append(members[:, j])
    if not firsts:
        none = np.zeros(0, dtype=np.int64)
        return none, none.copy(), none.copy()
    n = max(len(samples), 1)
    keys, counts = np.unique(
        np.concatenate(firsts) * n + np.concatenate(seconds), return_counts=True
    )
    kept = counts >= min_shared
    keys, counts = keys[kept], counts[kept]
    return keys // n, keys % n, counts.astype(np.int64)


def text_reuse(units: Sequence[StoryUnit], config: StoryConfig) -> Reuse:
    """(unit id, unit id, shared samples) of the units' pairs, from their bodies."""
    if config.reuse_weight <= 0 or len(units) < 2:
        return []
    samples = unit_samples(units)
    a, b, counts = shared_samples(samples, config.reuse_max_units, config.reuse_min)
    return [
        (units[i].id, units[j].id, c)
        for i, j, c in zip(a.tolist(), b.tolist(), counts.tolist(), strict=True)
    ]


def boost(counts: np.ndarray, config: StoryConfig) -> np.ndarray:
    """What `counts` shared samples add to a pair's similarity (not damped by time)."""
    full = max(config.reuse_full, 1)
    return config.reuse_weight * np.minimum(counts, full) / full
