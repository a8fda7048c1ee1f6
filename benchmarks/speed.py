"""`python -m benchmarks speed`: wiretrace's full run and copy detection beside MinHash pipelines.

Every contender runs in its own fresh Python process on the same N articles, so that its time
and its peak memory (the process tree's maximum resident set, from `wait4`) are its own:

1. `full`: wiretrace's whole run (read, clean, sketch, match, group, stories, report);
2. `copies`: wiretrace's copy detection alone (sketch, candidates, verification, groups) on the
   texts as given;
3. `datasketch`: MinHash + MinHashLSH, 128 permutations, word 5-grams, Python tokenising;
4. `rensa`: the same pipeline on rensa's RMinHash + RMinHashLSH.

Times cover the work only, not the interpreter start or imports.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from benchmarks import child_env

DEFAULT_CORPUS = Path("../shared/data/allsides/allsides.jsonl.gz")
JOBS = ("full", "copies", "datasketch", "rensa")
NUM_PERM = 128
LSH_THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


@dataclass
class Timing:
    """One contender's measurement."""

    job: str
    docs: int
    seconds: float
    peak_mb: float
    pairs: int
    megabytes: float

    @property
    def docs_per_s(self) -> float:
        """Documents per second."""
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        """Megabytes of text per second."""
        return self.megabytes / self.seconds if self.seconds else 0.0


def load_corpus(path: Path, n: int | None) -> list[dict[str, Any]]:
    """The first n articles (all when n is None) with non-empty text."""
    opener = gzip.open if path.suffix == ".gz" else open
    records = []
    with opener(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record.get("text"):
                records.append(record)
                if n is not None and len(records) >= n:
                    break
    return records


def write_input(records: list[dict[str, Any]], folder: Path) -> Path:
    """The articles as a wiretrace JSONL input file."""
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            row = {"id": str(r["id"]), "text": r["text"], "title": r.get("title")}
            row |= {"outlet": r.get("outlet"), "published": r.get("date")}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def python_shingles(text: str, k: int = 5) -> set[str]:
    """Word k-grams with Python tokenising, as the MinHash peers are used."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + k]) for i in range(max(len(words) - k + 1, 1))}


def lsh_pairs(keys: list[int], query: Any, candidates_of: Any) -> set[tuple[int, int]]:
    """Unordered pairs of distinct keys returned by an LSH index's queries."""
    pairs = set()
    for key in keys:
        for other in candidates_of(query[key]):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    return pairs


def job_datasketch(texts: list[str]) -> int:
    """datasketch MinHash + MinHashLSH over all texts; the number of candidate pairs."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sketches = {}
    for key, text in enumerate(texts):
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch([s.encode("utf-8") for s in python_shingles(text)])
        lsh.insert(key, minhash)
        sketches[key] = minhash
    return len(lsh_pairs(list(sketches), sketches, lsh.query))


def job_rensa(texts: list[str]) -> int:
    """rensa RMinHash + RMinHashLSH over all texts; the number of candidate pairs."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, num_bands=16)
    sketches = {}
    for key, text in enumerate(texts):
        minhash = RMinHash(num_perm=NUM_PERM, seed=42)
        minhash.update(list(python_shingles(text)))
        lsh.insert(key, minhash)
        sketches[key] = minhash
    return len(lsh_pairs(list(sketches), sketches, lsh.query))


def job_copies(input_path: Path, workdir: Path) -> int:
    """wiretrace's copy-detection stages on the texts as given; the number of copy pairs."""
    from wiretrace.config import ExtractConfig, Settings
    from wiretrace.engines import local

    settings = Settings(extract=ExtractConfig(clean=False))
    return len(local.detect_copies([input_path], workdir / "copies.duckdb", settings).pairs)


def job_full(input_path: Path, workdir: Path) -> int:
    """wiretrace's whole run, report included; the number of copy pairs."""
    from wiretrace.engines import local

    result = local.run([input_path], workdir / "full.duckdb", out=workdir / "report")
    return int(result.report["summary"]["copy_pairs"])


def preload(job: str) -> None:
    """Import what a contender runs before its clock starts (imports are not its work)."""
    if job == "datasketch":
        import datasketch  # noqa: F401
    elif job == "rensa":
        import rensa  # noqa: F401
    else:
        import wiretrace.engines.local  # noqa: F401
        from wiretrace.match import candidates
        from wiretrace.sketch import kernels

        kernels.warm()  # compiled code loaded from its cache: the kind of cost imports are
        candidates.warm()


def run_job(job: str, input_path: Path, workdir: Path) -> dict[str, Any]:
    """Run one contender in this process and time its work."""
    texts = [json.loads(line)["text"] for line in input_path.open(encoding="utf-8")]
    preload(job)
    started = time.perf_counter()
    if job == "datasketch":
        pairs = job_datasketch(texts)
    elif job == "rensa":
        pairs = job_rensa(texts)
    elif job == "copies":
        pairs = job_copies(input_path, workdir)
    else:
        pairs = job_full(input_path, workdir)
    seconds = time.perf_counter() - started
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"job": job, "docs": len(texts), "seconds": seconds, "pairs": pairs, "mb": megabytes}


