"""Sketch stage: passages, word shingles and the sampled shingles that index a document."""

from wiretrace.sketch.shingles import (
    DocSketch,
    sample_codes,
    sample_many,
    shingle_hashes,
    sketch,
    tokens,
)

__all__ = ["DocSketch", "sample_codes", "sample_many", "shingle_hashes", "sketch", "tokens"]
