"""Names: titles cut, a surname alone given its full name, a person told from an organisation."""

from __future__ import annotations

import re
from functools import lru_cache

from wiretrace.consolidate.kernels import NOT_NAMES
from wiretrace.consolidate.quotes.gender import given_names
from wiretrace.consolidate.quotes.words import (
    _FUNCTION,
    _ORG_HEADS,
    _PARTICLES,
    _SUFFIXES,
    _TITLES,
    _WEEKDAYS,
    CUES,
    _person_noun,
    _set,
)


def _capital(word: str) -> bool:
    """The word starts with a capital letter."""
    return word[:1].isupper()


def _possessive(word: str) -> bool:
    """The word ends in a possessive 's."""
    return word.endswith(("’s", "'s", "s’", "s'"))


def _owner_word(word: str) -> str:
    """A possessive word without its ending ("Lund’s": Lund, "Jones’": Jones)."""
    return word[:-2] if word[-2] in "’'" else word[:-1]


def name_of(words: list[str]) -> str:
    """Capitalised words as a name: titles and what comes before them cut, stops dropped,
    words in capitals beside others in title case ("VLADIMIR Putin" -> "Vladimir Putin");
    remembered (names recur)."""
    return _name_of(tuple(words))


@lru_cache(maxsize=1 << 16)
def _name_of(given: tuple[str, ...]) -> str:
    """`name_of`'s work."""
    words = _unglued(list(given))
    if "/" in "".join(words):  # "Ann Lee/AFP Bob Ray": a photo's credit before the name
        slash = max(k for k, word in enumerate(words) if "/" in word)
        words = words[slash + 1 :] or words
        while len(words) > 1 and words[0] in _CREDITS:
            words = words[1:]  # "Ann Lee/Getty Images Bob Ray"
    cut = 0
    for k in range(len(words)):
        if _title_at(words, k):
            cut = k + 1
    for k, word in enumerate(words[:-2]):  # "Democrat Ann Lee", not "Republican Party"
        if word in _PARTIES and _ORG_HEADS.isdisjoint(w.lower() for w in words[k + 1 :]):
            cut = max(cut, k + 1)
    if cut < len(words) and cut and all(w.lower() in _ORG_HEADS for w in words[cut:]):
        cut = 0  # "Justice Department": a title's word naming a body, not a person's title
    words = _unglued(words[cut:]) if cut else words  # "Whip John Thune John Randolph ThuneGOP"
    while len(words) > 1 and words[0].lower() in _OPENERS:
        words = words[1:]  # "Even Ann Lee", "Close Ann Lee" (a video's button): no part of it
    office = cut > 0 and bool(words) and words[0] == "of"  # "Secretary of State ..."
    while words and (words[0] in ("of", "the", "and") or words[0].rstrip(".") in NOT_NAMES):
        words = words[1:]
        while words and not _capital(words[0]):
            words = words[1:]
    if office:
        words = after_office(words)
    if not words or (len(words) == 1 and _no_name(words[0])):
        return ""  # "So ...", "I’m talking": a sentence's opening word alone names no one
    while len(words) > 1 and (words[-1].rstrip(".") in _SUFFIXES or words[-1] in _WEEKDAYS):
        words = words[:-1]  # "Jr.", and a day after a name ("said Ann Lee Thursday")
    while len(words) > 2 and _initials_before_name(words):
        words = words[1:]  # "UN Nikki Haley" (of "Ambassador to the UN Nikki Haley")
    if len(words) > 2 and _before_first_name(words):
        words = words[1:]  # "Watched Rick Santorum", "State Condoleezza Rice": a word before it
    if not all(map(str.isupper, words)):  # "VLADIMIR Putin"; not "F.B.I." or "NASA" alone
        words = [
            w.capitalize() if w.isupper() and len(w) > 3 and "." not in w else w for w in words
        ]
    return " ".join(_initialled(words))


# words that open a sentence or a label before a name, and are no one's name
_OPENERS = _set(
    "even so what like now though yet is although watch watched close why how where when "
    "while if but and or as because since after before unless then still also only just here "
    "there"
)
# titles that are common surnames too: last after a first name, a surname ("Bernice King")
_SURNAME_TITLES = frozenset({"King", "Bishop", "Judge", "Marshal", "Prince"})
_CREDITS = _set("Images Image Photo Photos Pictures Picture")  # agencies' words after a credit
_PARTIES = frozenset({"Democrat", "Republican", "Democratic", "Conservative", "Labour", "Liberal"})


_GLUED = re.compile(r"[a-z]{3}(?=[A-Z])")  # "TrumpGOP": two words whose space was lost


def _initials_before_name(words: list[str]) -> bool:
    """words[0] is a body's initials before a name: "UN Nikki Haley", and dotted ones before a
    known first name ("F.B.I. Alberto Gonzales", a sentence's end lost after them)."""
    first = words[0]
    if "." not in first:
        return first.isupper() and len(first) <= 4
    letters = first.replace(".", "")
    return letters.isupper() and 2 <= len(letters) <= 4 and words[1].lower() in given_names()


