"""Wire credit: the news agency a text comes from, by datelines, credit lines and attributions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from wiretrace.extract import kernels

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


def _copyright(text: str, marks: int) -> bool:
    """The text has a copyright sign or word (and some agency name)."""
    return "©" in text or "(c)" in text or "opyright" in text


def _contributed(text: str, marks: int) -> bool:
    """The text has "contributed" (and some agency name)."""
    return "contributed" in text


def _marked(bit: int) -> Callable[[str, int], bool]:
    """A gate that passes where some agency name stands in the context of `bit`."""
    return lambda text, marks: bool(marks & bit)


# For each rule above, in order: a test on the text and its `kernels.credit_marks` that fails
# only where the rule cannot match, so that the rule's own scan runs only where it can.
_Gate = Callable[[str, int], bool]
_GATES: list[list[_Gate]] = [
    [
        _marked(kernels.DATELINE),  # SEOUL (AP) —
        _copyright,  # © AFP 2024
        _marked(kernels.OPENS),  # AFP | Seoul
        _marked(kernels.ALONE),  # a credit line alone
        _contributed,  # The Associated Press contributed
        _marked(kernels.WITH),  # (with AFP)
        _marked(kernels.CLOSES),  # text — Reuters
    ],
    [_marked(kernels.TOLD), _marked(kernels.ROLE)],
    [_marked(kernels.ACCORDING), _marked(kernels.VERB)],
]


def canonical(name: str) -> str | None:
    """The canonical agency name for a written form (`Associated Press` -> `AP`)."""
    for canon, pattern in _CANON:
        if pattern.match(name.strip()):
            return canon
    return None


def find_credit(text: str, min_score: int = 2) -> str | None:
    """The agency a text credits most strongly, or None when no clear credit is found."""
    marks = kernels.credit_marks(text)
    if not marks:  # every rule matches an agency name
        return None
    scores: Counter[str] = Counter()
    for (weight, patterns), gates in zip(_RULES, _GATES, strict=True):
        for pattern, gate in zip(patterns, gates, strict=True):
            if not gate(text, marks):
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
