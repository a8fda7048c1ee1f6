"""The consolidated account of a story: each copy group's source text, passage by passage,
with the documents that carry each passage (from the alignments that proved the copies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wiretrace.model import CopyGroup, CopyPair, Document, passages


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


def story_account(
    groups: Sequence[CopyGroup],
    documents: Mapping[str, Document],
    pairs: Mapping[tuple[str, str], CopyPair],
) -> list[dict[str, Any]]:
    """Passages of every group's source in order, with the source and every carrier named."""
    account: list[dict[str, Any]] = []
    add = account.append
    for group in groups:
        source = group.source
        group_id = group.id
        carried = carriers(source, group, pairs)
        for index, text in enumerate(passages(documents[source].body)):
            others = carried.get(index)
            add(
                {
                    "text": text,
                    "source_doc": source,
                    "passage": index,
                    "copy_group": group_id,
                    "carried_by": [source, *others] if others else [source],
                }
            )
    return account
