"""Group stage: copy pairs become copy groups, each around one source text."""

from wiretrace.group.copies import group_copies

__all__ = ["group_copies"]
