"""Speech cues next to a quote and the speaker they name ("X said", "said X", "according to
X", "X, a professor at Y, said", a sentence's subject)."""

from __future__ import annotations

import re

from wiretrace.consolidate.quotes.gender import name_gender
from wiretrace.consolidate.quotes.names import (
    _capital,
    _owner_word,
    _person,
    _possessive,
    after_office,
    name_of,
)
from wiretrace.consolidate.quotes.words import (
    _ACCORDING,
    _ADDRESSED,
    _ARTICLES,
    _AUXILIARIES,
    _DETERMINERS,
    _FUNCTION,
    _INDEFINITE,
    _NOT_EPITHETS,
    _ORG_HEADS,
    _PARTICIPLES,
    _PARTICLES,
    _PARTY_NOUNS,
    _PASSIVE,
    _PERIODS,
    _PRIMARY,
    _PRONOUNS,
    _SKIP,
    _TIMES,
    _TITLES,
    _WORD,
    ACCORDING_WORD,
    AFTER_ONLY,
    CUE_REACH,
    CUE_WORD,
    CUES,
    _person_noun,
    _set,
    cue_bits,
)

MODIFIER_WORDS = 6  # words a phrase after a speaker's noun may run to ("of the April meeting")
_MODIFIER_JOINTS = _set("of for from at with in")


class Speaker:
    """A speaker as found next to a cue: its words, and what kind of mention it is."""

    __slots__ = ("kind", "text")

    def __init__(self, text: str, kind: str) -> None:
        """`kind`: "name", "pronoun", "group" (a common noun phrase) or "subject" (the
        sentence's subject is meant)."""
        self.text = text
        self.kind = kind


def _words_before(text: str) -> list[str]:
    """The words (and clause punctuation) of a stretch of text: `_WORD.findall`, piece by
    piece between white spaces (no word or mark spans one, and a full stop before one ends a
    word as the end of a piece does), a piece of letters and digits alone being one word."""
    words: list[str] = []
    for piece in text.split():
        if piece.isalnum():
            words.append(piece)
        else:
            words += _WORD.findall(piece)
    return words


def _first_words(text: str, count: int) -> list[str]:
    """`_words_before(text)[:count]`, the text split no further than its first words need."""
    words: list[str] = []
    rest = text
    while rest and len(words) < count:
        pieces = rest.split(None, count)
        rest = pieces.pop() if len(pieces) > count else ""
        for piece in pieces:
            if piece.isalnum():
                words.append(piece)
            else:
                words += _WORD.findall(piece)
    return words[:count]


def _np_back(words: list[str], end: int) -> Speaker | None:
    """The noun phrase that ends at words[end - 1] (the subject before a cue), if any."""
    k = end
    if k and (
        words[k - 1] in _TIMES
        or words[k - 1] in _PERIODS
        or words[k - 1] in _DEICTIC
        or words[k - 1].isdigit()
    ):
        k = _before_time(words, end)
    while k > 0 and (words[k - 1].lower() in _SKIP or _adverb(words[k - 1])):
        k -= 1
    if k == 0:
        return None
    if words[k - 1] == ")":  # "Chuck Schumer (D., N.Y.) said": the name before the brackets
        while k > 0 and words[k - 1] != "(":
            k -= 1
        return _np_back(words, k - 1) if k > 1 else None
    word = words[k - 1]
    low = word.lower()
    if word in ("who", "which") and k > 1:  # "X, who said", "the office, which says": the
        # phrase the clause hangs on (not "WHO")
        return _np_back(words, k - 2 if words[k - 2] == "," else k - 1)
    if low in _PRONOUNS:
        return Speaker(low, "pronoun")
    if low in ("and", "but", "or", "then"):
        return Speaker("", "subject")
    if word == ",":  # "X, a professor at Y, said": the name before the apposition
        return _before_apposition(words, k - 1)
    modified = _modified_back(words, k)
    if modified is not None:
        return modified
    if _capital(word):
        return _name_back(words, k)
    if _common(word):
        return _group_back(words, k)
    return None


def _adverb(word: str) -> bool:
    """A word in lower case ending in -ly ("X reportedly said"); "Kelly said" is a name, "the
    family said" a noun."""
    return word.endswith("ly") and word.islower() and word not in _LY_NOUNS


_LY_NOUNS = _set("ally family rally assembly supply monopoly anomaly bully belly folly homily")


def _common(word: str) -> bool:
    """A word of letters, hyphens joining them ("ex-boyfriend")."""
    return word.replace("-", "").isalpha()


def _speaking_head(head: str) -> bool:
    """A noun that can speak for itself with a phrase after it: a person by role ("a
    spokeswoman for"), a text or source ("the minutes of"), a body, or a plural ("members of")."""
    return (
        _person_noun(head)
        or head in _NOT_EPITHETS
        or head in _ORG_HEADS
        or head in _ROLE_HEADS
        or (head.endswith("s") and len(head) > 3)
    )


_ROLE_HEADS = _set("head chief")  # "the head of the agency"


def _indefinite(words: list[str], at: int) -> bool:
    """words[at] is "one" or "another" opening a noun phrase ("As one official said"), not a
    preposition's ("at one point")."""
    if words[at].lower() not in _INDEFINITE:
        return False
    return at == 0 or words[at - 1].lower() not in _FUNCTION or words[at - 1].lower() == "as"


