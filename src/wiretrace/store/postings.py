"""Postings: the sample table sorted by hash, in memory-mapped files beside the store.

A query (`wiretrace copies`) must find the stored documents that share its samples without
scanning every sample row. The rows are written once, sorted by hash, to two flat arrays
(`FILE.postings/h.npy`, `doc.npy`); a query then costs two binary searches per sample. The
arrays are written a slice of hashes at a time (a range of their top bits, sorted in
compiled code), so building them needs memory for one slice, not for the whole table.

The files record the store's sample version; when the store has changed since, they are
stale and the query falls back to SQL until they are rebuilt.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np

from wiretrace.match.candidates import sorted_by_hash

if TYPE_CHECKING:
    from wiretrace.store.duckdb import Store

SLICE_ROWS = 32_000_000  # sample rows sorted at once while building
_OPENED: WeakKeyDictionary[Store, tuple[str, Postings | None]] = WeakKeyDictionary()
FENCE = 1024  # postings per block: every FENCE-th hash is kept in memory to find the block


def postings_dir(db: Path) -> Path:
    """Where the postings of the store at `db` live."""
    return db.with_suffix(".postings")


def build_postings(store: Store) -> Path:
    """Write the store's samples sorted by hash beside it, replacing older postings."""
    version = store.samples_version()
    total = store.sample_count()
    bits = 0
    while (total >> bits) > SLICE_ROWS and bits < 16:
        bits += 1
    final = postings_dir(store.path)
    temp = final.with_name(final.name + ".tmp")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    hashes = np.lib.format.open_memmap(temp / "h.npy", mode="w+", dtype=np.uint64, shape=(total,))
    docs = np.lib.format.open_memmap(temp / "doc.npy", mode="w+", dtype=np.int32, shape=(total,))
    at = 0
    for part in range(1 << bits):
        low, high = (part << (64 - bits), (part + 1) << (64 - bits)) if bits else (None, None)
        h, d32 = store.sample_slice(low, high if part + 1 < 1 << bits else None)
        d = d32.astype(np.int64)
        del d32
        h, d = sorted_by_hash(h, d)
        hashes[at : at + h.size], docs[at : at + h.size] = h, d
        at += h.size
    hashes.flush()
    docs.flush()
    del hashes, docs
    (temp / "meta.json").write_text(json.dumps({"version": version, "rows": total}))
    shutil.rmtree(final, ignore_errors=True)
    temp.rename(final)
    return final


class Postings:
    """The memory-mapped postings of a store, when they are up to date."""

    def __init__(self, hashes: np.ndarray, docs: np.ndarray) -> None:
        """Postings over sorted `hashes` and their documents; every FENCE-th hash is kept in
        memory, so a lookup touches one block of the file instead of a whole binary search."""
        self.hashes = hashes
        self.docs = docs
        self.fences = np.array(hashes[::FENCE])

    @classmethod
    def cached(cls, store: Store) -> Postings | None:
        """The store's postings, opened once per open store (a server's queries reuse them;
        the store's own writes make `open` check again)."""
        version = store.samples_version()
        cache = _OPENED.get(store)
        if cache is not None and cache[0] == version:
            return cache[1]
        found = cls.open(store)
        _OPENED[store] = (version, found)
        return found

    @classmethod
    def open(cls, store: Store) -> Postings | None:
        """The store's postings, or None when they are missing or older than the store."""
        folder = postings_dir(store.path)
        try:
            meta = json.loads((folder / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        if meta.get("version") != store.samples_version():
            return None
        hashes = np.load(folder / "h.npy", mmap_mode="r")
        docs = np.load(folder / "doc.npy", mmap_mode="r")
        return cls(hashes, docs)

    def shared(self, sample: np.ndarray, max_df: int) -> tuple[np.ndarray, np.ndarray]:
        """Documents sharing samples with `sample` (distinct, sorted hashes), and how many
        each shares; a hash held by more than `max_df` documents is a stock phrase, skipped."""
        blocks = np.maximum(np.searchsorted(self.fences, sample, side="left") - 1, 0)
        runs = []
        for value, block in zip(sample.tolist(), blocks.tolist(), strict=True):
            start = block * FENCE
            lo = start + int(np.searchsorted(self.hashes[start : start + FENCE + 1], value))
            if lo >= self.hashes.size or int(self.hashes[lo]) != value:
                continue
            run = int(np.searchsorted(self.hashes[lo : lo + max_df + 1], value, side="right"))
            if run <= max_df:
                runs.append((lo, lo + run))
        if not runs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        found = np.concatenate([self.docs[a:b] for a, b in runs]).astype(np.int64)
        return np.unique(found, return_counts=True)
