"""HTML extraction: lines traced to the DOM, the article container, chunks, cards, furniture."""

from __future__ import annotations

import pytest

from wiretrace.extract import extract
from wiretrace.extract.html import Block, extract_html, headline, parse, pick_text, trace_lines
from wiretrace.extract.rules import block_reason, line_reason
from wiretrace.extract.text import clean_text
from wiretrace.model import Page

PARAS = [
    "Officials in the harbour town of Brelle said on Monday that the new ferry line would open "
    "in spring, after two years of delays caused by a shortage of steel and a long dispute.",
    "The mayor, Ines Carvalho, told reporters that the first crossings would carry freight only "
    "and that passenger service would follow once the safety checks were complete next year.",
    "Local traders welcomed the news. “We have waited long enough,” said fishmonger Tomas Ruel, "
    "whose stall stands next to the old quay where the ferry will dock from April onwards.",
    "The project has cost 40 million euros, twice the original estimate, according to figures "
    "published by the regional council last week in its annual report on public works.",
    "Critics say the money would have been better spent on the coastal road, which floods every "
    "winter and cuts the villages north of Brelle off from the hospital for days at a time.",
    "The council rejected that view on Tuesday and said both projects would be finished before "
    "the next election, with the road works starting as soon as the ferry terminal is built.",
]


def page(body: str, head: str = "", after: str = "") -> str:
    """A news page around an article body."""
    return f"""<!doctype html><html><head><title>Ferry line to Brelle will open in spring</title>
<meta property="og:site_name" content="The Brelle Herald"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<header class="page-head"><h1>Ferry line to Brelle will open in spring</h1>{head}</header>
<article><div class="story-body">{body}</div>{after}</article>
<footer><p>© 2025 The Brelle Herald</p></footer></body></html>"""


def paras(items: list[str]) -> str:
    """Paragraph markup."""
    return "".join(f"<p>{p}</p>" for p in items)


def test_related_headlines_after_the_article_are_cut_and_recorded() -> None:
    related = (
        '<div class="more"><h3>More from the coast</h3><ul>'
        '<li><a href="/a">Fish market gets a new roof after storm damage</a></li>'
        '<li><a href="/b">Harbour master retires after forty years at sea</a></li>'
        '<li><a href="/c">Lighthouse reopens to visitors this summer</a></li></ul></div>'
    )
    doc = extract(Page(id="p", source="p.html", html=page(paras(PARAS), after=related)))
    for p in PARAS:
        assert p in doc.body
    assert "Fish market" not in doc.body and "Lighthouse" not in doc.body
    removed = {r.text.lstrip("- "): r.reason for r in doc.removed}
    reason = removed.get("Harbour master retires after forty years at sea")
    assert reason in ("related", "trailer", "outside-article")


def test_deck_in_the_page_header_is_not_body() -> None:
    deck = "<h2>Two years late and twice the cost, the crossing finally has a date.</h2>"
    doc = extract(Page(id="p", source="p.html", html=page(paras(PARAS), head=deck)))
    assert "finally has a date" not in doc.body
    assert doc.body.split("\n\n")[0] == PARAS[0]
    assert doc.title == "Ferry line to Brelle will open in spring"
    assert doc.outlet == "The Brelle Herald"


def test_each_line_is_traced_to_its_element() -> None:
    html = page(paras(PARAS[:3]) + '<p><a href="/x">A link that is a whole line</a></p>')
    tree = parse(html)
    assert tree is not None
    lines = [*PARAS[:3], "A link that is a whole line"]
    lines_out, blocks = trace_lines(tree, lines)
    assert lines_out == lines
    assert [b.tag if b else None for b in blocks] == ["p", "p", "p", "a"]  # innermost source
    assert blocks[3] is not None and blocks[3].link_density == 1.0
    assert blocks[0] is not None and blocks[0].link_density == 0.0


def test_other_chunks_of_a_split_article_are_added_in_order() -> None:
    body = (
        f'<div class="grid"><div class="chunk body">{paras(PARAS[:3])}</div></div>'
        '<div class="ad">Advertisement</div>'
        f'<div class="grid"><div class="chunk body">{paras(PARAS[3:])}</div></div>'
    )
    tree = parse(page(body))
    assert tree is not None
    lines, blocks = trace_lines(tree, PARAS[:3])
    assert lines == PARAS
    assert all(b is not None and b.position == "inside" for b in blocks)


def test_a_box_with_the_containers_class_elsewhere_is_not_a_chunk() -> None:
    body = f'<div class="grid"><div class="chunk body">{paras(PARAS[:3])}</div></div>'
    far = '<div class="x"><div class="y"><div class="z"><div class="chunk body">'
    far += paras(PARAS[3:]) + "</div></div></div></div>"
    html = page(body).replace("<footer>", far + "<footer>")
    tree = parse(html)
    assert tree is not None
    lines, _ = trace_lines(tree, PARAS[:3])
    assert lines == PARAS[:3]


