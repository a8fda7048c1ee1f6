"""Consolidate stage: one account per story, every passage with the documents that carry it."""

from wiretrace.consolidate.account import story_account

__all__ = ["story_account"]
