"""Shared fixtures: where ../shared/data is, and whether its absence skips or fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def extraction_benchmark() -> Path:
    """The 181-page article extraction benchmark."""
    return need_shared("article-extraction-benchmark")
