"""Clean text pages: find the title and the article body among the furniture around it.

A page arrives as lines. Each line first gets the verdict of the line rules (share bar, caption,
appeal...). Then the page's structure decides the rest: the body runs from the first to the last
prose line; what comes before it is header (the title among it), what comes after is trailer,
and a comment-section header cuts everything after it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from wiretrace.extract import kernels, rules
from wiretrace.extract.credit import is_credit_line
from wiretrace.extract.dates import is_date_line
from wiretrace.extract.html import Block
from wiretrace.model import Removal

THREAD_MIN_MARKS = 3  # a thread has at least this many post marks (handles, times, "Reply")
THREAD_MARK_SHARE = 0.3  # ... and they are this share of its lines at least
THREAD_READER_SHARE = 0.25  # ... and this share of its sentences speak as "I" at least,
THREAD_MIN_TIMES = 2  # ... or this many of its marks say when a post was written
_POST_TIME = re.compile(
    r"\b\d+\s*(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b|"
    r"\b(yesterday|today)\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)

OWN_NAME_MAX_WORDS = 20  # a closing line this short that names the site promotes it

_NOT_POSTS = frozenset(["related", "appeal", "caption", "site-link", "separator", "pager"])

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "who",
        "which",
        "what",
        "said",
        "says",
        "will",
        "would",
        "not",
        "no",
        "after",
        "before",
        "over",
        "into",
        "about",
        "than",
        "more",
        "new",
    ]
)


@dataclass(slots=True)
class Line:
    """One non-blank line of a page, with its verdict."""

    index: int
    text: str
    indent: int
    reason: str | None = None
    block: Block | None = None  # the DOM element of an HTML page's line
    repeated: bool = False  # the page prints the line's key more than once
    n: int = 0  # how many words the line has
    chars: int = -1  # how many word characters it has (-1: not counted)
    suspect: bool = True  # some line rule may cut it (see `rules.scan_page`)
    # its gate bits and appeal words (`rules.line_hints`), where the compiled pass gave them
    gates: int = field(default=-1, compare=False)
    hits: int = field(default=-1, compare=False)

    _key: str | None = None

    @property
    def key(self) -> str:
        """The line's comparison key (see `norm`), made when first asked for."""
        if self._key is None:
            self._key = norm(self.text)
        return self._key

    @property
    def shape(self) -> tuple[int, int]:
        """The key's word count and length, known from the line's counts where it has them.

        Lower-casing keeps each word character one word character, but for `İ` (two), which
        no counted line has.
        """
        if self.chars < 0:
            return len(self.key.split()), len(self.key)
        return self.n, self.chars + self.n - 1 if self.n else 0


@dataclass
class Cleaned:
    """The result of cleaning one page."""

    title: str | None
    body: str
    removed: list[Removal] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)
    meta_lines: list[str] = field(default_factory=list)


def split_lines(raw: str) -> list[Line]:
    """The non-blank lines of a page, whitespace inside each line re-flowed, with their counts
    and whether a rule may cut them: from one compiled pass, where the page allows it."""
    found = kernels.page_lines(raw)
    if found is None:
        return split_lines_plain(raw)
    text, rows = found
    lines = []
    for index, start, end, indent, n, chars, flags, gates, hits in rows.tolist():
        own = text[start:end]
        suspect = flags & kernels.SUSPECT or (flags and rules.lead_rule_matches(own))
        lines.append(
            Line(index, own, indent, None, None, False, n, chars, bool(suspect), gates, hits)
        )
    return lines


def split_lines_plain(raw: str) -> list[Line]:
    """`split_lines` by str methods: for pages the compiled pass cannot take, and its tests."""
    lines, forms = [], []
    for index, text in enumerate(raw.splitlines()):
        form = rules.ascii_form(text)
        if form is not None and is_flowed(text):
            lines.append(Line(index=index, text=text, indent=0))
            forms.append(form)
            continue
        stripped = " ".join(text.split())
        if stripped:
            indent = len(text) - len(text.lstrip())
            lines.append(Line(index=index, text=stripped, indent=indent))
            forms.append(rules.ascii_form(stripped))
    scans = rules.scan_page([line.text for line in lines], forms)
    for line, (n, chars, suspect) in zip(lines, scans, strict=True):
        line.n, line.chars, line.suspect = n, chars, suspect
    return lines


