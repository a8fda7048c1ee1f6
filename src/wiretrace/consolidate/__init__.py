"""Consolidate stage: one account per story, every passage with the documents that carry it."""

from wiretrace.consolidate.account import story_account
from wiretrace.consolidate.changes import group_changes
from wiretrace.consolidate.entities import main_entities

__all__ = ["group_changes", "main_entities", "story_account"]