def measure(job: str, input_path: Path, workdir: Path) -> Timing:
    """Run one contender in a fresh process; its timing and peak memory."""
    command = [sys.executable, "-m", "benchmarks.speed", job, str(input_path), str(workdir)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=child_env())
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise click.ClickException(f"benchmark job {job!r} failed (exit {child.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    return Timing(
        job=job,
        docs=result["docs"],
        seconds=result["seconds"],
        peak_mb=usage.ru_maxrss / 1024,
        pairs=result["pairs"],
        megabytes=result["mb"],
    )


def results_table(timings: list[Timing]) -> Table:
    """The measurements and the ratios of wiretrace's copy detection to each peer."""
    by_job = {t.job: t for t in timings}
    table = Table(title="wiretrace bench speed", header_style="bold")
    for name in ("contender", "docs", "seconds", "docs/s", "MB/s", "peak MB", "pairs", "copies ×"):
        table.add_column(name, justify="left" if name == "contender" else "right")
    copies = by_job.get("copies")
    for t in timings:
        ratio = ""
        if copies and t.job in ("datasketch", "rensa") and copies.seconds:
            ratio = f"{t.seconds / copies.seconds:.2f}"
        table.add_row(
            t.job,
            f"{t.docs:,}",
            f"{t.seconds:.1f}",
            f"{t.docs_per_s:,.0f}",
            f"{t.mb_per_s:.2f}",
            f"{t.peak_mb:,.0f}",
            f"{t.pairs:,}",
            ratio,
        )
    return table


@click.command(name="speed")
@click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="JSONL(.gz) articles with `text` [default: ../shared/data/allsides].",
)
@click.option("--n", type=int, default=None, help="Number of articles [default: all].")
@click.option(
    "--jobs", default=",".join(JOBS), show_default=True, help="Contenders to run, comma-separated."
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the results as JSON here.",
)
def command(corpus: Path | None, n: int | None, jobs: str, json_path: Path | None) -> None:
    """Time and peak memory of wiretrace (full run; copy detection alone) and of the
    datasketch and rensa MinHash pipelines, each in its own process, on the same articles."""
    corpus = corpus or DEFAULT_CORPUS
    if not corpus.exists():
        raise click.ClickException(f"corpus not found: {corpus}")
    wanted = [j.strip() for j in jobs.split(",") if j.strip()]
    unknown = set(wanted) - set(JOBS)
    if unknown:
        raise click.ClickException(f"unknown jobs: {', '.join(sorted(unknown))}")
    console = Console(stderr=True)
    records = load_corpus(corpus, n)
    timings = []
    with tempfile.TemporaryDirectory(prefix="wiretrace-speed-") as tmp:
        input_path = write_input(records, Path(tmp))
        for job in wanted:
            console.print(f"running {job} on {len(records):,} articles…")
            workdir = Path(tmp) / job
            workdir.mkdir()
            timings.append(measure(job, input_path, workdir))
    Console().print(results_table(timings))
    if json_path:
        json_path.write_text(json.dumps([asdict(t) for t in timings], indent=1), encoding="utf-8")


if __name__ == "__main__":
    job_name, input_file, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    print(json.dumps(run_job(job_name, input_file, work)))
