"""Where the documents of one story disagree: one fact, different values, each with its
documents.

Conservative by design: two counts are one fact only when they count the same noun with the
same word saying what happened ("12 people missing" against "11 people missing"); a count a
document states with two values is left out (it counts two things); a value stated as
approximate ("about 28,000") agrees with any within ROUNDING of it. Dates compare the same
way, by the word they date ("began on Monday" against "began on Tuesday"), once resolved. A
name's spelling disagrees where documents write one name two ways ("Kim Jong Un", "Kim
Jong-un"; "Halla Brennick", "Hala Brennick") and no document writes both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from wiretrace.consolidate.entities import names
from wiretrace.consolidate.facts import LEDE, Fact, document_facts
from wiretrace.consolidate.story_facts import story_facts
from wiretrace.model import Document

ROUNDING = 0.1  # share by which an approximate value may differ from another and agree
MAX_DISAGREEMENTS = 20  # per story
MAX_CLAIMS = 8  # values listed per disagreement
MIN_NAME_WORD = 4  # letters a name's differing word needs before a one-letter edit counts

Claim = dict[str, Any]


def _agree(a: Fact, b: Fact) -> bool:
    """Whether two statements of one fact agree: equal, or the other value fits what a
    qualified one allows (about: within ROUNDING; at least, at most: as a bound, with
    ROUNDING of slack)."""
    if a.value == b.value:
        return True
    if not isinstance(a.value, int | float) or not isinstance(b.value, int | float):
        return False
    return (bool(a.approx) and _fits(a, b.value)) or (bool(b.approx) and _fits(b, a.value))


def _fits(qualified: Fact, value: float) -> bool:
    """Whether a value fits a qualified statement ("about 28,000", "more than 6,000")."""
    bound = qualified.value
    if qualified.approx == "at least":
        return value >= bound * (1 - ROUNDING)
    if qualified.approx == "at most":
        return value <= bound * (1 + ROUNDING)
    return abs(value - bound) <= ROUNDING * max(abs(value), abs(bound))


def _claims(stated: Mapping[str, Fact]) -> list[Claim]:
    """One claim per value, with the documents stating it (document -> its statement)."""
    claims: dict[Any, Claim] = {}
    for doc_id, fact in stated.items():
        claim = claims.get(fact.value)
        if claim is None:
            claim = claims[fact.value] = {"value": fact.value, "text": fact.text, "documents": []}
        claim["documents"].append(doc_id)
    ranked = sorted(claims.values(), key=lambda c: -len(c["documents"]))
    return ranked[:MAX_CLAIMS]


def value_disagreements(
    documents: Sequence[Document], facts: Mapping[str, Sequence[Fact]]
) -> list[dict[str, Any]]:
    """Counts and dates that documents state with values that cannot both hold."""
    stated: dict[tuple[str, str], dict[str, Fact]] = {}
    ambiguous: set[tuple[str, str]] = set()
    for doc in documents:
        for fact in facts.get(doc.id, ()):
            if fact.kind not in ("count", "date") or fact.value is None:
                continue
            if not fact.key or fact.key.endswith("|"):
                continue  # nothing says what happened: too loose to compare
            key = (fact.kind, fact.key)
            by_doc = stated.setdefault(key, {})
            known = by_doc.get(doc.id)
            if known is None:
                by_doc[doc.id] = fact
            elif not _agree(known, fact):
                ambiguous.add(key)  # one document, two values: two things counted
    found = []
    for key, by_doc in stated.items():
        if key in ambiguous or len(by_doc) < 2:
            continue
        if all(_agree(a, b) for a, b in combinations(_distinct(by_doc.values()), 2)):
            continue
        first = next(iter(by_doc.values()))
        about = _about(first)
        found.append({"about": about, "kind": first.kind, "claims": _claims(by_doc)})
    return found


def _distinct(facts: Iterable[Fact]) -> list[Fact]:
    """One statement per (value, approximate) pair."""
    seen: dict[tuple[Any, str], Fact] = {}
    for fact in facts:
        seen.setdefault((fact.value, fact.approx), fact)
    return list(seen.values())


def _about(fact: Fact) -> str:
    """What a disagreement is about, in words: "people missing", "date: began"."""
    noun, _, context = fact.key.partition("|")
    if fact.kind == "date":
        return f"date {fact.key}".strip()
    return f"{fact.counts or noun} {context}".strip()


def _letters(name: str) -> str:
    """A name's letters alone, lowercase: spellings that differ only by spaces, hyphens,
    dots or case compare equal."""
    return "".join(filter(str.isalpha, name)).lower()


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one letter changed, added or dropped, not at their end
    (Korea/Korean, Minister/Ministers are other words, not spellings)."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < MIN_NAME_WORD:
        return False
    if a[0] != b[0] or a[-1] != b[-1]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(1, len(long) - 1))


def _variants(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names that are one name spelled two ways."""
    names = list(names)
    pairs: set[tuple[str, str]] = set()
    for same in _same_letters(names):
        pairs.update(combinations(sorted(same), 2))
    for same in _by_slot(names).values():
        if len(same) < 2:
            continue
        for (a, word_a), (b, word_b) in combinations(sorted(same), 2):
            if _one_edit(word_a, word_b):
                pairs.add((a, b))
    return sorted(pairs)


