"""Evidence across documents: a passage repeated on many pages of one site is furniture.

One page alone cannot tell a site's standing notice ("About the company", a newsletter pitch,
a correction policy) from its article. Many pages of the same site can: the notice comes back
on page after page, the article does not. Text that several outlets carry is the opposite
case, a wire story's body, and is never taken for furniture.

The engine runs this after extraction, over all documents of the store (every site, so that
text other outlets carry is known as theirs), then re-sketches the documents it changed:

    furniture = find_furniture(documents)
    changed = [new for doc in documents if (new := remove_furniture(doc, furniture)) is not doc]

Passages already cut are counted again on later runs, so a rerun finds the same furniture and
changes nothing.
`furniture_rows` gives the same evidence as rows, for engines that count with SQL:
`furniture_table` and `furniture_to_cut` are the same counts as table operations over the
store's `site_passages(doc, site, key, words, cut)` (see `site_rows`), run by the engine's
`Select`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import xxhash

from wiretrace.columns import Select
from wiretrace.extract import kernels as extract_kernels
from wiretrace.model import Document, Removal, passages
from wiretrace.sketch import kernels

REASON = "repeated-on-site"


@dataclass(frozen=True)
class FurnitureConfig:
    """When a passage repeated on one site's pages is furniture."""

    min_pages: int = 3  # it must be on at least this many pages of the site
    min_share: float = 0.2  # and on at least this share of the site's pages
    max_outlets: int = 1  # text carried by more outlets than this is a shared (wire) body
    max_cut: float = 0.5  # a page with more of its words repeated is a copy, not evidence


def site_of(doc: Document) -> str | None:
    """The site a document belongs to: its URL's host without `www.`, else its outlet."""
    if doc.url:
        host = urlsplit(doc.url if "//" in doc.url else f"//{doc.url}").hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return doc.outlet.strip().lower() if doc.outlet else None


def passage_key(text: str) -> int:
    """A 64-bit key for a passage: the hash of its lower-case words."""
    return passage_keys([text])[0]


def passage_keys(parts: list[str]) -> list[int]:
    """`passage_key` of each passage, from one compiled pass over all of them: the hash of
    the passage's word hashes (lower-cased `\\w+` tokens, as the sketch stage hashes them)."""
    return keys_and_sizes(parts)[0]


def keys_and_sizes(parts: list[str]) -> tuple[list[int], list[int]]:
    """`passage_keys` of the passages, and the size of each in `str.split` words; from their
    UTF-16 units where those are their code points (no character beyond the BMP)."""
    if not parts:
        return [], []
    joined = "\n".join(parts)
    codes = _units(joined)
    if joined.count("\n") == len(parts) - 1:  # no passage holds a newline
        bounds = extract_kernels.newline_bounds(codes, len(parts))
    else:
        bounds = np.fromiter(itertools.accumulate(parts, _next_start, initial=0), np.int64)
    return _hashed(codes, bounds)


def body_keys_and_sizes(body: str) -> tuple[list[int], list[int]]:
    """`keys_and_sizes` of a body's `passages`, found in the body itself: a passage is what
    lies between blank lines, unless it is all white space (which has no words to hash)."""
    _, _, space = kernels.tables()
    codes = _units(body)
    return _hashed(codes, extract_kernels.passage_bounds(codes, space))


def _units(text: str) -> np.ndarray:
    """A text's UTF-16 units where those are its code points, else its code points."""
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * len(text):
        return np.frombuffer(data, dtype=np.uint16)
    return kernels.codes_of(text)


def _hashed(codes: np.ndarray, bounds: np.ndarray) -> tuple[list[int], list[int]]:
    """Keys and sizes of the passages of `codes` that start at `bounds` (the last bound is past
    the end)."""
    word, lower, space = kernels.tables()
    hashes, cuts, sizes = extract_kernels.passage_hashes(codes, bounds, word, lower, space)
    return _keys(hashes, cuts), sizes.tolist()


def _keys(hashes: np.ndarray, cuts: np.ndarray) -> list[int]:
    """The key of each passage whose token hashes are hashes[cuts[i]:cuts[i + 1]]."""
    view = memoryview(hashes.tobytes())
    at = (cuts * 8).tolist()
    return [xxhash.xxh3_64_intdigest(view[at[i] : at[i + 1]]) for i in range(len(at) - 1)]


