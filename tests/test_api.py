"""The library's face: `wiretrace.api` loads nothing heavy at import, gives what the CLI gives,
and answers copies and deletes on a store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, need_shared
from wiretrace import api


def report_json(path: Path) -> dict[str, Any]:
    """A report.json without its run-dependent field (when it was generated)."""
    report = json.loads(path.read_text(encoding="utf-8"))
    report["wiretrace"].pop("generated", None)
    return report


def test_the_face_imports_no_engine_store_or_stage() -> None:
    """`import wiretrace.api` (and the CLI module) loads no engine internals, store, stage,
    database or compiled code: each operation imports what it runs."""
    code = (
        "import sys, wiretrace, wiretrace.api, wiretrace.engines.base, wiretrace.cli\n"
        "heavy = ('wiretrace.engines.local', 'wiretrace.store', 'wiretrace.match',\n"
        "         'wiretrace.extract', 'wiretrace.stories', 'wiretrace.consolidate',\n"
        "         'duckdb', 'numba', 'pyarrow', 'trafilatura')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_api_run_and_the_cli_write_the_same_report(tmp_path: Path, corpus: str) -> None:
    """`api.run` and `wiretrace run` (a process of its own) on the same pages: the same
    report.json, but for when it was written."""
    pages = EXAMPLES if corpus == "examples" else need_shared("seeds")
    result = api.run([pages], tmp_path / "api", settings=api.Settings(workers=2))
    assert result.paths is not None and result.paths[0] == tmp_path / "api" / "report.json"
    command = [sys.executable, "-m", "wiretrace.cli", "run", str(pages)]
    command += ["--out", str(tmp_path / "cli"), "--workers", "2", "--quiet"]
    subprocess.run(command, check=True, capture_output=True)
    assert report_json(tmp_path / "api" / "report.json") == report_json(
        tmp_path / "cli" / "report.json"
    )


def test_copies_and_delete_through_the_api(tmp_path: Path) -> None:
    """Copies of a stored document and of its text agree; a delete removes it and its pairs;
    a missing store or document is an error of the API's own."""
    db = tmp_path / "s.duckdb"
    result = api.run([EXAMPLES], db=db, settings=api.Settings(workers=1))
    pair = result.report["copy_pairs"][0]
    stored = api.copies_of_document(db, pair["a"])
    assert pair["b"] in [c["doc"] for c in stored]
    with api.open_store(db) as view:
        body = view.document(pair["a"]).body
        by_text = view.copies_of_text(body)
        assert pair["b"] in [c["doc"] for c in by_text]
        assert set(by_text[0]) == set(stored[0])
        with pytest.raises(api.NotStored):
            view.document("no-such-document")
    assert api.delete(db, [pair["a"], "no-such-document"]) == [pair["a"]]
    with api.open_store(db) as view:
        assert view.count() == len(result.report["documents"]) - 1
        report = view.report()
    assert all(pair["a"] not in (p["a"], p["b"]) for p in report["copy_pairs"])
    with pytest.raises(api.StoreError):
        api.copies_of_text(tmp_path / "none.duckdb", body)


def test_the_local_engine_and_store_meet_their_contracts(tmp_path: Path) -> None:
    """The DuckDB store has every method of `DocumentStore`, the local engine every one of
    `Engine` (what a second engine or store must provide)."""
    from wiretrace.engines.base import Engine
    from wiretrace.engines.local import LocalEngine
    from wiretrace.store import DocumentStore, Store

    with Store(tmp_path / "s.duckdb") as store:
        assert isinstance(store, DocumentStore)
        assert isinstance(LocalEngine(store), Engine)


STAGES = ("read", "extract", "sketch", "match", "group", "stories", "consolidate", "write")


def imported(path: Path) -> set[str]:
    """The modules a source file imports (anywhere in it, type-checking imports too)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_layers_import_only_downwards() -> None:
    """Stages import no engine, store, database, API or CLI; the CLI imports of wiretrace
    only the API and its display helpers."""
    package = Path(api.__file__).parent
    for stage in STAGES:
        for path in (package / stage).rglob("*.py"):
            bad = {
                name
                for name in imported(path)
                if name.startswith(("wiretrace.engines", "wiretrace.store", "duckdb"))
                or name.startswith(("wiretrace.api", "wiretrace.cli"))
            }
            assert not bad, (path.name, bad)
    allowed = (
        "wiretrace.api",
        "wiretrace.progress",
        "wiretrace.terminal",
        "wiretrace.engines.base",
    )
    cli = {n for n in imported(package / "cli.py") if n.startswith("wiretrace.")}
    assert all(n.startswith(allowed) or n == "wiretrace.__version__" for n in cli), cli


def test_the_engine_runs_the_stages_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates, verification and consolidation go through the engine's `Stages` (on its
    worker processes too), so another implementation of a stage can be passed in."""
    from dataclasses import replace

    import stage_probe
    from wiretrace.config import Settings
    from wiretrace.engines.base import default_stages
    from wiretrace.engines.local import LocalEngine
    from wiretrace.store import Store

    log = tmp_path / "stages.log"
    monkeypatch.setenv(stage_probe.LOG, str(log))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    probes = {name: getattr(stage_probe, name) for name in ("candidates", "verify", "story")}
    stages = replace(default_stages(), **probes)
    with Store(tmp_path / "s.duckdb") as store:
        result = LocalEngine(store, Settings(workers=2), stages=stages).run([EXAMPLES])
    calls = log.read_text(encoding="utf-8").split()
    assert calls.count("candidates") == 1
    assert calls.count("verify") >= 1
    assert calls.count("story") == result.report["summary"]["stories"]
    assert result.report["summary"]["copy_pairs"] >= 3