def _modified_back(words: list[str], end: int) -> Speaker | None:
    """A common noun with an article and a phrase after it ending at words[end - 1] ("the
    minutes of the April meeting", "a spokeswoman for the Harbour Authority"): the speaker is
    the noun the phrase hangs on, described as the text does."""
    for k in range(end - 2, max(end - MODIFIER_WORDS - 2, 0), -1):
        word = words[k]
        if word in ",;:()—–" or word.lower() in _PRONOUNS:
            return None
        if word.lower() not in _MODIFIER_JOINTS:
            continue
        head = words[k - 1]
        if _capital(head) or not _common(head) or not _speaking_head(head.lower()):
            return None
        if not _FUNCTION.isdisjoint(w.lower() for w in words[k + 1 : end]):
            return None  # "the effects of yanking subsidies in these": no noun phrase
        if words[end - 1].lower() in _DETERMINERS:
            return None
        start = k - 1
        while start > 0 and k - start < 4 and _common(words[start - 1]):
            before = words[start - 1].lower()
            if before in _DETERMINERS or _indefinite(words, start - 1):
                return Speaker(" ".join(words[start - 1 : end]), "group")
            if _capital(words[start - 1]) or before in _FUNCTION:
                return None
            start -= 1
        return None
    return None


def _before_time(words: list[str], end: int) -> int:
    """Where a time phrase ending at words[end - 1] starts ("on Tuesday", "on March 27",
    "last week", "yesterday": "X on Tuesday said"), else `end`."""
    if end and words[end - 1] in _DEICTIC:
        return end - 1
    k = end
    while k > 0 and (words[k - 1] in _TIMES or words[k - 1].isdigit()):
        k -= 1
    if k < end and words[k - 1 : k] == ["on"]:
        return k - 1
    if k == end and k > 1 and words[k - 1] in _PERIODS and words[k - 2] in ("last", "this"):
        return k - 2
    return end


_DEICTIC = _set("yesterday today tonight")  # days named from the writer's own


def _name_back(words: list[str], end: int) -> Speaker | None:
    """The run of capitalised words ending at words[end - 1], as a name."""
    k = end
    while k > 0 and (
        (_capital(words[k - 1]) and not _possessive(words[k - 1]) and words[k - 1] not in ",;:")
        or (words[k - 1] in _PARTICLES and k - 1 > 0 and _capital(words[k - 2]))
    ):
        k -= 1
    run = words[k:end]
    j = k - 1 if k > 0 and words[k - 1] == "the" else k
    if j > 1 and words[j - 1] == "of" and _capital(words[j - 2]):
        person = _name_back(words, j - 1)  # "Philip Shen of Roth Capital Partners said"
        if person is not None and (
            _organisation(run, j < k) or _titled_run(words, j - 1) or name_gender(person.text)
        ):
            return person  # "Rep. Ann Lee of Ohio said": the titled person, not the place
    if j > 1 and words[j - 1] in ("to", "of", "for") and _office_before(words[j - 2]):
        run = after_office(run)  # "envoy to Ukraine Kurt Volker", "Secretary of State Ann Lee"
    name = name_of(run)
    party = j < k and run[-1].lower() in _PARTY_NOUNS  # "the New York Democrat said": a role
    if (party or not name) and j < k and (party or run[-1].rstrip(".") in _TITLES):
        return Speaker(f"the {' '.join(run)}", "group")  # "the Ohio Democrat said": a role
    return Speaker(name, "name") if name else None


def _officer(words: list[str]) -> str:
    """The person a title with its office names when they are all the words ("Secretary of
    State Ann Lee"), else ""."""
    if "of" not in words or words[0].rstrip(".") not in _TITLES:
        return ""
    return _person(words) if all(_capital(w) or w in ("of", "the") for w in words) else ""


def _office_before(word: str) -> bool:
    """A title or a word in lower case before "to"/"of"/"for" and a run of capitals ("envoy to
    Ukraine Kurt Volker", "Secretary of State Ann Lee"): the run may open with a place."""
    return word.rstrip(".") in _TITLES or word.islower()


def _titled_surname(words: list[str]) -> str:
    """A surname after a title ("Mr. Cruz", "Sen. Lee"), else ""."""
    return name_of(words) if len(words) == 2 and words[0].rstrip(".") in _TITLES else ""


def _titled_run(words: list[str], end: int) -> bool:
    """The run of capitalised words ending at words[end - 1] holds a title ("Rep. Ann Lee")."""
    k = end
    while k > 0 and _capital(words[k - 1]):
        k -= 1
        if words[k].rstrip(".") in _TITLES:
            return True
    return False


def _organisation(words: list[str], definite: bool) -> bool:
    """Capitalised words name an organisation: "the ..." or one of its words is an
    organisation's ("Partners", "Institution")."""
    return definite or not _ORG_HEADS.isdisjoint(map(str.lower, words))


def _group_back(words: list[str], end: int) -> Speaker | None:
    """A common noun phrase ending at words[end - 1] ("the ministry", "police", "Yoon’s
    office"), as a speaker."""
    k = end - 1
    head = words[k].lower()
    if head in _DETERMINERS or head in _FUNCTION:
        return None  # "a notice that said", "argued that the figures": no noun heads it
    while k > 0 and end - k < 5:
        prev = words[k - 1]
        if prev.lower() in _DETERMINERS or _indefinite(words, k - 1):
            return Speaker(" ".join(words[k - 1 : end]), "group")
        if _possessive(prev):
            return Speaker(_possessive_phrase(words, k, end), "group")
        if not prev.isalpha() and not _capital(prev):
            break
        k -= 1
    while k < end - 1 and words[k].lower() in _FUNCTION:
        k += 1  # "two-thirds of voters said", "as pundits told me": the voters, the pundits
    if head in _SPANS:
        return None  # "10 days later said": a time, no one
    if head in _ORG_HEADS or (head.endswith("s") and len(head) > 3):
        return Speaker(" ".join(words[k:end]), "group")
    return None


