"""report.html cannot load or run anything, and page text cannot reorder what a reader sees
(issue 16, item 8).

No headless browser is installed here (no /usr/bin/chromium, no Playwright), so the page is
checked as markup: its Content-Security-Policy, and that no bidi control is left in it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .conftest import Run

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_has_a_strict_content_security_policy(hostile: Run) -> None:
    page = (hostile.out / "report.html").read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(page)
    policies = [
        attrs["content"]
        for tag, attrs in parser.tags
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(policies) == 1
    rules = dict(rule.strip().split(" ", 1) for rule in (policies[0] or "").split(";"))
    assert rules["default-src"] == "'none'"  # no script, image, font, frame, connection
    assert rules["style-src"] == "'unsafe-inline'"  # its own <style> and bar widths
    assert rules["base-uri"] == "'none'" and rules["form-action"] == "'none'"
    # the policy comes first in <head>, before anything it governs
    head = page[: page.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<title>") < head.index("<style>")
    # the page needs nothing the policy forbids: no script, no resource to load
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "form", "base"}
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "url(" not in page[page.index("<style>") : page.index("</style>")]


def test_bidi_controls_in_page_text_are_shown_not_obeyed(hostile: Run) -> None:
    """A title carrying U+202E ("evil\\u202etxt.exe", shown as "evilexe.txt") keeps its
    characters in order, with the control shown as a visible marker."""
    page = (hostile.out / "report.html").read_text(encoding="utf-8")
    assert not set(page) & set(BIDI)
    assert "evil[U+202E]txt.exe" in page
    # and page text is isolated from what is around it
    assert re.search(r"a, span[^{]*\{ unicode-bidi: isolate; \}", page)
