"""The compiled sketch kernels agree with the plain Python definitions they replace."""

from __future__ import annotations

import numpy as np
import pytest

from wiretrace.model import passages
from wiretrace.sketch import kernels, tokens
from wiretrace.sketch.shingles import token_hashes

TEXTS = [
    "",
    "one",
    "  Two  words \n",
    "First para.\n\nSecond\tpara\u00a0with  spaces.\n\n\n\nThird\n\n\npara.",
    "\n\n\n lead \n\n trail \n\n",
    "Unicode: Straße ÉCOLE İstanbul 東京 emoji 😀 done.\r\n\r\nNext\u2003para\u2028line.",
    "a\n\n \n\nb\n\n\n\n",
]


def python_reflow(text: str) -> str:
    """The reference: paragraphs with white space runs collapsed, joined by blank lines."""
    return "\n\n".join(" ".join(p.split()) for p in passages(text))


@pytest.mark.parametrize("text", TEXTS)
def test_reflow_equals_python(text: str) -> None:
    """The one-pass reflow gives exactly the split/join result."""
    assert kernels.reflowed(text) == python_reflow(text)


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_found_where_python_finds_them(text: str) -> None:
    """Token starts are the `\\w+` runs Python's regex finds (ASCII-lowering texts)."""
    hashes, starts = token_hashes(text)
    assert hashes.size == len(tokens(text)) or "İ" in text  # İ lowers to two code points
    words = [text[s:] for s in starts.tolist()]
    assert all(w[:1].isalnum() or w[:1] == "_" for w in words)


def test_equal_tokens_equal_hashes() -> None:
    """A token hashes the same wherever it stands and whatever its case."""
    hashes, _ = token_hashes("Wire wire WIRE, story")
    assert hashes[0] == hashes[1] == hashes[2] != hashes[3]


def test_lone_surrogates_do_not_break_hashing() -> None:
    """Text read with lone surrogates is still hashed (they are not word characters)."""
    hashes, _ = token_hashes("before \ud800 after")
    assert hashes.size == 2
    assert kernels.reflowed("a \ud800  b") == "a \ud800 b"


def test_sample_docs_matches_single_documents() -> None:
    """A chunk sampled at once equals each text sampled alone."""
    word, lower, _ = kernels.tables()
    texts = ["alpha beta gamma delta epsilon zeta eta theta " * 20, "", "short text", "x " * 50]
    codes = kernels.codes_of("".join(texts))
    bounds = np.cumsum([0] + [len(t) for t in texts])
    words, samples, offsets = kernels.sample_docs(codes, bounds, word, lower, 5, 4)
    for i, text in enumerate(texts):
        alone_words, alone, _ = kernels.sample_docs(
            kernels.codes_of(text), np.array([0, len(text)]), word, lower, 5, 4
        )
        assert words[i] == alone_words[0] == len(tokens(text))
        assert np.array_equal(samples[offsets[i] : offsets[i + 1]], alone)