def _by_slot(names: list[str]) -> dict[tuple[Any, ...], list[tuple[str, str]]]:
    """The names of two to four words that could be one word's edit (`_one_edit`) from
    another, each with that word lowercase, by what must be the same for that: the word's
    place, first and last letters and the other words. A word's place is tried only where
    the names around it share their first word (for any but the first) and their last
    (for any but the last) with another name, as two names one word apart do."""
    split = [(name, words) for name in names if 2 <= len(words := name.split()) <= 4]
    firsts = Counter([words[0] for _, words in split])
    lasts = Counter([words[-1] for _, words in split])
    by_slot: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
    for name, words in split:
        first, last = firsts[words[0]] > 1, lasts[words[-1]] > 1
        if not (first or last):
            continue
        end = len(words) - 1
        for slot, word in enumerate(words):
            if (slot and not first) or (slot < end and not last):
                continue
            low = word.lower()
            if len(low) < MIN_NAME_WORD:
                continue  # too short for `_one_edit` to count
            key = (slot, low[0], low[-1], *words[:slot], *words[slot + 1 :])
            by_slot.setdefault(key, []).append((name, low))
    return by_slot


_ASCII_NON_LETTERS = bytes(code for code in range(128) if not chr(code).isalpha() and code != 10)


def _same_letters(names: list[str]) -> list[list[str]]:
    """The names that share their letters (`_letters`), two or more a list: the letters of
    all names at once as UTF-8 (ASCII non-letters deleted, ASCII lowercased; a name with any
    other character by `_letters`), grouped only when two do share (which few do)."""
    joined = "\n".join(names).encode()
    keys = joined.translate(None, _ASCII_NON_LETTERS).lower().split(b"\n")
    if len(keys) != len(names):  # a name holds a line break: each by itself
        keys = [_letters(name).encode() for name in names]
    elif not joined.isascii():
        for number, name in enumerate(names):
            if not name.isascii():
                keys[number] = _letters(name).encode()
    if len(set(keys)) == len(keys):
        return []
    by_letters: dict[bytes, list[str]] = {}
    for key, name in zip(keys, names, strict=True):
        by_letters.setdefault(key, []).append(name)
    return [same for same in by_letters.values() if len(same) > 1]


def _trimmed(spellings: Sequence[str]) -> dict[str, str]:
    """Each spelling without the words all of them open with but the last ("North Korea
    Kim Jong Un", "North Korea Kim Jong-un": "Kim Jong Un", "Kim Jong-un")."""
    split = [name.split() for name in spellings]
    shared = 0
    while all(len(words) > shared + 1 for words in split) and len({w[shared] for w in split}) == 1:
        shared += 1
    keep = max(shared - 1, 0)
    return {name: " ".join(words[keep:]) for name, words in zip(spellings, split, strict=True)}


