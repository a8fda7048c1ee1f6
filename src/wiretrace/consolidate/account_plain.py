"""The plain-Python account merge: the reference the compiled one (`account.story_account`,
over `account_kernels`) must agree with, entry for entry, and the tests' measure of it.

Each passage's content words are a frozenset of str, entries are found through a dict from
signature words to entries, and a passage of no more than SIGNATURE words is looked up by its
words in the set's own order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wiretrace.consolidate.account import (
    _NO_WORDS,
    COMMON,
    MIN_OVERLAP,
    MIN_SHARED,
    MIN_SIGNATURE,
    _group_account,
    _source,
    _telling,
    carriers,
    content_words,
    signature,
)
from wiretrace.model import CopyGroup, CopyPair, Document, passages


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
