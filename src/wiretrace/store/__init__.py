"""The store: where an engine keeps documents, samples, copy pairs, problems and the state
files beside them (postings, story index). `base.DocumentStore` is the interface; `duckdb.Store`
the embedded DuckDB implementation the local engine uses."""

from wiretrace.columns import Columns, Prepared, fingerprint, page_digests
from wiretrace.store.base import DocumentStore
from wiretrace.store.duckdb import SCHEMA_VERSION, Store, StoreError

__all__ = [
    "SCHEMA_VERSION",
    "Columns",
    "DocumentStore",
    "Prepared",
    "Store",
    "StoreError",
    "fingerprint",
    "page_digests",
]
