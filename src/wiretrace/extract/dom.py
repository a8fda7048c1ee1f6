"""The page's DOM before extraction: parsed as trafilatura parses it, reader comments and what
the page hides taken out (prose a script reveals kept), and the text keys both sides match by."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.utils import load_html

from wiretrace.extract.lexicon import WORD

PROSE_PARAGRAPH_WORDS = 12  # a paragraph this long is running text


PROSE_WORDS = 60  # a hidden element with this much running text is content a script reveals


_DROP = "//script|//style|//noscript|//template|//svg|//iframe|//form//input"


_COMMENT_TAGS = ("section", "div", "aside", "ol", "ul", "article")


_COMMENT_NAMES = re.compile(
    r"[ _-](comments?|comment-?(list|section|thread|area)|disqus_thread|respond|replies)[ _-]",
    re.IGNORECASE,
)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def key(text: str) -> str:
    """A matching key for a text: its lower-case word tokens."""
    return " ".join(WORD.findall(text.lower()))


def flat(text: str) -> str:
    """Whitespace re-flowed to single spaces."""
    return " ".join(text.split())


def parse(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree parsed the way trafilatura parses it, or None when unparseable.

    trafilatura's own loader drops HTML comments and repairs common breakage; a tree from
    plain `lxml.html.fromstring` keeps comment nodes, which cost it whole paragraphs.
    """
    try:
        tree = load_html(html)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None
    log = trafilatura.utils.HTML_PARSER.error_log  # of its last parse: this one
    if tree is None or not log or not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in log):
        return tree
    # libxml2 stops at 256 levels of nesting (the rest of the page lost, silently) unless
    # told to lift its limits: the page parsed again so, as trafilatura's loader would
    huge = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    repaired = trafilatura.utils.repair_faulty_html(html, html[:50].lower())
    for attempt in ("huge", "flat"):
        if attempt == "flat":
            # deeper than 2,048 even so (libxml2's hard limit): the wrapping elements that
            # such a page stacks go, their text stays
            repaired = re.sub(
                r"</?(?:div|span|section|font|center|b|i|em|strong|small|big|u|table|tbody|"
                r"thead|tr|td|th|ul|ol|li|dl|dt|dd|blockquote|aside|main|nav|header|footer|a)"
                r"(?:\s[^>]*)?/?>",
                " ",
                repaired,
                flags=re.IGNORECASE,
            )
        try:
            whole = lxml.html.fromstring(repaired.encode("utf-8", "surrogatepass"), parser=huge)
        except (lxml.etree.ParserError, ValueError, TypeError):
            return tree
        if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in huge.error_log):
            return whole
    # a page that cannot be read whole stops here, its problem naming why
    raise ValueError("HTML nested deeper than 2,048 levels, its wrapping elements aside: not read")


def drop_comment_sections(tree: lxml.html.HtmlElement) -> list[str]:
    """Remove reader-comment sections from the tree; their text, for the removal record."""
    removed = []
    found = [
        node
        for node in tree.iter(*_COMMENT_TAGS)
        if _COMMENT_NAMES.search(f" {node.get('class', '')} {node.get('id', '')} ")
        and next(node.iter("h1"), None) is None  # a section with the headline is the article
    ]
    outer = set(found)
    for node in found:
        if node.getparent() is None or any(a in outer for a in node.iterancestors()):
            continue  # the whole section goes with its outermost element
        text = flat(node.text_content())
        if text:
            removed.append(text[:2000])
        node.drop_tree()
    return removed


def is_dialog(node: lxml.html.HtmlElement) -> bool:
    """True for a dialog box (consent, settings, sharing forms): never the article."""
    return any(
        a.get("role") in ("dialog", "alertdialog") or a.get("aria-modal") == "true"
        for a in (node, *node.iterancestors())
    )


def has_prose(node: lxml.html.HtmlElement) -> bool:
    """True when an element holds paragraphs of running text, not labels and menus."""
    words = 0
    for para in node.iter("p"):
        n = len(WORD.findall(para.text_content()))
        if n >= PROSE_PARAGRAPH_WORDS:
            words += n
            if words >= PROSE_WORDS:
                return True
    return False


def drop_invisible(tree: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles, embedded frames and elements the page itself hides."""
    for node in tree.xpath(_DROP):
        if node.getparent() is not None:
            node.drop_tree()
    for node in tree.xpath("//*[@hidden or @aria-hidden='true' or @style]"):
        style = node.get("style")
        hidden = node.get("hidden") is not None or node.get("aria-hidden") == "true"
        if not hidden and not _HIDDEN_STYLE.search(style or ""):
            continue
        if node.getparent() is None or node.tag in ("html", "body"):
            continue
        if not is_dialog(node) and has_prose(node):
            continue  # prose a script reveals (streamed or folded sections) is the page's own
        node.drop_tree()
    # a card inside a sentence (a portrait and links to other stories, shown on hover); the
    # innermost such element, so that the name it hangs on stays in the sentence
    cards = [
        el
        for para in tree.iter("p")
        for el in para.iter("span", "div")
        if next(el.iter("img"), None) is not None and sum(1 for _ in el.iter("a")) >= 2
    ]
    inner = {id(a) for node in cards for a in node.iterancestors()}
    for node in cards:
        if id(node) not in inner and node.getparent() is not None:
            node.drop_tree()
