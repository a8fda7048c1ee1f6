"""Evidence across documents: text that other outlets carry in their bodies is article body.

The pages here are written for these tests (a fictional harbour town); the engine tests run
the real pipeline into a real store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from wiretrace.config import Settings
from wiretrace.engines import local
from wiretrace.extract import extract
from wiretrace.extract.carried import (
    CarriedConfig,
    place,
    removed_rows,
    restorable,
    restore_carried,
)
from wiretrace.extract.site import passage_key
from wiretrace.model import Document, Page, Removal
from wiretrace.store import SCHEMA_VERSION, Store

TITLE = "Velmar closes grain pier for repairs"
LEAD = [
    "The harbour council of Velmar voted on Tuesday to close the old grain pier for two "
    "years while engineers rebuild its timber deck.",
    "“We could not keep patching it,” said council member Odile Branck, who chairs the "
    "works committee of the council.",
    "The repairs will cost about 14 million crowns, paid in part by a regional fund set up "
    "after the storms of last winter.",
]
REST = [
    "Fishing crews that moor at the pier will move to the eastern basin, where temporary "
    "berths are being built this month.",
    "Dock workers said they had warned for years that the deck was rotting beneath the "
    "loading cranes and the old sheds.",
]
DECK = "Engineers will rebuild the timber deck of the old grain pier over two years"
CLOSING = "The council will meet again on the first Monday of March to review the plans"
WIDGET = ["Join the Conversation", "Sign in to reply", "Sort by newest"]
OUTLETS = ("coastal-wire.test", "northport-post.test")


def record(doc_id: str, site: str, lines: list[str], title: str = TITLE) -> dict[str, Any]:
    """A text page of a site, one line a paragraph."""
    return {
        "id": doc_id,
        "url": f"https://www.{site}/{doc_id}",
        "title": title,
        "text": "\n".join(lines),
    }


def html_record(doc_id: str, site: str) -> dict[str, Any]:
    """An HTML page whose fourth paragraph is all link: the extractor leaves it out."""
    paragraphs = [f"<p>{p}</p>" for p in LEAD]
    paragraphs.append(f'<p><a href="/pier-berths">{REST[0]}</a></p>')
    paragraphs.append(f"<p>{REST[1]}</p>")
    html = (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"{''.join(paragraphs)}</article></body></html>"
    )
    return {"id": doc_id, "url": f"https://www.{site}/{doc_id}", "html": html}


# one page a clutter rule: each loses article text that the other outlets carry
CUT_PAGES = {
    "comments": record("pier-comments", "velmar-daily.test", [*LEAD, *WIDGET, *REST]),
    "header": record("pier-header", "harbour-times.test", [DECK, *LEAD, *REST]),
    "trailer": record(
        "pier-trailer", "quay-gazette.test", [*LEAD, *REST, "Advertisement", CLOSING]
    ),
    "outside-article": html_record("pier-html", "pier-watch.test"),
}
# what each cut page's body is once the carried text is back (the carriers' order)
WHOLE = {
    "comments": [*LEAD, *REST],
    "header": [DECK, *LEAD, *REST],
    "trailer": [*LEAD, *REST, CLOSING],
    "outside-article": [*LEAD, *REST],
}
CARRIERS = [
    record(f"pier-{n}", site, [f"{DECK}.", *LEAD, *REST, f"{CLOSING}."], title="Pier to close")
    for n, site in enumerate(OUTLETS)
]


def page(rec: dict[str, Any]) -> Page:
    """The page a record is read as."""
    return Page(
        id=rec["id"],
        source=rec["id"],
        text=rec.get("text"),
        html=rec.get("html"),
        url=rec["url"],
        title=rec.get("title"),
    )


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    """Records as a JSONL input file."""
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def report(tmp_path: Path, inputs: list[Path], db: Path) -> dict[str, Any]:
    """A real run into the store `db`, its report.json read back."""
    out = tmp_path / "out"
    local.run(inputs, db, Settings(workers=1), out=out)
    return orjson.loads((out / "report.json").read_bytes())


def by_id(rep: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The report's documents by id."""
    return {d["id"]: d for d in rep["documents"]}


