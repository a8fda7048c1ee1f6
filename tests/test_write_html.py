"""Tests for the HTML report (wiretrace.write.html)."""

from __future__ import annotations

import copy
import html
import re
from html.parser import HTMLParser
from typing import Any

import lxml.html
import pytest

from wiretrace.write.html import MAX_PAIRS, MAX_REMOVED, passages, render_html
from wiretrace.write.markup import MAX_TEXT

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_ATTR = "' onmouseover='alert(1)' x=\"&amp;\" &lt;b&gt;"
ATTRIBUTES = {
    "lang",
    "charset",
    "http-equiv",  # the page's Content-Security-Policy
    "name",
    "content",
    "class",
    "id",
    "href",
    "title",
    "scope",
    "style",
    # the timeline's inline SVG: numbers and colours the page computes, nothing from the data
    *[
        "role",
        "width",
        "height",
        "viewbox",
        "xmlns",
        "x1",
        "y1",
        "x2",
        "y2",
        "stroke",
        "cx",
        "cy",
        "r",
        "fill",
        "fill-opacity",
        "x",
        "y",
    ],
    *["font-size", "text-anchor"],
}

WIRE = [
    "Flood barriers along the Oder held overnight as water levels peaked at 6.2 metres.",
    "Engineers said the barriers had been raised by half a metre after the floods of 2019.",
    "Residents of three villages were allowed to return home on Tuesday morning.",
]
LOCAL = "In Brzeg, the volunteer fire brigade handed out sandbags until the early hours."


def _report() -> dict[str, Any]:
    """A small report: one story of two copies of a wire text, plus one loose document."""
    return {
        "wiretrace": {"version": "0.1.0", "generated": "2026-11-22T16:00:00+00:00"},
        "summary": {"documents": 3, "copy_pairs": 1, "copy_groups": 2, "stories": 1, "problems": 1},
        "documents": [
            {
                "id": "wire-1",
                "source": "crawl/wire/floods.html",
                "outlet": "Wire Agency",
                "title": "Oder flood barriers hold",
                "published": "2026-11-20",
                "credit": "Wire Agency",
                "language": "en",
                "url": "https://wire.example/floods",
                "body": "\n\n".join(WIRE),
                "removed": [
                    {"text": "Share this article", "reason": "share bar"},
                    {"text": "Subscribe for updates", "reason": "appeal"},
                    {"text": "Tweet", "reason": "share bar"},
                ],
            },
            {
                "id": "gazette-7",
                "source": "crawl/gazette/oder.html",
                "outlet": "Silesian Gazette",
                "title": "Barriers hold as Oder peaks",
                "published": "2026-11-21",
                "credit": None,
                "language": "en",
                "url": None,
                "body": "\n\n".join([WIRE[0], LOCAL, WIRE[2]]),
                "removed": [],
            },
            {
                "id": "blog-2",
                "source": "crawl/blog/garden.html",
                "outlet": None,
                "title": "Pruning roses in autumn",
                "published": None,
                "credit": None,
                "language": None,
                "url": None,
                "body": "Cut back to an outward-facing bud.",
                "removed": [],
            },
        ],
        "copy_pairs": [
            {
                "a": "wire-1",
                "b": "gazette-7",
                "containment_a": 0.66,
                "containment_b": 0.62,
                "jaccard": 0.48,
                "passages": [{"a": 0, "b": 0, "score": 1.0}, {"a": 2, "b": 2, "score": 0.9}],
            }
        ],
        "copy_groups": [
            {
                "id": "g1",
                "source": "wire-1",
                "credit": "Wire Agency",
                "members": [
                    {"doc": "wire-1", "coverage": 1.0},
                    {"doc": "gazette-7", "coverage": 0.66},
                ],
            },
            {
                "id": "g2",
                "source": "blog-2",
                "credit": None,
                "members": [{"doc": "blog-2", "coverage": 1.0}],
            },
        ],
        "stories": [
            {
                "id": "s1",
                "title": "Flood barriers on the Oder hold",
                "documents": ["wire-1", "gazette-7"],
                "copy_groups": ["g1"],
                "outlets": ["Wire Agency", "Silesian Gazette"],
                "first_published": "2026-11-20",
                "last_published": "2026-11-21",
                "account": [
                    {
                        "text": WIRE[0],
                        "source_doc": "wire-1",
                        "passage": 0,
                        "copy_group": "g1",
                        "carried_by": ["wire-1", "gazette-7"],
                    },
                    {
                        "text": WIRE[1],
                        "source_doc": "wire-1",
                        "passage": 1,
                        "copy_group": "g1",
                        "carried_by": ["wire-1"],
                    },
                    {
                        "text": WIRE[2],
                        "source_doc": "wire-1",
                        "passage": 2,
                        "copy_group": "g1",
                        "carried_by": ["wire-1", "gazette-7"],
                    },
                ],
            }
        ],
        "problems": [{"input": "crawl/bad/page.html", "reason": "empty file"}],
    }


