"""The byline: who wrote a page, as the page itself says it, normalised to the names.

The names come from the page's metadata (meta tags, JSON-LD) where it has them, else from the
"By NAME" line (or the wire staff note's "Reporting by NAME") the cleaner cut, else from the
page's author element (`class="byline"`, `rel="author"`...), else from a "By NAME" line the
HTML extractor left out of the body. What is taken is always the page's own text, trimmed:
the leading "By", and what clearly is not a name (a date, an agency or the page's outlet or a
role after a name, a label such as "Author:") cut away; credentials (`MD`, `PhD`) are the
page's own and stay. Nothing is ever guessed: a line whose rest does not look like names
gives no byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import lxml.etree
import lxml.html
import orjson

from wiretrace.extract.credit import canonical
from wiretrace.extract.dates import _MONTHS
from wiretrace.model import Removal

MAX_CHARS = 200  # the byline's bound: names are added while the joined text fits
MAX_NAME_CHARS = 80  # a longer part is a sentence, not a name
MAX_NAME_WORDS = 6
MAX_LINE_WORDS = 14  # a "By ..." line left out of the body: longer is running text

# a weekday in full, or shortened before a day's number (`Sat, 20 Dec`; `Sun Li` is a name)
_DAYS = r"(mon|tues|wednes|thurs|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\.?,?\s+(?=\d)"
# where a date starts: a weekday, a day and month, a month and day, digits with separators
_DATE = (
    rf"(({_DAYS})\b|\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\b|({_MONTHS})\.?\s+\d{{1,2}}\b|"
    rf"\d{{1,4}}[/.-]\d{{1,2}}([/.-]\d{{1,4}})?\b|\d{{4}}\b|\d+\s+(min|hour|day)s?\b)"
)
_DATE_PART = re.compile(rf"^(on\s+|at\s+|updated:?\s+|published:?\s+)?{_DATE}", re.IGNORECASE)
_TRAILING_DATE = re.compile(
    rf"\s+((on|at)\s+.*|(last\s+)?(updated|published|posted|modified)\b.*|{_DATE}.*)$",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\W*(written by|words by|story by|text by|by)\s*:?\s+", re.IGNORECASE)
_REPORTING = re.compile(r"^\W*(additional )?(reporting|writing) by\s+", re.IGNORECASE)
# what ends the names: separators before a date, a reading time or an outlet, and contacts
_CUT = re.compile(r"\s+[·•|—–/-]\s+|[·•|—–(\[]|\s+@|\s+https?:|\s+(?=\S+@\S+\.\w)|:\s")
_WITH = re.compile(r"\s+with\s+(?:the\s+)?(.+)$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(correspondent|editor|editors|reporter|reporters|writer|writers|columnist|contributor|"
    r"expert|director|manager|founder|co-founder|ceo|cto|president|analyst|producer|"
    r"photographer|specialist|strategist|consultant|professor|"
    r"lecturer|researcher|officer|staff|team|desk|newsdesk)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’.-]*(\s+[A-Z][\w'’.-]*)*$")
_PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le")
) | frozenset(("bin", "ibn", "al", "el", "ter", "ten", "y", "e"))
# labels and placeholders that stand where a name should
_NOT_NAMES = frozenset(
    (
        *("by", "written by", "posted by", "author", "authors", "the author", "name"),
        *("admin", "undefined", "null", "none", "unknown", "anonymous", "staff", "guest"),
    )
)
_LETTER = re.compile(r"[^\W\d_]")
_JSON_LD = re.compile(
    r"<script[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_ARTICLE_TYPES = re.compile(r"article|posting|report|review|recipe|howto|webpage", re.IGNORECASE)
# elements that hold an author's name by their markup (trafilatura's author paths, as plain
# substring tests: one pass over the tree, without its regular expressions)
AUTHOR_XPATH = lxml.etree.XPath(
    "//*[@rel='author' or contains(@class,'uthor') or contains(@class,'yline') or "
    "contains(@itemprop,'author') or contains(@id,'uthor') or contains(@class,'writer') or "
    "contains(@data-component,'Byline')]|//author"
)
MAX_AUTHOR_ELEMENTS = 8  # of the author elements, the first few: a page names its author early
MAX_AUTHOR_TEXT = 120  # an author element with more text is a bio or a card
_AUTHOR_LABEL = re.compile(r"^\W*(author|posted by|submitted by|published by)\s*:?\s+", re.I)
_NOT_AUTHOR_PLACES = frozenset(["figure", "figcaption", "blockquote", "aside", "footer", "nav"])
MAX_JSON_LD = 200_000  # characters of one JSON-LD block read: more is not metadata


def find_byline(
    meta_author: str | None,
    removed: Sequence[Removal],
    outside: Iterable[str] = (),
    outlet: str | None = None,
    html: str | None = None,
    elements: Iterable[lxml.html.HtmlElement | None] = (),
) -> str | None:
    """The page's byline: its metadata author (meta tags, then the JSON-LD of `html`), else
    its "By NAME" line, else the page's author element; None when none gives a name.
    `removed` are the cleaner's cuts, `outside` the lines the HTML extractor left out of the
    body, `outlet` the page's outlet (not an author when it follows one), `elements` the DOM
    elements of the page's lines (the page's tree is theirs)."""
    if meta_author and (names := author_names(meta_author, outlet)):
        return names
    if html and (found := json_ld_author(html)) and (names := author_names(found, outlet)):
        return names
    cut = [r.text for r in removed if r.reason == "byline"]
    found = chain(  # lazily, in order of trust: the first that gives names wins
        (by_line_names(text, outlet) for text in cut if _LEAD.match(text)),
        (reporting_names(text) for text in cut if _REPORTING.match(text)),
        (dom_author(elements, outlet) for _ in (1,)),
        (
            by_line_names(text, outlet)
            for text in outside
            if _LEAD.match(text) and len(text.split()) <= MAX_LINE_WORDS
        ),
    )
    return next(filter(None, found), None)


def dom_author(
    elements: Iterable[lxml.html.HtmlElement | None], outlet: str | None = None
) -> str | None:
    """The names in the page's author element (`rel="author"`, `class="byline"`,
    `itemprop="author"`...), found in the tree of the page's line elements; only an element
    whose whole text is names (after "By", before a date) counts."""
    tree = next((el.getroottree() for el in elements if el is not None), None)
    if tree is None:
        return None
    for el in AUTHOR_XPATH(tree)[:MAX_AUTHOR_ELEMENTS]:
        if any(a.tag in _NOT_AUTHOR_PLACES for a in el.iterancestors()):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if not 2 < len(text) < MAX_AUTHOR_TEXT:
            continue
        match = _LEAD.match(text) or _AUTHOR_LABEL.match(text)
        rest = text[match.end() :] if match else text
        if names := _names(_first_segment(rest), strict=True, outlet=outlet):
            return names
    return None


def json_ld_author(html: str) -> str | None:
    """The authors an HTML page's JSON-LD gives its article, `; `-joined (None when none).

    Asked only when the metadata author (trafilatura's pass, where meta tags win over
    JSON-LD) gives no names. An article's author may be a name, an object with a name, a
    reference (`@id`) to a person elsewhere in the graph, or a list of these.
    """
    if "ld+json" not in html:
        return None
    nodes: list[dict[str, Any]] = []
    for match in _JSON_LD.finditer(html):
        text = match.group(1).strip()
        if not text or len(text) > MAX_JSON_LD:
            continue
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            continue
        nodes.extend(_nodes(data))
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    # an article's author first; an author given by any other node only when none is
    articles = [n for n in nodes if _ARTICLE_TYPES.search(str(n.get("@type", "")))]
    for group in (articles, nodes):
        names: list[str] = []
        for node in group:
            names.extend(_author_values(node.get("author"), by_id))
        if names:
            return "; ".join(dict.fromkeys(names))
    return None


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document: itself, the items of a list or an `@graph`."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _nodes(data["@graph"], depth + 1)


def _author_values(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """The names in a JSON-LD author value (a name, an object, a reference, or a list)."""
    if depth > 2 or value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [n for item in value[:50] for n in _author_values(item, by_id, depth + 1)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str) and name.strip():
            return [name.strip()]
        ref = value.get("@id")
        if isinstance(ref, str) and ref in by_id and by_id[ref] is not value:
            return _author_values(by_id[ref], by_id, depth + 1)
    return []


def by_line_names(text: str, outlet: str | None = None) -> str | None:
    """The names of a "By NAME ..." line: the "By" and what follows the names cut away."""
    match = _LEAD.match(text)
    if match is None:
        return None
    return _names(_first_segment(text[match.end() :]), strict=True, outlet=outlet)


def reporting_names(text: str) -> str | None:
    """The reporters of a wire staff note (`Reporting by NAME in PLACE and NAME; Editing by
    ...`): the editors, and where each reporter was, left out."""
    match = _REPORTING.match(text)
    if match is None:
        return None
    rest = re.split(
        r"[;)]|\b(editing|writing|compiled|additional reporting) by\b", text[match.end() :]
    )[0]
    parts = [_PLACE.sub("", part.strip()) for part in _AND.split(rest.strip(" .,"))]
    return _names(", ".join(parts), strict=True)


def author_names(value: str, outlet: str | None = None) -> str | None:
    """The names of an author field from the page's metadata (trafilatura joins several with
    `; `): the same trimming as a byline line, but taken as the page states it where it does
    not look like personal names (an organisation, a handle)."""
    match = _LEAD.match(value)
    text = value[match.end() :] if match else value
    return _names(_first_segment(text), strict=False, outlet=outlet)


def _first_segment(text: str) -> str:
    """The text up to the first separator that ends the names (a dot, a bar, a dash...)."""
    return _CUT.split(text, maxsplit=1)[0].strip(" ,;.")


def _names(text: str, strict: bool, outlet: str | None = None) -> str | None:
    """The names in a text, joined with `, ` and bounded to MAX_CHARS; None when there are
    none. `strict`: every part must look like a personal or organisation name (capitalised);
    `outlet`: the page's outlet, dropped where it follows a name."""
    outlet_key = " ".join(outlet.casefold().split()) if outlet else None
    text = " ".join(text.split())
    text = _TRAILING_DATE.sub("", text)
    parts = _parts(text)
    names: list[str] = []
    seen: set[str] = set()
    for i, part in enumerate(parts):
        part = _TRAILING_DATE.sub("", part).strip(" .,;:'\"“”")
        if lead := _LEAD.match(part):
            part = part[lead.end() :]
        if (wire := _WITH.search(part)) and canonical(wire.group(1)):
            part = part[: wire.start()]  # `Newsdesk with AP`: the agency is a credit
        if not part or _DATE_PART.match(part) or part.casefold() in _NOT_NAMES:
            continue
        if i and (canonical(part) or _is_role(part) or part.casefold() == outlet_key):
            continue  # an agency, outlet or role after a name: not an author
        if not _is_name(part, strict):
            if strict:
                return None  # a line that is not only names: no byline at all
            continue
        key = part.casefold()
        if key in seen:
            continue
        joined = len(", ".join([*names, part]))
        if joined > MAX_CHARS:
            break
        seen.add(key)
        names.append(part)
    return ", ".join(names) or None


