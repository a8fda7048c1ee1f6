"""Story features: the terms of a unit (stemmed words and quantities) as hashed presence rows.

A term counts once however often it is repeated: repetition marks the *topic* (an article about
North Korea says "North Korea" twenty times, and so do all the others about it), while what
tells one *event* from another is which specific terms appear at all (a treaty, a place, a
figure). Names are ordinary words here, not a second channel: weighting them twice makes
articles about the same people look like one story when the events differ.

Terms are hashed into a fixed space, so a unit's row never depends on the other units: a
growing index can add rows without a shared vocabulary. Weights that do depend on the corpus
(inverse document frequency) are applied later, by the index.

Speed: the texts of a chunk of units go through one compiled pass (`kernels.scan`). A text
is cut into pieces at ASCII bytes that cannot belong to a word, and each distinct piece is
looked up in a table of pieces seen before; only a piece never seen goes through the word
pattern and the stemmer, once. Cutting there gives the same words as running the pattern over
the whole text (the pattern never spans such a byte), so the rows are those of `unit_terms`.
The same pass reads the quantities as the `numbers` pattern does (leaving the rare unit whose
figures touch a non-ASCII digit, or a code point beyond the BMP, to the pattern itself).
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np
from scipy import sparse

from wiretrace.stories import kernels


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the module that holds them without
    importing scikit-learn, whose package import loads SciPy's statistics and would be most
    of a run's start; by the package import where its files cannot be read so."""
    spec = importlib.util.find_spec("sklearn")
    folders = spec.submodule_search_locations if spec is not None else None
    if folders:
        path = Path(next(iter(folders))) / "feature_extraction" / "_stop_words.py"
        held = importlib.util.spec_from_file_location("wiretrace._sklearn_stop_words", path)
        if held is not None and held.loader is not None and path.is_file():
            module = importlib.util.module_from_spec(held)
            held.loader.exec_module(module)
            return frozenset(module.ENGLISH_STOP_WORDS)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


ENGLISH_STOP_WORDS = _english_stop_words()

HASH_FEATURES = 1 << 20  # hashed term space; collisions are rare at this size
CHUNK = 2048  # units turned into rows at a time: bounds the lists of columns
# from this many units, chunks are analysed in worker processes: below it one process is as
# fast (the compiled pass leaves little to share out) and keeps its table of known pieces
PARALLEL_FROM = 64 * CHUNK
CACHE_LIMIT = 1 << 21  # cached pieces before the cache starts afresh: bounds its memory


@dataclass(frozen=True)
class StoryUnit:
    """One thing to cluster: a copy group, by the text of its source."""

    id: str
    title: str
    body: str
    published: str | None
    # the unit's term columns (`text_terms` of title and body) when already known, e.g. from
    # the store: then title and body are not analysed again
    terms: np.ndarray | None = None


_WORD = re.compile(r"(?u)\b[^\W\d_][\w'’-]*\b")
# a quantity may not follow a word character, a point or a comma; the digit comes first so
# that the pattern engine can skip ahead to digits
_NUMBER = re.compile(r"(\d(?<![\w.,].)\d*(?:[.,]\d+)*)(?:\s?([a-zA-Z]{1,3})\b)?")


def stem(word: str) -> str:
    """A light English stem (floods, flooded, flooding -> flood; ferries -> ferry) so
    inflections still match; Cyrillic and Greek words by Snowball's Russian and Greek stemmers
    (their inflections change endings far more)."""
    word = word.lower().replace("’", "'")
    if not word.isascii():
        other = _script_stemmer(word)
        if other is not None:
            return other(word)
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 5 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


@cache
def _snowball(language: str) -> Callable[[str], str]:
    """Snowball's stemmer of a language, as a function of one word."""
    import snowballstemmer

    return snowballstemmer.stemmer(language).stemWord  # type: ignore[no-any-return]


def _script_stemmer(word: str) -> Callable[[str], str] | None:
    """The stemmer for a word in Cyrillic or Greek script (None: the English one)."""
    if _CYRILLIC.search(word):
        return _snowball("russian")
    if _GREEK.search(word):
        return _snowball("greek")
    return None


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
    """The hashed column of a term (as sklearn's FeatureHasher places it): the plain twin of
    `kernels.murmur_column`."""
    from sklearn.utils import murmurhash3_32

    return abs(murmurhash3_32(term.encode("utf-8", "surrogatepass"), seed=0)) % HASH_FEATURES


