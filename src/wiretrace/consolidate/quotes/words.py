"""The word lists (speech cues, titles, heads of organisation names), the quote marks and
the patterns the quote finder reads a text with."""

from __future__ import annotations

import re

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
    "stressing declaring calling describing recalling claiming read reads maintained maintains "
    "contended contends asserted asserts quipped quips lamented laments retorted retorts "
    "exclaimed recounted recounts reasoned chanted chanting"
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


CUE_WORD = 1  # `cue_bits`: some word may be a speech cue (`_has_cue`)
ACCORDING_WORD = 2  # `cue_bits`: some word opens "according to" or its kin (`_ACCORDING_FIRST`)


def cue_bits(text: str) -> int:
    """`CUE_WORD` and `ACCORDING_WORD` of a text, in one split (the compiled scan's twin)."""
    lowered = text.lower().split()
    if _GATE.isdisjoint(lowered):
        return 0
    return CUE_WORD | (0 if _ACCORDING_FIRST.isdisjoint(lowered) else ACCORDING_WORD)


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
# cues only after a quote ("“...,” the notice read"), never before one ("the pages read “2008”")
AFTER_ONLY = frozenset({"read", "reads"})
_WEAK_CUES = frozenset({"reported", "reports", "described", "describes", "calls", "read", "reads"})
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
    "Sens Reps Founder Cofounder Co-founder Counsel Agent Maj Adm Cmdr Commander Pfc Pvt Cpl "
    "Spc Supt Insp Det Whip Reverend Msgr Fr Hon Sheriff "
    "M Mme Herr Frau Sr Sra Dott Sig"
)
_ORG_HEADS = _set(
    "ministry office department council committee agency agencies government house party "
    "police army military company university court commission union association "
    "institute embassy administration campaign spokesman spokeswoman spokesperson "
    "authorities officials statement report media newspaper board group firm "
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
    "only just still already then instead here there now nonetheless nevertheless always too "
    "does did can could should may might must"
)
_AUXILIARIES = _set("a ha hat has had have was is")  # before an inverted cue: "a déclaré X"
_FUNCTION = _set(
    "in on at to from with for by of after before during that this as when while if but and or "
    "about over under into than despite amid since following until throughout across against "
    "among within without through toward towards upon"
)
# a time phrase between a speaker and the cue ("X on Tuesday said", "X last week said")
_WEEKDAYS = _set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_TIMES = _WEEKDAYS | _set(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_PERIODS = _set("week month year weekend night morning")
_SUFFIXES = _set("Jr Sr II III IV")
_PARTICLES = _set("de del della di da du van von der den la le al bin ibn y")
_ABBREVIATIONS = _set(
    "Mr Mrs Ms Dr St Sen Rep Gov Gen Lt Col Capt Sgt Prof Jr Sr Inc Co Corp Ltd No vs Mt Ft "
    "Pvt Pfc Cpl Spc Maj Adm Cmdr Supt Insp Det Rev Msgr Fr Hon "
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
# the rest of a word after its first character: word characters, apostrophes, hyphens and full
# stops inside it ("U.S"). Its runs are possessive: every pattern here goes on after a word
# with a full stop, a space, a comma, a colon or its own end, never with a word character, so
# an end inside a run never matched (giving characters back only cost time)
_WORD_REST = r"[\w’'\-]*+(?:\.(?=\w)[\w’'\-]*+)*"
_WORD = re.compile(rf"[^\W_]{_WORD_REST}|[,;:()—–]")
_WORDS = re.compile(r"\w+")
# a sentence's end: its stops, closing marks and white space (the stops and the space grouped)
_SENTENCE_PARTS = re.compile(r"([.!?]+)[\"”’»)]*(\s+)")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"
# a capitalised word or initial; each pattern starts with its capital (not with a group or an
# assertion), so the pattern engine skips to the next capital instead of trying every place
_CAPITAL_WORD = rf"[{_UPPER}](?:\.|{_WORD_REST})"
_NAME_RUN = re.compile(
    rf"[{_UPPER}](?<![\w’'].)(?:\.|{_WORD_REST})"
    rf"(?:[ \u00a0]+(?:(?:de|del|della|di|da|du|van|von|der|den|la|le|al|bin|ibn|of)[ \u00a0]+)?"
    rf"{_CAPITAL_WORD})*"
)
PRONOUN_REACH = 600  # characters before a pronoun searched for a name when no one spoke yet
WINDOW = 250  # characters looked at before and after a quote for its cue
# a person's name beside a plain cue: "said Mark D. Herlach", "Adam Aspinall, a director, said"
_JOIN = r"[ \u00a0]+(?:(?:de|van|von|der|la|le|al|bin)[ \u00a0]+)?"
_PERSON_NAME = rf"{_CAPITAL_WORD}(?:{_JOIN}{_CAPITAL_WORD}){{0,4}}"
# a name opening a sentence, followed by a word in lower case (its verb) or by a comma (an
# apposition): "Mr. Rogers took ...", "Sen. Ann Lee, the board's chair, ..."
_SUBJECT_NAME = re.compile(
    rf"[.!?\n](?:(?<=[.!?])(?:[\"”’]?\s+|[\"”’])|(?<=\n))({_PERSON_NAME})"
    rf"(?:,[ \u00a0]|,?[ \u00a0]+[a-z])"
)
_HONORIFICS = _set("Mr Mrs Ms Dr")
_PASSIVE = _set("was were been be is are being")  # "... was included": no one spoke
# "Tucker Carlson: “...”": a name alone before a colon opens its words
_NAME_COLON = re.compile(rf"(?:^\s*|[.!?][\"”’]?\s+)({_PERSON_NAME}):\s*$")
_PLAIN = "said|says|told|tells|added|adds|wrote|writes|explained|noted|stated"
_PLAIN_WORDS = frozenset(w + end for w in [*_PLAIN.split("|"), "according"] for end in ("", ","))
_CUED_NAME = re.compile(
    rf"\b(?:{_PLAIN}|according to)[ \u00a0]+({_PERSON_NAME})"
    rf"|({_PERSON_NAME})(?:,[^,.“”\"]{{1,90}})?,?[ \u00a0]+(?:also[ \u00a0]+)?(?:{_PLAIN})\b"
)
# `_CUED_NAME`'s two alternatives apart: a cue word then a name, a name then a cue word
_CUE_THEN_NAME = re.compile(rf"\b(?:{_PLAIN}|according to)[ \u00a0]+({_PERSON_NAME})")
_NAME_THEN_CUE = re.compile(
    rf"({_PERSON_NAME})(?:,[^,.“”\"]{{1,90}})?,?[ \u00a0]+(?:also[ \u00a0]+)?(?:{_PLAIN})\b"
)
_CUED_WORDS = (*_PLAIN.split("|"), "according to")


def _cue_places(text: str) -> tuple[list[int], int]:
    """Where each cue word of `_CUED_NAME` stands in the text, in order, and where the last
    one ends (-1 when none)."""
    places: list[int] = []
    last = -1
    for word in _CUED_WORDS:
        at = text.find(word)
        while at >= 0:
            places.append(at)
            last = max(last, at + len(word))
            at = text.find(word, at + 1)
    places.sort()
    return places, last


def cued_names(text: str) -> list[str]:
    """The names of `_CUED_NAME.finditer(text)`, in order (`cued_places`, names only)."""
    return [name for name, _ in cued_places(text)]


def cued_places(text: str) -> list[tuple[str, int]]:
    """The names of `_CUED_NAME.finditer(text)` with where each match ends, in order, without
    its walk over every place: a match of the first alternative starts at a cue word (found
    by `str.find`), one of the second starts at a capital (the search skips to the next) and
    ends with a cue word, so it reads nothing past the last one (`endpos`); the two start with
    different characters, so the next match is the earlier of the two next ones."""
    places, last = _cue_places(text)
    endpos = min(len(text), last + 1)
    names: list[tuple[str, int]] = []
    pos = index = 0
    name_first: re.Match[str] | None = None
    while places:
        cue_first = None
        while index < len(places) and cue_first is None:
            if places[index] >= pos:
                cue_first = _CUE_THEN_NAME.match(text, places[index])
            if cue_first is None:
                index += 1
        if name_first is None or name_first.start() < pos:
            name_first = _NAME_THEN_CUE.search(text, pos, endpos)
        m = cue_first
        if m is None or (name_first is not None and name_first.start() < m.start()):
            m = name_first
        if m is None:
            break
        names.append((m.group(1), m.end()))
        pos = m.end()
    return names


SHORT_WORDS = 4  # a quote of fewer words needs its cue close, and is no title
CUE_REACH = 16  # words between a cue and the short quote it introduces, at most
MAX_QUOTE_CHARS = 5000  # a "quote" longer than this is a stray mark, not speech
MIN_UNCUED_WORDS = 4  # a quoted span with no cue must be at least this long to count


# heads of a definite description that never mean a person named before: texts that speak
# for themselves ("the letter said"), unnamed sources and kin ("the official", "the son")
_NOT_EPITHETS = _set(
    "letter report lawsuit suit complaint ruling filing memo petition statement release study "
    "survey poll document order bill law affidavit indictment site website page post tweet "
    "email message article story editorial column description video "
    "official source person aide spokesman spokeswoman spokesperson witness insider adviser "
    "advisor son daughter father mother wife husband brother sister friend neighbor neighbour "
    "resident man woman two pair both"
)


def _person_noun(head: str) -> bool:
    """A noun that names a person by role ("senator", "lawmaker", "strategist", "Democrat"):
    a title's word or an agent's ending, not a text, an unnamed source or kin."""
    if not head.isalpha() or head in _NOT_EPITHETS:
        return False
    return head.capitalize() in _TITLES or head.endswith(_AGENT_ENDINGS) or head in _PARTY_NOUNS


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "crat", "can")
_PARTY_NOUNS = frozenset({"democrat", "republican", "conservative", "liberal"})

_INDEFINITE = _set("one another")  # "one official said", "another witness told"
# what opens a description of a speaker ("this", "that" may not: "that schools reported")
_ARTICLES = _set("the a an") | _INDEFINITE