_SPANS = _set("seconds minutes hours days weeks months years decades")


def _possessive_phrase(words: list[str], at: int, end: int) -> str:
    """The phrase "Owner’s noun" whose possessive word is words[at - 1], owner's title cut."""
    k = at - 1
    while k > 0 and _capital(words[k - 1]) and not _possessive(words[k - 1]):
        k -= 1
    owner = name_of(words[k:at]) or words[at - 1]
    return " ".join([owner, *words[at:end]])


def _before_apposition(words: list[str], comma: int) -> Speaker | None:
    """The name of "X, a professor at Y," or "Minister of Z, X," that ends at the comma
    words[comma]: the person named before the clause's first comma, else the segment before
    the comma when it is a person's name, else the name before that segment."""
    first = words.index(",") if "," in words[:comma] else -1
    if 0 < first < comma and _capital(words[first - 1]):
        named = _name_back(words, first)
        if named is not None and _person(named.text.split()):
            return named
    for k in range(comma - 1, max(comma - 25, 0), -1):
        if words[k] == ",":
            segment = words[k + 1 : comma]
            if all(_capital(w) or w in _PARTICLES for w in segment) and _person(segment):
                return _name_back(words, comma)
            if k > 0 and _capital(words[k - 1]):
                return _name_back(words, k)
            return _named_body(segment)
    return None


def _named_body(segment: list[str]) -> Speaker | None:
    """The body an apposition names ("the port operator, the Coastal Harbour Board (CHB),
    said"): "the" and capitalised words (with "of", "and"), a bracketed short form aside."""
    if "(" in segment:
        segment = segment[: segment.index("(")]
    if len(segment) < 3 or segment[0] != "the":
        return None
    if not all(_capital(w) or w in ("of", "and", "for") for w in segment[1:]):
        return None
    if any(map(_possessive, segment)):  # "the Association’s Chad Moutray": its person
        named = _person(segment[1:])
        return Speaker(named, "name") if named else None
    return Speaker(" ".join(segment[1:]), "name") if _capital(segment[-1]) else None


def _np_forward(words: list[str]) -> Speaker | None:
    """The noun phrase right after an inverted cue ("said Leif-Eric Easley, a professor",
    "said coach Lena Moravec", "said the ministry")."""
    if not words:
        return None
    if words[0].lower() in _PRONOUNS:
        return Speaker(words[0].lower(), "pronoun")
    if words[0] == "that":
        return None  # "stated that there was “...”": a clause, not who stated it
    indefinite = words[0] in _INDEFINITE  # "said one U.S. official", not "said one of them"
    if words[0] in _DETERMINERS or (indefinite and words[1:2] != ["of"]):
        return _described_forward(words, indefinite)
    first = 0  # a role in lower case before the name ("coach", "la ministre")
    while first < min(3, len(words)) and words[first].isalpha() and words[first].islower():
        if words[first] in _FUNCTION:
            return None
        first += 1
    k, n = first, len(words)
    while k < n and (
        _capital(words[k])
        or (words[k] in _PARTICLES and k + 1 < n)
        or (words[k] == "and" and _titled_pair(words, k))  # "Director and Founder X"
    ):
        k += 1
        if _possessive(words[k - 1]):
            break
    if k > first and _possessive(words[k - 1]):
        owned = _owned_person(words, k)  # "said the Gazette’s Ann Lee", "Lund's aide, Ann Lee"
        if owned:
            return Speaker(owned, "name")
    if k > first:
        named = _role_then_person(words, k) or _office_holder(words, k)
        if named is not None:  # "said former F.B.I. agent Ann Lee", "said Bush aide Ann Lee":
            return named  # the person after the role
        if _possessive(words[k - 1]):  # "according to Lund’s sources": Lund's, said as Lund
            words = [*words[first : k - 1], _owner_word(words[k - 1])]
            first = 0
            k = len(words)
        name = name_of(words[first:k])
        return Speaker(name, "name") if name else None
    return None


def _described_forward(words: list[str], indefinite: bool) -> Speaker | None:
    """The speaker an inverted cue describes from its determiner at words[0] ("said the
    ministry", "said one U.S. official"), or the person that description names ("said the
    city spokesman, the Rev. Ann Lee", "according to a statement from Rear Adm. Ann Lee")."""
    titled = _person(words[1 : _capitals_end(words, 1)]) if len(words) > 2 else ""
    if titled and words[1].rstrip(".") in _TITLES:  # "said the Rev. Ann Lee"
        return Speaker(titled, "name")
    k = 1
    while k < len(words) and k < 5 and _phrase_word(words[k]) and words[k].lower() not in CUES:
        if words[k] in _RELATIVES or _adverb(words[k]):
            break  # "an official who ...", "one aide directly involved"
        if indefinite and _clause_word(words[k : k + 1]):
            break  # "one official at the ministry": the official
        k += 1
        if words[k - 1].lower() in _ORG_HEADS and not (k < len(words) and _capital(words[k])):
            break  # "the ministry", but "one House Democrat"
    while k > 2 and words[k - 1].lower() in _FUNCTION:
        k -= 1  # "a top Trump ally in Ohio": no phrase ends with "in"
    named = _apposed_person(words, k) if k > 1 else ""
    issued = words.index("from") if "from" in words[2:4] else 0
    if not named and issued and words[issued - 1] in _STATEMENTS:
        named = _person(words[issued + 1 : _capitals_end(words, issued + 1)])  # "a letter
        # from Rear Adm. Ann Lee": hers (a body's name is no person's: the phrase stays)
    if named:  # "said the city spokesman, the Rev. Ann Lee": the person it names
        return Speaker(named, "name")
    return Speaker(" ".join(words[:k]), "group") if k > 1 else None


