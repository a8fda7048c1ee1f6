"""A person's gender as the body itself shows it, by the titles before their surname ("Mr.
Reid", "Ms. Lund", "Mme Dupont"), so that "she said" is not given to a man: no list of
first names, and nothing guessed where the body uses no such title."""

from __future__ import annotations

import re

_FEMALE_TITLES = frozenset({"Ms", "Mrs", "Miss", "Mme"})
_MALE = frozenset({"he", "him", "his", "himself", "il", "er", "él"})
_FEMALE = frozenset({"she", "her", "hers", "herself", "elle", "ella"})
# a literal first letter lets the pattern skip through a body fast
_TITLED = re.compile(r"M(rs|r|s|iss|me)\.?[ \u00a0]+([A-Z][\w’'-]*)")


def pronoun_gender(pronoun: str) -> str:
    """ "m", "f" or "" for a pronoun."""
    low = pronoun.lower()
    return "m" if low in _MALE else "f" if low in _FEMALE else ""


def titled_genders(body: str) -> dict[str, str]:
    """Surname -> "m" or "f" for every surname the body writes after titles of one gender
    only ("Mr. Reid", "Ms. Lund", "Mme Dupont"); one written after both is left out."""
    seen: dict[str, set[str]] = {}
    for m in _TITLED.finditer(body):
        if m.start() and body[m.start() - 1].isalnum():
            continue  # "UMr ...": no title
        title, surname = m.groups()
        gender = "f" if "M" + title in _FEMALE_TITLES else "m"
        seen.setdefault(surname, set()).add(gender)
    return {surname: next(iter(g)) for surname, g in seen.items() if len(g) == 1}