def _parts(text: str) -> list[str]:
    """A text split into its authors: at commas and semicolons; at "and"/"&" only where both
    sides look like personal names (`Center for Evaluation and Research` stays one)."""
    parts = []
    for chunk in re.split(r"\s*[,;]\s*", text):
        pieces = _AND.split(chunk)
        if len(pieces) > 1 and all(_is_personal(p) for p in pieces):
            parts.extend(pieces)
        else:
            parts.append(chunk)
    return [p for p in parts if p]


def _is_role(part: str) -> bool:
    """A role or job title (`energy correspondent`, `Shipping Expert`): starts lower-case or
    names a role."""
    return part[:1].islower() or bool(_ROLE.search(part))


def _is_personal(part: str) -> bool:
    """Looks like a person's name: 1-4 capitalised words (particles such as `van` allowed)."""
    words = part.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _is_name(part: str, strict: bool) -> bool:
    """Looks like a name: a few words with letters, no address, no sentence."""
    words = part.split()
    if not words or len(part) > MAX_NAME_CHARS or len(words) > MAX_NAME_WORDS:
        return False
    if "@" in part or "http" in part.lower() or "www." in part.lower():
        return False
    if not _LETTER.search(part):
        return False
    if not strict:
        return True
    return words[0][:1].isupper() and sum(w[:1].isupper() for w in words) * 2 >= len(words)