def is_flowed(text: str) -> bool:
    """True for a non-blank line with an ASCII form already re-flowed: single spaces between
    words, none at the ends.

    A line with an ASCII form has no blanks outside ASCII, and `splitlines` has cut at the ASCII
    ones other than space, tab and the unit separator.
    """
    return (
        text[:1] not in ("", " ")
        and text[-1:] != " "
        and "  " not in text
        and "\t" not in text
        and "\x1f" not in text
    )


def mark_repeats(lines: list[Line]) -> None:
    """Flag the lines whose key the page prints more than once.

    Equal keys have equal shapes, so keys are made and compared only among lines of one shape
    (on most pages every line has a shape of its own, and no key is made).
    """
    shapes = [line.shape for line in lines]
    counts = Counter(shapes)
    if len(counts) == len(shapes):
        for line in lines:
            line.repeated = False
        return
    keys = Counter(line.key for line, shape in zip(lines, shapes, strict=True) if counts[shape] > 1)
    for line, shape in zip(lines, shapes, strict=True):
        line.repeated = counts[shape] > 1 and keys[line.key] > 1


def content_words(text: str) -> set[str]:
    """Lower-cased words of a text without stop words, for overlap between title and lead."""
    return {w.lower() for w in rules.words(text) if w.lower() not in _STOP and len(w) > 1}


def norm(text: str) -> str:
    """A comparison key: lower-case words only."""
    return " ".join(rules.lower_words(text))


def classify(lines: list[Line], html: bool = False) -> None:
    """Give each line the verdict of the single-line rules (and of its DOM element, if any)."""
    for line in lines:
        if line.suspect:
            line.reason = line_verdict(line.text, html, line.n, line.gates, line.hits)
        else:
            line.reason = None
        if line.reason is None and line.block is not None:
            line.reason = rules.block_reason(line.text, line.block)


@lru_cache(maxsize=4096)
def line_verdict(text: str, html: bool, n: int, gates: int = -1, hits: int = -1) -> str | None:
    """The single-line rules' verdict on a line of n words (gate bits and appeal words as
    `rules.line_hints` gives them, -1 when not known); cached, since a site prints the same
    furniture (`Advertisement`, its newsletter pitch) on page after page."""
    if is_date_line(text):
        return "date"
    if is_credit_line(text):
        return "credit"
    return rules.line_reason(text, html=html, n=n, gates=gates, hits=hits)


def body_span(lines: list[Line]) -> tuple[int, int]:
    """Positions of the first and last prose line not already cut (-1, -1 if none).

    A line printed twice on one page is a headline or furniture, never the body's edge
    (`mark_repeats` has flagged it).
    """
    first = next((i for i, line in enumerate(lines) if is_body_prose(line)), -1)
    if first < 0:
        return -1, -1
    last = next(i for i in range(len(lines) - 1, first - 1, -1) if is_body_prose(lines[i]))
    return first, last


def is_body_prose(line: Line) -> bool:
    """An uncut prose line that the page prints once: one that may be the body's edge."""
    return line.reason is None and not line.repeated and rules.reads_as_prose(line.text, line.n)


def opens_thread(lines: list[Line], i: int, window: int = 6) -> bool:
    """True when what follows line i reads as a comment thread, not as more article.

    A thread is marked up: handles, times, "Reply", numbering (short lines that are not
    sentences), or indented under its header; and readers write "I" where reporters write
    "he said". A comment count printed above or inside the article ("245 Comments") is
    followed by the article's own paragraphs instead.
    """
    after = lines[i + 1 : i + 1 + window]
    if not after:
        return True
    markup = sum(
        1
        for line in after
        if line.indent > lines[i].indent
        or (line.n <= 6 and not line.text.endswith("."))
        or rules.first_person(line.text)
    )
    return markup >= min(2, len(after))


