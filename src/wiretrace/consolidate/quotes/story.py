"""Quotes carried over to a cut body, and one quote carried by many documents of a story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from wiretrace.consolidate.account_kernels import (
    _ASTRAL,
    DONE,
    quote_homes,
    word_classes,
    words_of,
)
from wiretrace.consolidate.quotes.words import _WORDS
from wiretrace.stories.kernels import char_tables


def moved_quotes(
    old: str, new: str, found: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]] | None:
    """The quotes of body `old` in body `new` when `new` is `old` with passages cut (each
    quote's words found again, those cut dropped); None when `new` holds text `old` lacks
    or a quote's words cannot be told apart: its quotes must be found afresh."""
    if found is None or len(new) > len(old) or not _cut_from(old, new):
        return None
    moved = []
    cut = len(old) - len(new)
    for quote in found:
        text = quote["text"]
        at = new.find(text, max(0, quote["start"] - cut), quote["end"])
        if at >= 0:
            moved.append({**quote, "start": at, "end": at + len(text)})
    return moved


def _cut_from(old: str, new: str) -> bool:
    """Every passage of `new` is a passage of `old` (passages were only cut)."""
    kept = set(old.split("\n\n"))
    return all(passage in kept for passage in new.split("\n\n"))


# --- one quote carried by many documents of a story

MERGE_SIMILARITY = 0.6  # token-set overlap (of the larger set) for two wordings to be one quote
MERGE_CONTAINMENT = 0.9  # or this share of the smaller set, when it has MERGE_MIN_WORDS words
MERGE_MIN_WORDS = 4
KEY_LETTERS = 4  # words this long or longer index a story's quotes
KEYS = 3  # a wording's longest words, looked up in that index
_NO_STOPS = (np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64))


def _tokens(text: str) -> frozenset[str]:
    """A wording's distinct lower-cased words."""
    return frozenset(_WORDS.findall(text.lower()))


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two wordings' word sets say the same quote (small edits, cuts, respellings allowed)."""
    common = len(a & b)
    small, large = sorted((len(a), len(b)))
    if not small:
        return False
    if common >= MERGE_SIMILARITY * large:
        return True
    return small >= MERGE_MIN_WORDS and common >= MERGE_CONTAINMENT * small


def story_quotes(
    doc_quotes: Sequence[tuple[str, Sequence[Mapping[str, Any]] | None]],
) -> list[dict[str, Any]]:
    """A story's quotes from its documents' (id, quotes), one entry per quote however many
    documents carry it: {"text", "speaker", "documents", "wordings": [{"text", "documents"}]},
    in order of first appearance; the text is the wording most documents carry, the speaker
    the name most give."""
    wordings: dict[str, list[str]] = {}  # exact wording -> documents, in order
    speakers: dict[str, list[str | None]] = {}
    for doc_id, found in doc_quotes:
        for quote in found or ():
            text = quote["text"]
            carriers = wordings.setdefault(text, [])
            if not carriers or carriers[-1] != doc_id:
                carriers.append(doc_id)
                speakers.setdefault(text, []).append(quote.get("speaker"))
    carried = sum(1 for _, found in doc_quotes if found)
    clusters = _clusters(list(wordings)) if carried > 1 else [[text] for text in wordings]
    return [_merged(texts, wordings, speakers) for texts in clusters]


def _clusters(texts: list[str]) -> list[list[str]]:
    """Wordings grouped into quotes, as `plain_clusters` groups them: its steps over each
    wording's words numbered by the compiled kernels (a story holding a code point beyond
    the BMP, whose word characters the kernels do not know, is grouped by it)."""
    homes = _homes(texts)
    if homes is None:
        return plain_clusters(texts)
    clusters: list[list[str]] = []
    for text, home in zip(texts, homes, strict=True):
        if home == len(clusters):
            clusters.append([text])
        else:
            clusters[home].append(text)
    return clusters


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kernel's tables for quote wordings: per BMP code point its class (its lower case,
    _CUT where that is not a word character, _SPECIAL where the table cannot lower it), the
    same for a lowered text, and 'every wording is telling'."""
    classes, kept = word_classes(~char_tables()[0])
    return classes, kept, np.ones(_ASTRAL, dtype=np.bool_)


def _homes(texts: list[str]) -> list[int] | None:
    """Per wording, the quote it joins (numbered in order of first wording); None where a
    wording holds a code point beyond the BMP."""
    words, firsts, word_sizes, status = words_of(
        texts, "", _tables(), (False, False), _NO_STOPS, (KEYS, True)
    )
    if status != DONE:
        return None
    shares = (MERGE_SIMILARITY, MERGE_CONTAINMENT)
    return quote_homes(
        words, firsts, word_sizes, KEYS, KEY_LETTERS, shares, MERGE_MIN_WORDS
    ).tolist()  # type: ignore[no-any-return]


def plain_clusters(texts: list[str]) -> list[list[str]]:
    """Wordings grouped into quotes: each joins the first earlier quote sharing enough words.
    Candidates come from an index of each quote's words of four letters or more, looked up by
    the wording's three longest words (a story of many quotes compares few pairs)."""
    clusters: list[list[str]] = []
    sets: list[frozenset[str]] = []
    index: defaultdict[str, list[int]] = defaultdict(list)
    for text in texts:
        words = _tokens(text)
        home = -1
        found = [index[key] for key in _keys(words) if key in index]
        if found:
            for c in sorted(set().union(*found)) if len(found) > 1 else found[0]:
                if _same(words, sets[c]):
                    home = c
                    break
        if home < 0:
            home = len(clusters)
            clusters.append([])
            sets.append(words)
            keyed = words if len(words) < KEYS else [w for w in words if len(w) >= KEY_LETTERS]
            for word in keyed:
                index[word].append(home)
        clusters[home].append(text)
    return clusters


def _keys(words: frozenset[str]) -> list[str]:
    """The words a wording is looked up by: its three longest (ties in alphabetical order)."""
    return sorted(sorted(words), key=len, reverse=True)[:KEYS]


def _merged(
    texts: list[str], wordings: Mapping[str, list[str]], speakers: Mapping[str, list[str | None]]
) -> dict[str, Any]:
    """One story quote from the wordings of one quote."""
    if len(texts) == 1 and len(wordings[texts[0]]) == 1:  # one wording in one document
        text = texts[0]
        carriers = wordings[text]
        said = speakers[text][0]
        return {
            "text": text,
            "speaker": said,
            "documents": list(carriers),
            "wordings": [{"text": text, "documents": list(carriers)}],
        }
    text = max(texts, key=lambda t: (len(wordings[t]), len(t)))
    documents: list[str] = []
    votes: dict[str, int] = {}
    for t in texts:
        documents.extend(d for d in wordings[t] if d not in documents)
        for name in speakers[t]:
            if name:
                votes[name] = votes.get(name, 0) + 1
    speaker = max(votes, key=lambda n: (votes[n], len(n))) if votes else None
    return {
        "text": text,
        "speaker": speaker,
        "documents": documents,
        "wordings": [{"text": t, "documents": list(wordings[t])} for t in texts],
    }