def _empty() -> dict[str, Any]:
    """A report with nothing in it."""
    return {
        "wiretrace": {"version": "0.1.0", "generated": "2026-11-22T16:00:00+00:00"},
        "summary": {"documents": 0, "copy_pairs": 0, "copy_groups": 0, "stories": 0, "problems": 0},
        "documents": [],
        "copy_pairs": [],
        "copy_groups": [],
        "stories": [],
        "problems": [],
    }


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, and the document's text."""

    def __init__(self) -> None:
        """Start with nothing collected."""
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a start tag."""
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a self-closing tag."""
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        """Record text."""
        self.text.append(data)


def _parse(page: str) -> _Tags:
    """The page parsed with the stdlib parser."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _css(node: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """Elements matching a simple CSS selector (tag, #id, .class, descendant and `>` only)."""
    path = "."
    axis = "//"
    for token in selector.split():
        if token == ">":
            axis = "/"
            continue
        match = re.fullmatch(r"([a-z0-9]*)(?:#([\w-]+))?((?:\.[\w-]+)*)", token)
        assert match, token
        tag, ident, classes = match.groups()
        step = axis + (tag or "*")
        if ident:
            step += f"[@id='{ident}']"
        for name in classes.split(".")[1:]:
            step += f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
        path += step
        axis = "//"
    return node.xpath(path)


def _escaped(text: str) -> str:
    """Text escaped as the page writes it (& < > " ' as entities)."""
    return html.escape(text, quote=True).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def _text(node: lxml.html.HtmlElement) -> str:
    """An element's text content, whitespace collapsed."""
    return " ".join(node.text_content().split())


def test_full_html_document() -> None:
    """The output is one complete HTML page with inline CSS and no external resources."""
    page = render_html(_report())
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert page.rstrip().endswith("</html>")
    tags = _parse(page).tags
    names = [name for name, _ in tags]
    for required in ("html", "head", "meta", "title", "style", "body"):
        assert required in names
    assert "script" not in names
    assert "link" not in names
    for name, attrs in tags:
        assert "src" not in attrs, name
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), href
    # every in-page link points at an id that exists
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    for _, attrs in tags:
        if attrs.get("href"):
            assert attrs["href"][1:] in ids


def test_summary_and_contents() -> None:
    """The summary table shows the counts and the contents list links to each story."""
    tree = lxml.html.fromstring(render_html(_report()))
    rows = {
        _text(row.find("th")): _text(row.find("td"))
        for row in _css(tree, "table.summary tr")
        if row.find("th") is not None
    }
    assert rows == {
        "documents": "3",
        "copy pairs": "1",
        "copy groups": "2",
        "stories": "1",
        "problems": "1",
    }
    links = _css(tree, "nav#contents ol a")
    assert [_text(a) for a in links] == ["Flood barriers on the Oder hold"]
    story = tree.get_element_by_id(links[0].get("href")[1:])
    assert story.tag == "section"


def test_story_titles_documents_and_paragraphs() -> None:
    """Story title, span, document titles and body paragraphs are all shown."""
    tree = lxml.html.fromstring(render_html(_report()))
    story = _css(tree, "section.story")[0]
    assert _text(story.find("h2")) == "Flood barriers on the Oder hold"
    assert "2026-11-20 – 2026-11-21" in _text(story)
    docs = _css(story, "article.doc")
    assert len(docs) == 2
    assert "Oder flood barriers hold" in _text(docs[0].find("h4"))
    assert "Barriers hold as Oder peaks" in _text(docs[1].find("h4"))
    paragraphs = [_text(p) for p in _css(docs[0], "div.body > p")]
    assert len(paragraphs) == 3
    for shown, expected in zip(paragraphs, WIRE, strict=True):
        assert shown.endswith(expected)
    assert any(LOCAL in _text(p) for p in _css(docs[1], "div.body > p"))
    # the document outside any story is still there
    loose = tree.get_element_by_id("outside")
    assert "Pruning roses in autumn" in _text(loose)


