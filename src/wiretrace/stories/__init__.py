"""Stories stage: copy groups about the same event, across outlets and wordings."""

from wiretrace.stories.cluster import StoryUnit, cluster_stories

__all__ = ["StoryUnit", "cluster_stories"]
