"""Wire credit: the news agency a text comes from, by datelines, credit lines and attributions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# canonical name -> the ways it is written (case-sensitive where the short form is a common word)
AGENCIES: dict[str, str] = {
    "AFP": r"AFP|Agence France[- ]Presse",
    "AP": r"AP|Associated Press",
    "Reuters": r"Reuters|REUTERS",
    "PA": r"PA Media|Press Association|PA",
    "dpa": r"dpa|DPA|Deutsche Presse-Agentur",
    "UPI": r"UPI|United Press International",
    "Xinhua": r"Xinhua|XINHUA",
    "ANSA": r"ANSA",
    "EFE": r"EFE",
    "Kyodo": r"Kyodo( News)?",
    "Yonhap": r"Yonhap",
    "TASS": r"TASS",
    "Bloomberg": r"Bloomberg News",
    "CNA": r"CNA",
    "PTI": r"PTI|Press Trust of India",
    "IANS": r"IANS",
    "ANI": r"ANI",
    "AAP": r"AAP|Australian Associated Press",
    "CP": r"The Canadian Press",
}

_STRONG = [
    r"\((?P<a>{A})\)\s*[-—–:]",  # dateline: SEOUL (AP) —
    r"(©|\(c\)|[Cc]opyright)\s*(\d{{4}}\s*)?(?P<a>{A})\b",  # © AFP 2024
    r"^\s*(?P<a>{A})\s*(\||/|–|—|-)",  # AFP | Seoul
    r"^\s*(?P<a>{A})\s*$",  # a credit line alone
    r"\b(?P<a>{A})\s+contributed\b",  # The Associated Press contributed
    r"\bwith (?P<a>{A})\b\s*$",  # (with AFP)
    r"[-—–]\s*(?P<a>{A})\s*$",  # text — Reuters
]
_MEDIUM = [r"\btold (the )?(?P<a>{A})\b", r"\b(?P<a>{A}) (reporter|correspondent|journalist)s?\b"]
_WEAK = [
    r"\baccording to (the )?(?P<a>{A})\b",
    r"\b(the )?(?P<a>{A}) (reported|said|wrote|learned)\b",
]
_ALL = "|".join(f"(?:{p})" for p in AGENCIES.values())


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    """Fill the agency alternation into each pattern."""
    return [re.compile(p.format(A=_ALL), re.MULTILINE) for p in patterns]


_RULES = [(3, _compile(_STRONG)), (2, _compile(_MEDIUM)), (1, _compile(_WEAK))]
_CANON = [(name, re.compile(rf"^(?:{p})$")) for name, p in AGENCIES.items()]


def spellings(written: str) -> list[str]:
    """Every string an AGENCIES entry matches (entries use only `|`, `[- ]` and `( News)?`)."""
    out = []
    for alt in written.split("|"):
        if "[- ]" in alt:
            out += [alt.replace("[- ]", "-"), alt.replace("[- ]", " ")]
        elif "( News)?" in alt:
            out += [alt.replace("( News)?", " News"), alt.replace("( News)?", "")]
        else:
            out.append(alt)
    return out


FORMS = [form for written in AGENCIES.values() for form in spellings(written)]
# Finds agency names in one fast pass: a flat alternation of plain words lets the regex engine
# skip to the characters a name can start with.
_NAMES = re.compile("|".join(AGENCIES.values()))


def _overlapping(found: str) -> list[str]:
    """The forms a rule's agency may have where the name scan found `found`.

    The scan takes the first name at each place and skips past it, so an agency a rule matches
    starts where a found name starts (and one of the two begins the other: `PA` and `PA Media`),
    or inside it after a space or hyphen (`Associated Press` in `Australian Associated Press`).
    """
    tails = [found[k:] for k in range(len(found)) if k == 0 or found[k - 1] in " -"]
    return [f for f in FORMS if any(f.startswith(t) or t.startswith(f) for t in tails)]


_OVERLAPPING = {found: _overlapping(found) for found in FORMS}


def _segments_start(text: str, names: tuple[str, ...]) -> bool:
    """Some line of the text starts (after blanks) with one of the names."""
    return any(line.lstrip().startswith(names) for line in text.split("\n"))


def _segments_end(text: str, names: tuple[str, ...]) -> bool:
    """Some line of the text ends (before blanks) with one of the names."""
    return any(line.rstrip().endswith(names) for line in text.split("\n"))


def _any_in(text: str, needles: list[str]) -> bool:
    """Some needle is in the text."""
    return any(needle in text for needle in needles)


# For each rule above, in order: a test on the text and the agency names it may hold that
# fails only where the rule cannot match, so that the rule's own scan runs only where it can.
_Gate = Callable[[str, tuple[str, ...]], bool]
_GATES: list[list[_Gate]] = [
    [
        lambda t, a: _any_in(t, [f"({n})" for n in a]),
        lambda t, a: "©" in t or "(c)" in t or "opyright" in t,
        _segments_start,
        lambda t, a: _segments_start(t, a) and _segments_end(t, a),
        lambda t, a: "contributed" in t,
        lambda t, a: _any_in(t, [f"with {n}" for n in a]) and _segments_end(t, a),
        _segments_end,
    ],
    [
        lambda t, a: _any_in(t, [f"told {the}{n}" for n in a for the in ("", "the ")]),
        lambda t, a: _any_in(
            t, [f"{n} {w}" for n in a for w in ("reporter", "correspondent", "journalist")]
        ),
    ],
    [
        lambda t, a: _any_in(t, [f"according to {the}{n}" for n in a for the in ("", "the ")]),
        lambda t, a: _any_in(
            t, [f"{n} {w}" for n in a for w in ("reported", "said", "wrote", "learned")]
        ),
    ],
]


def canonical(name: str) -> str | None:
    """The canonical agency name for a written form (`Associated Press` -> `AP`)."""
    for canon, pattern in _CANON:
        if pattern.match(name.strip()):
            return canon
    return None


def find_credit(text: str, min_score: int = 2) -> str | None:
    """The agency a text credits most strongly, or None when no clear credit is found."""
    found = {m.group() for m in _NAMES.finditer(text)}
    if not found:  # every rule matches an agency name
        return None
    names = tuple({form for f in found for form in _OVERLAPPING[f]})
    scores: Counter[str] = Counter()
    for (weight, patterns), gates in zip(_RULES, _GATES, strict=True):
        for pattern, gate in zip(patterns, gates, strict=True):
            if not gate(text, names):
                continue
            for match in pattern.finditer(text):
                name = canonical(match.group("a"))
                if name:
                    scores[name] += weight
    return best_credit(scores, min_score)


def best_credit(scores: Counter[str], min_score: int) -> str | None:
    """The agency with the highest score, if it reaches `min_score` and has no tie."""
    if not scores:
        return None
    (best, score), *rest = scores.most_common()
    if score < min_score or (rest and rest[0][1] == score):
        return None
    return best


def is_credit_line(text: str) -> bool:
    """A short line that is only a wire credit (`© AFP 2024`, `AFP | Seoul`)."""
    if len(text.split(None, 8)) > 8 or not _NAMES.search(text):
        return False
    return any(p.search(text) for p in _RULES[0][1])
