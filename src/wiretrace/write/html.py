"""The human-readable report: one self-contained HTML page, stories first.

Everything shown comes from crawled pages and is treated as hostile: `markup` escapes every
value it writes, no page-derived value goes into a URL (anchors are ids derived here from
positions), and sizes are bounded (long texts truncated, long lists cut).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from wiretrace.model import passages
from wiretrace.write import consolidated, markup
from wiretrace.write.page import MAX_PAGE_PROBLEMS, trim
from wiretrace.write.values import (
    as_dicts,
    as_index,
    as_number,
    as_strings,
    as_text,
    bar_width,
    clip,
    percent,
)

MAX_REMOVED = 400  # removed items shown per document
MAX_ROWS = 400  # matched passages shown per pair, account passages per story
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
    page = PageBuilder(shown)
    for story in as_dicts(shown.get("stories")):
        page.add(story)
    return page.parts(shown, note)


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
        key = as_text(doc_id)
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
            a, b = self.by_id.get(as_text(pair.get("a"))), self.by_id.get(as_text(pair.get("b")))
            if a is None or b is None:
                continue
            for entry in as_dicts(pair.get("passages")):
                for view, index, other in ((a, entry.get("a"), b), (b, entry.get("b"), a)):
                    position = as_index(index)
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
        view = self.by_id.get(as_text(doc_id))
        position = as_index(index)
        if view is None or position is None or position >= len(view["passages"]):
            return None
        return view["passages"][position]


def _document_view(doc: Mapping[str, Any], number: int) -> Json:
    """What the template shows of one document."""
    body = as_text(doc.get("body"))
    shown, body_cut = clip(body)
    every = passages(body)
    language = as_text(doc.get("language"))
    removed = as_dicts(doc.get("removed"))
    groups: dict[str, list[str]] = {}
    for item in removed[:MAX_REMOVED]:
        groups.setdefault(as_text(item.get("reason")) or "(no reason)", []).append(
            as_text(item.get("text"))
        )
    return {
        "number": number,
        "anchor": f"doc-{number}",
        "id": as_text(doc.get("id")),
        "source": as_text(doc.get("source")),
        "outlet": as_text(doc.get("outlet")),
        "title": as_text(doc.get("title")),
        "byline": as_text(doc.get("byline")),
        "published": as_text(doc.get("published")),
        "credit": as_text(doc.get("credit")),
        "language": language,
        "lang_attr": language if _LANG.fullmatch(language) else "",
        "url": as_text(doc.get("url")),
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
    entries = as_dicts(pair.get("passages"))
    for entry in entries[:MAX_ROWS]:
        a_index, b_index = as_index(entry.get("a")), as_index(entry.get("b"))
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
        "jaccard": f"{as_number(pair.get('jaccard')):.2f}",
        "rows": rows,
        "rows_total": len(entries),
        "rows_hidden": max(len(entries) - MAX_ROWS, 0),
    }


def _group_view(group: Mapping[str, Any], docs: _Docs, colours: Mapping[str, int]) -> Json:
    """What the template shows of one copy group: its source and members with coverage."""
    members = []
    for member in as_dicts(group.get("members")):
        members.append(
            {
                "doc": docs.ref(member.get("doc"), colours),
                "is_source": as_text(member.get("doc")) == as_text(group.get("source")),
                "coverage": percent(member.get("coverage")),
                "width": bar_width(member.get("coverage")),
                "changes": consolidated.changes_view(member),
            }
        )
    return {
        "id": as_text(group.get("id")),
        "source": docs.ref(group.get("source"), colours),
        "credit": as_text(group.get("credit")),
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
    doc_ids = as_strings(story.get("documents"))
    outlets = list(dict.fromkeys(as_strings(story.get("outlets"))))
    known = set(outlets)
    for doc_id in doc_ids:  # missed outlets, and documents with no outlet, get a colour too
        view = docs.by_id.get(doc_id)
        key = None if view is None else view["outlet"] or view["id"]
        if key and key not in known:
            outlets.append(key)
            known.add(key)
    colours = _outlet_colours(outlets)

    entries = as_dicts(story.get("account"))
    credits = {
        g: as_text(groups[g].get("credit"))
        for g in as_strings(story.get("copy_groups"))
        if g in groups
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
        source = as_text(entry.get("source_doc"))
        key = (as_text(entry.get("copy_group")), source)
        if not account or account[-1]["key"] != key:
            account.append(
                {
                    "key": key,
                    "source": ref(source),
                    "credit": credits.get(key[0], ""),
                    "passages": [],
                }
            )
        carriers = [ref(d) for d in as_strings(entry.get("carried_by")) if d != source]
        account[-1]["passages"].append(
            {
                "text": as_text(entry.get("text")),
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

    group_ids = as_strings(story.get("copy_groups"))
    group_of = {
        as_text(m.get("doc")): g
        for g in group_ids
        if g in groups
        for m in as_dicts(groups[g].get("members"))
    }
    dates = {d: v["published"] for d in doc_ids if (v := docs.by_id.get(d)) is not None}
    extras = consolidated.story_view(story, ref, dates, group_of, lambda d: ref(d)["label"])
    first, last = as_text(story.get("first_published")), as_text(story.get("last_published"))
    return {
        "number": number,
        "anchor": f"story-{number}",
        "id": as_text(story.get("id")),
        "title": as_text(story.get("title")),
        "span": _span(first, last),
        "entities": as_strings(story.get("entities"))[:20],
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


class PageBuilder:
    """The page of a report whose stories may come one at a time after everything else: the
    views of its documents, pairs and groups made first, each story's section written as the
    story comes (a streamed run's workers are consolidating later ones meanwhile), the rest of
    the page at the end."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        """Start from the report's documents, copy pairs and copy groups, and its stories'
        outlines (each story's `documents`; the full stories come through `add`)."""
        self.docs = _Docs(as_dicts(report.get("documents")))
        self.groups_list = as_dicts(report.get("copy_groups"))
        self.groups: dict[str, Mapping[str, Any]] = {}
        for group in self.groups_list:
            self.groups.setdefault(as_text(group.get("id")), group)
        pairs = as_dicts(report.get("copy_pairs"))
        self.docs.mark_shared(pairs)
        self.story_pairs, self.loose = _pairs_by_story(as_dicts(report.get("stories")), pairs)
        self.rendered: set[str] = set()
        self.stories: list[Json] = []
        self.sections: list[list[str]] = []

    def add(self, story: Mapping[str, Any]) -> None:
        """The next story, in page order: its view and its section of the page."""
        position = len(self.stories)
        view = _story_view(
            story, position + 1, self.docs, self.groups, self.story_pairs[position], self.rendered
        )
        self.stories.append(view)
        section: list[str] = []
        markup.story_section(section, view)
        self.sections.append(section)

    def parts(self, report: Mapping[str, Any], note: str = "") -> list[str]:
        """The whole page as pieces of text, once every story has come (header, summary and
        problems from `report`)."""
        view = self.view(report)
        view["trimmed"] = note
        return markup.page_parts(view, self.sections)

    def view(self, report: Mapping[str, Any]) -> Json:
        """The report reshaped for the template: stories first, then what no story covers."""
        meta = report.get("wiretrace") if isinstance(report.get("wiretrace"), Mapping) else {}
        summary = report.get("summary") if isinstance(report.get("summary"), Mapping) else {}
        docs, stories, loose = self.docs, self.stories, self.loose
        in_story_groups = {g["id"] for s in stories for g in s["groups"]}
        loose_groups = [
            _group_view(g, docs, {})
            for g in self.groups_list
            if as_text(g.get("id")) not in in_story_groups and len(as_dicts(g.get("members"))) > 1
        ]
        loose_pairs = [_pair_view(p, docs, {}) for p in loose[:MAX_PAIRS]]
        loose_docs = [d for d in docs.views if d["anchor"] not in self.rendered]
        labels = ("documents", "copy_pairs", "copy_groups", "stories", "problems")
        problems = as_dicts(report.get("problems"))
        counted = summary.get("problems")
        problems_total = max(len(problems), counted if isinstance(counted, int) else 0)
        view: Json = {
            "version": as_text(meta.get("version")),
            "generated": as_text(meta.get("generated")),
            "summary": [
                {"label": k.replace("_", " "), "value": as_text(summary.get(k))} for k in labels
            ],
            "stories": stories,
            "loose_groups": loose_groups,
            "loose_pairs": loose_pairs,
            "loose_pairs_total": len(loose),
            "loose_pairs_hidden": max(len(loose) - MAX_PAIRS, 0),
            "loose_docs": loose_docs,
            "problems": [
                {"input": as_text(p.get("input")), "reason": as_text(p.get("reason"))}
                for p in problems[:MAX_PAGE_PROBLEMS]
            ],
            "problems_total": problems_total,
        }
        return view


def _pairs_by_story(
    stories: list[Mapping[str, Any]], pairs: list[Mapping[str, Any]]
) -> tuple[list[list[Mapping[str, Any]]], list[Mapping[str, Any]]]:
    """The copy pairs of each story (a pair belongs to each story that holds both its
    documents), and the pairs of no story."""
    doc_stories: dict[str, set[int]] = {}
    for position, story in enumerate(stories):
        for doc_id in as_strings(story.get("documents")):
            doc_stories.setdefault(doc_id, set()).add(position)
    story_pairs: list[list[Mapping[str, Any]]] = [[] for _ in stories]
    loose: list[Mapping[str, Any]] = []
    for pair in pairs:
        a, b = as_text(pair.get("a")), as_text(pair.get("b"))
        both = doc_stories.get(a, set()) & doc_stories.get(b, set())
        for position in sorted(both):
            story_pairs[position].append(pair)
        if not both:
            loose.append(pair)
    return story_pairs, loose
