"""One account per story (issue 18): passages of different copy groups that say the same
thing merged, in story order, each with its sources; nothing repeated."""

from __future__ import annotations

from wiretrace.consolidate.account import signature, story_account
from wiretrace.model import CopyGroup, Document, Member, passages

FIELDS = {"text", "source_doc", "passage", "copy_group", "carried_by"}


def stood_for(entry: dict) -> list[tuple[str, int]]:
    """The source passages an account entry stands for."""
    sources = entry.get("sources") or [{"doc": entry["source_doc"], "passage": entry["passage"]}]
    return [(s["doc"], s["passage"]) for s in sources]


def check_once(report: dict) -> None:
    """Every group source's passage is in its story's account exactly once."""
    bodies = {d["id"]: d["body"] for d in report["documents"]}
    groups = {g["id"]: g for g in report["copy_groups"]}
    for story in report["stories"]:
        listed = [p for entry in story["account"] for p in stood_for(entry)]
        assert len(listed) == len(set(listed))
        wanted = {
            (groups[g]["source"], n)
            for g in story["copy_groups"]
            for n in range(len(passages(bodies[groups[g]["source"]])))
        }
        assert set(listed) == wanted
        for entry in story["account"]:
            assert set(entry) >= FIELDS
            assert entry["source_doc"] in entry["carried_by"]


def test_seed_account_merges_the_quote_and_repeats_nothing(seed_report: dict) -> None:
    check_once(seed_report)
    (story,) = seed_report["stories"]
    quote = next(e for e in story["account"] if "breakthrough document" in e["text"])
    assert {s["doc"] for s in quote["sources"]} >= {
        "004_dfca311f56d9f9bf",
        "002_04b896e25c4c13b0",
    }
    assert quote["sources"][0]["doc"] == quote["source_doc"]
    # fewer entries than the groups' passages one after another (31 + 13 + 9)
    assert len(story["account"]) < 53
    # the first group's passages keep their order
    first = [e["passage"] for e in story["account"] if e["copy_group"] == story["copy_groups"][0]]
    assert first == sorted(first)


def test_example_accounts_repeat_nothing(example_report: dict) -> None:
    check_once(example_report)


def test_a_lone_group_reads_as_before() -> None:
    doc = Document(id="a", source="a", body="One two three.\n\nFour five six.")
    group = CopyGroup(id="g", source="a", members=[Member("a", 1.0)])
    assert story_account([group], {"a": doc}, {}) == [
        {
            "text": "One two three.",
            "source_doc": "a",
            "passage": 0,
            "copy_group": "g",
            "carried_by": ["a"],
        },
        {
            "text": "Four five six.",
            "source_doc": "a",
            "passage": 1,
            "copy_group": "g",
            "carried_by": ["a"],
        },
    ]


def test_same_passage_of_another_group_is_merged_in_order() -> None:
    first = Document(
        id="a",
        source="a",
        body="Opening words here.\n\nThe harbour authority announced 12 new cranes for "
        "terminal 4 next spring.\n\nClosing words.",
    )
    second = Document(
        id="b",
        source="b",
        body="Own lead of another outlet.\n\n12 new cranes for terminal 4 next spring, "
        "the harbour authority announced.\n\nOwn ending of the other outlet.",
    )
    groups = [
        CopyGroup(id="ga", source="a", members=[Member("a", 1.0)]),
        CopyGroup(id="gb", source="b", members=[Member("b", 1.0)]),
    ]
    account = story_account(groups, {"a": first, "b": second}, {})
    assert [(e["source_doc"], e["passage"]) for e in account] == [
        ("a", 0),
        ("a", 1),
        ("b", 0),
        ("b", 2),
        ("a", 2),
    ]
    assert [(s["doc"], s["passage"]) for s in account[1]["sources"]] == [("a", 1), ("b", 1)]


def test_signature_ties_go_by_the_word_not_hash_order() -> None:
    words = frozenset(["delta", "alpha", "gamma", "bravo", "echo", "kilo", "charlie", "zulu"])
    assert signature(words) == ["zulu", "alpha", "bravo", "delta", "gamma", "charlie"]
    assert signature(words) == sorted(sorted(words), key=len)[-6:]


def test_the_account_is_the_same_whatever_the_hash_seed() -> None:
    """A story whose short passages match two earlier entries equally well: which one wins
    must not depend on string hashing (PYTHONHASHSEED), or two runs write different reports."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json\n"
        "from wiretrace.consolidate.account import story_account\n"
        "from wiretrace.model import CopyGroup, Document, Member\n"
        "bodies = {\n"
        "    'a': 'Crews said: “Alpha bravo charlie delta echo golf.”',\n"
        "    'b': 'Port said: “Bravo charlie delta echo foxtrot hotel.”',\n"
        "    'c': '“Alpha bravo charlie delta echo foxtrot.”',\n"
        "}\n"
        "docs = {k: Document(id=k, source=k, body=v) for k, v in bodies.items()}\n"
        "groups = [CopyGroup(id='g' + k, source=k, members=[Member(k, 1.0)]) for k in bodies]\n"
        "print(json.dumps(story_account(groups, docs, {})))\n"
    )
    outputs = set()
    for seed in map(str, range(12)):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())  # an account was written
