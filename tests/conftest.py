"""Shared fixtures: where ../shared/data is, and whether its absence skips or fails."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "pages"


def shared_data() -> Path:
    """The shared data folder: $WIRETRACE_SHARED or ../shared/data beside the repository."""
    return Path(os.environ.get("WIRETRACE_SHARED", ROOT.parent / "shared" / "data"))


def need_shared(*parts: str) -> Path:
    """Path inside the shared data; skip when missing, fail in CI (WIRETRACE_REQUIRE_SHARED=1)."""
    path = shared_data().joinpath(*parts)
    if not path.exists():
        message = f"shared data missing: {path}"
        if os.environ.get("WIRETRACE_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (required: WIRETRACE_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return path


@pytest.fixture
def seeds() -> Path:
    """The five seed pages and gold.json."""
    return need_shared("seeds")


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of a run over the seed folder alone (one worker), made once."""
    from wiretrace.config import Settings
    from wiretrace.engines import local

    seeds = need_shared("seeds")
    db = tmp_path_factory.mktemp("seeds") / "store.duckdb"
    return local.run([seeds], db, Settings(workers=1)).report


@pytest.fixture(scope="session")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of a run over the example pages (one worker), made once."""
    from wiretrace.config import Settings
    from wiretrace.engines import local

    db = tmp_path_factory.mktemp("examples") / "store.duckdb"
    return local.run([EXAMPLES], db, Settings(workers=1)).report


@pytest.fixture
def extraction_benchmark() -> Path:
    """The 181-page article extraction benchmark."""
    return need_shared("article-extraction-benchmark")


def random_unit_vectors(
    n: int, terms: int, density: float, seed: int, undated: float
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit-length random rows (weights 0.2-1 before scaling) and days 0-399, the given share
    of them unknown (NaN): small story corpora for the similarity kernels."""
    rng = np.random.default_rng(seed)
    counts = sparse.random(n, terms, density=density, random_state=rng, dtype=np.float32).tocsr()
    counts.data[:] = rng.uniform(0.2, 1.0, counts.nnz).astype(np.float32)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    vectors = sparse.csr_matrix(sparse.diags(1 / norms) @ counts, dtype=np.float32)
    days = rng.integers(0, 400, n).astype(np.float64)
    days[rng.random(n) < undated] = np.nan
    return vectors, days


def candidate_inputs(
    samples: dict[int, list[int]], new: list[int]
) -> tuple[np.ndarray, list[int], object]:
    """What candidate search reads, from samples given by document key: samples per key,
    the new keys, and the sample table a range of hashes at a time (`hash_ranges`)."""
    from wiretrace.match.candidates import hash_ranges

    sampled = np.zeros(max(samples, default=0) + 1, dtype=np.int64)
    for key, sample in samples.items():
        sampled[key] = len(sample)
    docs = np.array([k for k, v in samples.items() for _ in v], dtype=np.int32)
    hashes = np.array([h for v in samples.values() for h in v], dtype=np.uint64)

    def slices():  # type: ignore[no-untyped-def]
        for low, high in hash_ranges(hashes.size):
            keep = np.ones(hashes.size, dtype=bool)
            if low is not None:
                keep &= hashes >= np.uint64(low)
            if high is not None:
                keep &= hashes < np.uint64(high)
            yield hashes[keep], docs[keep]

    return sampled, sorted(new), slices()
