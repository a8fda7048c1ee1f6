"""Verification from a spill of bodies: the same pairs as from the store, on a real store."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pytest

from wiretrace.config import Settings
from wiretrace.engines.local import neighbours_together, update, verify_all
from wiretrace.engines.local.spill import BodySpill
from wiretrace.match.candidates import candidate_arrays, hash_ranges
from wiretrace.progress import Progress
from wiretrace.store import Store

rng = random.Random(5)
WORDS = [f"word{i}" for i in range(3000)] + ["Ünïcode", "日本語", "😀", 'say "so"', "back\\slash"]
ODD = ["\x1c", "\u2003", "\t", "\x00"]


def paragraph() -> str:
    """Thirty words, now and then with an odd character among them."""
    words = [rng.choice(WORDS) for _ in range(30)]
    if rng.random() < 0.3:
        words.insert(5, rng.choice(ODD))
    return " ".join(words)


def corpus(path: Path, pages: int = 240) -> Path:
    """A JSONL file of pages, most of them copies (whole or in part) of a few sources."""
    sources = [[paragraph() for _ in range(10)] for _ in range(30)]
    with path.open("wb") as out:
        for n in range(pages):
            source = rng.choice(sources)
            start = rng.randrange(4)
            paras = source[start : start + rng.randint(5, 10)] + [paragraph() for _ in range(2)]
            if rng.random() < 0.1:
                rng.shuffle(paras)
            page = {"id": f"p{n}", "text": "\n\n".join(paras), "title": f"Page {n}"}
            out.write(orjson.dumps(page) + b"\n")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store of the corpus, matched."""
    folder = tmp_path_factory.mktemp("spill")
    store = Store(folder / "store.duckdb")
    update(store, [corpus(folder / "pages.jsonl")], Settings(workers=1), Progress())
    return store


def verified(store: Store, spill_from: int, pool: ProcessPoolExecutor | None) -> pa.Table:
    """All verified pairs of the store's candidates, sorted by (a, b)."""
    settings = Settings()
    slices = (store.sample_slice(lo, hi) for lo, hi in hash_ranges(store.sample_count()))
    every = np.flatnonzero(store.sampled_array())  # every document new again
    a, b, _ = candidate_arrays(
        store.sampled_array(), every, slices, settings.sketch, settings.match
    )
    first, second = neighbours_together(a, b)
    parts = [t for t, _ in verify_all(store, first, second, settings, pool, spill_from=spill_from)]
    return pa.concat_tables(parts).sort_by([("a", "ascending"), ("b", "ascending")])


def test_spilled_bodies_verify_as_the_stored_ones(store: Store) -> None:
    fetched = verified(store, 10**9, None)
    assert fetched.num_rows > 200
    assert verified(store, 0, None).equals(fetched)
    with ProcessPoolExecutor(2) as pool:
        assert verified(store, 0, pool).equals(fetched)
    stored = store.pair_table().sort_by([("a", "ascending"), ("b", "ascending")])
    assert stored.select(["a", "b"]).equals(fetched.select(["a", "b"]))


def test_spill_reads_back_each_body_by_key(store: Store, tmp_path: Path) -> None:
    stored = store.con.execute("SELECT key FROM documents").fetchnumpy()["key"].tolist()
    keys = np.array(sorted(rng.sample(stored, 90)), dtype=np.int32)
    spill = BodySpill(tmp_path)
    assert spill.write(store.bodies(keys, rows=7)) == keys.size  # many small batches
    wanted = keys[::3].astype(np.int64)
    text, bounds = spill.read(wanted)
    got = [bytes(text[bounds[k] : bounds[k + 1]]).decode("utf-8") for k in range(wanted.size)]
    assert got == [store.document(int(k)).body for k in wanted]
    assert any(odd in "".join(got) for odd in ODD)
    with pytest.raises(KeyError, match="not spilled"):
        spill.read(np.array([int(keys.max()) + 1000]))
    text, bounds = spill.read(np.zeros(0, dtype=np.int64))
    assert text.size == 0 and bounds.tolist() == [0]


def test_an_empty_spill_reads_nothing(tmp_path: Path) -> None:
    spill = BodySpill(tmp_path)
    assert spill.write([]) == 0
    with pytest.raises(KeyError):
        spill.read(np.array([1]))
