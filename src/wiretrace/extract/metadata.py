"""A page's metadata from its markup: title and headline, site name, author, canonical URL and
publication date (trafilatura's metadata pass and htmldate, without their slow searches)."""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from htmldate import find_date
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import set_date_params

from wiretrace.extract.dates import first_written_date
from wiretrace.extract.dom import flat, key

logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# htmldate's extensive search parses free text with dateparser: slow, and wrong as often as
# right on pages whose markup states no date (those get the first date they write out)
_DATE_PARAMS = {**set_date_params(extensive=False)}


_TITLE_PARTS = re.compile(r"\s+(?:[|–—·•»]|-{1,2})\s+")


def headline(
    tree: lxml.html.HtmlElement, title: str | None, site: str | None, url: str | None
) -> str | None:
    """The page's own headline: its first `<h1>` of two words or more that is not the site's
    name, else the metadata title without the parts that name the site (`Title | Site`)."""
    names = site_words(site, url)
    for node in tree.xpath("//h1")[:3]:
        words = key(node.text_content()).split()
        if len(words) >= 2 and not set(words) <= names:
            return flat(node.text_content())
    return without_site(title, names) if title else title


def site_words(site: str | None, url: str | None) -> set[str]:
    """The words that name a site: its stated name's, and its host's first label."""
    names = set(key(site or "").split())
    host = urlsplit(url or "").netloc.lower().split(":")[0].removeprefix("www.")
    if host:
        names.add(host.split(".")[0])
    return names


def without_site(title: str, names: set[str]) -> str:
    """A title without its parts that only name the site (`How to X | Site` -> `How to X`)."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    kept = [
        p for p in parts if (w := key(p).split()) and not (set(w) <= names or "".join(w) in names)
    ]
    if not kept or len(kept) == len(parts):
        return title
    return " - ".join(kept)


@dataclass
class Metadata:
    """A page's own statements about itself: title, site, author, address and date."""

    title: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None
    date: str | None = None


def page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> Metadata:
    """Title, site name, author, canonical URL and publication date from the page's markup.

    trafilatura's metadata pass, without its slow search of the whole page for an author name:
    the author comes from meta tags and JSON-LD only.
    """
    meta = trafilatura_metadata.examine_meta(tree)
    # trafilatura's JSON-LD reader can fail on odd data; the meta tags then stand alone
    with contextlib.suppress(Exception):
        meta = trafilatura_metadata.extract_meta_json(tree, meta)
    title = meta.title or trafilatura_metadata.extract_title(tree)
    found_url = meta.url or trafilatura_metadata.extract_url(tree, url)
    sitename = meta.sitename or trafilatura_metadata.extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
    author = meta.author or None
    try:
        date = find_date(tree, **{**_DATE_PARAMS, "url": found_url or url})
    except (ValueError, TypeError):
        date = None
    if not date:  # no date in the markup: the first one the page writes out
        body = tree.find("body")
        text = " ".join((body if body is not None else tree).text_content()[:20000].split())
        date = first_written_date(text)
    return Metadata(title=title, sitename=sitename, author=author, url=found_url, date=date)
