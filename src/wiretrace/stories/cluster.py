"""Batch story clustering: every unit at once, the same stories a growing `StoryIndex` gives.

A copy group counts once (its source text stands for it), so a wire story republished a hundred
times weighs as much as one independent article. See `wiretrace.stories.index` for the method.
"""

from __future__ import annotations

from collections.abc import Sequence

from wiretrace.config import StoryConfig
from wiretrace.stories.features import StoryUnit, analyse, stem
from wiretrace.stories.index import StoryIndex
from wiretrace.stories.link import average_link
from wiretrace.stories.reuse import text_reuse

__all__ = ["StoryUnit", "analyse", "average_link", "cluster_stories", "stem"]


def cluster_stories(
    units: Sequence[StoryUnit], config: StoryConfig | None = None
) -> list[list[str]]:
    """Unit ids grouped into stories, each list in input order, stories by first member."""
    index = StoryIndex(config)
    index.add(units, reuse=text_reuse(units, index.config))
    return index.stories()
