"""Documents spilled to disk in store order, so that later work reads them without fetching
scattered documents from the store one by one.

Story documents are read back a range of story batches at a time (`StorySpill`); the bodies of
candidate copies, by key from any worker (`BodySpill`).

At 10^6 pages the documents of a batch of stories are scattered over the store: fetching them
by key reads (and checksums) a whole 256 KB DuckDB block for each 5 KB document, which made the
stories 13 of the report stage's 16 minutes. Instead, while the report's documents section reads
every document once in store order, each one's stored JSON is appended to the file of its range
of story batches; consolidation then reads those files one after another, sequentially.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

_HEADER = struct.Struct("<III")  # batch number, id length, JSON length
BUFFER = 1 << 18  # bytes buffered per open spill file


class StorySpill:
    """Spill files in `folder`, one per `per_file` consecutive story batches."""

    def __init__(self, folder: Path, batches: int, per_file: int) -> None:
        """Spill for `batches` story batches, `per_file` of them to a file."""
        self.folder, self.batches, self.per_file = folder, batches, max(per_file, 1)
        self.files = -(-batches // self.per_file)
        self._open: dict[int, BinaryIO] = {}
        self.closed = False

    def _path(self, number: int) -> Path:
        """The file of the number-th range of batches."""
        return self.folder / f"stories-{number:05d}.spill"

    def add(self, batch: int, doc_id: str, data: bytes) -> None:
        """Append a document's stored JSON to the file of its batch."""
        number = batch // self.per_file
        file = self._open.get(number)
        if file is None:
            file = self._open[number] = self._path(number).open("wb", buffering=BUFFER)
        name = doc_id.encode("utf-8")
        file.write(_HEADER.pack(batch, len(name), len(data)))
        file.write(name)
        file.write(data)

    def close(self) -> None:
        """Finish writing: every document has been added."""
        for file in self._open.values():
            file.close()
        self._open.clear()
        self.closed = True

    def read(self) -> Iterator[dict[str, bytes]]:
        """Each batch's documents (id -> stored JSON), batch by batch in order, one file read at
        a time."""
        if not self.closed:
            raise RuntimeError("story spill read before all documents were added")
        for number in range(self.files):
            path = self._path(number)
            found: list[dict[str, bytes]] = [{} for _ in range(self.per_file)]
            if path.exists():
                data = path.read_bytes()
                at = 0
                while at < len(data):
                    batch, size, length = _HEADER.unpack_from(data, at)
                    at += _HEADER.size
                    doc_id = data[at : at + size].decode("utf-8")
                    found[batch - number * self.per_file][doc_id] = data[
                        at + size : at + size + length
                    ]
                    at += size + length
                path.unlink()
            first = number * self.per_file
            yield from found[: min(self.per_file, self.batches - first)]


class BodySpill:
    """Document bodies, UTF-8, one after another in `folder`/bodies.bin, with the sorted keys
    and the byte span of each in .npy files beside it.

    Verifying 1.34 million candidate pairs at 10^6 pages took 7 minutes, nearly all of it the
    store fetching each chunk's scattered documents (a 256 KB block read for each); written in
    one pass over the table, then read by the workers with one positioned read a body, they
    cost seconds. Workers open the files themselves, so no text goes through the main process.
    """

    def __init__(self, folder: str | Path) -> None:
        """The spill in `folder` (written by `write`, or to be)."""
        self.folder = Path(folder)

    @property
    def text_path(self) -> Path:
        """The bodies, back to back."""
        return self.folder / "bodies.bin"

    def write(
        self, batches: Iterable[pa.RecordBatch], advance: Callable[[int], None] | None = None
    ) -> int:
        """Write the (key, body) rows of `batches`, in any order; how many were written."""
        keys, spans = [], []
        at = 0
        with self.text_path.open("wb") as out:
            for batch in batches:
                span, size = _appended(out, batch.column(1), at)
                keys.append(batch.column(0).to_numpy(zero_copy_only=False).astype(np.int64))
                spans.append(span)
                at += size
                if advance is not None:
                    advance(len(batch))
        key = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        span = np.concatenate(spans) if spans else np.zeros((0, 2), dtype=np.int64)
        order = np.argsort(key, kind="stable")
        np.save(self.folder / "keys.npy", key[order])
        np.save(self.folder / "spans.npy", span[order])
        return int(key.size)

    def read(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The bodies of the given keys (ascending, all spilled) as UTF-8 bytes and bounds:
        body k is text[bounds[k]:bounds[k + 1]]."""
        known = np.load(self.folder / "keys.npy", mmap_mode="r")
        spans = np.load(self.folder / "spans.npy", mmap_mode="r")
        at = np.searchsorted(known, keys)
        missing = at >= known.size
        missing[~missing] |= known[at[~missing]] != keys[~missing]
        if missing.any():
            raise KeyError(f"bodies not spilled: {keys[missing][:5].tolist()}")
        lo, hi = spans[at, 0], spans[at, 1]
        bounds = np.zeros(keys.size + 1, dtype=np.int64)
        np.cumsum(hi - lo, out=bounds[1:])
        text = np.empty(int(bounds[-1]), dtype=np.uint8)
        view = memoryview(text)
        fd = os.open(self.text_path, os.O_RDONLY)
        try:
            edges = bounds.tolist()
            for k, (start, end) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
                into = view[edges[k] : edges[k + 1]]
                if end > start and os.preadv(fd, [into], start) != end - start:
                    raise OSError(f"{self.text_path}: short read at {start}")
        finally:
            os.close(fd)
        return text, bounds


def _appended(out: BinaryIO, column: pa.Array, at: int) -> tuple[np.ndarray, int]:
    """Write a column of bodies to `out` as UTF-8, straight from Arrow's buffer: each body's
    (start, end) in the file, whose first `at` bytes were written before, and the bytes added."""
    bodies = column.fill_null("").cast(pa.large_binary())
    offsets = np.frombuffer(bodies.buffers()[1], dtype=np.int64)
    offsets = offsets[bodies.offset : bodies.offset + len(bodies) + 1]
    data = bodies.buffers()[2]
    if data is not None:
        out.write(memoryview(data)[int(offsets[0]) : int(offsets[-1])])
    placed = offsets - offsets[0] + at
    return np.stack([placed[:-1], placed[1:]], axis=1), int(offsets[-1] - offsets[0])
