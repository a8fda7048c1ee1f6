"""What the scan of one body remembers (names, the last person, the last speakers) to resolve
pronouns, surnames and roles."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from wiretrace.consolidate.kernels import NOT_NAMES
from wiretrace.consolidate.quotes.cues import (
    Speaker,
    _participle,
    _role_then_person,
    _subject,
    _words_before,
)
from wiretrace.consolidate.quotes.gender import name_gender, pronoun_gender, titled_genders
from wiretrace.consolidate.quotes.layout import Sentences
from wiretrace.consolidate.quotes.names import (
    Names,
    _capital,
    _owner_word,
    _person,
    _possessive,
    after_office,
    initial,
    name_of,
)
from wiretrace.consolidate.quotes.words import (
    _ADDRESSED,
    _CAPITAL_WORD,
    _FUNCTION,
    _HONORIFICS,
    _MEDIA,
    _NAME_RUN,
    _ORG_HEADS,
    _PARTICLES,
    _PARTY_NOUNS,
    _PERSON_PRONOUNS,
    _PLAIN_WORDS,
    _POSSESSIVE_DETERMINERS,
    _SUBJECT_NAME,
    _TITLES,
    PRONOUN_REACH,
    WINDOW,
    _person_noun,
    cued_places,
)

# titles written only before a person's name ("President Hale", "Sen. Hale")
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|President|Sen|Senator|Rep|Representative|Congressman|Congresswoman|"
    r"Gov|Governor|Mayor|Judge|Justice|Gen|General|Prof|Professor|Secretary|Chancellor|"
    r"Minister|Ambassador|Rev)\.?[ \u00a0]+$"
)
CHAIN = 2  # sentences opening with "he"/"she" a pronoun's subject is followed back through
# the first personal pronoun after a name, in its sentence and outside quote marks
_PRONOUN_AFTER = re.compile(r"[^.!?\n“”\"]{0,80}?\b(he|his|him|she|her)\b")
_BODY_WORDS = frozenset({"group", "company", "firm", "organization", "organisation", "agency"})
_NOT_NAMES_LOW = frozenset(word.lower() for word in NOT_NAMES)
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


_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_ISSUED = frozenset({"statement", "statements", "release"})  # spoken for by who issued them


class State:
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
        self.things: dict[str, bool] = {}  # names looked at by `thing`
        self.titled: dict[str, str] | None = None  # surname -> gender, by "Mr.", "Ms."
        self.persons: dict[str, bool] = {}  # surnames looked at by `titled_person`

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
            if subject is None or subject.kind == "subject" or not self.named(subject):
                return None
            return self.resolve(subject, para_start, at)
        if speaker.kind == "pronoun":
            return self.agreeing(
                self.pronoun(speaker.text, para_start, at, after), speaker.text, at
            )
        if speaker.kind == "group":
            head = speaker.text.split()[-1].lower()
            first = speaker.text.split()[0].lower()
            definite = first in ("the", "this", "that") or _possessive(speaker.text.split()[0])
            if head in _ISSUED and (definite or first in _POSSESSIVE_DETERMINERS):
                issuer = self.issuer(head, para_start)  # "the statement read": who issued it
                if issuer:
                    return issuer
            if definite:
                described = self.described(speaker.text, head, para_start, at)
                if described is not None:
                    return described
            if first in _POSSESSIVE_DETERMINERS and self.speakers:  # "their statement read"
                return self.speakers[-1]
            return speaker.text
        return self.full(speaker.text)

    def described(self, text: str, head: str, para_start: int, at: int) -> str | None:
        """Whom a definite description means ("the ministry", "the Ohio Democrat", "the two
        commissioners", "the group"), or None to take it as written."""
        for earlier in reversed(self.speakers):
            if earlier.lower().endswith(head) and earlier.lower() != text.lower():
                return earlier
        owner = text.split()[0]
        if _possessive(owner) and _capital(owner):
            return text  # "Parnas’ lawyer": not whoever else is a lawyer
        lo = max(para_start - PRONOUN_REACH, self.quoted, 0)
        end = lo + self.sentences.start(lo, at)  # where the quote's sentence starts
        if head not in _ORG_HEADS and not head.endswith("s"):  # a role: "the leader"
            return self.role(text, head, at, lo, end) or text
        marks = [w for w in text.split()[1:-1] if _capital(w)]
        if head in _SPOKESPEOPLE and marks:  # "the Kremlin spokesman": the one the body
            return self.role_holder(head, at, marks, marked_only=True) or text  # names so
        if _plural_people(text):  # "the two commissioners": the last pair
            return next((s for s in reversed(self.speakers) if _pair(s)), None) or text
        if head in _BODY_WORDS and len(text.split()) == 2:  # "the group said"
            return self.body_before(lo, end) or text
        return None

    def role(self, text: str, head: str, at: int, lo: int, end: int) -> str | None:
        """Who holds the role a description names: after the role's title in the body, else
        the person opening the sentence before (body[lo:end]), else, for a party's word, the
        one person that sentence names."""
        marks = [w for w in text.split()[1:-1] if _capital(w)]
        words = text.lower().split()
        lesser = words[-2] if len(words) > 1 and words[-2] in _LESSER else ""
        party = head in _PARTY_NOUNS  # "the Ohio Republican": a party's word
        held = None if party else self.role_holder(head, at, marks, lesser)
        if not held and _person_noun(head):  # "the Democratic lawmaker told": whom the
            held = self.later_subject(lo, end, from_start=True)  # sentence before opens with
            if party:  # "... Leader Ann Lee. “...,” the Ohio Democrat said"
                held = held or self.named_before(lo, end)
        return held

    def named(self, subject: Speaker) -> bool:
        """A sentence's subject is a name, unless it is one word the body never writes with a
        capital inside a sentence ("Key findings ...", "No other suspects ...")."""
        word = subject.text
        if subject.kind != "name" or " " in word:
            return True
        at = self.body.find(word)
        while at >= 0:
            k = at - 1
            while k >= 0 and self.body[k] in " \u00a0":
                k -= 1
            if (
                k >= 0
                and k < at - 1
                and (self.body[k] not in '.!?\n"“”:' or _title_stop(self.body, k))
            ):
                return True
            at = self.body.find(word, at + len(word))
        return False

    def pronoun(self, pronoun: str, para_start: int, at: int, after: bool) -> str | None:
        """Whom a pronoun beside a cue means: the person its sentence opens with, else the
        person last named beside a cue, else the last person (or speaker, for "they")."""
        named = None  # "..., said X, a partner at Y." since the last quote (he, she)
        if pronoun in _PERSON_PRONOUNS:
            named = self.own_subject(pronoun, para_start, at)
            if named:
                self.person = named  # whom the next "he" means too
                return named
            named = self.named_speaker(at, after)
        if named:
            return named
        if pronoun in _PERSON_PRONOUNS or not self.speakers:
            return self.person or self.last_person(at)
        return self.speakers[-1]

    def agreeing(self, name: str | None, pronoun: str, at: int) -> str | None:
        """`name`, unless its person is of the other gender than "he" or "she" says (by the
        body's titles, else the first name, unless the body's own pronouns say otherwise):
        then the last person named before `at` who agrees, else the last speaker who does."""
        wanted = pronoun_gender(pronoun)
        if not name or not wanted or self.agrees(name, wanted):
            return name
        for m in reversed(list(_NAME_RUN.finditer(self.body, max(0, at - PRONOUN_REACH), at))):
            other = _person(m.group().split()) or self.given_whole(m.group().split())
            if not other or self.thing(other) or not _MEDIA.isdisjoint(other.lower().split()):
                continue
            if _addressed(self.body[max(0, m.start() - 12) : m.end()], m.group()):
                continue  # "she told Fox News": the listener
            if name_gender(other) == wanted and self.agrees(other, wanted):
                return other  # a first name of that gender, not contradicted by the body
        for other in reversed(self.speakers):
            if self.gender(other) == wanted:
                return other
        return name

    def agrees(self, name: str, wanted: str) -> bool:
        """Nothing shows the person of the other gender than `wanted`: not the titles, nor
        the first name unless the body's own pronouns after the surname say `wanted`."""
        shown = self.gender(name)
        if shown in ("", wanted):
            return True
        surname = name.split()[-1]
        return surname not in self.titled_names() and self.told_gender(surname) == wanted

    def gender(self, name: str) -> str:
        """The gender the body's titles show for a person, else the one its first name
        (of the full name, for a surname alone) nearly always has ("" when neither says)."""
        parts = name.split()
        if not parts:
            return ""
        titled = self.titled_names().get(parts[-1], "")
        if titled:
            return titled
        return name_gender(name if len(parts) > 1 else self.full(name) or name)

    def titled_names(self) -> dict[str, str]:
        """Surname -> gender, by the titles the body writes before surnames."""
        if self.titled is None:
            self.titled = titled_genders(self.body)
        return self.titled

    def told_gender(self, surname: str) -> str:
        """The gender the body's own pronouns give a surname: the first "he"/"his"/"him" or
        "she"/"her" after each of its mentions, in the same sentence, the more common one
        ("" when none or as many of each)."""
        counts = {"m": 0, "f": 0}
        for m in re.finditer(rf"\b{re.escape(surname)}\b", self.body):
            after = _PRONOUN_AFTER.match(self.body, m.end())
            if after:
                counts[pronoun_gender(after.group(1))] += 1
        return "m" if counts["m"] > counts["f"] else "f" if counts["f"] > counts["m"] else ""

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
        self,
        role: str,
        at: int,
        marks: Sequence[str] = (),
        lesser: str = "",
        marked_only: bool = False,
    ) -> str | None:
        """The name the body gives right after a role word before `at` ("Chairman Reince
        Priebus" for "the chairman"): the last such, or the last with one of `marks` (the
        role's capitalised words: "Ohio" of "the Ohio governor") just before it, only such
        a one when `marked_only`; `lesser`: as `_role_names`."""
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
        found = marked if marked_only else marked or found or later  # else the one after
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
        return None if self.thing(name) else name

    def thing(self, name: str) -> bool:
        """The body writes the name after "the" at least as often as without it ("the United
        States", "the Affordable Care Act"): a place, a law or a body, not a person ("the
        Barack Obama administration" once among three "Barack Obama" is still a person)."""
        if " " not in name:
            return False
        found = self.things.get(name)
        if found is None:
            found = self.things[name] = self._after_the(name)
        return found

    def _after_the(self, name: str) -> bool:
        """`thing`'s count over the body."""
        with_the = without = 0
        at = self.body.find(name)
        while at >= 0:
            if self.body[max(0, at - 4) : at] in ("the ", "The "):
                with_the += 1
            else:
                without += 1
            at = self.body.find(name, at + len(name))
        return with_the > 0 and with_the >= without

    def named_speaker(self, at: int, after: bool = False) -> str | None:
        """The person last named beside a cue (without a quote) between the last quote and
        the sentence before `at`, or `at` itself when the pronoun follows the quote (`after`:
        its sentence may run on from one that names the speaker, '...refugees."I...')."""
        lo = max(self.quoted, at - PRONOUN_REACH)
        hi = at if after else lo + self.sentences.start(lo, at)
        window = self.body[lo:hi]
        if _PLAIN_WORDS.isdisjoint(window.split()):
            named = self.subject_since(lo, hi) or self.later_subject(lo, hi)
            named = named or self.named_before(lo, hi)  # "... when Mr. Boehner laid it out."
            if named is None and after:  # "In Ohio, Sen. Ann Lee conceded it. “...,” he said"
                named = self.named_before(lo, lo + self.sentences.start(lo, at))
            return named
        for named, end in reversed(cued_places(window)):  # the latest person
            words = after_office(named.split())  # "(Chief of) Staff John F. Kelly said"
            if (
                not _spelled_out(words)
                or _addressed(window, named)
                or _described(window, named, end)
            ):
                continue  # "N.C.", "AFP": no person's name; "told Fox News": the listener;
                # "tracks the 2010 Affordable Care Act, said": a thing after an article
            name = _person(words) or self.given_whole(words)  # "Danforth" of "But Danforth"
            if name and not self.thing(name):
                later = self.later_subject(lo + end, hi)
                if later is None and after:  # "There is a “...,” he said": the sentence before
                    later = self.later_subject(lo + end, lo + self.sentences.start(lo, at))
                return later or name
        return self.subject_since(lo, hi) or self.later_subject(lo, hi)

    def later_subject(
        self, after: int, hi: int, from_start: bool = False, chain: int = CHAIN
    ) -> str | None:
        """The person who opens the last sentence of body[after:hi] as its subject, when that
        sentence starts after `after` and quotes no one ("X said ... Rep. Y, D-Texas,
        agrees. “...,” he says": Y); `from_start`: the sentence may also start at `after`."""
        end = hi
        while end > after and self.body[end - 1] in " \n\u00a0":
            end -= 1
        if end <= after:
            return None
        start = after + self.sentences.start(after, end)
        if start < after or (start == after and not from_start) or _has_mark(self.body, start, end):
            return None
        start = max(start, self.body.rfind("\n", start, end) + 1)  # "Slideshow (3 Images)\n\n
        sentence = self.body[start:end]  # Asked ..., Trump was": a line without a stop ends too
        subject = _subject(sentence)
        if _person_pronoun(subject) and chain and start > after:
            # "X has never endorsed ... And he disagreed ... “...,” he said": X
            return self.later_subject(after, start, from_start, chain - 1)
        if subject is None or subject.kind != "name":
            return None
        if not _followed_by_clause(sentence, subject.text):
            return None  # "Hide Caption 4 of 6", "Story Continued Below": no clause
        last = subject.text.split()[-1]
        words = _words_before(sentence[sentence.find(last) + len(last) :])[:8]
        named = _role_then_person(words, 0)  # "Senate Democratic leader Ann Lee said"
        if named is not None:
            return named.text
        return self.person_named(subject.text.split())

    def named_before(self, lo: int, end: int) -> str | None:
        """The one person the sentence before `end` names ("... a retort from Senate leader
        Ann Lee. “...,” the New York Democrat said": Ann Lee), when it names only one."""
        people = set()
        for run in self.runs_before(lo, end):
            name = _person(run) or self.given_whole(run)
            if not name or self.thing(name) or " " not in name or not _titled_or_given(run, name):
                continue  # a title or a known first name: a person, not "New Hampshire"
            words = set(name.lower().split())
            if (
                _MEDIA.isdisjoint(words)
                and _ORG_HEADS.isdisjoint(words)
                and _NOT_NAMES_LOW.isdisjoint(words)
            ):
                people.add(name)
        return people.pop() if len(people) == 1 else None

    def body_before(self, lo: int, end: int) -> str | None:
        """The one organisation the sentence before `end` names ("The National Rifle
        Association (NRA) hit back. “...,” the group said"), when it names only one."""
        bodies = set()
        for run in self.runs_before(lo, end):
            words = run[1:] if run[0] == "The" else run
            if len(words) > 1 and not _ORG_HEADS.isdisjoint(w.lower() for w in words[1:]):
                bodies.add(" ".join(words))
        return bodies.pop() if len(bodies) == 1 else None

    def runs_before(self, lo: int, end: int) -> list[list[str]]:
        """The runs of capitalised words of the sentence of body[lo:end] that ends at `end`
        (none when it quotes someone)."""
        while end > lo and self.body[end - 1] in " \n\u00a0":
            end -= 1
        start = lo + self.sentences.start(lo, end)
        if end <= lo or _has_mark(self.body, start, end):
            return []
        return [m.group().split() for m in _NAME_RUN.finditer(self.body, start, end)]

    def subject_since(self, lo: int, hi: int) -> str | None:
        """The person who last opens a sentence of body[lo:hi] as its subject ("Mr. Rogers
        took a swipe at ..."), also the first one, right after a quote's closing marks: a
        full name, or a surname the text gives whole or after Mr/Ms/Dr."""
        for m in reversed(list(_SUBJECT_NAME.finditer(self.body, max(0, lo - 2), hi))):
            words = m.group(1).split()
            name = self.whole_name(words)
            if not name or self.thing(name):
                continue
            titled = _TITLE_BEFORE.search(self.body, max(0, m.start(1) - 16), m.start(1))
            if m.group().endswith((" ", "\u00a0")) and not (
                titled or _titled_or_given(words, name)
            ):
                continue  # "Exit Polls, ...": an apposition's capitals alone make no person
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
        if " " in full or words[0].rstrip(".") in _HONORIFICS:
            return full
        if not _possessive(words[-1]) and self.titled_person(single):
            return full  # "Hale", whom the body calls "President Hale" (not "Hale’s aide")
        return ""

    def titled_person(self, surname: str) -> bool:
        """The body writes the surname after a person's title somewhere ("President Hale",
        "Sen. Hale"): a person the text never names in full is still a person."""
        known = self.persons.get(surname)
        if known is None:
            body, size = self.body, len(surname)
            at = body.find(surname)
            while at >= 0 and not (
                not body[at + size : at + size + 1].isalnum()
                and _TITLE_BEFORE.search(body, max(0, at - 16), at)
            ):
                at = body.find(surname, at + size)
            known = self.persons[surname] = at >= 0
        return known

    def given_whole(self, words: list[str]) -> str:
        """The full name of a surname alone ("Trump" of "But Trump") when the text gives it
        whole somewhere ("Donald Trump"), else ""."""
        single = name_of(words)
        full = self.full(single) if single and " " not in single else ""
        return full if " " in full else ""

    def last_person(self, at: int) -> str | None:
        """The last person's full name written before `at` (for a pronoun when no one has
        been quoted yet)."""
        runs = list(_NAME_RUN.finditer(self.body, max(0, at - PRONOUN_REACH), at))
        for m in reversed(runs):  # the last run that is a person's name
            name = _person(m.group().split()) or self.given_whole(m.group().split())
            if not name or self.thing(name) or not _MEDIA.isdisjoint(name.lower().split()):
                continue
            if _addressed(self.body[max(0, m.start() - 12) : m.end()], m.group()):
                continue  # "he told Fox News": the listener
            return name
        return None

    def said(self, speaker: str | None, kind: str | None) -> None:
        """Remember who spoke (a person for later pronouns)."""
        if speaker:
            self.speakers.append(speaker)
            named = kind == "name" or (
                kind in ("group", "subject", "pronoun") and _person(speaker.split()) == speaker
            )  # "X elaborated, saying “...”", "“...,” he said": X is whom a later "he" means
            if named and _ORG_HEADS.isdisjoint(speaker.lower().split()) and not self.thing(speaker):
                self.person = speaker


