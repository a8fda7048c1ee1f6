"""HTML pages: trafilatura finds the article, htmldate the date; the page's DOM then explains it.

trafilatura returns text lines. Each line is traced back to the DOM element it came from, so
that the cleaning rules can use what the text alone does not show: how much of the line is link
text (a headline list), which kind of container holds it, and where it sits in the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
import trafilatura

from wiretrace.extract.dom import (
    drop_comment_sections,
    drop_invisible,
    flat,
    key,
    parse,
)
from wiretrace.extract.lexicon import WORD
from wiretrace.extract.metadata import headline, page_metadata

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

MAX_TEMPLATE_LINES = 60
MAX_BLOCK_CHARS = 6000  # longer elements are containers, not the source of one line
BODY_SHARE = 0.6  # the article's container is the innermost element with this share of its text
CHUNK_LEVELS = 2  # another chunk of the article sits at most this many levels above its container
MIN_CHUNK_WORDS = 40  # a smaller chunk is a box or a teaser, not a part of the article
SECOND_OPINION_BELOW = 0.5  # recall mode keeping under this share of the paragraphs' words...
COLLAPSED_BELOW = 0.3  # ... and under this share of the balanced mode's text has collapsed
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
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "header"])
_CHUNK_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_CHUNK_SKIP = frozenset(["figure", "figcaption", "aside", "nav", "form", "button", "footer"])


@dataclass
class Block:
    """The DOM element one extracted line came from, with what the DOM says about it."""

    tag: str
    link_density: float  # share of the element's text that is link text
    order: int  # position of the element in the page, in document order
    heading: bool  # a heading, or inside the page's <header>: where headlines and decks sit
    element: lxml.html.HtmlElement | None = field(default=None, repr=False, compare=False)
    position: str = "inside"  # "before", "inside" or "after" the subtree that holds the body
    in_page_link: bool = False  # its link jumps within the page (a table of contents entry)


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


def index_blocks(tree: lxml.html.HtmlElement, wanted: set[str]) -> dict[str, lxml.html.HtmlElement]:
    """The wanted text keys mapped to the innermost element of their first showing."""
    index: dict[str, lxml.html.HtmlElement] = {}
    heads = {" ".join(k.split(" ", 3)[:3]) for k in wanted}
    shortest = min((len(k) for k in wanted), default=0)
    for el in tree.iter(*_BLOCK_TAGS):
        text = el.text_content()
        if len(text) < shortest or len(text) > MAX_BLOCK_CHARS:
            continue
        # a cheap look at the first three words before the whole text is keyed
        if " ".join(WORD.findall(text, 0, 400)[:3]).lower() not in heads:
            continue
        k = key(text)
        if k not in wanted:
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


def links_in_page(el: lxml.html.HtmlElement) -> bool:
    """True when the element's link points into the page itself (`#section`), not elsewhere."""
    link = el if el.tag == "a" else next((a for a in el.iterancestors("a")), None)
    if link is None:
        link = next(el.iter("a"), None)
    return link is not None and (link.get("href") or "").strip().startswith("#")


def describe(
    el: lxml.html.HtmlElement, order: dict[lxml.html.HtmlElement, int] | None = None
) -> Block:
    """The DOM evidence about one element."""
    heading = any(a.tag in _HEADINGS for a in (el, *el.iterancestors()))
    return Block(
        tag=el.tag,
        link_density=link_density(el),
        order=order.get(el, -1) if order else -1,
        heading=heading,
        element=el,
        in_page_link=links_in_page(el),
    )


def trace_lines(
    tree: lxml.html.HtmlElement, lines: list[str]
) -> tuple[list[str], list[Block | None]]:
    """The DOM block of each extracted line (None when it cannot be traced), with the lines
    of the article's other chunks added where the extractor kept only one of them."""
    keys = [key(line) for line in lines]
    index = index_blocks(tree, set(keys))
    found = [index.get(k) for k in keys]
    blocks = [describe(el) if el is not None else None for el in found]
    root = body_root(lines, blocks)
    if root is not None:
        lines, blocks = add_chunks(root, lines, blocks)
        place_blocks(root, blocks)
    return lines, blocks


def signature(el: lxml.html.HtmlElement) -> str | None:
    """An element's tag and classes, the mark a page's template gives all chunks of one kind."""
    classes = " ".join(sorted((el.get("class") or "").split()))
    return f"{el.tag}.{classes}" if classes else None