_RELATIVES = _set("who whom whose which that")
_STATEMENTS = _set("statement release letter")  # issued by whom "from" names


def _apposed_person(words: list[str], k: int) -> str:
    """The person named in an apposition after a described speaker ending at words[k - 1]
    (", the Rev. Ann Lee", ", Ann Lee"), else ""."""
    if words[k : k + 1] != [","]:
        return ""
    j = k + 2 if words[k + 1 : k + 2] == ["the"] else k + 1
    return _person(words[j : _capitals_end(words, j)]) if j < len(words) else ""


def _owned_person(words: list[str], k: int) -> str:
    """The person named after an owner's possessive at words[k - 1], straight after it or
    after its role and a comma ("the Gazette’s Ann Lee", "Lund's communications director,
    Ann Lee"), else ""."""
    j = _role_end(words, k, 4)
    if j < 0:
        return ""
    if j > k and words[j : j + 1] == [","]:
        j += 1
    elif j > k:
        return ""
    if j >= len(words) or not _capital(words[j]):
        return ""
    return _person(words[j : _capitals_end(words, j)])


def _role_end(words: list[str], k: int, most: int) -> int:
    """Where up to `most` role words in lower case from words[k] end ("communications
    director"), or -1 when a word of function, a cue or a determiner stands among them."""
    j = k
    while j < min(k + most, len(words)) and words[j].isalpha() and words[j].islower():
        if words[j] == "and" and k < j < len(words) - 1 and _role_word(words[j + 1]):
            j += 1  # "member and delegate Ann Lee": two roles of one person
            continue
        if words[j] in _FUNCTION or words[j] in CUES or words[j] in _DETERMINERS:
            return -1
        j += 1
    return j


def _capitals_end(words: list[str], k: int) -> int:
    """Where the run of capitalised words from words[k] ends (particles inside it kept)."""
    while k < len(words) and (
        _capital(words[k]) or (words[k] in _PARTICLES and k + 1 < len(words))
    ):
        if _possessive(words[k]):
            return k
        k += 1
    return k


def _role_then_person(words: list[str], k: int) -> Speaker | None:
    """The person named after up to three role words in lower case from words[k] ("agent Ann
    Lee" of "said F.B.I. agent Ann Lee"), else None."""
    j = _role_end(words, k, 3)
    if j < 0:
        return None
    end = j
    while end < len(words) and (_capital(words[end]) or words[end] in _PARTICLES):
        end += 1
    person = _person(words[j:end]) if k < j < end else ""
    return Speaker(person, "name") if person else None


def _office_holder(words: list[str], k: int) -> Speaker | None:
    """The person named after a role and its office from words[k] ("ambassador to Syria
    Robert Ford" of "said former U.S. ambassador to Syria Robert Ford"), else None."""
    j = k
    while j < min(k + 3, len(words)) and _role_word(words[j]) and words[j] not in CUES:
        j += 1
    if j == k or j + 1 >= len(words) or words[j] not in ("to", "of", "for"):
        return None
    run = words[j + 1 : _capitals_end(words, j + 1)]
    named = after_office(run)
    person = _person(named) if len(named) < len(run) else ""
    return Speaker(person, "name") if person else None


def _phrase_word(word: str) -> bool:
    """A word of a noun phrase after its determiner: letters, or a number ("the 31-page
    report")."""
    return word.isalpha() or word.replace("-", "").replace(".", "").isalnum()  # "U.S"


def _titled_pair(words: list[str], k: int) -> bool:
    """words[k] ("and") joins two titles before a name: "President and CEO Ann Lee"."""
    return 0 < k < len(words) - 1 and words[k - 1] in _TITLES and _capital(words[k + 1])


_NOT_SPEECH_AFTER = _set("for on off in up upon out")  # "called for", "calls on"


def _last_cue(words: list[str]) -> int:
    """Index of the last of the plainest cue words, else of the last cue word that may stand
    before a quote, -1 when none (`_cue_index` from the end, plainest first, in one pass)."""
    if not _PRIMARY.isdisjoint(words):  # a set test first: most sentences hold no cue word
        for k in range(len(words) - 1, -1, -1):
            if words[k] in _PRIMARY:
                return k
    if _BEFORE_CUES.isdisjoint(words):
        return -1
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        if word in _BEFORE_CUES and not _no_cue_here(words, k):
            return k
    return -1


_BEFORE_CUES = CUES - AFTER_ONLY  # the cue words that may stand before a quote


def _cue_index(words: list[str], last: bool, primary: bool = False) -> int:
    """Index of the last (else first) cue word among `words` (only the plainest ones with
    `primary`), -1 when none."""
    order = range(len(words) - 1, -1, -1) if last else range(len(words))
    cues = _PRIMARY if primary else CUES
    for k in order:
        word = words[k]  # in lower case only: "States" of "United States" is no cue
        if word in cues and not _no_cue_here(words, k):
            return k
    return -1


