"""Evidence across documents: text that other outlets carry in their bodies is article body.

A line rule sees one page. A comment-widget label near the top ("Join the Conversation") makes
it cut the rest of the article as comments; a deck above the lead looks like header, a last
line without a full stop like trailer, a paragraph the HTML extractor left out is cut as
outside the article. Other outlets' pages can tell: when a page that carries this page's
article carries a removed line in its body too, the line is article text, whatever the rule
said. Site furniture (`repeated-on-site`) is furniture only while no other site carries it: a
passage that another site's body carries is body here (the furniture count says so too).

What counts as carried. The unit is the page line: the cleaner's body passages are its lines
(it joins the lines it keeps with blank lines) and each of its removals is one line, so a
removed line and another page's body passage have equal keys (`site.passage_key`, over the
lower-cased words) when they hold the same words. A removal of several lines is taken a line
at a time: carried lines come back, the others stay. An HTML comment section (one flattened
text) or a paragraph wrapped over several lines on one page and not on the other do not match.

The evidence must be more than a shared line. On the AllSides corpus almost every removed line
found in another outlet's body is furniture that the other page's cleaner left in ("Click for
more from The New York Times", a newsletter pitch, a copyright line) on a page about another
story. So a removed line comes back only when it has `min_words` words at least and the page
that carries it is a copy of this page's article: its body also holds `min_shared` of this
page's body passages. Furniture lines need no such copy: the furniture count's own rule
(a passage on two sites is not one site's furniture) decides for them.

The engine keeps, for each stored document, the keys of its lines that may come back
(`removed_rows`; furniture cuts are among its `site.site_rows` already), finds those carried
with one query (`CARRIED_SQL`), then rebuilds the documents that have any:

    new = restore_carried(doc, carried_keys, carriers=[bodies of pages that carry them])

Restored lines leave `removed`. Where they go: a removal has no position, but the pages that
carry a line show its neighbours, so a line is placed after the nearest passage before it in a
carrying page that this page's body holds (before the nearest one after it, when none before
it is). With no such neighbour, `header` lines go before the body and all others after it, in
the order of the removals (the cleaner records its removals in page order).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from wiretrace.columns import Select
from wiretrace.extract.site import REASON as FURNITURE
from wiretrace.extract.site import body_keys_and_sizes, keys_and_sizes, site_of
from wiretrace.model import Document, Removal, passages

# Cuts whose text may be article text that a rule took for clutter. Never restored: titles
# (`title`, `repeated-title`), metadata lines (`credit`, `date`, `byline`), page widgets
# (`separator`, `share-bar`, `counter`, `pager`) and `short-body` notes.
RESTORED = frozenset(
    [
        "comments",
        "related",
        "trailer",
        "header",
        "appeal",
        "caption",
        "site-link",
        "outside-article",
        FURNITURE,
    ]
)
BEFORE = frozenset(["header"])  # cut before the article: restored before the body


@dataclass(frozen=True)
class CarriedConfig:
    """When a removed line that other outlets carry comes back."""

    min_words: int = 8  # shorter lines never: labels and names ("Read more", "Photo",
    # "Jeb Bush") turn up in other pages' bodies for other reasons
    min_sites: int = 1  # sites other than the page's own whose bodies must carry it
    min_shared: int = 1  # body passages of the page (of `min_words` or more) that a
    # carrying page must hold too: it is a copy of the page's article (1 at least)


# (doc, key, carrier) of the removed lines that come back, each with the first page that
# carries it (to place it by): over the tables removed_passages(doc, site, key) (see
# `removed_rows`) and site_passages(doc, site, key, words, cut) (see `site.site_rows`: body
# passages, and furniture cuts). A line cut by a rule needs a carrier that holds `min_shared`
# of the page's body passages too (a short line both pages' cleaners left in is no copy's
# evidence); a furniture cut, any page of another site.
CARRIED_SQL = """
WITH removed AS (
    SELECT doc, site, key, false AS furniture FROM removed_passages
    UNION ALL
    SELECT doc, site, key, true FROM site_passages WHERE cut AND words >= $min_words
),
carried AS (
    SELECT r.doc, r.key, r.furniture, s.doc AS carrier, s.site
    FROM removed r JOIN site_passages s ON s.key = r.key AND s.site <> r.site
    WHERE NOT s.cut
),
copies AS (
    SELECT p.doc, p.carrier
    FROM (SELECT DISTINCT doc, carrier FROM carried WHERE NOT furniture) p
    JOIN site_passages own ON own.doc = p.doc AND NOT own.cut AND own.words >= $min_words
    JOIN site_passages other ON other.doc = p.carrier AND other.key = own.key AND NOT other.cut
    GROUP BY p.doc, p.carrier
    HAVING count(DISTINCT own.key) >= $min_shared
)
SELECT c.doc, c.key, min(c.carrier) AS carrier
FROM carried c LEFT JOIN copies k ON k.doc = c.doc AND k.carrier = c.carrier
WHERE c.furniture OR k.doc IS NOT NULL
GROUP BY c.doc, c.key
HAVING count(DISTINCT c.site) >= $min_sites
ORDER BY c.doc, carrier
"""


def carried_lines(select: Select, config: CarriedConfig) -> dict[int, tuple[set[int], list[int]]]:
    """document key -> (keys of its removed lines that other sites carry, the carrier
    documents in order), by `CARRIED_SQL` over the store's passage tables."""
    params = {"min_words": config.min_words, "min_sites": config.min_sites}
    params["min_shared"] = config.min_shared
    found: dict[int, tuple[set[int], list[int]]] = {}
    for doc, key, carrier in select(CARRIED_SQL, params):
        keys, carriers = found.setdefault(doc, (set(), []))
        keys.add(key)
        if carrier not in carriers:
            carriers.append(carrier)
    return found


