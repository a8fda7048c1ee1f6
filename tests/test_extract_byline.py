"""The byline (issue 14): from the page's metadata, else from its "By NAME" line; never made up."""

from __future__ import annotations

import gzip
import json

import orjson
import pytest

from wiretrace.extract import extract
from wiretrace.extract.byline import MAX_CHARS, author_names, by_line_names, find_byline
from wiretrace.model import Document, Page, Removal

PARAGRAPHS = [
    "The council of Brelle voted on Monday to reopen the old ferry line to the islands after "
    "two years of delays, and the first crossings are due to carry freight from the spring.",
    "Passenger service will follow once the safety checks on the quay are complete, the "
    "harbour master told a packed meeting in the town hall on Monday evening.",
    "Local traders welcomed the news, saying the closure had cost them customers from the "
    "islands, where most households still do their weekly shopping on the mainland.",
    "The cost of the works, about four million crowns, will be shared between the council "
    "and the regional transport fund, according to the plan adopted on Monday.",
]


def html_page(head: str = "", byline_html: str = "") -> str:
    """An article page with the given head elements and a line above the body."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>Ferry line to reopen</title>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Ferry line to reopen</h1>{byline_html}{body}</article>"
        "<footer><p>Contact us about advertising on this site.</p></footer></body></html>"
    )


def text_page(byline_line: str | None) -> str:
    """A plain-text article, with a byline line under its headline when given."""
    lines = ["Ferry line to reopen", ""]
    if byline_line:
        lines += [byline_line, ""]
    return "\n".join(lines + [p + "\n" for p in PARAGRAPHS])


def test_meta_author_tag() -> None:
    page = Page(id="m", source="m.html", html=html_page('<meta name="author" content="Ana Lima">'))
    doc = extract(page)
    assert doc.byline == "Ana Lima"
    assert "Brelle" in doc.body


def test_json_ld_authors() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ferry line to reopen",
        "author": [
            {"@type": "Person", "name": "Ana Lima"},
            {"@type": "Person", "name": "Tom Ruel"},
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    doc = extract(Page(id="j", source="j.html", html=html_page(head)))
    assert doc.byline == "Ana Lima, Tom Ruel"


def test_by_line_of_a_text_page() -> None:
    doc = extract(Page(id="t", source="t.txt", text=text_page("By Jane Doe and John Roe")))
    assert doc.byline == "Jane Doe, John Roe"
    assert "By Jane Doe" not in doc.body
    assert any(r.reason == "byline" for r in doc.removed)


def test_by_line_of_an_html_page_without_metadata() -> None:
    html = html_page(byline_html="<p class='byline'>By Jane Doe · 3 April 2025</p>")
    doc = extract(Page(id="h", source="h.html", html=html))
    assert doc.byline == "Jane Doe"


def test_metadata_comes_before_the_line() -> None:
    html = html_page('<meta name="author" content="Ana Lima">', "<p class='byline'>By Jane Doe</p>")
    assert extract(Page(id="b", source="b.html", html=html)).byline == "Ana Lima"


@pytest.mark.parametrize(
    "page",
    [
        Page(id="n", source="n.txt", text=text_page(None)),
        Page(id="n", source="n.html", html=html_page()),
        Page(id="e", source="e.html", html="<html><body></body></html>"),
        Page(id="e", source="e.txt", text=""),
    ],
)
def test_no_byline_is_none(page: Page) -> None:
    assert extract(page).byline is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("By Jane Doe and John Roe", "Jane Doe, John Roe"),
        ("By Jane Doe, John Roe & Ana Lima", "Jane Doe, John Roe, Ana Lima"),
        ("By Mikkel Strand, Associated Press", "Mikkel Strand"),
        ("By Declan Hurst, 17 May 2025", "Declan Hurst"),
        ("By Inès Marot · 3 April 2025 · 4 min read", "Inès Marot"),
        ("By Kari Lund | Tuesday 11 March 2025", "Kari Lund"),
        ("By Henrik Vale, energy correspondent", "Henrik Vale"),
        ("By Jane Doe on March 3, 2025", "Jane Doe"),
        ("By Jane Doe March 3, 2025", "Jane Doe"),
        ("Written by: Ana Lima", "Ana Lima"),
        ("By Jane Doe (Reuters)", "Jane Doe"),
        ("By Newsdesk with AP", "Newsdesk"),
        ("By Jane Doe with Ana Lima", "Jane Doe with Ana Lima"),
        ("Written By: Ana Lima Last Updated: August 1, 2025", "Ana Lima"),
        ("By Li Sun, Sat, 20 Dec 2025", "Li Sun"),
        ("By Ludwig van der Berg", "Ludwig van der Berg"),
        ("By Theresa May", "Theresa May"),
        # not names: no byline rather than a made-up one
        ("By using this site you accept cookies", None),
        ("By the time the ferry left, the quay was empty", None),
        ("By 2027", None),
        ("By Tuesday", None),
        ("By", None),
    ],
)
def test_by_line_names(line: str, names: str | None) -> None:
    assert by_line_names(line) == names


def test_outlet_after_a_name_is_not_an_author() -> None:
    assert by_line_names("By Ana Lima, Harbour Gazette", outlet="Harbour Gazette") == "Ana Lima"
    assert by_line_names("By Ana Lima, Harbour Gazette") == "Ana Lima, Harbour Gazette"


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Ana Lima; Tom Ruel", "Ana Lima, Tom Ruel"),
        ("Ana Lima; ana lima", "Ana Lima"),
        ("Dylan Bailey, MS, RD", "Dylan Bailey, MS, RD"),  # credentials are the page's own
        ("Center for Drug Evaluation and Research", "Center for Drug Evaluation and Research"),
        ("The Currency editors", "The Currency editors"),
        ("https://example.test/ana", None),
        ("", None),
        ("undefined", None),
        ("Name; Maya Perez", "Maya Perez"),
        ("ops@example.test; By Ana Lima", "Ana Lima"),
    ],
)
def test_metadata_author_names(value: str, names: str | None) -> None:
    assert author_names(value) == names


def test_staff_note_gives_the_reporters() -> None:
    note = Removal(
        text="(Reporting by Nils Aas in Holmberg and Freya Dahl; Editing by Ana Lima)",
        reason="byline",
    )
    assert find_byline(None, [note]) == "Nils Aas, Freya Dahl"


def test_only_byline_cuts_count() -> None:
    assert find_byline(None, [Removal(text="By Jane Doe", reason="caption")]) is None
    assert find_byline(None, [Removal(text="By Jane Doe", reason="byline")]) == "Jane Doe"


def test_length_is_bounded() -> None:
    many = "; ".join(f"Ann Number{i} Longname" for i in range(40))
    names = author_names(many)
    assert names is not None and len(names) <= MAX_CHARS
    assert names.startswith("Ann Number0 Longname, Ann Number1 Longname")
    assert author_names("A" * 300) is None  # one "name" past any bound is no name


def test_document_round_trips_and_old_stores_load() -> None:
    doc = Document(id="d", source="s", body="b", title="T", byline="Jane Doe", quotes=[])
    assert list(doc.to_dict())[:6] == ["id", "source", "body", "outlet", "title", "byline"]
    assert Document.from_dict(orjson.loads(orjson.dumps(doc))) == doc
    assert Document.from_dict(doc.to_dict()) == doc
    old = orjson.loads(orjson.dumps(doc))
    del old["byline"]  # a document stored before the field existed
    assert Document.from_dict(old).byline is None
    old["quotes"] = None  # stored without its quotes (copy detection alone): found on load
    assert Document.from_dict(old).quotes == []


def example_pages() -> list[Page]:
    """The example corpus's pages, read as the read stage reads them (ids without extensions;
    a JSONL record per line)."""
    from conftest import EXAMPLES

    pages = []
    for path in sorted(EXAMPLES.iterdir()):
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        text = data.decode("utf-8")
        page_id = path.name.split(".", 1)[0]
        if path.name.endswith(".jsonl"):
            for line in filter(str.strip, text.splitlines()):
                record = json.loads(line)
                record.setdefault("source", path.name)
                pages.append(Page(**record))
        elif ".htm" in path.name:
            pages.append(Page(id=page_id, source=path.name, html=text))
        elif path.name.endswith((".txt", ".txt.gz")):
            pages.append(Page(id=page_id, source=path.name, text=text))
    return pages


def test_example_corpus_bylines() -> None:
    """Every example page's byline is the one examples/expected.json gives (null: none)."""
    from conftest import EXAMPLES

    expected = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))
    got = {page.id: extract(page).byline for page in example_pages()}
    assert got == {k: d["byline"] for k, d in expected["documents"].items()}
