"""kill -9 inside every stage of a real `wiretrace run`, then a rerun with the same input: the
store and the report equal an uninterrupted run's (issue 16, item 1).

The kill comes from the test-only hook `WIRETRACE_TEST_KILL_AT=stage:n` (engines/local/pool.py,
`kill_point`): the run sends itself SIGKILL at the n-th kill point of that stage. The points
sit where a crash hurts most: between the delete and the insert of replaced or reworked
documents, between chunks of verified pairs, between the story index and its state file,
while the report is written.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[2]
WIRETRACE = Path(sys.executable).with_name("wiretrace")

# a fictional harbour town: a page whose comment widget cut article text that two other
# outlets carry (carried text puts it back), and a site whose pages all end with one notice
# (site furniture cuts it)
LEAD = [
    "The harbour council of Velmar voted on Tuesday to close the old grain pier for two years "
    "while engineers rebuild its timber deck.",
    "The repairs will cost about 14 million crowns, paid in part by a regional fund set up "
    "after the storms of last winter.",
    "Engineers said the deck had rotted beneath the loading cranes and that patching it again "
    "would only put off the work by a season.",
]
REST = [
    "Fishing crews that moor at the pier will move to the eastern basin, where temporary "
    "berths are being built this month.",
    "Dock workers said they had warned for years that the deck was rotting beneath the loading "
    "cranes and the old sheds.",
]
WIDGET = ["Join the Conversation", "Sign in to reply", "Sort by newest"]
NOTICE = (
    "The Tarnvik Ledger publishes the tide tables and berth notices for the whole coast every "
    "morning at six, free for subscribers."
)


def record(doc_id: str, site: str, lines: list[str], title: str) -> dict[str, Any]:
    """A JSONL text page of a site, a line a paragraph."""
    return {
        "id": doc_id,
        "url": f"https://www.{site}/{doc_id}",
        "title": title,
        "text": "\n".join(lines),
    }


def corpus(folder: Path) -> Path:
    """The bundled example pages and generated ones, in `folder`."""
    pages = folder / "pages"
    shutil.copytree(ROOT / "examples" / "pages", pages)
    records = [record("pier-comments", "velmar-daily.test", [*LEAD, *WIDGET, *REST], "Pier")]
    records += [
        record(f"pier-{n}", site, [*LEAD, *REST], "Pier to close")
        for n, site in enumerate(("coastal-wire.test", "northport-post.test"))
    ]
    records += [
        record(
            f"ledger-{n}",
            "tarnvik-ledger.test",
            [
                f"Story {n} of the Tarnvik Ledger reports on matter {n} at the harbour, with "
                f"words from {n + 2} people who were there when it happened on the quay.",
                NOTICE,
            ],
            f"Ledger story {n}",
        )
        for n in range(5)
    ]
    (pages / "generated.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    return pages


def wiretrace_run(pages: Path, out: Path, kill_at: str | None = None) -> int:
    """A real `wiretrace run` (one worker: the stages run in the main process); its exit
    code (-9: killed by the hook)."""
    env = {k: v for k, v in os.environ.items() if k != "WIRETRACE_TEST_KILL_AT"}
    if kill_at:
        env["WIRETRACE_TEST_KILL_AT"] = kill_at
    done = subprocess.run(
        [str(WIRETRACE), "run", str(pages), "--out", str(out), "--workers", "1", "--quiet"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    return done.returncode


SECTIONS = ("summary", "documents", "copy_pairs", "copy_groups", "stories", "problems")
# every stage that has a kill point, with the point to kill at
KILLS = [
    "extract:1",  # between the delete of replaced pages and the insert of the batch
    "carried:1",  # between the delete and the insert of documents whose text comes back
    "furniture:1",  # the same, for documents whose site furniture is cut
    "match:1",  # candidates found, none verified
    "verify:1",  # after the first chunk of verified pairs
    "index:1",  # before the postings are written
    "index:2",  # after them
    "stories:1",  # the story index saved, its state file not yet
    "report:3",  # a few documents into report.json
]


def stored_ids(db: Path) -> set[str]:
    """The ids of the documents a store holds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {doc_id for (doc_id,) in con.execute("SELECT id FROM documents").fetchall()}
    finally:
        con.close()


def sections(out: Path) -> dict[str, Any]:
    """The report's sections that must not depend on a crash (not its generation time)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {name: report[name] for name in SECTIONS}


def test_a_run_killed_in_any_stage_then_rerun_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    pages = corpus(tmp_path)

    def killed_then_rerun(point: str | None) -> tuple[int, set[str], int, dict[str, Any]]:
        out = tmp_path / (point or "clean").replace(":", "-")
        killed = wiretrace_run(pages, out, point) if point else -signal.SIGKILL
        held = stored_ids(out / "wiretrace.duckdb") if point else set()
        rerun = wiretrace_run(pages, out)
        return killed, held, rerun, sections(out)

    # two runs at a time (each mostly starts up); the first is the uninterrupted one
    with ThreadPoolExecutor(2) as runs:
        (_, _, clean, expected), *results = runs.map(killed_then_rerun, [None, *KILLS])
    assert clean == 0
    # the corpus makes every stage work: text comes back, furniture is cut, copies are found
    docs = {d["id"]: d for d in expected["documents"]}
    assert "\n\n".join([*LEAD, *REST]) == docs["pier-comments"]["body"]
    assert NOTICE not in docs["ledger-0"]["body"]
    cut = [(r["text"], r["reason"]) for r in docs["ledger-0"]["removed"]]
    assert (NOTICE, "repeated-on-site") in cut
    assert expected["copy_pairs"] and expected["stories"]
    for point, (killed, held, rerun, found) in zip(KILLS, results, strict=True):
        assert killed == -signal.SIGKILL, f"{point}: the kill point was not reached ({killed})"
        if point.startswith(("carried", "furniture", "match", "verify")):
            # killed between the delete and the insert of reworked documents, or later: the
            # store holds every page (before, the reworked ones were gone until a rerun)
            assert held == set(docs), f"{point}: {sorted(set(docs) - held)} lost"
        assert rerun == 0, point
        for name in SECTIONS:
            assert found[name] == expected[name], f"{point}: {name} differs"