def test_account_badges_show_who_carries_each_passage() -> None:
    """Each account passage lists its source and the documents that carry it."""
    tree = lxml.html.fromstring(render_html(_report()))
    items = _css(tree, "ol.account > li")
    assert [_text(li.find("p")) for li in items] == WIRE
    badges = [[_text(b) for b in _css(li, ".badge")] for li in items]
    assert badges == [
        ["Wire Agency", "Silesian Gazette"],
        ["Wire Agency"],
        ["Wire Agency", "Silesian Gazette"],
    ]
    # badges link to the documents by derived anchors
    assert _css(items[0], ".badge")[1].get("href") == "#doc-2"


def test_copy_group_coverage_bar() -> None:
    """Copy group members show coverage as a percentage with a bar of that width."""
    tree = lxml.html.fromstring(render_html(_report()))
    story = _css(tree, "section.story")[0]
    rows = _css(story, "div.group table.members tbody tr")
    assert len(rows) == 2
    assert _text(_css(rows[1], ".cov .num")[0]) == "66%"
    assert _css(rows[1], ".bar > span")[0].get("style") == "width: 66.0%"


def test_pair_matched_passages_inside_details() -> None:
    """A pair's matched passages appear, side by side, inside its <details>."""
    tree = lxml.html.fromstring(render_html(_report()))
    story = _css(tree, "section.story")[0]
    pairs = _css(story, "div.pair")
    assert len(pairs) == 1
    head = _text(_css(pairs[0], ".pair-head")[0])
    assert "66%" in head and "62%" in head and "0.48" in head
    details = pairs[0].find("details")
    assert details is not None and details.get("open") is None
    assert "Matched passages (2)" in _text(details.find("summary"))
    rows = _css(details, "tbody tr")
    assert len(rows) == 2
    cells = [[_text(td) for td in row.findall("td")] for row in rows]
    assert cells[0][0].endswith(WIRE[0]) and cells[0][1].endswith(WIRE[0])
    assert cells[1][0].endswith(WIRE[2]) and cells[1][1].endswith(WIRE[2])
    assert cells[1][2] == "90%"
    # the local paragraph was not matched, so it is not in the pair's details
    assert LOCAL not in _text(details)


def test_pair_passage_index_out_of_range() -> None:
    """A passage index beyond the body is reported as missing, not an error."""
    report = _report()
    report["copy_pairs"][0]["passages"].append({"a": 99, "b": -1, "score": 0.5})
    tree = lxml.html.fromstring(render_html(report))
    rows = _css(tree, "div.pair details tbody tr")
    assert len(rows) == 3
    assert "(passage not in the body)" in _text(rows[2])


def test_removed_grouped_by_reason_and_collapsed() -> None:
    """Removed text sits in a collapsed <details> "Removed (N)", grouped by reason."""
    tree = lxml.html.fromstring(render_html(_report()))
    doc = tree.get_element_by_id("doc-1")
    details = _css(doc, "details.removed")[0]
    assert details.get("open") is None
    assert _text(details.find("summary")) == "Removed (3)"
    reasons = [_text(h) for h in details.findall("h5")]
    assert reasons == ["share bar (2)", "appeal (1)"]
    items = [[_text(li) for li in ul.findall("li")] for ul in details.findall("ul")]
    assert items == [["Share this article", "Tweet"], ["Subscribe for updates"]]


def test_removed_list_is_bounded() -> None:
    """At most MAX_REMOVED removed items are shown, with a note for the rest."""
    report = _report()
    report["documents"][0]["removed"] = [
        {"text": f"junk line {i}", "reason": "boilerplate"} for i in range(MAX_REMOVED + 50)
    ]
    tree = lxml.html.fromstring(render_html(report))
    details = _css(tree.get_element_by_id("doc-1"), "details.removed")[0]
    assert _text(details.find("summary")) == f"Removed ({MAX_REMOVED + 50})"
    assert len(_css(details, "li")) == MAX_REMOVED
    assert "50 more" in _text(details)


