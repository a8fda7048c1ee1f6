"""Stage functions that note each call in a file, then run wiretrace's own (module-level, so
they travel to worker processes): a run with them shows which stages an engine calls."""

from __future__ import annotations

import os
from typing import Any

from wiretrace.engines.base import default_stages

LOG = "WIRETRACE_TEST_STAGE_LOG"


def _noted(name: str) -> None:
    """Append a stage's name to the log file named by the environment."""
    with open(os.environ[LOG], "a", encoding="utf-8") as log:
        log.write(name + "\n")


def candidates(*args: Any) -> Any:
    """The candidate stage, noted."""
    _noted("candidates")
    return default_stages().candidates(*args)


def verify(*args: Any) -> Any:
    """The verification stage over bodies, noted."""
    _noted("verify")
    return default_stages().verify(*args)


def story(*args: Any) -> Any:
    """The consolidation stage, noted."""
    _noted("story")
    return default_stages().story(*args)
