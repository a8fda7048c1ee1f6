"""Average-link agglomerative clustering over a sparse similarity graph (compiled with Numba).

The closest pair of clusters (largest average link; missing edges count as 0) merges first, until
no pair reaches the threshold. Ties go to the smallest pair (i, j), and the merged cluster keeps
the smaller number i, so a cluster's label is its smallest node.

A heap holds (-average, i, j) entries and drops stale ones lazily: an entry counts only while its
two clusters live and its average is within 1e-9 of their current one. Each merge adds the two
link totals of a common neighbour (one IEEE addition: the order in which a merge visits its
neighbours cannot change a value). A hash table keyed by pair holds every live pair's current
total. Each cluster also keeps a list of (neighbour, total) written when it last absorbed
another; an entry is read as is unless its neighbour has since been absorbed or absorbed
something (then the table answers), so a merge touches the lists of the two merging clusters
only. Several components may go in one call: the answer is the same as one call per component.

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from numba import njit

_STALE = 1e-9  # an entry whose average moved further than this since its push is stale
_EMPTY = -1  # free slot of the hash table
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier
_ARITY = 4  # children per heap node: fewer levels, and siblings share a cache line

# columns of the per-node table (one row per node keeps a node's fields in one or two lines)
_PARENT = 0  # the cluster that absorbed the node, itself while it lives
_SIZE = 1  # nodes in the cluster
_CHANGED = 2  # merge step at which the cluster last absorbed another (-1: never)
_SEEN_I = 3  # merge step at which the node was met in the surviving cluster's list
_SEEN_J = 4  # merge step at which the node was met in the absorbed cluster's list
_PLACE = 5  # where the node lies in the surviving cluster's list
_START = 6  # where the cluster's list starts in the pool
_LENGTH = 7  # entries in the cluster's list


def average_link(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster label per node (the smallest node of its cluster), merging by average link.

    Merging stops below the threshold; missing edges count as 0. Average link keeps a chain of
    loosely related articles from collapsing into one story. Keys are pairs (i, j) with i < j."""
    count = len(edges)
    pairs = np.fromiter(chain.from_iterable(edges), dtype=np.int64, count=2 * count)
    sims = np.fromiter(edges.values(), dtype=np.float64, count=count)
    return average_link_arrays(n, pairs[0::2], pairs[1::2], sims, threshold).tolist()


def average_link_arrays(
    n: int, left: np.ndarray, right: np.ndarray, sims: np.ndarray, threshold: float
) -> np.ndarray:
    """Label per node (int64, its cluster's smallest node) of the edges left[e] < right[e].

    Each unordered pair appears at most once; nodes are 0..n-1. Raises ValueError otherwise."""
    left = np.ascontiguousarray(left, dtype=np.int64)
    right = np.ascontiguousarray(right, dtype=np.int64)
    sims = np.ascontiguousarray(sims, dtype=np.float64)
    if not left.size == right.size == sims.size:
        raise ValueError("left, right and sims differ in length")
    return _cluster(int(n), left, right, sims, float(threshold))


