"""Direct quotes in a body and who said them, by compiled rules over the text (no model).

A quote is the text between a pair of quote marks of any common convention (“ ”, ‘ ’, " ",
« », „ “, ‚ ‘, 「 」, 『 』 ...), nested marks kept inside it; a paragraph whose quote stays
open and whose next paragraph opens again continues the same speech (each paragraph's part is
its own quote, with the speaker of the whole). The speaker comes from a speech cue next to the
quote in its sentence ("X said", "said X", "X told ...", "according to X", "X, a professor
at ..., said", "Name: “...”", "” — Name", a past-tense verb after a name; a coordinated or
participial cue, "... and said", "adding", takes the clause's subject). Titles are cut from
names ("President Vladimir Putin" -> "Vladimir Putin"), a surname alone takes the full name
at its first mention, a pronoun the person last named beside a cue or quoted, "the office"
the last speaker that was an office, "the chairman" the name written after "Chairman". A
quoted span of a few words with no cue (a scare quote) or in title case is not a quote.

`quotes(body)` -> `[{"text", "speaker", "cue", "start", "end"}]`, offsets into `body`
(the text without its marks); `moved_quotes` carries them over to a body with passages cut;
`story_quotes` merges the quotes of a story's documents, wording by wording.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from wiretrace.consolidate.entities import _NOT_NAMES

# --- the word lists: speech cues, titles, heads of organisation names (general, in one place)


def _set(words: str) -> frozenset[str]:
    """A set of space-separated words."""
    return frozenset(words.split())


_CUES_EN = (
    "said says say told tells added adds asked asks wrote writes stated states explained "
    "explains noted notes recalled recalls insisted insists argued argues warned warns claimed "
    "claims declared declares announced announces continued continues replied replies "
    "responded responds answered answers stressed stresses acknowledged acknowledges admitted "
    "admits conceded concedes remarked remarks observed observes suggested suggests commented "
    "comments tweeted tweets posted posts shouted shouts cried whispered urged urges predicted "
    "predicts cautioned cautions confirmed confirms emphasized emphasises emphasised emphasizes "
    "assured assures vowed vows pledged pledges promised promises denied denies testified "
    "testifies complained complains boasted boasts joked jokes mused muses reiterated "
    "reiterates countered counters called calls described describes reported reports "
    "saying adding telling asking writing noting explaining arguing warning insisting "
    "stressing declaring calling describing recalling claiming"
)
# other languages' common reporting verbs (where a word is unambiguous in running text)
_CUES_OTHER = (
    "dit déclaré affirmé ajouté expliqué estimé souligné indiqué assuré précisé "
    "sagte sagt erklärte erklärt betonte betont fügte meinte "
    "dijo afirmó declaró explicó añadió aseguró señaló "
    "disse afirmou declarou explicou acrescentou "
    "dichiarato detto spiegato aggiunto affermato "
    "zei zegt verklaarde "
    "сказал сказала заявил заявила отметил отметила добавил добавила"
)
CUES = _set(_CUES_EN + " " + _CUES_OTHER)
# the words that may open a cue: a window without any of them is not looked at further
_GATE = frozenset(
    word + end
    for word in CUES | _set("according selon laut según segundo secondo volgens словам")
    for end in ("", ",", ".", ":", ";")
)


def _has_cue(text: str) -> bool:
    """Some word of the text may be a speech cue (one split, no pattern)."""
    return bool(text) and not _GATE.isdisjoint(text.lower().split())


# the plainest cues: before a quote, the last of these wins over any later other cue ("X said
# Y has answered ... “"), and a cue addressed to someone ("told X") is never inverted
_PRIMARY = _set(
    "said says told tells added adds wrote writes stated states declared explained noted "
    "argued insisted warned saying adding telling writing sagte sagt dijo disse dit zei "
    "сказал заявил"
)
_ADDRESSED = _set("told tells telling asked asks asking")
# cues whose subject is the sentence's, not a word next to them ("..., adding that ...")
_PARTICIPLES = frozenset(c for c in CUES if c.endswith("ing"))
# cues that name a reporting outlet rather than a speaker; used only when nothing else is there
_WEAK_CUES = frozenset({"reported", "reports", "described", "describes", "calls"})
_ACCORDING_FIRST = _set("according selon laut según segundo secondo volgens словам")
# "according to X", "selon X", "laut X", "según X", "secondo X", "volgens X", "по словам X"
_ACCORDING = re.compile(
    r"\b(?:according to|selon|laut|según|segundo|secondo|volgens|по словам)\s+", re.IGNORECASE
)
_TITLES = _set(
    "President Vice Prime Minister Secretary Chancellor Senator Sen Rep Representative "
    "Congressman Congresswoman Governor Gov Mayor Mr Mrs Ms Miss Dr Prof Professor General "
    "Gen Lt Col Colonel Capt Captain Sgt Judge Justice King Queen Prince Princess Pope "
    "Chief Director Chairman Chairwoman Chair CEO Commissioner Ambassador Spokesman "
    "Spokeswoman Spokesperson Coach Leader Speaker Attorney Deputy Premier Sheikh Rev "
    "Father Sir Dame Lord Lady Officer Detective Inspector Admiral Marshal Sergeant "
    "Councillor Councilman Councilwoman Alderman Trooper Ministre Ayatollah Imam Rabbi Bishop "
    "Sens Reps "
    "M Mme Herr Frau Sr Sra Dott Sig"
)
_ORG_HEADS = _set(
    "ministry office department council committee agency agencies government house party "
    "police army military company university court commission union association "
    "institute embassy administration campaign spokesman spokeswoman spokesperson "
    "authorities officials statement report media newspaper kremlin board group firm "
    "service services bureau foundation organization organisation center centre partners "
    "institution bank fund associates corporation corp inc llc ltd times post journal network"
)
_MEDIA = _set("news agency agencies media newspaper television broadcaster press")
_PRONOUNS = _set("he she they it him her them we i il elle er sie él ella")
_PERSON_PRONOUNS = _set("he she him her il elle er él ella")
_POSSESSIVE_DETERMINERS = _set("his her its their")
_DETERMINERS = _set("the a an his her its their our this that these those")
_SKIP = _set(
    "also later then has have had was were is are would will once again further previously "
    "recently earlier repeatedly reportedly publicly quickly simply had been has not never "
    "only just still already then instead here there now"
)
_AUXILIARIES = _set("a ha hat has had have was is")  # before an inverted cue: "a déclaré X"
_FUNCTION = _set(
    "in on at to from with for by of after before during that this as when while if but and or "
    "about over under into than despite amid since following until"
)
_SUFFIXES = _set("Jr Sr II III IV")
_PARTICLES = _set("de del della di da du van von der den la le al bin ibn y")
_ABBREVIATIONS = _set(
    "Mr Mrs Ms Dr St Sen Rep Gov Gen Lt Col Capt Sgt Prof Jr Sr Inc Co Corp Ltd No vs Mt Ft "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U.S U.K U.N"
)

# --- the marks

# opening mark -> the marks that close it
_CLOSERS = {
    "“": "”",
    "„": "“”",
    "”": "”",  # Swedish/Finnish: the same mark both ways
    "‘": "’",
    "‚": "‘’",
    "«": "»",
    "»": "«",  # German/Danish reversed guillemets
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"',
    "'": "'",
}
_MARK_CHARS = "\"'“”„‘’‚«»‹›「」『』"
_APOSTROPHES = "'’"
_SINGLE = frozenset("‘’'‚")
_UNAMBIGUOUS = frozenset("„‚「『")  # marks that only ever open a quote
_SPACE = " \t\n\u00a0\u202f\u2009"
_OPEN_BEFORE = set(_SPACE) | set("([{—–-/:;,") | set('“„«‹「『"‘‚')
_WORD = re.compile(r"[^\W_](?:[\w’'\-]|\.(?=\w))*|[,;:()—–]")
_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’»)]*\s+")
_SENTENCE_END_REVERSED = re.compile(r"\s+[\"”’»)]*[.!?]+")  # the same, read backwards
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"
_CAPITAL_WORD = rf"(?:[{_UPPER}]\.|[{_UPPER}](?:[\w’'\-]|\.(?=\w))*)"
_NAME_RUN = re.compile(
    rf"(?<![\w’']){_CAPITAL_WORD}"
    rf"(?:[ \u00a0]+(?:(?:de|del|della|di|da|du|van|von|der|den|la|le|al|bin|ibn|of)[ \u00a0]+)?"
    rf"{_CAPITAL_WORD})*"
)
PRONOUN_REACH = 600  # characters before a pronoun searched for a name when no one spoke yet
WINDOW = 250  # characters looked at before and after a quote for its cue
# a person's name beside a plain cue: "said Mark D. Herlach", "Adam Aspinall, a director, said"
_JOIN = r"[ \u00a0]+(?:(?:de|van|von|der|la|le|al|bin)[ \u00a0]+)?"
_PERSON_NAME = rf"{_CAPITAL_WORD}(?:{_JOIN}{_CAPITAL_WORD}){{0,4}}"
# a name opening a sentence, followed by a word in lower case (its verb): "Mr. Rogers took ..."
_SUBJECT_NAME = re.compile(rf"(?:[.!?][\"”’]?\s+|[.!?][\"”’]|\n)({_PERSON_NAME}),?[ \u00a0]+[a-z]")
_HONORIFICS = _set("Mr Mrs Ms Dr")
_PASSIVE = _set("was were been be is are being")  # "... was included": no one spoke
# "Tucker Carlson: “...”": a name alone before a colon opens its words
_NAME_COLON = re.compile(rf"(?:^|[.!?][\"”’]?\s+)({_PERSON_NAME}):\s*$")
_PLAIN = "said|says|told|tells|added|adds|wrote|writes|explained|noted|stated"
_PLAIN_WORDS = frozenset(w + end for w in [*_PLAIN.split("|"), "according"] for end in ("", ","))
_CUED_NAME = re.compile(
    rf"\b(?:{_PLAIN}|according to)[ \u00a0]+({_PERSON_NAME})"
    rf"|({_PERSON_NAME})(?:,[^,.“”\"]{{1,90}})?,?[ \u00a0]+(?:also[ \u00a0]+)?(?:{_PLAIN})\b"
)
SHORT_WORDS = 4  # a quote of fewer words needs its cue close, and is no title
CUE_REACH = 16  # words between a cue and the short quote it introduces, at most
MAX_QUOTE_CHARS = 5000  # a "quote" longer than this is a stray mark, not speech
MIN_UNCUED_WORDS = 4  # a quoted span with no cue must be at least this long to count


def _is_open(text: str, at: int) -> bool:
    """The mark at `at` can open a quote: nothing word-like right before it, text after it."""
    if text[at] in _UNAMBIGUOUS:
        return True
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if after in _SPACE and text[at] not in "«»„":
        return False
    if text[at] in "'’" and not after.isalpha():
        return False  # '90s, ’em-dash stray
    return before in _OPEN_BEFORE or not before.isalnum()


def _is_close(text: str, at: int) -> bool:
    """The mark at `at` can close a quote: not an apostrophe inside or right after a word."""
    after = text[at + 1] if at + 1 < len(text) else " "
    if text[at] == '"':  # also "... Islam."But": a sentence's end inside the marks
        return not after.isalnum() or text[at - 1] in ".,!?"
    if text[at] in _SINGLE:
        return not after.isalnum()
    return True


def marks(text: str) -> list[int]:
    """Places of the quote marks in a text, in order; not an apostrophe between two letters
    ("Korea’s", "don't") (a search per kind of mark: no pattern walks the text)."""
    found: list[int] = []
    last = len(text) - 1
    for mark in _MARK_CHARS:
        at = text.find(mark)
        if at < 0:
            continue
        between = mark in _APOSTROPHES
        while at >= 0:
            if not (
                between and 0 < at < last and text[at - 1].isalnum() and text[at + 1].isalnum()
            ):
                found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def spans(body: str, starts: list[int] | None = None) -> list[tuple[int, int, int, bool]]:
    """Top-level quoted spans: (open mark, content end, paragraph index, closed), in order
    (`starts`: where the body's paragraphs start, when known)."""
    found: list[tuple[int, int, int, bool]] = []
    places = marks(body)
    if not places:
        return found
    starts = starts or _paragraph_starts(body)
    first = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] - 2 if index + 1 < len(starts) else len(body)
        last = bisect_left(places, end, first)
        if last > first:
            found.extend(_paragraph_spans(body, places[first:last], start, end, index))
        first = last
    return found


