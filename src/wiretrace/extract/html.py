"""HTML pages: trafilatura finds the article, htmldate the date; the text rules then tidy it."""

from __future__ import annotations

import logging
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


def page_blocks(html: str) -> list[str]:
    """The visible text blocks of a whole page, for listing what the extractor left out."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = []
    for node in tree.xpath(_BLOCKS):
        text = " ".join(node.text_content().split())
        if text:
            blocks.append(text)
    return blocks


def outside_article(html: str, body: str) -> list[str]:
    """Page blocks that are not part of the extracted body: what extraction cut away."""
    kept = norm(body)
    outside, seen = [], set()
    for block in page_blocks(html):
        key = norm(block)
        if key and key not in kept and key not in seen:
            seen.add(key)
            outside.append(block[:500])
        if len(outside) >= MAX_TEMPLATE_LINES:
            break
    return outside


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article text and metadata of an HTML page (empty text when none is found)."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        with_metadata=True,
    )
    text = (doc.text if doc is not None else "") or ""
    title = doc.title if doc is not None else None
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
        outside=outside_article(html, text),
    )
