"""Compiled verification: the same copy pairs, to the last digit, as the reference `compare`."""

from __future__ import annotations

import random

import numpy as np

from wiretrace.config import MatchConfig, SketchConfig
from wiretrace.match import compare
from wiretrace.match.kernels import pairwise_sum
from wiretrace.match.verify import verify_many
from wiretrace.sketch import sketch

rng = random.Random(11)
VOCAB = [f"w{i}" for i in range(400)] + ["Ünïcode", "ΣΟΦΙΑ", "日本語", "𝔘𝔫𝔦", "don't", "x_y"]
ODD = ["\u2003", "\x1c", " \n ", "\t", "\n\n\n", "  ", "—", "* * *"]


def paragraph() -> str:
    """Words from a small vocabulary (so that pages share shingles), with odd white space."""
    words = [rng.choice(VOCAB) for _ in range(rng.randint(0, 60))]
    if words and rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(ODD))
    return " ".join(words)


def page(sources: list[list[str]]) -> str:
    """A page: paragraphs of earlier pages (whole, edited or repeated) and new ones."""
    paras: list[str] = []
    if sources and rng.random() < 0.5:  # a run of another page's paragraphs
        other = rng.choice(sources)
        start = rng.randrange(len(other) + 1)
        paras = other[start : start + rng.randint(1, 12)]
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if sources and kind < 0.5:
            taken = rng.choice(rng.choice(sources) or [""])
            if rng.random() < 0.3:
                words = taken.split(" ")
                words[rng.randrange(len(words))] = rng.choice(VOCAB)
                taken = " ".join(words)
            paras.append(taken)
        elif paras and kind < 0.6:
            paras.append(rng.choice(paras))  # said twice on the page
        elif kind < 0.65:
            paras.append(rng.choice(ODD))
        else:
            paras.append(paragraph())
    sources.append(paras)
    return rng.choice(["\n\n", "\n\n\n", "\n \n"]).join(paras)


def test_many_pairs_equal_the_reference_compare() -> None:
    sources: list[list[str]] = []
    bodies = [page(sources) for _ in range(120)] + ["", " ", "one two", "a\n\nb"]
    texts = {key: (f"d{key}", body) for key, body in enumerate(bodies, start=5)}
    keys = list(texts)
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if rng.random() < 0.4]
    for config in (MatchConfig(), MatchConfig(min_containment=0.2, min_shared_words=5)):
        sketches = {k: sketch(body) for k, (_, body) in texts.items()}
        expected = []
        for a, b in pairs:
            pair = compare(texts[a][0], sketches[a], texts[b][0], sketches[b], config)
            if pair is not None:
                expected.append((a, b, pair))
        assert len(expected) > 30
        assert verify_many(pairs, texts, SketchConfig(), config) == expected


def test_nothing_to_verify() -> None:
    assert verify_many([], {}, SketchConfig(), MatchConfig()) == []


def test_pairwise_sum_is_numpy_sum() -> None:
    gen = np.random.default_rng(3)
    for n in [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 4099]:
        x = gen.random(n + 3) * gen.integers(1, 300, n + 3)
        assert pairwise_sum(x, 3, n) == float(x[3:].sum())


def test_pages_of_many_passages_align_as_the_reference() -> None:
    source = [" ".join(rng.choice(VOCAB) for _ in range(12)) for _ in range(300)]
    copy = source[:150] + [paragraph() for _ in range(30)] + source[200:] + ["\ud800 lone"]
    texts = {1: ("a", "\n\n".join(copy)), 2: ("b", "\n\n".join(source))}
    pair = compare("a", sketch(texts[1][1]), "b", sketch(texts[2][1]))
    assert pair is not None and len(pair.passages) >= 200  # 281 x 300 cells: no dense table
    assert verify_many([(1, 2)], texts) == [(1, 2, pair)]


def test_neighbours_come_together() -> None:
    from wiretrace.engines.local import neighbours_together

    a = np.array([1, 1, 2, 3, 4, 5], dtype=np.int64)
    b = np.array([5, 9, 5, 4, 8, 9], dtype=np.int64)
    first, second = neighbours_together(a, b)
    assert sorted(zip(first.tolist(), second.tolist(), strict=True)) == list(
        zip(a.tolist(), b.tolist(), strict=True)
    )
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == [
        (1, 5),
        (1, 9),
        (5, 9),
        (2, 5),
        (3, 4),
        (4, 8),
    ]
