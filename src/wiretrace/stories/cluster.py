"""Story clustering: TF-IDF over one text per copy group, average-link merging, time windows.

A copy group counts once (its source text stands for it), so a wire story republished a hundred
times weighs as much as one independent article. Clusters merge by average link over a sparse
nearest-neighbour graph: two clusters join only when their members are similar on average,
which keeps a chain of loosely related articles from collapsing into one story.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from wiretrace.config import StoryConfig

LEAD_WORDS = 400


@dataclass(frozen=True)
class StoryUnit:
    """One thing to cluster: a copy group, by the text of its source."""

    id: str
    title: str
    body: str
    published: str | None


_NAME = re.compile(r"(?<![.!?:\n“\"‘]\s)(?<!^)\b([A-Z][a-z]+(?:[-][A-Za-z]+)?)(?:['’]s)?\b")
_WORD = re.compile(r"(?u)\b[^\W\d_][\w'’-]*\b")
NAME_WEIGHT = 0.4  # share of the similarity that comes from shared names


def proper_nouns(text: str) -> list[str]:
    """Capitalised words not at a sentence start: names of people, places, organisations."""
    return [m.group(1).lower() for m in _NAME.finditer(text)]


def stem(word: str) -> str:
    """A light English stem (floods, flooded, flooding -> flood) so inflections still match."""
    word = word.lower().replace("’", "'")
    for suffix in ("'s", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def analyse(text: str) -> list[str]:
    """Stemmed words without stop words: the lexical terms of a unit."""
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in ENGLISH_STOP_WORDS]


def unit_text(unit: StoryUnit) -> str:
    """Title twice (it names the event) and the lead of the body."""
    lead = " ".join(unit.body.split()[:LEAD_WORDS])
    return f"{unit.title}\n{unit.title}\n{lead}"


def _tfidf(texts: list[str], analyzer: Callable[[str], list[str]]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows, or None when the texts hold no terms at all."""
    try:
        vectoriser = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)
        return vectoriser.fit_transform(texts).tocsr()
    except ValueError:
        return None


def vectorise(units: Sequence[StoryUnit]) -> sparse.csr_matrix:
    """One row per unit: word TF-IDF and name TF-IDF side by side, weighted, so that a dot
    product of two rows is the blend of their word cosine and their name cosine."""
    texts = [unit_text(u) for u in units]
    words = _tfidf(texts, analyse)
    names = _tfidf(texts, proper_nouns)
    if words is None:
        raise ValueError("no terms")
    if names is None:
        return words
    return sparse.hstack(
        [words * np.sqrt(1 - NAME_WEIGHT), names * np.sqrt(NAME_WEIGHT)], format="csr"
    )


def days_apart(a: str | None, b: str | None) -> float | None:
    """Days between two ISO dates, or None when either is unknown."""
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def neighbour_edges(
    matrix: sparse.csr_matrix, units: Sequence[StoryUnit], config: StoryConfig
) -> dict[tuple[int, int], float]:
    """Cosine similarities of each unit to its nearest neighbours, damped by time distance."""
    edges: dict[tuple[int, int], float] = {}
    floor = config.threshold / 2
    for start in range(0, matrix.shape[0], 2048):
        block = (matrix[start : start + 2048] @ matrix.T).toarray()
        for offset, row in enumerate(block):
            i = start + offset
            row[i] = 0.0
            top = np.argpartition(-row, min(config.neighbours, len(row) - 1))[: config.neighbours]
            for j in top:
                sim = float(row[j])
                if sim < floor or i == j:
                    continue
                gap = days_apart(units[i].published, units[j].published)
                if gap is not None and gap > config.max_days_apart:
                    sim *= config.max_days_apart / gap
                key = (min(i, int(j)), max(i, int(j)))
                edges[key] = max(edges.get(key, 0.0), sim)
    return edges


def average_link(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster label per node: merge the pair of clusters with the highest average link first."""
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


def cluster_stories(
    units: Sequence[StoryUnit], config: StoryConfig | None = None
) -> list[list[str]]:
    """Unit ids grouped into stories, each list in input order, stories by first member."""
    config = config or StoryConfig()
    if not units:
        return []
    if len(units) == 1:
        return [[units[0].id]]
    try:
        matrix = vectorise(units)
    except ValueError:  # no usable words at all
        return [[u.id] for u in units]
    labels = average_link(len(units), neighbour_edges(matrix, units, config), config.threshold)
    stories: dict[int, list[str]] = {}
    for unit, root in zip(units, labels, strict=True):
        stories.setdefault(root, []).append(unit.id)
    return list(stories.values())
