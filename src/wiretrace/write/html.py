"""The human-readable report: one self-contained HTML page, stories first.

Everything shown comes from crawled pages and is treated as hostile: `markup` escapes every
value it writes, no page-derived value goes into a URL (anchors are ids derived here from
positions), and sizes are bounded (long texts truncated, long lists cut).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import orjson

from wiretrace.model import CopyGroup, CopyPair, Document, Problem, Story, passages
from wiretrace.write import consolidated, markup
from wiretrace.write.markup import MAX_TEXT

MAX_REMOVED = 400  # removed items shown per document
MAX_ROWS = 400  # matched passages shown per pair, account passages per story
MAX_PAGE_DOCS = 3000  # documents shown on one page; a larger report shows its largest stories
MAX_PAGE_STORIES = 1000  # stories shown on one page
MAX_PAGE_PROBLEMS = 1000  # problems listed on one page
MAX_PAIRS = 200  # copy pairs shown per story (a story of n copies has n(n-1)/2 pairs)
PALETTE = 8  # outlet colours (CSS classes c0..c7)

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")

Json = dict[str, Any]


def render_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (inline CSS, no external assets, no JS)."""
    return render_page(*trim(report))


def render_page(shown: Mapping[str, Any], note: str = "") -> str:
    """The page for a report already cut to what a page shows, with the note saying so."""
    return "".join(page_parts(shown, note))


def page_parts(shown: Mapping[str, Any], note: str = "") -> list[str]:
    """`render_page` as pieces of text, to write without joining them."""
    view = build_view(shown)
    view["trimmed"] = note
    return markup.page_parts(view)


def trim(
    report: dict[str, Any], max_docs: int = MAX_PAGE_DOCS, max_stories: int = MAX_PAGE_STORIES
) -> tuple[dict[str, Any], str]:
    """The part of a large report a browser can show: its largest stories, within bounds.

    A page for a whole corpus would weigh gigabytes; report.json keeps everything.
    """
    stories = _dicts(report.get("stories"))
    documents = _dicts(report.get("documents"))
    if len(documents) <= max_docs and len(stories) <= max_stories:
        return report, ""
    page = PagePicker(len(documents), len(stories), max_docs, max_stories)
    for story in stories:
        page.add_story(story)
    page.choose()
    for document in documents:
        page.add_document(document)
    for pair in _dicts(report.get("copy_pairs")):
        page.add_pair(pair)
    for group in _dicts(report.get("copy_groups")):
        page.add_group(group)
    for problem in _dicts(report.get("problems")):
        page.add_problem(problem)
    return page.report(report)


def _field(item: Any, name: str) -> Any:
    """A field of a report item, a dict or a model object alike (None when missing)."""
    if type(item) is dict or isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _json_dict(item: Any, data: bytes | None) -> Mapping[str, Any]:
    """A report item as the dict report.json holds, to read only (copies only where needed)."""
    if type(item) is dict or isinstance(item, Mapping):
        return item
    if isinstance(item, (Story, Problem)):  # fields already JSON values: the object's own dict
        return vars(item)
    if isinstance(item, (Document, CopyPair, CopyGroup)):
        return item.to_dict()
    return orjson.loads(data if data is not None else orjson.dumps(item))