def is_thread(lines: list[Line]) -> bool:
    """True when a run of lines is built like a thread throughout: posts with their handles,
    times and "Reply" links make short non-sentence lines a large share of it, where an
    article's run has a subheading now and then between paragraphs; and its posts say when
    they were written, or their readers write "I" where reporters quote others. The page's
    own furniture (ads, link lists, appeals) among the lines is no post."""
    posts = [line for line in lines if line.reason not in _NOT_POSTS]
    marks = [line for line in posts if line.n <= 6 and not line.text.endswith(".")]
    if len(marks) < THREAD_MIN_MARKS or len(marks) < THREAD_MARK_SHARE * len(posts):
        return False
    times = sum(1 for line in marks if _POST_TIME.search(line.text) or is_date_line(line.text))
    said = [line for line in posts if line.n > 6]
    readers = sum(1 for line in said if rules.first_person(line.text))
    return times >= THREAD_MIN_TIMES or readers >= THREAD_READER_SHARE * len(said)


def cut_comments(lines: list[Line], start: int) -> None:
    """Everything from the first comment-section header after the body start that opens a
    thread is comments; a header that opens none is cut alone as a counter.

    A cut that would take most of the page's words (a widget label near the top) needs the
    stronger evidence of `is_thread` over all it would take: a lost article costs more than
    a thread left in.
    """
    for i in range(max(start, 0) + 1, len(lines)):
        # a header has under 8 words apart, so the line gates never clear it (see
        # `rules.scan_page`): only suspects can be one
        if lines[i].suspect and rules.is_comment_header(lines[i].text):
            rest = lines[i + 1 :]
            kept = sum(line.n for line in lines[:i] if line.reason is None)
            taken = sum(line.n for line in rest if line.reason is None)
            if not opens_thread(lines, i) or (taken > kept and not is_thread(rest)):
                lines[i].reason = "counter"
                continue
            for line in lines[i:]:
                line.reason = "comments"
            return


def cut_own_name(lines: list[Line], site: str) -> bool:
    """Short lines that close the page naming its own outlet, outside its paragraphs, are the
    site's promotion ("Listen to NAME on 98.4 FM" in a box of its own): a report names its
    outlet in the sentences of its paragraphs. Whether any was cut."""
    name = norm(site)
    if len(name) < 3:
        return False
    cut = False
    for line in reversed(lines):
        if line.reason is not None:
            continue
        if (
            line.n > OWN_NAME_MAX_WORDS
            or (line.block is not None and line.block.tag == "p")
            or f" {name} " not in f" {line.key} "
        ):
            break
        line.reason = "site-link"
        cut = True
    return cut


def title_score(line: Line, lead: set[str]) -> float:
    """How much a header line looks like the headline of the lead that follows it."""
    n = line.n
    if n < 3 or n > 40 or (line.text.endswith(".") and n > 25):
        return 0.0
    own = content_words(line.text)
    if not own:
        return 0.0
    overlap = len(own & lead) / len(own)
    return overlap * min(1.0, n / 6) + 0.05


def is_fragment(short: str, long: str) -> bool:
    """True when `short`'s words are a contiguous part of `long` (a title split over lines)."""
    return short != long and f" {short} " in f" {long} "


def choose_title(lines: list[Line], start: int, hint: str | None) -> str | None:
    """The headline: the hint when given, else the header line that best announces the lead."""
    if hint:
        return " ".join(hint.split())
    header = [line for line in lines[:start] if line.reason is None]
    if not header:
        return None
    keys = [line.key for line in header]
    candidates = [
        line
        for line, key in zip(header, keys, strict=True)
        if not any(is_fragment(key, other) for other in keys)
    ]
    lead_text = " ".join(line.text for line in lines[start : start + 4])
    lead = content_words(lead_text)
    scored = [(title_score(line, lead), -i, line) for i, line in enumerate(candidates)]
    best = max(scored, key=lambda s: (s[0], -s[1]), default=None)
    if best is None or best[0] <= 0.05:
        return None
    return best[2].text


def mark_title(lines: list[Line], title: str | None, start: int) -> None:
    """Cut the title, its repeats and its fragments; cut header lines before its first showing."""
    if not title:
        return
    key = norm(title)
    shape = (len(key.split()), len(key))
    first = None
    for i, line in enumerate(lines):
        if i >= start and line.shape != shape:
            continue  # below the header only the title's own key counts: its shape
        own = line.key
        if own == key or (i < start and own and is_fragment(own, key)):
            line.reason = "title" if first is None else "repeated-title"
            first = i if first is None else first
    if first is None or first > start:
        return
    for line in lines[:first]:
        if line.reason is None:
            line.reason = "header"


