"""Extract/clean stage: line rules, titles, credits, dates and HTML extraction."""

from __future__ import annotations

import pytest

from wiretrace.extract import extract
from wiretrace.extract.credit import find_credit
from wiretrace.extract.dates import normalise_date
from wiretrace.extract.language import guess_language
from wiretrace.extract.rules import line_reason
from wiretrace.extract.text import clean_text
from wiretrace.model import Page

BODY = [
    "Officials in the harbour town of Brelle said on Monday that the new ferry line would open "
    "in spring, after two years of delays caused by a shortage of steel.",
    "The mayor, Ines Carvalho, told reporters that the first crossings would carry freight only "
    "and that passenger service would follow once safety checks were complete.",
    "Local traders welcomed the news. “We have waited long enough,” said fishmonger Tomas Ruel, "
    "whose stall stands next to the old quay.",
    "The project has cost 40 million euros, twice the original estimate, according to figures "
    "published by the regional council last week.",
]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share on facebook", "share-bar"),
        ("Tweet", "share-bar"),
        ("Total Views: 61", "counter"),
        ("1 2 3 6,098", "pager"),
        ("Related Posts", "related"),
        ("Don't Miss", "related"),
        ("NEXT Storm season starts early in the south", "related"),
        ("The ferry at dawn in Brelle harbour. (AP pic)", "caption"),
        (
            "ferry-arrives-in-brelle-harbour-at-dawn-on-monday Ferry at dawn Alamy Stock Photo",
            "caption",
        ),
        (
            "Support from readers like you keeps our newsroom open. Please donate what you can.",
            "appeal",
        ),
        ("Sign up for our morning newsletter.", "appeal"),
        ("-", "separator"),
        ("The Brelle Herald – www.brelleherald.com", "site-link"),
    ],
)
def test_line_rules(line: str, reason: str) -> None:
    assert line_reason(line) == reason


@pytest.mark.parametrize("line", BODY)
def test_body_lines_pass_every_rule(line: str) -> None:
    assert line_reason(line) is None


def test_quotes_with_we_and_you_are_not_appeals() -> None:
    line = "“We will support you, and we will help your families,” the minister told workers."
    assert line_reason(line) is None


def test_clean_text_finds_title_body_and_furniture() -> None:
    page = "\n".join(
        [
            "Please support independent journalism: donate to us today, we need you.",
            "",
            "Ferry line to Brelle will open in spring",
            "Ferry line to Brelle will open in spring",
            "Share on facebook",
            "Share on twitter",
            *BODY,
            "Related Posts",
            "Brelle fish market gets a new roof",
            "  3 Comments",
            "  I have waited for this ferry my whole life and I think it is great news for us.",
        ]
    )
    cleaned = clean_text(page)
    assert cleaned.title == "Ferry line to Brelle will open in spring"
    assert cleaned.body.split("\n\n") == BODY
    reasons = {r.reason for r in cleaned.removed}
    assert {"appeal", "repeated-title", "share-bar", "related", "comments"} <= reasons


def test_title_split_over_lines_is_not_taken_for_the_title() -> None:
    page = "\n".join(["Ferry line to Brelle will open in spring", "Ferry line to", "Brelle", *BODY])
    cleaned = clean_text(page)
    assert cleaned.title == "Ferry line to Brelle will open in spring"
    assert [r.reason for r in cleaned.removed] == ["repeated-title", "repeated-title"]


def test_list_after_the_body_is_kept() -> None:
    tour = [f"June {d} -- Open Air Stage, City {d}, Country" for d in range(1, 6)]
    cleaned = clean_text("\n".join(["Band announces summer tour dates", *BODY, *tour]))
    assert all(line in cleaned.body for line in tour)


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("SEOUL (AP) — North Korea fired a missile on Monday, officials said.", "AP"),
        ("Text of the story.\n© AFP 2024", "AFP"),
        ("A story. The Associated Press contributed.", "AP"),
        (
            "An expert told Reuters the plan would fail. Another told Reuters it may work.",
            "Reuters",
        ),
        ("A story citing the newspaper, according to local media.", None),
        ("Prices rose, AP said.", None),  # one weak attribution is not a credit
    ],
)
def test_credit(text: str, credit: str | None) -> None:
    assert find_credit(text) == credit


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Wednesday, June 19, 2024", "2024-06-19"),
        ("2024-06-19T10:00:00Z", "2024-06-19"),
        ("19 June 2024", "2024-06-19"),
        ("not a date", None),
        (None, None),
    ],
)
def test_dates(value: str | None, iso: str | None) -> None:
    assert normalise_date(value) == iso


