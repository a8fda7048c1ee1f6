"""What each copy changed against its copy group's source, and when it came out.

A member's changes come from the passage alignment that proved the copy (`CopyPair.passages`):
aligned passages that differ are compared word by word (`edit`: the source's words and the
copy's), source passages the copy does not carry are `dropped` and copy passages not in the
source `added` (a run of consecutive passages is one entry), and a headline that differs is
`retitled`. Entries are bounded in number and length; `lag` is in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from difflib import SequenceMatcher
from typing import Any

from wiretrace.model import CopyGroup, CopyPair, Document, Member, passages

MAX_CHANGES = 40  # change entries kept per member (the rest counted in a last entry)
MAX_SIDE = 300  # characters kept of each side of an entry
MAX_WORDS = 400  # words of a passage compared word by word at most (longer: one edit)
JOIN_GAP = 1  # unchanged words between two edits that still make them one
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
_SPACES = re.compile(r"\s+")
_PLAIN = str.maketrans("‘’‛“”„«»", '\'\'\'"""""')  # typographic quotes compare as plain ones

Change = dict[str, Any]


def clip(text: str, limit: int = MAX_SIDE) -> str:
    """Text cut to `limit` characters (an ellipsis where cut), whitespace re-flowed."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def word_edits(source: str, copy: str) -> list[Change]:
    """The word-level edits that turn a source passage into the copy's: one entry per run
    of changed words (runs at most JOIN_GAP unchanged words apart are one; case, quote style and
    punctuation alone are no change), each with an unchanged word either side for context."""
    if source == copy:
        return []
    a = [
        (m.start(), m.end(), m.group(0).lower().translate(_PLAIN)) for m in _TOKEN.finditer(source)
    ]
    b = [(m.start(), m.end(), m.group(0).lower().translate(_PLAIN)) for m in _TOKEN.finditer(copy)]
    words_a, words_b = [t[2] for t in a], [t[2] for t in b]
    if words_a == words_b:
        return []  # spacing or case alone
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return [{"kind": "edit", "source": clip(source), "copy": clip(copy)}]
    runs: list[list[int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, words_a, words_b, False).get_opcodes():
        if tag == "equal" or not _has_word(words_a[i1:i2] + words_b[j1:j2]):
            continue
        if runs and i1 - runs[-1][1] <= JOIN_GAP and j1 - runs[-1][3] <= JOIN_GAP:
            runs[-1][1], runs[-1][3] = i2, j2
        else:
            runs.append([i1, i2, j1, j2])
    edits = []
    for i1, i2, j1, j2 in runs:
        before = _context_before(words_a, i1)
        after = _context_after(words_a, i2)
        edits.append(
            {
                "kind": "edit",
                "source": _span(source, a, i1 - before, i2 + after),
                "copy": _span(copy, b, j1 - before, j2 + after),
            }
        )
    return edits


def _has_word(tokens: Sequence[str]) -> bool:
    """Whether any token is a word (not punctuation alone)."""
    return any(token[0].isalnum() or token[0] == "_" for token in tokens)


def _context_before(words: Sequence[str], first: int) -> int:
    """Tokens to show before a change at `first`: back to and including a word, at most 2."""
    count = 0
    while count < 2 and first - count > 0:
        count += 1
        if _has_word([words[first - count]]):
            break
    return count


def _context_after(words: Sequence[str], last: int) -> int:
    """Tokens to show after a change ending at `last`: up to and including a word, at most 2."""
    count = 0
    while count < 2 and last + count < len(words):
        count += 1
        if _has_word([words[last + count - 1]]):
            break
    return count


def _span(text: str, tokens: Sequence[tuple[int, int, str]], first: int, last: int) -> str:
    """The text of tokens [first, last), as the page writes it ("" when none)."""
    first, last = max(first, 0), min(last, len(tokens))
    if first >= last:
        return ""
    return clip(text[tokens[first][0] : tokens[last - 1][1]])


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indexes, as (first, count)."""
    found: list[tuple[int, int]] = []
    for index in indexes:
        if found and found[-1][0] + found[-1][1] == index:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((index, 1))
    return found