class _Pieces:
    """The table of pieces seen so far (kept by the compiled scan) and the columns of each."""

    def __init__(self) -> None:
        """An empty table."""
        self.slots = np.zeros(3 << 16, dtype=np.int64)
        self.starts = np.empty(1 << 15, dtype=np.int64)
        self.arena = np.empty(1 << 18, dtype=np.uint8)
        self.count = self.used = 0
        self.info = np.empty(1 << 15, dtype=np.int64)
        self.several_starts: list[int] = []
        self.several_counts: list[int] = []
        self.columns: list[int] = []

    def scan(self, buf: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, ...]:
        """Pieces and quantities of a chunk's units (see `kernels.scan`); new pieces analysed."""
        if self.count >= CACHE_LIMIT:
            self.__init__()  # type: ignore[misc]
        before = self.count
        cut, lower = _BYTES
        word, space, decimal = kernels.char_tables()
        (entries, entry_bounds, quantities, quantity_bounds, fallback,
         self.slots, self.starts, self.arena, self.count, self.used,
         ) = kernels.scan(
            buf, bounds, cut, lower, word, space, decimal, _UNITS, HASH_FEATURES,
            self.slots, self.starts, self.arena, self.count, self.used,
        )  # fmt: skip
        if self.count > before:
            self._analyse_new(before)
        return entries, entry_bounds, quantities, quantity_bounds, fallback

    def _analyse_new(self, before: int) -> None:
        """Columns of the pieces added since entry `before`, through the word pattern and
        the stemmer (a piece is analysed once, whatever text it turns up in again)."""
        first = int(self.starts[before])
        text = self.arena[first : self.used - 1].tobytes().decode("utf-8", "surrogatepass")
        terms = [_piece_terms(piece) for piece in text.split(" ")]
        counts = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        found = _term_columns(chain.from_iterable(terms))
        info = np.full(len(terms), -1, dtype=np.int64)
        offsets = np.cumsum(counts) - counts
        single = counts == 1
        info[single] = found[offsets[single]]
        for k in np.flatnonzero(counts > 1).tolist():
            distinct = sorted(set(found[offsets[k] : offsets[k] + counts[k]].tolist()))
            if len(distinct) == 1:
                info[k] = distinct[0]
            else:
                info[k] = -2 - len(self.several_starts)
                self.several_starts.append(len(self.columns))
                self.several_counts.append(len(distinct))
                self.columns += distinct
        self.info = _grown(self.info, self.count)
        self.info[before : self.count] = info

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The columns of the entries, as `kernels.assemble` takes them."""
        return (
            self.info,
            np.array(self.several_starts, dtype=np.int64),
            np.array(self.several_counts, dtype=np.int64),
            np.array(self.columns, dtype=np.int32),
        )


def _piece_terms(piece: str) -> list[str]:
    """The terms of a piece (`analyse`), the word pattern skipped for plain ASCII words."""
    if piece.isascii() and piece.isalpha():
        return [] if piece in ENGLISH_STOP_WORDS else [stem(piece)]
    return analyse(piece)


def _grown(array: np.ndarray, need: int) -> np.ndarray:
    """`array` copied into one of at least `need` items (at least twice as many)."""
    if need <= array.size:
        return array
    grown = np.empty(max(need, 2 * array.size), dtype=array.dtype)
    grown[: array.size] = array
    return grown


_BYTES = kernels.byte_tables("_'-")
_UNITS = kernels.unit_table(ENGLISH_STOP_WORDS)
_PIECES = _Pieces()


def warm() -> None:
    """Load the compiled kernels now (from the disk cache, or compile them): a process that
    forks workers afterwards hands them ready code instead of each loading its own."""
    _chunk_rows(_encoded([StoryUnit("warm", "Warm up", "the 12 kernels", None)]))


def text_terms(titled: Sequence[tuple[str | None, str]]) -> list[np.ndarray]:
    """The term columns (int32, ascending) of each (title, body): a unit's row, made where
    the text is at hand (the workers that extract pages), so that stories need not read it."""
    units = [StoryUnit("", title or "", body, None) for title, body in titled]
    found: list[np.ndarray] = []
    for k in range(0, len(units), CHUNK):
        indptr, indices = _chunk_rows(_encoded(units[k : k + CHUNK]))
        found += np.split(indices.astype(np.int32), indptr[1:-1])
    return found


def term_rows(units: Sequence[StoryUnit]) -> sparse.csr_matrix:
    """One row per unit: 1 for each term present, in the hashed term space (many units are
    analysed in worker processes, one chunk each: the rows are the same). Units that carry
    their terms are not analysed again."""
    lacking = [unit for unit in units if unit.terms is None]
    if len(lacking) < len(units):
        made = iter(text_terms([(unit.title, unit.body) for unit in lacking]))
        return _known_rows([next(made) if u.terms is None else u.terms for u in units])
    chunks = (_encoded(units[k : k + CHUNK]) for k in range(0, len(units), CHUNK))
    workers = min(os.cpu_count() or 1, -(-len(units) // CHUNK))
    if len(units) >= PARALLEL_FROM and workers > 1:
        warm()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            blocks = list(pool.map(_chunk_rows, chunks))
    else:
        blocks = [_chunk_rows(chunk) for chunk in chunks]
    return _stacked(blocks, len(units))


def _known_rows(terms: Sequence[np.ndarray]) -> sparse.csr_matrix:
    """The presence matrix of units' known term columns."""
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, terms), dtype=np.int64, count=len(terms)), out=indptr[1:])
    indices = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int32)
    return _stacked([(indptr, indices)], len(terms))


