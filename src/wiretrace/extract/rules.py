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

if TYPE_CHECKING:
    from wiretrace.extract.html import Block

WORD = re.compile(r"\w+", re.UNICODE)

_SOCIAL = (
    r"facebook|twitter|x|linkedin|pinterest|telegram|e-?mail|reddit|whatsapp|messenger|"
    r"flipboard|tumblr|vk|line|viber|bluesky|threads|mastodon|sms|print|copy link|copy"
)
_SHARE = re.compile(
    rf"^(share( this( article| story| page)?)?( on| via| to| by)?\s*({_SOCIAL})?|tweet( this)?|"
    rf"pin( it)?|{_SOCIAL})\s*[:!]?$",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^((total\s+)?(views?|shares?|reads?|comments?|likes?|hits)\s*[:\-]?\s*[\d,.]+\s*[km]?|"
    r"[\d,.]+\s*[km]?\s+(views?|shares?|reads?|comments?|likes?))$",
    re.IGNORECASE,
)
_PAGER = re.compile(
    r"^((«|‹|<|prev(ious)?|first)\s*)?(\d[\d,]*\s*[|·…]?\s*){2,}((next|last|»|›|>)\s*)?$|"
    r"^page \d+ (of|/) \d+$",
    re.IGNORECASE,
)
_NAV_WORDS = (
    r"next|previous|prev|read more|read next|read also|also read|related|related (posts|articles|"
    r"stories|news|content|topics)|more|more (news|stories|from [\w ]+)|don'?t miss|see also|"
    r"recommended( for you)?|popular|most (read|popular|viewed)|trending( now)?|advertisement|"
    r"sponsored( content)?|you may also like|you might also like|latest( news)?|top stories|"
    r"back to top|skip to (main )?content|tags?|topics?|filed under|continue reading|"
    r"load more|show more|sign up|log ?in|subscribe( now)?|"
    r"(previous|next|prev) (article|story|post)|"
    r"now playing|listen( again| live| now)?|watch( live| now| again)?|on air|up next|"
    r"more (on|about) this( story)?|in (other|related) news|editor'?s picks?"
)
_NAV_ALONE = re.compile(rf"^({_NAV_WORDS})\s*[:.!»›>]*$", re.IGNORECASE)
_NAV_LEAD = re.compile(rf"^[\[(]?({_NAV_WORDS})\s*[:»›>|–—-]\s*\S", re.IGNORECASE)
# "Read more: <headline>", "[Related: <headline>]": a pointer to another article
_NAV_POINTER = re.compile(
    r"^[\[(]?(read (more|also|next)|also read|see (more|also)|related( story| article)?|"
    r"more( on this)?|watch|listen|recommended|don'?t miss)\s*:\s*\S",
    re.IGNORECASE,
)
_NAV_CAPS = re.compile(r"^(NEXT|PREVIOUS|READ MORE|READ NEXT|RELATED|ALSO READ|SEE ALSO)\b\s*\S")
_COMMENTS = re.compile(
    r"^(\d+\.\s*)?(\d+\s+)?(replies|repl(y|ies) to|comments?|readers'? comments|reader comments|"
    r"leave a (reply|comment)|post a comment|add a comment|show comments|view comments|"
    r"join the (discussion|conversation)|discussion|responses?|"
    r"what (readers|people|others|you) (are )?say(ing)?|reader (reactions|responses|views)|"
    r"\d+ (comments?|responses?|replies))\s*[:(\d)]*$",
    re.IGNORECASE,
)
_PHOTO_IN_PARENS = (
    r"\(\s*([\w.&/-]+\s+){0,3}(pic|pics|photo|photos|file photo|image|picture|photograph)\s*\)"
)
_PHOTO_AGENCIES = (
    r"\b(getty images|alamy( stock photo)?|shutterstock|istock(photo)?|ap photo|afp photo|"
    r"epa-efe|reuters/[\w ]+|file photo|stock photo|photo credit)\b[\s\w./-]{0,40}"
)
_PHOTO_END = re.compile(rf"({_PHOTO_IN_PARENS}|{_PHOTO_AGENCIES})\.?$", re.IGNORECASE)
# its two alternatives apart, each searched only where its own gate lets it match
_PHOTO_PAREN_END = re.compile(rf"{_PHOTO_IN_PARENS}\.?$", re.IGNORECASE)
_PHOTO_AGENCY_END = re.compile(rf"{_PHOTO_AGENCIES}\.?$", re.IGNORECASE)
_PHOTO_LEAD = re.compile(
    r"^(photo|image|picture|pic|file photo|caption|credit|photograph)\s*(\(|:|/|by\b)",
    re.IGNORECASE,
)
_SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){7,}\b")
_DOMAIN = re.compile(
    r"(https?://\S+|\bwww\.[\w-]+(\.[\w-]+)+|\b[\w-]+\.(com|org|net|co\.uk|news|info|io)\b|"
    r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+)"
)
# what each of `_DOMAIN`'s alternatives holds (it is case-sensitive)
_DOMAIN_GATE = ("://", "www.", "@", ".com", ".org", ".net", ".co.uk", ".news", ".info", ".io")
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\W_]*$", re.UNICODE)
_BYLINE = re.compile(r"^(by|written by|words by|reporting by)\s+\w", re.IGNORECASE)
# who reported, edited or can be reached: the staff note at the foot of an article; the
# note that opens a line (`_CREDITS_LEAD`) or sits inside it (`_CREDITS_INSIDE`)
_CREDITS_LEAD = re.compile(
    r"^\W{0,2}((additional|with|further) )?(reporting|writing|editing|research|compiled|"
    r"produced|translated|translation)( and (reporting|writing|editing|research))? by\b|"
    r"^(have a (news )?tip\b|(e-?mail|contact|reach) (the )?(author|reporter|writer)s?\b)|"
    r"^(e-?mail|contact|reach|write to) [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3} (at|on) "
    r"[\w.+-]+@[\w-]+\.",
    re.IGNORECASE,
)
_CREDITS_INSIDE = re.compile(
    r"\bcontributed( reporting)? to this (report|story|article)\b|"
    r"\b(may|can) be (reached|contacted) (at|on|via)\b",
    re.IGNORECASE,
)
_FOLLOW = re.compile(
    r"^(follow|like|subscribe to) (us|@?[\w'’.&]+( [\w'’.&]+){0,9}) (on|at|via) "
    r"(twitter|facebook|instagram|youtube|linkedin|tiktok|x|https?://)|"
    r"^follow @\w+|^follow (him|her|them|us) on\b",
    re.IGNORECASE,
)
_SHARE_IT = re.compile(
    r"\bshare (this|it)( (story|article|post|page))?( with (a friend|your friends|others))?\W*$",
    re.IGNORECASE,
)

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{12,}’|«[^»]*»")
_ADDRESS = {
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "you're",
    "you've",
    "we're",
    "we've",
    "you'll",
    "we'll",
    "ourselves",
    "yourself",
}
_APPEAL_WORDS = re.compile(
    r"\b(donat\w*|support\w*|subscri\w*|contribut\w*|newsletter|sign up|member(ship)?|"
    r"paywall|advertis\w*|journalism|readers?|help|funding|fund|premium|unlock|"
    r"free trial|inbox|register|patreon)\b",
    re.IGNORECASE,
)