def spelling_disagreements(names: Mapping[str, set[str]]) -> list[dict[str, Any]]:
    """Names the documents (id -> the names each writes) spell two ways, where no document
    writes both."""
    written: Counter[str] = Counter()  # name -> the documents writing it
    for found in names.values():
        written.update(found)
    # a name every document writes has no other spelling that some document writes alone
    everywhere = len(names)
    variants = _variants([n for n, count in written.items() if count < everywhere])
    carriers = _carriers(names, {name for pair in variants for name in pair})
    groups: dict[str, set[str]] = {}  # one name -> all its spellings
    for a, b in variants:
        if set(carriers[a]) & set(carriers[b]):
            continue  # a document writes both: two names, not two spellings
        joined = groups.get(a, {a}) | groups.get(b, {b})
        for name in joined:
            groups[name] = joined
    found, seen = [], set()
    for spellings in groups.values():
        key = frozenset(spellings)
        if key in seen:
            continue
        seen.add(key)
        ranked = sorted(spellings, key=lambda n: (-len(carriers[n]), n))
        shown = _trimmed(ranked)
        claims = [{"value": shown[n], "text": shown[n], "documents": carriers[n]} for n in ranked]
        found.append({"about": f"spelling of {shown[ranked[0]]}", "kind": "name", "claims": claims})
    return _merged_spellings(found)


def _carriers(names: Mapping[str, set[str]], wanted: set[str]) -> dict[str, list[str]]:
    """The documents writing each wanted name (document -> the names it writes), in order."""
    carriers: dict[str, list[str]] = {name: [] for name in wanted}
    for doc_id, found in names.items():
        for name in wanted.intersection(found):
            carriers[name].append(doc_id)
    return carriers


def _side(name: str, differing: frozenset[str]) -> frozenset[str]:
    """The differing words a spelling holds (its side of a spelling disagreement)."""
    return differing.intersection(name.lower().split())


def _merged_spellings(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Spelling disagreements that differ by the same words made one ("Halla Brennick",
    "Minister Halla Brennick" against "Hala Brennick", "Minister Hala Brennick"); each
    side's shortest spelling shown, with all the documents that write that side."""
    merged: dict[frozenset[str], dict[str, Any]] = {}
    for entry in found:
        words = [set(c["text"].lower().split()) for c in entry["claims"]]
        differing = frozenset(set.union(*words) - set.intersection(*words))
        known = merged.get(differing)
        if known is None:
            merged[differing] = entry
            continue
        sides = {_side(c["text"], differing): c for c in known["claims"]}
        for claim in entry["claims"]:
            same = sides.get(_side(claim["text"], differing))
            if same is None:
                known["claims"].append(claim)
                continue
            same["documents"] = list(dict.fromkeys(same["documents"] + claim["documents"]))
            if len(claim["text"]) < len(same["text"]):
                same["value"] = same["text"] = claim["text"]
    for entry in merged.values():
        entry["about"] = f"spelling of {entry['claims'][0]['text']}"
    return list(merged.values())


def story_disagreements(
    documents: Sequence[Document],
    facts: Mapping[str, Sequence[Fact]],
    names: Mapping[str, set[str]] | None = None,
) -> list[dict[str, Any]]:
    """A story's disagreements: counts, dates and names' spellings (bounded)."""
    found = value_disagreements(documents, facts)
    if names:
        found.extend(spelling_disagreements(names))
    return found[:MAX_DISAGREEMENTS]


def facts_and_disagreements(
    documents: Sequence[Document],
    entities: Sequence[str],
    spelled: Sequence[set[str]] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A story's facts and disagreements, each document's text scanned once (its body's
    names given in `spelled`, one set a document, when the caller found them already); a
    story of one document has nothing to disagree with, and its facts are its lede's
    (`facts.LEDE`)."""
    if len(documents) == 1:
        (doc,) = documents
        return story_facts(documents, {doc.id: document_facts(doc, LEDE)}, entities), []
    facts = {doc.id: document_facts(doc) for doc in documents}
    if spelled is None:
        spelled = [names(doc.body) for doc in documents]
    by_doc = {doc.id: found for doc, found in zip(documents, spelled, strict=True)}
    return story_facts(documents, facts, entities), story_disagreements(documents, facts, by_doc)
