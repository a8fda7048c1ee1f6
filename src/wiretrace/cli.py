"""The command line: a thin layer over the library (`wiretrace --help`)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from wiretrace import __version__, api
from wiretrace.progress import Progress as EngineProgress
from wiretrace.progress import Timings
from wiretrace.terminal import json_text, shown
from wiretrace.terminal import text as safe_text

if TYPE_CHECKING:
    from wiretrace.engines.base import RunResult

# The API imports the pipeline's stages (trafilatura, DuckDB, ...) inside the operations that
# run them, so that `wiretrace --help` answers at once.

console = Console(stderr=True)

# exit codes: 0 done (problems, if any, are listed and recorded); 2 nothing was started (usage,
# inputs that do not exist or hold no page file, an unwritable --out or store); 3 the run
# ended, but not one page could be read from its inputs; 130 stopped by Ctrl-C
EXIT_CANNOT_START = 2
EXIT_NOTHING_READ = 3


def error(message: str, code: int = EXIT_CANNOT_START) -> NoReturn:
    """Print an error (its text made safe for the terminal) and exit with `code`."""
    line = Text.assemble(("error:", "red"), " ", shown(message))
    console.print(line, highlight=False, soft_wrap=True)  # paths whole, to copy
    sys.exit(code)


_LABELS = {
    "extract": "Reading and cleaning pages",
    "furniture": "Cutting text repeated across a site",
    "match": "Finding candidate copies",
    "spill": "Reading candidate copies in store order",
    "verify": "Verifying copies",
    "index": "Indexing samples for queries",
    "stories": "Grouping copies and stories",
    "links": "Linking similar stories",
    "report": "Writing the report",
}


class RateColumn(ProgressColumn):
    """Items per second of a task."""

    def render(self, task: Task) -> Text:
        """The task's current rate."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


@contextmanager
def progress_bars(enabled: bool) -> Any:
    """Rich progress bars (with rate and ETA) wired to the engine's progress callbacks."""
    if not enabled:
        yield EngineProgress()
        return
    bars = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def start(name: str, total: int | None) -> None:
        tasks[name] = bars.add_task(shown(_LABELS.get(name, name)), total=total)

    def advance(name: str, n: int) -> None:
        bars.advance(tasks[name], n)

    def done(name: str) -> None:
        finished = max(bars.tasks[tasks[name]].completed, 1)
        bars.update(tasks[name], total=finished, completed=finished)

    with bars:
        yield EngineProgress(start=start, advance=advance, done=done)


