"""Same behaviour across two revisions: `wiretrace run` of each on the same pages, and their
report.json files compared section by section.

Each revision is checked out in a temporary `git worktree` and run as
`PYTHON -m wiretrace.cli run INPUT --out DIR` with `PYTHONPATH=<worktree>/src` (this
interpreter by default: its environment must hold wiretrace's dependencies), into a fresh
store. The reports are read a line at a time (they are streamed one item per line), so
AllSides' reports are never held whole. Run-dependent fields (when the report was generated)
are ignored, and so are keys and sections that only the newer report has; every other
difference is printed.

    python benchmarks/same_reports.py --before $(git merge-base HEAD main) --after HEAD
    python -m benchmarks same-reports --before main --after HEAD --allsides   # +37,554 pages

Exit status 0 when the reports are the same, 1 when any differs, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import groupby, zip_longest
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parents[1]  # the checkout that holds this script
IGNORED = {"wiretrace": {"generated"}}  # run-dependent fields, by section
SHOWN = 5  # differing items printed per section
OPENS = {"<a list opens>": True}  # what `items` gives where a list section begins


def shared_data() -> Path:
    """The shared data folder: $WIRETRACE_SHARED or ../shared/data beside the checkout."""
    return Path(os.environ.get("WIRETRACE_SHARED", ROOT.parent / "shared" / "data"))


def corpora(allsides: bool) -> dict[str, Path]:
    """The inputs to run, by name: the examples, the seeds (when the shared data is there)
    and, when asked for, all of AllSides."""
    found = {"examples": ROOT / "examples" / "pages"}
    seeds = shared_data() / "seeds"
    if seeds.exists():
        found["seeds"] = seeds
    else:
        print(f"seeds skipped: {seeds} not found", file=sys.stderr)
    if allsides:
        path = shared_data() / "allsides" / "allsides.jsonl.gz"
        if not path.exists():
            raise SystemExit(f"--allsides: {path} not found")
        found["allsides"] = path
    return found


def git(*args: str) -> str:
    """A git command in the checkout; its output."""
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def run(python: str, tree: Path, pages: Path, out: Path, workers: int) -> float:
    """`wiretrace run` of the worktree `tree` on `pages` into `out` (a new store); seconds."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    command = [python, "-m", "wiretrace.cli", "run", str(pages), "--out", str(out)]
    command += ["--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        print(done.stderr[-4000:], file=sys.stderr)
        raise RuntimeError(f"run of {tree.name} on {pages} failed ({done.returncode})")
    return time.perf_counter() - started


def parsed(text: str) -> Any:
    """A value of the report, its line's separator (and the report's closing brace) cut."""
    text = text.rstrip().rstrip(",")
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(text[:-1])  # the last line closes the report: `[...]}`


def items(path: Path) -> Iterator[tuple[str, Any]]:
    """(section, value) in file order, a line at a time: a list section gives OPENS, then
    each of its items; any other section its value. A report not written an item a line is
    read whole."""
    with path.open(encoding="utf-8") as file:
        first = file.readline()
        if not (first.startswith('{"wiretrace":') and first.rstrip().endswith(",")):
            yield from _whole(path)
            return
        section = None
        for line in [first[1:], *file]:
            if section is not None:
                if line.startswith("]"):
                    section = None
                else:
                    yield section, parsed(line)
                continue
            key, _, rest = line.partition(":")
            if rest.strip() == "[":
                section = json.loads(key)
                yield section, OPENS
            else:
                value = parsed(rest)
                if isinstance(value, list):
                    yield json.loads(key), OPENS
                    yield from ((json.loads(key), item) for item in value)
                else:
                    yield json.loads(key), value


def _whole(path: Path) -> Iterator[tuple[str, Any]]:
    """`items` of a report read whole."""
    for key, value in json.loads(path.read_text(encoding="utf-8")).items():
        if isinstance(value, list):
            yield key, OPENS
            yield from ((key, item) for item in value)
        else:
            yield key, value


def older_shape(new: Any, old: Any) -> Any:
    """`new` without the keys (at any depth) that `old` lacks: fields the newer report adds."""
    if isinstance(new, dict) and isinstance(old, dict):
        return {k: older_shape(v, old[k]) for k, v in new.items() if k in old}
    if isinstance(new, list) and isinstance(old, list):
        return [older_shape(n, o) for n, o in zip(new, old, strict=False)] + new[len(old) :]
    return new


def without_ignored(section: str, value: Any) -> Any:
    """The value without its run-dependent fields."""
    ignored = IGNORED.get(section)
    if ignored and isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in ignored}
    return value


