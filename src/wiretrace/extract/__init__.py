"""Extract/clean stage: from a raw page to a Document with its clean body and metadata."""

from __future__ import annotations

from wiretrace.config import ExtractConfig
from wiretrace.extract.batch import Coded, make_document, make_documents
from wiretrace.extract.byline import find_byline
from wiretrace.extract.credit import find_credit
from wiretrace.extract.dates import normalise_date
from wiretrace.extract.html import empty_article, extract_html
from wiretrace.extract.language import detect_language
from wiretrace.extract.text import clean_text, outlet_from_lines
from wiretrace.model import Document, Page, Removal

__all__ = ["Coded", "extract", "make_document", "make_documents"]


def extract(page: Page, config: ExtractConfig | None = None) -> Document:
    """Clean one page: body, title, byline, date, outlet, credit, language and what was
    removed."""
    config = config or ExtractConfig()
    removed: list[Removal] = []
    published = normalise_date(page.published)
    outlet, url, title_hint = page.outlet, page.url, page.title
    author: str | None = None
    outside: list[str] = []
    elements: list = []
    if page.html is not None:
        try:
            article = extract_html(page.html, page.url)
        except Exception as exc:  # one page the parsers choke on must not stop a run
            reason = f"short-body: unreadable HTML ({exc.__class__.__name__}: {str(exc)[:200]})"
            removed.append(Removal(text="", reason=reason))
            article = empty_article(page.url)
        removed.extend(Removal(text=t, reason="comments") for t in article.comments)
        removed.extend(Removal(text=t, reason="outside-article") for t in article.outside)
        title_hint = title_hint or article.title
        # the page's own publication date first: a date given with an HTML page (a WARC
        # record's, a crawl dump's) is often when it was captured, not when it was published
        published = normalise_date(article.published) or published
        outlet = outlet or article.sitename
        url = url or article.url
        author, outside = article.author, article.outside
        elements = [b.element for b in article.blocks if b is not None]
        cleaned = clean_text(
            article.text,
            title_hint=title_hint,
            structured=True,
            blocks=article.blocks,
            site=outlet,
        )
    else:
        cleaned = clean_text(page.text or "", title_hint=title_hint)
    removed = cleaned.removed + removed
    published = published or next(filter(None, map(normalise_date, cleaned.date_lines)), None)
    outlet = outlet or outlet_from_lines(cleaned.meta_lines)
    credit_text = "\n".join([*cleaned.meta_lines, cleaned.body])
    body = cleaned.body
    # split no further than the bar: the count matters only below it
    if len(body.split(None, config.min_body_words)) < config.min_body_words and not any(
        r.reason.startswith("short-body") for r in removed
    ):
        removed.append(Removal(text="", reason=f"short-body: under {config.min_body_words} words"))
    return Document(
        id=page.id,
        source=page.source,
        body=body,
        outlet=outlet,
        title=cleaned.title,
        byline=find_byline(author, cleaned.removed, outside, outlet, page.html, elements),
        published=published,
        credit=find_credit(credit_text),
        language=detect_language(body),
        url=url,
        removed=removed,
    )