# words that alone are no name; not words._SKIP, whose modals are names too ("Will", "May")
_NOT_ALONE = _set("instead meanwhile however later not was were is are had has have")


def _no_name(word: str) -> bool:
    """A word that alone is no name: one that opens sentences ("So", "Now"), or "I" and its
    contractions ("I’m", "I've")."""
    low = word.lower().replace("’", "'")
    return low in _OPENERS or low in _NOT_ALONE or low == "i" or low.startswith("i'")


def _title_at(words: list[str], k: int) -> bool:
    """words[k] is a title or form of address to cut ("President", "PRESIDENT", "Mr.",
    "President-elect"), not a surname that only a suffix follows ("Martin Luther King Jr.")
    or that ends a name after a known first name ("Bernice King")."""
    bare = words[k].rstrip(".")
    if not (bare in _TITLES or bare.capitalize() in _TITLES or _hyphened_title(bare)):
        return False
    rest = words[k + 1 :]
    if rest:
        return not all(w.rstrip(".,") in _SUFFIXES for w in rest)
    return not (words[k] in _SURNAME_TITLES and words[0].lower() in given_names())


def _hyphened_title(word: str) -> bool:
    """A title joined by hyphens ("President-elect", "Vice-President", "Secretary-General")."""
    parts = word.split("-")
    return len(parts) > 1 and all(
        p.capitalize() in _TITLES or p.lower() in ("elect", "designate", "general") for p in parts
    )


def _unglued(words: list[str]) -> list[str]:
    """A name written twice with its second spelling run into the next word, as a page's link
    text leaves it ("Trump Donald John TrumpGOP", "Susan Collins Susan Margaret CollinsYes"):
    the second spelling, whole ("Donald John Trump"); a name repeated with its spaces kept
    ("Jon Tester Jonathan Tester"), the short one first; any other run as it is
    ("VanderSloot")."""
    for k, word in enumerate(words):
        m = _GLUED.search(word)
        if m is None or not k:
            continue
        left = word[: m.end()]
        if left == words[0]:  # "Trump Donald John Trump|GOP"
            return [*words[1:k], left]
        if words[0] in words[1:k]:  # "Susan Collins Susan Margaret Collins|Yes"
            return [*words[words.index(words[0], 1) : k], left]
        return words
    if len(words) > 2 and len(words[0]) > 2:  # "Jon Tester Jonathan Tester ...", link text
        for k in range(2, min(len(words), 4)):  # with its spaces kept: the short name first
            if words[k] == words[0] or (
                words[k].startswith(words[0]) and words[0].lower() in given_names()
            ):
                return words[:k]
    return words


def _before_first_name(words: list[str]) -> bool:
    """A word of the sentence before a known first name, no name's: a role ("Commentator",
    "Justices"), a word of function, a verb or an adverb ("Since", "Watched", "Initially");
    the name starts at the second word ("Watched Rick Santorum"; not "New York Times")."""
    names = given_names()
    first = words[0].lower()
    if first in names or words[1].lower() not in names or not first.isalpha():
        return False
    return (
        _person_noun(first)
        or _person_noun(first.removesuffix("s"))
        or first in _FUNCTION
        or (len(first) > 4 and first.endswith(("ed", "ly")))
    )


def after_office(words: list[str]) -> list[str]:
    """The name after a title's office ("State John F. Kerry" of "Secretary of State John F.
    Kerry"): where a middle initial shows where the name starts, from the word before it;
    else from the first word that is a known first name."""
    for k in range(2, len(words) - 1):
        if initial(words[k]):
            return words[k - 1 :]
    for k in range(1, len(words) - 1):  # else from a first name ("State Hillary Clinton")
        if words[k].lower() in given_names():
            return words[k:]
    return words


def _initialled(words: list[str]) -> list[str]:
    """A middle initial written with its full stop ("Mark D Herlach", as a cue's words give
    it, is "Mark D. Herlach" as the text writes it): one person, one spelling."""
    if len(words) < 3:
        return words
    last = len(words) - 1
    return [
        f"{w}." if 0 < k < last and len(w) == 1 and initial(w) else w for k, w in enumerate(words)
    ]


def initial(word: str) -> bool:
    """The word is an initial: one capital letter, with or without its full stop."""
    return word[:1].isupper() and word[1:] in ("", ".")