def test_hover_card_inside_a_sentence_is_dropped_but_the_name_stays() -> None:
    card = (
        '<span class="person"><a href="/p/ines">Ines Carvalho</a><span class="card">'
        '<img src="/ines.jpg"><a href="/s/1">Mayor opens new school in the north</a>'
        '<a href="/s/2">Mayor says budget is on track</a></span></span>'
    )
    body = paras(PARAS[:2]) + f"<p>The mayor, {card}, said the work would start soon.</p>"
    body += paras(PARAS[2:])
    doc = extract(Page(id="p", source="p.html", html=page(body)))
    assert "The mayor, Ines Carvalho, said the work would start soon." in doc.body
    assert "budget is on track" not in doc.body


def test_comment_sections_are_removed_with_their_reason() -> None:
    comments = (
        '<section class="comments"><h3>2 comments</h3>'
        "<p>I think this ferry is a waste of our money and I said so at the meeting.</p>"
        "</section>"
    )
    doc = extract(Page(id="p", source="p.html", html=page(paras(PARAS), after=comments)))
    assert "waste of our money" not in doc.body
    assert any(r.reason == "comments" and "waste of our money" in r.text for r in doc.removed)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html></html>",
        "\x00\x01\x02 binary junk \xff\xfe",
        "<html><body><p>Too short.</p></body></html>",
        "<p>" * 5000 + "unclosed",
        "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>",
    ],
)
def test_broken_pages_give_an_empty_or_short_body_not_an_error(html: str) -> None:
    article = extract_html(html)
    assert isinstance(article.text, str)
    doc = extract(Page(id="p", source="p.html", html=html))
    assert any(r.reason.startswith("short-body") for r in doc.removed)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("(Reporting by Jane Roe; Editing by John Doe)", "byline"),
        ("Additional reporting by Ana Lima in Lisbon", "byline"),
        ("Associated Press writers Ana Lima and Tom Ruel contributed to this report.", "byline"),
        ("Have a tip? The reporter may be reached at news@example.test.", "byline"),
        ("Follow @BrelleHerald on Twitter for the latest news from the coast.", "appeal"),
        ("Follow The Brelle Herald on Facebook, Twitter and Instagram.", "appeal"),
        ("Like this story? Share it with a friend!", "share-bar"),
        ("Write to Ana Lima at ana.lima@example.test", "byline"),
        (
            "Follow the Herald's full coverage of the ferry dispute at https://herald.test/f",
            "appeal",
        ),
        ("Read more: Fish market gets a new roof after the winter storms hit the coast", "related"),
        ("[Related: Harbour master retires after forty years]", "related"),
    ],
)
def test_staff_notes_and_follow_calls(line: str, reason: str) -> None:
    assert line_reason(line, html=True) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Read the report at https://example.test/ferry-line-to-brelle-will-open-in-spring-2025",
        "Officials said reporting by local media had been accurate and fair throughout.",
        "She will follow the minister on his visit to the harbour on Monday.",
        "Read more: the council's report runs to 400 pages and was published on Friday.",
    ],
)
def test_body_lines_are_not_staff_notes(line: str) -> None:
    assert line_reason(line, html=True) is None


def block(position: str = "inside", link_density: float = 0.0, heading: bool = False) -> Block:
    """DOM evidence for a line."""
    return Block(tag="p", link_density=link_density, order=0, heading=heading, position=position)


@pytest.mark.parametrize(
    ("text", "evidence", "reason"),
    [
        ("Harbour master retires after forty years", block(link_density=1.0), "related"),
        ("https://example.test/report.pdf", block(link_density=1.0), None),
        (PARAS[0], block(position="before", heading=True), "header"),
        ("Published 3 March", block(position="before"), "header"),
        (PARAS[0], block(position="before"), None),  # a lead paragraph outside the container
        (PARAS[0], block(position="after"), "trailer"),
        ("Sorry!", block(position="between"), "trailer"),
        (PARAS[0], block(position="between"), None),
        (PARAS[0], block(), None),
    ],
)
def test_block_rules(text: str, evidence: Block, reason: str | None) -> None:
    assert block_reason(text, evidence) == reason


def test_html_lines_with_dom_evidence_are_cleaned_with_it() -> None:
    lines = [*PARAS[:3], "Fish market gets a new roof", "Pick Six Newsletter", PARAS[3]]
    blocks = [block(), block(), block(), block(link_density=1.0), block("after"), block("after")]
    cleaned = clean_text("\n".join(lines), structured=True, blocks=blocks)
    assert cleaned.body.split("\n\n") == PARAS[:3]
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("Fish market gets a new roof", "related"),
        ("Pick Six Newsletter", "trailer"),
        (PARAS[3], "trailer"),
    ]


