"""report.html in a real browser: Debian's Chromium, driven by Playwright, over localhost.

The page is opened as a reader opens it: served by a real HTTP server on localhost. Hostile
page text (script tags, event handlers, bidi overrides) must stay text; the page must load
nothing but itself and raise no error, its Content-Security-Policy included; the timelines
must draw. Skipped where Chromium or Playwright is missing, failed instead in CI
(WIRETRACE_REQUIRE_BROWSER=1, set by .ci/run, which installs Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from wiretrace.config import Settings
from wiretrace.engines import local

CHROMIUM = Path("/usr/bin/chromium")
# what the machine's notes ask of a headless Chromium with a closed network
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = {
    "id": "hostile-page",
    "outlet": "Evil <b>Gazette</b>",
    "title": "Breach <script>window.__pwned = 1</script> at the dam",
    "text": 'Water <img src=x onerror="window.__pwned = 2"> rose at Tarnvik on Friday.\n\n'
    'A line with a bidi override \u202egnp.exe\u202c and a <a href="https://example.com/x">'
    "link</a> that must not load.\n\n" + "Residents left their homes as the river rose. " * 8,
    "published": "2025-03-14",
}


def need_browser() -> None:
    """Skip when Chromium or Playwright is missing; fail in CI (WIRETRACE_REQUIRE_BROWSER=1)."""
    missing = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright")
    if missing:
        message = f"browser test needs {', '.join(missing)}"
        if os.environ.get("WIRETRACE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (required: WIRETRACE_REQUIRE_BROWSER=1)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The report of the examples and a hostile page, served on localhost: its URL."""
    need_browser()
    pages = tmp_path_factory.mktemp("pages")
    shutil.copytree(EXAMPLES, pages, dirs_exist_ok=True)
    with (pages / "extra.jsonl").open("a", encoding="utf-8") as extra:
        extra.write("\n" + json.dumps(HOSTILE) + "\n")
    out = tmp_path_factory.mktemp("out")
    local.run([pages], out / "store.duckdb", Settings(workers=1), out=out)
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/report.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def opened(served: str) -> Iterator[dict[str, Any]]:
    """The page loaded in Chromium: what it logged, asked for and ran, and the page itself."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {"errors": [], "requests": [], "dialogs": []}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()
        page.on(
            "console",
            lambda m: seen["errors"].append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        page.on("request", lambda r: seen["requests"].append(r.url))
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.goto(served, wait_until="load")
        seen["page"] = page
        yield seen
        browser.close()


def test_page_loads_nothing_but_itself_and_logs_no_error(served: str, opened: dict) -> None:
    """One request (the page), no console error: nothing blocked by its own policy."""
    assert opened["requests"] == [served]
    assert opened["errors"] == []


def test_hostile_text_stays_text(opened: dict) -> None:
    """Script and handlers from a page's text never run; they are shown as text."""
    page = opened["page"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened["dialogs"] == []
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    body = page.inner_text("body")
    assert "window.__pwned = 1" in body  # the title's script, as text
    assert page.evaluate("document.querySelectorAll('a[href^=\"http\"]').length") == 0


def test_timelines_draw(opened: dict) -> None:
    """Each story with dated documents has a timeline SVG that the browser lays out."""
    page = opened["page"]
    timelines = page.locator("svg.timeline")
    assert timelines.count() >= 3
    box = timelines.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    assert page.locator("svg.timeline circle").count() >= 3


def test_stories_and_documents_are_shown(opened: dict) -> None:
    """Story titles and document titles reach the rendered page."""
    body = opened["page"].inner_text("body")
    assert "Tarnvik" in body
    assert "Port Elvan" in body or "Dockworkers" in body
