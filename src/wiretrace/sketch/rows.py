"""Documents as the rows a store keeps: each document's sample, story terms and passage keys
(site passages, removed lines), gathered into column form (`wiretrace.columns`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import orjson

from wiretrace.columns import Prepared
from wiretrace.config import Settings, SketchConfig
from wiretrace.consolidate.quotes import quotes
from wiretrace.extract import kernels as extract_kernels
from wiretrace.extract.batch import Coded
from wiretrace.extract.carried import removed_rows
from wiretrace.extract.site import bodies_keys_and_sizes, site_rows
from wiretrace.model import Document
from wiretrace.sketch import kernels
from wiretrace.sketch.shingles import sample_codes, sample_many
from wiretrace.stories.features import text_terms


def sketch_rows(
    docs: Sequence[Document], out: Prepared, settings: Settings, coded: Coded | None = None
) -> Prepared:
    """Sketch documents and add them, in column form, to `out` (fingerprints already there);
    `coded`: their bodies as code points, when the caller has them."""
    bodies: Sequence[tuple[list[int], list[int]] | None] = [None] * len(docs)
    if coded is not None:
        sampled = sample_codes(*coded, settings.sketch)
    elif settings.extract.clean:
        sampled, bodies = sample_and_key([d.body for d in docs], settings.sketch)
    else:
        sampled = sample_many([d.body for d in docs], settings.sketch)
    terms: Sequence[np.ndarray | None] = [None] * len(docs)
    if settings.story_terms:
        terms = text_terms([(d.title, d.body) for d in docs])
    for doc, (words, sample), made, body in zip(docs, sampled, terms, bodies, strict=True):
        out.ids.append(doc.id)
        out.words.append(words)
        out.published.append(doc.published)
        out.credit.append(doc.credit)
        if doc.quotes is None and settings.find_quotes:  # offsets stay true: found anew
            doc.quotes = quotes(doc.body)
        out.data.append(orjson.dumps(doc))  # orjson writes dataclasses natively
        out.terms.append(None if made is None else made.tobytes())
        out.samples.append(sample)
        sites = site_rows(doc, body) if settings.extract.clean else []
        out.sites.append(sites)
        out.removed.append(removed_rows(doc, sites=sites) if settings.extract.clean else [])
    return out


def sample_and_key(
    bodies: list[str], config: SketchConfig
) -> tuple[list[tuple[int, np.ndarray]], list[tuple[list[int], list[int]]]]:
    """`sample_many` of the bodies, and each body's `site.body_keys_and_sizes`, from one
    compiled pass that hashes their tokens once for both."""
    if not bodies:
        return [], []
    codes = np.concatenate([kernels.codes_of(body) for body in bodies])
    bounds = np.cumsum([0] + [len(b) for b in bodies], dtype=np.int64)
    word, lower, space = kernels.tables()
    words, samples, offsets, *passages = extract_kernels.sample_passages(
        codes, bounds, word, lower, space, config.shingle_words, config.sample_mod
    )
    at = offsets.tolist()
    sampled = [(int(words[i]), samples[at[i] : at[i + 1]]) for i in range(len(bodies))]
    return sampled, bodies_keys_and_sizes(*passages)
