"""What one report page shows: a large report's largest stories, within bounds a browser
handles, picked from the report seen one item at a time (report.json keeps everything)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from typing import Any

import orjson

from wiretrace.model import CopyGroup, CopyPair, Document, Problem, Story
from wiretrace.write.values import as_dicts, as_strings, as_text

MAX_PAGE_DOCS = 3000  # documents shown on one page; a larger report shows its largest stories


MAX_PAGE_STORIES = 1000  # stories shown on one page


MAX_PAGE_PROBLEMS = 1000  # problems listed on one page


def trim(
    report: dict[str, Any], max_docs: int = MAX_PAGE_DOCS, max_stories: int = MAX_PAGE_STORIES
) -> tuple[dict[str, Any], str]:
    """The part of a large report a browser can show: its largest stories, within bounds.

    A page for a whole corpus would weigh gigabytes; report.json keeps everything.
    """
    stories = as_dicts(report.get("stories"))
    documents = as_dicts(report.get("documents"))
    if len(documents) <= max_docs and len(stories) <= max_stories:
        return report, ""
    page = PagePicker(len(documents), len(stories), max_docs, max_stories)
    for story in stories:
        page.add_story(story)
    page.choose()
    for document in documents:
        page.add_document(document)
    for pair in as_dicts(report.get("copy_pairs")):
        page.add_pair(pair)
    for group in as_dicts(report.get("copy_groups")):
        page.add_group(group)
    for problem in as_dicts(report.get("problems")):
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
        size = len(as_strings(_field(story, "documents")))
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
        self._ids = {d for s in self.stories for d in as_strings(s.get("documents"))}
        self._group_ids = {g for s in self.stories for g in as_strings(s.get("copy_groups"))}

    def fill_story(self, story: Any, data: bytes | None = None) -> Mapping[str, Any] | None:
        """See the next full story, after its outline was ranked; kept if it is shown (then
        returned, as the page holds it)."""
        position, self._filled = self._filled, self._filled + 1
        slot = self._slots.get(position)
        if slot is None:
            return None
        kept = self.stories[slot] = _json_dict(story, data)
        return kept

    def outlined(self) -> dict[str, Any]:
        """What the page holds so far: its documents, pairs and groups, and its stories as
        they stand (outlines until filled)."""
        return {
            "documents": self.documents,
            "copy_pairs": self.pairs,
            "copy_groups": self.groups,
            "stories": self.stories,
        }

    def add_document(self, document: Any, data: bytes | None = None) -> None:
        """See the next document; kept if one of the shown stories holds it."""
        if self.whole or as_text(_field(document, "id")) in self._ids:
            self.documents.append(_json_dict(document, data))

    def add_pair(self, pair: Any, data: bytes | None = None) -> None:
        """See the next copy pair; kept if both its documents are shown."""
        ids = self._ids
        if self.whole or (as_text(_field(pair, "a")) in ids and as_text(_field(pair, "b")) in ids):
            self.pairs.append(_json_dict(pair, data))

    def add_group(self, group: Any, data: bytes | None = None) -> None:
        """See the next copy group; kept if a shown story holds it."""
        if self.whole or as_text(_field(group, "id")) in self._group_ids:
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
