"""Stories stage: copy groups about the same event, across outlets and wordings.

`cluster_stories(units)` clusters a batch; `StoryIndex` grows one unit at a time with the same
result (`add`, `stories`, `save`, `load`).
"""

from wiretrace.stories.cluster import cluster_stories
from wiretrace.stories.features import StoryUnit
from wiretrace.stories.index import StoryIndex

__all__ = ["StoryIndex", "StoryUnit", "cluster_stories"]
