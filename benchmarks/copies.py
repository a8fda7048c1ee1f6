"""`python -m benchmarks copies`: copy detection against datasketch MinHashLSH and rensa.

Two measurements:

- synthetic (default): a labelled benchmark generated from real article bodies
  (`copies_gen`), scored side by side for wiretrace, datasketch and rensa: pairwise precision,
  recall, F1, group ARI and wall time, with breakdowns of what each misses (`copies_diag`);
- `--exact`: on the whole corpus, exact all-pairs word 5-gram containment in DuckDB
  (`copies_exact`), and wiretrace's reported pairs scored against it.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, replace
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from benchmarks import ROOT
from benchmarks.copies_diag import Diagnoser, wiretrace_diagnosis
from benchmarks.copies_gen import BenchConfig, generate, read_corpus, summary, truth_labels
from benchmarks.copies_score import (
    MethodResult,
    run_datasketch,
    run_rensa,
    run_wiretrace,
    score,
    true_pairs,
)
from wiretrace import __version__
from wiretrace.config import Settings

console = Console()
console.width = max(console.width, 120)  # the tables need the room, also when piped
METHODS = ("wiretrace", "datasketch", "rensa")


def default_corpus() -> Path:
    """The AllSides corpus in the shared data ($WIRETRACE_SHARED or ../shared/data)."""
    shared = Path(os.environ.get("WIRETRACE_SHARED", ROOT.parent / "shared" / "data"))
    return shared / "allsides" / "allsides.jsonl.gz"


def versions() -> dict[str, str]:
    """Versions of wiretrace, the peers and the tools the figures depend on."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"wiretrace": __version__, "python": platform.python_version()}
    for name in ("datasketch", "rensa", "duckdb", "numpy", "scikit-learn"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "missing"
    return out


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    memory = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = round(pages / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "platform": platform.platform(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run_synthetic(
    corpus: Path,
    config: BenchConfig,
    methods: tuple[str, ...] = METHODS,
    settings: Settings | None = None,
    examples: int = 12,
    limit: int | None = None,
) -> dict[str, Any]:
    """Generate the benchmark, run every method on it, score and diagnose; the results."""
    settings = settings or Settings()
    start = time.perf_counter()
    docs = generate(list(islice(read_corpus(corpus), limit)), config)
    generated = time.perf_counter() - start
    labels = truth_labels(docs)
    truth = true_pairs(labels)
    runners = {"wiretrace": lambda: run_wiretrace(docs, settings)}
    runners["datasketch"] = lambda: run_datasketch(docs)
    runners["rensa"] = lambda: run_rensa(docs)
    results: list[MethodResult] = [runners[m]() for m in methods]
    diag = Diagnoser(docs, truth)
    out: dict[str, Any] = {
        "benchmark": {
            **summary(docs),
            "true_pairs": len(truth),
            "config": asdict(config),
            "corpus": str(corpus),
            "corpus_limit": limit,
            "seconds_to_generate": round(generated, 2),
        },
        "scores": [score(r, labels, truth) for r in results],
        "recall": {r.name: diag.recall_breakdown(r) for r in results},
        "false_pairs": {r.name: diag.false_pairs(r) for r in results},
    }
    for r in results:
        if r.name == "wiretrace":
            out["wiretrace_diagnosis"] = wiretrace_diagnosis(diag, r, settings, examples)
    return out


def scores_table(scores: list[dict[str, Any]], title: str) -> Table:
    """Side-by-side table of the methods' scores."""
    table = Table(title=title)
    columns = ("method", "precision", "recall", "F1", "ARI", "TP", "FP", "FN", "s", "s copies")
    for col in columns:
        table.add_column(col, justify="left" if col == "method" else "right")
    for s in scores:
        table.add_row(
            s["method"],
            f"{s['precision']:.4f}",
            f"{s['recall']:.4f}",
            f"{s['f1']:.4f}",
            f"{s['ari']:.4f}",
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
            f"{s['seconds']:.1f}",
            f"{s['seconds_copies']:.1f}",
        )
    return table


def breakdown_table(results: dict[str, Any], key: str, title: str) -> Table:
    """Recall of every method by one breakdown (mutation, kind, containment)."""
    names = list(results["recall"])
    first = results["recall"][names[0]][key]
    table = Table(title=title)
    table.add_column(key.removeprefix("by_"))
    table.add_column("true pairs", justify="right")
    for name in names:
        table.add_column(name, justify="right")
    for row in first:
        cells = [f"{results['recall'][n][key][row]['recall']:.3f}" for n in names]
        table.add_row(row, str(first[row]["pairs"]), *cells)
    return table


def print_synthetic(results: dict[str, Any]) -> None:
    """The synthetic benchmark's tables."""
    bench = results["benchmark"]
    console.print(
        f"[bold]copy benchmark[/]: {bench['documents']} documents, {bench['groups']} groups, "
        f"{bench['true_pairs']} true pairs, roles {bench['roles']}, "
        f"{bench['copies_under_half']} copies carry under half their source"
    )
    console.print(scores_table(results["scores"], "pairwise precision / recall / F1, group ARI"))
    console.print(
        "s: wall seconds of the whole method; s copies: wiretrace without stories and report"
    )
    for key, title in (
        ("by_mutation", "recall by mutation (a pair counts under each mutation of either side)"),
        ("by_kind", "recall by pair kind"),
        ("by_raw_containment", "recall by exact 5-gram containment of the raw texts"),
        ("by_min_coverage", "recall by the smaller coverage of the source in the pair"),
    ):
        console.print(breakdown_table(results, key, title))
    table = Table(title="false pairs")
    table.add_column("method")
    table.add_column("count", justify="right")
    table.add_column("by kind")
    table.add_column("by raw containment")
    for name, fp in results["false_pairs"].items():
        table.add_row(name, str(fp["count"]), str(fp["by_kind"]), str(fp["by_raw_containment"]))
    console.print(table)
    wt = results.get("wiretrace_diagnosis")
    if wt:
        console.print(
            "[bold]wiretrace missed pairs by the step that lost them[/]", wt["missed_by_step"]
        )
        console.print("[bold]clutter left in cleaned bodies[/]", wt["clutter_left"])
        console.print("[bold]untouched articles cut by the cleaner[/]", wt["body_loss"])
        console.print(
            "true pairs found but put in different copy groups:",
            wt["true_pairs_found_but_grouped_apart"],
        )


@click.command(name="copies")
@click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSONL(.gz) of articles (id, outlet, title, text). Default: the shared AllSides corpus.",
)
@click.option(
    "--n",
    "n",
    type=int,
    default=BenchConfig.n,
    show_default=True,
    help="Source articles that get copies.",
)
@click.option(
    "--seed", type=int, default=BenchConfig.seed, show_default=True, help="Generator seed."
)
@click.option(
    "--distractors",
    type=int,
    default=BenchConfig.distractors,
    show_default=True,
    help="Untouched articles, copies of nothing.",
)
@click.option(
    "--quoters",
    type=int,
    default=BenchConfig.quoters,
    show_default=True,
    help="Distractors that carry one paragraph of a source.",
)
@click.option(
    "--max-copies",
    type=int,
    default=BenchConfig.copies[1],
    show_default=True,
    help="Copies per source: 1 to this many.",
)
@click.option(
    "--methods",
    default=",".join(METHODS),
    show_default=True,
    help="Comma-separated subset of wiretrace,datasketch,rensa.",
)
@click.option("--workers", type=int, default=0, help="wiretrace processes (0: one per core).")
@click.option("--examples", type=int, default=12, show_default=True, help="Examples kept per kind.")
@click.option(
    "--exact", is_flag=True, help="Exact all-pairs containment check on the whole corpus instead."
)
@click.option("--limit", type=int, default=None, help="Read only the first N corpus articles.")
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=None,
    help="--exact: keep wiretrace's store here; a later run reuses its stored pairs.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Save every figure and example as JSON.",
)
def command(
    corpus: Path | None,
    n: int,
    seed: int,
    distractors: int,
    quoters: int,
    max_copies: int,
    methods: str,
    workers: int,
    examples: int,
    exact: bool,
    limit: int | None,
    db: Path | None,
    json_path: Path | None,
) -> None:
    """Copy detection: wiretrace vs datasketch MinHashLSH vs rensa on labelled copies."""
    corpus = corpus or default_corpus()
    if not corpus.exists():
        raise click.ClickException(f"corpus not found: {corpus} (set $WIRETRACE_SHARED)")
    settings = replace(Settings(), workers=workers)
    if exact:
        from benchmarks.copies_exact import print_exact, run_exact

        results = run_exact(corpus, settings, limit=limit, db=db, examples=examples)
        print_exact(results, console)
    else:
        chosen = tuple(m.strip() for m in methods.split(",") if m.strip())
        unknown = set(chosen) - set(METHODS)
        if unknown:
            raise click.BadParameter(f"unknown methods: {sorted(unknown)}", param_hint="--methods")
        config = BenchConfig(
            n=n, seed=seed, distractors=distractors, quoters=quoters, copies=(1, max_copies)
        )
        results = run_synthetic(corpus, config, chosen, settings, examples, limit)
        print_synthetic(results)
    results["versions"] = versions()
    results["machine"] = machine()
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
        console.print(f"results written to {json_path}")
