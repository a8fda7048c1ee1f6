"""Site passages keyed in the body itself: the same keys and sizes as over `passages`, and
the same when a chunk of bodies is sampled and keyed in one pass."""

from __future__ import annotations

import random

import numpy as np
import pytest

from wiretrace.config import SketchConfig
from wiretrace.extract.site import body_keys_and_sizes, keys_and_sizes
from wiretrace.model import passages
from wiretrace.sketch import sample_many
from wiretrace.sketch.rows import sample_and_key

PIECES = [
    "word",
    "Two words",
    "\n",
    "\n\n",
    "\n\n\n",
    " ",
    "\t",
    "\u00a0",
    "\u2029",
    "é",
    "😀",
    "A.B",
]


def bodies() -> list[str]:
    """Hand-made bodies, and random ones over pieces that make blank lines and white space."""
    rng = random.Random(11)
    made = ["", "\n\n", " \n\n ", "a\n\n\nb", "a\n\n\n\nb", "one\n\ntwo\n\n", "\n\n😀 x\n\ny"]
    made += ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 40))) for _ in range(400)]
    return made


@pytest.mark.parametrize("body", bodies())
def test_body_keys_match_the_passages_keys(body: str) -> None:
    assert body_keys_and_sizes(body) == keys_and_sizes(passages(body))


@pytest.mark.parametrize("mod", [1, 4])
def test_chunk_samples_and_keys_match_each_body_alone(mod: int) -> None:
    made = bodies()
    rng = random.Random(5)  # one-letter words: more samples than the first room for them
    made.append(" ".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3000)))
    config = SketchConfig(sample_mod=mod)
    sampled, keyed = sample_and_key(made, config)
    alone = sample_many(made, config)
    assert len(sampled) == len(keyed) == len(made)
    assert sum(words for words, _ in sampled) > 3000
    for (words, sample), (words2, sample2) in zip(sampled, alone, strict=True):
        assert words == words2
        assert np.array_equal(sample, sample2)
    assert keyed == [body_keys_and_sizes(body) for body in made]


def test_no_bodies_no_samples_nor_keys() -> None:
    assert sample_and_key([], SketchConfig()) == ([], [])
