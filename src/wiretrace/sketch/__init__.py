"""Sketch stage: passages, word shingles and the sampled shingles that index a document."""

from wiretrace.sketch.shingles import DocSketch, shingle_hashes, sketch, tokens

__all__ = ["DocSketch", "shingle_hashes", "sketch", "tokens"]
