"""Evidence across documents: passages repeated on one site's pages are furniture."""

from __future__ import annotations

from wiretrace.extract.site import (
    REASON,
    FurnitureConfig,
    find_furniture,
    furniture_rows,
    passage_key,
    remove_furniture,
    site_of,
)
from wiretrace.model import Document

ABOUT = (
    "The Brelle Herald is an independent daily founded in 1921. It is owned by a reader "
    "trust and publishes in print and online every day of the year."
)
NEWSLETTER = "Sign up for the morning briefing."
WIRE = (
    "The ferry line will open in spring after two years of delays caused by a shortage of "
    "steel, officials in the harbour town said on Monday."
)


def article(n: int) -> str:
    """A distinct article of three paragraphs."""
    return "\n\n".join(
        f"Story number {n} reports in part {part} on event {n} in the town, with quotes from "
        f"{n} people and {part} officials who were there when it happened."
        for part in range(3)
    )


def doc(
    doc_id: str, body: list[str], url: str | None = None, outlet: str | None = None
) -> Document:
    """A document with passages."""
    return Document(id=doc_id, source=doc_id, body="\n\n".join(body), url=url, outlet=outlet)


def herald(n: int, *extra: str) -> Document:
    """A page of the Herald's site."""
    return doc(f"h{n}", [article(n), *extra, ABOUT], url=f"https://www.herald.test/news/{n}")


def test_a_notice_on_many_pages_of_a_site_is_furniture() -> None:
    docs = [herald(n, NEWSLETTER) for n in range(5)]
    furniture = find_furniture(docs)
    assert furniture == {"herald.test": {passage_key(ABOUT), passage_key(NEWSLETTER)}}
    cleaned = remove_furniture(docs[2], furniture)
    assert cleaned.body == article(2)
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        (NEWSLETTER, REASON),
        (ABOUT, REASON),
    ]
    assert docs[2].body != cleaned.body  # the input document is not changed in place


def test_text_that_other_outlets_carry_is_body_not_furniture() -> None:
    docs = [herald(n, WIRE) for n in range(4)]
    docs.append(doc("o1", [WIRE, article(99)], outlet="Other Post"))
    furniture = find_furniture(docs)
    assert furniture == {"herald.test": {passage_key(ABOUT)}}
    assert WIRE in remove_furniture(docs[0], furniture).body


def test_too_few_pages_is_no_evidence() -> None:
    docs = [herald(n) for n in range(2)]
    assert find_furniture(docs) == {}
    assert find_furniture(docs, FurnitureConfig(min_pages=2)) == {
        "herald.test": {passage_key(ABOUT)}
    }


def test_a_notice_on_a_small_share_of_a_big_site_is_not_furniture() -> None:
    docs = [herald(n, NEWSLETTER) for n in range(3)] + [
        doc(f"x{n}", [article(n + 10)], url=f"https://herald.test/x/{n}") for n in range(30)
    ]
    assert passage_key(NEWSLETTER) not in find_furniture(docs).get("herald.test", set())


def test_reposts_of_one_article_are_no_evidence() -> None:
    docs = [doc(f"r{n}", [article(1), ABOUT], url=f"https://herald.test/r/{n}") for n in range(4)]
    assert find_furniture(docs) == {}
    docs += [herald(n) for n in range(5, 9)]  # four real pages: the notice is furniture
    furniture = find_furniture(docs)
    assert furniture == {"herald.test": {passage_key(ABOUT)}}
    assert remove_furniture(docs[0], furniture).body == article(1)


def test_sites_from_urls_and_outlets() -> None:
    assert site_of(doc("a", [], url="https://www.herald.test/a?b=1")) == "herald.test"
    assert site_of(doc("a", [], url="herald.test/a")) == "herald.test"
    assert site_of(doc("a", [], outlet="The Herald")) == "the herald"
    assert site_of(doc("a", [])) is None
    assert list(furniture_rows(doc("a", [ABOUT]))) == []  # no site, no evidence
    rows = list(furniture_rows(herald(1, ABOUT)))
    assert len(rows) == 4 and {r[0] for r in rows} == {"herald.test"}  # distinct passages


def test_a_second_run_over_cleaned_documents_changes_nothing() -> None:
    docs = [herald(n, NEWSLETTER) for n in range(5)]
    furniture = find_furniture(docs)
    cleaned = [remove_furniture(d, furniture) for d in docs]
    assert find_furniture(cleaned) == furniture
    assert all(remove_furniture(d, furniture) is d for d in cleaned)
    # a new page of the site is cleaned by the evidence of the old ones
    new = herald(9, NEWSLETTER)
    again = find_furniture([*cleaned, new])
    assert remove_furniture(new, again).body == article(9)
