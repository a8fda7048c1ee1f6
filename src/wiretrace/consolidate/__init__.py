"""Consolidate stage: one account per story, every passage with the documents that carry it."""

from wiretrace.consolidate.account import story_account
from wiretrace.consolidate.changes import group_changes
from wiretrace.consolidate.disagree import facts_and_disagreements
from wiretrace.consolidate.entities import main_entities
from wiretrace.consolidate.story import make_story, warm

__all__ = [
    "facts_and_disagreements",
    "group_changes",
    "main_entities",
    "make_story",
    "story_account",
    "warm",
]
