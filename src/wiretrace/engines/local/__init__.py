"""The local engine: stages over batches, processes on one machine, state in a DuckDB store.

Split by job: `ingest` (pages to stored rows, on the workers), `rework` (carried lines back,
site furniture cut, over the store), `match` (candidates, verification, postings), `assemble`
(copy groups, stories, consolidation), `report` (the streamed report), `pool` (workers, job
feeds, temporary folders, kill points), `spill` (bodies and documents spilled in store
order), `engine` (`LocalEngine`, the contract of `engines.base`, and `run`/`update`).
"""

from wiretrace.engines.base import RunResult
from wiretrace.engines.local.assemble import Assembly, Copies, assemble_store, copies_in
from wiretrace.engines.local.engine import LocalEngine, detect_copies, run, update
from wiretrace.engines.local.match import index_samples, match_new, neighbours_together, verify_all
from wiretrace.engines.local.pool import clean_stale, counted, kill_point
from wiretrace.engines.local.report import TOP_STORIES, Largest, stream_assembly
from wiretrace.progress import Progress

__all__ = [
    "TOP_STORIES",
    "Assembly",
    "Copies",
    "Largest",
    "LocalEngine",
    "Progress",
    "RunResult",
    "assemble_store",
    "clean_stale",
    "copies_in",
    "counted",
    "detect_copies",
    "index_samples",
    "kill_point",
    "match_new",
    "neighbours_together",
    "run",
    "stream_assembly",
    "update",
    "verify_all",
]
