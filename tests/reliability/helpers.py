"""Helpers of the reliability suite."""

from __future__ import annotations

from pathlib import Path

from wiretrace.config import ReadConfig
from wiretrace.model import Page, Problem
from wiretrace.read import read_inputs


def collect(
    *inputs: Path | str, config: ReadConfig | None = None
) -> tuple[list[Page], list[Problem]]:
    """Pages and problems read from the inputs."""
    items = list(read_inputs(inputs, config))
    return [i for i in items if isinstance(i, Page)], [i for i in items if isinstance(i, Problem)]


ARTICLE = (
    "<html><head><title>Ferry line to Brelle will open in spring</title></head><body>"
    "<article><h1>Ferry line to Brelle will open in spring</h1>"
    + "<p>Officials in the harbour town of Brelle said on Monday that the new ferry line would "
    "open in spring, after two years of delays caused by a shortage of steel.</p>"
    * 3
    + "</article></body></html>"
)


def warc(path: Path, bodies: list[bytes], gzip: bool = False) -> list[int]:
    """A WARC file of HTML responses with these bodies; the offset where each record ends."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for number, body in enumerate(bodies):
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://herald.test/{number}",
                "response",
                payload=BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-03-05T10:00:00Z"},
            )
            writer.write_record(record)
            ends.append(stream.tell())
    return ends
