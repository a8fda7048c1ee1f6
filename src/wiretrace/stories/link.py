"""Average-link agglomerative clustering over a sparse similarity graph."""

from __future__ import annotations

import heapq


def average_link(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster label per node, merging the closest pair of clusters by average link first.

    Merging stops below the threshold; missing edges count as 0. Average link keeps a chain of
    loosely related articles from collapsing into one story."""
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
            continue  # stale entry: the average changed since it was pushed
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
    return [_root(label, x) for x in range(n)]


def _root(label: list[int], x: int) -> int:
    """Follow merges to the surviving cluster of x."""
    while label[x] != x:
        x = label[x]
    return x