def _no_cue_here(words: list[str], k: int) -> bool:
    """The cue word words[k] says nothing here: "called for", "calls on", or a noun after a
    determiner ("calling the reports “...”", "the reports said")."""
    if words[k].startswith("call") and k + 1 < len(words) and words[k + 1] in _NOT_SPEECH_AFTER:
        return True
    return k > 0 and words[k - 1] in _DETERMINERS


def _after_cue(after: str) -> tuple[Speaker | None, str | None]:
    """Speaker and cue in the words right after a quote: ", X said", ", said X", "according
    to X", ", X, a professor at Y, said"."""
    if after.lstrip(" \u00a0")[:1] == ";":
        return None, None  # '“...”; Ann Lee says, “...”': a clause of its own, the next quote's
    stripped = after.lstrip(" ,;:—–-\u00a0")
    if "." in stripped:  # '" said Perry.Turning to ...': paragraphs run together, cut there
        run_on = _RUN_ON.search(stripped, 0, AFTER_CHARS)
        stripped = stripped[: run_on.start() + 1] if run_on else stripped[:AFTER_CHARS]
    if after.lstrip(" \u00a0")[:1] in ("—", "–") or after.lstrip()[:2] == "--":
        dashed = _words_before(stripped)[:6]  # '“...” — Rep. Ilhan Omar': a signature
        if "," in dashed:
            dashed = dashed[: dashed.index(",")]
        end = len(dashed)  # the name ends the signature: "Port director Ola Nygaard"
        while end and not _capital(dashed[end - 1]):
            end -= 1
        named = _name_back(dashed, end) if end else None
        if named is not None:
            return named, "—"
    m = _ACCORDING.match(stripped)
    if m:
        return _np_forward(_words_before(stripped[m.end() :])[:8]), m.group().strip()
    words = _words_before(stripped)[:30]
    if not words:
        return None, None
    if words[0].lower() in CUES:
        return _np_forward(words[1:]), words[0]
    if len(words) > 1 and words[0] in _AUXILIARIES and words[1].lower() in CUES:
        return _np_forward(words[2:]), words[1]  # "a déclaré X", "hat gesagt X"
    k = _cue_index(words, last=False)
    if k <= 0:
        return None, None
    if words[0].islower() and "," in words[1:4] and k > words.index(",") + 1:
        cut = words.index(",") + 1  # '“...” for automakers, Ann Lee, an analyst, said'
        if _capital(words[cut]):
            words, k = words[cut:], k - cut
    cited = _cited(words, k - 1) if words[k].lower() in _PARTICIPLES else None
    if cited is not None:  # '“...,” Trump quoted Ann Lee as saying': hers
        return cited, words[k]
    if "," not in words[:k]:
        office = _officer(words[:k])
        if office:  # '“...,” Secretary of State Ann Lee said'
            return Speaker(office, "name"), words[k]
        pair = _pair_of_names(words[:k])
        if pair is not None:  # "Jacobs and Thomsen wrote": both
            return pair, words[k]
        placed = _person_of_place(words[:k])  # "X of the Center for Y at Z told", "X of Ohio"
        if placed is not None or k > 8:
            return (placed, words[k]) if placed is not None else (None, None)
        speaker = _np_back(words, k)
        if speaker is None or speaker.kind == "subject" or _clause_word(_ahead(words, k, speaker)):
            return None, None  # "..., while the network’s analyst X declared": another clause
        return speaker, words[k]
    comma = words.index(",")
    if (
        words[k - 1] != ","
        and _capital(words[0])
        and (words[comma + 1].lower() in _ARTICLES or words[k - 1].lower() in _PARTY_NOUNS)
        and "," not in words[comma + 1 : k]
    ):  # "Dean Boyd, a Justice Department spokesman told", "Mr. Lee, Ohio Republican said":
        # the apposition's closing comma left out
        first = _person(words[:comma]) or _titled_surname(words[:comma])
        if first:
            return Speaker(first, "name"), words[k]
    if words[k - 1] == "," and _capital(words[0]):  # "X, a professor at Y, said"
        first = _person(words[: words.index(",")])
        if first:
            return Speaker(first, "name"), words[k]
        return _before_apposition([",", *words], k), words[k]
    if len(words) - k <= 5:  # "... in the region, X, a fellow at Y, told AFP."
        speaker = _np_back(words, k)
        if speaker is not None and speaker.kind != "subject":
            return speaker, words[k]
    return None, None


def _pair_of_names(words: list[str]) -> Speaker | None:
    """Two names joined by "and" that are all the words before a cue ("Jacobs and Thomsen",
    "Sen. Ann Lee and Rep. Per Dahl"), as one speaker; the person an office's name with an
    "and" in it ends with; else None."""
    if words.count("and") != 1:
        return None
    at = words.index("and")
    first, second = words[:at], words[at + 1 :]
    if not first or not second or not all(map(_capital, first + second)):
        return None
    if any(map(_possessive, first + second)):
        return None  # "Faith and Freedom Coalition’s Ralph Reed"
    a, b = name_of(first), name_of(second)
    if a and b and _titled(first, a) and _titled(second, b):
        return Speaker(f"{a} and {b}", "group")
    if any(w.rstrip(".") in _TITLES for w in first):
        return None  # "Defense Secretary Ann Lee and Army Secretary Per Dahl": two people
    titled = any(w.rstrip(".") in _TITLES for w in second[1:])
    if titled and b and _person(b.split()) == b and second[-len(b.split()) :] == b.split():
        return Speaker(b, "name")  # "Health and Human Services Secretary Alex Azar": the
    return None  # person after one office's name