def test_a_page_the_parsers_choke_on_is_recorded_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import wiretrace.extract.html as html_module

    def choke(tree: object, **kwargs: object) -> None:
        """A parser failing the way deep or odd pages make lxml fail."""
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_module.trafilatura, "bare_extraction", choke)
    monkeypatch.setattr(html_module, "trace_lines", choke)
    doc = extract(Page(id="p", source="p.html", html=page(paras(PARAS))))
    assert doc.body == ""
    reasons = [r.reason for r in doc.removed if r.reason.startswith("short-body")]
    assert reasons == [
        "short-body: unreadable HTML (RecursionError: maximum recursion depth exceeded)"
    ]


def test_prose_a_script_reveals_is_kept_but_a_hidden_dialog_is_not() -> None:
    streamed = f'<div hidden id="part-2">{paras(PARAS[3:])}</div>'
    dialog = (
        '<div role="dialog" aria-hidden="true"><p>We use cookies to improve your visit and to '
        "measure how readers find our pages; you can change these settings at any time.</p>"
        "<p>Cookies that are strictly necessary cannot be switched off, since the site does not "
        "work without them, and they store no personal information about you at all.</p></div>"
    )
    html = page(paras(PARAS[:3]) + streamed, after=dialog)
    doc = extract(Page(id="p", source="p.html", html=html))
    for p in PARAS:
        assert p in doc.body
    assert "cookies" not in doc.body.lower()


def test_a_section_named_for_comments_that_holds_the_headline_is_the_article() -> None:
    html = page("").replace(
        "<article>",
        f'<article class="post has-comments"><h1>Ferry line opens</h1>{paras(PARAS)}',
    )
    doc = extract(Page(id="p", source="p.html", html=html))
    for p in PARAS:
        assert p in doc.body


def test_lines_that_link_within_the_page_are_not_headline_links() -> None:
    toc = Block(tag="a", link_density=1.0, order=3, heading=False, in_page_link=True)
    away = Block(tag="a", link_density=1.0, order=3, heading=False)
    assert block_reason("Where the ferry will dock", toc) is None
    assert block_reason("Where the ferry will dock", away) == "related"


def test_recall_mode_is_kept_unless_it_collapsed() -> None:
    article = " ".join(PARAS)
    asked: list[bool] = []

    def balanced() -> str:
        asked.append(True)
        return article

    assert pick_text(article, 200, balanced) == article and not asked  # most paragraphs kept
    assert pick_text("A fragment.", 200, balanced) == article  # collapsed: balanced wins
    assert pick_text(PARAS[0], 200, lambda: PARAS[0] + " " + PARAS[1]) == PARAS[0]  # both short


def test_a_closing_box_that_names_the_site_is_its_promotion() -> None:
    html = (
        '<html><head><meta property="og:site_name" content="Brelle Radio"></head><body>'
        "<h1>Ferry line to Brelle will open in spring</h1>"
        + paras(PARAS)
        + "<p>The ferry operator did not respond to Brelle Radio's request for comment.</p>"
        + '<div class="listen">Listen to Brelle Radio on 98.4 FM and online.</div>'
        + "<footer>Brelle Radio 2025</footer></body></html>"
    )
    doc = extract(Page(id="p", source="p.html", html=html))
    assert doc.outlet == "Brelle Radio"
    assert "98.4 FM" not in doc.body
    assert any(r.reason == "site-link" and "98.4 FM" in r.text for r in doc.removed)
    assert "request for comment" in doc.body


@pytest.mark.parametrize(
    ("h1s", "title", "expected"),
    [
        (
            ["Brelle Herald", "Ferry line opens in spring"],
            "Ferry | Brelle Herald",
            "Ferry line opens in spring",
        ),
        ([], "Ferry line opens in spring | The Brelle Herald", "Ferry line opens in spring"),
        ([], "Ferry line opens in spring - brelleherald", "Ferry line opens in spring"),
        (
            [],
            "Ferry line opens | A guide for travellers",
            "Ferry line opens | A guide for travellers",
        ),
        ([], None, None),
    ],
)
def test_headline_is_the_pages_own_without_the_sites_name(
    h1s: list[str], title: str | None, expected: str | None
) -> None:
    markup = "".join(f"<h1>{h}</h1>" for h in h1s)
    tree = parse(f"<html><body>{markup}<p>{PARAS[0]}</p></body></html>")
    assert (
        headline(tree, title, "The Brelle Herald", "https://www.brelleherald.example/a") == expected
    )


def test_a_page_without_a_date_in_its_markup_gets_the_first_it_writes_out() -> None:
    html = page(
        paras(PARAS),
        head="<p class='meta'>Posted on March 3, 2024 by the newsroom</p>",
        after="<p>Updated 5 May 2024</p>",
    )
    assert extract_html(html).published == "2024-03-03"
    assert extract_html(page(paras(PARAS))).published is None
