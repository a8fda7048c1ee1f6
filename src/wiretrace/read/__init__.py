"""Read stage: turn files, folders and JSONL dumps into raw pages (or recorded problems)."""

from wiretrace.read.files import Piece, piece_pages, piece_size, read_inputs, read_pieces
from wiretrace.read.walk import SUPPORTED, page_kind

__all__ = [
    "SUPPORTED",
    "Piece",
    "page_kind",
    "piece_pages",
    "piece_size",
    "read_inputs",
    "read_pieces",
]