def _paragraph_spans(
    body: str, places: list[int], start: int, end: int, index: int
) -> Iterator[tuple[int, int, int, bool]]:
    """Quoted spans of one paragraph from its marks: (open mark, content end, paragraph, closed)."""
    para = body[start:end]
    places = [p - start for p in places]
    i, n = 0, len(places)
    while i < n:
        at = places[i]
        mark = para[at]
        closers = _CLOSERS.get(mark)
        if closers is None or not _is_open(para, at):
            i += 1
            continue
        j = i + 1
        while j < n and not (para[places[j]] in closers and _is_close(para, places[j])):
            j += 1
        if j < n:
            if places[j] - at <= MAX_QUOTE_CHARS:
                yield at + start, places[j] + start, index, True
            i = j + 1
        else:  # open to the paragraph's end (a speech going on in the next one, or a slip)
            if mark not in _SINGLE and mark != "'":
                yield at + start, len(para.rstrip()) + start, index, False
            return


# --- sentences, names, speakers


def _sentence_start(text: str) -> int:
    """Where the last sentence of a text starts (searched from the end, on the text reversed)."""
    size = len(text)
    for m in _SENTENCE_END_REVERSED.finditer(text[::-1]):
        if not _abbreviation(text, size - m.end()):
            return size - m.start()
    return 0


