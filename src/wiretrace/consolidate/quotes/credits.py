"""Credit lines: a roundup of opinion (or a page of pull quotes) gives each excerpt's author
on a short line of its own after it, or right after its closing mark ("Ann Lee, The
Gazette"), with no speech verb anywhere."""

from __future__ import annotations

from typing import Any

from wiretrace.consolidate.quotes.names import _person
from wiretrace.consolidate.quotes.words import _ARTICLES

CREDIT_CHARS = 80  # longest credit line: a name and an outlet


def credited(body: str, out: list[dict[str, Any]]) -> None:
    """Give the quotes that a credit ends to the person or board it names: each quote back
    to the last credit or to a paragraph with other words after its quote, unless a cue named
    someone for it (a person's name, not a description such as "a recent study")."""
    block: list[dict[str, Any]] = []
    replaced: set[str] = set()  # descriptions a credit showed to be someone credited
    for quote in out:
        block.append(quote)
        end = body.find("\n", quote["end"])
        end = len(body) if end < 0 else end
        rest = body[quote["end"] : end].strip(" .,”\"’'…\u00a0")
        if rest:  # a credit right after the mark, or other words
            credit = credit_of(rest) if "," in rest and len(rest) <= CREDIT_CHARS else None
        else:
            credit = credit_of(_next_line(body, end))
        if credit is not None:
            for earlier in block:
                if earlier["cue"] is None or _described(earlier["speaker"]):
                    if earlier["speaker"] and earlier["speaker"] != credit:
                        replaced.add(earlier["speaker"])
                    earlier["speaker"], earlier["cue"] = credit, None
        if credit is not None or rest:
            block = []  # a credit given, or a paragraph of other words after the quote
    for quote in out:  # an uncued quote carried on from a description a credit replaced
        if quote["cue"] is None and quote["speaker"] in replaced and _described(quote["speaker"]):
            quote["speaker"] = None


def credit_of(line: str) -> str | None:
    """The person or board a credit line names ("Ann Lee, The Gazette", "Editorial Board, The
    Gazette", "— Ann Lee, The Gazette"), else None: a name, a comma and an outlet, short, no
    sentence and no quote mark in it."""
    line = line.strip().lstrip("—–- ")
    if not line or len(line) > CREDIT_CHARS or "," not in line or line[-1] in ".!?:;":
        return None
    if any(mark in line for mark in '“”"«»„'):
        return None
    head, outlet = (part.strip() for part in line.split(",", 1))
    words = head.split()
    if not 2 <= len(words) <= 4 or not outlet[:1].isupper():
        return None
    if not all(word[:1].isupper() for word in words):
        return None
    if head.lower() == "editorial board":
        return f"{outlet} {head}"  # "Editorial Board, The Gazette": that outlet's board
    return _person(words) or None


def _next_line(body: str, end: int) -> str:
    """The next line with words after body[end], when it is short enough to be a credit, else
    "" (the search stops there)."""
    start = end
    while start < len(body) and body[start] in "\n \u00a0":
        start += 1
    reach = start + CREDIT_CHARS + 1
    stop = body.find("\n", start, reach)
    if stop < 0:
        stop = len(body) if len(body) <= reach else -1
    return body[start:stop] if stop >= 0 else ""


def _described(speaker: str | None) -> bool:
    """No speaker, or one given by a description ("a recent study", "The author of a study"):
    in lower case, or opened by an article."""
    return not speaker or speaker[0].islower() or speaker.split()[0].lower() in _ARTICLES
