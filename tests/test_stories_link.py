"""The compiled average-link clustering gives exactly the labels of the plain Python original."""

from __future__ import annotations

import heapq
import random

import numpy as np
import pytest

from wiretrace.stories.link import average_link, average_link_arrays, warm


def reference(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """The original pure-Python average link (heap of (-sim, i, j), dicts of link totals)."""
    label = list(range(n))
    size = [1] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), sim in edges.items():
        links[i][j] = sim
        links[j][i] = sim
    heap = [(-sim, i, j) for (i, j), sim in edges.items() if sim >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or j not in links[i]:
            continue
        if abs(-neg - links[i][j] / (size[i] * size[j])) > 1e-9:
            continue
        alive[j] = False
        size[i] += size[j]
        for k, total in links[j].items():
            if k == i:
                continue
            links[k].pop(j, None)
            links[i][k] = links[i].get(k, 0.0) + total
            links[k][i] = links[i][k]
        links[i].pop(j, None)
        links[j] = {}
        label[j] = i
        for k, total in links[i].items():
            average = total / (size[i] * size[k])
            if average >= threshold:
                heapq.heappush(heap, (-average, min(i, k), max(i, k)))
    roots = []
    for x in range(n):
        while label[x] != x:
            x = label[x]
        roots.append(x)
    return roots


def random_graph(rng: random.Random, n: int, density: float, ties: bool) -> dict:
    """Random edges i < j; with ties, similarities come from a few values so many are equal."""
    values = [0.2, 0.3, 0.45, 0.5, 0.6, 0.75, 0.9, 1.0]
    edges = {}
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < density:
                edges[(i, j)] = rng.choice(values) if ties else rng.random()
    return edges


@pytest.mark.parametrize("seed", range(40))
def test_random_graphs_match_the_reference(seed: int) -> None:
    """Same labels as the original on random graphs, with and without tied similarities."""
    rng = random.Random(seed)
    n = rng.choice([1, 2, 5, 20, 60, 150])
    edges = random_graph(rng, n, rng.choice([0.02, 0.1, 0.3, 0.8]), ties=seed % 2 == 0)
    for threshold in (0.1, 0.3, 0.5, 0.8):
        assert average_link(n, edges, threshold) == reference(n, edges, threshold)


def test_many_components_in_one_call_equal_one_call_each() -> None:
    """Components side by side in one call get the labels of separate calls, shifted."""
    rng = random.Random(7)
    offset, left, right, sims, expected = 0, [], [], [], []
    for _ in range(30):
        n = rng.randint(1, 40)
        edges = random_graph(rng, n, 0.2, ties=True)
        expected.extend(offset + label for label in reference(n, edges, 0.4))
        for (i, j), sim in edges.items():
            left.append(offset + i)
            right.append(offset + j)
            sims.append(sim)
        offset += n
    labels = average_link_arrays(offset, np.array(left), np.array(right), np.array(sims), 0.4)
    assert labels.dtype == np.int64
    assert labels.tolist() == expected


def test_equal_averages_merge_smallest_pair_first() -> None:
    """All pairs tied: the smallest pair merges first, and a label is its cluster's first node."""
    edges = {(0, 1): 0.5, (2, 3): 0.5, (1, 2): 0.5}
    assert average_link(4, edges, 0.4) == reference(4, edges, 0.4) == [0, 0, 2, 2]
    assert average_link(4, edges, 0.1) == [0, 0, 0, 0]  # 0.5 / (2 * 2) joins them


def test_no_edges_and_empty_graph() -> None:
    """Without edges each node is its own cluster."""
    assert average_link(3, {}, 0.5) == [0, 1, 2]
    assert average_link(0, {}, 0.5) == []
    warm()


@pytest.mark.parametrize(
    ("left", "right"), [([1], [0]), ([0], [0]), ([0], [3]), ([-1], [1]), ([0, 0], [1, 1])]
)
def test_bad_edges_are_refused(left: list[int], right: list[int]) -> None:
    """Pairs not i < j within 0..n-1, or given twice, raise ValueError."""
    sims = np.full(len(left), 0.9)
    with pytest.raises(ValueError):
        average_link_arrays(3, np.array(left), np.array(right), sims, 0.5)