class Names:
    """Full names a body gives, looked up on demand ("Putin" -> "Vladimir Putin")."""

    def __init__(self, body: str) -> None:
        """Nothing looked up yet."""
        self.body = body
        self.known: dict[str, str] = {}

    def full(self, name: str) -> str:
        """The full name a one-word name stands for: the first full name the body gives that
        ends with it, else the first that starts with it ("Kim" -> "Kim Jong Un"), else itself."""
        if " " in name or not name:
            return name
        found = self.known.get(name)
        if found is None:
            found = self._spelled(name) if _ACRONYM.fullmatch(name) else ""
            found = self.known[name] = found or self._lookup(name)
        return found

    def _spelled(self, acronym: str) -> str:
        """The first run of capitalised words the body gives whose initials spell an acronym
        ("GAO" -> "Government Accountability Office"), else ""."""
        for m in _spelling(acronym.replace(".", "")).finditer(self.body):
            if not m.start() or not self.body[m.start() - 1].isalnum():
                return m.group()
        return ""

    def _lookup(self, name: str) -> str:
        """`full`'s search: the full name around the name's first mention outside headlines
        and captions (ending with it, else starting with it: "Kim" -> "Kim Jong Un"), else the
        name itself (a text that first says "President Trump" and later "Melania Trump" means
        no Melania by "Trump"); a headline's mention gives a full name only when it opens
        with a known first name."""
        body, size = self.body, len(name)
        at = body.find(name)
        while at >= 0:
            end = at + size
            if (not at or not body[at - 1].isalnum()) and (
                end == len(body) or not body[end].isalnum()
            ):
                heading = _unstopped_line(body, at)  # a headline's or caption's capitals say
                # little of where a name ends: a full name there must open with a first name
                if _after_capital(body, at):
                    lo = body.rfind("\n", max(0, at - 60), at) + 1 or max(0, at - 60)
                    before = body[lo:at].split()
                    back = _capitals_back(before)
                    run = [*back, name]
                    if len(back) < len(before) and before[-len(back) - 1] == "of":
                        run = after_office(run)  # "of State Hillary Clinton": Hillary Clinton
                    full = _person(run)
                    if full and (not heading or _given(full)):
                        return full
                if body[end : end + 1] == " ":
                    after = _capitals_forward(body[end : end + 60].split())
                    full = _person([name, *after]) if after else ""
                    if full and (not heading or _given(full)):
                        return full
                if not heading:
                    return name
            at = body.find(name, end)
        return name


_ACRONYM = re.compile(r"(?:[A-Z]\.?){3,6}")


@lru_cache(maxsize=4096)
def _spelling(letters: str) -> re.Pattern[str]:
    """Capitalised words with these initials, small linking words between them allowed ("of",
    "and", "for", "on", "the"); a literal first letter lets the search skip fast."""
    link = r"(?:[ \u00a0]+(?:of|and|for|on|the|&))*[ \u00a0]+"
    rest = "".join(link + c + "[a-z]+" for c in letters[1:])
    return re.compile(letters[0] + "[a-z]+" + rest + r"\b")


def _given(name: str) -> bool:
    """A name's first word is a known first name ("Megyn Kelly", not "Behind Boehner")."""
    return name.split()[0].lower() in given_names()


def _unstopped_line(body: str, at: int) -> bool:
    """The line holding body[at] is a headline or caption: at most 20 words and no stop
    ending it ("Lund to port critics: change the rules")."""
    start = body.rfind("\n", 0, at) + 1
    stop = body.find("\n", at)
    line = body[start : stop if stop >= 0 else len(body)].rstrip(" \u00a0\"'’”")
    return len(line.split()) <= 20 and not line.endswith((".", "!", "?", ";", ":"))


def _after_capital(body: str, at: int) -> bool:
    """The word before `at` (one space before it) starts with a capital."""
    if at < 2 or body[at - 1] != " ":
        return False
    k = at - 2
    while k >= 0 and not body[k].isspace():
        k -= 1
    return body[k + 1].isupper()


def _capitals_back(words: list[str]) -> list[str]:
    """The capitalised words that end a list of words (none after a full stop or comma,
    nor a speech verb: "Writes Lund")."""
    k = len(words)
    while (
        k > 0
        and _capital(words[k - 1])
        and words[k - 1][-1].isalnum()
        and words[k - 1].lower() not in CUES
    ):
        k -= 1
    return words[k:]


def _capitals_forward(words: list[str]) -> list[str]:
    """The capitalised words that open a list of words, up to one that ends with punctuation."""
    k = 0
    while k < len(words) and _capital(words[k]):
        k += 1
        if not words[k - 1][-1].isalnum():
            words = [*words[: k - 1], words[k - 1].rstrip('.,;:!?)"”’')]
            break
    return [w for w in words[:k] if w]


def _person(words: list[str]) -> str:
    """The name of `words` (after any possessive, titles cut) when it is a person's, else ""
    (remembered: names recur)."""
    return _person_of(tuple(words))


@lru_cache(maxsize=1 << 16)
def _person_of(given: tuple[str, ...]) -> str:
    """`_person`'s work."""
    words = list(given)
    for k in range(len(words) - 1, -1, -1):
        if _possessive(words[k]):
            words = words[k + 1 :]
            break
    parts = name_of([w for w in words if w not in _PARTICLES]).split()
    if not 2 <= len(parts) <= 4 or not _ORG_HEADS.isdisjoint(map(str.lower, parts)):
        return ""
    if any(len(p) > 1 and p.isalpha() and p.isupper() for p in parts):
        return ""  # "Turning Point USA": an acronym is no part of a person's name
    if not all(_capital(p) or p in _PARTICLES for p in parts):
        return ""  # "Feinstein reportedly objected": words of a clause, not a name
    return " ".join(parts)