class PagePicker:
    """Picks, from a report seen one item at a time, the bounded part the page shows.

    Stories come first (to rank them by size), then `choose`, then documents, pairs, groups
    and problems in any order; each kind keeps report order. Stories may come first as
    outlines (their `documents` and `copy_groups`), the full stories later, in the same
    order, through `fill_story`. Memory stays within the page bounds whatever the size of the
    report: at most `max_stories` stories are held while ranking. A report within the bounds
    is shown whole.
    """

    def __init__(
        self,
        documents: int,
        stories: int,
        max_docs: int | None = None,
        max_stories: int | None = None,
    ) -> None:
        """Start for a report of `documents` documents and `stories` stories."""
        self.documents_total, self.stories_total = documents, stories
        self.max_docs = MAX_PAGE_DOCS if max_docs is None else max_docs
        self.max_stories = MAX_PAGE_STORIES if max_stories is None else max_stories
        max_docs, max_stories = self.max_docs, self.max_stories
        self.whole = documents <= max_docs and stories <= max_stories
        self._ranked: list[tuple[int, int, Any, bytes | None]] = []  # (size, -position, ...)
        self._seen = 0
        self._filled = 0
        self._slots: dict[int, int] = {}  # position of a shown story -> its place in `stories`
        self.stories: list[Mapping[str, Any]] = []
        self.documents: list[Mapping[str, Any]] = []
        self.pairs: list[Mapping[str, Any]] = []
        self.groups: list[Mapping[str, Any]] = []
        self.problems: list[Mapping[str, Any]] = []
        self._ids: set[str] = set()
        self._group_ids: set[str] = set()

    def add_story(self, story: Any, data: bytes | None = None) -> None:
        """See the next story (`data`: its JSON when already made)."""
        position, self._seen = self._seen, self._seen + 1
        if self.whole:
            self._slots[position] = len(self.stories)
            self.stories.append(_json_dict(story, data))
            return
        size = len(_strings(_field(story, "documents")))
        entry = (size, -position, story, data)
        if len(self._ranked) < self.max_stories:
            heapq.heappush(self._ranked, entry)
        elif entry[:2] > self._ranked[0][:2]:
            heapq.heapreplace(self._ranked, entry)

    def choose(self) -> None:
        """Settle the stories shown: the largest that fit, by size then report order."""
        if self.whole:
            return
        kept, total = [], 0
        for size, negative, story, data in sorted(self._ranked, key=lambda e: (-e[0], -e[1])):
            if len(kept) >= self.max_stories or total + size > self.max_docs:
                break
            kept.append((-negative, story, data))
            total += size
        kept.sort(key=lambda k: k[0])
        self._slots = {position: i for i, (position, _, _) in enumerate(kept)}
        self.stories = [_json_dict(story, data) for _, story, data in kept]
        self._ranked = []
        self._ids = {d for s in self.stories for d in _strings(s.get("documents"))}
        self._group_ids = {g for s in self.stories for g in _strings(s.get("copy_groups"))}

    def fill_story(self, story: Any, data: bytes | None = None) -> None:
        """See the next full story, after its outline was ranked; kept if it is shown."""
        position, self._filled = self._filled, self._filled + 1
        slot = self._slots.get(position)
        if slot is not None:
            self.stories[slot] = _json_dict(story, data)

    def add_document(self, document: Any, data: bytes | None = None) -> None:
        """See the next document; kept if one of the shown stories holds it."""
        if self.whole or _text(_field(document, "id")) in self._ids:
            self.documents.append(_json_dict(document, data))

    def add_pair(self, pair: Any, data: bytes | None = None) -> None:
        """See the next copy pair; kept if both its documents are shown."""
        ids = self._ids
        if self.whole or (_text(_field(pair, "a")) in ids and _text(_field(pair, "b")) in ids):
            self.pairs.append(_json_dict(pair, data))

    def add_group(self, group: Any, data: bytes | None = None) -> None:
        """See the next copy group; kept if a shown story holds it."""
        if self.whole or _text(_field(group, "id")) in self._group_ids:
            self.groups.append(_json_dict(group, data))

    def add_problem(self, problem: Any, data: bytes | None = None) -> None:
        """See the next problem; the first MAX_PAGE_PROBLEMS are kept."""
        if len(self.problems) < MAX_PAGE_PROBLEMS:
            self.problems.append(_json_dict(problem, data))

    def report(self, base: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """The report the page shows (header and summary from `base`) and the trim note."""
        shown = dict(base)
        shown.update(
            documents=self.documents,
            copy_pairs=self.pairs,
            copy_groups=self.groups,
            stories=self.stories,
            problems=self.problems,
        )
        if self.whole:
            return shown, ""
        note = (
            f"This page shows the {len(self.stories):,} largest of {self.stories_total:,} "
            f"stories ({len(self.documents):,} of {self.documents_total:,} documents); "
            "report.json holds everything."
        )
        return shown, note


def _text(value: Any) -> str:
    """A displayable string for a value that should be a string (None becomes empty)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _number(value: Any) -> float:
    """A finite float for a value that should be a number in 0..1 (anything else becomes 0)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _index(value: Any) -> int | None:
    """A passage index, or None if the value is not a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def percent(share: Any) -> str:
    """A share in 0..1 as a whole percentage ("87%"); small non-zero shares as "<1%"."""
    number = _number(share)
    if 0 < number < 0.005:
        return "<1%"
    return f"{number * 100:.0f}%"


def bar_width(share: Any) -> str:
    """A share as a CSS width percentage clamped to 0..100 (computed here, never page text)."""
    return f"{min(max(_number(share), 0.0), 1.0) * 100:.1f}"


def clip(text: str, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """The text cut to `limit` characters, and whether it was cut."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings in a value that should be a list of objects (anything else is dropped)."""
    if not isinstance(value, list):
        return []
    if all(type(item) is dict for item in value):  # the usual case, without the ABC check
        return value
    return [item for item in value if isinstance(item, Mapping)]


def _strings(value: Any) -> list[str]:
    """The strings of a value that should be a list of strings."""
    if not isinstance(value, list):
        return []
    return [item if type(item) is str else str(item) for item in value if item is not None]


def _span(first: str, last: str) -> str:
    """A story's time span as one line of text."""
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


class _Docs:
    """The report's documents by id, with anchors and passages derived here."""

    def __init__(self, documents: list[Mapping[str, Any]]) -> None:
        """Index the documents; anchors are positions, never ids from the data."""
        self.views: list[Json] = []
        self.by_id: dict[str, Json] = {}
        for number, doc in enumerate(documents, start=1):
            view = _document_view(doc, number)
            self.views.append(view)
            self.by_id.setdefault(view["id"], view)
        outlets = Counter(view["outlet"] for view in self.views)
        for view in self.views:  # an outlet with several documents: tell them apart by number
            outlet, number = view["outlet"], view["number"]
            if not outlet:
                view["label"] = view["id"] or f"document #{number}"
            else:
                view["label"] = f"{outlet} #{number}" if outlets[outlet] > 1 else outlet

    def ref(self, doc_id: Any, colours: Mapping[str, int] | None = None) -> Json:
        """A reference to a document for badges and links (a plain label for an unknown id)."""
        key = _text(doc_id)
        view = self.by_id.get(key)
        if view is None:
            return {"anchor": None, "label": key or "(unknown)", "title": "", "colour": None}
        colour = None if colours is None else colours.get(view["outlet"] or view["id"])
        return {
            "anchor": view["anchor"],
            "label": view["label"],
            "title": view["title"] or view["id"],
            "colour": colour,
        }

    def mark_shared(self, pairs: list[Mapping[str, Any]]) -> None:
        """Note, per document paragraph, which other documents carry it (from the copy pairs)."""
        for pair in pairs:
            a, b = self.by_id.get(_text(pair.get("a"))), self.by_id.get(_text(pair.get("b")))
            if a is None or b is None:
                continue
            for entry in _dicts(pair.get("passages")):
                for view, index, other in ((a, entry.get("a"), b), (b, entry.get("b"), a)):
                    position = _index(index)
                    if position is None:
                        continue
                    labels = view["shared"].setdefault(position, [])
                    label = other["label"]
                    if label not in labels:
                        labels.append(label)
        for view in self.views:
            view["shared_count"] = sum(1 for i in view["shared"] if i < len(view["passages"]))

    def passage(self, doc_id: Any, index: Any) -> str | None:
        """Passage `index` of a document's body, or None if there is no such passage."""
        view = self.by_id.get(_text(doc_id))
        position = _index(index)
        if view is None or position is None or position >= len(view["passages"]):
            return None
        return view["passages"][position]


def _document_view(doc: Mapping[str, Any], number: int) -> Json:
    """What the template shows of one document."""
    body = _text(doc.get("body"))
    shown, body_cut = clip(body)
    every = passages(body)
    language = _text(doc.get("language"))
    removed = _dicts(doc.get("removed"))
    groups: dict[str, list[str]] = {}
    for item in removed[:MAX_REMOVED]:
        groups.setdefault(_text(item.get("reason")) or "(no reason)", []).append(
            _text(item.get("text"))
        )
    return {
        "number": number,
        "anchor": f"doc-{number}",
        "id": _text(doc.get("id")),
        "source": _text(doc.get("source")),
        "outlet": _text(doc.get("outlet")),
        "title": _text(doc.get("title")),
        "byline": _text(doc.get("byline")),
        "published": _text(doc.get("published")),
        "credit": _text(doc.get("credit")),
        "language": language,
        "lang_attr": language if _LANG.fullmatch(language) else "",
        "url": _text(doc.get("url")),
        "passages": every,
        "paragraphs": passages(shown) if body_cut else every,
        "body_truncated": body_cut,
        "words": len(body.split()),
        "removed_count": len(removed),
        "removed_groups": [{"reason": r, "texts": t} for r, t in groups.items()],
        "removed_hidden": max(len(removed) - MAX_REMOVED, 0),
        "shared": {},
        "shared_count": 0,
    }


def _pair_view(pair: Mapping[str, Any], docs: _Docs, colours: Mapping[str, int]) -> Json:
    """What the template shows of one copy pair: shares and matched passages side by side."""
    rows = []
    entries = _dicts(pair.get("passages"))
    for entry in entries[:MAX_ROWS]:
        a_index, b_index = _index(entry.get("a")), _index(entry.get("b"))
        rows.append(
            {
                "a": "" if a_index is None else a_index + 1,
                "b": "" if b_index is None else b_index + 1,
                "a_text": docs.passage(pair.get("a"), a_index),
                "b_text": docs.passage(pair.get("b"), b_index),
                "score": percent(entry.get("score")),
            }
        )
    return {
        "a": docs.ref(pair.get("a"), colours),
        "b": docs.ref(pair.get("b"), colours),
        "containment_a": percent(pair.get("containment_a")),
        "containment_b": percent(pair.get("containment_b")),
        "jaccard": f"{_number(pair.get('jaccard')):.2f}",
        "rows": rows,
        "rows_total": len(entries),
        "rows_hidden": max(len(entries) - MAX_ROWS, 0),
    }


def _group_view(group: Mapping[str, Any], docs: _Docs, colours: Mapping[str, int]) -> Json:
    """What the template shows of one copy group: its source and members with coverage."""
    members = []
    for member in _dicts(group.get("members")):
        members.append(
            {
                "doc": docs.ref(member.get("doc"), colours),
                "is_source": _text(member.get("doc")) == _text(group.get("source")),
                "coverage": percent(member.get("coverage")),
                "width": bar_width(member.get("coverage")),
                "changes": consolidated.changes_view(member),
            }
        )
    return {
        "id": _text(group.get("id")),
        "source": docs.ref(group.get("source"), colours),
        "credit": _text(group.get("credit")),
        "members": members,
    }


def _outlet_colours(outlets: list[str]) -> dict[str, int]:
    """A colour index per outlet, in the story's order of outlets."""
    colours: dict[str, int] = {}
    for outlet in outlets:
        colours.setdefault(outlet, len(colours) % PALETTE)
    return colours


def _story_view(
    story: Mapping[str, Any],
    number: int,
    docs: _Docs,
    groups: Mapping[str, Mapping[str, Any]],
    pairs: list[Mapping[str, Any]],
    rendered: set[str],
) -> Json:
    """What the template shows of one story: account, copy groups, its pairs, documents."""
    doc_ids = _strings(story.get("documents"))
    outlets = list(dict.fromkeys(_strings(story.get("outlets"))))
    known = set(outlets)
    for doc_id in doc_ids:  # missed outlets, and documents with no outlet, get a colour too
        view = docs.by_id.get(doc_id)
        key = None if view is None else view["outlet"] or view["id"]
        if key and key not in known:
            outlets.append(key)
            known.add(key)
    colours = _outlet_colours(outlets)

    entries = _dicts(story.get("account"))
    credits = {
        g: _text(groups[g].get("credit")) for g in _strings(story.get("copy_groups")) if g in groups
    }
    refs: dict[str, Json] = {}  # one reference per document and story: badges drawn once

    def ref(doc_id: str) -> Json:
        """The story's reference to a document."""
        found = refs.get(doc_id)
        if found is None:
            found = refs[doc_id] = docs.ref(doc_id, colours)
        return found

    account: list[Json] = []  # runs of consecutive passages from one copy group's source
    for entry in entries[:MAX_ROWS]:
        source = _text(entry.get("source_doc"))
        key = (_text(entry.get("copy_group")), source)
        if not account or account[-1]["key"] != key:
            account.append(
                {
                    "key": key,
                    "source": ref(source),
                    "credit": credits.get(key[0], ""),
                    "passages": [],
                }
            )
        carriers = [ref(d) for d in _strings(entry.get("carried_by")) if d != source]
        account[-1]["passages"].append(
            {
                "text": _text(entry.get("text")),
                "source": account[-1]["source"],
                "carriers": carriers,
            }
        )

    story_docs = []
    for doc_id in doc_ids:
        view = docs.by_id.get(doc_id)
        if view is None:
            continue
        story_docs.append({"doc": view, "repeat": view["anchor"] in rendered})
        rendered.add(view["anchor"])

    group_ids = _strings(story.get("copy_groups"))
    group_of = {
        _text(m.get("doc")): g
        for g in group_ids
        if g in groups
        for m in _dicts(groups[g].get("members"))
    }
    dates = {d: v["published"] for d in doc_ids if (v := docs.by_id.get(d)) is not None}
    extras = consolidated.story_view(story, ref, dates, group_of, lambda d: ref(d)["label"])
    first, last = _text(story.get("first_published")), _text(story.get("last_published"))
    return {
        "number": number,
        "anchor": f"story-{number}",
        "id": _text(story.get("id")),
        "title": _text(story.get("title")),
        "span": _span(first, last),
        "entities": _strings(story.get("entities"))[:20],
        "outlets": [{"name": o, "colour": colours[o]} for o in outlets],
        "document_count": len(doc_ids),
        "account": account,
        "account_hidden": max(len(entries) - MAX_ROWS, 0),
        "consolidated": extras,
        "groups": [_group_view(groups[g], docs, colours) for g in group_ids if g in groups],
        "pairs": [_pair_view(p, docs, colours) for p in pairs[:MAX_PAIRS]],
        "pairs_total": len(pairs),
        "pairs_hidden": max(len(pairs) - MAX_PAIRS, 0),
        "documents": story_docs,
    }


def build_view(report: Mapping[str, Any]) -> Json:
    """The report reshaped for the template: stories first, then what no story covers."""
    meta = report.get("wiretrace") if isinstance(report.get("wiretrace"), Mapping) else {}
    summary = report.get("summary") if isinstance(report.get("summary"), Mapping) else {}
    docs = _Docs(_dicts(report.get("documents")))
    groups_list = _dicts(report.get("copy_groups"))
    groups = {}
    for group in groups_list:
        groups.setdefault(_text(group.get("id")), group)
    pairs = _dicts(report.get("copy_pairs"))
    docs.mark_shared(pairs)

    raw_stories = _dicts(report.get("stories"))
    doc_stories: dict[str, set[int]] = {}
    for position, story in enumerate(raw_stories):
        for doc_id in _strings(story.get("documents")):
            doc_stories.setdefault(doc_id, set()).add(position)
    story_pairs: list[list[Mapping[str, Any]]] = [[] for _ in raw_stories]
    loose: list[Mapping[str, Any]] = []
    for pair in pairs:  # a pair belongs to each story that holds both its documents
        a, b = _text(pair.get("a")), _text(pair.get("b"))
        both = doc_stories.get(a, set()) & doc_stories.get(b, set())
        for position in sorted(both):
            story_pairs[position].append(pair)
        if not both:
            loose.append(pair)

    rendered: set[str] = set()
    stories = [
        _story_view(story, position + 1, docs, groups, story_pairs[position], rendered)
        for position, story in enumerate(raw_stories)
    ]

    in_story_groups = {g["id"] for s in stories for g in s["groups"]}
    loose_groups = [
        _group_view(g, docs, {})
        for g in groups_list
        if _text(g.get("id")) not in in_story_groups and len(_dicts(g.get("members"))) > 1
    ]
    loose_pairs = [_pair_view(p, docs, {}) for p in loose[:MAX_PAIRS]]
    loose_docs = [d for d in docs.views if d["anchor"] not in rendered]

    labels = ("documents", "copy_pairs", "copy_groups", "stories", "problems")
    problems = _dicts(report.get("problems"))
    counted = summary.get("problems")
    problems_total = max(len(problems), counted if isinstance(counted, int) else 0)
    return {
        "version": _text(meta.get("version")),
        "generated": _text(meta.get("generated")),
        "summary": [{"label": k.replace("_", " "), "value": _text(summary.get(k))} for k in labels],
        "stories": stories,
        "loose_groups": loose_groups,
        "loose_pairs": loose_pairs,
        "loose_pairs_total": len(loose),
        "loose_pairs_hidden": max(len(loose) - MAX_PAIRS, 0),
        "loose_docs": loose_docs,
        "problems": [
            {"input": _text(p.get("input")), "reason": _text(p.get("reason"))}
            for p in problems[:MAX_PAGE_PROBLEMS]
        ],
        "problems_total": problems_total,
    }