def label(item: Any) -> str:
    """A short name for a report item: its id, its pair or its input."""
    if isinstance(item, dict):
        for key in ("id", "input"):
            if key in item:
                return str(item[key])
        if "a" in item and "b" in item:
            return f"{item['a']} ~ {item['b']}"
    return json.dumps(item)[:80]


def differing_keys(old: Any, new: Any) -> str:
    """The keys whose values differ, for a line of the comparison."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        return f" (fields: {', '.join(keys)})"
    return ""


def compare(before: Path, after: Path) -> dict[str, tuple[int, list[str]]]:
    """Section -> (items compared, differences) between two reports; sections that only the
    newer report has are named with no items."""
    found: dict[str, tuple[int, list[str]]] = {}
    newer = groupby(items(after), key=lambda pair: pair[0])
    for section, old_items in groupby(items(before), key=lambda pair: pair[0]):
        new_items = None
        for name, group in newer:
            if name == section:
                new_items = group
                break
            found[f"{name} (only after: ignored)"] = (0, [])
        if new_items is None:
            found[section] = (0, ["missing from the after report"])
            continue
        count, notes = 0, []
        for old, new in zip_longest(old_items, new_items):
            if old is not None and new is not None and old[1] is OPENS and new[1] is OPENS:
                continue
            count += 1
            if old is None or new is None:
                side = "before" if new is None else "after"
                notes.append(f"only {side}: {label((old or new)[1])}")
                continue
            old_value = without_ignored(section, old[1])
            new_value = without_ignored(section, older_shape(new[1], old[1]))
            if old_value != new_value:
                what = differing_keys(old_value, new_value)
                notes.append(f"{label(old_value)} / {label(new_value)}{what}")
        found[section] = (count, notes)
    for name, _ in newer:
        found[f"{name} (only after: ignored)"] = (0, [])
    return found


def main(argv: list[str] | None = None) -> int:
    """Run both revisions on each corpus and compare their reports; the exit status."""
    parser = argparse.ArgumentParser("same_reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="older revision [main]")
    parser.add_argument("--after", default="HEAD", help="newer revision [HEAD]")
    parser.add_argument("--allsides", action="store_true", help="also all of AllSides (~40 s)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes per run [2]")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the runs")
    parser.add_argument("--keep", type=Path, default=None, help="keep the runs in this folder")
    args = parser.parse_args(argv)
    revisions = {"before": git("rev-parse", args.before), "after": git("rev-parse", args.after)}
    work = Path(tempfile.mkdtemp(prefix="wiretrace-same-"))
    status = 0
    try:
        trees = {}
        for side, rev in revisions.items():
            trees[side] = work / side
            git("worktree", "add", "--detach", "--quiet", str(trees[side]), rev)
            print(f"{side}: {rev[:12]} {git('log', '-1', '--format=%s', rev)[:80]}")
        for name, pages in corpora(args.allsides).items():
            reports = {}
            for side, tree in trees.items():
                out = (args.keep or work / "runs") / side / name
                shutil.rmtree(out, ignore_errors=True)
                seconds = run(args.python, tree, pages.resolve(), out, args.workers)
                print(f"  {name}: {side} ran in {seconds:.1f} s")
                reports[side] = out / "report.json"
            same = True
            for section, (count, notes) in compare(reports["before"], reports["after"]).items():
                if notes:
                    same = False
                    print(f"  {name} {section}: {len(notes)} of {count} differ")
                    for note in notes[:SHOWN]:
                        print(f"      {note}")
                else:
                    print(f"  {name} {section}: same ({count})")
            print(f"{name}: {'SAME' if same else 'DIFFERENT'}")
            status = status or (0 if same else 1)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        status = 2
    finally:
        for tree in (work / "before", work / "after"):
            if tree.exists():
                git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(work, ignore_errors=True)
    return status


@click.command(
    "same-reports",
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def command(args: tuple[str, ...]) -> None:
    """Reports of two revisions compared section by section (options: --help)."""
    sys.exit(main(list(args)))


if __name__ == "__main__":
    sys.exit(main())
