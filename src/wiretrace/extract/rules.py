"""Line rules: recognise page furniture (share bars, appeals, captions, counters, pagers, ...).

Each rule looks at one line of text and returns the reason it is not article body, or None.
They are deliberately about the *kind* of line (its form and its address to the reader), not
about any particular site, so that they carry to pages nobody here has seen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from wiretrace.extract.lexicon import (
    ADDRESS,
    ADDRESS_GATE,
    AGENCY_GATE,
    APPEAL_GATE,
    APPEAL_WORDS,
    BYLINE,
    COMMENTS,
    COUNTER,
    CREDITS_GATE,
    CREDITS_INSIDE,
    CREDITS_LEAD,
    DOMAIN,
    DOMAIN_GATE,
    FOLLOW,
    GATE_ADDRESS,
    GATE_AGENCY,
    GATE_APPEAL,
    GATE_CREDITS,
    GATE_DOMAIN,
    GATE_PHRASE,
    GATE_SALES,
    GATE_SHARE,
    NAV_ALONE,
    NAV_CAPS,
    NAV_LEAD,
    NAV_POINTER,
    PAGER,
    PAREN_ENDS,
    PHOTO_AGENCY_END,
    PHOTO_GATE,
    PHOTO_LEAD,
    PHOTO_PAREN_END,
    PHRASE_GATE,
    QUOTED,
    SALES_GATE,
    SEPARATOR,
    SHARE,
    SHARE_IT,
    SLUG,
    TOKEN_GAPS,
    TYPOGRAPHIC,
    URL,
    WORD,
    WORD_BYTES,
)

if TYPE_CHECKING:
    from wiretrace.extract.html import Block


def words(text: str) -> list[str]:
    """The word tokens of a text."""
    return WORD.findall(text)


def lower_words(text: str) -> list[str]:
    """The word tokens of the lower-cased text; by str methods when it has an ASCII form."""
    plain = ascii_form(text)
    if plain is None:
        return WORD.findall(text.lower())
    return plain.lower().translate(TOKEN_GAPS).split()


def ascii_form(text: str) -> str | None:
    """The text with typographic punctuation made spaces, or None if that leaves it non-ASCII.

    The form has the text's word runs and its ASCII substrings, so str methods on it can stand
    in for regexes; and no character in it folds to another under IGNORECASE (as `ſ` does to s).
    """
    if text.isascii():
        return text
    for mark in TYPOGRAPHIC:
        text = text.replace(mark, " ")
    return text if text.isascii() else None


def gate_form(text: str) -> str | None:
    """The lower-cased `ascii_form` the gates read, or None (then no gate may skip a regex)."""
    plain = ascii_form(text)
    return None if plain is None else plain.lower()


def may_hold(low: str | None, needles: tuple[str, ...]) -> bool:
    """False only when a gate form holds none of the needles (None: it may hold any)."""
    return low is None or any(map(low.__contains__, needles))


@lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    """How many words a line has; cached, since several rules ask of the same line.

    Counted as word starts in a byte map of the line's ASCII form, which is `len(words(text))`
    without making a string of each word.
    """
    plain = ascii_form(text)
    if plain is None:
        return len(WORD.findall(text))
    marks = plain.encode("ascii").translate(WORD_BYTES)
    return marks.count(b" a") + marks.startswith(b"a")


def address_count(text: str) -> tuple[int, int]:
    """Words that address the reader (we/you/our...) outside quotations, and all such words."""
    unquoted = QUOTED.sub(" ", text)
    tokens = [t.replace("’", "'") for t in re.findall(r"[\w’']+", unquoted)]
    # "US" (the country) is not "us": only lower-case or capitalised forms address the reader
    hits = sum(1 for t in tokens if t.lower() in ADDRESS and not (len(t) > 1 and t.isupper()))
    return hits, len(tokens)


def may_address(low: str | None) -> bool:
    """False only when a gate form has no word that could address the reader (we, your...).

    Every such word, apostrophe forms included, starts with one of the gate's words, which the
    form shows as a word of its own once apostrophes and other punctuation are spaces.
    """
    if low is None:
        return True
    return not ADDRESS_GATE.isdisjoint(low.translate(TOKEN_GAPS).split())


_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"}


def first_person(text: str) -> bool:
    """A line where someone speaks as "I" outside quotation marks: a reader, not a report."""
    unquoted = QUOTED.sub(" ", text)
    return any(
        t.lower().replace("’", "'") in _FIRST_PERSON for t in re.findall(r"[\w’']+", unquoted)
    )


def is_appeal(text: str, low: str | None = None, gates: int = -1, hits: int = -1) -> bool:
    """A line where the site speaks to its reader and asks for something (donate, subscribe).

    `low` is the line's `gate_form`, when the caller has it; `gates` and `hits` its gate bits
    and appeal words as `line_hints` gives them, when known.
    """
    if gates >= 0:
        if not (gates & GATE_APPEAL and gates & GATE_ADDRESS):
            return False
        if gates & GATE_PHRASE:
            hits += len(_APPEAL_PHRASES.findall(text))
    else:
        low = gate_form(text) if low is None else low
        if not (may_hold(low, APPEAL_GATE) and may_address(low)):
            return False
        hits = appeal_hits(text, low)
    if not hits:
        return False
    addressed, total = address_count(text)
    if addressed >= 2 and addressed >= 0.06 * total:
        return True
    return addressed >= 1 and hits >= 2 and total <= 40


# `APPEAL_WORDS` as a gate form's tokens show it: whole words, stems, and two-word phrases
_APPEAL_STEMS = ("donat", "support", "subscri", "contribut", "advertis")
_APPEAL_TOKENS = frozenset(
    [
        *("newsletter", "member", "membership", "paywall", "journalism", "reader", "readers"),
        *("help", "funding", "fund", "premium", "unlock", "inbox", "register", "patreon"),
    ]
)
_APPEAL_PHRASES = re.compile(r"\b(sign up|free trial)\b", re.IGNORECASE)


def appeal_hits(text: str, low: str | None) -> int:
    """How many `APPEAL_WORDS` matches a line has; counted on its gate form `low` when it has
    one: each match there is a whole token (or two, for a phrase), found without the regex."""
    if low is None:
        return len(APPEAL_WORDS.findall(text))
    hits = appeal_tokens(low)
    if "sign up" in low or "free trial" in low:  # in the line itself the space is a space
        hits += len(_APPEAL_PHRASES.findall(text))
    return hits


def appeal_tokens(low: str) -> int:
    """How many tokens of a gate form are appeal words (whole, or by their stems)."""
    hits = 0
    for token in low.translate(TOKEN_GAPS).split():
        if token in _APPEAL_TOKENS or token.startswith(_APPEAL_STEMS):
            hits += 1
    return hits


def line_hints(text: str) -> tuple[int, int]:
    """A line's gate bits (`GATE_*`) and appeal tokens, by str methods: what the compiled line
    pass finds for the lines a rule looks at; (-1, -1) for a line without a gate form. Only
    the appeal rule asks for the address bit and the tokens, and only past its own gate: a
    line without `GATE_APPEAL` has neither (tokens -1)."""
    low = gate_form(text)
    if low is None:
        return -1, -1
    groups = [
        (APPEAL_GATE, GATE_APPEAL),
        (SALES_GATE, GATE_SALES),
        (CREDITS_GATE, GATE_CREDITS),
        (("share ",), GATE_SHARE),
        (PHRASE_GATE, GATE_PHRASE),
        (tuple(n.lower() for n in DOMAIN_GATE), GATE_DOMAIN),
    ]
    gates = sum(bit for needles, bit in groups if may_hold(low, needles))
    gates |= GATE_AGENCY if may_hold(low[-160:], AGENCY_GATE) else 0
    if not gates & GATE_APPEAL:
        return gates, -1
    gates |= GATE_ADDRESS if may_address(low) else 0
    return gates, appeal_tokens(low)


_SALES = re.compile(
    r"\b(donat\w*|subscri\w*|newsletter|sign up|membership|paywall|support (us|our)|"
    r"contribute|free trial|unlock|premium)\b",
    re.IGNORECASE,
)


_IMPERATIVE = re.compile(
    r"^(please\s+)?((click|tap) (here|below) (to|and) )?"
    r"(sign up|subscribe|donate|support|join|become|register|get|try|give|follow)\b",
    re.IGNORECASE,
)


def is_sales_pitch(text: str, low: str | None = None, gates: int = -1) -> bool:
    """An appeal that asks for money, a subscription or a sign-up in plain words."""
    if gates >= 0:
        gate = bool(gates & GATE_SALES)
    else:
        gate = may_hold(gate_form(text) if low is None else low, SALES_GATE)
    return gate and bool(_SALES.search(text))


def is_call_to_action(
    text: str, low: str | None = None, n: int | None = None, gates: int = -1
) -> bool:
    """A short line that tells the reader to sign up, subscribe or donate (`n`: its
    `word_count`, when the caller knows it)."""
    return (
        bool(_IMPERATIVE.match(text))
        and (word_count(text) if n is None else n) <= 25
        and is_sales_pitch(text, low, gates)
    )


def is_caption(text: str, low: str | None = None, gates: int = -1) -> bool:
    """A photo caption or credit: ends in a picture credit, starts with one, or holds a slug."""
    if PHOTO_LEAD.match(text) and word_count(text) <= 40:
        return True
    # a slug has seven hyphens; an address may hold a slug, a caption holds it bare
    if text.count("-") >= 7 and SLUG.search(URL.sub(" ", text)):
        return True
    tail = text[-160:]  # the credit ends the line: no need to scan all
    if tail.endswith(PAREN_ENDS) and PHOTO_PAREN_END.search(tail):
        return True
    if gates >= 0:
        agency = bool(gates & GATE_AGENCY)
    else:
        low = gate_form(text) if low is None else low
        agency = may_hold(None if low is None else low[-160:], AGENCY_GATE)
    return agency and bool(PHOTO_AGENCY_END.search(tail))


def is_byline(text: str, n: int, low: str | None, gates: int = -1) -> bool:
    """A byline or staff note (`By ...`, `Reporting by ...`, `... contributed to this report`)."""
    if n <= 8 and BYLINE.match(text):
        return True
    credits = bool(gates & GATE_CREDITS) if gates >= 0 else may_hold(low, CREDITS_GATE)
    return n <= 60 and bool(CREDITS_LEAD.match(text) or (credits and CREDITS_INSIDE.search(text)))


def line_reason(
    text: str, html: bool = False, n: int | None = None, gates: int = -1, hits: int = -1
) -> str | None:
    """Why this single line is not article body, or None when it may be.

    `html` is for lines an extractor already chose from a page's markup: there a bare domain
    or address is part of the text (a source, a contact), and only a plain sales pitch is an
    appeal. `n` is the line's `word_count`, when the caller knows it; `gates` and `hits` what
    `line_hints` gives for it (-1: not known).
    """
    if SEPARATOR.match(text):
        return "separator"
    n = word_count(text) if n is None else n
    if n <= 6 and SHARE.match(text):
        return "share-bar"
    if COUNTER.match(text):
        return "counter"
    if PAGER.match(text):
        return "pager"
    if n <= 30 and (reason := nav_reason(text, n)):
        return reason
    if gates >= 0:
        return _gated_reason(text, html, n, gates, hits)
    low = gate_form(text)
    if is_caption(text, low):
        return "caption"
    if is_call_to_action(text, low, n) or (
        is_appeal(text, low) and (not html or is_sales_pitch(text, low))
    ):
        return "appeal"
    if n <= 15 and not html and any(map(text.__contains__, DOMAIN_GATE)) and DOMAIN.search(text):
        return "site-link"
    if is_byline(text, n, low):
        return "byline"
    if n <= 40 and FOLLOW.search(text):
        return "appeal"
    if n <= 12 and (low is None or "share " in low) and SHARE_IT.search(text):
        return "share-bar"
    return None


def _gated_reason(text: str, html: bool, n: int, gates: int, hits: int) -> str | None:
    """The rest of `line_reason`, from the caption rule on, for a line whose gate bits and
    appeal words are known (`line_hints`)."""
    if is_caption(text, None, gates):
        return "caption"
    if is_call_to_action(text, None, n, gates) or (
        is_appeal(text, None, gates, hits) and (not html or is_sales_pitch(text, None, gates))
    ):
        return "appeal"
    if n <= 15 and not html and gates & GATE_DOMAIN and DOMAIN.search(text):
        return "site-link"
    if is_byline(text, n, None, gates):
        return "byline"
    if n <= 40 and FOLLOW.search(text):
        return "appeal"
    if n <= 12 and gates & GATE_SHARE and SHARE_IT.search(text):
        return "share-bar"
    return None


def nav_reason(text: str, n: int) -> str | None:
    """Why a line of n words is navigation ("related"): a label or a pointer elsewhere."""
    if n <= 12 and NAV_ALONE.match(text):
        return "related"
    if (n <= 12 or (n <= 30 and "|" in text)) and NAV_LEAD.match(text):
        return "related"
    if n <= 25 and NAV_POINTER.match(text) and not text.rstrip().endswith((".", "?", "!")):
        return "related"
    if n <= 25 and NAV_CAPS.match(text):
        return "related"
    return None


def is_comment_header(text: str) -> bool:
    """A line that opens a reader-comment section."""
    return bool(COMMENTS.match(text.strip()))


@lru_cache(maxsize=8192)
def is_prose(text: str) -> bool:
    """A line that reads as article prose: a full sentence of some length."""
    return reads_as_prose(text, word_count(text))


def reads_as_prose(text: str, n: int) -> bool:
    """`is_prose` of a line whose word count n is known."""
    if n >= 20:
        return True
    return n >= 8 and text.rstrip()[-1:] in '.!?"”’»)…:;'


_URL_TEXT = re.compile(r"^\W*(https?://|www\.)\S+\W*$", re.IGNORECASE)


def block_reason(text: str, block: Block) -> str | None:
    """Why a line is not body, from its DOM element and where it sits around the article.

    A line that is all link is a headline link (unless the link text is its own address:
    writers cite sources that way, or the link jumps within the page: a table of contents).
    Before the article's container, headings and the page header hold the headline and deck,
    and short lines are labels; after it comes the page's furniture (related stories,
    newsletters, notices).
    """
    if block.in_page_link:
        return None  # the article's own structure: its contents, or a heading that links to itself
    if block.link_density >= 0.8 and not _URL_TEXT.match(text):
        return "related"
    if block.position == "before" and (block.heading or not is_prose(text)):
        return "header"
    if block.position == "after" or (block.position == "between" and not is_prose(text)):
        return "trailer"
    return None


# Start-anchored rules that can match a line of over 15 words (the shorter lines are all
# looked at): a line that starts like none of them is cut by none of them.
_LONG_LEADS = (
    SEPARATOR,
    COUNTER,
    PAGER,
    NAV_LEAD,
    NAV_POINTER,
    NAV_CAPS,
    PHOTO_LEAD,
    _IMPERATIVE,
    CREDITS_LEAD,
    FOLLOW,
)
# The words (or first words) these rules' matches open with, as prefixes, after up to two
# marks, a bracket or a parenthesis; a line opening with anything but a letter is left to them.
_CREDITED = ("reporting", "writing", "editing", "research", "compiled", "produced", "translat")
_LEAD_WORDS = (
    *("total", "view", "share", "read", "comment", "like", "hits", "prev", "first", "page", "next"),
    *("also read", "related", "more", "don", "see also", "see more", "recommended", "popular"),
    *("most read", "most popular", "most viewed", "trending", "advertisement", "sponsored", "tag"),
    *("you may", "you might", "latest", "top stories", "back to top", "skip to", "topic", "log"),
    *("filed under", "continue reading", "load more", "show more", "sign", "subscribe", "listen"),
    *("now playing", "watch", "on air", "up next", "in other", "in related", "editor", "photo"),
    *("image", "pic", "file", "caption", "credit", "please", "click", "tap", "donate", "support"),
    *("join", "become", "register", "get", "try", "give", "follow", "additional", "further"),
    *(*_CREDITED, *(f"with {w}" for w in _CREDITED)),
    *("have a", "email", "e-mail", "contact", "reach", "write"),
)
_LEAD_MARKS = " \"'“‘([*•·—–-"  # none of them a word character


def may_lead(text: str) -> bool:
    """False only when no start-anchored rule of `_LONG_LEADS` can match the line."""
    head = text.lstrip(_LEAD_MARKS)[:16]
    if not (head[:1].isalpha() and head.isascii()):
        return lead_rule_matches(text)
    return head.lower().startswith(_LEAD_WORDS) and lead_rule_matches(text)


def lead_rule_matches(text: str) -> bool:
    """Some start-anchored rule of `_LONG_LEADS` matches the line."""
    return any(p.match(text) for p in _LONG_LEADS)


_ADDRESS_WORDS = (" our", " you", " we ", " us ")  # every address word starts with one


def scan_page(
    texts: list[str], forms: list[str | None] | None = None
) -> list[tuple[int, int, bool]]:
    """For each line of a page: its word count, how many word characters it has (-1 when not
    counted), and whether any line rule may cut it.

    Only the suspects need `is_date_line`, `is_credit_line` and `line_reason`: the others are
    over 15 words and 8 tokens long (no date, credit, label or short-line rule fits them),
    start like no anchored rule, hold no slug, end in no parenthesis, and not the words the other
    rules need. Those words are looked for once in the whole page, as are the word counts.
    `forms` are the lines' `ascii_form`s, when the caller has them.
    """
    forms = [ascii_form(text) for text in texts] if forms is None else forms
    starts, at = [], 1
    for form in forms:
        starts.append(at)
        at += len(form or "") + 1
    page = " " + "\n".join(form or "" for form in forms)
    marks = page.encode("ascii").translate(WORD_BYTES)
    low = page.lower()
    hits = _needle_lines(low, starts, PHOTO_GATE)
    for i in _needle_lines(low.translate(TOKEN_GAPS) + " ", starts, _ADDRESS_WORDS, shift=1):
        if may_hold(low[starts[i] : starts[i] + len(forms[i] or "")], APPEAL_GATE):
            hits.add(i)
    credits = _needle_lines(low, starts, CREDITS_GATE)
    out = []
    for i, (text, form, at) in enumerate(zip(texts, forms, starts, strict=True)):
        if form is None:
            out.append((word_count(text), -1, True))
            continue
        n = marks.count(b" a", at - 1, at + len(form))
        chars = marks.count(b"a", at, at + len(form))
        suspect = (
            n <= 15
            or text.endswith(PAREN_ENDS)
            or i in hits
            or (n <= 60 and i in credits)
            or text.count("-") >= 7
            or len(text.split(None, 8)) <= 8
            or may_lead(text)
        )
        out.append((n, chars, suspect))
    return out


def _needle_lines(
    low: str, starts: list[int], needles: tuple[str, ...], shift: int = 0
) -> set[int]:
    """Indexes of the lines (starting at `starts` in `low`) that hold one of the needles.

    `shift` is how far into a needle the line's own text begins (a leading space).
    """
    found = set()
    for needle in needles:
        at = low.find(needle)
        while at >= 0:
            found.add(bisect_right(starts, at + shift) - 1)
            at = low.find(needle, at + 1)
    return found
