"""A person's gender, so that "she said" is not given to a man: as the body itself shows it
by the titles before their surname ("Mr. Reid", "Ms. Lund", "Mme Dupont"), else by a first
name that nearly all who carry it share one gender of (a table built from nomquamgender's
data by `python -m wiretrace.consolidate.quotes.build_names`); nothing guessed otherwise."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("given_names.tsv.gz")

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


def name_gender(name: str) -> str:
    """ "m", "f" or "" for a full name by its first name ("Joe Manchin": "m")."""
    parts = name.split()
    if len(parts) < 2:
        return ""
    return given_names().get(parts[0].lower(), "")


@cache
def given_names() -> dict[str, str]:
    """The shipped first-name table: name -> "f" or "m" (empty when the file is missing)."""
    if not NAMES_FILE.exists():
        return {}
    with gzip.open(NAMES_FILE, "rt", encoding="utf-8") as lines:
        rows = (line.rstrip("\n").split("\t") for line in lines if not line.startswith("#"))
        return {name: gender for name, gender in rows}
