"""Story documents spilled to disk in store order and read back a range of story batches at a
time.

At 10^6 pages the documents of a batch of stories are scattered over the store: fetching them
by key reads (and checksums) a whole 256 KB DuckDB block for each 5 KB document, which made the
stories 13 of the report stage's 16 minutes. Instead, while the report's documents section reads
every document once in store order, each one's stored JSON is appended to the file of its range
of story batches; consolidation then reads those files one after another, sequentially.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

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
