"""Site passages keyed in the body itself: the same keys and sizes as over `passages`."""

from __future__ import annotations

import random

import pytest

from wiretrace.extract.site import body_keys_and_sizes, keys_and_sizes
from wiretrace.model import passages

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