HTML = """<!doctype html><html><head>
<title>Ferry line to Brelle will open in spring | The Brelle Herald</title>
<meta property="og:site_name" content="The Brelle Herald">
<meta property="article:published_time" content="2025-03-02T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry line to Brelle will open in spring</h1>
<p>BRELLE (AFP) — {}</p><p>{}</p><p>{}</p><p>{}</p></article>
<section class="comments"><h3>2 comments</h3>
<div class="comment"><p>I think this ferry is a waste of our money and I said so.</p></div>
</section>
<footer><p>© 2025 The Brelle Herald. All rights reserved.</p></footer>
</body></html>""".format(*BODY)


def test_html_page_becomes_a_document() -> None:
    doc = extract(Page(id="brelle", source="brelle.html", html=HTML))
    assert doc.title == "Ferry line to Brelle will open in spring"
    assert doc.outlet == "The Brelle Herald"
    assert doc.published == "2025-03-02"
    assert doc.credit == "AFP"
    assert doc.language == "en"
    for line in BODY[1:]:
        assert line in doc.body
    assert "waste of our money" not in doc.body
    assert any(r.reason == "comments" and "waste of our money" in r.text for r in doc.removed)


def test_empty_html_is_flagged_not_fatal() -> None:
    doc = extract(Page(id="e", source="e.html", html="<html><body></body></html>"))
    assert doc.body == ""
    assert any(r.reason.startswith("short-body") for r in doc.removed)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (" ".join(BODY), "en"),
        (
            "Le maire a dit que la ligne de ferry sera ouverte au printemps et que les travaux "
            "sont presque finis dans le port de la ville, pour les habitants.",
            "fr",
        ),
        (
            "Der Bürgermeister sagte, dass die Fähre im Frühjahr fährt und die Arbeiten an dem "
            "Hafen mit der Stadt fast fertig sind, für die Bewohner.",
            "de",
        ),
        ("1 2 3 4 5 6 7 8 9 10 11 12", None),
    ],
)
def test_language_guess(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang


def test_comment_count_above_the_article_does_not_cut_it() -> None:
    title = "Ferry line to Brelle will open in spring"
    page = "\n".join([title, BODY[0], "Comments (16)", *BODY[1:]])
    cleaned = clean_text(page)
    assert cleaned.body.split("\n\n") == BODY
    assert [r.reason for r in cleaned.removed] == ["counter"]


@pytest.mark.parametrize("header", ["What readers are saying", "12 Comments", "Leave a Reply"])
def test_thread_after_the_article_is_cut(header: str) -> None:
    thread = ["  marta_k", "  2 hours ago", "  I think the ferry is a waste of money.", "  Reply"]
    cleaned = clean_text(
        "\n".join(["Ferry line to Brelle will open in spring", *BODY, header, *thread])
    )
    assert cleaned.body.split("\n\n") == BODY


@pytest.mark.parametrize("label", ["Join the Conversation", "Comment", "Discussion"])
def test_a_widget_label_near_the_top_does_not_take_the_article(label: str) -> None:
    """Short widget lines under the label open nothing that is built like a thread: the
    article below it is kept, however the label reads."""
    page = "\n".join(
        ["Ferry line to Brelle will open in spring", BODY[0], label, "Share", "Print", *BODY[1:]]
    )
    cleaned = clean_text(page)
    assert cleaned.body.split("\n\n")[-len(BODY) + 1 :] == BODY[1:]
    assert not any(r.reason == "comments" for r in cleaned.removed)


def test_a_long_thread_is_cut_even_when_it_outweighs_the_article() -> None:
    post = ["  marta_k", "  2 hours ago", "  I think the ferry is a waste of our money.", "  Reply"]
    page = "\n".join(["Ferry line to Brelle will open in spring", *BODY, "48 Comments", *post * 30])
    cleaned = clean_text(page)
    assert cleaned.body.split("\n\n") == BODY


def test_an_article_with_ads_and_numbered_subheads_is_no_thread() -> None:
    """Short lines that are ads or subheadings, between paragraphs a reporter wrote, do not
    make the text under a comments label a thread."""
    lines = [BODY[0], "Discussion"]
    for n, para in enumerate(BODY[1:], 1):
        lines += [f"{n}. Part {n}", "AD", para]
    cleaned = clean_text("\n".join(lines))
    for para in BODY:
        assert para in cleaned.body


def test_a_long_thread_of_third_person_posts_with_their_times_is_cut() -> None:
    """Readers quote the news too: posts that say when they were written are a thread even
    when no one writes "I"."""
    post = ["  river_fan77", "  3 hours ago", f"  {BODY[2]}", "  Like · Reply"]
    page = "\n".join(["Ferry line to Brelle will open in spring", *BODY, "96 Comments", *post * 20])
    cleaned = clean_text(page)
    assert cleaned.body.split("\n\n") == BODY
