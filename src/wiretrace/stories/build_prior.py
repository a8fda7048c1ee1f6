"""Build the shipped prior (`prior_df.npz`) from wordfreq's lists: `python -m
wiretrace.stories.build_prior [path]` (wordfreq is a dev-only dependency; the package ships
the table this makes).

Every word is put through the units' own analysis (stemmer, English stop words, hashed
columns), so the table speaks of the same terms the index counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from wiretrace.stories.features import HASH_FEATURES, analyse, column
from wiretrace.stories.prior import (
    FLOOR,
    LANGUAGES,
    MIN_FREQUENCY,
    PRIOR_FILE,
    STOP_SHARE,
    VERSION,
    document_share,
    encoded,
)


def frequencies(language: str) -> dict[str, float]:
    """wordfreq's words of a language and their shares of running words, most common first."""
    import wordfreq

    return wordfreq.get_frequency_dict(language)  # type: ignore[no-any-return]


def build_table(languages: tuple[str, ...] = LANGUAGES) -> np.ndarray:
    """The document share of each hashed column (the most common word of a column decides)."""
    share = np.full(HASH_FEATURES, FLOOR, dtype=np.float64)
    for language in languages:
        for word, frequency in frequencies(language).items():
            if frequency < MIN_FREQUENCY:
                break  # the lists are ordered, most frequent first
            value = document_share(frequency)
            for term in analyse(word):
                at = column(term)
                share[at] = max(share[at], value)
    return share


def build_stop_columns(languages: tuple[str, ...] = LANGUAGES) -> np.ndarray:
    """Columns of the terms that at least `STOP_SHARE` of general documents hold, in every
    language but English, leaving out words English uses itself ("man", "die" are English
    content words as well as German function words): sorted, int32."""
    english = {
        column(term)
        for word, frequency in frequencies("en").items()
        if frequency >= MIN_FREQUENCY
        for term in analyse(word)
    }
    found: set[int] = set()
    for language in languages:
        if language == "en":
            continue
        for word, frequency in frequencies(language).items():
            if document_share(frequency) < STOP_SHARE:
                break
            found.update(column(term) for term in analyse(word))
    return np.array(sorted(found - english), dtype=np.int32)


def save(path: Path = PRIOR_FILE) -> None:
    """Build the table and the stop columns and write them (compressed) with their making."""
    meta = f"version={VERSION} languages={','.join(LANGUAGES)} min={MIN_FREQUENCY}"
    np.savez_compressed(
        path, share=encoded(build_table()), stop=build_stop_columns(), meta=np.array(meta)
    )


def main() -> None:
    """Rebuild the shipped table (or write it to the path given)."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PRIOR_FILE
    save(path)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
