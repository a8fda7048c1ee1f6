"""The consolidated account of a story: each passage once, in story order, with its sources.

The first copy group's source text is read passage by passage, with the documents that carry
each passage (from the alignments that proved the copies). Each further group's source
passages are then merged in: a passage that says what an earlier one says (most of its
content words in it, MIN_SHARED or more) joins that entry as another source; any other is
placed after the last entry its group reached, so every group's order is kept and nothing is
repeated. An entry keeps its first passage's fields (`text`, `source_doc`, `passage`,
`copy_group`, `carried_by`); one that passages of other groups were merged into also lists
every passage it stands for in `sources` (its own first; left out where it is the only one,
which keeps a story of one group's account as small as before).

The merge runs over the story's words as the compiled kernels number them (`account_kernels`:
all passages read in one pass, no string made per word); `account_plain` keeps the plain
merge over sets of str that it must equal, entry for entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

import numpy as np

from wiretrace.consolidate.account_kernels import _ASTRAL, merge, word_classes, words_of
from wiretrace.model import CopyGroup, CopyPair, Document, passages
from wiretrace.sketch.kernels import codes_of
from wiretrace.stories.kernels import char_tables

MIN_SHARED = 5  # content words two passages of different groups share, at least, to be one
SIGNATURE = 6  # longest words of a passage that find the passages it may say the same as
MIN_SIGNATURE = 2  # of those another passage holds among its own, at least, to be compared
MIN_OVERLAP = 0.5  # share of the smaller passage's content words the other holds, at least
COMMON = 64  # a word in more entries than this is not looked up (it says nothing of which)
_LIMITS = np.array([MIN_SHARED, SIGNATURE, MIN_SIGNATURE, COMMON], dtype=np.int64)
_TELLING = ('"', "“", "”", "«", "»", "„", "「", "‘", *"0123456789")
_TELLING_MARK = re.compile("[" + "".join(_TELLING) + "]")  # one search for any of them
_NO_WORDS: frozenset[str] = frozenset()
_MARKS = (",", ".", ";", ":", "!", "?", '"', "“", "”", "‘", "’s", "’", "(", ")", "—", "–")
_ASCII_MARKS = tuple(mark for mark in _MARKS if mark.isascii())  # all an ASCII text can hold
_STOP = frozenset(
    str.split(
        """a an the of in on at to from by with for and or but nor as that this these those it
        its is are was were be been being has have had will would can could should may might
        must do does did not no so if than then there their they them he she his her him we
        our us you your i my me who whom whose which what when where why how all any some
        more most also just only after before about into over under up out said says told
        according - ' 's"""
    )
)


def carriers(
    source: str, group: CopyGroup, pairs: Mapping[tuple[str, str], CopyPair]
) -> dict[int, list[str]]:
    """Passage index of the source -> members whose text carries that passage."""
    carried: dict[int, list[str]] = {}
    for member in group.members:
        if member.doc == source:
            continue
        pair = pairs.get((source, member.doc))
        if pair is not None:
            found = {p.a for p in pair.passages}
        else:
            pair = pairs.get((member.doc, source))
            found = {p.b for p in pair.passages} if pair is not None else set()
        for index in sorted(found):
            carried.setdefault(index, []).append(member.doc)
    return carried


def _telling(text: str) -> bool:
    """Whether a passage quotes someone or states a number: what outlets telling one story in
    their own words say alike (only such passages are compared: comparing every passage cost
    five times the account itself)."""
    return _TELLING_MARK.search(text) is not None


def signature(words: frozenset[str]) -> list[str]:
    """A passage's longest words, SIGNATURE of them: two passages that say the same thing
    share some of them, and looking up a few is cheaper than looking up all."""
    return sorted(sorted(words), key=len)[-SIGNATURE:]  # ties by the word: no hash order


def content_words(text: str) -> frozenset[str]:
    """A passage's words, lowercase, without the common punctuation and function words
    (str methods and a set difference: no Python step per word)."""
    text = text.lower()
    for mark in _ASCII_MARKS if text.isascii() else _MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return frozenset(text.split()) - _STOP


def _source(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's own passage as one of its sources."""
    return {
        "doc": entry["source_doc"],
        "passage": entry["passage"],
        "copy_group": entry["copy_group"],
        "carried_by": entry["carried_by"],
    }