def summary_table(result: RunResult) -> Table:
    """What the run found, as a table for the terminal."""
    summary = result.report["summary"]
    table = Table(title="wiretrace run", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("pages added", str(result.added))
    table.add_row("pages replaced", str(result.replaced))
    table.add_row("pages unchanged", str(result.unchanged))
    table.add_row("documents in store", str(summary["documents"]))
    table.add_row("copy pairs", str(summary["copy_pairs"]))
    table.add_row("copy groups (2+ pages)", str(summary["copy_groups"]))
    table.add_row("stories", str(summary["stories"]))
    table.add_row("problems (all runs)", str(summary["problems"]))
    return table


def stories_table(report: dict[str, Any], limit: int = 10) -> Table:
    """The largest stories, for a first look in the terminal."""
    stories = sorted(report["stories"], key=lambda s: -len(s["documents"]))[:limit]
    title = f"largest stories (of {report['summary']['stories']})"
    table = Table(title=title, header_style="bold")
    table.add_column("story", ratio=1, min_width=20)
    table.add_column("pages", justify="right")
    table.add_column("groups", justify="right")
    table.add_column("outlets", justify="right")
    table.add_column("dates", no_wrap=True)
    for story in stories:
        span = "…".join(
            sorted({shown(story["first_published"] or "?"), shown(story["last_published"] or "?")})
        )
        title = shown(story["title"] or "(untitled)")
        table.add_row(
            Text(title, overflow="ellipsis", no_wrap=True),
            str(len(story["documents"])),
            str(len(story["copy_groups"])),
            str(len(story["outlets"])),
            span,
        )
    return table


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wiretrace")
def main() -> None:
    """wiretrace: from a pile of crawled news pages to what actually happened.

    It cleans each page to its article, finds the pages that are copies of the same wire
    story (even cut short, edited or buried in clutter), groups pages about one event into
    stories, and writes one consolidated account per story with the source of every passage.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for report.json and report.html (created if missing).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB store to add to and report on [default: OUT/wiretrace.duckdb].",
)
@click.option(
    "--workers", type=int, default=0, show_default=True, help="Processes; 0 = one per core."
)
@click.option(
    "--clean/--no-clean",
    default=True,
    show_default=True,
    help="Clean text pages of furniture; --no-clean takes text input as a clean body.",
)
@click.option(
    "--story-threshold",
    type=click.FloatRange(0.0, 1.0),
    default=api.StoryConfig.threshold,
    show_default=True,
    help="How alike pages must be to share a story: lower for coarser stories "
    "(0.12-0.15), higher for finer ones (0.22-0.28).",
)
@click.option("--quiet", is_flag=True, help="No progress bars or summary table.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links inside input folders that point out of them (by default they "
    "are listed as problems and not read).",
)
@click.option(
    "--timings",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write each stage's wall and main-process CPU seconds to this JSON file.",
)
def run(
    inputs: tuple[Path, ...],
    out: Path,
    db: Path | None,
    workers: int,
    clean: bool,
    story_threshold: float,
    quiet: bool,
    follow_links: bool,
    timings: Path | None,
) -> None:
    """Clean, match, group and report on INPUT files and folders.

    INPUT: .txt and .html/.htm pages (optionally .gz), and .jsonl/.jsonl.gz dumps with
    fields id, text or html, and optional url, title, outlet, published. Folders are read
    recursively. Pages already in the store with the same content are not read again; the
    report covers everything in the store. Unreadable inputs are listed as problems and never
    stop the run.

    Exit codes: 0 done; 2 nothing started (no input exists or holds a page file, --out or the
    store cannot be written); 3 the run ended but no page could be read; 130 stopped.
    """
    settings = api.settings_for(workers, clean, story_threshold, follow_links)
    db = db or out / "wiretrace.duckdb"
    check_inputs(inputs)
    check_writable(out, db, timings)
    try:
        with progress_bars(not quiet) as progress:
            timer = Timings(progress)
            result = api.run(list(inputs), out, db, settings, timer.progress())
    except api.StoreError as exc:
        error(str(exc))
    except KeyboardInterrupt:
        console.print(
            "[yellow]stopped[/yellow]: what was stored so far is kept; run again to resume."
        )
        sys.exit(130)
    assert result.paths is not None  # a run given `out` streams its report there
    if timings is not None:
        write_timings(timings, timer)
    json_path, html_path = result.paths
    for problem in result.first_problems:
        console.print(
            Text.assemble(
                ("problem", "yellow"), f" {shown(problem.input)}: {shown(problem.reason)}"
            ),
            highlight=False,
            soft_wrap=True,
        )
    if result.problem_count > len(result.first_problems):
        more = result.problem_count - len(result.first_problems)
        console.print(f"... and {more} more problems (see report.json)")
    if not quiet:
        console.print(summary_table(result))
        console.print(stories_table(result.report))
        console.print(
            Text(f"report: {shown(json_path)}  {shown(html_path)}\nstore:  {shown(db)}"),
            highlight=False,
        )
    if result.added + result.replaced + result.unchanged == 0:
        error(
            f"no page could be read from {', '.join(map(str, inputs))} "
            f"({result.problem_count} problems; the report covers the store as it was)",
            EXIT_NOTHING_READ,
        )


def check_writable(out: Path, db: Path, timings: Path | None = None) -> None:
    """Exit with a clear message, before any work, when the report folder or the store's
    folder cannot be created or written to, or the store (or timings) file cannot be."""
    for what, folder in (("--out", out), ("the store's folder", db.parent)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder, prefix=".wiretrace-check-"):
                pass
        except OSError as exc:
            error(f"cannot write to {what} {folder} ({exc.strerror or exc})")
    if db.is_dir():
        error(f"the store {db} is a folder, not a file")
    if db.exists() and not os.access(db, os.R_OK | os.W_OK):
        error(f"cannot write to the store {db} (permission denied)")
    if timings is not None:
        try:
            with timings.open("a"):
                pass
        except OSError as exc:
            error(f"cannot write the timings file {timings} ({exc.strerror or exc})")


def check_inputs(inputs: tuple[Path, ...]) -> None:
    """Exit with a clear message, before any work, when no input exists or none holds a file
    that could be a page (each input that does not is named)."""
    reason = api.unreadable_inputs(inputs)
    if reason is not None:
        error(reason)


def write_timings(path: Path, timer: Timings) -> None:
    """The run's stage times as JSON: total wall seconds and one entry a stage."""
    stages = [vars(stage) for stage in timer.stages]
    path.write_text(json.dumps({"seconds": timer.total(), "stages": stages}, indent=1) + "\n")


def existing_file(value: str) -> Path | None:
    """The argument as a path, when it is one line naming an existing file; None for text.
    Never raises: a text too long to be a file name, or holding a NUL, is text."""
    if not value or "\n" in value or "\r" in value or len(value.encode("utf-8", "replace")) > 4095:
        return None
    try:
        path = Path(value)
        return path if path.is_file() else None
    except (OSError, ValueError):  # a name too long for the system, a NUL in it, ...
        return None


def query_text(value: str) -> str:
    """The text to look up: a page file's cleaned body, or the argument itself."""
    path = existing_file(value)
    if path is None:
        return value
    try:
        return api.page_text(path)
    except ValueError as exc:
        error(str(exc))


def clip(text: str, limit: int = 280) -> str:
    """A passage shortened for the terminal."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def passages_table(rows: list[tuple[str, str, float]], left: str, right: str) -> Table:
    """Matched passages side by side."""
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column(safe_text(left), ratio=1)
    table.add_column(safe_text(right), ratio=1)
    table.add_column("found", justify="right", no_wrap=True)
    for a, b, share in rows:
        table.add_row(safe_text(clip(a)), safe_text(clip(b)), f"{share:.0%}")
    return table


@main.command()
@click.argument("text", required=False)
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The store."
)
@click.option("--id", "doc_id", default=None, help="Show the stored copies of this document.")
@click.option("--brief", is_flag=True, help="Only the list of copies, not their passages.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def copies(text: str | None, db: Path, doc_id: str | None, brief: bool, as_json: bool) -> None:
    """List the copies of TEXT (a page file or the text itself) in a store, with the passages
    that match; or, with --id, the copy pairs of a stored document."""
    if (text is None) == (doc_id is None):
        raise click.UsageError("give either TEXT or --id")
    try:
        with api.open_store(db) as view:
            if doc_id is not None:
                results = view.copies_of_document(doc_id)
            else:
                results = view.copies_of_text(query_text(text or ""))
    except (api.StoreError, api.NotStored) as exc:
        error(str(exc))
    if as_json:
        click.echo(json_text(json.dumps(results, ensure_ascii=False, indent=1)))
        return
    out = Console()
    if not results:
        out.print("no copies found")
    for item in results:
        out.print(
            Text.assemble(
                (shown(item["doc"]), "bold"),
                f"  {shown(item['title'] or '')}  ({shown(item['outlet'] or 'no outlet')})",
            ),
            highlight=False,
        )
        out.print(
            f"  {item['containment_query']:.0%} of the query found in it, "
            f"{item['containment_doc']:.0%} of it found in the query, "
            f"Jaccard {item['jaccard']:.2f}, {len(item['passages'])} matched passages"
        )
        if not brief and item["passages"]:
            rows = [(p["query"], p["doc"], p["found"]) for p in item["passages"]]
            out.print(passages_table(rows, "query", item["doc"]))


@main.command()
@click.argument("ids", nargs=-1, required=True)
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The store."
)
def delete(ids: tuple[str, ...], db: Path) -> None:
    """Delete documents (with their copy pairs) from a store; the next run reports without
    them."""
    try:
        found = api.delete(db, ids)
    except api.StoreError as exc:
        error(str(exc))
    for doc_id in ids:
        if doc_id not in found:
            console.print(
                Text.assemble(("not in the store:", "yellow"), f" {shown(doc_id)}"),
                highlight=False,
            )
    console.print(f"deleted {len(found)} document(s)")


if __name__ == "__main__":
    main()