def _encoded(units: Sequence[StoryUnit]) -> tuple[bytes, np.ndarray]:
    """The analysed texts of a chunk's units (title, line break, body) in one UTF-8 string,
    with each unit's bounds: what a worker needs, cheap to send."""
    # the curly apostrophe is a word's apostrophe for the word pattern, and a quantity reads
    # either the same way: one byte for both lets the pieces be cut at ASCII bytes
    encoded = [
        f"{unit.title}\n{unit.body}".replace("’", "'").encode("utf-8", "surrogatepass")
        for unit in units
    ]
    bounds = np.zeros(len(units) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(units)), out=bounds[1:])
    return b"".join(encoded), bounds


def _chunk_rows(chunk: tuple[bytes, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Presence rows of a chunk's encoded units, as CSR indptr and indices."""
    text, bounds = chunk
    buf = np.frombuffer(text, dtype=np.uint8)
    entries, entry_bounds, quantities, quantity_bounds, fallback = _PIECES.scan(buf, bounds)
    extra, extra_bounds = _python_quantities(text, bounds, fallback)
    return kernels.assemble(  # type: ignore[no-any-return]
        entries, entry_bounds, quantities, quantity_bounds, extra, extra_bounds,
        *_PIECES.arrays(), HASH_FEATURES,
    )  # fmt: skip


def _term_columns(terms: Iterable[str]) -> np.ndarray:
    """The hashed columns of terms (none holds a line break), in one compiled call."""
    joined = "\n".join(terms).encode("utf-8", "surrogatepass")
    return kernels.term_columns(np.frombuffer(joined, dtype=np.uint8), HASH_FEATURES)


def _python_quantities(
    text: bytes, bounds: np.ndarray, marked: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Quantity columns of the units the compiled scan left to the pattern, with bounds."""
    counts = np.zeros(marked.size, dtype=np.int64)
    found: list[int] = []
    for k in np.flatnonzero(marked).tolist():
        unit = text[bounds[k] : bounds[k + 1]].decode("utf-8", "surrogatepass")
        columns = _term_columns(numbers(unit))
        counts[k] = len(columns)
        found += columns.tolist()
    extra_bounds = np.zeros(marked.size + 1, dtype=np.int64)
    np.cumsum(counts, out=extra_bounds[1:])
    return np.array(found, dtype=np.int64), extra_bounds


def _stacked(blocks: list[tuple[np.ndarray, np.ndarray]], units: int) -> sparse.csr_matrix:
    """The chunks' rows as one presence matrix."""
    nnz = sum(indices.size for _, indices in blocks)
    kind = np.int32 if nnz < 2**31 else np.int64
    indptr = np.zeros(units + 1, dtype=kind)
    indices = np.empty(nnz, dtype=kind)
    row = done = 0
    for block_indptr, block_indices in blocks:
        rows = block_indptr.size - 1
        indptr[row + 1 : row + rows + 1] = block_indptr[1:].astype(kind) + done
        indices[done : done + block_indices.size] = block_indices
        row, done = row + rows, done + block_indices.size
    ones = np.ones(nnz, dtype=np.float32)
    return sparse.csr_matrix((ones, indices, indptr), shape=(units, HASH_FEATURES))


def day_number(published: str | None) -> float:
    """Days since 1970 of an ISO date (time zone ignored), NaN when missing or invalid."""
    if not published:
        return math.nan
    try:
        return float((date.fromisoformat(published[:10]) - date(1970, 1, 1)).days)
    except ValueError:
        return math.nan