def _sentence_start_in(body: str, lo: int, at: int) -> int:
    """Where the sentence holding `at` starts in the body, not before `lo`."""
    return lo + _sentence_start(body[lo:at])


def _sentence_end(text: str) -> int:
    """Where the first sentence of a text ends."""
    if not text:
        return 0
    for m in _SENTENCE_END.finditer(text):
        if not _abbreviation(text, m.start()):
            return m.start() + 1
    return len(text)


def _abbreviation(text: str, dot: int) -> bool:
    """The full stop at `dot` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot]
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return True
    return "." in word and all(len(part) == 1 for part in word.split("."))  # "S.D.", "U.S."


def _capital(word: str) -> bool:
    """The word starts with a capital letter."""
    return word[:1].isupper()


def _possessive(word: str) -> bool:
    """The word ends in a possessive 's."""
    return word.endswith(("’s", "'s", "s’", "s'"))


def _title(word: str) -> bool:
    """The word is a title or form of address ("President", "PRESIDENT", "Mr.")."""
    word = word.rstrip(".")
    return word in _TITLES or word.capitalize() in _TITLES


def name_of(words: list[str]) -> str:
    """Capitalised words as a name: titles and what comes before them cut, stops dropped,
    words in capitals beside others in title case ("VLADIMIR Putin" -> "Vladimir Putin");
    remembered (names recur)."""
    return _name_of(tuple(words))