def _titled(words: list[str], name: str) -> bool:
    """The words are the name with titles alone before it ("Sen. Ann Lee"), not an office
    or a body's words ("Human Services Secretary Ann Lee")."""
    own = name.split()
    if words[len(words) - len(own) :] != own:
        return False
    return all(w.rstrip(".") in _TITLES for w in words[: len(words) - len(own)])


def _ahead(words: list[str], k: int, speaker: Speaker) -> list[str]:
    """The words before a described speaker given word for word right before words[k] ("the
    minutes of the meeting": its own "of" opens no clause), else all the words before it."""
    own = speaker.text.split()
    described = own[0].lower() in _ARTICLES
    return words[: k - len(own)] if described and words[k - len(own) : k] == own else words[:k]


def _person_of_place(words: list[str]) -> Speaker | None:
    """The person a long subject opens with when a place of work follows the name ("Ann Lee
    of the Center for ... at the University of ... told"), else None."""
    k = 0
    while k < len(words) and (_capital(words[k]) or words[k] in _PARTICLES):
        k += 1
    if k >= len(words) or words[k] not in ("of", "at", "from"):
        return None
    plain = [w for w in words[k:] if not (_capital(w) or w in _PLACE_LINKS or w == "the")]
    if len(plain) > 2 or not all(_role_word(w) for w in plain):
        return None  # another clause between the name and the cue ("the think tank": a role)
    person = _person(words[:k])
    return Speaker(person, "name") if person else None


_PLACE_LINKS = frozenset({"of", "at", "from", "for", "and"})


AFTER_CHARS = 400  # characters after a quote read for its cue: its first 30 words and more
_RUN_ON = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")  # "said.Turning": a lost paragraph break


def _clause_word(words: list[str]) -> bool:
    """Some word opens another clause ("while", "as", "when", "and")."""
    return not _FUNCTION.isdisjoint(words)


def _verbed(word: str) -> bool:
    """A verb in the past tense by its form ("echoed", "fretted"): any speech verb the cue
    list lacks, when a name stands right before it."""
    return len(word) > 4 and word.endswith("ed") and word.isalpha() and word.islower()


def _verbed_after(words: list[str]) -> tuple[Speaker | None, str | None]:
    """'”, ABC’s Jonathan Karl echoed.': a name and a past-tense verb ending a short sentence."""
    for k in range(1, min(len(words), 7)):
        if _verbed(words[k]) and words[k - 1].lower() not in _PASSIVE:
            closed = k + 1 < len(words) and words[k + 1] == ","  # "X objected, before ..."
            if (len(words) - k > 7 and not closed) or _clause_word(words[:k]):
                return None, None
            speaker = _np_back(words, k)
            if speaker is not None and speaker.kind in ("name", "pronoun"):
                return speaker, words[k]
            return None, None
    return None, None


def _verbed_before(words: list[str]) -> tuple[Speaker | None, str | None]:
    """'X observed that “...': the last past-tense verb right after a name, close to the quote."""
    for k in range(len(words) - 1, max(len(words) - CUE_REACH - 1, 0), -1):
        if _verbed(words[k]) and words[k - 1].lower() not in _PASSIVE:
            speaker = _np_back(words, k)
            if speaker is not None and speaker.kind in ("name", "pronoun"):
                return speaker, words[k]
    return None, None


_NONE: tuple[Speaker | None, str | None] = (None, None)


def _before_found(sentence: str, bits: int) -> tuple[Speaker | None, str | None]:
    """`_before_cue` where some word of the sentence may be a cue (`bits`: its `cue_bits`,
    as the scan found them), else nothing."""
    if not bits & CUE_WORD:
        return _NONE
    return _before_cue(sentence, bool(bits & ACCORDING_WORD))


def _before_cue(before: str, according: bool | None = None) -> tuple[Speaker | None, str | None]:
    """Speaker and cue before a quote in its sentence: "X said", "X told AFP that", "according
    to X," (`according`: whether a word opens "according to" or its kin, when known)."""
    m = None
    if "." in before:  # "... in a letter.Williams told Politico, “": paragraphs run together
        breaks = [b.end() for b in _RUN_ON.finditer(before)]
        before = before[breaks[-1] :] if breaks else before
    if according is None:
        according = bool(cue_bits(before) & ACCORDING_WORD)
    if according:
        for m in _ACCORDING.finditer(before):  # noqa: B007 (the last one is wanted)
            pass
    words = _words_before(before)
    k = _last_cue(words)
    if m is not None:
        rest = _words_before(before[m.end() :])
        if k < 0 or len(rest) < len(words) - k:
            return _np_forward(rest[:8]), m.group().strip()
    if k < 0:
        return None, None
    cue = words[k]
    if cue.lower() in _PARTICIPLES:  # "Pence saying", else the clause's subject
        cited = _cited(words, k - 1)
        if cited is not None:  # "Tass quoted X as saying": X, not Tass
            return cited, cue
        named = _np_back(words, k) if k and words[k - 1] != "," else None
        if named is None and k > 2 and words[k - 1] == "," and words[k - 2] in CUES:
            named = _np_back(words, k - 2)  # "X said, adding that “...”": X
        return (named if named and named.kind == "name" else Speaker("", "subject")), cue
    if (
        k
        and words[k - 1].lower() in _PASSIVE
        and (cue.endswith("ed") or cue == "told")
        and cue not in _CITING
    ):
        return None, None  # "what were described as “...”": someone else's words of them
    speaker = _np_back(words, _past_according(words, k))
    if speaker is None and 0 < len(words) - k - 1 <= 4 and cue.lower() not in _ADDRESSED:
        speaker = _np_forward(words[k + 1 :])  # inverted before a quote: "said coach X:"
    return speaker, cue