def warm() -> None:
    """Load the compiled kernel now (from the disk cache, or compile it): a process that forks
    workers afterwards hands them ready code instead of each loading its own."""
    edges = np.array([0, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64)
    average_link_arrays(3, edges[0], edges[1], np.array([0.9, 0.5]), 0.4)


@njit(cache=True)
def _cluster(n, left, right, sims, threshold):  # type: ignore[no-untyped-def]
    """The clustering: merge popped pairs while any live pair reaches the threshold."""
    table, bits = _table(n, left, right, sims)
    node, capacity, ids, totals = _nodes(n, left, right, sims)
    end = ids.size  # first free place of the pool
    heap_key, heap_pair, top = _initial_heap(n, left, right, sims, threshold)
    step = 0
    while top > 0:
        neg, pair = heap_key[0], heap_pair[0]
        top -= 1
        _sift_down(heap_key, heap_pair, top, 0, heap_key[top], heap_pair[top])
        i, j = pair // n, pair % n
        if node[i, _PARENT] != i or node[j, _PARENT] != j:
            continue
        at = _slot(table, bits, pair)
        if abs(-neg - table.view(np.float64)[at + 1] / (node[i, _SIZE] * node[j, _SIZE])) > _STALE:
            continue  # stale entry: the average changed since it was pushed
        _remove(table, bits, at)
        _refresh(n, i, j, step, node, ids, totals, table, bits)
        ids, totals, end = _take_over(n, i, j, step, node, capacity, ids, totals, end, table, bits)
        node[j, _PARENT], node[j, _LENGTH], node[i, _CHANGED] = i, 0, step
        node[i, _SIZE] += node[j, _SIZE]
        heap_key, heap_pair, top = _push_links(
            n, i, node, ids, totals, threshold, heap_key, heap_pair, top
        )
        step += 1
    labels = node[:, _PARENT].copy()
    for x in range(n):  # a survivor is smaller than what it absorbed: ascending order resolves
        labels[x] = labels[labels[x]]
    return labels


@njit(cache=True)
def _refresh(n, i, j, step, node, ids, totals, table, bits):  # type: ignore[no-untyped-def]
    """Rewrite i's list in place before i absorbs j: live clusters once each, j left out, with
    current totals (looked up again only for clusters that changed since the list was written)."""
    first = node[i, _START]
    write = first
    for r in range(first, first + node[i, _LENGTH]):  # writes never pass reads
        k = _find(node, ids[r])
        if k in (i, j) or node[k, _SEEN_I] == step:
            continue
        node[k, _SEEN_I], node[k, _PLACE] = step, write - first
        total = totals[r]
        if k != ids[r] or node[k, _CHANGED] > node[i, _CHANGED]:
            total = table.view(np.float64)[_slot(table, bits, _pair(n, i, k)) + 1]
        ids[write], totals[write] = k, total
        write += 1
    node[i, _LENGTH] = write - first


@njit(cache=True)
def _take_over(n, i, j, step, node, capacity, ids, totals, end, table, bits):  # type: ignore[no-untyped-def]
    """Move j's links to i: totals of common neighbours add up, j's other neighbours join i's
    list. The pool's arrays and free end (i's list may move to grow)."""
    values = table.view(np.float64)
    for r in range(node[j, _START], node[j, _START] + node[j, _LENGTH]):
        k = _find(node, ids[r])
        if k in (i, j) or node[k, _SEEN_J] == step:
            continue
        node[k, _SEEN_J] = step
        at = _slot(table, bits, _pair(n, j, k))
        total = values[at + 1]
        _remove(table, bits, at)
        if node[k, _SEEN_I] == step:  # a common neighbour
            mine = node[i, _START] + node[k, _PLACE]
            totals[mine] = totals[mine] + total
            values[_slot(table, bits, _pair(n, i, k)) + 1] = totals[mine]
            continue
        _insert(table, bits, _pair(n, i, k), total)
        if node[i, _LENGTH] == capacity[i]:
            ids, totals, end = _grow(node, capacity, ids, totals, end, i)
        at = node[i, _START] + node[i, _LENGTH]
        ids[at], totals[at] = k, total
        node[i, _LENGTH] += 1
    return ids, totals, end


@njit(cache=True)
def _push_links(n, i, node, ids, totals, threshold, heap_key, heap_pair, top):  # type: ignore[no-untyped-def]
    """Push the averages of i's links that reach the threshold; the heap's arrays and size."""
    for r in range(node[i, _START], node[i, _START] + node[i, _LENGTH]):
        k = ids[r]
        average = totals[r] / (node[i, _SIZE] * node[k, _SIZE])
        if average >= threshold:
            if top == heap_key.size:
                heap_key, heap_pair = _double(heap_key, heap_pair)
            _sift_up(heap_key, heap_pair, top, -average, _pair(n, i, k))
            top += 1
    return heap_key, heap_pair, top


@njit(cache=True, inline="always")
def _pair(n, a, b):  # type: ignore[no-untyped-def]
    """The key of the unordered pair {a, b}: smaller * n + larger."""
    return min(a, b) * n + max(a, b)


@njit(cache=True, inline="always")
def _find(node, x):  # type: ignore[no-untyped-def]
    """The live cluster that absorbed x (path halving)."""
    while node[x, _PARENT] != x:
        node[x, _PARENT] = node[node[x, _PARENT], _PARENT]
        x = node[x, _PARENT]
    return x


@njit(cache=True)
def _nodes(n, left, right, sims):  # type: ignore[no-untyped-def]
    """The per-node table, list capacities, and the pool of lists: neighbours and totals."""
    node = np.zeros((n, 8), dtype=np.int64)
    node[:, _PARENT] = np.arange(n)
    node[:, _SIZE] = 1
    node[:, _CHANGED] = -1
    node[:, _SEEN_I] = -1
    node[:, _SEEN_J] = -1
    capacity = np.zeros(n, dtype=np.int64)
    for e in range(left.size):
        capacity[left[e]] += 1
        capacity[right[e]] += 1
    for x in range(1, n):
        node[x, _START] = node[x - 1, _START] + capacity[x - 1]
    ids = np.empty(2 * left.size, dtype=np.int64)
    totals = np.empty(2 * left.size, dtype=np.float64)
    for e in range(left.size):
        for a, b in ((left[e], right[e]), (right[e], left[e])):
            at = node[a, _START] + node[a, _LENGTH]
            ids[at], totals[at] = b, sims[e]
            node[a, _LENGTH] += 1
    return node, capacity, ids, totals


@njit(cache=True)
def _grow(node, capacity, ids, totals, end, x):  # type: ignore[no-untyped-def]
    """Move x's full list to the pool's free end with twice the room (the pool doubles if
    needed); the pool's arrays and its new free end."""
    room = max(4, 2 * capacity[x])
    if end + room > ids.size:  # a quarter more: doubling a pool of 30 million entries cost 1 GB
        grown = max(ids.size + ids.size // 4, end + room)
        more_ids, more_totals = np.empty(grown, np.int64), np.empty(grown, np.float64)
        more_ids[:end], more_totals[:end] = ids[:end], totals[:end]
        ids, totals = more_ids, more_totals
    first, count = node[x, _START], node[x, _LENGTH]
    ids[end : end + count] = ids[first : first + count]
    totals[end : end + count] = totals[first : first + count]
    node[x, _START], capacity[x] = end, room
    return ids, totals, end + room


@njit(cache=True)
def _table(n, left, right, sims):  # type: ignore[no-untyped-def]
    """Hash table of pair totals (linear probing), filled with the edges.

    Slot s holds the key i * n + j at 2s and the total's bits at 2s + 1: one cache line a probe."""
    table, bits = _empty_table(left.size)
    for e in range(left.size):
        i, j = left[e], right[e]
        if i < 0 or j >= n or i >= j:
            raise ValueError("edges must be pairs i < j of nodes 0..n-1")
        if _slot(table, bits, i * n + j) >= 0:
            raise ValueError("an edge appears twice")
        _insert(table, bits, i * n + j, sims[e])
    return table, bits


@njit(cache=True)
def _empty_table(keys):  # type: ignore[no-untyped-def]
    """A table that holds the given number of keys at most two thirds full; its size in bits.

    A merge removes as many keys as it adds, so the table never holds more than the edges."""
    bits = 4
    while 2 * (1 << bits) < 3 * keys:
        bits += 1
    return np.full(2 << bits, _EMPTY, dtype=np.int64), bits


@njit(cache=True, inline="always")
def _home(bits, key):  # type: ignore[no-untyped-def]
    """The table position (2 * slot) where a key's probe starts."""
    return 2 * np.int64((np.uint64(key) * _GOLDEN) >> np.uint64(64 - bits))


@njit(cache=True)
def _slot(table, bits, key):  # type: ignore[no-untyped-def]
    """Position of the key in the table (its total is next), or -1 when absent."""
    mask = table.size - 1
    at = _home(bits, key)
    while table[at] != _EMPTY:
        if table[at] == key:
            return at
        at = (at + 2) & mask
    return -1


@njit(cache=True)
def _insert(table, bits, key, total):  # type: ignore[no-untyped-def]
    """Put an absent key with its total in the first free slot of its probe."""
    mask = table.size - 1
    at = _home(bits, key)
    while table[at] != _EMPTY:
        at = (at + 2) & mask
    table[at] = key
    table.view(np.float64)[at + 1] = total


@njit(cache=True)
def _remove(table, bits, at):  # type: ignore[no-untyped-def]
    """Empty a slot, shifting later entries of the probe back so that no lookup breaks."""
    mask = table.size - 1
    hole = at
    at = (at + 2) & mask
    while table[at] != _EMPTY:
        home = _home(bits, table[at])
        if (at - home) & mask >= (at - hole) & mask:  # home not after the hole: may move
            table[hole], table[hole + 1] = table[at], table[at + 1]
            hole = at
        at = (at + 2) & mask
    table[hole] = _EMPTY


@njit(cache=True)
def _initial_heap(n, left, right, sims, threshold):  # type: ignore[no-untyped-def]
    """Heap arrays (keys -average, pairs i * n + j) of the edges at or above the threshold."""
    heap_key = np.empty(max(left.size, 16), dtype=np.float64)
    heap_pair = np.empty(max(left.size, 16), dtype=np.int64)
    top = 0
    for e in range(left.size):
        if sims[e] >= threshold:
            heap_key[top], heap_pair[top] = -sims[e], left[e] * n + right[e]
            top += 1
    for at in range((top - 2) // _ARITY, -1, -1):
        _sift_down(heap_key, heap_pair, top, at, heap_key[at], heap_pair[at])
    return heap_key, heap_pair, top


@njit(cache=True)
def _sift_down(heap_key, heap_pair, top, at, key, pair):  # type: ignore[no-untyped-def]
    """Put the entry (key, pair) at `at` or below, where it pops after its parent and before its
    children: larger averages first, then smaller pairs (i, j)."""
    while True:
        first = _ARITY * at + 1
        if first >= top:
            break
        best = first
        for child in range(first + 1, min(first + _ARITY, top)):
            if heap_key[child] < heap_key[best] or (
                heap_key[child] == heap_key[best] and heap_pair[child] < heap_pair[best]
            ):
                best = child
        if heap_key[best] > key or (heap_key[best] == key and heap_pair[best] >= pair):
            break
        heap_key[at], heap_pair[at] = heap_key[best], heap_pair[best]
        at = best
    heap_key[at], heap_pair[at] = key, pair


@njit(cache=True)
def _sift_up(heap_key, heap_pair, at, key, pair):  # type: ignore[no-untyped-def]
    """Put the new entry (key, pair) at the free place `at` or above it."""
    while at > 0:
        up = (at - 1) // _ARITY
        if heap_key[up] < key or (heap_key[up] == key and heap_pair[up] <= pair):
            break
        heap_key[at], heap_pair[at] = heap_key[up], heap_pair[up]
        at = up
    heap_key[at], heap_pair[at] = key, pair


@njit(cache=True)
def _double(heap_key, heap_pair):  # type: ignore[no-untyped-def]
    """The heap's arrays with twice the room."""
    keys = np.empty(2 * heap_key.size, dtype=np.float64)
    pairs = np.empty(2 * heap_pair.size, dtype=np.int64)
    keys[: heap_key.size] = heap_key
    pairs[: heap_pair.size] = heap_pair
    return keys, pairs
