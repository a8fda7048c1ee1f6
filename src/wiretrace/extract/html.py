"""HTML pages: trafilatura finds the article, htmldate the date; the text rules then tidy it."""

from __future__ import annotations

import logging
from copy import deepcopy
from dataclasses import dataclass

import lxml.html
import trafilatura
from htmldate import find_date

from wiretrace.extract.text import norm

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_BLOCKS = "//p|//li|//h1|//h2|//h3|//h4|//td|//figcaption|//blockquote|//pre|//dt|//dd"
MAX_TEMPLATE_LINES = 60


@dataclass
class HtmlArticle:
    """What trafilatura and htmldate find in one page."""

    text: str
    title: str | None
    published: str | None
    sitename: str | None
    url: str | None
    outside: list[str]
    comments: list[str]


_COMMENT_SECTIONS = (
    "//*[self::section or self::div or self::aside or self::ol or self::ul or self::article]"
    "[re:test(concat(' ', @class, ' ', @id, ' '), "
    "'[ _-](comments?|comment-?(list|section|thread|area)|disqus_thread|respond|replies)[ _-]',"
    " 'i')]"
)
_NS = {"re": "http://exslt.org/regular-expressions"}


def parse(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree, or None when it cannot be parsed."""
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def drop_comment_sections(tree: lxml.html.HtmlElement) -> list[str]:
    """Remove reader-comment sections from the tree; their text, for the removal record."""
    removed = []
    for node in tree.xpath(_COMMENT_SECTIONS, namespaces=_NS):
        if node.getparent() is None:
            continue
        text = " ".join(node.text_content().split())
        if text:
            removed.append(text[:2000])
        node.drop_tree()
    return removed


def headline(tree: lxml.html.HtmlElement, title: str | None) -> str | None:
    """The page's h1 when it is the fuller form of the metadata title, else the title."""
    for node in tree.xpath("//h1")[:3]:
        text = " ".join(node.text_content().split())
        if text and (not title or (norm(title) in norm(text) and len(text) > len(title))):
            return text if not title or norm(title) != norm(text) else title
    return title


def page_blocks(tree: lxml.html.HtmlElement | None) -> list[str]:
    """The visible text blocks of a whole page, for listing what the extractor left out."""
    if tree is None:
        return []
    blocks = []
    for node in tree.xpath(_BLOCKS):
        text = " ".join(node.text_content().split())
        if text:
            blocks.append(text)
    return blocks


def outside_article(tree: lxml.html.HtmlElement | None, body: str) -> list[str]:
    """Page blocks that are not part of the extracted body: what extraction cut away."""
    kept = norm(body)
    outside, seen = [], set()
    for block in page_blocks(tree):
        key = norm(block)
        if key and key not in kept and key not in seen:
            seen.add(key)
            outside.append(block[:500])
        if len(outside) >= MAX_TEMPLATE_LINES:
            break
    return outside


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article text and metadata of an HTML page (empty text when none is found)."""
    tree = parse(html)
    comments = drop_comment_sections(tree) if tree is not None else []
    for bad in tree.xpath("//script|//style|//noscript|//template") if tree is not None else []:
        bad.drop_tree()
    doc = trafilatura.bare_extraction(
        deepcopy(tree) if tree is not None else html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        with_metadata=True,
    )
    text = (doc.text if doc is not None else "") or ""
    title = doc.title if doc is not None else None
    title = headline(tree, title) if tree is not None else title
    sitename = doc.sitename if doc is not None else None
    found_url = (doc.url if doc is not None else None) or url
    try:
        published = find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        published = None
    return HtmlArticle(
        text=text,
        title=title,
        published=published,
        sitename=sitename,
        url=found_url,
        outside=outside_article(tree, text),
        comments=comments,
    )