def bodies_keys_and_sizes(
    hashes: np.ndarray, cuts: np.ndarray, sizes: np.ndarray, firsts: np.ndarray
) -> list[tuple[list[int], list[int]]]:
    """`body_keys_and_sizes` of each body of a chunk, from its passages' token hashes as
    `extract.kernels.sample_passages` gives them."""
    keys, counts, at = _keys(hashes, cuts), sizes.tolist(), firsts.tolist()
    return [(keys[at[d] : at[d + 1]], counts[at[d] : at[d + 1]]) for d in range(len(at) - 1)]


def _next_start(start: int, part: str) -> int:
    """Where the passage after `part` (which starts at `start`) starts, past its newline."""
    return start + len(part) + 1


# The same counts as `find_furniture`, over a table site_passages(doc, site, key, words, cut);
# no DISTINCT inside an aggregate (DuckDB runs those on one thread)
FURNITURE_SQL = """
WITH docs AS (
    SELECT DISTINCT site, doc, key FROM site_passages WHERE doc NOT IN (SELECT unnest($skip))
),
pages AS (SELECT site, key, count(*) AS pages FROM docs GROUP BY site, key),
site_docs AS (SELECT site, count(*) AS n FROM (SELECT DISTINCT site, doc FROM docs) GROUP BY site),
key_sites AS (SELECT key, count(*) AS s FROM pages GROUP BY key)
SELECT p.site, p.key
FROM pages p JOIN site_docs USING (site) JOIN key_sites USING (key)
WHERE p.pages >= $min_pages AND p.pages >= $min_share * site_docs.n AND key_sites.s <= $max_outlets
"""

# Pages whose furniture passages (table found_furniture(site, key)) exceed max_cut of their words
COPIES_SQL = """
SELECT s.doc
FROM site_passages s LEFT JOIN found_furniture f ON f.site = s.site AND f.key = s.key
GROUP BY s.doc
HAVING sum(CASE WHEN f.key IS NULL THEN 0 ELSE s.words END) > $max_cut * sum(s.words)
"""

# Pages that still carry a furniture passage in their body
TO_CUT_SQL = """
SELECT DISTINCT s.doc
FROM site_passages s JOIN found_furniture f ON f.site = s.site AND f.key = s.key
WHERE NOT s.cut
ORDER BY s.doc
"""


def furniture_table(select: Select, config: FurnitureConfig) -> pa.Table:
    """(site, key) of every furniture passage, counted over all site passages: counted once,
    then again without the pages that are mostly furniture (copies, not evidence)."""
    params = {"min_pages": config.min_pages, "min_share": config.min_share}
    params["max_outlets"] = config.max_outlets

    def count(skip: list[int]) -> pa.Table:
        rows = select(FURNITURE_SQL, params | {"skip": skip})
        sites, keys = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [])
        return pa.table({"site": pa.array(sites, pa.string()), "key": pa.array(keys, pa.uint64())})

    first = count([])
    found = {"found_furniture": first}
    copies = [d for (d,) in select(COPIES_SQL, {"max_cut": config.max_cut}, found)]
    return count(copies) if copies else first


def furniture_to_cut(select: Select, furniture: pa.Table) -> list[int]:
    """Keys of the documents that still carry a furniture passage in their body, in order."""
    return [d for (d,) in select(TO_CUT_SQL, None, {"found_furniture": furniture})]


def furniture_by_site(furniture: pa.Table) -> dict[str, set[int]]:
    """site -> keys of its furniture passages, from `furniture_table`."""
    by_site: dict[str, set[int]] = {}
    for site, key in zip(furniture["site"].to_pylist(), furniture["key"].to_pylist(), strict=True):
        by_site.setdefault(site, set()).add(key)
    return by_site


def site_rows(
    doc: Document, body: tuple[list[int], list[int]] | None = None
) -> list[tuple[str, int, int, bool]]:
    """(site, passage key, words, already cut) for each passage the page had, for SQL counts;
    `body`: the body's `body_keys_and_sizes`, when the caller has them."""
    site = site_of(doc)
    if site is None:
        return []
    gone = [r.text for r in doc.removed if r.reason == REASON]
    if not gone:
        keys, sizes = body if body is not None else body_keys_and_sizes(doc.body)
        return list(zip(itertools.repeat(site), keys, sizes, itertools.repeat(False)))
    parts = passages(doc.body)
    keys, sizes = keys_and_sizes(parts + gone)
    cut = [False] * len(parts) + [True] * len(gone)
    return list(zip(itertools.repeat(site), keys, sizes, cut))


