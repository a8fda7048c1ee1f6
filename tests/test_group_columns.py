"""Copy groups and copy pairs on columns: the same groups as the rule written plainly, the
same pairs and report JSON as the model's objects, documents read back by key."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pytest

from wiretrace.config import GroupConfig
from wiretrace.group import group_copies
from wiretrace.group.copies import DocInfo
from wiretrace.group.pairs import CopyPairs
from wiretrace.model import AlignedPassage, CopyGroup, CopyPair, Document, Member
from wiretrace.write.report import dumps_item


def plain_groups(
    docs: list[DocInfo], pairs: list[CopyPair], config: GroupConfig
) -> list[CopyGroup]:
    """The grouping rule as dictionaries and sorting, one document at a time (the reference)."""
    inside = {}
    linked: dict[str, list[str]] = {}
    for p in pairs:
        inside[(p.a, p.b)], inside[(p.b, p.a)] = p.containment_a, p.containment_b
        linked.setdefault(p.a, []).append(p.b)
        linked.setdefault(p.b, []).append(p.a)
    members: dict[str, list[str]] = {}
    for doc in sorted(docs, key=lambda d: (-d.words, d.published or "9999", d.id)):
        options = [
            (inside[(doc.id, o)], o)
            for o in linked.get(doc.id, [])
            if o in members and inside[(doc.id, o)] >= config.min_coverage
        ]
        if options:
            members[max(options)[1]].append(doc.id)
        else:
            members[doc.id] = [doc.id]
    credits = {d.id: d.credit for d in docs}
    return [
        CopyGroup(
            id=f"g-{source}",
            source=source,
            members=[Member(d, 1.0 if d == source else round(inside[(source, d)], 4)) for d in ids],
            credit=credits[source] or next((credits[d] for d in ids if credits[d]), None),
        )
        for source, ids in members.items()
    ]


def random_documents(rng: random.Random, count: int) -> tuple[list[DocInfo], list[CopyPair]]:
    """Documents with tied lengths and dates, and pairs with tied and borderline shares."""
    docs = [
        DocInfo(
            id=f"d{rng.randrange(10**6)}-{n}",
            words=rng.choice([50, 100, 100, 200, 400]),
            published=rng.choice([None, "2024-01-02", "2024-01-01", "2023-12-31"]),
            credit=rng.choice([None, None, "", "Wire"]),
        )
        for n in range(count)
    ]
    shares = [0.3, 0.59, 0.6, 0.6, 0.8, 0.8, 1.0, 0.123456]
    pairs = []
    for _ in range(count * 3 if count > 1 else 0):
        x, y = sorted(rng.sample(range(count), 2))
        pairs.append(
            CopyPair(docs[x].id, docs[y].id, rng.choice(shares), rng.choice(shares), 0.5, [])
        )
    unique = {(p.a, p.b): p for p in pairs}
    return docs, list(unique.values())


@pytest.mark.parametrize("seed", range(20))
def test_groups_on_columns_follow_the_plain_rule(seed: int) -> None:
    """Random graphs with ties in length, date and share, and shares at the threshold: the
    groups, their members' order and coverage, and their credit are the plain rule's."""
    rng = random.Random(seed)
    docs, pairs = random_documents(rng, rng.choice([1, 5, 40, 200]))
    config = GroupConfig()
    assert group_copies(docs, pairs, config) == plain_groups(docs, pairs, config)


def test_groups_leave_out_pairs_of_unknown_documents() -> None:
    """A pair naming a document not given joins nothing."""
    docs = [DocInfo("a", 100, None, None), DocInfo("b", 50, None, None)]
    pairs = [CopyPair("a", "b", 0.5, 0.9, 0.5), CopyPair("b", "zz", 0.1, 1.0, 0.1)]
    groups = group_copies(docs, pairs)
    assert [(g.source, [m.doc for m in g.members]) for g in groups] == [("a", ["a", "b"])]
    assert groups[0].members[1].coverage == 0.5


def pair_table(pairs: list[tuple[int, int, float, float, float, str]]) -> pa.Table:
    """A store's pair table from rows."""
    names = ["a", "b", "containment_a", "containment_b", "jaccard", "passages"]
    return pa.table({n: [row[i] for row in pairs] for i, n in enumerate(names)})


def test_copy_pairs_are_the_model_pairs() -> None:
    """Columns from the store's tables give back the pairs, their report JSON byte for byte,
    and leave out a pair whose document is gone."""
    docs = pa.table({"key": [2, 5, 9], "id": ["x", "y", "z"]})
    rows = [
        (2, 5, 0.25, 1.0, 0.2, "[[0,1,0.951],[2,3,1.0]]"),
        (2, 7, 1.0, 1.0, 1.0, "[]"),  # key 7 is not stored
        (5, 9, 0.123456789, 0.5, 0.1, "[[4,0,0.7]]"),
    ]
    pairs = CopyPairs.from_tables(docs, pair_table(rows))
    expected = [
        CopyPair(
            "x", "y", 0.25, 1.0, 0.2, [AlignedPassage(0, 1, 0.951), AlignedPassage(2, 3, 1.0)]
        ),
        CopyPair("y", "z", 0.123456789, 0.5, 0.1, [AlignedPassage(4, 0, 0.7)]),
    ]
    assert len(pairs) == 2
    assert pairs.objects() == expected
    items = list(pairs.report_items(chunk=1))
    assert [(a, b) for a, b, _ in items] == [("x", "y"), ("y", "z")]
    assert [data for _, _, data in items] == [dumps_item(p) for p in expected]
    assert orjson.loads(items[0][2])["passages"][0] == {"a": 0, "b": 1, "score": 0.951}
    assert pairs.tuples(np.array([1]))[0][:2] == ("y", "z")


def test_documents_are_read_back_by_key(tmp_path: Path) -> None:
    """`json_by_keys` finds documents by key, missing keys left out."""
    from wiretrace.store import Store

    with Store(tmp_path / "s.duckdb") as store:
        for n in range(7):
            store.con.execute(
                "INSERT INTO documents (id, fingerprint, words, sampled, data) "
                "VALUES (?, '', 1, 0, ?)",
                [
                    f"doc{n}",
                    orjson.dumps(
                        Document(id=f"doc{n}", source="s", body=f"text {n}").to_dict()
                    ).decode(),
                ],
            )
        keys = store.keys([f"doc{n}" for n in range(7)])
        found = store.json_by_keys([keys["doc1"], keys["doc4"], keys["doc6"], 999])
    assert sorted(found) == ["doc1", "doc4", "doc6"]
    assert orjson.loads(found["doc4"])["body"] == "text 4"
