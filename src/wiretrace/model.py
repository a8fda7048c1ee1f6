"""The data model of DESIGN.md: the words every stage uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson


def passages(body: str) -> list[str]:
    """The passages (paragraphs) of a body: the split every stage and output shares."""
    return list(filter(None, map(str.strip, body.split("\n\n"))))


@dataclass(frozen=True)
class Page:
    """One raw input page as read, before any cleaning."""

    id: str
    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Problem:
    """An input that could not be used (or only partly), with a reason a person can act on."""

    input: str
    reason: str


@dataclass(frozen=True)
class Removal:
    """A span cut from a page, with why it was cut."""

    text: str
    reason: str


@dataclass
class Document:
    """A cleaned page: the article body and its metadata."""

    id: str
    source: str
    body: str
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None  # the authors' names as the page gives them, ", "-joined
    published: str | None = None
    credit: str | None = None
    language: str | None = None
    url: str | None = None
    removed: list[Removal] = field(default_factory=list)
    # direct quotes of the body: {"text", "speaker", "cue", "start", "end"} (consolidate.quotes);
    # None until found (they are found when the document is stored)
    quotes: list[dict[str, Any]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Report form of the document (DESIGN.md contract plus `url`), in field order."""
        return {
            "id": self.id,
            "source": self.source,
            "body": self.body,
            "outlet": self.outlet,
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "credit": self.credit,
            "language": self.language,
            "url": self.url,
            "removed": [{"text": r.text, "reason": r.reason} for r in self.removed],
            "quotes": None if self.quotes is None else [dict(q) for q in self.quotes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Inverse of `to_dict` (fields added since a document was stored take their
        defaults: a store written before `byline` existed loads with `byline=None`)."""
        fields = dict(data)
        fields["removed"] = [Removal(**r) for r in fields.get("removed") or []]
        if fields.get("quotes") is None:  # stored without its quotes (before they were
            # found, or by copy detection alone): found now
            from wiretrace.consolidate.quotes import quotes

            fields["quotes"] = quotes(fields.get("body") or "")
        return cls(**fields)


@dataclass(frozen=True)
class Passage:
    """A span of a body (a paragraph), the unit of alignment."""

    doc: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AlignedPassage:
    """A passage of a found in b: the proof of a copy pair."""

    a: int
    b: int
    score: float


@dataclass
class CopyPair:
    """Two documents that share source text."""

    a: str
    b: str
    containment_a: float
    containment_b: float
    jaccard: float
    passages: list[AlignedPassage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Report form of the pair, in field order."""
        return {
            "a": self.a,
            "b": self.b,
            "containment_a": self.containment_a,
            "containment_b": self.containment_b,
            "jaccard": self.jaccard,
            "passages": [{"a": p.a, "b": p.b, "score": p.score} for p in self.passages],
        }


@dataclass(frozen=True)
class Member:
    """A document of a copy group and how much of the group's source it carries; when
    consolidated, its date, its lag behind the source (seconds) and what it changed."""

    doc: str
    coverage: float
    published: str | None = None
    lag: int | None = None  # seconds after the source came out (negative: before)
    changes: list[dict[str, Any]] = field(default_factory=list)  # consolidate.changes
    changes_omitted: int = 0  # change entries left out past the bound


@dataclass
class CopyGroup:
    """Documents that carry one source text."""

    id: str
    source: str
    members: list[Member]
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Report form of the group, in field order."""
        return {
            "id": self.id,
            "source": self.source,
            "members": [
                {
                    "doc": m.doc,
                    "coverage": m.coverage,
                    "published": m.published,
                    "lag": m.lag,
                    "changes": m.changes,
                    "changes_omitted": m.changes_omitted,
                }
                for m in self.members
            ],
            "credit": self.credit,
        }


@dataclass
class Story:
    """Documents and copy groups about one event."""

    id: str
    title: str | None
    documents: list[str]
    copy_groups: list[str]
    outlets: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    entities: list[str] = field(default_factory=list)
    account: list[dict[str, Any]] = field(default_factory=list)
    # quotes merged across documents: {"text", "speaker", "documents", "wordings"}
    quotes: list[dict[str, Any]] = field(default_factory=list)
    # numbers, dates and names: {"kind", "value", "text", "documents"} (consolidate.facts)
    facts: list[dict[str, Any]] = field(default_factory=list)
    # one fact, different values: {"about", "kind", "claims"} (consolidate.disagree)
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Report form of the story, in field order (the account deep-copied, as JSON)."""
        return {
            "id": self.id,
            "title": self.title,
            "documents": list(self.documents),
            "copy_groups": list(self.copy_groups),
            "outlets": list(self.outlets),
            "first_published": self.first_published,
            "last_published": self.last_published,
            "entities": list(self.entities),
            "account": orjson.loads(orjson.dumps(self.account)),
            "quotes": orjson.loads(orjson.dumps(self.quotes)),
            "facts": orjson.loads(orjson.dumps(self.facts)),
            "disagreements": orjson.loads(orjson.dumps(self.disagreements)),
        }