@pytest.mark.parametrize("payload", [XSS_SCRIPT, XSS_IMG, XSS_ATTR])
def test_hostile_text_is_escaped(payload: str) -> None:
    """Markup in any page-derived field is shown as text, never as tags."""
    report = _report()
    doc = report["documents"][0]
    old_id = doc["id"]
    new_id = f"wire-1{payload}"
    doc.update(
        {
            "id": new_id,
            "title": f"Title {payload}",
            "body": f"Para one {payload}\n\nPara two {payload}",
            "url": f"https://evil.example/{payload}",
            "outlet": f"Outlet {payload}",
            "credit": payload,
            "language": payload,
            "source": f"crawl/{payload}.html",
            "removed": [{"text": f"junk {payload}", "reason": f"reason {payload}"}],
        }
    )
    for pair in report["copy_pairs"]:
        pair["a"] = new_id if pair["a"] == old_id else pair["a"]
    group = report["copy_groups"][0]
    group.update({"id": f"g1{payload}", "source": new_id, "credit": payload})
    group["members"][0]["doc"] = new_id
    story = report["stories"][0]
    story.update(
        {
            "id": payload,
            "title": f"Story {payload}",
            "documents": [new_id, "gazette-7"],
            "copy_groups": [f"g1{payload}"],
            "outlets": [f"Outlet {payload}", "Silesian Gazette"],
            "first_published": payload,
        }
    )
    for entry in story["account"]:
        entry.update({"text": f"Account {payload}", "source_doc": new_id})
        entry["carried_by"] = [new_id if d == old_id else d for d in entry["carried_by"]]
    report["problems"] = [{"input": payload, "reason": payload}]
    report["wiretrace"]["generated"] = payload

    page = render_html(report)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    parsed = _parse(page)
    names = {name for name, _ in parsed.tags}
    assert "script" not in names and "img" not in names
    for _, attrs in parsed.tags:
        assert set(attrs) <= ATTRIBUTES
        assert "src" not in attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#") and payload not in href
        assert attrs.get("id") is None or payload not in attrs["id"]
        assert attrs.get("lang") is None or payload not in attrs["lang"]
    # the hostile text is still shown, as text
    text = "".join(parsed.text)
    for shown in (f"Story {payload}", f"Title {payload}", f"Para one {payload}", f"junk {payload}"):
        assert shown in text
    assert f"https://evil.example/{payload}" in text
    assert _escaped(payload) in page


def test_url_is_text_not_link() -> None:
    """A document's URL is shown as text and never becomes a link target."""
    page = render_html(_report())
    tags = _parse(page).tags
    assert all(attrs.get("href") != "https://wire.example/floods" for _, attrs in tags)
    tree = lxml.html.fromstring(page)
    assert "https://wire.example/floods" in _text(tree.get_element_by_id("doc-1"))