# Cheap gates. A line passes to a costly regex only when it holds, case-folded, a word the
# regex cannot match without: most prose lines hold none, and skip the regex. The gates read
# the line's `ascii_form` lower-cased; a line that has no such form goes to the regexes.
_APPEAL_GATE = (
    "donat",
    "support",
    "subscri",
    "contribut",
    "newsletter",
    "sign up",
    "member",
    "paywall",
    "advertis",
    "journalism",
    "reader",
    "help",
    "fund",
    "premium",
    "unlock",
    "free trial",
    "inbox",
    "register",
    "patreon",
)
_ADDRESS_GATE = frozenset(
    ["we", "us", "our", "ours", "you", "your", "yours", "ourselves", "yourself"]
)
_SALES_GATE = (
    "donat",
    "subscri",
    "newsletter",
    "sign up",
    "membership",
    "paywall",
    "support us",
    "support our",
    "contribute",
    "free trial",
    "unlock",
    "premium",
)
_PHOTO_GATE = ("getty", "alamy", "stock", "photo", "epa-efe", "reuters/")
_AGENCY_GATE = (  # what a match of `_PHOTO_AGENCIES` holds
    *("getty images", "alamy", "shutterstock", "istock", "ap photo", "afp photo", "epa-efe"),
    *("reuters/", "file photo", "stock photo", "photo credit"),
)
# how a line whose credit is in parentheses ends (`$` matches before a final newline too)
_PAREN_ENDS = (")", ").", ")\n", ").\n")
_CREDITS_GATE = ("contributed", "be reached", "be contacted")
_PHRASE_GATE = ("sign up", "free trial")  # the two-word appeal phrases
# Bits of a line's gates: which gates' words its gate form holds, as the compiled line pass
# finds them for every line a rule looks at (see `line_hints`); -1 where not known, and then
# each rule looks for itself.
GATE_APPEAL = 1  # a word of `_APPEAL_GATE`
GATE_ADDRESS = 2  # a word addressing the reader (`may_address`)
GATE_AGENCY = 4  # a word of `_AGENCY_GATE` in the last 160 characters
GATE_SALES = 8  # a word of `_SALES_GATE`
GATE_CREDITS = 16  # a word of `_CREDITS_GATE`
GATE_DOMAIN = 32  # a `_DOMAIN_GATE` string, lower-cased (where the line may hold it)
GATE_SHARE = 64  # "share "
GATE_PHRASE = 128  # a word of `_PHRASE_GATE`
# typographic punctuation common in news text; none of it is a word character
_TYPOGRAPHIC = ("’", "“", "”", "—", "–", "‘", "…")
# ASCII word characters -> "a", all else -> " "; and ASCII non-word characters -> " "
_WORD_BYTES = bytes((ord("a") if b < 128 and WORD.match(chr(b)) else ord(" ")) for b in range(256))
_TOKEN_GAPS = str.maketrans({chr(b): " " for b in range(128) if not WORD.match(chr(b))})


