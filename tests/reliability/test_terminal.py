"""Page text reaches the terminal shown, never obeyed: no markup, escape codes or bidi controls.

Issue 16, item 3: an id or file name like `[/bold]` ended a run with a rich MarkupError after
the report was written; titles with ESC sequences set the terminal's title, colours and links
in `copies` and in the stories table.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from wiretrace.cli import main
from wiretrace.terminal import json_text, markup, shown

from .conftest import HOSTILE, MARKUP_ID, WIRE, Run

UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e")


def clean(output: str) -> bool:
    """True when no control or bidi character of page text reached the output."""
    return not any(ch in output for ch in UNSAFE)


def test_the_helper_shows_controls_and_escapes_markup() -> None:
    assert shown("a\x1b[31mb\x07c\x9bd\u202ee\u2066f\n") == (
        "a\\x1b[31mb\\x07c\\x9bd\\u202ee\\u2066f\\x0a"
    )
    assert markup("[/bold] x\\") == "\\[/bold] x\\\\"
    assert shown("plain words, «quotes» and ü") == "plain words, «quotes» and ü"
    data = json.dumps({"t": HOSTILE}, ensure_ascii=False)
    assert clean(json_text(data)) and json.loads(json_text(data)) == {"t": HOSTILE}


def test_a_run_over_hostile_pages_ends_well_and_prints_them_escaped(hostile: Run) -> None:
    assert hostile.exit_code == 0, hostile.output
    assert clean(hostile.output)
    assert "[/bold]broken.html" in hostile.output  # the problem line, its path as it is
    assert "\\x1b]0;pwned" in hostile.output  # the story title, shown, not obeyed
    report = json.loads((hostile.out / "report.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in report["documents"]} == {MARKUP_ID, "wire"}


def test_copies_prints_page_text_escaped(hostile: Run) -> None:
    runner = CliRunner()
    for args in (["--id", "wire"], [WIRE]):
        result = runner.invoke(main, ["copies", *args, "--db", str(hostile.db)])
        assert result.exit_code == 0, result.output
        assert "matched passages" in result.output
        assert clean(result.output)
        assert "\\x1b]0;pwned" in result.output
    args = ["copies", "--id", "wire", "--db", str(hostile.db), "--json"]
    as_json = runner.invoke(main, args)
    assert as_json.exit_code == 0 and clean(as_json.output)
    found = json.loads(as_json.output)
    assert [item["title"] for item in found] == [HOSTILE]  # the same data, escaped for print


def test_errors_and_deletions_print_ids_escaped(hostile: Run) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["copies", "--id", HOSTILE, "--db", str(hostile.db)])
    assert missing.exit_code == 2 and clean(missing.output) and "no document" in missing.output
    gone = runner.invoke(main, ["delete", HOSTILE, "--db", str(hostile.db)])
    assert gone.exit_code == 0 and clean(gone.output) and "not in the store" in gone.output
