"""Copy groups without chaining: every document joins the fullest source that contains it.

Connected components over copy pairs would chain: a page quoting one paragraph of story A and
one of story B would merge A and B. Instead sources are taken fullest first, and a document
joins the source in which the largest share of its own text is found (at least
`min_coverage`), so membership always means "most of this page is that source's text".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wiretrace.config import GroupConfig
from wiretrace.model import CopyGroup, CopyPair, Member


@dataclass(frozen=True)
class DocInfo:
    """What grouping needs to know of a document."""

    id: str
    words: int
    published: str | None
    credit: str | None


def _containment_index(pairs: Iterable[CopyPair]) -> dict[tuple[str, str], float]:
    """(x, y) -> share of x found in y, both ways for every pair."""
    index: dict[tuple[str, str], float] = {}
    for pair in pairs:
        index[(pair.a, pair.b)] = pair.containment_a
        index[(pair.b, pair.a)] = pair.containment_b
    return index


def source_order(docs: Sequence[DocInfo]) -> list[DocInfo]:
    """Fullest first; on equal length the earliest published, then by id, for a stable result."""
    return sorted(docs, key=lambda d: (-d.words, d.published or "9999", d.id))


def group_copies(
    docs: Sequence[DocInfo], pairs: Sequence[CopyPair], config: GroupConfig | None = None
) -> list[CopyGroup]:
    """Copy groups over all documents (single-member groups included), sources fullest first."""
    config = config or GroupConfig()
    inside = _containment_index(pairs)
    linked: dict[str, list[str]] = {}
    for pair in pairs:
        linked.setdefault(pair.a, []).append(pair.b)
        linked.setdefault(pair.b, []).append(pair.a)
    source_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for doc in source_order(docs):
        options = [
            (inside[(doc.id, other)], other)
            for other in linked.get(doc.id, [])
            if other in members and inside[(doc.id, other)] >= config.min_coverage
        ]
        if options:
            _, source = max(options, key=lambda o: (o[0], o[1]))
            members[source].append(doc.id)
            source_of[doc.id] = source
        else:
            members[doc.id] = [doc.id]
            source_of[doc.id] = doc.id
    credits = {d.id: d.credit for d in docs}
    groups = []
    for source, ids in members.items():
        group_members = [
            Member(doc=d, coverage=1.0 if d == source else round(inside[(source, d)], 4))
            for d in ids
        ]
        credit = credits[source] or next((credits[d] for d in ids if credits[d]), None)
        groups.append(
            CopyGroup(id=f"g-{source}", source=source, members=group_members, credit=credit)
        )
    return groups
