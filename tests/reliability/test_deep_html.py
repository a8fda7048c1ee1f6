"""HTML nested deeper than libxml2's 256 levels is read whole (issue 16, item 6): before, the
parser stopped at level 256 and the page was stored with an empty body, its only reason
"under 20 words". Past libxml2's hard limit (2,048 even with huge_tree) the wrapping elements
are dropped; a page nested so deep by other elements is stored empty with a reason naming
its depth."""

from __future__ import annotations

from pathlib import Path

from wiretrace.config import Settings
from wiretrace.engines import local

PARAGRAPH = (
    "<p>Officials in the harbour town of Brelle said on Monday that the new ferry line would "
    "open in spring, after two years of delays caused by a shortage of steel.</p>"
)


def nested(tag: str, depth: int) -> str:
    """An article inside `depth` levels of `tag`."""
    return (
        "<html><head><title>Ferry line</title></head><body>"
        + f"<{tag}>" * depth
        + "<article><h1>Ferry line to Brelle will open in spring</h1>"
        + PARAGRAPH * 4
        + "</article>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )


def test_deeply_nested_pages_keep_their_body_or_are_named(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "flat.html").write_text(nested("div", 10), encoding="utf-8")
    (pages / "deep.html").write_text(nested("div", 400), encoding="utf-8")  # past 256
    (pages / "deeper.html").write_text(nested("span", 5000), encoding="utf-8")  # past 2,048
    (pages / "headings.html").write_text(nested("h2", 3000), encoding="utf-8")  # no wrappers
    report = local.run([pages], tmp_path / "store.duckdb", Settings(workers=1)).report
    docs = {d["id"]: d for d in report["documents"]}
    assert docs["deep"]["body"] == docs["flat"]["body"] != ""
    assert docs["deeper"]["body"] == docs["flat"]["body"]
    assert docs["deep"]["removed"] == docs["flat"]["removed"]
    # nothing read: the page says why
    assert docs["headings"]["body"] == ""
    (reason,) = [r["reason"] for r in docs["headings"]["removed"]]
    assert reason.startswith("short-body: unreadable HTML")
    assert "nested deeper than 2,048 levels" in reason
