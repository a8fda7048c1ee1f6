"""One body's quotes, quote by quote: the cue next to each quote and the speaker it names,
resolved by what the scan remembers (`state`)."""

from __future__ import annotations

import re
from typing import Any

from wiretrace.consolidate.kernels import NOT_NAMES
from wiretrace.consolidate.quotes.credits import credited
from wiretrace.consolidate.quotes.cues import (
    Speaker,
    _after_cue,
    _before_cue,
    _before_found,
    _np_back,
    _np_forward,
    _subject,
    _verbed_after,
    _verbed_before,
    _words_before,
)
from wiretrace.consolidate.quotes.layout import _sentence_start, layout
from wiretrace.consolidate.quotes.names import _capital, _owner_word, _possessive, name_of
from wiretrace.consolidate.quotes.state import State
from wiretrace.consolidate.quotes.words import (
    _CAPITAL_WORD,
    _MEDIA,
    _NAME_COLON,
    _PARTICIPLES,
    _WEAK_CUES,
    CUE_REACH,
    CUES,
    PRONOUN_REACH,
    SHORT_WORDS,
    WINDOW,
    _has_cue,
)


def quotes(body: str) -> list[dict[str, Any]]:
    """Direct quotes of a body with their speakers: [{"text", "speaker", "cue", "start", "end"}]."""
    scanned = layout(body)
    found, paragraph_starts = scanned.spans, scanned.starts
    if not found:
        return []
    state = State(body, scanned.sentences)
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
    credited(body, out)  # "Ann Lee, The Gazette" on the line after an excerpt
    return out


def _quote(
    body: str,
    found: list[tuple[int, int, int, bool]],
    number: int,
    paragraph_starts: list[int],
    ready: list[int],
    state: State,
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
    if open_at <= opening + 1:  # "..., she said. “...”": the speaker of the sentence before
        cued = _closing_cue(body[max(para_start, state.quoted, opening - WINDOW) : opening])
        name = state.resolve(cued, para_start, open_at) if cued is not None else None
        if name:
            state.said(name, cued.kind if cued else None)
            return _made(body, start, stop, name, None)
    reporter = _reporter(body, opening, open_at)
    if reporter:  # "The Gazette reported .... The chair reportedly “...”": the Gazette's words
        return _made(body, start, stop, reporter, None)
    # no cue: the subject of the quote's own sentence ("The mayor has long complained that the
    # firm gave its crews “...”"), when the sentence says more than a few words before it
    subject = _subject_speaker(body, opening, open_at, para_start, state)
    introduced = labelled or before.rstrip(" \u00a0").endswith(":")  # "Related: “...”"
    if (
        subject is None
        and not introduced
        and state.speakers
        and open_at - state.quoted < LAST_REACH
    ):
        subject = state.speakers[-1]  # speech with no cue goes on from the last speaker
    return _made(body, start, stop, subject, None)


LAST_REACH = 600  # characters from the last cued quote within which its speaker goes on


def _closing_cue(before: str) -> Speaker | None:
    """Who the sentence that ends `before` says spoke, when it closes with its cue ("...,
    she said.", "..., Lund added.", "..., said Lund."), else None."""
    text = before.rstrip()
    if not text.endswith("."):
        return None
    words = _words_before(text[_sentence_start(text[:-1]) : -1])
    if len(words) < 3:
        return None
    if words[-1] in CUES and words[-1] not in _PARTICIPLES:
        speaker = _np_back(words, len(words) - 1)
    elif words[-2] in CUES and _capital(words[-1]):
        speaker = _np_forward(words[-1:])
    else:
        return None
    return speaker if speaker is not None and speaker.kind in ("name", "pronoun") else None


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


def _colon_speaker(words: list[str], state: State) -> str:
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


SUBJECT_WORDS = 3  # words a quote's sentence must say before it for its subject to speak


def _subject_speaker(
    body: str, opening: int, open_at: int, para_start: int, state: State
) -> str | None:
    """The speaker a quote's sentence names as its subject (a name, a role, a body, a
    pronoun resolved), when no cue names one."""
    sentence = body[max(opening, para_start) : open_at]
    if len(sentence.split()) < SUBJECT_WORDS:
        return None
    subject = _subject(sentence)
    if subject is None or subject.kind == "subject" or not state.named(subject):
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