def _titled_or_given(words: list[str], name: str) -> bool:
    """A name written after a title ("Sen. Ann Lee") or opening with a known first name."""
    return any(w.rstrip(".") in _TITLES for w in words) or bool(name_gender(name))


def _person_pronoun(subject: Speaker | None) -> bool:
    """A sentence's subject is "he" or "she" (whom the sentence before may name)."""
    return subject is not None and subject.kind == "pronoun" and subject.text in _PERSON_PRONOUNS


def _plural_people(text: str) -> bool:
    """A short description of people in the plural, with nothing after its noun ("the two
    commissioners", "the lawmakers")."""
    words = text.lower().split()
    head = words[-1]
    plain = len(words) <= 4 and _FUNCTION.isdisjoint(words)
    return plain and head.endswith("s") and _person_noun(head[:-1])


def _pair(speaker: str) -> bool:
    """Two names joined by "and" ("Jacobs and Thomsen"), as a cue's pair gives them."""
    parts = speaker.split(" and ")
    return len(parts) == 2 and all(
        part and len(part.split()) <= 4 and all(w[:1].isupper() for w in part.split())
        for part in parts
    )


def _followed_by_clause(sentence: str, name: str) -> bool:
    """The name is followed in its sentence by a word in lower case or an apposition ("Lund
    agrees", "Lund, the mayor, agrees"), not by more capitals or a number ("Hide Caption 4")."""
    last = name.split()[-1]
    at = sentence.find(last)
    rest = sentence[at + len(last) :] if at >= 0 else ""
    return rest.startswith(",") or (rest[:1] == " " and rest[1:2].islower())


