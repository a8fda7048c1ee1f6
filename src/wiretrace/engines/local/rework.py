"""Edits over the whole store after ingest: removed lines that other outlets carry put back,
then site furniture cut; changed documents re-sketched and stored anew (matched again)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wiretrace.columns import Prepared
from wiretrace.config import Settings
from wiretrace.consolidate.quotes import moved_quotes
from wiretrace.engines.base import Stages, default_stages
from wiretrace.engines.local.pool import batched, kill_point
from wiretrace.extract.carried import CarriedConfig, carried_lines, restore_carried
from wiretrace.extract.site import (
    FurnitureConfig,
    furniture_by_site,
    furniture_table,
    furniture_to_cut,
    remove_furniture,
)
from wiretrace.model import Document
from wiretrace.progress import Progress
from wiretrace.store import Store

CHUNK = 128  # documents re-sketched at a time when site furniture is cut


def cut_furniture(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    stages: Stages | None = None,
) -> int:
    """Cut passages repeated on many pages of one site from the stored documents that still
    carry them (found by the stage's table operations over the store); changed documents are
    re-sketched and matched again. How many changed."""
    config = FurnitureConfig()
    furniture = furniture_table(store.select, config)
    if furniture.num_rows == 0:
        return 0
    keys = furniture_to_cut(store.select, furniture)
    by_site = furniture_by_site(furniture)

    def cut(docs: dict[int, Document]) -> dict[int, Document]:
        return {key: remove_furniture(doc, by_site, config) for key, doc in docs.items()}

    return rework(store, settings, keys, cut, "furniture", progress, stages)


def restore_carried_text(
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    stages: Stages | None = None,
) -> int:
    """Put back in their bodies the removed lines of stored documents that another site's
    pages carry in theirs (see `extract.carried`): one table operation over the store finds
    them; changed documents are re-sketched and matched again. How many changed."""
    config = CarriedConfig()
    found = carried_lines(store.select, config)  # doc -> carried keys, carrier docs
    if not found:
        return 0

    def restore(docs: dict[int, Document]) -> dict[int, Document]:
        wanted = sorted({c for key in docs for c in found[key][1]})
        # a carrier re-added by an earlier chunk has a new key: its lines are placed without it
        bodies = {k: d.body for k, d in store.documents_by_key(wanted).items()}
        return {
            key: restore_carried(
                doc, found[key][0], [bodies[c] for c in found[key][1] if c in bodies], config
            )
            for key, doc in docs.items()
        }

    return rework(store, settings, list(found), restore, "carried", progress, stages)


def rework(
    store: Store,
    settings: Settings,
    keys: Sequence[int],
    edit: Callable[[dict[int, Document]], dict[int, Document]],
    stage: str,
    progress: Progress | None = None,
    stages: Stages | None = None,
) -> int:
    """Edit stored documents a chunk at a time (`edit` gives each its new version, the same
    object when unchanged); changed ones are stored anew, re-sketched, in key order (they
    keep their relative order) and are matched again. How many changed."""
    progress = progress or Progress()
    stages = stages or default_stages()
    progress.start(stage, len(keys))
    changed = 0
    for chunk in batched(keys, CHUNK * 8):
        prints = store.fingerprints_of(chunk)
        docs = store.documents_by_key(chunk)
        new = edit(docs)
        back = [(new[key], prints[key]) for key in chunk if new[key] is not docs[key]]
        for key in chunk:  # a body cut: its quotes moved, not found again (else None: found)
            if new[key] is not docs[key]:
                new[key].quotes = moved_quotes(docs[key].body, new[key].body, docs[key].quotes)
        if back:
            prepared = Prepared(fingerprints=[fp for _, fp in back])
            packed = stages.rows([d for d, _ in back], prepared, settings)
            # the old versions go and the new come in one transaction: killed in between,
            # the store keeps the old ones, and the next run does this again
            store.replace([d.id for d, _ in back], packed, between=lambda: kill_point(stage))
            changed += len(back)
        progress.advance(stage, len(chunk))
    progress.done(stage)
    return changed