def _past_according(words: list[str], k: int) -> int:
    """Where the subject of the cue words[k] ends: before an "according to X" standing
    between them ("Lund, who according to the Gazette wrote"), else at the cue."""
    if k and words[k - 1] in ("who", "which", "that"):
        return k  # "according to an aide who said": the aide
    for j in range(k - 2, max(k - CITED_WORDS, 0), -1):
        if words[j].lower() == "according" and words[j + 1].lower() == "to":
            return j if "," not in words[j:k] else k
    return k


def _cited(words: list[str], at: int) -> Speaker | None:
    """The one a citing verb gives as the speaker when words[at] is the "as" of "quoted X
    as saying" ("cited", "quoting"), else None; not "quoted by/in X as saying"."""
    if at < 2 or words[at] != "as":
        return None
    for k in range(at - 1, max(at - CITED_WORDS, 0) - 1, -1):
        if words[k].lower() in _CITING:
            between = words[k + 1 : at]
            if not between or between[0].lower() in ("by", "in"):
                return None
            cited = _np_back(between, len(between))
            return cited if cited is not None and cited.kind != "subject" else None
    return None


CITED_WORDS = 10  # words a cited speaker's phrase may run to between its verb and "as"
_CITING = _set("quote quotes quoted quoting cite cites cited citing")


def _subject(sentence: str) -> Speaker | None:
    """The subject the last clause of a sentence opens with (after ", and", ", but", ";"),
    else the sentence's; an opening phrase such as "During the debate," passed over."""
    clause = sentence
    for joint in (", and ", ", but ", "; "):
        at = clause.rfind(joint)
        if at >= 0:
            clause = clause[at + len(joint) :]
    return _opening_subject(clause) or (_opening_subject(sentence) if clause != sentence else None)


_JOINING = _set("but and yet so or")  # a sentence opening "But X ..." has X for subject


def _past_opening(words: list[str], k: int) -> int:
    """Past the rest of an opening phrase from words[k]: a place's region ("In Lund, Norway,
    ...") and a further phrase of time or place ("..., on Monday night, X said")."""
    while k < len(words):
        end = k
        while end < len(words) and _capital(words[end]):
            end += 1
        if k < end < len(words) and words[end] == "," and end - k <= 3 and _place_then(words, end):
            k = end + 1  # "Michigan," after "Grand Rapids,"
            continue
        if words[k].lower() in _FUNCTION and "," in words[k : k + 6]:
            k = words.index(",", k) + 1  # "on Monday night,"
            continue
        return k
    return k


def _place_then(words: list[str], comma: int) -> bool:
    """What follows a capitalised run and its comma goes on the opening phrase or names
    the subject: a word of time or place ("on"), or another capitalised word."""
    nxt = words[comma + 1] if comma + 1 < len(words) else ""
    return nxt.lower() in _FUNCTION or _capital(nxt)


def _role_word(word: str) -> bool:
    """A word in lower case that may open a role before a name ("former", "columnist"), not
    a verb whose next name is its listener ("told CNN")."""
    low = word.lower()
    return (
        word.isalpha()
        and word.islower()
        and low not in _FUNCTION
        and low not in _DETERMINERS
        and low not in _ADDRESSED
    )


def _person_beyond(words: list[str], k: int, end: int) -> Speaker | None:
    """The person a capitalised run words[k:end] opening a sentence leads to: after an
    office's name with an "and" in it ("Former Health and Human Services Secretary Ann Lee
    suggested"), or after a role in lower case ("Oklahoma state Rep. Ann Lee said")."""
    if end > k and words[end : end + 1] == ["and"]:
        further = end + 1
        while further < len(words) and _capital(words[further]):
            further += 1
        joined = _pair_of_names(words[k:further]) if further > end + 1 else None
        if joined is not None and joined.kind == "name":
            return joined
    if k < end < len(words) and _role_word(words[end]):
        return _role_then_person(words, end)
    return None


def _sentence_adverb(word: str) -> bool:
    """A word that opens a sentence as a comment on it ("Meanwhile,", "Separately,")."""
    low = word.lower()
    return low in _SENTENCE_ADVERBS or (low.endswith("ly") and word[1:].islower() and len(low) > 4)


_SENTENCE_ADVERBS = _set(
    "meanwhile however still instead later earlier now also yet then moreover furthermore "
    "indeed nevertheless nonetheless afterward afterwards overall finally again thus today "
    "yesterday tonight first second third"
)


def _participle(word: str, after: str = "") -> bool:
    """A capitalised -ing or -ed word opening a sentence: a participle phrase ("Speaking on
    Monday, X", "Asked about it, X"), not its subject; an -ed word only before a word in lower
    case (`after`: "Retired Colonel X" is X)."""
    if len(word) <= 4 or not word[:1].isupper() or not word[1:].islower():
        return False
    return word.endswith("ing") or (word.endswith("ed") and after[:1].islower())


