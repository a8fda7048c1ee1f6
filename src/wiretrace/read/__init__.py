"""Read stage: turn files, folders and JSONL dumps into raw pages (or recorded problems)."""

from wiretrace.read.files import SUPPORTED, Piece, piece_pages, piece_size, read_inputs, read_pieces

__all__ = ["SUPPORTED", "Piece", "piece_pages", "piece_size", "read_inputs", "read_pieces"]
