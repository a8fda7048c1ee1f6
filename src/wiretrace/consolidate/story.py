"""A story made whole: its headline, span, outlets, entities and account, from its copy
groups, their documents and the copy pairs between them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wiretrace.consolidate.account import story_account
from wiretrace.consolidate.disagree import facts_and_disagreements
from wiretrace.consolidate.entities import main_entities, story_names
from wiretrace.consolidate.quotes import story_quotes
from wiretrace.model import CopyPair, Document, Story


def make_story(
    story_id: str,
    groups: Sequence[Any],
    documents: dict[str, Document],
    pairs: dict[tuple[str, str], CopyPair],
) -> Story:
    """A story from its copy groups: headline of the largest group, span, outlets, entities,
    account, quotes, facts and where they disagree."""
    doc_ids = [m.doc for g in groups for m in g.members]
    lead = max(groups, key=lambda g: (len(g.members), -groups.index(g)))
    dates = sorted(d for d in (documents[i].published for i in doc_ids) if d)
    outlets = sorted({o for o in (documents[i].outlet for i in doc_ids) if o})
    titled = [
        [(documents[m.doc].title or "", documents[m.doc].body) for m in g.members] for g in groups
    ]
    spelled = None  # a lone document has nothing to disagree with: no body's names needed
    if len(doc_ids) == 1:
        entities = main_entities([[f"{t}. {b}" for t, b in group] for group in titled])
    else:
        entities, spelled = story_names(titled)
    facts, disagreements = facts_and_disagreements(
        [documents[i] for i in doc_ids], entities, spelled
    )
    return Story(
        id=story_id,
        title=documents[lead.source].title,
        documents=doc_ids,
        copy_groups=[g.id for g in groups],
        outlets=outlets,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        entities=entities,
        account=story_account(groups, documents, pairs),
        quotes=story_quotes([(i, documents[i].quotes) for i in doc_ids]),
        facts=facts,
        disagreements=disagreements,
    )


def warm() -> None:
    """Load every compiled pass of consolidation now (from the disk cache, or compile it): a
    process that forks workers afterwards hands them ready code instead of each loading it."""
    from wiretrace.consolidate.quotes import quotes
    from wiretrace.model import CopyGroup, Member

    said = "Mayor Ann Lee said on Monday that 12 new cranes would arrive. “We are ready,” she said."
    bodies = {"a": f"{said}\n\nThe port had 40 cranes in 2020.", "b": f"Lead.\n\n{said}"}
    documents = {
        doc: Document(id=doc, source=doc, body=body, quotes=quotes(body))
        for doc, body in bodies.items()
    }
    groups = [CopyGroup(id=doc, source=doc, members=[Member(doc, 1.0)]) for doc in bodies]
    make_story("s0", groups, documents, {})
