"""Prior document frequencies: how common each story term is in general text of many languages.

A story decision weighs the terms two units share by how rare they are. Rarity measured only
on the input depends on its size: in a folder of seventy pages "season" or "minister" is as
rare as a player's or a minister's name, and two pages on one subject look like one event; in
a language without a stop-word list every function word counts. So a term weighs as rare only
when both the input and general text find it rare. (A blend that let the prior's rarity win,
e.g. for a trade's own vocabulary that the input finds common, lost on story-chains; see
docs/benchmarks/stories.md.)

The table is built from wordfreq's frequency lists (many sources, many languages; a dev-only
dependency) by `python -m wiretrace.stories.prior`, through the same analysis as the units'
terms (stemmer, stop words, hashed columns), and ships with the package as one byte per
column. A word's share of documents is estimated from its share of running words (a
document of `WORDS_PER_DOCUMENT` words has it with probability 1 - exp(-f * words)). Words
rarer than `MIN_FREQUENCY` are left out: in the hashed space they would only blur the rare
names and figures that collide with them, and the index counts those itself.
"""

from __future__ import annotations

import math
import sys
from functools import cache
from pathlib import Path

import numpy as np

from wiretrace.stories.features import HASH_FEATURES, analyse, column

PRIOR_FILE = Path(__file__).with_name("prior_df.npz")
VERSION = 1  # of the table's making: bump with any change to the analysis or the lists
# languages written with spaces, in Latin, Cyrillic and Greek scripts (wordfreq's codes)
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "cs", "tr")
LANGUAGES += ("ru", "uk", "bg", "el")
MIN_FREQUENCY = 1e-5  # share of running words below which a word is not in the table
WORDS_PER_DOCUMENT = 400.0
FLOOR = 1e-4  # document share of a term the table does not hold (a rare one)
SCALE = 16.0  # stored byte = round(-ln(share) * SCALE)


def document_share(frequency: float) -> float:
    """Share of documents that hold a word with this share of running words."""
    return max(1.0 - math.exp(-frequency * WORDS_PER_DOCUMENT), FLOOR)


def build_table(languages: tuple[str, ...] = LANGUAGES) -> np.ndarray:
    """The document share of each hashed column, from wordfreq's lists (the most common word
    of a column decides)."""
    import wordfreq  # dev-only: the package ships the table this makes

    share = np.full(HASH_FEATURES, FLOOR, dtype=np.float64)
    for language in languages:
        for word, frequency in wordfreq.get_frequency_dict(language).items():
            if frequency < MIN_FREQUENCY:
                break  # the lists are ordered, most frequent first
            value = document_share(frequency)
            for term in analyse(word):
                at = column(term)
                share[at] = max(share[at], value)
    return share


def encoded(share: np.ndarray) -> np.ndarray:
    """Document shares as one byte per column (-ln share, scaled)."""
    return np.clip(np.rint(-np.log(share) * SCALE), 0, 255).astype(np.uint8)


def save(path: Path = PRIOR_FILE) -> None:
    """Build the table and write it (compressed) with what it was made from."""
    meta = f"version={VERSION} languages={','.join(LANGUAGES)} min={MIN_FREQUENCY}"
    np.savez_compressed(path, share=encoded(build_table()), meta=np.array(meta))


@cache
def prior_share() -> np.ndarray:
    """The shipped document share of each hashed column (float64), read once."""
    with np.load(PRIOR_FILE, allow_pickle=False) as saved:
        return np.exp(-saved["share"].astype(np.float64) / SCALE)


def blended_idf(df: np.ndarray, documents: int, prior: bool = False) -> np.ndarray:
    """Inverse document frequencies, ln(1 / share) + 1 as float32, of terms counted in
    `documents` (df per column, smoothed by one document); with `prior`, a term's share is
    the larger of its share here and in general text: a term is weighed as rare only when it
    is rare in both (evidence that it is common, from either side, is enough)."""
    share = (df + 1.0) / (documents + 1.0)
    if prior:
        share = np.maximum(share, prior_share())
    return (np.log(1.0 / share) + 1.0).astype(np.float32)


def main() -> None:
    """`python -m wiretrace.stories.prior [path]`: rebuild the shipped table."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PRIOR_FILE
    save(path)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
