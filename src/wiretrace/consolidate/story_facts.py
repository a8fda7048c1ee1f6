"""A story's facts listed once each: the counts, years and dates its documents state, merged
by value with the documents that state them, and its main names typed as person, place or
organisation by the words around them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wiretrace.consolidate.facts import Fact, word_before
from wiretrace.model import Document

MAX_FACTS = 60  # facts kept per story (those most documents state first)
MAX_NAMES = 6  # of the story's entities, the first this many are typed and listed as facts


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


_PERSON_BEFORE = _words(
    """president minister leader mr mrs ms dr professor prof chief spokesman spokeswoman
    spokesperson secretary governor mayor senator general colonel captain director chairman
    chairwoman premier king queen prince chancellor ambassador judge coach manager"""
)
_PLACE_BEFORE = _words("in at from to near across outside inside towards toward into")
_ORG_WORDS = _words(
    """council ministry university agency party union nations company corporation corp inc
    ltd association institute committee court bank army forces office department service
    group league federation commission police authority news times post journal press
    parliament assembly government organisation organization foundation fund club team
    board trust society college school hospital network"""
)
_PERSON_AFTER = re.compile(r"\s*(?:,\s*)?(?:said|says|told|added|who)\b")


def name_kind(name: str, text: str) -> str:
    """person, place or organisation by its own words, else by the words around its first
    mention in `text` (a title before it, "said" after it, "in" before it), else name."""
    words = name.lower().split()
    if _ORG_WORDS.intersection(words):
        return "organisation"
    start = text.find(name)
    if start < 0:
        return "name"
    word = word_before(text, start)
    if word in _PERSON_BEFORE or _PERSON_AFTER.match(text, start + len(name)):
        return "person"
    if word in _PLACE_BEFORE:
        return "place"
    return "name"


def story_facts(
    documents: Sequence[Document],
    facts: Mapping[str, Sequence[Fact]],
    entities: Sequence[str],
    limit: int = MAX_FACTS,
) -> list[dict[str, Any]]:
    """The story's facts, each once with the documents that state it: counts, years and
    dates by value (what a count counts kept), then the story's names typed; those most
    documents state first, at most `limit`."""
    merged: dict[tuple[Any, ...], int] = {}  # a fact's key -> its number in `firsts`
    firsts: list[Fact] = []  # each fact as its first document states it
    carriers: list[list[str]] = []  # each fact's documents
    for doc in documents:
        doc_id = doc.id
        for fact in facts.get(doc_id, ()):
            value, counts = fact.value, fact.counts
            key = (fact.kind, fact.text.lower() if value is None else value, counts and counts[:-1])
            number = merged.get(key)
            if number is None:
                merged[key] = len(firsts)
                firsts.append(fact)
                carriers.append([doc_id])
            elif carriers[number][-1] != doc_id:
                carriers[number].append(doc_id)
    named = _named(documents, entities)
    total = len(firsts) + len(named)
    if total <= limit:
        kept: Iterable[int] = range(total)
    else:  # the entries of the facts cut are never made
        sizes = [len(ids) for ids in carriers] + [len(entry["documents"]) for entry in named]
        kept = sorted(sorted(range(total), key=lambda n: -sizes[n])[:limit])
    return [
        _entry(firsts[n], carriers[n]) if n < len(firsts) else named[n - len(firsts)] for n in kept
    ]


def _entry(fact: Fact, documents: list[str]) -> dict[str, Any]:
    """A story's fact as listed: kind, value, text, what it counts, its documents."""
    entry: dict[str, Any] = {"kind": fact.kind, "value": fact.value, "text": fact.text}
    if fact.counts is not None:
        entry["counts"] = fact.counts
    entry["documents"] = documents
    return entry


def _named(documents: Sequence[Document], entities: Sequence[str]) -> list[dict[str, Any]]:
    """The story's first MAX_NAMES entities as facts, typed, with the documents naming them."""
    listed: list[dict[str, Any]] = []
    alone = len(documents) == 1  # its names come from its own text: no need to look
    for name in entities[:MAX_NAMES]:
        carriers = (
            list(documents)
            if alone
            else [doc for doc in documents if name in doc.body or name in (doc.title or "")]
        )
        if carriers:
            kind = name_kind(name, carriers[0].body)
            ids = [doc.id for doc in carriers]
            listed.append({"kind": kind, "value": name, "text": name, "documents": ids})
    return listed