def _addressed(window: str, named: str) -> bool:
    """The name's last place in the window follows a cue that addresses it ("told Ann Lee",
    "asked Ann Lee"): the listener, not the speaker."""
    at = window.rfind(named)
    before = window[max(0, at - 12) : at].split()
    return bool(before) and before[-1].lower() in _ADDRESSED


def _title_stop(body: str, at: int) -> bool:
    """The full stop at body[at] ends a title or initial ("Mr.", "Gov.", "J."), not a
    sentence."""
    if body[at] != ".":
        return False
    k = at
    while k > 0 and body[k - 1].isalpha():
        k -= 1
    word = body[k:at]
    return len(word) == 1 or word in _TITLES  # the honorifics are titles too


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
    if _adverb_apart(words, k):  # "Booker, meanwhile, sought": the adverb set off by commas
        return [*words[:k], words[k][:-1]]
    if not k or k == len(words) or _possessive(words[k - 1]) or not words[k][:1].islower():
        return []  # an owner ("X's aide"), or no verb right after the name
    if words[k] in ("and", "or") and k + 1 < len(words) and _capital(words[k + 1]):
        return []  # "X and Y, he said": two subjects, neither the pronoun's
    return words[:k]


def _adverb_apart(words: list[str], k: int) -> bool:
    """words[k] is a name's last word with a comma, and a lower-case word set off by commas
    and a verb in lower case follow ("Lee, meanwhile, sought")."""
    return (
        k + 2 < len(words)
        and _capital(words[k])
        and words[k].endswith(",")
        and words[k][-2:-1].isalpha()
        and words[k + 1].endswith(",")
        and words[k + 1][:-1].isalpha()
        and words[k + 1].islower()
        and words[k + 2][:1].islower()
    )


def _described(window: str, named: str, end: int) -> bool:
    """The name that ends at window[end] stands after an article, a number between them ("the
    2010 Affordable Care Act"): a thing's name, no one's."""
    at = window.rfind(named, 0, end)
    return at > 0 and _ARTICLE_BEFORE.search(window, max(0, at - 12), at) is not None


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+(?:\d+\s+)?$", re.IGNORECASE)


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