def test_long_body_is_truncated() -> None:
    """A body over MAX_TEXT characters is cut, with a visible note."""
    report = _report()
    long_para = "word " * (MAX_TEXT // 2)
    report["documents"][0]["body"] = f"Short opening.\n\n{long_para}\n\nClosing line never shown."
    page = render_html(report)
    tree = lxml.html.fromstring(page)
    body = _css(tree.get_element_by_id("doc-1"), "div.body")[0]
    shown = _text(body)
    assert "… (truncated)" in shown
    assert "Closing line never shown." not in shown
    assert len(body.text_content()) < MAX_TEXT + 1000


def test_long_single_texts_are_truncated() -> None:
    """Any other single text (title, account passage, removed item) over the limit is cut."""
    report = _report()
    huge = "x" * (MAX_TEXT + 5000)
    report["documents"][0]["title"] = huge
    report["documents"][0]["removed"] = [{"text": huge, "reason": "junk"}]
    report["stories"][0]["account"][0]["text"] = huge
    page = render_html(report)
    assert huge not in page
    assert page.count("… (truncated)") >= 3
    tree = lxml.html.fromstring(page)
    title = _text(tree.get_element_by_id("doc-1").find("h4"))
    assert title.endswith("… (truncated)")
    assert title.count("x") == MAX_TEXT


def test_empty_report_renders() -> None:
    """A report with no documents still renders a complete page."""
    page = render_html(_empty())
    tree = lxml.html.fromstring(page)
    assert tree.tag == "html"
    assert "No stories." in _text(tree)
    assert _css(tree, "section.story") == []
    assert _css(tree, "table.summary")


def test_missing_sections_and_unknown_ids_render() -> None:
    """Missing keys, unknown document ids and odd values do not break the page."""
    page = render_html({"documents": [], "stories": [{"title": None, "documents": ["nope"]}]})
    assert "(untitled story)" in page
    report = _report()
    report["copy_groups"][0]["members"].append({"doc": "ghost", "coverage": "n/a"})
    report["stories"][0]["account"][0]["carried_by"].append("ghost")
    tree = lxml.html.fromstring(render_html(report))
    unknown = _css(tree, "span.badge.unknown")
    assert unknown and all(_text(b) == "ghost" for b in unknown)


def test_problems_listed_at_end() -> None:
    """Problems appear in their own table at the end; none means no section."""
    tree = lxml.html.fromstring(render_html(_report()))
    problems = tree.get_element_by_id("problems")
    assert [_text(td) for td in _css(problems, "tbody td")] == [
        "crawl/bad/page.html",
        "empty file",
    ]
    assert _css(tree, "main > section")[-1].get("id") == "problems"
    assert not _css(lxml.html.fromstring(render_html(_empty())), "#problems")


def test_render_does_not_change_report() -> None:
    """Rendering leaves the report dict as it was."""
    report = _report()
    before = copy.deepcopy(report)
    render_html(report)
    assert report == before


def test_passages_split() -> None:
    """Passages are the non-empty stripped blocks between blank lines."""
    assert passages("  one \n\n\n\ntwo\nstill two\n\n  ") == ["one", "two\nstill two"]


def test_shared_paragraphs_marked() -> None:
    """Paragraphs matched in another document are marked with how many documents carry them."""
    tree = lxml.html.fromstring(render_html(_report()))
    paragraphs = _css(tree.get_element_by_id("doc-2"), "div.body > p")
    marked = [p.get("class") == "shared" for p in paragraphs]
    assert marked == [True, False, True]
    assert _text(_css(paragraphs[0], "span.also")[0]) == "in 2"
    assert "2 of 3 paragraphs" in _text(tree.get_element_by_id("doc-2"))


def test_pairs_per_story_are_bounded() -> None:
    """A story with very many pairs shows at most MAX_PAIRS of them, with a note."""
    report = _report()
    extra = MAX_PAIRS + 5
    report["copy_pairs"] = [copy.deepcopy(report["copy_pairs"][0]) for _ in range(extra)]
    tree = lxml.html.fromstring(render_html(report))
    story = _css(tree, "section.story")[0]
    assert len(_css(story, "div.pair")) == MAX_PAIRS
    assert f"Copy pairs ({extra})" in _text(story)
    assert "5 more pairs not shown" in _text(story)


def test_large_report_shows_its_largest_stories_within_bounds() -> None:
    from wiretrace.write.html import trim

    documents = [
        {"id": f"d{i}", "source": f"d{i}.txt", "title": f"Title {i}", "body": "Some words."}
        for i in range(50)
    ]
    stories = [
        {"id": "big", "title": "Big story", "documents": [f"d{i}" for i in range(10)]},
        *({"id": f"s{i}", "title": f"Small {i}", "documents": [f"d{i}"]} for i in range(10, 50)),
    ]
    report = {"documents": documents, "stories": stories, "copy_groups": [], "copy_pairs": []}
    shown, note = trim(report, max_docs=15, max_stories=100)
    assert [s["id"] for s in shown["stories"]] == ["big", "s10", "s11", "s12", "s13", "s14"]
    assert len(shown["documents"]) == 15
    assert "6 largest of 41 stories" in note and "15 of 50 documents" in note
    assert trim(report, max_docs=100, max_stories=100) == (report, "")
    html = render_html(report)
    assert "Big story" in html
