"""HTML pages: trafilatura finds the article, htmldate the date; the page's DOM then explains it.

trafilatura returns text lines. Each line is traced back to the DOM element it came from, so
that the cleaning rules can use what the text alone does not show: how much of the line is link
text (a headline list), which kind of container holds it, and where it sits in the page.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

MAX_TEMPLATE_LINES = 60
MAX_BLOCK_CHARS = 6000  # longer elements are containers, not the source of one line
# htmldate's extensive search parses free text with dateparser: slow, and rarely better
_DATE_PARAMS = {**set_date_params(extensive=False)}
_WORD = re.compile(r"\w+", re.UNICODE)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "dd",
        "dt",
        "td",
        "th",
        "tr",
        "figcaption",
        "pre",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "span",
        "a",
        "strong",
        "b",
        "em",
        "i",
        "font",
        "center",
        "caption",
        "summary",
        "label",
    ]
)
_DROP = "//script|//style|//noscript|//template|//svg|//iframe|//form//input"


@dataclass
class Block:
    """The DOM element one extracted line came from, with what the DOM says about it."""

    tag: str
    link_density: float  # share of the element's text that is link text
    order: int  # position of the element in the page, in document order
    container: str  # tag and class of the element's parent: blocks of one body share it


@dataclass
class HtmlArticle:
    """What trafilatura and htmldate find in one page, line by line with DOM evidence."""

    text: str
    title: str | None
    published: str | None
    sitename: str | None
    url: str | None
    author: str | None = None
    outside: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    blocks: list[Block | None] = field(default_factory=list)  # one per non-blank line of text


_COMMENT_SECTIONS = (
    "//*[self::section or self::div or self::aside or self::ol or self::ul or self::article]"
    "[re:test(concat(' ', @class, ' ', @id, ' '), "
    "'[ _-](comments?|comment-?(list|section|thread|area)|disqus_thread|respond|replies)[ _-]',"
    " 'i')]"
)
_NS = {"re": "http://exslt.org/regular-expressions"}


def key(text: str) -> str:
    """A matching key for a text: its lower-case word tokens."""
    return " ".join(_WORD.findall(text.lower()))


def flat(text: str) -> str:
    """Whitespace re-flowed to single spaces."""
    return " ".join(text.split())


def parse(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree parsed the way trafilatura parses it, or None when unparseable.

    trafilatura's own loader drops HTML comments and repairs common breakage; a tree from
    plain `lxml.html.fromstring` keeps comment nodes, which cost it whole paragraphs.
    """
    try:
        return load_html(html)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None


def drop_comment_sections(tree: lxml.html.HtmlElement) -> list[str]:
    """Remove reader-comment sections from the tree; their text, for the removal record."""
    removed = []
    for node in tree.xpath(_COMMENT_SECTIONS, namespaces=_NS):
        if node.getparent() is None:
            continue
        text = flat(node.text_content())
        if text:
            removed.append(text[:2000])
        node.drop_tree()
    return removed


def drop_invisible(tree: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles, embedded frames and elements the page itself hides."""
    for node in tree.xpath(_DROP):
        if node.getparent() is not None:
            node.drop_tree()
    hidden = (
        "//*[@hidden or @aria-hidden='true' or "
        "re:test(@style, 'display\\s*:\\s*none|visibility\\s*:\\s*hidden', 'i')]"
    )
    for node in tree.xpath(hidden, namespaces=_NS):
        if node.getparent() is not None and node.tag not in ("html", "body"):
            node.drop_tree()


def headline(tree: lxml.html.HtmlElement, title: str | None) -> str | None:
    """The page's h1 when it is the fuller form of the metadata title, else the title."""
    for node in tree.xpath("//h1")[:3]:
        text = flat(node.text_content())
        if text and (not title or (key(title) in key(text) and len(text) > len(title))):
            return text if not title or key(title) != key(text) else title
    return title


def index_blocks(tree: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    """Each text block's key mapped to the innermost element of its first showing."""
    index: dict[str, lxml.html.HtmlElement] = {}
    for el in tree.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in _BLOCK_TAGS:
            continue
        text = el.text_content()
        if len(text) > MAX_BLOCK_CHARS:
            continue
        k = key(text)
        if not k:
            continue
        first = index.get(k)
        # the same text deeper inside the first element is its more precise source; the same
        # text elsewhere in the page (a headline repeated in a list) is not
        if first is None or any(a is first for a in el.iterancestors()):
            index[k] = el
    return index


def link_density(el: lxml.html.HtmlElement) -> float:
    """Share of an element's text that sits inside links."""
    if el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()):
        return 1.0
    total = len(flat(el.text_content()))
    if not total:
        return 0.0
    linked = sum(len(flat(a.text_content())) for a in el.iter("a"))
    return min(linked / total, 1.0)


def describe(el: lxml.html.HtmlElement, order: dict[lxml.html.HtmlElement, int]) -> Block:
    """The DOM evidence about one element."""
    parent = el.getparent()
    container = ""
    if parent is not None:
        container = f"{parent.tag}.{' '.join((parent.get('class') or '').split())}"
    return Block(
        tag=el.tag,
        link_density=link_density(el),
        order=order.get(el, -1),
        container=container,
    )


def trace_lines(tree: lxml.html.HtmlElement, lines: list[str]) -> list[Block | None]:
    """The DOM block each extracted line came from (None when it cannot be traced)."""
    index = index_blocks(tree)
    found = {i: index.get(key(line)) for i, line in enumerate(lines)}
    wanted = {el for el in found.values() if el is not None}
    order: dict[lxml.html.HtmlElement, int] = {}
    if wanted:
        for n, el in enumerate(tree.iter()):
            if el in wanted:
                order[el] = n
    return [describe(el, order) if el is not None else None for el in found.values()]


def outside_article(tree: lxml.html.HtmlElement, lines: list[str]) -> list[str]:
    """Page blocks that are not part of the extracted body: what extraction cut away."""
    kept = {key(line) for line in lines}
    body = " ".join(kept)
    outside, seen = [], set()
    for node in tree.iter("p", "li", "h1", "h2", "h3", "h4", "td", "figcaption", "blockquote"):
        text = flat(node.text_content())
        k = key(text)
        if not k or k in kept or k in seen or k in body:
            continue
        seen.add(k)
        outside.append(text[:500])
        if len(outside) >= MAX_TEMPLATE_LINES:
            break
    return outside


def empty_article(url: str | None) -> HtmlArticle:
    """The result for a page with no usable HTML."""
    return HtmlArticle(text="", title=None, published=None, sitename=None, url=url)


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article text and metadata of an HTML page (empty text when none is found)."""
    tree = parse(html)
    if tree is None:
        return empty_article(url)
    comments = drop_comment_sections(tree)
    drop_invisible(tree)
    try:
        doc = trafilatura.bare_extraction(
            deepcopy(tree),
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=False,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, lxml.etree.LxmlError):
        doc = None
    text = (doc.text if doc is not None else "") or ""
    lines = [flat(line) for line in text.splitlines() if line.strip()]
    title = headline(tree, doc.title if doc is not None else None)
    return HtmlArticle(
        text="\n".join(lines),
        title=title,
        published=doc.date if doc is not None else None,
        sitename=doc.sitename if doc is not None else None,
        url=(doc.url if doc is not None else None) or url,
        author=doc.author if doc is not None else None,
        outside=outside_article(tree, lines),
        comments=comments,
        blocks=trace_lines(tree, lines),
    )
