"""The candidate step written as SQL gives the compiled step's pairs, on generated samples in a
real DuckDB database and on a real store of the example pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from conftest import EXAMPLES, candidate_inputs
from test_match_candidates import _corpus
from wiretrace.config import MatchConfig, Settings, SketchConfig
from wiretrace.match.candidates import candidate_arrays, hash_ranges
from wiretrace.match.tables import candidates_by_sql


def _select(con: duckdb.DuckDBPyConnection) -> Any:
    """A `Select` over a DuckDB connection, the store's way (tables registered by name)."""

    def select(
        sql: str, params: dict[str, Any] | None = None, tables: dict[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        for name, table in (tables or {}).items():
            con.register(name, table)
        return con.execute(sql, params or {}).fetchall()

    return select


def _database(rows: dict[int, set[int]], path: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB file holding `rows` as the store's samples and documents tables."""
    con = duckdb.connect(str(path))
    docs = [k for k, v in rows.items() for _ in v]
    hashes = [h for v in rows.values() for h in v]
    samples = pa.table({"doc": pa.array(docs, pa.int32()), "h": pa.array(hashes, pa.uint64())})
    documents = pa.table(
        {
            "key": pa.array(list(rows), pa.int32()),
            "sampled": pa.array([len(v) for v in rows.values()], pa.int32()),
        }
    )
    con.register("samples_in", samples)
    con.register("documents_in", documents)
    con.execute("CREATE TABLE samples AS SELECT * FROM samples_in")
    con.execute("CREATE TABLE documents AS SELECT * FROM documents_in")
    return con


@pytest.mark.parametrize("seed", range(4))
def test_sql_candidates_equal_the_compiled_ones(tmp_path: Path, seed: int) -> None:
    rows, new = _corpus(seed)
    sketch, match = SketchConfig(max_doc_freq=8), MatchConfig()
    compiled = candidate_arrays(
        *candidate_inputs({k: sorted(v) for k, v in rows.items()}, sorted(new)), sketch, match
    )
    with _database(rows, tmp_path / "samples.duckdb") as con:
        by_sql = candidates_by_sql(_select(con), new, sketch, match)
    assert compiled[0].size  # the corpus does hold candidates
    for ours, theirs in zip(by_sql, compiled, strict=True):
        assert np.array_equal(ours, theirs)


def test_sql_candidates_of_no_new_document_are_none(tmp_path: Path) -> None:
    rows, _ = _corpus(1)
    with _database(rows, tmp_path / "samples.duckdb") as con:
        a, b, shared = candidates_by_sql(_select(con), [], SketchConfig(), MatchConfig())
    assert a.size == b.size == shared.size == 0


def test_sql_candidates_on_a_real_store(tmp_path: Path) -> None:
    from wiretrace.engines import local
    from wiretrace.store import Store

    db = tmp_path / "store.duckdb"
    local.run([EXAMPLES], db, Settings(workers=1))
    settings = Settings()
    with Store(db) as store:
        sampled = store.sampled_array()
        keys = np.flatnonzero(sampled)
        slices = (store.sample_slice(lo, hi) for lo, hi in hash_ranges(store.sample_count()))
        compiled = candidate_arrays(sampled, keys, slices, settings.sketch, settings.match)
        by_sql = candidates_by_sql(store.select, keys.tolist(), settings.sketch, settings.match)
    assert compiled[0].size >= 3  # the examples hold copies
    for ours, theirs in zip(by_sql, compiled, strict=True):
        assert np.array_equal(ours, theirs)
