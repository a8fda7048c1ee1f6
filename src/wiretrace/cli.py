"""The command line: a thin layer over the library (`wiretrace --help`)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

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

from wiretrace import __version__
from wiretrace.bench import bench
from wiretrace.config import Settings
from wiretrace.engines import local
from wiretrace.store import StoreError
from wiretrace.write import write_report

console = Console(stderr=True)

_LABELS = {
    "extract": "Reading and cleaning pages",
    "match": "Finding copies",
    "stories": "Grouping copies and stories",
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
        yield local.Progress()
        return
    bars = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
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
        tasks[name] = bars.add_task(_LABELS.get(name, name), total=total)

    def advance(name: str, n: int) -> None:
        bars.advance(tasks[name], n)

    def done(name: str) -> None:
        finished = max(bars.tasks[tasks[name]].completed, 1)
        bars.update(tasks[name], total=finished, completed=finished)

    with bars:
        yield local.Progress(start=start, advance=advance, done=done)


def summary_table(result: local.RunResult) -> Table:
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
    table = Table(title=f"largest stories (of {len(report['stories'])})", header_style="bold")
    table.add_column("story", ratio=1, min_width=20)
    table.add_column("pages", justify="right")
    table.add_column("groups", justify="right")
    table.add_column("outlets", justify="right")
    table.add_column("dates", no_wrap=True)
    for story in stories:
        span = "…".join(sorted({story["first_published"] or "?", story["last_published"] or "?"}))
        table.add_row(
            Text(story["title"] or "(untitled)", overflow="ellipsis", no_wrap=True),
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
@click.option("--quiet", is_flag=True, help="No progress bars or summary table.")
def run(inputs: tuple[Path, ...], out: Path, db: Path | None, workers: int, quiet: bool) -> None:
    """Clean, match, group and report on INPUT files and folders.

    INPUT: .txt and .html/.htm pages (optionally .gz), and .jsonl/.jsonl.gz dumps with
    fields id, text or html, and optional url, title, outlet, published. Folders are read
    recursively. Pages already in the store with the same content are not read again; the
    report covers everything in the store. Unreadable inputs are listed as problems and never
    stop the run.
    """
    settings = replace(Settings(), workers=workers)
    db = db or out / "wiretrace.duckdb"
    try:
        with progress_bars(not quiet) as progress:
            result = local.run(list(inputs), db, settings, progress)
    except StoreError as exc:
        console.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        console.print(
            "[yellow]stopped[/yellow]: what was stored so far is kept; run again to resume."
        )
        sys.exit(130)
    json_path, html_path = write_report(result.report, out)
    for problem in result.problems[:20]:
        console.print(
            f"[yellow]problem[/yellow] {problem.input}: {problem.reason}", highlight=False
        )
    if len(result.problems) > 20:
        console.print(f"... and {len(result.problems) - 20} more problems (see report.json)")
    if not quiet:
        console.print(summary_table(result))
        console.print(stories_table(result.report))
        console.print(f"report: {json_path}  {html_path}\nstore:  {db}", highlight=False)


main.add_command(bench)


if __name__ == "__main__":
    main()
