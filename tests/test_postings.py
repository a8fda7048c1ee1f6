"""Postings files: the sorted sample table that `wiretrace copies` queries search."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from wiretrace.engines import local
from wiretrace.match.query import find_copies
from wiretrace.store import Store, postings
from wiretrace.store.postings import Postings, build_postings, postings_dir

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "pages"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the example pages, after a full run (which writes the postings)."""
    path = tmp_path_factory.mktemp("postings") / "store.duckdb"
    local.run([EXAMPLES], path)
    return path


def test_a_run_writes_current_postings_sorted_like_the_sample_table(db: Path) -> None:
    """After a run the postings are current and hold exactly the sample rows, by hash."""
    with Store(db) as store:
        found = Postings.open(store)
        assert found is not None
        rows = store.con.execute("SELECT h, doc FROM samples ORDER BY h, doc").fetchnumpy()
    assert np.all(np.diff(found.hashes.astype(np.float64)) >= 0)
    assert np.array_equal(np.sort(np.asarray(found.hashes)), rows["h"])
    pairs = sorted(zip(found.hashes.tolist(), found.docs.tolist(), strict=True))
    assert pairs == list(zip(rows["h"].tolist(), rows["doc"].tolist(), strict=True))


def test_slices_give_the_same_postings(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Building in many small slices writes the same files as building at once."""
    with Store(db) as store:
        whole = Postings.open(store)
        assert whole is not None
        hashes, docs = np.array(whole.hashes), np.array(whole.docs)
        monkeypatch.setattr(postings, "SLICE_ROWS", 50)
        build_postings(store)
        sliced = Postings.open(store)
        assert sliced is not None
        assert np.array_equal(sliced.hashes, hashes)
        assert sorted(zip(sliced.hashes.tolist(), sliced.docs.tolist(), strict=True)) == sorted(
            zip(hashes.tolist(), docs.tolist(), strict=True)
        )


def test_queries_agree_with_and_without_postings(db: Path, tmp_path: Path) -> None:
    """A query answered from the postings finds what a scan of the sample table finds."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(db, copy)
    with Store(db) as store:
        texts = [body for _, body in store.texts(range(1, 30)).values()]
        indexed = [[m.doc for m in find_copies(store, text)] for text in texts]
    with Store(copy) as store:
        assert Postings.open(store) is None  # no postings beside the copy: a scan
        scanned = [[m.doc for m in find_copies(store, text)] for text in texts]
    assert indexed == scanned
    assert any(len(found) > 1 for found in indexed)  # some example pages have copies


def test_postings_go_stale_when_the_store_changes(db: Path, tmp_path: Path) -> None:
    """Removing a document makes the postings stale, so queries fall back to a scan."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(db, copy)
    shutil.copytree(postings_dir(db), postings_dir(copy))
    with Store(copy) as store:
        assert Postings.open(store) is not None
        (doc_id,) = store.con.execute("SELECT id FROM documents LIMIT 1").fetchall()[0]
        store.remove([doc_id])
        assert Postings.open(store) is None