def _run_entry(kind: str, texts: Sequence[str], first: int, count: int) -> Change:
    """One entry for a run of dropped or added passages: the first one's text, the count."""
    text = clip(texts[first])
    if count > 1:
        text = clip(f"{texts[first]} [… {count - 1} more passages]")
    side = {"source": text, "copy": None} if kind == "dropped" else {"source": None, "copy": text}
    return {"kind": kind, **side, "at": first, "count": count}


def alignment(
    source: str, member: str, pairs: Mapping[tuple[str, str], CopyPair]
) -> list[tuple[int, int]]:
    """(source passage, member passage) index pairs that the copy pair aligned."""
    pair = pairs.get((member, source))
    if pair is not None:
        return sorted((p.b, p.a) for p in pair.passages)
    pair = pairs.get((source, member))
    if pair is not None:
        return sorted((p.a, p.b) for p in pair.passages)
    return []


def member_changes(
    source: Document, copy: Document, aligned: Sequence[tuple[int, int]]
) -> list[Change]:
    """What `copy` changed against `source`, in source order: retitled, then edits within
    aligned passages, dropped runs where the source's passages are missing, added runs
    (unbounded: `group_changes` keeps the first MAX_CHANGES and counts the rest)."""
    changes: list[Change] = []
    if (
        source.title
        and copy.title
        and _SPACES.sub(" ", source.title) != _SPACES.sub(" ", copy.title)
    ):
        changes.append({"kind": "retitled", "source": clip(source.title), "copy": clip(copy.title)})
    theirs, ours = passages(source.body), passages(copy.body)
    into = carried_into(theirs, ours, aligned)
    merged: dict[int, list[int]] = {}  # copy passage -> the source passages it carries
    for index, target in sorted(into.items()):
        merged.setdefault(target, []).append(index)
    dropped = dict(_runs([i for i in range(len(theirs)) if i not in into]))
    for index in range(len(theirs)):
        if index in dropped:
            changes.append(_run_entry("dropped", theirs, index, dropped[index]))
            continue
        target = into.get(index)
        if target is None or merged[target][0] != index:
            continue
        text = " ".join(theirs[i] for i in merged[target])
        for edit in word_edits(text, ours[target]):
            changes.append({**edit, "at": index, "count": 1})
    matched = {c for _, c in aligned}
    for first, count in _runs([i for i in range(len(ours)) if i not in matched]):
        changes.append(_run_entry("added", ours, first, count))
    return changes


def carried_into(
    theirs: Sequence[str], ours: Sequence[str], aligned: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Source passage -> the copy passage that carries it: the aligned ones, and a source
    passage next to an aligned one whose copy passage holds it whole (two merged into one)."""
    into: dict[int, int] = {}
    for s, c in aligned:
        if s < len(theirs) and c < len(ours):
            into.setdefault(s, c)
    for index in range(len(theirs)):
        if index in into:
            continue
        text = " ".join(theirs[index].split())
        for near in (index - 1, index + 1):
            target = into.get(near)
            if target is not None and text in " ".join(ours[target].split()):
                into[index] = target
                break
    return into


def parse_time(value: str | None) -> datetime | None:
    """A published date or time as an aware datetime (UTC when the page gives no zone)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def lag_seconds(source: str | None, copy: str | None) -> int | None:
    """Seconds the copy came out after the source (negative: before), None when unknown."""
    first, then = parse_time(source), parse_time(copy)
    if first is None or then is None:
        return None
    return int((then - first).total_seconds())


def group_changes(
    group: CopyGroup,
    documents: Mapping[str, Document],
    pairs: Mapping[tuple[str, str], CopyPair],
) -> CopyGroup:
    """The group with each member's `published`, `lag` (seconds behind the source) and
    `changes` against the source; a member whose document is missing is left as it is."""
    source = documents.get(group.source)
    if source is None or len(group.members) < 2:
        return group
    members = []
    for member in group.members:
        doc = documents.get(member.doc)
        if doc is None:
            members.append(member)
            continue
        changes = []
        if member.doc != group.source:
            changes = member_changes(source, doc, alignment(group.source, member.doc, pairs))
        members.append(
            Member(
                doc=member.doc,
                coverage=member.coverage,
                published=doc.published,
                lag=lag_seconds(source.published, doc.published),
                changes=changes[:MAX_CHANGES],
                changes_omitted=max(len(changes) - MAX_CHANGES, 0),
            )
        )
    return CopyGroup(id=group.id, source=group.source, members=members, credit=group.credit)
