"""Pages to documents a batch at a time: extraction, or (for clean text) the text taken as it
is in one compiled pass, with a problem for each page that cannot be made a document."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wiretrace.config import Settings
from wiretrace.extract.dates import normalise_date
from wiretrace.model import Document, Page, Problem
from wiretrace.sketch import kernels
from wiretrace.sketch.kernels import reflowed


def as_clean(page: Page) -> Document:
    """A text page taken as it is: its paragraphs re-flowed, nothing removed."""
    return Document(
        id=page.id,
        source=page.source,
        body=reflowed(page.text or ""),
        outlet=page.outlet,
        title=page.title,
        published=normalise_date(page.published),
        url=page.url,
    )


Coded = tuple[np.ndarray, np.ndarray]  # bodies as code points, and where each starts and ends


def as_clean_many(pages: Sequence[Page]) -> tuple[list[Document], Coded]:
    """`as_clean` of many text pages in one compiled pass, with the bodies as code points
    (what the sketch reads: they need not be encoded again)."""
    _, _, space = kernels.tables()
    texts = [page.text or "" for page in pages]
    codes = np.concatenate([kernels.codes_of(text) for text in texts])
    bounds = np.cumsum([0] + [len(text) for text in texts], dtype=np.int64)
    out, out_bounds = kernels.reflow_many(codes, bounds, space)
    cuts = out_bounds.tolist()
    docs = [
        Document(
            id=page.id,
            source=page.source,
            body=out[cuts[i] : cuts[i + 1]].tobytes().decode("utf-32-le", "surrogatepass"),
            outlet=page.outlet,
            title=page.title,
            published=normalise_date(page.published),
            url=page.url,
        )
        for i, page in enumerate(pages)
    ]
    return docs, (out, out_bounds)


def make_documents(
    pages: Sequence[Page], settings: Settings
) -> tuple[list[Document | Problem], Coded | None]:
    """Each page's document, or the problem that stopped its extraction; when text pages are
    taken as they are, all at once, with their bodies as code points."""
    if pages and not settings.extract.clean and all(p.html is None for p in pages):
        try:
            docs, coded = as_clean_many(pages)
            return list(docs), coded
        except Exception:  # a bad page among them: take them one by one to name it
            pass
    return [make_document(page, settings) for page in pages], None


def make_document(page: Page, settings: Settings) -> Document | Problem:
    """One page's document, or the problem that stopped its extraction."""
    from wiretrace.extract import extract  # the stage's face imports this module

    try:
        if page.html is None and not settings.extract.clean:
            return as_clean(page)
        return extract(page, settings.extract)
    except Exception as exc:  # a single bad page must never stop the run
        return Problem(page.source, f"extraction failed: {exc.__class__.__name__}: {exc}")
