"""The store interface: what engines and the API ask of a store, whatever keeps it.

A store holds documents (each with a key drawn in insertion order, its fingerprint, its
stored JSON and its rows: samples, story terms, site passages, removed lines), copy pairs by
keys, problems, and the state files that go with them (postings for queries, the story
index). Writes are atomic: a run killed at any point leaves the old state or the new.
`wiretrace.store.duckdb.Store` is the embedded DuckDB implementation; the same methods over
Parquet tables would serve a Spark engine's driver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from wiretrace.columns import Columns, Prepared
    from wiretrace.config import StoryConfig
    from wiretrace.model import CopyPair, Document, Problem
    from wiretrace.progress import Progress
    from wiretrace.stories import StoryUnit
    from wiretrace.stories.reuse import ReuseSource


@runtime_checkable
class DocumentStore(Protocol):
    """Documents, samples, copy pairs, problems and state files of one store."""

    path: Path  # where the store lives (temporary files of a run go beside it)

    # writes, each one transaction
    def replace(
        self,
        ids: Sequence[str],
        prepared: Prepared | Columns,
        problems: Iterable[Problem] = (),
        between: Callable[[], None] | None = None,
    ) -> None:
        """Delete the documents `ids` and add `prepared` with `problems`, atomically."""
        ...

    def remove(self, ids: Sequence[str]) -> None:
        """Delete documents with their rows and pairs."""
        ...

    def add_pairs(self, pairs: pa.Table | None, matched: Sequence[int]) -> None:
        """Add verified pairs (rows by keys) and mark `matched` documents done, atomically."""
        ...

    # documents
    def count(self) -> int:
        """Number of documents."""
        ...

    def fingerprints(self) -> dict[str, str]:
        """id -> fingerprint of every document."""
        ...

    def fingerprints_of(self, keys: Sequence[int]) -> dict[int, str]:
        """key -> fingerprint of the given documents."""
        ...

    def keys(self, ids: Sequence[str]) -> dict[str, int]:
        """id -> key of the given ids that are stored."""
        ...

    def sources(self, ids: Sequence[str]) -> dict[str, str]:
        """id -> the source each given document was read from."""
        ...

    def document(self, key: int) -> Document:
        """One document by key."""
        ...

    def documents(self) -> Iterator[Document]:
        """Every document, in key order."""
        ...

    def documents_by_key(self, keys: Sequence[int]) -> dict[int, Document]:
        """key -> document of the given keys that are stored."""
        ...

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """id -> document of the given ids that are stored."""
        ...

    def document_rows(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, credit, stored JSON) of every document, in key order."""
        ...

    def json_by_keys(self, keys: Sequence[int]) -> dict[str, bytes]:
        """id -> stored JSON of the given keys."""
        ...

    def document_data(self, keys: np.ndarray) -> pa.Table:
        """(key, stored JSON) of the given keys, sorted by key."""
        ...

    def bodies(self, keys: np.ndarray) -> Iterator[pa.RecordBatch]:
        """(key, body) batches of the given keys, in one pass, in no set order."""
        ...

    def terms_by_id(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """id -> story term columns of the given documents that have them."""
        ...

    def doc_table(self) -> pa.Table:
        """key, id, words, published, credit of every document, in key order."""
        ...

    # samples and pairs
    def unmatched(self) -> list[int]:
        """Keys of the documents whose pairs are not yet found."""
        ...

    def sample_count(self) -> int:
        """Number of sample rows."""
        ...

    def sampled_array(self) -> np.ndarray:
        """Samples per document, indexed by key."""
        ...

    def sample_slice(self, low: int | None, high: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, keys) of the samples with a hash in [low, high)."""
        ...

    def sampled(self, keys: Sequence[int]) -> dict[int, int]:
        """key -> number of samples of the given documents."""
        ...

    def reuse_pairs(
        self, keys: np.ndarray, max_units: int, min_shared: int = 1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(a, b, shared samples) of the given documents' pairs that share at least
        `min_shared` samples which 2..max_units of them carry."""
        ...

    def pair_table(self) -> pa.Table:
        """Every copy pair by keys, in key order."""
        ...

    def pairs_of(self, key: int) -> list[CopyPair]:
        """The copy pairs of one document, by ids."""
        ...

    def select(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        tables: Mapping[str, pa.Table] | None = None,
    ) -> list[tuple[Any, ...]]:
        """The rows of a stage's read-only table operation over the store's tables."""
        ...

    # problems
    def problem_count(self) -> int:
        """Number of recorded problems."""
        ...

    def iter_problems(self) -> Iterator[Problem]:
        """Every problem, in report order."""
        ...

    def problems(self) -> list[Problem]:
        """Every problem, in report order, as a list."""
        ...

    # state beside the store
    def settle_behind(self) -> None:
        """Make what is written durable on a thread of its own, for a phase that only reads;
        reads go on meanwhile, a write waits for it."""
        ...

    def reader(self) -> DocumentStore:
        """The store seen through a connection of its own, for reading on another thread
        while this one goes on; closing it leaves the store open."""
        ...

    def lean(self) -> AbstractContextManager[None]:
        """A while in which the store holds less memory."""
        ...

    def postings_current(self) -> bool:
        """Whether the query postings are up to date."""
        ...

    def build_postings(self) -> Path:
        """Write the query postings."""
        ...

    def shared_samples(
        self, sample: np.ndarray, max_df: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Keys sharing samples with `sample` and how many, from the postings (None: stale)."""
        ...

    def scan_shared(
        self, sample: np.ndarray, min_shared: int, min_share: float, limit: int
    ) -> list[int]:
        """Keys sharing enough samples with `sample`, by a scan."""
        ...

    def grow_stories(
        self,
        digests: dict[str, str],
        units: Callable[[Sequence[str]], Iterable[list[StoryUnit]]],
        config: StoryConfig,
        progress: Progress | None = None,
        between: Callable[[], None] | None = None,
        reuse: ReuseSource | None = None,
    ) -> list[list[str]]:
        """The stories of the units, growing the story index kept with the store; `reuse`:
        the units' pairs that share rare passages (`StoryIndex.add`)."""
        ...
