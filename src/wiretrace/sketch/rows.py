"""Documents as the rows a store keeps: each document's sample, story terms and passage keys
(site passages, removed lines), gathered into column form (`wiretrace.columns`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import orjson

from wiretrace.columns import Prepared
from wiretrace.config import Settings
from wiretrace.consolidate.quotes import quotes
from wiretrace.extract.batch import Coded
from wiretrace.extract.carried import removed_rows
from wiretrace.extract.site import site_rows
from wiretrace.model import Document
from wiretrace.sketch.shingles import sample_codes, sample_many
from wiretrace.stories.features import text_terms


def sketch_rows(
    docs: Sequence[Document], out: Prepared, settings: Settings, coded: Coded | None = None
) -> Prepared:
    """Sketch documents and add them, in column form, to `out` (fingerprints already there);
    `coded`: their bodies as code points, when the caller has them."""
    if coded is None:
        sampled = sample_many([d.body for d in docs], settings.sketch)
    else:
        sampled = sample_codes(*coded, settings.sketch)
    terms: Sequence[np.ndarray | None] = [None] * len(docs)
    if settings.story_terms:
        terms = text_terms([(d.title, d.body) for d in docs])
    for doc, (words, sample), made in zip(docs, sampled, terms, strict=True):
        out.ids.append(doc.id)
        out.words.append(words)
        out.published.append(doc.published)
        out.credit.append(doc.credit)
        if doc.quotes is None and settings.find_quotes:  # offsets stay true: found anew
            doc.quotes = quotes(doc.body)
        out.data.append(orjson.dumps(doc))  # orjson writes dataclasses natively
        out.terms.append(None if made is None else made.tobytes())
        out.samples.append(sample)
        sites = site_rows(doc) if settings.extract.clean else []
        out.sites.append(sites)
        out.removed.append(removed_rows(doc, sites=sites) if settings.extract.clean else [])
    return out