def words(text: str) -> list[str]:
    """The word tokens of a text."""
    return WORD.findall(text)


def lower_words(text: str) -> list[str]:
    """The word tokens of the lower-cased text; by str methods when it has an ASCII form."""
    plain = ascii_form(text)
    if plain is None:
        return WORD.findall(text.lower())
    return plain.lower().translate(_TOKEN_GAPS).split()


def ascii_form(text: str) -> str | None:
    """The text with typographic punctuation made spaces, or None if that leaves it non-ASCII.

    The form has the text's word runs and its ASCII substrings, so str methods on it can stand
    in for regexes; and no character in it folds to another under IGNORECASE (as `ſ` does to s).
    """
    if text.isascii():
        return text
    for mark in _TYPOGRAPHIC:
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
    marks = plain.encode("ascii").translate(_WORD_BYTES)
    return marks.count(b" a") + marks.startswith(b"a")


def address_count(text: str) -> tuple[int, int]:
    """Words that address the reader (we/you/our...) outside quotations, and all such words."""
    unquoted = _QUOTED.sub(" ", text)
    tokens = [t.replace("’", "'") for t in re.findall(r"[\w’']+", unquoted)]
    # "US" (the country) is not "us": only lower-case or capitalised forms address the reader
    hits = sum(1 for t in tokens if t.lower() in _ADDRESS and not (len(t) > 1 and t.isupper()))
    return hits, len(tokens)


def may_address(low: str | None) -> bool:
    """False only when a gate form has no word that could address the reader (we, your...).

    Every such word, apostrophe forms included, starts with one of the gate's words, which the
    form shows as a word of its own once apostrophes and other punctuation are spaces.
    """
    if low is None:
        return True
    return not _ADDRESS_GATE.isdisjoint(low.translate(_TOKEN_GAPS).split())


_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"}


def first_person(text: str) -> bool:
    """A line where someone speaks as "I" outside quotation marks: a reader, not a report."""
    unquoted = _QUOTED.sub(" ", text)
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
        if not (may_hold(low, _APPEAL_GATE) and may_address(low)):
            return False
        hits = appeal_hits(text, low)
    if not hits:
        return False
    addressed, total = address_count(text)
    if addressed >= 2 and addressed >= 0.06 * total:
        return True
    return addressed >= 1 and hits >= 2 and total <= 40


