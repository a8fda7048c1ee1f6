"""Story features: the terms of a unit (stemmed words and quantities) as hashed presence rows.

A term counts once however often it is repeated: repetition marks the *topic* (an article about
North Korea says "North Korea" twenty times, and so do all the others about it), while what
tells one *event* from another is which specific terms appear at all (a treaty, a place, a
figure). Names are ordinary words here, not a second channel: weighting them twice makes
articles about the same people look like one story when the events differ.

Terms are hashed into a fixed space, so a unit's row never depends on the other units: a
growing index can add rows without a shared vocabulary. Weights that do depend on the corpus
(inverse document frequency) are applied later, by the index.

Speed: a text is cut into pieces at ASCII bytes that cannot belong to a word (one C-level
`translate` and `split`), and each distinct piece is looked up in a cache of its hashed terms;
only a piece never seen before goes through the word pattern and the stemmer. Cutting there
gives the same words as running the pattern over the whole text (the pattern never spans such
a byte), so the rows are those of `unit_terms`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils import murmurhash3_32

HASH_FEATURES = 1 << 20  # hashed term space; collisions are rare at this size
CHUNK = 2048  # units turned into rows at a time: bounds the lists of columns
PARALLEL_FROM = 4 * CHUNK  # from this many units, chunks are analysed in worker processes
CACHE_LIMIT = 1 << 21  # cached pieces before the cache starts afresh: bounds its memory


@dataclass(frozen=True)
class StoryUnit:
    """One thing to cluster: a copy group, by the text of its source."""

    id: str
    title: str
    body: str
    published: str | None


_WORD = re.compile(r"(?u)\b[^\W\d_][\w'’-]*\b")
# a quantity may not follow a word character, a point or a comma; the digit comes first so
# that the pattern engine can skip ahead to digits
_NUMBER = re.compile(r"(\d(?<![\w.,].)\d*(?:[.,]\d+)*)(?:\s?([a-zA-Z]{1,3})\b)?")


def _separators() -> bytes:
    """Byte table: ASCII letters lowered, other ASCII that cannot be in a word made a space."""
    table = bytearray(range(256))
    for byte in range(128):
        char = chr(byte)
        if char.isupper():
            table[byte] = ord(char.lower())
        elif not (char.isalnum() or char in "_'-"):
            table[byte] = ord(" ")
    return bytes(table)


_TABLE = _separators()


def stem(word: str) -> str:
    """A light English stem (floods, flooded, flooding -> flood; ferries -> ferry) so
    inflections still match."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 5 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def analyse(text: str) -> list[str]:
    """Stemmed words without stop words: the lexical terms of a unit."""
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in ENGLISH_STOP_WORDS]


def numbers(text: str) -> list[str]:
    """Quantities with their unit ("450 MW" -> "#450mw"): figures pin an event down. Years
    and single digits are left out: they date or count anything."""
    found = []
    for value, unit in _NUMBER.findall(text):
        value = value.replace(",", "")
        unit = unit.lower()
        if unit in ENGLISH_STOP_WORDS:
            unit = ""
        if not unit and (len(value) < 2 or (value.isdigit() and 1800 <= int(value) <= 2100)):
            continue
        found.append(f"#{value}{unit}")
    return found


def unit_terms(unit: StoryUnit) -> set[str]:
    """The distinct terms of a unit: stemmed words and quantities of its title and body."""
    text = f"{unit.title}\n{unit.body}"
    return set(analyse(text)) | set(numbers(text))


def column(term: str) -> int:
    """The hashed column of a term (as sklearn's FeatureHasher places it)."""
    return abs(murmurhash3_32(term.encode("utf-8", "surrogatepass"), seed=0)) % HASH_FEATURES


NONE, SEVERAL = -1, -2  # cached marks: a piece without terms, a piece of several terms


class _PieceColumns(dict[bytes, int]):
    """Piece of text -> column of its one term (or NONE, or SEVERAL: see `several`)."""

    def __init__(self) -> None:
        """An empty cache."""
        super().__init__()
        self.several: dict[bytes, list[int]] = {}

    def __missing__(self, piece: bytes) -> int:
        """Terms of a new piece through the word pattern and the stemmer, then cached."""
        if len(self) >= CACHE_LIMIT:
            self.clear()
            self.several.clear()
        found = sorted({column(t) for t in analyse(piece.decode("utf-8", "surrogatepass"))})
        if len(found) > 1:
            self.several[piece] = found
        mark = found[0] if len(found) == 1 else SEVERAL if found else NONE
        self[piece] = mark
        return mark


_PIECES = _PieceColumns()
_QUANTITIES: dict[str, int] = {}


def _quantity_column(term: str) -> int:
    """Column of a quantity term, cached (figures repeat across a corpus)."""
    found = _QUANTITIES.get(term)
    if found is None:
        if len(_QUANTITIES) >= CACHE_LIMIT:
            _QUANTITIES.clear()
        found = _QUANTITIES[term] = column(term)
    return found


def unit_columns(unit: StoryUnit) -> list[int]:
    """Columns of a unit's terms; may hold NONE marks and repeats (two words, one stem)."""
    text = f"{unit.title}\n{unit.body}"
    raw = text.replace("’", "'").encode("utf-8", "surrogatepass")
    pieces = set(raw.translate(_TABLE).split())
    found = list(map(_PIECES.__getitem__, pieces))
    if SEVERAL in found:
        found += [c for p in pieces if _PIECES[p] == SEVERAL for c in _PIECES.several[p]]
    found += map(_quantity_column, numbers(text))
    return found


def term_rows(units: Sequence[StoryUnit]) -> sparse.csr_matrix:
    """One row per unit: 1 for each term present, in the hashed term space (many units are
    analysed in worker processes, one chunk each: the rows are the same)."""
    chunks = [units[k : k + CHUNK] for k in range(0, len(units), CHUNK)]
    workers = min(os.cpu_count() or 1, len(chunks))
    if len(units) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            blocks = list(pool.map(_rows, chunks))
    else:
        blocks = [_rows(chunk) for chunk in chunks]
    if not blocks:
        return sparse.csr_matrix((0, HASH_FEATURES), dtype=np.float32)
    return blocks[0] if len(blocks) == 1 else sparse.vstack(blocks, format="csr")


def _rows(units: Sequence[StoryUnit]) -> sparse.csr_matrix:
    """Presence rows of a few units (see `term_rows`)."""
    lengths = np.zeros(len(units), dtype=np.int64)
    columns: list[int] = []
    for k, unit in enumerate(units):
        found = unit_columns(unit)
        columns += found
        lengths[k] = len(found)
    cols = np.array(columns, dtype=np.int64)
    rows = np.repeat(np.arange(len(units)), lengths)
    keep = cols >= 0
    ones = np.ones(int(keep.sum()), dtype=np.float32)
    shape = (len(units), HASH_FEATURES)
    matrix = sparse.csr_matrix((ones, (rows[keep], cols[keep])), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def day_number(published: str | None) -> float:
    """Days since 1970 of an ISO date (time zone ignored), NaN when missing or invalid."""
    if not published:
        return math.nan
    try:
        return float((date.fromisoformat(published[:10]) - date(1970, 1, 1)).days)
    except ValueError:
        return math.nan
