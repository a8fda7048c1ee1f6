"""report.html's consolidated parts (issue 18): disagreements, quotes with speakers and
carriers, facts, a timeline drawn as inline SVG, and each copy's changes as a diff; all of
it escaped and bounded, under the page's Content-Security-Policy."""

from __future__ import annotations

import copy
from typing import Any

import lxml.html

from wiretrace.write import consolidated
from wiretrace.write.html import render_html
from wiretrace.write.markup import CSP

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _report(payload: str = "") -> dict[str, Any]:
    """A small report whose story has quotes, facts, disagreements and a changed copy."""
    docs = [
        {
            "id": f"d{n}",
            "source": f"d{n}.txt",
            "outlet": f"Outlet {n}",
            "title": f"T{n}",
            "published": f"2025-03-1{n}",
            "body": f"Body {n} {payload}",
            "removed": [],
        }
        for n in range(1, 4)
    ]
    member = {
        "doc": "d2",
        "coverage": 0.9,
        "published": "2025-03-12",
        "lag": 86_400,
        "changes": [
            {
                "kind": "edit",
                "source": f"has signed {payload}",
                "copy": "signed today",
                "at": 0,
                "count": 1,
            },
            {"kind": "dropped", "source": "the rest", "copy": None, "at": 3, "count": 7},
        ],
        "changes_omitted": 5,
    }
    story = {
        "id": "s1",
        "title": "Story",
        "documents": ["d1", "d2", "d3"],
        "copy_groups": ["g-d1", "g-d3"],
        "outlets": ["Outlet 1", "Outlet 2", "Outlet 3"],
        "first_published": "2025-03-11",
        "last_published": "2025-03-13",
        "entities": [],
        "account": [
            {
                "text": "Body 1",
                "source_doc": "d1",
                "passage": 0,
                "copy_group": "g-d1",
                "carried_by": ["d1", "d2"],
            }
        ],
        "quotes": [
            {
                "text": f"It is a breakthrough {payload}",
                "speaker": f"Vladimir {payload}",
                "documents": ["d1", "d2"],
                "wordings": [{"text": "a truly revolutionary document", "documents": ["d3"]}],
            }
        ],
        "facts": [
            {
                "kind": "count",
                "value": 28000,
                "text": f"28,000 troops {payload}",
                "documents": ["d1", "d3"],
            }
        ],
        "disagreements": [
            {
                "about": f"people evacuated {payload}",
                "kind": "count",
                "claims": [
                    {"value": 6000, "text": "more than 6,000 people", "documents": ["d1"]},
                    {"value": 4500, "text": f"4,500 people {payload}", "documents": ["d3"]},
                ],
            }
        ],
    }
    return {
        "wiretrace": {"version": "t", "generated": "now"},
        "summary": {"documents": 3, "copy_pairs": 0, "copy_groups": 1, "stories": 1, "problems": 0},
        "documents": docs,
        "copy_pairs": [],
        "copy_groups": [
            {
                "id": "g-d1",
                "source": "d1",
                "credit": None,
                "members": [
                    {
                        "doc": "d1",
                        "coverage": 1.0,
                        "published": "2025-03-11",
                        "lag": 0,
                        "changes": [],
                        "changes_omitted": 0,
                    },
                    member,
                ],
            },
            {
                "id": "g-d3",
                "source": "d3",
                "credit": None,
                "members": [{"doc": "d3", "coverage": 1.0}],
            },
        ],
        "stories": [story],
        "problems": [],
    }


def css(node: Any, tag: str, cls: str = "") -> list[Any]:
    """Descendants of a tag (with a class, when given): a small stand-in for CSS selectors."""
    if not cls:
        return node.xpath(f".//{tag}")
    return node.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')


def test_story_shows_disagreements_quotes_facts_timeline_and_diff() -> None:
    page = render_html(_report())
    tree = lxml.html.fromstring(page)
    assert css(tree, "div", "disagree")[0].text_content().count("people evacuated") == 1
    assert "4,500 people" in css(tree, "div", "disagree")[0].text_content()
    quote = css(tree, "ul", "quotes")[0].xpath("./li")[0]
    assert css(quote, "span", "speaker")[0].text_content() == "Vladimir "
    assert len(quote.xpath("./a")) == 2  # its two carriers
    assert "a truly revolutionary document" in quote.text_content()
    assert "28,000 troops" in css(tree, "table", "facts")[0].text_content()
    assert len(tree.xpath("//svg/circle")) == 3  # one dot per dated document
    diff = css(tree, "details", "changes")[0]
    assert css(diff, "del")[0].text_content().startswith("has signed")
    assert css(diff, "ins")[0].text_content() == "signed today"
    assert "7 passages" in diff.text_content() and "5 more" in diff.text_content()
    assert "+1 d" in css(tree, "span", "lag")[1].text_content()  # the source has none


def test_hostile_values_are_escaped() -> None:
    page = render_html(_report(HOSTILE))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert f'content="{CSP}"' in page


def test_parts_are_bounded() -> None:
    report = _report()
    story = report["stories"][0]
    story["quotes"] = story["quotes"] * 500
    story["facts"] = story["facts"] * 500
    story["disagreements"] = story["disagreements"] * 500
    member = report["copy_groups"][0]["members"][1]
    member["changes"] = member["changes"] * 500
    tree = lxml.html.fromstring(render_html(copy.deepcopy(report)))
    assert len(css(tree, "ul", "quotes")[0].xpath("./li")) == consolidated.MAX_QUOTES
    assert len(css(tree, "table", "facts")[0].xpath(".//tbody/tr")) == consolidated.MAX_FACTS
    assert len(css(tree, "div", "disagree")) == consolidated.MAX_DISAGREEMENTS
    assert (
        len(css(tree, "ul", "diff")[0].xpath("./li")) == consolidated.MAX_CHANGES + 1
    )  # and a note


def test_reports_without_the_new_fields_render() -> None:
    report = _report()
    for key in ("quotes", "facts", "disagreements"):
        del report["stories"][0][key]
    for group in report["copy_groups"]:
        for member in group["members"]:
            for key in ("changes", "published", "lag", "changes_omitted"):
                member.pop(key, None)
    page = render_html(report)
    assert "Where outlets disagree" not in page and "<svg" in page
    assert 'class="changes"' not in page


def test_lag_text() -> None:
    assert consolidated.lag_text(0) == "same time"
    assert consolidated.lag_text(90_000) == "+1 d 1 h"
    assert consolidated.lag_text(-1_200) == "−20 min"
    assert consolidated.lag_text(30) == "+<1 min"