@lru_cache(maxsize=1 << 16)
def _name_of(given: tuple[str, ...]) -> str:
    """`name_of`'s work."""
    words = list(given)
    cut = 0
    for k, word in enumerate(words):
        if _title(word):
            cut = k + 1
    words = words[cut:]
    while words and (words[0] in ("of", "the") or words[0].rstrip(".") in _NOT_NAMES):
        words = words[1:]
        while words and not _capital(words[0]):
            words = words[1:]
    if not words:
        return ""
    while len(words) > 1 and words[-1].rstrip(".") in _SUFFIXES:
        words = words[:-1]
    while len(words) > 2 and words[0].isupper() and len(words[0]) <= 4 and "." not in words[0]:
        words = words[1:]  # "UN Nikki Haley" (of "Ambassador to the UN Nikki Haley")
    if any(not w.isupper() for w in words):
        words = [w.capitalize() if w.isupper() and len(w) > 3 else w for w in words]
    return " ".join(words)


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
            found = self.known[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> str:
        """`full`'s search: the full name around the name's first mention (ending with it,
        else starting with it: "Kim" -> "Kim Jong Un"), else the name itself (a text that
        first says "President Trump" and later "Melania Trump" means no Melania by "Trump")."""
        body, size = self.body, len(name)
        at = body.find(name)
        while at >= 0:
            end = at + size
            if (not at or not body[at - 1].isalnum()) and (
                end == len(body) or not body[end].isalnum()
            ):
                if _after_capital(body, at):
                    full = _person([*_capitals_back(body[max(0, at - 60) : at].split()), name])
                    if full:
                        return full
                if body[end : end + 1] == " ":
                    after = _capitals_forward(body[end : end + 60].split())
                    full = _person([name, *after]) if after else ""
                    if full:
                        return full
                return name
            at = body.find(name, end)
        return name


def _after_capital(body: str, at: int) -> bool:
    """The word before `at` (one space before it) starts with a capital."""
    if at < 2 or body[at - 1] != " ":
        return False
    k = at - 2
    while k >= 0 and not body[k].isspace():
        k -= 1
    return body[k + 1].isupper()


def _capitals_back(words: list[str]) -> list[str]:
    """The capitalised words that end a list of words (none after a full stop or comma)."""
    k = len(words)
    while k > 0 and _capital(words[k - 1]) and words[k - 1][-1].isalnum():
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
    if not 2 <= len(parts) <= 4 or any(p.lower() in _ORG_HEADS for p in parts):
        return ""
    if any(len(p) > 1 and p.isalpha() and p.isupper() for p in parts):
        return ""  # "Turning Point USA": an acronym is no part of a person's name
    if not all(_capital(p) or p in _PARTICLES for p in parts):
        return ""  # "Feinstein reportedly objected": words of a clause, not a name
    return " ".join(parts)


class Speaker:
    """A speaker as found next to a cue: its words, and what kind of mention it is."""

    __slots__ = ("kind", "text")

    def __init__(self, text: str, kind: str) -> None:
        """`kind`: "name", "pronoun", "group" (a common noun phrase) or "subject" (the
        sentence's subject is meant)."""
        self.text = text
        self.kind = kind


def _words_before(text: str) -> list[str]:
    """The words (and clause punctuation) of a stretch of text."""
    return _WORD.findall(text)


def _np_back(words: list[str], end: int) -> Speaker | None:
    """The noun phrase that ends at words[end - 1] (the subject before a cue), if any."""
    k = end
    while k > 0 and (words[k - 1].lower() in _SKIP or words[k - 1].endswith("ly")):
        k -= 1
    if k == 0:
        return None
    if words[k - 1] == ")":  # "Chuck Schumer (D., N.Y.) said": the name before the brackets
        while k > 0 and words[k - 1] != "(":
            k -= 1
        return _np_back(words, k - 1) if k > 1 else None
    word = words[k - 1]
    low = word.lower()
    if low == "who" and k > 1:  # "X, who said": the name the clause hangs on
        return _np_back(words, k - 2 if words[k - 2] == "," else k - 1)
    if low in _PRONOUNS:
        return Speaker(low, "pronoun")
    if low in ("and", "but", "or", "then"):
        return Speaker("", "subject")
    if word == ",":  # "X, a professor at Y, said": the name before the apposition
        return _before_apposition(words, k - 1)
    if _capital(word):
        return _name_back(words, k)
    if word.isalpha():
        return _group_back(words, k)
    return None


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
    if j > 1 and words[j - 1] == "of" and _capital(words[j - 2]) and _organisation(run, j < k):
        person = _name_back(words, j - 1)  # "Philip Shen of Roth Capital Partners said"
        if person is not None:
            return person
    name = name_of(run)
    return Speaker(name, "name") if name else None


def _organisation(words: list[str], definite: bool) -> bool:
    """Capitalised words name an organisation: "the ..." or one of its words is an
    organisation's ("Partners", "Institution")."""
    return definite or any(w.lower() in _ORG_HEADS for w in words)


def _group_back(words: list[str], end: int) -> Speaker | None:
    """A common noun phrase ending at words[end - 1] ("the ministry", "police", "Yoon’s
    office"), as a speaker."""
    k = end - 1
    head = words[k].lower()
    while k > 0 and end - k < 5:
        prev = words[k - 1]
        if prev.lower() in _DETERMINERS:
            return Speaker(" ".join(words[k - 1 : end]), "group")
        if _possessive(prev):
            return Speaker(_possessive_phrase(words, k, end), "group")
        if not prev.isalpha() and not _capital(prev):
            break
        k -= 1
    if head in _ORG_HEADS or (head.endswith("s") and len(head) > 3):
        return Speaker(" ".join(words[k:end]), "group")
    return None


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
            return None
    return None


def _np_forward(words: list[str]) -> Speaker | None:
    """The noun phrase right after an inverted cue ("said Leif-Eric Easley, a professor",
    "said coach Lena Moravec", "said the ministry")."""
    if not words:
        return None
    if words[0].lower() in _PRONOUNS:
        return Speaker(words[0].lower(), "pronoun")
    if words[0] in _DETERMINERS:
        k = 1
        while k < len(words) and k < 5 and words[k].isalpha() and words[k].lower() not in CUES:
            k += 1
            if words[k - 1].lower() in _ORG_HEADS:
                break
        return Speaker(" ".join(words[:k]), "group") if k > 1 else None
    first = 0  # a role in lower case before the name ("coach", "la ministre")
    while first < min(3, len(words)) and words[first].isalpha() and words[first].islower():
        if words[first] in _FUNCTION:
            return None
        first += 1
    k, n = first, len(words)
    while k < n and (_capital(words[k]) or (words[k] in _PARTICLES and k + 1 < n)):
        k += 1
        if _possessive(words[k - 1]):
            break
    if k > first:
        name = name_of(words[first:k])
        return Speaker(name, "name") if name else None
    return None


_NOT_SPEECH_AFTER = _set("for on off in up upon out")  # "called for", "calls on"


def _cue_index(words: list[str], last: bool, primary: bool = False) -> int:
    """Index of the last (else first) cue word among `words` (only the plainest ones with
    `primary`), -1 when none."""
    order = range(len(words) - 1, -1, -1) if last else range(len(words))
    cues = _PRIMARY if primary else CUES
    for k in order:
        word = words[k]  # in lower case only: "States" of "United States" is no cue
        if word in cues:
            if word.startswith("call") and k + 1 < len(words) and words[k + 1] in _NOT_SPEECH_AFTER:
                continue
            return k
    return -1


def _after_cue(after: str) -> tuple[Speaker | None, str | None]:
    """Speaker and cue in the words right after a quote: ", X said", ", said X", "according
    to X", ", X, a professor at Y, said"."""
    stripped = after.lstrip(" ,;:—–-\u00a0")
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
    if "," not in words[:k]:
        speaker = _np_back(words, k) if k <= 8 else None
        if speaker is None or speaker.kind == "subject" or _clause_word(words[:k]):
            return None, None  # "..., while the network’s analyst X declared": another clause
        return speaker, words[k]
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


def _clause_word(words: list[str]) -> bool:
    """Some word opens another clause ("while", "as", "when", "and")."""
    return any(w in _FUNCTION for w in words)


def _verbed(word: str) -> bool:
    """A verb in the past tense by its form ("echoed", "fretted"): any speech verb the cue
    list lacks, when a name stands right before it."""
    return len(word) > 4 and word.endswith("ed") and word.isalpha() and word.islower()


def _verbed_after(words: list[str]) -> tuple[Speaker | None, str | None]:
    """'”, ABC’s Jonathan Karl echoed.': a name and a past-tense verb ending a short sentence."""
    for k in range(1, min(len(words), 7)):
        if _verbed(words[k]) and words[k - 1].lower() not in _PASSIVE:
            if len(words) - k > 7 or _clause_word(words[:k]):
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


def _before_cue(before: str) -> tuple[Speaker | None, str | None]:
    """Speaker and cue before a quote in its sentence: "X said", "X told AFP that", "according
    to X,"."""
    m = None
    if not _ACCORDING_FIRST.isdisjoint(before.lower().split()):
        for m in _ACCORDING.finditer(before):  # noqa: B007 (the last one is wanted)
            pass
    words = _words_before(before)
    k = _cue_index(words, last=True, primary=True)
    if k < 0:
        k = _cue_index(words, last=True)
    if m is not None and (k < 0 or len(_words_before(before[m.end() :])) < len(words) - k):
        return _np_forward(_words_before(before[m.end() :])[:8]), m.group().strip()
    if k < 0:
        return None, None
    cue = words[k]
    if cue.lower() in _PARTICIPLES:  # "Pence saying", else the clause's subject
        named = _np_back(words, k) if k and words[k - 1] != "," else None
        return (named if named and named.kind == "name" else Speaker("", "subject")), cue
    speaker = _np_back(words, k)
    if speaker is None and 0 < len(words) - k - 1 <= 4 and cue.lower() not in _ADDRESSED:
        speaker = _np_forward(words[k + 1 :])  # inverted before a quote: "said coach X:"
    return speaker, cue


def _subject(sentence: str) -> Speaker | None:
    """The subject the last clause of a sentence opens with (after ", and", ", but", ";"),
    else the sentence's; an opening phrase such as "During the debate," passed over."""
    clause = sentence
    for joint in (", and ", ", but ", "; "):
        at = clause.rfind(joint)
        if at >= 0:
            clause = clause[at + len(joint) :]
    return _opening_subject(clause) or (_opening_subject(sentence) if clause != sentence else None)


def _opening_subject(sentence: str) -> Speaker | None:
    """The name or pronoun a sentence or clause opens with."""
    words = _words_before(sentence)[:16]
    k = 0
    if words and words[0].lower() in _FUNCTION and "," in words:
        k = words.index(",") + 1
    while k < len(words) and words[k] in ",;:()—–":
        k += 1
    if k < len(words) and words[k].lower() in _PRONOUNS:
        return Speaker(words[k].lower(), "pronoun")
    end = k
    while end < len(words) and _capital(words[end]) and not _possessive(words[end]):
        end += 1
    if end < len(words) and _possessive(words[end]):
        return None
    name = name_of(words[k:end])
    return Speaker(name, "name") if name else None


# --- the whole body


_NAME_AFTER = re.compile(rf"\.?[ \u00a0]+({_CAPITAL_WORD}(?:[ \u00a0]+{_CAPITAL_WORD}){{0,3}})")


def _role_names(lowered: str, body: str, role: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Each place a role word (or its short form) stands, in any case, right before a
    capitalised name, with that name (str.find on the lower-cased body: no pattern per role)."""
    for word in filter(None, (role, _ROLE_SHORT.get(role))):
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and lowered[at - 1].isalpha()):
                m = _NAME_AFTER.match(body, end)
                if m:
                    yield at, m
            at = lowered.find(word, end)


# a role's short form in front of a name ("Gov. John Kasich" for "the governor")
_ROLE_SHORT = {
    "governor": "gov",
    "senator": "sen",
    "representative": "rep",
    "general": "gen",
    "professor": "prof",
    "doctor": "dr",
}


class _State:
    """What the scan of one body remembers: names, the last person and the last speakers."""

    def __init__(self, body: str) -> None:
        """Nothing said yet."""
        self.body = body
        self.names: Names | None = None
        self.person: str | None = None
        self.speakers: list[str] = []
        self.quoted = 0  # where the last quote with a cue ended
        self.lower: str | None = None
        self.roles: dict[str, list[tuple[int, re.Match[str]]]] = {}

    def full(self, name: str) -> str:
        """The full name of a name alone (looked up on first use)."""
        if self.names is None:
            self.names = Names(self.body)
        return self.names.full(name)

    def resolve(self, speaker: Speaker | None, para_start: int, at: int) -> str | None:
        """A speaker mention as a name: pronouns, surnames, subjects (of the sentence before
        `at`) and groups resolved."""
        if speaker is None:
            return None
        if speaker.kind == "subject":
            before = self.body[max(para_start, at - WINDOW) : at]
            subject = _subject(before[_sentence_start(before) :])
            if subject is None or subject.kind == "subject":
                return None
            return self.resolve(subject, para_start, at)
        if speaker.kind == "pronoun":
            named = None  # "..., said X, a partner at Y." since the last quote (he, she)
            if speaker.text in _PERSON_PRONOUNS:
                named = self.named_speaker(at)
            if named:
                return named
            if speaker.text in _PERSON_PRONOUNS or not self.speakers:
                return self.person or self.last_person(at)
            return self.speakers[-1]
        if speaker.kind == "group":
            head = speaker.text.split()[-1].lower()
            first = speaker.text.split()[0].lower()
            definite = first in ("the", "this", "that") or _possessive(speaker.text.split()[0])
            if definite:
                for earlier in reversed(self.speakers):
                    if earlier.lower().endswith(head) and earlier.lower() != speaker.text.lower():
                        return earlier
                owner = speaker.text.split()[0]
                if _possessive(owner) and _capital(owner):
                    return speaker.text  # "Parnas’ lawyer": not whoever else is a lawyer
                if head not in _ORG_HEADS and not head.endswith("s"):  # a role: "the leader"
                    marks = [w for w in speaker.text.split()[1:-1] if _capital(w)]
                    return self.role_holder(head, at, marks) or speaker.text
            if first in _POSSESSIVE_DETERMINERS and self.speakers:  # "their statement read"
                return self.speakers[-1]
            return speaker.text
        return self.full(speaker.text)

    def role_holder(self, role: str, at: int, marks: Sequence[str] = ()) -> str | None:
        """The name the body gives right after a role word before `at` ("Chairman Reince
        Priebus" for "the chairman"): the last such, or the last with one of `marks` (the
        role's capitalised words: "Ohio" of "the Ohio governor") just before it."""
        found = marked = later = None
        places = self.roles.get(role)
        if places is None:
            places = self.roles[role] = list(_role_names(self.lowered(), self.body, role))
        for place, m in places:
            if place >= at:
                later = later or m
                continue
            found = m
            if any(mark in self.body[max(0, place - 30) : place] for mark in marks):
                marked = m
        found = marked or found or later  # else the name given after the quote
        if found is None:
            return None
        name = name_of([w for w in found.group(1).split() if w not in _PARTICLES])
        return self.full(name) if name else None

    def lowered(self) -> str:
        """The body in lower case (made on first use)."""
        if self.lower is None:
            self.lower = self.body.lower()
        return self.lower

    def named_speaker(self, at: int) -> str | None:
        """The person last named beside a cue (without a quote) between the last quote and
        the sentence before `at`."""
        lo = max(self.quoted, at - PRONOUN_REACH)
        window = self.body[lo : _sentence_start_in(self.body, lo, at)]
        if _PLAIN_WORDS.isdisjoint(window.split()):
            return self.subject_since(window)
        single = ""
        for m in reversed(list(_CUED_NAME.finditer(window))):  # a full name first, the latest
            words = (m.group(1) or m.group(2)).split()
            if not all(any(c.islower() for c in w) for w in words):
                continue  # "N.C.", "AFP": no person's name
            name = _person(words)
            if name:
                return name
            single = single or (name_of(words) if len(words) == 1 else "")
        full = self.full(single) if single else ""
        if " " in full:  # a surname alone only when the text gives it whole
            return full
        return self.subject_since(window)

    def subject_since(self, window: str) -> str | None:
        """The person who last opens a sentence of `window` as its subject ("Mr. Rogers took
        a swipe at ..."): a full name, or a surname the text gives whole or after Mr/Ms/Dr."""
        for m in reversed(list(_SUBJECT_NAME.finditer(window))):
            words = m.group(1).split()
            name = _person(words)
            if name:
                return name
            single = name_of(words)
            if not single or " " in single:
                continue
            full = self.full(single)
            if " " in full or words[0].rstrip(".") in _HONORIFICS:
                return full
        return None

    def last_person(self, at: int) -> str | None:
        """The last person's full name written before `at` (for a pronoun when no one has
        been quoted yet)."""
        name = None
        for m in _NAME_RUN.finditer(self.body, max(0, at - PRONOUN_REACH), at):
            name = _person(m.group().split()) or name
        return name

    def said(self, speaker: str | None, kind: str | None) -> None:
        """Remember who spoke (a person for later pronouns)."""
        if speaker:
            self.speakers.append(speaker)
            named = kind == "name" or (kind == "group" and _person(speaker.split()) == speaker)
            if named and not any(w.lower() in _ORG_HEADS for w in speaker.split()):
                self.person = speaker


def quotes(body: str) -> list[dict[str, Any]]:
    """Direct quotes of a body with their speakers: [{"text", "speaker", "cue", "start", "end"}]."""
    paragraph_starts = _paragraph_starts(body)
    found = spans(body, paragraph_starts)
    if not found:
        return []
    state = _State(body)
    out: list[dict[str, Any]] = []
    unclosed: list[int] = []  # quotes whose speech goes on in the next paragraph
    previous: dict[str, Any] | None = None
    for number, (_, _, _, closed) in enumerate(found):
        quote = _quote(body, found, number, paragraph_starts, state, previous)
        if quote is not None:
            out.append(quote)
            previous = quote
        if not closed:
            previous = quote  # the next paragraph's part, when it opens again, continues it
            if quote is not None:
                unclosed.append(len(out) - 1)
    for at in reversed(unclosed):  # a speech's first parts take the speaker named at its end
        if out[at]["speaker"] is None and at + 1 < len(out):
            out[at]["speaker"], out[at]["cue"] = out[at + 1]["speaker"], out[at + 1]["cue"]
    return out


def _paragraph_starts(body: str) -> list[int]:
    """Where each paragraph of a body starts."""
    starts = [0]
    at = body.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = body.find("\n\n", at + 2)
    return starts


def _quote(
    body: str,
    found: list[tuple[int, int, int, bool]],
    number: int,
    paragraph_starts: list[int],
    state: _State,
    previous: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """One quoted span as a quote with its speaker, or None when it is no quote."""
    open_at, end, para, closed = found[number]
    start, stop = _trimmed(body, open_at + 1, end)
    if stop <= start or _titled(body, start, stop):
        return None  # a title ("Face the Nation", "New Day"), whatever is said around it
    spaces = body.count(" ", start, stop)
    para_start = paragraph_starts[para]
    para_end = paragraph_starts[para + 1] - 2 if para + 1 < len(paragraph_starts) else len(body)
    last = found[number - 1] if number else None
    same_para = last is not None and last[2] == para
    nxt = found[number + 1] if number + 1 < len(found) else None
    hi = nxt[0] if nxt is not None and nxt[2] == para else para_end
    after = body[end + 1 : min(hi, end + 1 + WINDOW)] if closed else ""
    after = after[: _sentence_end(after)]
    signed = after.lstrip(" \u00a0")[:1] in ("—", "–")  # '“...” — Name': a signature
    if body[stop - 1] == "." and not signed and not _short_sentence(after, hi - end - 1):
        after = ""  # "... for.” He said the plan ...": a new sentence, not this quote's cue
    after_cue = _after_cue(after) if signed or _has_cue(after) else _NONE
    lo = max(last[1] + 1 if same_para else para_start, open_at - WINDOW)
    before = body[lo:open_at]
    before_cue = _NONE
    sentence = None  # the sentence before the quote, found when needed
    if after_cue[1] is None or _weak(after_cue):  # a cue after the quote wins otherwise
        sentence = before[_sentence_start(before) :]
        if _has_cue(sentence):
            before_cue = _before_cue(sentence)
    speaker, cue = _choose(after_cue, before_cue)
    if cue is None and spaces >= SHORT_WORDS and "ed" in before + after:
        # a speech verb the list lacks ("X echoed"), for a quote long enough to be speech
        speaker, cue = _verbed_after(_words_before(after.lstrip(" ,;:—–-")))
        if cue is None:
            if sentence is None:
                sentence = before[_sentence_start(before) :]
            speaker, cue = _verbed_before(_words_before(sentence))
    if cue is None and before.endswith(":"):
        m = _NAME_COLON.search(before)
        if m and name_of(m.group(1).split()):
            speaker, cue = Speaker(name_of(m.group(1).split()), "name"), ":"
    if cue is None and open_at == para_start and para:  # "X told reporters:" ending the last one
        tail = body[max(paragraph_starts[para - 1], para_start - WINDOW) : para_start].rstrip()
        if tail.endswith(":") and _has_cue(tail):
            speaker, cue = _before_cue(tail[_sentence_start(tail) :])
    if spaces < SHORT_WORDS and cue is not None and cue is before_cue[1] and _far(before, cue):
        cue = None  # "... because they are classified “top secret”": a term, not speech
    if cue is not None:
        name = state.resolve(speaker, para_start, open_at)
        state.said(name, speaker.kind if speaker else None)
        state.quoted = end + 1
        return _made(body, start, stop, name, cue)
    speech = _long(body, start, stop)
    if previous is not None:
        whole = open_at <= para_start + 1 and (
            not closed or not body[end + 1 : para_end].strip(" .,;:")
        )
        continued = whole and (
            previous["end"] >= para_start - 4 or (last is not None and not last[3])
        )
        in_para = same_para and previous["end"] > para_start
        if in_para or (speech and (continued or (whole and previous["speaker"]))):
            return _made(body, start, stop, previous["speaker"], previous["cue"])
    return _made(body, start, stop, None, None) if speech else None


_NONE: tuple[Speaker | None, str | None] = (None, None)


def _choose(
    after: tuple[Speaker | None, str | None], before: tuple[Speaker | None, str | None]
) -> tuple[Speaker | None, str | None]:
    """The cue after the quote, unless it names a reporting outlet and the one before does not."""
    if after[1] is None:
        return before
    if before[1] is not None and (_weak(after) and not _weak(before)):
        return before
    return after


def _weak(found: tuple[Speaker | None, str | None]) -> bool:
    """A cue that names no speaker, or names a reporting outlet ("news agencies said")."""
    speaker, cue = found
    if speaker is None or cue is None:
        return True
    if cue.lower() in _WEAK_CUES:
        return True
    return any(w.lower() in _MEDIA for w in speaker.text.split())


def _short_sentence(after: str, room: int) -> bool:
    """The text after a quote is a short sentence of its own ("Smith said Friday.")."""
    return len(after) < room and after.rstrip().endswith((".", "!", "?")) and after.count(" ") <= 6


def _far(before: str, cue: str) -> bool:
    """The cue stands more than CUE_REACH words before the end of `before`."""
    at = before.rfind(cue)
    return at >= 0 and before.count(" ", at) > CUE_REACH


def _long(body: str, start: int, stop: int) -> bool:
    """The span has words enough to be speech without a cue (scripts without spaces: by
    characters)."""
    spaces = body.count(" ", start, stop)
    return spaces + 1 >= MIN_UNCUED_WORDS or (
        not spaces and stop - start >= 2 * MIN_UNCUED_WORDS and not body[start].isascii()
    )


def _titled(body: str, start: int, stop: int) -> bool:
    """Most words of the span are capitalised: a title ("The Art of the Deal"), not speech."""
    if not body[start].isupper() or body.count(" ", start, stop) >= 8:
        return False
    words = _WORDS.findall(body, start, stop)
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 8 and capitals * 3 >= len(words) * 2


def _trimmed(body: str, start: int, stop: int) -> tuple[int, int]:
    """A quote's content without surrounding space and a trailing comma."""
    while start < stop and body[start] in _SPACE:
        start += 1
    while stop > start and (body[stop - 1] in _SPACE or body[stop - 1] == ","):
        stop -= 1
    return start, stop


def _made(body: str, start: int, stop: int, speaker: str | None, cue: str | None) -> dict[str, Any]:
    """A quote in report form."""
    return {
        "text": body[start:stop],
        "speaker": speaker or None,
        "cue": cue,
        "start": start,
        "end": stop,
    }


def moved_quotes(
    old: str, new: str, found: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]] | None:
    """The quotes of body `old` in body `new` when `new` is `old` with passages cut (each
    quote's words found again, those cut dropped); None when `new` holds text `old` lacks
    or a quote's words cannot be told apart: its quotes must be found afresh."""
    if found is None or len(new) > len(old) or not _cut_from(old, new):
        return None
    moved = []
    cut = len(old) - len(new)
    for quote in found:
        text = quote["text"]
        at = new.find(text, max(0, quote["start"] - cut), quote["end"])
        if at >= 0:
            moved.append({**quote, "start": at, "end": at + len(text)})
    return moved


def _cut_from(old: str, new: str) -> bool:
    """Every passage of `new` is a passage of `old` (passages were only cut)."""
    kept = set(old.split("\n\n"))
    return all(passage in kept for passage in new.split("\n\n"))


# --- one quote carried by many documents of a story

MERGE_SIMILARITY = 0.6  # token-set overlap (of the larger set) for two wordings to be one quote
MERGE_CONTAINMENT = 0.9  # or this share of the smaller set, when it has MERGE_MIN_WORDS words
MERGE_MIN_WORDS = 4
KEY_LETTERS = 4  # words this long or longer index a story's quotes


def _tokens(text: str) -> frozenset[str]:
    """A wording's distinct lower-cased words."""
    return frozenset(_WORDS.findall(text.lower()))


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two wordings' word sets say the same quote (small edits, cuts, respellings allowed)."""
    common = len(a & b)
    small, large = sorted((len(a), len(b)))
    if not small:
        return False
    if common >= MERGE_SIMILARITY * large:
        return True
    return small >= MERGE_MIN_WORDS and common >= MERGE_CONTAINMENT * small


def story_quotes(
    doc_quotes: Sequence[tuple[str, Sequence[Mapping[str, Any]] | None]],
) -> list[dict[str, Any]]:
    """A story's quotes from its documents' (id, quotes), one entry per quote however many
    documents carry it: {"text", "speaker", "documents", "wordings": [{"text", "documents"}]},
    in order of first appearance; the text is the wording most documents carry, the speaker
    the name most give."""
    wordings: dict[str, list[str]] = {}  # exact wording -> documents, in order
    speakers: dict[str, list[str | None]] = {}
    for doc_id, found in doc_quotes:
        for quote in found or ():
            text = quote["text"]
            carriers = wordings.setdefault(text, [])
            if not carriers or carriers[-1] != doc_id:
                carriers.append(doc_id)
                speakers.setdefault(text, []).append(quote.get("speaker"))
    carried = sum(1 for _, found in doc_quotes if found)
    clusters = _clusters(list(wordings)) if carried > 1 else [[text] for text in wordings]
    return [_merged(texts, wordings, speakers) for texts in clusters]


def _clusters(texts: list[str]) -> list[list[str]]:
    """Wordings grouped into quotes: each joins the first earlier quote sharing enough words.
    Candidates come from an index of each quote's words of four letters or more, looked up by
    the wording's three longest words (a story of many quotes compares few pairs)."""
    clusters: list[list[str]] = []
    sets: list[frozenset[str]] = []
    index: defaultdict[str, list[int]] = defaultdict(list)
    for text in texts:
        words = _tokens(text)
        home = -1
        found = [index[key] for key in _keys(words) if key in index]
        if found:
            for c in sorted(set().union(*found)) if len(found) > 1 else found[0]:
                if _same(words, sets[c]):
                    home = c
                    break
        if home < 0:
            home = len(clusters)
            clusters.append([])
            sets.append(words)
            keyed = words if len(words) < 3 else [w for w in words if len(w) >= KEY_LETTERS]
            for word in keyed:
                index[word].append(home)
        clusters[home].append(text)
    return clusters


def _keys(words: frozenset[str]) -> list[str]:
    """The words a wording is looked up by: its three longest (ties in alphabetical order)."""
    return sorted(sorted(words), key=len, reverse=True)[:3]


def _merged(
    texts: list[str], wordings: Mapping[str, list[str]], speakers: Mapping[str, list[str | None]]
) -> dict[str, Any]:
    """One story quote from the wordings of one quote."""
    if len(texts) == 1 and len(wordings[texts[0]]) == 1:  # one wording in one document
        text = texts[0]
        carriers = wordings[text]
        said = speakers[text][0]
        return {
            "text": text,
            "speaker": said,
            "documents": list(carriers),
            "wordings": [{"text": text, "documents": list(carriers)}],
        }
    text = max(texts, key=lambda t: (len(wordings[t]), len(t)))
    documents: list[str] = []
    votes: dict[str, int] = {}
    for t in texts:
        documents.extend(d for d in wordings[t] if d not in documents)
        for name in speakers[t]:
            if name:
                votes[name] = votes.get(name, 0) + 1
    speaker = max(votes, key=lambda n: (votes[n], len(n))) if votes else None
    return {
        "text": text,
        "speaker": speaker,
        "documents": documents,
        "wordings": [{"text": t, "documents": list(wordings[t])} for t in texts],
    }