def chunk_lines(chunk: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The paragraph-level elements of a body chunk, outermost first, without figures."""
    found = []
    for el in chunk.iter(*_CHUNK_BLOCKS):
        if any(
            a.tag in _CHUNK_SKIP or a.tag in _CHUNK_BLOCKS
            for a in el.iterancestors()
            if a is not chunk and _has_ancestor(a, chunk)
        ):
            continue
        if flat(el.text_content()):
            found.append(el)
    return found


def add_chunks(
    root: lxml.html.HtmlElement,
    lines: list[str],
    blocks: list[Block | None],
) -> tuple[list[str], list[Block | None]]:
    """Add the text of the article's other chunks: elements built like its container.

    Templates cut long articles into several containers of one kind, with ads or pictures
    between them; an extractor that settles on one container loses the others. Only chunks
    that follow the container closely, without a headline of their own, continue it.
    """
    sig = signature(root)
    if sig is None:
        return lines, blocks
    near = list(root.iterancestors())[:CHUNK_LEVELS]
    chunks = [
        el
        for el in root.getroottree().iter(root.tag)
        if el is not root
        and signature(el) == sig
        and not _has_ancestor(el, root)
        and any(_has_ancestor(el, a) for a in near)
        and next(el.iter("h1"), None) is None
    ]
    if not chunks:
        return lines, blocks
    order = {el: n for n, el in enumerate(root.getroottree().iter())}
    for block in blocks:
        if block is not None:
            block.order = order.get(block.element, -1)
    kept = {b.element for b in blocks if b is not None}
    have = " ".join(key(line) for line in lines)
    extra: list[tuple[int, str, Block]] = []
    for el in chunks:
        if order[el] <= order[root]:
            continue
        found = []
        for node in chunk_lines(el):
            text = flat(node.text_content())
            if node in kept or key(text) in have:
                continue
            block = describe(node, order)
            if block.link_density < 0.5:
                block.position = "chunk"
                found.append((block.order, text, block))
        if sum(len(WORD.findall(text)) for _, text, _ in found) >= MIN_CHUNK_WORDS:
            extra.extend(found)
    if not extra:
        return lines, blocks
    merged: list[tuple[float, str, Block | None]] = []
    last = -1.0
    for line, block in zip(lines, blocks, strict=True):
        last = block.order if block is not None and block.order >= 0 else last + 1e-6
        merged.append((last, line, block))
    merged.extend(extra)
    merged.sort(key=lambda item: item[0])
    return [m[1] for m in merged], [m[2] for m in merged]


def body_root(lines: list[str], blocks: list[Block | None]) -> lxml.html.HtmlElement | None:
    """The innermost element that holds most of the extracted text: the article's container."""
    weight: dict[lxml.html.HtmlElement, int] = {}
    total = 0
    for line, block in zip(lines, blocks, strict=True):
        if block is None or block.element is None:
            continue
        total += len(line)
        for anc in (block.element, *block.element.iterancestors()):
            weight[anc] = weight.get(anc, 0) + len(line)
    best, depth = None, -1
    for anc, w in weight.items():
        if w >= BODY_SHARE * total:
            d = sum(1 for _ in anc.iterancestors())
            if d > depth:
                best, depth = anc, d
    return best


def place_blocks(root: lxml.html.HtmlElement, blocks: list[Block | None]) -> None:
    """Mark each block before, inside or after the article's container."""
    inside = [
        b is not None
        and b.element is not None
        and (b.element is root or _has_ancestor(b.element, root))
        for b in blocks
    ]
    if not any(inside):
        return
    first, last = inside.index(True), len(inside) - 1 - inside[::-1].index(True)
    for i, block in enumerate(blocks):
        if block is not None and block.position == "chunk":
            block.position = "inside"
        elif block is not None and not inside[i]:
            block.position = "before" if i < first else "after" if i > last else "between"


def _has_ancestor(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    """True when `root` is an ancestor of `el`."""
    return any(a is root for a in el.iterancestors())


def outside_article(tree: lxml.html.HtmlElement, lines: list[str]) -> list[str]:
    """Page blocks that are not part of the extracted body: what extraction cut away."""
    kept = {key(line) for line in lines}
    body = " ".join(key(line) for line in lines)  # in page order: a set's order varies by run
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


def trafilatura_text(tree: lxml.html.HtmlElement, url: str | None, recall: bool) -> str:
    """The text trafilatura finds in a tree, with its fallbacks, in recall or balanced mode."""
    try:
        doc = trafilatura.bare_extraction(
            tree,  # trafilatura works on its own copy of a tree it is given
            url=url,
            include_comments=False,
            include_tables=True,
            favor_recall=recall,
            fast=False,  # trafilatura's fallbacks rescue the pages its main pass misreads
        )
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return ""
    return (doc.text if doc is not None else "") or ""


def paragraph_words(tree: lxml.html.HtmlElement) -> int:
    """How many words the page's paragraphs hold: the most its article can be."""
    return sum(len(WORD.findall(p.text_content())) for p in tree.iter("p"))


def article_text(tree: lxml.html.HtmlElement, url: str | None) -> str:
    """The article's text: trafilatura in recall mode, checked against its balanced mode."""
    return pick_text(
        trafilatura_text(tree, url, recall=True),
        paragraph_words(tree),
        lambda: trafilatura_text(tree, url, recall=False),
    )


def pick_text(recall: str, paragraphs: int, balanced: Callable[[], str]) -> str:
    """Recall mode's text, unless it collapsed: then the balanced mode's.

    Recall mode finds whole articles where the balanced mode settles on a part of one, but
    now and then it settles on a fragment itself. When it keeps little of the page's
    paragraphs, the balanced mode is asked too, and wins when recall mode kept a small share
    of what it finds.
    """
    words = len(WORD.findall(recall))
    if words >= SECOND_OPINION_BELOW * paragraphs:
        return recall
    other = balanced()
    return other if words < COLLAPSED_BELOW * len(WORD.findall(other)) else recall


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article text and metadata of an HTML page (empty text when none is found)."""
    tree = parse(html)
    if tree is None:
        return empty_article(url)
    meta = page_metadata(tree, url)  # before scripts go: JSON-LD states title, author, date
    comments = drop_comment_sections(tree)
    drop_invisible(tree)
    text = article_text(tree, meta.url or url)
    lines = [flat(line) for line in text.splitlines() if line.strip()]
    lines, blocks = trace_lines(tree, lines)
    return HtmlArticle(
        text="\n".join(lines),
        title=headline(tree, meta.title, meta.sitename, meta.url or url),
        published=meta.date,
        sitename=meta.sitename,
        url=meta.url or url,
        author=meta.author,
        outside=outside_article(tree, lines),
        comments=comments,
        blocks=blocks,
    )