# `_APPEAL_WORDS` as a gate form's tokens show it: whole words, stems, and two-word phrases
_APPEAL_STEMS = ("donat", "support", "subscri", "contribut", "advertis")
_APPEAL_TOKENS = frozenset(
    [
        *("newsletter", "member", "membership", "paywall", "journalism", "reader", "readers"),
        *("help", "funding", "fund", "premium", "unlock", "inbox", "register", "patreon"),
    ]
)
_APPEAL_PHRASES = re.compile(r"\b(sign up|free trial)\b", re.IGNORECASE)


def appeal_hits(text: str, low: str | None) -> int:
    """How many `_APPEAL_WORDS` matches a line has; counted on its gate form `low` when it has
    one: each match there is a whole token (or two, for a phrase), found without the regex."""
    if low is None:
        return len(_APPEAL_WORDS.findall(text))
    hits = appeal_tokens(low)
    if "sign up" in low or "free trial" in low:  # in the line itself the space is a space
        hits += len(_APPEAL_PHRASES.findall(text))
    return hits


def appeal_tokens(low: str) -> int:
    """How many tokens of a gate form are appeal words (whole, or by their stems)."""
    hits = 0
    for token in low.translate(_TOKEN_GAPS).split():
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
        (_APPEAL_GATE, GATE_APPEAL),
        (_SALES_GATE, GATE_SALES),
        (_CREDITS_GATE, GATE_CREDITS),
        (("share ",), GATE_SHARE),
        (_PHRASE_GATE, GATE_PHRASE),
        (tuple(n.lower() for n in _DOMAIN_GATE), GATE_DOMAIN),
    ]
    gates = sum(bit for needles, bit in groups if may_hold(low, needles))
    gates |= GATE_AGENCY if may_hold(low[-160:], _AGENCY_GATE) else 0
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
        gate = may_hold(gate_form(text) if low is None else low, _SALES_GATE)
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
    if _PHOTO_LEAD.match(text) and word_count(text) <= 40:
        return True
    # a slug has seven hyphens; an address may hold a slug, a caption holds it bare
    if text.count("-") >= 7 and _SLUG.search(_URL.sub(" ", text)):
        return True
    tail = text[-160:]  # the credit ends the line: no need to scan all
    if tail.endswith(_PAREN_ENDS) and _PHOTO_PAREN_END.search(tail):
        return True
    if gates >= 0:
        agency = bool(gates & GATE_AGENCY)
    else:
        low = gate_form(text) if low is None else low
        agency = may_hold(None if low is None else low[-160:], _AGENCY_GATE)
    return agency and bool(_PHOTO_AGENCY_END.search(tail))


def is_byline(text: str, n: int, low: str | None, gates: int = -1) -> bool:
    """A byline or staff note (`By ...`, `Reporting by ...`, `... contributed to this report`)."""
    if n <= 8 and _BYLINE.match(text):
        return True
    credits = bool(gates & GATE_CREDITS) if gates >= 0 else may_hold(low, _CREDITS_GATE)
    return n <= 60 and bool(_CREDITS_LEAD.match(text) or (credits and _CREDITS_INSIDE.search(text)))


def line_reason(
    text: str, html: bool = False, n: int | None = None, gates: int = -1, hits: int = -1
) -> str | None:
    """Why this single line is not article body, or None when it may be.

    `html` is for lines an extractor already chose from a page's markup: there a bare domain
    or address is part of the text (a source, a contact), and only a plain sales pitch is an
    appeal. `n` is the line's `word_count`, when the caller knows it; `gates` and `hits` what
    `line_hints` gives for it (-1: not known).
    """
    if _SEPARATOR.match(text):
        return "separator"
    n = word_count(text) if n is None else n
    if n <= 6 and _SHARE.match(text):
        return "share-bar"
    if _COUNTER.match(text):
        return "counter"
    if _PAGER.match(text):
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
    if n <= 15 and not html and any(map(text.__contains__, _DOMAIN_GATE)) and _DOMAIN.search(text):
        return "site-link"
    if is_byline(text, n, low):
        return "byline"
    if n <= 40 and _FOLLOW.search(text):
        return "appeal"
    if n <= 12 and (low is None or "share " in low) and _SHARE_IT.search(text):
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
    if n <= 15 and not html and gates & GATE_DOMAIN and _DOMAIN.search(text):
        return "site-link"
    if is_byline(text, n, None, gates):
        return "byline"
    if n <= 40 and _FOLLOW.search(text):
        return "appeal"
    if n <= 12 and gates & GATE_SHARE and _SHARE_IT.search(text):
        return "share-bar"
    return None


