"""Group stage: copy pairs become copy groups, each around one source text.

`group_columns` works on the documents and pairs tables (what engines run); `group_copies` on
model objects (small inputs, tests)."""

from wiretrace.group.copies import group_columns, group_copies

__all__ = ["group_columns", "group_copies"]
