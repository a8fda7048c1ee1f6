"""Candidate counting against a plain reference, and the hash sort against NumPy's."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from conftest import candidate_inputs
from wiretrace.config import MatchConfig, SketchConfig
from wiretrace.match import candidates


@pytest.mark.parametrize("size", [0, 1, 17, 5_000, 300_000])
def test_sorted_by_hash_is_a_stable_sort(size: int) -> None:
    rng = np.random.default_rng(size)
    hashes = rng.integers(0, 1 << 63, size, dtype=np.uint64) << np.uint64(1)
    hashes[: size // 3] = hashes[size // 3 : 2 * (size // 3)]  # repeated hashes
    docs = np.arange(size, dtype=np.int32)
    sorted_h, sorted_d = candidates.sorted_by_hash(hashes, docs)
    order = np.argsort(hashes, kind="stable")
    assert np.array_equal(sorted_h, hashes[order])
    assert np.array_equal(sorted_d, docs[order])


def _reference(
    rows: dict[int, set[int]], new: set[int], max_df: int, match: MatchConfig
) -> list[tuple[int, int, int]]:
    """Pairs counted one shared hash at a time, then the thresholds."""
    shared: Counter[tuple[int, int]] = Counter()
    holders: dict[int, list[int]] = {}
    for doc, hashes in rows.items():
        for h in hashes:
            holders.setdefault(h, []).append(doc)
    for docs in holders.values():
        if 2 <= len(docs) <= max_df:
            for a, b in combinations(sorted(docs), 2):
                if a in new or b in new:
                    shared[a, b] += 1
    found = []
    for (a, b), count in sorted(shared.items()):
        smaller = min(len(rows[a]), len(rows[b]))
        if count >= match.min_shared_samples and count >= match.min_sample_share * smaller:
            found.append((a, b, count))
    return found


def _corpus(seed: int) -> tuple[dict[int, set[int]], set[int]]:
    """Documents drawing hashes from a small pool (many shared, some past max_df), with
    stories copied between them, and a random half of them new."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(1, 1 << 64, 400, dtype=np.uint64)
    stories = [set(rng.choice(pool, 30).tolist()) for _ in range(12)]
    rows: dict[int, set[int]] = {}
    for doc in rng.permutation(90).tolist():
        own = set(rng.choice(pool, int(rng.integers(1, 20))).tolist())
        if rng.random() < 0.6:
            story = sorted(stories[int(rng.integers(len(stories)))])
            own |= set(rng.choice(story, int(rng.integers(1, len(story)))).tolist())
        rows[doc] = own
    rows[90] = set(pool[:5].tolist())  # in many documents' lists
    for doc in range(0, 90, 3):
        rows[doc].add(int(pool[0]))  # a stock phrase, in more than max_doc_freq documents
    new = {d for d in rows if rng.random() < 0.5}
    return rows, new


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("slice_rows", [32_000_000, 300, 7])
def test_candidates_match_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, slice_rows: int
) -> None:
    monkeypatch.setattr(candidates, "SLICE_ROWS", slice_rows)
    rows, new = _corpus(seed)
    sketch, match = SketchConfig(max_doc_freq=8), MatchConfig()
    inputs = candidate_inputs({k: sorted(v) for k, v in rows.items()}, sorted(new))
    found = candidates.candidate_pairs(*inputs, sketch, match)
    expected = _reference(rows, new, sketch.max_doc_freq, match)
    assert expected  # the corpus does hold candidates
    assert found == expected


def test_no_new_documents_no_candidates(tmp_path: Path) -> None:
    rows, _ = _corpus(0)
    inputs = candidate_inputs({k: sorted(v) for k, v in rows.items()}, [])
    assert candidates.candidate_pairs(*inputs, SketchConfig(), MatchConfig()) == []
