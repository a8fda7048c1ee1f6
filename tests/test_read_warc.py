"""WARC input: HTML response records become pages with URL and date; the rest is passed over."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wiretrace.config import ReadConfig
from wiretrace.extract import extract
from wiretrace.model import Page, Problem
from wiretrace.read import read_inputs

ARTICLE = (
    "<html><head><title>Ferry line to Brelle will open in spring</title>"
    '<meta property="article:published_time" content="2025-03-02T08:00:00Z"></head><body>'
    "<article><h1>Ferry line to Brelle will open in spring</h1>"
    + "<p>Officials in the harbour town of Brelle said on Monday that the new ferry line would "
    "open in spring, after two years of delays caused by a shortage of steel.</p>"
    * 3
    + "</article></body></html>"
)


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    content_type: str | None = "text/html; charset=utf-8",
    status: str = "200 OK",
    date: str = "2025-03-05T10:00:00Z",
) -> None:
    """Write one HTTP response record."""
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def crawl(path: Path, gzip: bool = True) -> Path:
    """A small crawl: two articles, an image, a redirect, a request and a latin-1 page."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        response(writer, "https://herald.test/ferry", ARTICLE.encode())
        response(
            writer, "https://herald.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"
        )
        response(writer, "https://herald.test/old", b"", "text/html", status="301 Moved")
        writer.write_record(
            writer.create_warc_record(
                "https://herald.test/ferry", "request", payload=BytesIO(b"GET")
            )
        )
        latin = "<html><body><p>Café in Zürich, déjà vu.</p></body></html>".encode("latin-1")
        response(writer, "https://herald.test/cafe", latin, "text/html; charset=iso-8859-1")
        response(writer, "https://herald.test/plain", ARTICLE.encode(), content_type=None)
    return path


def read(path: Path, config: ReadConfig | None = None) -> tuple[list[Page], list[Problem]]:
    """Pages and problems read from one input."""
    items = list(read_inputs([path], config))
    return [i for i in items if isinstance(i, Page)], [i for i in items if isinstance(i, Problem)]


@pytest.mark.parametrize("gzip", [True, False])
def test_every_html_response_becomes_a_page(tmp_path: Path, gzip: bool) -> None:
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    pages, problems = read(crawl(tmp_path / name, gzip=gzip))
    assert problems == []
    assert [p.url for p in pages] == [
        "https://herald.test/ferry",
        "https://herald.test/cafe",
        "https://herald.test/plain",
    ]
    first = pages[0]
    assert first.html is not None and "shortage of steel" in first.html
    assert first.published == "2025-03-05T10:00:00Z"
    assert first.source.startswith(str(tmp_path / name) + "@")
    assert len({p.id for p in pages}) == 3  # WARC-Record-IDs, unique and stable
    assert "déjà vu" in (pages[1].html or "")


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    path = crawl(tmp_path / "crawl.warc.gz")
    assert [p.id for p in read(path)[0]] == [p.id for p in read(path)[0]]


def test_a_page_from_a_warc_keeps_its_own_publication_date(tmp_path: Path) -> None:
    page = read(crawl(tmp_path / "crawl.warc.gz"))[0][0]
    doc = extract(page)
    assert doc.published == "2025-03-02"  # the article's date, not the capture date
    assert doc.url == "https://herald.test/ferry"
    assert "shortage of steel" in doc.body


def test_bad_records_are_problems_and_a_broken_archive_keeps_what_came_before(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        response(writer, "https://herald.test/ferry", ARTICLE.encode())
        response(writer, "https://herald.test/huge", ARTICLE.encode() * 50)
        response(writer, "https://herald.test/bin", b"\x00\x01\x02" * 100, "text/html")
        response(writer, "https://herald.test/empty", b"   ", "text/html")
    data = path.read_bytes()
    path.write_bytes(data + b"\x1f\x8b\x08\x00garbage after the last record")
    pages, problems = read(path, ReadConfig(max_page_bytes=10_000))
    assert [p.url for p in pages] == ["https://herald.test/ferry"]
    reasons = [p.reason.split(" ")[0] for p in problems]
    assert reasons == ["record", "binary", "empty", "broken"]
    assert all(p.input.startswith(str(path)) for p in problems)


def test_a_file_that_is_not_a_warc_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"this is not a web archive at all\n" * 10)
    pages, problems = read(path)
    assert pages == []
    assert len(problems) == 1 and problems[0].reason.startswith("broken WARC data")