def nav_reason(text: str, n: int) -> str | None:
    """Why a line of n words is navigation ("related"): a label or a pointer elsewhere."""
    if n <= 12 and _NAV_ALONE.match(text):
        return "related"
    if (n <= 12 or (n <= 30 and "|" in text)) and _NAV_LEAD.match(text):
        return "related"
    if n <= 25 and _NAV_POINTER.match(text) and not text.rstrip().endswith((".", "?", "!")):
        return "related"
    if n <= 25 and _NAV_CAPS.match(text):
        return "related"
    return None


def is_comment_header(text: str) -> bool:
    """A line that opens a reader-comment section."""
    return bool(_COMMENTS.match(text.strip()))


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
    _SEPARATOR,
    _COUNTER,
    _PAGER,
    _NAV_LEAD,
    _NAV_POINTER,
    _NAV_CAPS,
    _PHOTO_LEAD,
    _IMPERATIVE,
    _CREDITS_LEAD,
    _FOLLOW,
)
# The words these rules' matches open with (as prefixes), after up to two marks, a bracket
# or a parenthesis; a line opening with anything but a letter is left to the rules.
_LEAD_WORDS = (
    *("total", "view", "share", "read", "comment", "like", "hit", "prev", "first", "page"),
    *("next", "also", "related", "more", "don", "see", "recommended", "popular", "most"),
    *("trending", "advertisement", "sponsored", "you", "latest", "top", "back", "skip", "tag"),
    *("topic", "filed", "continue", "load", "show", "sign", "log", "subscribe", "now"),
    *("listen", "watch", "on", "up", "in", "editor", "photo", "image", "pic", "file"),
    *("caption", "credit", "please", "click", "tap", "donate", "support", "join", "become"),
    *("register", "get", "try", "give", "follow", "additional", "with", "further"),
    *("reporting", "writing", "editing", "research", "compiled", "produced", "translat"),
    *("have", "email", "e-mail", "contact", "reach", "write"),
)
_LEADS_BY_START: dict[str, tuple[str, ...]] = {}
for _word in _LEAD_WORDS:
    _LEADS_BY_START[_word[:2]] = (*_LEADS_BY_START.get(_word[:2], ()), _word)
_LEAD_MARKS = " \"'“‘([*•·—–-"  # none of them a word character


def may_lead(text: str) -> bool:
    """False only when no start-anchored rule of `_LONG_LEADS` can match the line."""
    head = text.lstrip(_LEAD_MARKS)[:16]
    if not (head[:1].isalpha() and head.isascii()):
        return lead_rule_matches(text)
    head = head.lower()
    words = _LEADS_BY_START.get(head[:2])
    return words is not None and head.startswith(words) and lead_rule_matches(text)


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
    marks = page.encode("ascii").translate(_WORD_BYTES)
    low = page.lower()
    hits = _needle_lines(low, starts, _PHOTO_GATE)
    for i in _needle_lines(low.translate(_TOKEN_GAPS) + " ", starts, _ADDRESS_WORDS, shift=1):
        if may_hold(low[starts[i] : starts[i] + len(forms[i] or "")], _APPEAL_GATE):
            hits.add(i)
    credits = _needle_lines(low, starts, _CREDITS_GATE)
    out = []
    for i, (text, form, at) in enumerate(zip(texts, forms, starts, strict=True)):
        if form is None:
            out.append((word_count(text), -1, True))
            continue
        n = marks.count(b" a", at - 1, at + len(form))
        chars = marks.count(b"a", at, at + len(form))
        suspect = (
            n <= 15
            or text.endswith(_PAREN_ENDS)
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