def furniture_rows(doc: Document) -> Iterator[tuple[str, int, str]]:
    """(site, passage key, document id) for each distinct passage of a document's body."""
    site = site_of(doc)
    if site is None:
        return
    for key in {passage_key(p) for p in page_passages(doc)}:
        yield site, key, doc.id


def is_furniture(pages: int, site_pages: int, outlets: int, config: FurnitureConfig) -> bool:
    """The decision from counts: on how many of the site's pages (of how many), at how many
    outlets."""
    return (
        pages >= config.min_pages
        and pages >= config.min_share * site_pages
        and outlets <= config.max_outlets
    )


def find_furniture(
    documents: Iterable[Document], config: FurnitureConfig | None = None
) -> dict[str, set[int]]:
    """For each site, the keys of the passages that are its furniture.

    Pages that repeat most of another page (reposts, updated versions of one story) are no
    evidence: whatever they share would look like furniture. They are found in a first count
    (pages whose repeated passages make up more than `max_cut` of their words) and left out of
    the second.
    """
    config = config or FurnitureConfig()
    docs = [(doc, site_of(doc), _weighted_keys(doc)) for doc in documents]
    candidates = _count(docs, config, skip=set())
    copies = {
        doc.id
        for doc, site, keys in docs
        if site is not None and _share(keys, candidates.get(site, set())) > config.max_cut
    }
    return _count(docs, config, skip=copies) if copies else candidates


def page_passages(doc: Document) -> list[str]:
    """The passages the page had: its body's, and those already cut as furniture.

    Counting the cut ones too makes a second run over a store give the same furniture.
    """
    return [*passages(doc.body), *(r.text for r in doc.removed if r.reason == REASON)]


def _weighted_keys(doc: Document) -> dict[int, int]:
    """A document's distinct passage keys with their word counts."""
    keys: dict[int, int] = {}
    for p in page_passages(doc):
        keys[passage_key(p)] = keys.get(passage_key(p), 0) + len(p.split())
    return keys


def _share(keys: dict[int, int], furniture: set[int]) -> float:
    """The share of a document's words that sit in furniture passages."""
    total = sum(keys.values())
    return sum(w for k, w in keys.items() if k in furniture) / total if total else 0.0


def _count(
    docs: list[tuple[Document, str | None, dict[int, int]]],
    config: FurnitureConfig,
    skip: set[str],
) -> dict[str, set[int]]:
    """Count passages per site and across sites, leaving out the `skip` documents."""
    docs_of: dict[tuple[str, int], int] = defaultdict(int)
    sites_of: dict[int, set[str]] = defaultdict(set)
    site_docs: dict[str, int] = defaultdict(int)
    for doc, site, keys in docs:
        if site is None or doc.id in skip:
            continue
        site_docs[site] += 1
        for key in keys:
            docs_of[(site, key)] += 1
            sites_of[key].add(site)
    furniture: dict[str, set[int]] = defaultdict(set)
    for (site, key), pages in docs_of.items():
        if is_furniture(pages, site_docs[site], len(sites_of[key]), config):
            furniture[site].add(key)
    return dict(furniture)


def remove_furniture(
    doc: Document, furniture: dict[str, set[int]], config: FurnitureConfig | None = None
) -> Document:
    """The document without its site's furniture passages, each recorded as `repeated-on-site`.

    When furniture would take more than `max_cut` of the body, the page is mostly a copy of
    another page of the site and is left whole.
    """
    config = config or FurnitureConfig()
    keys = furniture.get(site_of(doc) or "", set())
    if not keys:
        return doc
    parts = passages(doc.body)
    cut = [p for p in parts if passage_key(p) in keys]
    if not cut:
        return doc
    words = sum(len(p.split()) for p in parts)
    if sum(len(p.split()) for p in cut) > config.max_cut * words:
        return doc
    kept = [p for p in parts if passage_key(p) not in keys]
    removed = [*doc.removed, *(Removal(text=p, reason=REASON) for p in cut)]
    return replace(doc, body="\n\n".join(kept), removed=removed)