def _group_account(
    group: CopyGroup, documents: Mapping[str, Document], pairs: Mapping[tuple[str, str], CopyPair]
) -> list[dict[str, Any]]:
    """The account of a story of one copy group: its source's passages with their carriers."""
    source, group_id = group.source, group.id
    carried = carriers(source, group, pairs)
    account = []
    for index, text in enumerate(passages(documents[source].body)):
        others = carried.get(index)
        account.append(
            {
                "text": text,
                "source_doc": source,
                "passage": index,
                "copy_group": group_id,
                "carried_by": [source, *others] if others else [source],
            }
        )
    return account


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The kernel's tables: per BMP code point its classes (`word_classes`: white space and
    the one-character marks part words), whether it makes a passage telling; the function
    words' code points and each one's end."""
    _, cuts, _ = char_tables()
    cuts = cuts.copy()
    for mark in _MARKS:
        if len(mark) == 1:
            cuts[ord(mark)] = True
    classes, kept = word_classes(cuts)
    telling = np.zeros(_ASTRAL, dtype=np.bool_)
    telling[[ord(mark) for mark in _TELLING]] = True
    stops = sorted(_STOP)
    stop_codes = codes_of("".join(stops))
    stop_ends = np.fromiter(accumulate(map(len, stops)), dtype=np.int64, count=len(stops))
    return classes, kept, telling, stop_codes, stop_ends


def _passage_words(texts: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """Each passage's content words as the kernel numbers them (its signature last, in
    order; none for a passage that is not telling), where they start, and how many words
    the kernel numbered. The passages go in as one text, each after a blank line (which no
    passage holds)."""
    classes, kept, telling, stops, stop_ends = _tables()
    words, firsts, word_sizes, _ = words_of(
        texts,
        "\n\n",
        (classes, kept, telling),
        (True, True),
        (stops, stop_ends),
        (SIGNATURE, False),
    )
    return words, firsts, word_sizes.size


def story_account(
    groups: Sequence[CopyGroup],
    documents: Mapping[str, Document],
    pairs: Mapping[tuple[str, str], CopyPair],
) -> list[dict[str, Any]]:
    """Every group's source passages once, in story order, passages of different groups that
    say the same thing merged into one entry with all their sources."""
    if len(groups) == 1:
        return _group_account(groups[0], documents, pairs)
    texts = [passages(documents[group.source].body) for group in groups]
    flat = [text for own in texts for text in own]
    words, firsts, vocabulary = _passage_words(flat)
    group_ends = np.fromiter(accumulate(map(len, texts)), dtype=np.int64, count=len(texts))
    numbers: dict[str, int] = {}
    group_ids = np.array([numbers.setdefault(g.id, len(numbers)) for g in groups], np.int64)
    merged_into, made, order = merge(
        words, firsts, vocabulary, group_ends, group_ids, _LIMITS, MIN_OVERLAP
    )
    return _entries(groups, texts, pairs, merged_into.tolist(), made.tolist(), order.tolist())


def _entries(
    groups: Sequence[CopyGroup],
    texts: list[list[str]],
    pairs: Mapping[tuple[str, str], CopyPair],
    merged_into: list[int],
    made: list[int],
    order: list[int],
) -> list[dict[str, Any]]:
    """The account's entries from the merge: each passage's own entry or a source of the one
    it was merged into, in story order."""
    entries: list[dict[str, Any]] = [{}] * len(order)
    p = 0
    for group, own in zip(groups, texts, strict=True):
        source, group_id = group.source, group.id
        carried = carriers(source, group, pairs)
        for index, text in enumerate(own):
            others = carried.get(index)
            carried_by = [source, *others] if others else [source]
            match = merged_into[p]
            p += 1
            if match < 0:
                entries[made[p - 1]] = {
                    "text": text,
                    "source_doc": source,
                    "passage": index,
                    "copy_group": group_id,
                    "carried_by": carried_by,
                }
                continue
            entry = entries[match]
            if "sources" not in entry:
                entry["sources"] = [_source(entry)]
            own_source = {"doc": source, "passage": index, "copy_group": group_id}
            entry["sources"].append({**own_source, "carried_by": carried_by})
    return [entries[number] for number in order]
