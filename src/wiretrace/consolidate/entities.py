"""A story's main entities: the names its coverage keeps coming back to.

Names are runs of capitalised words ("Kim Jong Un", "Port Elvan", "Security Council"), found
offline with no model. A copy group counts once, so a wire story republished a hundred times
does not drown the other outlets; names are ranked by how many groups mention them, then by
mentions.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from wiretrace.consolidate.kernels import (
    NOT_NAMES,
    distinct_names,
    ranked_and_spelled,
    ranked_names,
)

# the capital comes first (then "no word character before it") so that the pattern engine can
# skip ahead to capitals
_NAME = re.compile(
    r"[A-Z](?<!\w.)[\w’'-]*[a-z][\w’'-]*(?:\s+(?:of|de|del|al|van|von|la|le)?\s*[A-Z][\w’'-]*[a-z][\w’'-]*)*"
)
_SENTENCE_START = re.compile(r"([.!?:;\n]['\"’”]?\s*|[\"“‘]\s*)$")
MAX_ENTITIES = 10


CACHE_LIMIT = 1 << 20  # cleaned runs kept before the cache starts afresh: bounds its memory
_CLEANED: dict[str, str] = {}


def clean_run(run: str) -> str:
    """A run of capitalised words as a name: possessives and leading function words removed,
    "" when nothing (or one word shorter than three letters) is left."""
    words = run.replace("’s", "").replace("'s", "").split()
    while words and words[0] in NOT_NAMES:
        words = words[1:]
    if not words or (len(words) == 1 and len(words[0]) < 3):
        return ""
    return " ".join(words)


def cleaned(run: str) -> str:
    """`clean_run` of a run, remembered (names recur across a story's documents)."""
    cache = _CLEANED
    name = cache.get(run)
    if name is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        name = cache[run] = clean_run(run)
    return name


def names(text: str) -> set[str]:
    """The distinct names in a text, possessives and leading function words removed: found
    and cleaned in one compiled pass."""
    found = distinct_names(text)
    if found is None:
        return names_by_pattern(text)
    return found


def names_by_pattern(text: str) -> set[str]:
    """`names` by the pattern itself: the reference, and the way for any text `runs` declines."""
    found = set()
    for match in _NAME.finditer(text):
        name = cleaned(match.group(0))
        if not name:
            continue
        if " " not in name:
            start = match.start()
            before = text[max(0, start - 4) : start]  # enough to see a sentence end
            if start == 0 or _SENTENCE_START.search(before):
                continue  # one capitalised word opening a sentence says nothing of a name
        found.add(name)
    return found


def main_entities(groups: Sequence[Iterable[str]], limit: int = MAX_ENTITIES) -> list[str]:
    """The names most groups of a story mention (each group given as its documents' texts):
    found, counted and ranked in one compiled pass over the story."""
    listed = [texts if isinstance(texts, list) else list(texts) for texts in groups]
    ranked = ranked_names(listed, limit)
    if ranked is None:
        return main_entities_by_names(listed, limit)
    return ranked


def main_entities_by_names(groups: Sequence[Iterable[str]], limit: int = MAX_ENTITIES) -> list[str]:
    """`main_entities` by each text's `names`: the reference, and the way for a story with a
    text beyond the Basic Multilingual Plane."""
    by_group: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for texts in groups:
        seen: set[str] = set()
        for text in texts:
            found = names(text)
            mentions.update(found)
            seen |= found
        by_group.update(seen)
    least = 2 if len(groups) > 1 else 1
    kept = [n for n, count in by_group.items() if count >= least or mentions[n] >= 2]
    # the key orders names totally, so the first `limit` are those of a full sort
    return heapq.nsmallest(limit, kept, key=lambda n: (-by_group[n], -mentions[n], n))


def story_names(
    groups: Sequence[Sequence[tuple[str, str]]], limit: int = MAX_ENTITIES
) -> tuple[list[str], list[set[str]]]:
    """`main_entities` of the groups' documents (each given as its title and body, read as
    "title. body") and each body's `names`, in one compiled pass over the story."""
    texts = [[f"{title}. {body}" for title, body in group] for group in groups]
    bodies = [len(title) + 2 for group in groups for title, _ in group]
    found = ranked_and_spelled(texts, bodies, limit)
    if found is None:
        return main_entities_by_names(texts, limit), [
            names(body) for group in groups for _, body in group
        ]
    ranked, spelled = found
    bodies_named = [body for group in groups for _, body in group]
    return ranked, [
        found if found is not None else names(body)
        for found, body in zip(spelled, bodies_named, strict=True)
    ]


def story_names_by_names(
    groups: Sequence[Sequence[tuple[str, str]]], limit: int = MAX_ENTITIES
) -> tuple[list[str], list[set[str]]]:
    """`story_names` by `main_entities_by_names` and `names_by_pattern`: the reference."""
    texts = [[f"{title}. {body}" for title, body in group] for group in groups]
    spelled = [names_by_pattern(body) for group in groups for _, body in group]
    return main_entities_by_names(texts, limit), spelled
