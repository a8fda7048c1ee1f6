"""One body's quotes, quote by quote, with what the scan remembers (names, the last person,
the last speakers) to resolve pronouns, surnames and roles."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from wiretrace.consolidate.kernels import NOT_NAMES
from wiretrace.consolidate.quotes.cues import (
    Speaker,
    _after_cue,
    _before_cue,
    _before_found,
    _participle,
    _subject,
    _verbed_after,
    _verbed_before,
    _words_before,
)
from wiretrace.consolidate.quotes.layout import Sentences, _sentence_start, layout
from wiretrace.consolidate.quotes.names import (
    Names,
    _capital,
    _person,
    _possessive,
    after_office,
    initial,
    name_of,
)
from wiretrace.consolidate.quotes.words import (
    _CAPITAL_WORD,
    _FUNCTION,
    _HONORIFICS,
    _MEDIA,
    _NAME_COLON,
    _NAME_RUN,
    _ORG_HEADS,
    _PARTICLES,
    _PERSON_PRONOUNS,
    _PLAIN_WORDS,
    _POSSESSIVE_DETERMINERS,
    _SUBJECT_NAME,
    _WEAK_CUES,
    CUE_REACH,
    CUES,
    PRONOUN_REACH,
    SHORT_WORDS,
    WINDOW,
    _has_cue,
    cued_names,
)

_NAME_AFTER = re.compile(rf"\.?[ \u00a0]+({_CAPITAL_WORD}(?:[ \u00a0]+{_CAPITAL_WORD}){{0,3}})")


def _role_names(
    lowered: str, body: str, role: str, lesser: str = ""
) -> Iterator[tuple[int, re.Match[str]]]:
    """Each place a role word (or its short form) stands, in any case, right before a
    capitalised name, with that name (str.find on the lower-cased body: no pattern per role);
    `lesser`: the word that makes it a lesser role ("vice" of "vice president"), that one's
    places only, else none of them."""
    for word in filter(None, (role, _ROLE_SHORT.get(role))):
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and lowered[at - 1].isalpha()):
                m = _NAME_AFTER.match(body, end)
                if m and _lesser(lowered, at) == lesser:
                    yield at, m
            at = lowered.find(word, end)


def _lesser(lowered: str, at: int) -> str:
    """The word that makes the role word at `at` a lesser one ("vice" of "vice president",
    "deputy" of "deputy minister"), else ""."""
    end = at - 1
    if end < 1 or lowered[end] not in " -":
        return ""
    start = end
    while start > 0 and (lowered[start - 1].isalpha() or lowered[start - 1] == "."):
        start -= 1
    word = lowered[start:end]
    return word if word in _LESSER else ""


_LESSER = frozenset({"vice", "deputy", "assistant", "lieutenant", "lt.", "under", "acting"})

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

    def __init__(self, body: str, sentences: Sentences) -> None:
        """Nothing said yet."""
        self.body = body
        self.sentences = sentences
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

    def resolve(
        self, speaker: Speaker | None, para_start: int, at: int, after: bool = False
    ) -> str | None:
        """A speaker mention as a name: pronouns, surnames, subjects (of the sentence before
        `at`) and groups resolved (`after`: the mention follows the quote at `at`)."""
        if speaker is None:
            return None
        if speaker.kind == "subject":
            lo = max(para_start, at - WINDOW)
            subject = _subject(self.body[lo + self.sentences.start(lo, at) : at])
            if subject is None or subject.kind == "subject":
                return None
            return self.resolve(subject, para_start, at)
        if speaker.kind == "pronoun":
            named = None  # "..., said X, a partner at Y." since the last quote (he, she)
            if speaker.text in _PERSON_PRONOUNS:
                named = self.own_subject(speaker.text, para_start, at)
                if named:
                    self.person = named  # whom the next "he" means too
                    return named
                named = self.named_speaker(at, after)
            if named:
                return named
            if speaker.text in _PERSON_PRONOUNS or not self.speakers:
                return self.person or self.last_person(at)
            return self.speakers[-1]
        if speaker.kind == "group":
            head = speaker.text.split()[-1].lower()
            first = speaker.text.split()[0].lower()
            definite = first in ("the", "this", "that") or _possessive(speaker.text.split()[0])
            if head in _ISSUED and (definite or first in _POSSESSIVE_DETERMINERS):
                issuer = self.issuer(head, para_start)  # "the statement read": who issued it
                if issuer:
                    return issuer
            if definite:
                for earlier in reversed(self.speakers):
                    if earlier.lower().endswith(head) and earlier.lower() != speaker.text.lower():
                        return earlier
                owner = speaker.text.split()[0]
                if _possessive(owner) and _capital(owner):
                    return speaker.text  # "Parnas’ lawyer": not whoever else is a lawyer
                if head not in _ORG_HEADS and not head.endswith("s"):  # a role: "the leader"
                    marks = [w for w in speaker.text.split()[1:-1] if _capital(w)]
                    words = speaker.text.lower().split()
                    lesser = words[-2] if len(words) > 1 and words[-2] in _LESSER else ""
                    return self.role_holder(head, at, marks, lesser) or speaker.text
            if first in _POSSESSIVE_DETERMINERS and self.speakers:  # "their statement read"
                return self.speakers[-1]
            return speaker.text
        return self.full(speaker.text)

    def issuer(self, head: str, para_start: int) -> str | None:
        """Who issued a statement quoted in the paragraph at `para_start`: the subject of the
        last sentence before it that names one ("X issued a statement"), else of the sentence
        right before the paragraph ("In a notice, the Harbour Authority advised ...")."""
        lo = max(0, para_start - PRONOUN_REACH)
        named = self.lowered().rfind(head, lo, para_start)
        end = named if named >= 0 else para_start
        while end > lo and self.body[end - 1] in " \n":
            end -= 1
        if named < 0 and end > lo and self.body[end - 1] in ".!?":
            end -= 1  # the sentence right before the paragraph, its full stop aside
        subject = _subject(self.body[lo + self.sentences.start(lo, end) : end])
        if subject is None or subject.kind not in ("name", "group"):
            return None
        return self.full(subject.text) if subject.kind == "name" else subject.text

    def role_holder(
        self, role: str, at: int, marks: Sequence[str] = (), lesser: str = ""
    ) -> str | None:
        """The name the body gives right after a role word before `at` ("Chairman Reince
        Priebus" for "the chairman"): the last such, or the last with one of `marks` (the
        role's capitalised words: "Ohio" of "the Ohio governor") just before it; `lesser`:
        as `_role_names`."""
        found = marked = later = None
        places = self.roles.get(role + lesser)
        if places is None:
            places = list(_role_names(self.lowered(), self.body, role, lesser))
            self.roles[role + lesser] = places
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
        words = [w for w in found.group(1).split() if w not in _PARTICLES]
        if _possessive(words[-1]):  # "President Tom Hale’s plan"
            words[-1] = _owner_word(words[-1])
        name = name_of(words)
        return self.full(name) if name else None

    def lowered(self) -> str:
        """The body in lower case (made on first use)."""
        if self.lower is None:
            self.lower = self.body.lower()
        return self.lower

    def own_subject(self, pronoun: str, para_start: int, at: int) -> str | None:
        """The person whose name opens the sentence of a pronoun standing later in it,
        before the quote at `at` ("Mr. Rogers took a swipe at X when he said “...”"); none
        when the sentence opens with a clause ("When X asked, he said"), an owner ("X's
        aide"), or quotes someone between the name and the pronoun."""
        lo = max(para_start, at - WINDOW)
        said = _word_at(self.body, pronoun, lo, at)  # most stand after their quote
        if said <= lo:
            return None  # (one opening its sentence is in capitals: not looked for)
        start = lo + self.sentences.start(lo, at)
        if said <= start or _has_mark(self.body, start, said):
            return None
        name = _subject_name(self.body[start:said].split(None, 6)[:6])
        return self.person_named(name) if name else None

    def person_named(self, words: list[str]) -> str | None:
        """A person's full name, or a surname the text gives whole or after Mr/Ms/Dr (no
        outlet's, no day's: "Fox News", "Republicans Thursday")."""
        name = self.whole_name(words)
        if not name:
            return None
        parts = name.split()
        if not NOT_NAMES.isdisjoint(parts) or not _MEDIA.isdisjoint(map(str.lower, parts)):
            return None
        return name

    def named_speaker(self, at: int, after: bool = False) -> str | None:
        """The person last named beside a cue (without a quote) between the last quote and
        the sentence before `at`, or `at` itself when the pronoun follows the quote (`after`:
        its sentence may run on from one that names the speaker, '...refugees."I...')."""
        lo = max(self.quoted, at - PRONOUN_REACH)
        hi = at if after else lo + self.sentences.start(lo, at)
        window = self.body[lo:hi]
        if _PLAIN_WORDS.isdisjoint(window.split()):
            return self.subject_since(lo, hi)
        single = ""
        for named in reversed(cued_names(window)):  # a full name first, the latest
            words = after_office(named.split())  # "(Chief of) Staff John F. Kelly said"
            if not _spelled_out(words):
                continue  # "N.C.", "AFP": no person's name
            name = _person(words)
            if name:
                return name
            single = single or (name_of(words) if len(words) == 1 else "")
        full = self.full(single) if single else ""
        if " " in full:  # a surname alone only when the text gives it whole
            return full
        return self.subject_since(lo, hi)

    def subject_since(self, lo: int, hi: int) -> str | None:
        """The person who last opens a sentence of body[lo:hi] as its subject ("Mr. Rogers
        took a swipe at ..."), also the first one, right after a quote's closing marks: a
        full name, or a surname the text gives whole or after Mr/Ms/Dr."""
        for m in reversed(list(_SUBJECT_NAME.finditer(self.body, max(0, lo - 2), hi))):
            name = self.whole_name(m.group(1).split())
            if name:
                return name
        return None

    def whole_name(self, words: list[str]) -> str:
        """A person's full name, or a surname the text gives whole or after Mr/Ms/Dr; "" for
        anything else."""
        name = _person(words)
        if name:
            return name
        single = name_of(words)
        if not single or " " in single:
            return ""
        full = self.full(single)
        return full if " " in full or words[0].rstrip(".") in _HONORIFICS else ""

    def last_person(self, at: int) -> str | None:
        """The last person's full name written before `at` (for a pronoun when no one has
        been quoted yet)."""
        runs = list(_NAME_RUN.finditer(self.body, max(0, at - PRONOUN_REACH), at))
        for m in reversed(runs):  # the last run that is a person's name
            name = _person(m.group().split())
            if name:
                return name
        return None

    def said(self, speaker: str | None, kind: str | None) -> None:
        """Remember who spoke (a person for later pronouns)."""
        if speaker:
            self.speakers.append(speaker)
            named = kind == "name" or (
                kind in ("group", "subject") and _person(speaker.split()) == speaker
            )  # "X elaborated, saying “...”" (the subject): X is whom a later "he" means
            if named and _ORG_HEADS.isdisjoint(speaker.lower().split()):
                self.person = speaker


def _subject_name(words: list[str]) -> list[str]:
    """The capitalised words a sentence's first words open with when they are its subject's
    name, right before its verb in lower case ("Mr. Brekke took"), else none."""
    if not words or _opens_clause(words[0]):
        return []
    k = 0
    while k < len(words) and (
        (_capital(words[k]) and words[k][-1].isalpha()) or words[k].rstrip(".") in _HONORIFICS
    ):
        k += 1
    if not k or k == len(words) or _possessive(words[k - 1]) or not words[k][:1].islower():
        return []  # an owner ("X's aide"), or no verb right after the name
    if words[k] in ("and", "or") and k + 1 < len(words) and _capital(words[k + 1]):
        return []  # "X and Y, he said": two subjects, neither the pronoun's
    return words[:k]


def _has_mark(body: str, lo: int, hi: int) -> bool:
    """Some double quote mark stands in body[lo:hi]."""
    return any(body.find(mark, lo, hi) >= 0 for mark in '“”"«»„')


def _opens_clause(word: str) -> bool:
    """A sentence's first word opens a clause or phrase, not its subject's name ("When",
    "If", "The", "Responding")."""
    bare = word.rstrip(".,")
    if bare in _HONORIFICS:
        return False
    low = bare.lower()
    return bare in NOT_NAMES or low in _FUNCTION or low in _OWNERS or _participle(bare)


_OWNERS = frozenset({"my", "our", "your", "his", "her", "its", "their"})


def _word_at(text: str, word: str, lo: int, hi: int) -> int:
    """Where `word` last stands alone in text[lo:hi], -1 when it does not."""
    at = text.rfind(word, lo, hi)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalpha()) and not text[end : end + 1].isalpha():
            return at
        at = text.rfind(word, lo, at)
    return -1


def _spelled_out(words: list[str]) -> bool:
    """Every word of a name has a letter in lower case, but for middle initials ("Mark D.
    Herlach"): "N.C." and "AFP" name no person."""
    last = len(words) - 1
    return all(
        any(c.islower() for c in w) or (0 < k < last and initial(w) and w.endswith("."))
        for k, w in enumerate(words)
    )


def quotes(body: str) -> list[dict[str, Any]]:
    """Direct quotes of a body with their speakers: [{"text", "speaker", "cue", "start", "end"}]."""
    scanned = layout(body)
    found, paragraph_starts = scanned.spans, scanned.starts
    if not found:
        return []
    state = _State(body, scanned.sentences)
    out: list[dict[str, Any]] = []
    unclosed: list[int] = []  # quotes whose speech goes on in the next paragraph
    previous: dict[str, Any] | None = None
    for number, ready in enumerate(scanned.prepared):
        quote = _quote(body, found, number, paragraph_starts, ready, state, previous)
        closed = found[number][3]
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


def _quote(
    body: str,
    found: list[tuple[int, int, int, bool]],
    number: int,
    paragraph_starts: list[int],
    ready: list[int],
    state: _State,
    previous: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """One quoted span as a quote with its speaker, or None when it is no quote (`ready`: the
    bounds its reading needs, as `layout.prepared` gives them)."""
    open_at, end, para, closed = found[number]
    start, stop, spaces, skipped, para_start, para_end, after_end, lo, opening, speech = ready[:10]
    after_cued, before_bits = ready[10:]
    if skipped:
        return None  # no text, or a title ("Face the Nation", "New Day"), whatever is around it
    last = found[number - 1] if number else None
    same_para = last is not None and last[2] == para
    after = body[end + 1 : after_end]
    after_cue = _after_cue(after) if after_cued else _NONE
    before = body[lo:open_at]
    before_cue = _NONE
    sentence = None  # the sentence before the quote, found when needed
    weak = after_cue[1] is None or _weak(after_cue)
    if weak:  # a cue after the quote wins otherwise
        sentence = body[opening:open_at]
        before_cue = _before_found(sentence, before_bits)
    speaker, cue = _choose(after_cue, before_cue, weak)
    if cue is None and spaces >= SHORT_WORDS and "ed" in before + after:
        # a speech verb the list lacks ("X echoed"), for a quote long enough to be speech
        speaker, cue = _verbed_after(_words_before(after.lstrip(" ,;:—–-")))
        if cue is None:
            if sentence is None:
                sentence = body[opening:open_at]
            speaker, cue = _verbed_before(_words_before(sentence))
    labelled = False  # "Related: “...”": a label's words, no one's (nor the last speaker's)
    if cue is None and before.rstrip(" \u00a0").endswith(":"):
        m = _NAME_COLON.search(before)
        named = _colon_speaker(m.group(1).split(), state) if m else ""
        if named:
            speaker, cue = Speaker(named, "name"), ":"
        labelled = m is not None
        sentence = body[opening:open_at]
        owner = (_owner(sentence) or _document_owner(sentence)) if m is None else ""
        if owner:  # "One of Lund’s sharper lines came later: “...”"
            speaker, cue = Speaker(owner, "name"), ":"
    if cue is None and open_at == para_start and para:  # "X told reporters:" ending the last one
        tail = body[max(paragraph_starts[para - 1], para_start - WINDOW) : para_start].rstrip()
        if tail.endswith(":") and _has_cue(tail):
            speaker, cue = _before_cue(tail[_sentence_start(tail) :])
    if spaces < SHORT_WORDS and cue is not None and cue is before_cue[1] and _far(before, cue):
        cue = None  # "... because they are classified “top secret”": a term, not speech
    if cue is not None:
        name = state.resolve(speaker, para_start, open_at, speaker is after_cue[0])
        if name is None:  # "A pilot warns of “...”": the clause's subject speaks
            name = _subject_speaker(body, opening, open_at, para_start, state)
        state.said(name, speaker.kind if speaker else None)
        state.quoted = end + 1
        return _made(body, start, stop, name, cue)
    if previous is not None and not labelled:
        whole = open_at <= para_start + 1 and (
            not closed or not body[end + 1 : para_end].strip(" .,;:")
        )
        continued = whole and (
            previous["end"] >= para_start - 4 or (last is not None and not last[3])
        )
        in_para = same_para and previous["end"] > para_start
        if in_para or (speech and (continued or (whole and previous["speaker"]))):
            return _made(body, start, stop, previous["speaker"], previous["cue"])
    if not speech:
        return None
    reporter = _reporter(body, opening, open_at)
    if reporter:  # "The Gazette reported .... The chair reportedly “...”": the Gazette's words
        return _made(body, start, stop, reporter, None)
    # no cue: the subject of the quote's own sentence ("The mayor has long complained that the
    # firm gave its crews “...”"), when the sentence says more than a few words before it
    return _made(
        body, start, stop, _subject_speaker(body, opening, open_at, para_start, state), None
    )


def _reporter(body: str, opening: int, open_at: int) -> str | None:
    """Who reported what a sentence tells as reported ("reportedly") and quotes: the last
    name written before it as the subject of "reported" ("The Harbour Gazette reported")."""
    if body.find("reportedly", opening, open_at) < 0:
        return None
    found = list(_REPORTED.finditer(body, max(0, opening - PRONOUN_REACH), opening))
    if not found:
        return None
    return name_of(found[-1].group(1).split()) or None


_REPORTED = re.compile(rf"({_CAPITAL_WORD}(?:[ \u00a0]+{_CAPITAL_WORD}){{0,4}}) report(?:ed|s)\b")


def _colon_speaker(words: list[str], state: _State) -> str:
    """The person a paragraph's "Name:" before a quote names ("Blitzer:", "Mr. Lund:",
    "Writes Lund:"): a full name, or a surname the text gives whole or after Mr/Ms/Dr; not
    a label ("Related:", "WATCH:")."""
    while len(words) > 1 and (words[0].lower() in CUES or _label(words)):
        words = words[1:]  # "Writes Lund:", "JUST WATCHED Lund:"
    return state.whole_name(words)


def _owner(sentence: str) -> str:
    """The name owning the subject of a sentence ("Lund’s reply was short", "One of Mr.
    Lund’s replies"): a possessive name among its first four words, else ""."""
    words = sentence.split(None, 5)[:4]
    for k, word in enumerate(words):
        if _possessive(word) and _capital(word):
            start = k
            while start > 0 and _capital(words[start - 1]) and words[start - 1] not in NOT_NAMES:
                start -= 1
            bare = _owner_word(word)
            if bare.lower() in _CONTRACTED:
                return ""  # "Let’s start with ...", "It’s this: “...”"
            return name_of([*words[start:k], bare])
    return ""


def _owner_word(word: str) -> str:
    """A possessive word without its ending ("Lund’s": Lund, "Jones’": Jones)."""
    return word[:-2] if word[-2] in "’'" else word[:-1]


_CONTRACTED = frozenset({"let", "it", "that", "there", "here", "what", "who", "he", "she"})


def _document_owner(sentence: str) -> str:
    """The name a sentence's last words give as the author of a text it then quotes ("...
    reflected in a Harbour Gazette report:"), else ""."""
    words = sentence.rstrip(" :\u00a0").split()[-6:]
    if len(words) < 3 or words[-1].lower() not in _DOCUMENTS:
        return ""
    k = len(words) - 1
    while k > 0 and _capital(words[k - 1]) and words[k - 1][-1].isalpha():
        k -= 1
    if k == len(words) - 1 or k == 0 or words[k - 1].lower() not in ("a", "an", "the"):
        return ""
    owner = " ".join(words[k:-1])  # "the Gazette’s statement": the Gazette
    return owner[:-2] if owner.endswith(("’s", "'s")) else owner


_DOCUMENTS = frozenset(
    {"report", "story", "article", "editorial", "column", "statement", "memo", "release"}
)


def _label(words: list[str]) -> bool:
    """The first word is in capitals and some later one is not: a label's ("MUST WATCH
    Lund"), no name's."""
    return len(words[0]) > 1 and words[0].isupper() and not all(map(str.isupper, words[1:]))


_ISSUED = frozenset({"statement", "statements", "release"})  # spoken for by who issued them
SUBJECT_WORDS = 3  # words a quote's sentence must say before it for its subject to speak


def _subject_speaker(
    body: str, opening: int, open_at: int, para_start: int, state: _State
) -> str | None:
    """The speaker a quote's sentence names as its subject (a name, a role, a body, a
    pronoun resolved), when no cue names one."""
    sentence = body[max(opening, para_start) : open_at]
    if len(sentence.split()) < SUBJECT_WORDS:
        return None
    subject = _subject(sentence)
    if subject is None or subject.kind == "subject":
        return None
    return state.resolve(subject, para_start, open_at)


_NONE: tuple[Speaker | None, str | None] = (None, None)


def _choose(
    after: tuple[Speaker | None, str | None],
    before: tuple[Speaker | None, str | None],
    weak: bool,
) -> tuple[Speaker | None, str | None]:
    """The cue after the quote, unless it names a reporting outlet (`weak`: `_weak(after)`)
    and the one before does not."""
    if after[1] is None:
        return before
    if before[1] is not None and (weak and not _weak(before)):
        return before
    return after


def _weak(found: tuple[Speaker | None, str | None]) -> bool:
    """A cue that names no speaker, or names a reporting outlet ("news agencies said")."""
    speaker, cue = found
    if speaker is None or cue is None:
        return True
    if cue.lower() in _WEAK_CUES:
        return True
    return not _MEDIA.isdisjoint(speaker.text.lower().split())


def _far(before: str, cue: str) -> bool:
    """The cue stands more than CUE_REACH words before the end of `before` (twice that for
    "called": "X called the council, a body that ..., a “...”" names what X called it)."""
    at = before.rfind(cue)
    reach = 2 * CUE_REACH if cue in ("called", "calling") else CUE_REACH
    return at >= 0 and before.count(" ", at) > reach


def _made(body: str, start: int, stop: int, speaker: str | None, cue: str | None) -> dict[str, Any]:
    """A quote in report form."""
    return {
        "text": body[start:stop],
        "speaker": speaker or None,
        "cue": cue,
        "start": start,
        "end": stop,
    }