class Line(NamedTuple):
    """A removed line that may come back: its removal (index and reason), its place in it,
    its text and key."""

    removal: int
    reason: str
    index: int
    text: str
    key: int


def lines_of(text: str) -> list[str]:
    """The non-blank lines of a removal's text, stripped."""
    return [line for line in map(str.strip, text.splitlines()) if line]


def restorable(
    doc: Document, config: CarriedConfig | None = None, body_keys: set[int] | None = None
) -> list[Line]:
    """The removed lines of a document that may come back if other outlets carry them: cut
    for a reason in `RESTORED`, at least `min_words` long, not in the body already, each key
    once (its first showing). `body_keys`: the body's passage keys, when the caller has them."""
    config = config or CarriedConfig()
    # a passage's size is its `str.split` words (`site.keys_and_sizes`): short lines, most
    # of what is cut, are left out before anything is keyed
    found = [
        (i, removal.reason, j, line)
        for i, removal in enumerate(doc.removed)
        if removal.reason in RESTORED and removal.text
        for j, line in enumerate(lines_of(removal.text))
        if len(line.split(None, config.min_words)) >= config.min_words
    ]
    if not found:
        return []
    keys = keys_and_sizes([line for *_, line in found])[0]
    if body_keys is None:
        body_keys = set(body_keys_and_sizes(doc.body)[0]) if doc.body else set()
    seen = set(body_keys)
    lines = []
    for (i, reason, j, line), key in zip(found, keys, strict=True):
        if key not in seen:
            seen.add(key)
            lines.append(Line(i, reason, j, line, key))
    return lines


def removed_rows(
    doc: Document,
    config: CarriedConfig | None = None,
    sites: Sequence[tuple[str, int, int, bool]] | None = None,
) -> list[tuple[str, int]]:
    """(site, key) of each line of the document that may come back, for SQL joins, but for
    furniture cuts (`site.site_rows` has those); none for a page without a site: nothing
    tells another outlet's pages from its own."""
    if sites is not None:  # the document's `site.site_rows`: its site and body keys
        if not sites:
            return []
        site, body = sites[0][0], {key for _, key, _, cut in sites if not cut}
    else:
        site, body = site_of(doc), None
    if site is None:
        return []
    return [(site, line.key) for line in restorable(doc, config, body) if line.reason != FURNITURE]


def restore_carried(
    doc: Document,
    carried: Collection[int],
    carriers: Sequence[str] = (),
    config: CarriedConfig | None = None,
) -> Document:
    """The document with its removed lines whose keys are `carried` back in its body, placed
    by the `carriers` (bodies of other pages that carry them) where they can tell; the same
    document when none comes back. The input document is not changed."""
    back = [line for line in restorable(doc, config) if line.key in carried]
    if not back:
        return doc
    taken: dict[int, set[int]] = {}
    for line in back:
        taken.setdefault(line.removal, set()).add(line.index)
    removed = []
    for i, removal in enumerate(doc.removed):
        if i not in taken:
            removed.append(removal)
            continue
        rest = [t for j, t in enumerate(lines_of(removal.text)) if j not in taken[i]]
        if rest:
            removed.append(Removal(text="\n".join(rest), reason=removal.reason))
    body = place(passages(doc.body), back, carriers)
    return replace(doc, body="\n\n".join(body), removed=removed)


def place(body: list[str], back: Sequence[Line], carriers: Sequence[str] = ()) -> list[str]:
    """The body's passages with the lines that come back among them (see the module's note)."""
    texts = list(body)
    keys = keys_and_sizes(texts)[0] if texts else []
    order = [body_keys_and_sizes(c)[0] for c in carriers]
    front = 0  # where the next header line without a neighbour goes
    for line in back:
        at = anchored(keys, line.key, order)
        if at is None:
            if line.reason in BEFORE:
                at = front
                front += 1
            else:
                at = len(texts)
        elif at < front:
            front += 1
        texts.insert(at, line.text)
        keys.insert(at, line.key)
    return texts


def anchored(keys: list[int], key: int, carriers: Sequence[list[int]]) -> int | None:
    """Where a passage of `key` goes among passages of `keys`: after the nearest passage
    before it in the first carrier that has it, which `keys` hold; else before the nearest
    after it; None when that carrier shares no neighbour with `keys`."""
    for order in carriers:
        if key not in order:
            continue
        at = {k: i for i, k in reversed(list(enumerate(keys)))}  # first showing of each key
        i = order.index(key)
        before = next((at[k] for k in reversed(order[:i]) if k in at), None)
        if before is not None:
            return before + 1
        return next((at[k] for k in order[i + 1 :] if k in at), None)
    return None
