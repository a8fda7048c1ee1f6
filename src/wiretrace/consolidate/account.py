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
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wiretrace.model import CopyGroup, CopyPair, Document, passages

MIN_SHARED = 5  # content words two passages of different groups share, at least, to be one
SIGNATURE = 6  # longest words of a passage that find the passages it may say the same as
MIN_SIGNATURE = 2  # of those another passage holds among its own, at least, to be compared
MIN_OVERLAP = 0.5  # share of the smaller passage's content words the other holds, at least
COMMON = 64  # a word in more entries than this is not looked up (it says nothing of which)
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
    if len(words) <= SIGNATURE:
        return list(words)
    return sorted(sorted(words), key=len)[-SIGNATURE:]  # ties by the word: no hash order


def content_words(text: str) -> frozenset[str]:
    """A passage's words, lowercase, without the common punctuation and function words
    (str methods and a set difference: no Python step per word)."""
    text = text.lower()
    for mark in _ASCII_MARKS if text.isascii() else _MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return frozenset(text.split()) - _STOP


class _Merger:
    """Entries of an account with an index of their content words, for finding the entry
    that says what a new passage says."""

    def __init__(self) -> None:
        """An empty account."""
        self.entries: list[dict[str, Any]] = []
        self.words: list[frozenset[str]] = []
        self.groups: list[str] = []  # each entry's copy group
        self.index: dict[str, list[int]] = {}
        self.after: dict[int, list[int]] = {}  # entry -> entries placed right after it

    def add(
        self,
        entry: dict[str, Any],
        words: frozenset[str],
        after: int | None,
        signed: list[str] | None = None,
    ) -> int:
        """Add an entry (after entry `after`, or at the end when None), its signature
        (`signed` when already known) indexed; its number."""
        if signed is None:
            signed = signature(words)
        number = len(self.entries)
        self.entries.append(entry)
        self.words.append(words)
        self.groups.append(entry["copy_group"])
        index = self.index
        for word in signed:
            found = index.get(word)
            if found is None:
                index[word] = [number]
            else:
                found.append(number)
        if after is not None:
            self.after.setdefault(after, []).append(number)
        return number

    def may_match(self, words: frozenset[str]) -> bool:
        """Whether MIN_SIGNATURE of these words are indexed at all (else no entry can be
        the same: a check cheaper than the signature)."""
        index = self.index
        hits = 0
        for word in words:
            if word in index:
                hits += 1
                if hits >= MIN_SIGNATURE:
                    return True
        return False

    def lookup(self, words: frozenset[str], group: str) -> tuple[int | None, list[str] | None]:
        """`same` of these words (None where they are too few or too little indexed to
        match), with their signature where it was needed."""
        if len(words) < MIN_SHARED or not self.may_match(words):
            return None, None
        signed = signature(words)
        return self.same(words, group, signed), signed

    def same(self, words: frozenset[str], group: str, signed: list[str]) -> int | None:
        """The entry of another group that says what these words say, if one does: found by
        shared signature words (`signed`: `signature(words)`), confirmed on all their words."""
        shared: dict[int, int] = {}  # entry -> signature words shared, in the order first met
        index = self.index
        for word in signed:
            found = index.get(word)
            if found is not None and len(found) <= COMMON:
                for number in found:
                    shared[number] = shared.get(number, 0) + 1
        best, best_share = None, 0.0
        size, groups, known = len(words), self.groups, self.words
        for number, count in shared.items():
            if count < MIN_SIGNATURE or groups[number] == group:
                continue
            theirs = known[number]
            common = len(words & theirs)
            share = common / min(size, len(theirs))
            if share >= MIN_OVERLAP and share > best_share and common >= MIN_SHARED:
                best, best_share = number, share
        return best

    def ordered(self, heads: Sequence[int]) -> list[dict[str, Any]]:
        """The entries in story order: each head, then what was placed after it (depth first)."""
        out: list[dict[str, Any]] = []
        stack = list(reversed(heads))
        while stack:
            number = stack.pop()
            out.append(self.entries[number])
            stack.extend(reversed(self.after.get(number, [])))
        return out


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


def story_account(
    groups: Sequence[CopyGroup],
    documents: Mapping[str, Document],
    pairs: Mapping[tuple[str, str], CopyPair],
) -> list[dict[str, Any]]:
    """Every group's source passages once, in story order, passages of different groups that
    say the same thing merged into one entry with all their sources."""
    if len(groups) == 1:
        return _group_account(groups[0], documents, pairs)
    merger = _Merger()
    heads: list[int] = []
    last = len(groups) - 1
    for position, group in enumerate(groups):
        source, group_id = group.source, group.id
        carried = carriers(source, group, pairs)
        reached: int | None = None  # the entry this group's last passage reached
        waiting: list[tuple[dict[str, Any], frozenset[str], list[str] | None]] = []
        for index, text in enumerate(passages(documents[source].body)):  # (waiting: before any)
            others = carried.get(index)
            carried_by = [source, *others] if others else [source]
            words = content_words(text) if _telling(text) else _NO_WORDS
            match, signed = merger.lookup(words, group_id) if position else (None, None)
            if position == last:
                words, signed = _NO_WORDS, None  # no later group looks its passages up
            if match is not None:
                entry = merger.entries[match]
                if "sources" not in entry:
                    entry["sources"] = [_source(entry)]
                own = {"doc": source, "passage": index, "copy_group": group_id}
                entry["sources"].append({**own, "carried_by": carried_by})
                reached = match
                for held in waiting:  # a group's opening, placed by its first match
                    reached = merger.add(held[0], held[1], reached, held[2])
                waiting = []
                continue
            entry = {
                "text": text,
                "source_doc": source,
                "passage": index,
                "copy_group": group_id,
                "carried_by": carried_by,
            }
            if position and reached is None:
                waiting.append((entry, words, signed))
                continue
            number = merger.add(entry, words, reached if position else None, signed)
            if not position:
                heads.append(number)
            reached = number
        for held in waiting:  # a group that says nothing the others say: at the end
            heads.append(merger.add(held[0], held[1], None, held[2]))
    return merger.ordered(heads)
