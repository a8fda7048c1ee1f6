"""A person's gender as the body itself shows it, by the titles before their surname ("Mr.
Reid", "Ms. Lund"), so that "she said" is not given to a man: no list of first names, and
nothing guessed where the body uses no such title."""

from __future__ import annotations

_MALE_TITLES = frozenset({"Mr", "Mr.", "M.", "Herr", "Sr.", "Señor"})
_FEMALE_TITLES = frozenset({"Ms", "Ms.", "Mrs", "Mrs.", "Miss", "Mme", "Mme.", "Frau", "Sra."})
_MALE = frozenset({"he", "him", "his", "himself", "il", "er", "él"})
_FEMALE = frozenset({"she", "her", "hers", "herself", "elle", "ella"})


def pronoun_gender(pronoun: str) -> str:
    """ "m", "f" or "" for a pronoun."""
    low = pronoun.lower()
    return "m" if low in _MALE else "f" if low in _FEMALE else ""


def body_gender(body: str, name: str) -> str:
    """ "m" or "f" when the body writes a person's surname after titles of one gender only
    ("Mr. Reid"), else ""."""
    surname = name.split()[-1] if name.split() else ""
    if len(surname) < 2:
        return ""
    male = female = 0
    at = body.find(surname)
    while at >= 0:
        end = at + len(surname)
        if (at == 0 or not body[at - 1].isalnum()) and not body[end : end + 1].isalnum():
            title = body[max(0, at - 6) : at].split()[-1:] or [""]
            male += title[0] in _MALE_TITLES
            female += title[0] in _FEMALE_TITLES
        at = body.find(surname, end)
    if male and not female:
        return "m"
    if female and not male:
        return "f"
    return ""