def _opening_subject(sentence: str) -> Speaker | None:
    """The name or pronoun a sentence or clause opens with."""
    words = _first_words(sentence, 16)
    k = 0
    second = words[1] if len(words) > 1 else ""
    if (
        words
        and words[0].lower() in _JOINING
        and (_capital(second) or second in _PRONOUNS)
        and second != "I"
    ):
        k = 1  # "But Sam Wang, head of ..., ran", "But he declined": after the conjunction
    elif (
        words and (words[0].lower() in _FUNCTION or _participle(words[0], second)) and "," in words
    ):
        k = words.index(",") + 1  # "During the debate, X ...", "Speaking on Monday, X ..."
        k = _past_opening(words, k)
    elif second == "," and _sentence_adverb(words[0]):
        k = _past_opening(words, 2)  # "Meanwhile, X ...", "Separately, X ..."
    while k < len(words) and words[k] in ",;:()—–":
        k += 1
    if k < len(words) and words[k].lower() in _PRONOUNS:
        return Speaker(words[k].lower(), "pronoun")
    if k + 1 < len(words) and words[k].lower() == "the" and _capital(words[k + 1]):
        k += 1  # "the Harbour Authority advised": the name after its article
    end = k
    while end < len(words) and _capital(words[end]) and not _possessive(words[end]):
        end += 1
    body = _body_of(words, k, end)
    if body is not None:  # "The Department of Justice did not say ..., saying"
        return body
    if end < len(words) and _possessive(words[end]):  # "Lund's aide", unless named after it
        return _role_then_person(words, end + 1)  # "Lund's spokesman Ann Lee said"
    beyond = _person_beyond(words, k, end)
    if beyond is not None:
        return beyond
    described = (
        _described_subject(words, k)
        if words[k : k + 1] in (["A"], ["An"], ["The"], ["Another"], ["One"])
        else None
    )
    if described is not None:  # "A Pentagon spokeswoman declined": the spokeswoman
        return described
    name = name_of(words[k:end])
    if name:
        return Speaker(name, "name")
    if end == k and k < len(words) and _role_word(words[k]):
        ahead = _np_forward(words[k:])  # "former Bush aide Ann Lee made similar remarks"
        if ahead is not None and ahead.kind == "name" and _person(ahead.text.split()):
            return ahead
    if end == k + 1 and words[k].lower() == "the" and end < len(words):
        head = words[end].lower()  # "The lawsuit argues ...", "The ministry said ..."
        if (
            head in _ORG_HEADS
            or head in _SAYING_THINGS
            or (_person_noun(head) and _verb_next(words, end + 1))
        ):
            return Speaker(f"the {words[end]}", "group")  # "The mayor later announced"
    if k < len(words) and words[k].lower() in ("the", "a", "an"):
        return _described_subject(words, k)  # "The state Democratic Party posted"
    return None


def _body_of(words: list[str], k: int, end: int) -> Speaker | None:
    """A body's name with "of" in it opening a sentence ("The Department of Justice", "the
    University of Lund"): the capitals from words[k] (an article cut) up to `end` are
    "Department" or the like, and "of" and more capitals follow; else None."""
    start = k + 1 if words[k : k + 1] in (["The"], ["the"]) else k
    if end <= start or end + 1 >= len(words) or words[end] != "of":
        return None
    if words[end - 1].lower() not in _ORG_HEADS or not _capital(words[end + 1]):
        return None
    stop = _capitals_end(words, end + 1)
    while stop + 1 < len(words) and words[stop] == "and" and _capital(words[stop + 1]):
        stop = _capitals_end(words, stop + 1)  # "Department of Health and Human Services"
    return Speaker(" ".join(words[start:stop]), "name")


def _described_subject(words: list[str], k: int) -> Speaker | None:
    """A described subject of up to five words from the article at words[k] whose head speaks
    and a verb follows ("The state Democratic Party posted", "A Pentagon spokeswoman
    declined"), else None."""
    for end in range(k + 2, min(k + 6, len(words))):
        head = words[end - 1]
        low = head.lower()
        if not _phrase_word(head) or low in _FUNCTION or low in CUES or low.endswith("ed"):
            return None  # "The article quoted one teacher": a clause, not a noun phrase
        role = head.islower() and (low in _SAYING_THINGS or _person_noun(low.rstrip("s")))
        named = _apposed_person(words, end) if role else ""
        if named:  # "Another Democratic candidate, Sen. Ann Lee (D-Calif.), weighed in"
            return Speaker(named, "name")
        if (role or low in _ORG_HEADS) and _verb_next(words, end):
            return Speaker(" ".join([words[k].lower(), *words[k + 1 : end]]), "group")
    return None


_SAYING_THINGS = _set("lawsuit suit complaint letter ruling filing memo petition")


def _verb_next(words: list[str], at: int) -> bool:
    """words[at] goes on with a verb, not the noun phrase ("The mayor later announced", "The
    judge said"; not "The former vice president", "The chief executive of X")."""
    if at >= len(words):
        return False
    word = words[at]
    low = word.lower()
    return (
        low in CUES
        or low in _VERB_OPENERS
        or (word.islower() and word.isalpha() and (low.endswith(("ed", "ly")) or low[-1] == "s"))
    )


_VERB_OPENERS = _set("later also then has had have was is will would again first who could")