def in_list_run(lines: list[Line], i: int, size: int = 3, min_words: int = 4) -> bool:
    """True when line i is part of a run of `size` or more uncut lines of some length: a list."""

    def listy(j: int) -> bool:
        """An uncut line long enough to be a list entry."""
        return lines[j].reason is None and lines[j].n >= min_words

    lo = hi = i
    while lo > 0 and listy(lo - 1):
        lo -= 1
    while hi + 1 < len(lines) and listy(hi + 1):
        hi += 1
    return listy(i) and hi - lo + 1 >= size


def mark_edges(lines: list[Line], start: int, end: int) -> None:
    """Short non-prose lines before the body start or after its end are header or trailer.

    A run of list-like lines right after the body (tour dates, results) is kept as body.
    """
    after_nav = False
    for i, line in enumerate(lines):
        if line.reason is not None:
            after_nav = line.reason == "related" or (after_nav and line.reason == "trailer")
            continue
        if i > end and (after_nav or not in_list_run(lines, i)):
            line.reason = "trailer"
        elif i < start and not rules.reads_as_prose(line.text, line.n):
            line.reason = "header"


def restore_inner_appeals(lines: list[Line], html: bool = False) -> None:
    """Appeal-like lines between body prose are the author's own voice unless they sell.

    Bloggers and columnists write "we" and "you"; a site's appeal sits at the edges of the
    article, or asks plainly for money or a subscription. In an extractor's output of an HTML
    page, only a short call to action inside the body is taken for an appeal.
    """
    start, end = body_span(lines)
    keep = rules.is_call_to_action if html else rules.is_sales_pitch
    for line in lines[start + 1 : end] if start >= 0 else []:
        if line.reason == "appeal" and not keep(line.text):
            line.reason = None
    if start < 0 and all(line.reason in ("appeal", None) for line in lines):
        for line in lines:
            line.reason = None  # a page that is all "appeal" is a first-person article


def clean_text(
    raw: str,
    title_hint: str | None = None,
    structured: bool = False,
    blocks: list[Block | None] | None = None,
    site: str | None = None,
) -> Cleaned:
    """Title, body and removals of a plain-text page.

    `structured` is for text already cut out of a page by an extractor: only the line rules
    apply, not the header/trailer positions. `blocks`, one per non-blank line, is the DOM
    evidence of an HTML page's lines; with it the rules take the page's own markup into account.
    `site` is the outlet's own name, when the page gives it.
    """
    lines = split_lines(raw)
    mark_repeats(lines)
    html = blocks is not None
    if blocks is not None and len(blocks) == len(lines):
        for line, block in zip(lines, blocks, strict=True):
            line.block = block
    classify(lines, html=html)
    restore_inner_appeals(lines, html=html)
    start, end = body_span(lines)
    cut_comments(lines, start)
    start, end = body_span(lines)
    if site and cut_own_name(lines, site):
        start, end = body_span(lines)
    title = choose_title(lines, start if start >= 0 else len(lines), title_hint)
    mark_title(lines, title, start if start >= 0 else len(lines))
    if not structured and start >= 0:
        mark_edges(lines, start, end)
    body = "\n\n".join(line.text for line in lines if line.reason is None)
    removed = [
        Removal(text=line.text, reason=line.reason)
        for line in lines
        if line.reason not in (None, "title")
    ]
    return Cleaned(
        title=title,
        body=body,
        removed=removed,
        date_lines=[line.text for line in lines if line.reason == "date"],
        meta_lines=[line.text for line in lines if line.reason in ("credit", "site-link")],
    )


_SITE_NAME = re.compile(r"^(?P<name>[^|–—-]{3,60}?)\s*[|–—-]\s*(https?://)?(www\.)?[\w.-]+\.\w+/?$")


def outlet_from_lines(meta_lines: list[str]) -> str | None:
    """A site name from a `Name – www.site.com` line, if the page has one."""
    for text in meta_lines:
        match = _SITE_NAME.match(text)
        if match:
            return match.group("name").strip()
    return None
