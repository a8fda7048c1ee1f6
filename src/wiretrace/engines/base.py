"""The engine contract: what an engine does, over batches of records and Arrow tables, with
the stage functions passed in.

An engine owns where work runs (processes, a cluster) and where state lives (a store); the
stages own what is computed. Every engine runs the same `Stages` and must give the same
report on the same input. The data path (see docs/architecture.md):

    ingest    pages -> documents -> store rows      Stages.documents, Stages.rows
    rework    carried lines back, site furniture cut  table operations of extract.carried/site
    match     samples -> candidate pairs -> verified copy pairs   Stages.candidates, Stages.verify
    assemble  pairs -> copy groups -> stories -> consolidated stories
              Stages.group, store story index, Stages.story
    report    the report's sections, streamed       write.report

This module imports no engine and nothing heavy: `wiretrace.api` and the CLI import it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from wiretrace.model import Problem

SHOWN_PROBLEMS = 20  # problems a run's result keeps to show (the store and report keep all)


@dataclass
class RunResult:
    """What a run did and the report over the whole store."""

    report: dict[str, Any]
    paths: tuple[Path, Path] | None = None  # report.json and report.html, when streamed
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    problem_count: int = 0  # problems this run found (all are in the store and the report)
    first_problems: list[Problem] = field(default_factory=list)  # the first SHOWN_PROBLEMS

    def note_problems(self, problems: Sequence[Problem]) -> None:
        """Count a batch's problems, keeping only the first few (the store has them all)."""
        self.problem_count += len(problems)
        room = SHOWN_PROBLEMS - len(self.first_problems)
        if room > 0:
            self.first_problems.extend(problems[:room])


@dataclass(frozen=True)
class Stages:
    """The stage functions an engine runs (module-level functions: they travel to worker
    processes by name). `default_stages()` gives wiretrace's own."""

    # pages, settings -> each page's Document or Problem, and the bodies as code points
    # when they were taken as they are (extract.make_documents)
    documents: Callable[..., Any]
    # documents, rows gathered so far, settings, code points -> the rows a store keeps:
    # sample, story terms, site passages, removed lines (sketch.rows.sketch_rows)
    rows: Callable[..., Any]
    # samples per key, new keys, the sample table a hash range at a time, sketch and match
    # settings -> candidate pairs (match.candidates.candidate_arrays; match.tables holds the
    # same step as SQL for an engine of joins)
    candidates: Callable[..., Any]
    # pair rows, pair rows, bodies, sketch and match settings -> the pairs that verify, with
    # their proof (match.verify.verify_bodies)
    verify: Callable[..., Any]
    # the same over bodies as one code-point array with bounds (match.verify.verify_text)
    verify_text: Callable[..., Any]
    # document ids, words, dates, credits, verified pair rows, settings -> copy groups
    # (group.copies.group_columns)
    group: Callable[..., Any]
    # story id, its copy groups, their documents, the pairs between them -> a Story
    # (consolidate.make_story)
    story: Callable[..., Any]


def default_stages() -> Stages:
    """wiretrace's own stage functions (imported now: they load the compiled kernels)."""
    from wiretrace.consolidate import make_story
    from wiretrace.extract import make_documents
    from wiretrace.group import group_columns
    from wiretrace.match.candidates import candidate_arrays
    from wiretrace.match.verify import verify_bodies, verify_text
    from wiretrace.sketch.rows import sketch_rows

    return Stages(
        documents=make_documents,
        rows=sketch_rows,
        candidates=candidate_arrays,
        verify=verify_bodies,
        verify_text=verify_text,
        group=group_columns,
        story=make_story,
    )


@runtime_checkable
class Engine(Protocol):
    """What an engine does for the API: each step reads and writes its store, so a run
    stopped after any step is finished by the next one."""

    stages: Stages

    def ingest(self, inputs: Sequence[str | Path]) -> RunResult:
        """Read, extract and sketch every new or changed page into the store (a page stored
        unchanged is skipped); then put back removed lines that other outlets carry and cut
        site furniture, over the whole store. The counts of what was read."""
        ...

    def match(self) -> None:
        """Find the candidate pairs of every document not yet matched, verify them and store
        the copy pairs."""
        ...

    def copies(self) -> Any:
        """The copy pairs and copy groups of the whole store (copy detection alone: no
        stories, no report)."""
        ...

    def report(self, out: str | Path | None = None) -> tuple[tuple[Path, Path] | None, dict]:
        """Group copies, cluster stories, consolidate them, and write the report over the
        whole store: streamed into `out` (the paths, and the summary with the largest
        stories), or whole in memory without `out` (no paths)."""
        ...

    def run(self, inputs: Sequence[str | Path], out: str | Path | None = None) -> RunResult:
        """`ingest`, `match` and `report` in turn (and whatever the engine keeps for queries):
        the run's counts with the report."""
        ...
