"""Story features: the terms of a unit (stemmed words and quantities) as hashed presence rows.

A term counts once however often it is repeated: repetition marks the *topic* (an article about
North Korea says "North Korea" twenty times, and so do all the others about it), while what
tells one *event* from another is which specific terms appear at all (a treaty, a place, a
figure). Names are ordinary words here, not a second channel: weighting them twice makes
articles about the same people look like one story when the events differ.

Terms are hashed into a fixed space, so a unit's row never depends on the other units: a
growing index can add rows without a shared vocabulary. Weights that do depend on the corpus
(inverse document frequency) are applied later, by the index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

HASH_FEATURES = 1 << 20  # hashed term space; collisions are rare at this size


@dataclass(frozen=True)
class StoryUnit:
    """One thing to cluster: a copy group, by the text of its source."""

    id: str
    title: str
    body: str
    published: str | None


_WORD = re.compile(r"(?u)\b[^\W\d_][\w'’-]*\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:\s?([a-zA-Z]{1,3})\b)?")


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
    for match in _NUMBER.finditer(text):
        value = match.group(1).replace(",", "")
        unit = (match.group(2) or "").lower()
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


_HASHER = FeatureHasher(n_features=HASH_FEATURES, input_type="dict", alternate_sign=False)


def term_rows(units: Sequence[StoryUnit]) -> sparse.csr_matrix:
    """One row per unit: 1 for each term present, in the hashed term space."""
    rows = [dict.fromkeys(unit_terms(u), 1.0) for u in units]
    if not rows:
        return sparse.csr_matrix((0, HASH_FEATURES), dtype=np.float32)
    matrix = _HASHER.transform(rows).astype(np.float32).tocsr()
    matrix.sum_duplicates()
    return matrix


def day_number(published: str | None) -> float:
    """Days since 1970 of an ISO date (time zone ignored), NaN when missing or invalid."""
    if not published:
        return math.nan
    try:
        return float((date.fromisoformat(published[:10]) - date(1970, 1, 1)).days)
    except ValueError:
        return math.nan
