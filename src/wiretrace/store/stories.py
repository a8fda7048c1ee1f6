"""The story index state beside a store: `FILE.stories.npz` (the index) and
`FILE.stories.json` (its settings and the digest of each unit in it), grown unit by unit."""

from __future__ import annotations

import itertools
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from wiretrace.config import StoryConfig
from wiretrace.progress import Progress
from wiretrace.stories import StoryIndex, StoryUnit
from wiretrace.stories.reuse import ReuseSource


def grow_stories(
    db: Path,
    digests: dict[str, str],
    units: Callable[[Sequence[str]], Iterable[list[StoryUnit]]],
    config: StoryConfig,
    progress: Progress | None = None,
    between: Callable[[], None] | None = None,
    reuse: ReuseSource | None = None,
) -> list[list[str]]:
    """Stories of the units (ids in order, with a digest of what each is made from), growing
    the story index saved beside the store.

    Units already in the saved index keep their place; only new ones are read and added, so
    a later run does not re-cluster everything. When a known unit changed or went away (a
    fuller copy became its source, a page was replaced or deleted) or the settings changed,
    the index is rebuilt. Either way the result equals clustering all units at once, in the
    same order. `between` is called between writing the index and its state (a test's
    kill point); `reuse`: the units' pairs that share rare passages (`StoryIndex.add`).
    """
    index_path, state_path = db.with_suffix(".stories.npz"), db.with_suffix(".stories.json")
    settings = {k: getattr(config, k) for k in config.__dataclass_fields__}
    order = list(digests)
    index, known = None, {}
    if index_path.exists() and state_path.exists():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        known = state.get("units", {})
        # the known units must lead the current ones, unchanged and in the same order
        prefix = order[: len(known)] == list(known)
        fresh = all(digests.get(uid) == digest for uid, digest in known.items())
        if prefix and fresh and state.get("config") == settings:
            try:
                index = StoryIndex.load(index_path, config)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                index = None  # unreadable: rebuilt
            # written by another run than the state (one killed between the two): rebuilt
            if index is not None and index.ids != list(known):
                index = None
    if index is None:
        index, known = StoryIndex(config), {}
    # one call: the term weights are refreshed (and every edge found) once, not at each batch
    fresh_units = itertools.chain.from_iterable(units([u for u in order if u not in known]))
    index.add(fresh_units, progress, reuse)
    # each file written whole beside its place, then moved there: a run killed while writing
    # leaves the older file (which the unit ids checked above tell apart from the state)
    saving = index_path.with_name(index_path.name + ".tmp.npz")
    index.save(saving)
    os.replace(saving, index_path)
    if between is not None:
        between()
    state = {"config": settings, "units": digests}
    writing = state_path.with_name(state_path.name + ".tmp")
    writing.write_text(json.dumps(state), encoding="utf-8")
    os.replace(writing, state_path)
    return [[u for u in story if u in digests] for story in index.stories()]
