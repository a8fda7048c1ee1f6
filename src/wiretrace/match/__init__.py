"""Match stage: candidate pairs from shared samples, then exact verification and alignment."""

from wiretrace.match.candidates import candidate_pairs
from wiretrace.match.verify import compare

__all__ = ["candidate_pairs", "compare"]
