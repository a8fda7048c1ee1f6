"""Read stage: turn files, folders and JSONL dumps into raw pages (or recorded problems)."""

from wiretrace.read.files import SUPPORTED, read_inputs

__all__ = ["SUPPORTED", "read_inputs"]