def paired(rep: dict[str, Any], a: str, b: str) -> dict[str, Any] | None:
    """The copy pair of two documents, if there is one."""
    return next((p for p in rep["copy_pairs"] if {p["a"], p["b"]} == {a, b}), None)


def test_each_cut_page_loses_carried_text_to_its_rule() -> None:
    """The premise: alone, the cleaner cuts article text from each page for its reason."""
    for reason, rec in CUT_PAGES.items():
        doc = extract(page(rec))
        lost = [r.text for r in doc.removed if r.reason == reason]
        whole = WHOLE[reason]
        assert any(line in lost for line in whole), (reason, doc.removed)
        assert doc.body != "\n\n".join(whole)
    for rec in CARRIERS:
        body = extract(page(rec)).body
        assert all(
            passage_key(p) in {passage_key(b) for b in body.split("\n\n")} for p in WHOLE["header"]
        )


def test_carried_text_survives_every_clutter_rule_in_a_run(tmp_path: Path) -> None:
    pages = write(tmp_path / "pages.jsonl", [*CUT_PAGES.values(), *CARRIERS])
    rep = report(tmp_path, [pages], tmp_path / "store.duckdb")
    docs = by_id(rep)
    for reason, rec in CUT_PAGES.items():
        doc = docs[rec["id"]]
        assert doc["body"] == "\n\n".join(WHOLE[reason]), reason
        gone = {r["text"] for r in doc["removed"]}
        assert not gone & set(WHOLE[reason]), reason  # restored text leaves `removed`
        for carrier in CARRIERS:
            pair = paired(rep, rec["id"], carrier["id"])
            assert pair is not None, (reason, carrier["id"])
            mine = "containment_a" if pair["a"] == rec["id"] else "containment_b"
            assert pair[mine] == 1.0, reason  # all of the page is the carriers' text
    widget = [r["text"] for r in docs["pier-comments"]["removed"] if r["reason"] == "comments"]
    assert widget == WIDGET  # what no one else carries stays cut
    assert [r["text"] for r in docs["pier-trailer"]["removed"]] == ["Advertisement"]


