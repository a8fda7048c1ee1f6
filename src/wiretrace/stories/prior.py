"""Prior document frequencies: how common each story term is in general text of many languages.

A story decision weighs the terms two units share by how rare they are. Rarity measured only
on the input depends on its size: in a folder of seventy pages "season" or "minister" is as
rare as a player's or a minister's name, and two pages on one subject look like one event; in
a language without a stop-word list every function word counts. With
`StoryConfig.prior_weight`, the index counts terms as if that many documents of general text
had been seen before the input: a small input is weighed as a large one would be, and a large
input's own counts take over. The default, a few hundred documents, matters for folders of a
few to a few hundred pages and hardly at all beyond (docs/benchmarks/stories.md).

The table, built from wordfreq's frequency lists (many sources, many languages) by
`python -m wiretrace.stories.build_prior` through the units' own analysis, ships with the
package: one byte per hashed column (its share of general documents), and the columns of
other languages' stop words (`STOP_SHARE`), which weigh nothing whatever the setting.

A word's share of documents is estimated from its share of running words (a document of
`WORDS_PER_DOCUMENT` words has it with probability 1 - exp(-f * words)). Words rarer than
`MIN_FREQUENCY` are left out: in the hashed space they would only blur the rare names and
figures that collide with them, and the index counts those itself.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np

PRIOR_FILE = Path(__file__).with_name("prior_df.npz")
VERSION = 2  # of the table's making: bump with any change to the analysis or the lists
# languages written with spaces, in Latin, Cyrillic and Greek scripts (wordfreq's codes)
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "cs", "tr")
LANGUAGES += ("ru", "uk", "bg", "el")
MIN_FREQUENCY = 1e-5  # share of running words below which a word is not in the table
WORDS_PER_DOCUMENT = 400.0
FLOOR = 1e-4  # document share of a term the table does not hold (a rare one)
SCALE = 16.0  # stored byte = round(-ln(share) * SCALE)
# a term that at least this share of general documents hold says nothing about an event: the
# stop words of every language but English (whose list the analysis already applies)
STOP_SHARE = 0.35


def document_share(frequency: float) -> float:
    """Share of documents that hold a word with this share of running words."""
    return max(1.0 - math.exp(-frequency * WORDS_PER_DOCUMENT), FLOOR)


def encoded(share: np.ndarray) -> np.ndarray:
    """Document shares as one byte per column (-ln share, scaled)."""
    return np.clip(np.rint(-np.log(share) * SCALE), 0, 255).astype(np.uint8)


@cache
def prior_share() -> np.ndarray:
    """The shipped document share of each hashed column (float64), read once."""
    with np.load(PRIOR_FILE, allow_pickle=False) as saved:
        return np.exp(-saved["share"].astype(np.float64) / SCALE)


@cache
def stop_columns() -> np.ndarray:
    """The shipped columns of other languages' stop words (see `STOP_SHARE`), read once."""
    with np.load(PRIOR_FILE, allow_pickle=False) as saved:
        return saved["stop"].astype(np.int64)


def blended_idf(df: np.ndarray, documents: int, weight: float) -> np.ndarray:
    """Inverse document frequencies, ln(1 / share) + 1 as float32, of terms counted in
    `documents` (df per column, smoothed by one document) with `weight` documents of general
    text seen before them (the prior's shares); 0 for other languages' stop words. With no
    weight, the input alone: ln((n + 1) / (df + 1)) + 1."""
    if weight:
        share = (df + 1.0 + weight * prior_share()) / (documents + 1.0 + weight)
    else:  # the default: the prior's million shares neither read nor multiplied by zero
        share = (df + 1.0) / (documents + 1.0)
    idf = (np.log(1.0 / share) + 1.0).astype(np.float32)
    idf[stop_columns()] = 0.0  # weightless whatever the weight: see `STOP_SHARE`
    return idf
