"""Fixtures of the reliability suite: a store built from hostile pages, once a session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from wiretrace.cli import main

# a made-up wire story: long enough (150+ words) for its copies to be found
WIRE = " ".join(
    f"Sentence {n} of the Tarnvik dockworkers story says that {word} crews kept the cranes "
    f"idle for {n + 3} hours while negotiators met in the harbour office."
    for n, word in enumerate(
        ["night", "morning", "relief", "container", "ferry", "grain", "timber", "fuel", "salt"]
    )
)
# what a hostile page can carry: an OSC 0 title, SGR colours, an OSC 8 link, a C1 CSI, a bidi
# override and rich markup
HOSTILE = (
    "\x1b]0;pwned\x07Port \x1b[31mstrike\x1b[0m \x1b]8;;http://evil.test\x1b\\link\x1b]8;;\x1b\\ "
    "\x9b2J evil\u202etxt.exe [/bold] [link=http://evil.test]x[/link]"
)
MARKUP_ID = "[/bold]"  # ends a rich markup string it is put in


@dataclass
class Run:
    """A CLI run: its folders and what it printed."""

    pages: Path
    out: Path
    db: Path
    exit_code: int
    output: str  # stdout and stderr, as a terminal shows them


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """A run over hostile pages: a wire text, and a JSONL copy of it whose id is markup and
    whose title and outlet carry escape sequences (given twice: a duplicate-id problem names
    it); and a bad file whose path holds markup (folder `[`, file `bold]broken.html`)."""
    root = tmp_path_factory.mktemp("hostile")
    pages = root / "pages"
    (pages / "[").mkdir(parents=True)
    (pages / "wire.txt").write_text(WIRE + "\n")
    (pages / "[" / "bold]broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(64))
    record = {"id": MARKUP_ID, "title": HOSTILE, "outlet": HOSTILE, "text": WIRE}
    (pages / "dump.jsonl").write_text((json.dumps(record) + "\n") * 2)
    out = root / "out"
    result = CliRunner().invoke(
        main, ["run", str(pages), "--out", str(out), "--workers", "1"], catch_exceptions=False
    )
    return Run(pages, out, out / "wiretrace.duckdb", result.exit_code, result.output)