def test_carriers_arriving_in_a_later_run_restore_the_cut_page(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    cut = write(tmp_path / "cut.jsonl", [CUT_PAGES["comments"]])
    first = by_id(report(tmp_path, [cut], db))["pier-comments"]
    assert first["body"] == "\n\n".join(LEAD)
    assert [r["text"] for r in first["removed"]] == [*WIDGET, *REST]
    more = write(tmp_path / "more.jsonl", CARRIERS)
    second = report(tmp_path, [cut, more], db)
    assert by_id(second)["pier-comments"]["body"] == "\n\n".join([*LEAD, *REST])
    assert paired(second, "pier-comments", "pier-0") is not None
    third = report(tmp_path, [cut, more], db)
    assert third["documents"] == second["documents"]  # a rerun changes nothing
    assert third["copy_pairs"] == second["copy_pairs"]


def test_text_repeated_only_on_the_same_site_stays_cut(tmp_path: Path) -> None:
    own = [
        record(f"pier-more-{n}", "velmar-daily.test", [*LEAD, *REST, f"{CLOSING}, page {n}."])
        for n in range(2)
    ]
    pages = write(tmp_path / "pages.jsonl", [CUT_PAGES["comments"], *own])
    doc = by_id(report(tmp_path, [pages], tmp_path / "store.duckdb"))["pier-comments"]
    assert doc["body"] == "\n\n".join(LEAD)
    assert [r["text"] for r in doc["removed"] if r["reason"] == "comments"] == [*WIDGET, *REST]


def test_a_line_in_an_unrelated_page_of_another_outlet_is_no_evidence(tmp_path: Path) -> None:
    """Another outlet's page about something else that holds the line (its cleaner left the
    line in) does not carry this page's article: the line stays cut."""
    other = record(
        "fair",
        "northport-post.test",
        [
            "The autumn fair of Northport drew record crowds to the market square on Sunday, "
            "the organisers said.",
            CLOSING + ".",
            "Stalls sold smoked fish, apples and wool from the farms along the coast road.",
        ],
        title="Record crowds at Northport fair",
    )
    pages = write(tmp_path / "pages.jsonl", [CUT_PAGES["trailer"], other])
    doc = by_id(report(tmp_path, [pages], tmp_path / "store.duckdb"))["pier-trailer"]
    assert CLOSING not in doc["body"]
    assert (CLOSING, "trailer") in [(r["text"], r["reason"]) for r in doc["removed"]]


def test_site_furniture_that_another_outlet_carries_comes_back(tmp_path: Path) -> None:
    """A passage on many pages of one site is cut as its furniture; once another outlet's
    body carries it, it is body on every page of the site, and not cut again."""
    notice = (
        "The harbour board publishes the tide tables and berth notices for the whole coast "
        "every morning at six."
    )

    def story(n: int) -> str:
        return (
            f"Story {n} of the Velmar Daily reports on matter {n} at the harbour, with words "
            f"from {n} people who were there at the time it happened."
        )

    site = [
        record(f"vd-{n}", "velmar-daily.test", [story(n), notice], f"Story {n}") for n in range(4)
    ]
    db = tmp_path / "store.duckdb"
    first = by_id(report(tmp_path, [write(tmp_path / "site.jsonl", site)], db))
    for n in range(4):
        doc = first[f"vd-{n}"]
        assert notice not in doc["body"]
        assert (notice, "repeated-on-site") in [(r["text"], r["reason"]) for r in doc["removed"]]
    other = record("board", "coastal-wire.test", [story(99), notice], "Harbour board")
    second = by_id(report(tmp_path, [write(tmp_path / "other.jsonl", [other])], db))
    for n in range(4):
        doc = second[f"vd-{n}"]
        assert doc["body"] == f"{story(n)}\n\n{notice}"
        assert doc["removed"] == []


# pure functions


def doc(body: list[str], removed: list[tuple[str, str]], url: str = "https://a.test/1") -> Document:
    """A document with passages and removals."""
    return Document(
        id="d",
        source="d",
        body="\n\n".join(body),
        url=url,
        removed=[Removal(text=t, reason=r) for t, r in removed],
    )


LONG = [
    f"Line {n} of the article says what happened at the pier on day {n} of the works."
    for n in range(6)
]


def test_restorable_lines_are_long_cuts_of_restorable_reasons_not_in_the_body() -> None:
    d = doc(
        [LONG[0]],
        [
            (LONG[1], "comments"),
            ("Read more", "related"),  # too short
            (LONG[2], "credit"),  # never restored
            (LONG[0], "trailer"),  # in the body already
            (f"{LONG[3]}\n\n{LONG[4]}", "outside-article"),  # two lines, each on its own
            (LONG[1].upper(), "appeal"),  # the same words again
            ("", "short-body: under 50 words"),
        ],
    )
    lines = restorable(d)
    assert [(x.text, x.reason, x.removal, x.index) for x in lines] == [
        (LONG[1], "comments", 0, 0),
        (LONG[3], "outside-article", 4, 0),
        (LONG[4], "outside-article", 4, 1),
    ]
    assert [x.key for x in lines] == [passage_key(x.text) for x in lines]
    assert restorable(d, CarriedConfig(min_words=2))[1].text == "Read more"


def test_removed_rows_give_the_site_and_leave_furniture_to_site_rows() -> None:
    d = doc([LONG[0]], [(LONG[1], "comments"), (LONG[2], "repeated-on-site")])
    assert removed_rows(d) == [("a.test", passage_key(LONG[1]))]
    assert removed_rows(doc([LONG[0]], [(LONG[1], "comments")], url="")) == []


def test_keys_match_across_case_punctuation_and_spacing() -> None:
    """A line cut here and the same words in another page's body passage share a key."""
    cut = "engineers will rebuild the timber deck   of the old grain pier over two years"
    assert passage_key(cut) == passage_key(f"{DECK}.")


def test_restore_puts_lines_after_the_body_and_headers_before_it_in_order() -> None:
    d = doc(
        [LONG[2]],
        [
            (LONG[0], "header"),
            (LONG[1], "header"),
            ("Join the Conversation", "comments"),
            (LONG[3], "comments"),
            (LONG[4], "comments"),
            (LONG[5], "comments"),
        ],
    )
    carried = {passage_key(LONG[n]) for n in (0, 1, 3, 5)}
    new = restore_carried(d, carried)
    assert new.body == "\n\n".join([LONG[0], LONG[1], LONG[2], LONG[3], LONG[5]])
    assert [(r.text, r.reason) for r in new.removed] == [
        ("Join the Conversation", "comments"),
        (LONG[4], "comments"),
    ]
    assert d.body == LONG[2] and len(d.removed) == 6  # the input is not changed
    assert restore_carried(d, {passage_key("something else")}) is d


def test_restore_places_lines_by_their_neighbours_in_a_carrier() -> None:
    d = doc(
        [LONG[0], LONG[2], LONG[4]],
        [(LONG[1], "appeal"), (LONG[3], "caption"), (LONG[5], "header")],
    )
    carrier = "\n\n".join(LONG)
    new = restore_carried(d, {passage_key(x) for x in LONG}, [carrier])
    assert new.body == carrier
    assert new.removed == []


def test_restore_keeps_the_lines_of_a_removal_that_no_one_carries() -> None:
    d = doc([LONG[0]], [(f"{LONG[1]}\n{LONG[2]}\n{LONG[3]}", "outside-article")])
    new = restore_carried(d, {passage_key(LONG[2])})
    assert new.body == f"{LONG[0]}\n\n{LONG[2]}"
    assert new.removed == [Removal(text=f"{LONG[1]}\n{LONG[3]}", reason="outside-article")]


def test_place_falls_back_without_a_shared_neighbour() -> None:
    lines = restorable(doc([LONG[0]], [(LONG[1], "header"), (LONG[2], "trailer")]))
    assert place([LONG[0]], lines, ["\n\n".join([LONG[4], LONG[1]])]) == [
        LONG[1],
        LONG[0],
        LONG[2],
    ]


def test_a_store_of_schema_7_gets_its_removed_lines_and_then_restores_them(
    tmp_path: Path,
) -> None:
    """A store written before `removed_passages` existed is upgraded in place: its documents'
    removed lines are keyed from their stored JSON, and carriers added later restore them."""
    import duckdb

    db = tmp_path / "store.duckdb"
    cut = write(tmp_path / "cut.jsonl", [CUT_PAGES["comments"]])
    report(tmp_path, [cut], db)
    con = duckdb.connect(str(db))
    made = sorted(con.execute("SELECT doc, site, key FROM removed_passages").fetchall())
    assert made  # the cut page has lines that may come back
    con.execute("DELETE FROM removed_passages")
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema'")
    con.close()
    with Store(db) as store:
        rows = store.con.execute("SELECT doc, site, key FROM removed_passages").fetchall()
        assert sorted(rows) == made
        (schema,) = store.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        assert schema == str(SCHEMA_VERSION)
    more = write(tmp_path / "more.jsonl", CARRIERS)
    after = report(tmp_path, [cut, more], db)
    assert by_id(after)["pier-comments"]["body"] == "\n\n".join([*LEAD, *REST])
