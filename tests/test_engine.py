"""The local engine and its DuckDB store: incremental runs, resumption, bad pages, the example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pytest

from conftest import EXAMPLES
from wiretrace.config import Settings, StoryConfig
from wiretrace.engines import local
from wiretrace.engines.local import assemble as local_assemble
from wiretrace.engines.local import match as local_match
from wiretrace.engines.local import report as local_report
from wiretrace.engines.local.ingest import ingest
from wiretrace.progress import Progress
from wiretrace.store import Store
from wiretrace.store.postings import postings_dir
from wiretrace.stories import StoryUnit
from wiretrace.stories.features import term_rows

EXPECTED = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))


def copy_groups(report: dict) -> list[list[str]]:
    """Copy groups with two or more members, as sorted id lists."""
    groups = [sorted(m["doc"] for m in g["members"]) for g in report["copy_groups"]]
    return sorted(g for g in groups if len(g) > 1)


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> local.RunResult:
    """One run over the bundled example corpus."""
    db = tmp_path_factory.mktemp("example") / "store.duckdb"
    return local.run([EXAMPLES], db, Settings(workers=2))


def test_example_copy_groups_and_stories(example_run: local.RunResult) -> None:
    report = example_run.report
    assert copy_groups(report) == sorted(sorted(g) for g in EXPECTED["copy_groups"])
    stories = sorted(sorted(s["documents"]) for s in report["stories"])
    assert stories == sorted(sorted(s) for s in EXPECTED["stories"])


def test_example_documents(example_run: local.RunResult) -> None:
    docs = {d["id"]: d for d in example_run.report["documents"]}
    assert set(docs) == set(EXPECTED["documents"])
    for doc_id, expected in EXPECTED["documents"].items():
        doc = docs[doc_id]
        body = " ".join(doc["body"].split())
        assert doc["title"] == expected["title"], doc_id
        assert doc["credit"] == expected["credit"], doc_id
        for line in expected["body_must_contain"]:
            assert " ".join(line.split()) in body, (doc_id, line)
        for line in expected["must_not_contain"]:
            assert " ".join(line.split()) not in body, (doc_id, line)


def test_report_contract(example_run: local.RunResult) -> None:
    report = example_run.report
    ids = {d["id"] for d in report["documents"]}
    for doc in report["documents"]:
        assert {
            "id",
            "source",
            "outlet",
            "title",
            "published",
            "credit",
            "language",
            "body",
        } <= set(doc)
        assert all(set(r) == {"text", "reason"} for r in doc["removed"])
    for pair in report["copy_pairs"]:
        assert pair["a"] in ids and pair["b"] in ids and pair["a"] != pair["b"]
        for key in ("containment_a", "containment_b", "jaccard"):
            assert 0.0 <= pair[key] <= 1.0
    members = [m["doc"] for g in report["copy_groups"] for m in g["members"]]
    assert sorted(members) == sorted(ids)  # every document in exactly one copy group
    in_stories = [d for s in report["stories"] for d in s["documents"]]
    assert sorted(in_stories) == sorted(ids)  # and in exactly one story
    group_ids = {g["id"] for g in report["copy_groups"]}
    assert {g for s in report["stories"] for g in s["copy_groups"]} == group_ids
    for story in report["stories"]:
        assert story["account"], story["id"]
        for passage in story["account"]:
            assert passage["source_doc"] in story["documents"]
            assert set(passage["carried_by"]) <= set(story["documents"])


def test_rerun_changes_nothing_and_more_input_adds(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    pages = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".txt")
    for page in pages[:3]:
        shutil.copy(page, first)
    for page in pages[3:]:
        shutil.copy(page, second)
    db = tmp_path / "store.duckdb"
    one = local.run([first], db, Settings(workers=1))
    assert one.added == 3
    again = local.run([first], db, Settings(workers=1))
    assert (again.added, again.unchanged) == (0, 3)
    strip = {"wiretrace"}
    assert {k: v for k, v in again.report.items() if k not in strip} == {
        k: v for k, v in one.report.items() if k not in strip
    }
    both = local.run([first, second], db, Settings(workers=1))
    assert both.added == len(pages) - 3 and both.unchanged == 3
    fresh = local.run([first, second], tmp_path / "fresh.duckdb", Settings(workers=1))
    assert copy_groups(both.report) == copy_groups(fresh.report)
    assert both.report["copy_pairs"] == fresh.report["copy_pairs"]
    # the story index grown over two runs gives the stories of one batch, in the same order
    assert (db.with_suffix(".stories.npz")).exists()
    grown = [s["documents"] for s in both.report["stories"]]
    assert grown == [s["documents"] for s in fresh.report["stories"]]


def test_changed_page_replaces_the_stored_one(tmp_path: Path) -> None:
    page = tmp_path / "in" / "story.txt"
    page.parent.mkdir()
    page.write_text(EXAMPLES.joinpath("southland-sports-cup-final.txt").read_text())
    db = tmp_path / "store.duckdb"
    local.run([page.parent], db, Settings(workers=1))
    page.write_text("Short replacement\n\nThe match was postponed because of snow on the pitch.")
    result = local.run([page.parent], db, Settings(workers=1))
    assert result.replaced == 1 and result.added == 0
    (doc,) = result.report["documents"]
    assert "postponed because of snow" in doc["body"]


def test_interrupted_matching_is_finished_by_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest(store, [EXAMPLES], Settings(workers=1), local.Progress())
        assert len(store.unmatched()) == len(EXPECTED["documents"])  # stopped before matching
    result = local.run([EXAMPLES], db, Settings(workers=1))
    assert result.unchanged == len(EXPECTED["documents"])
    assert copy_groups(result.report) == sorted(sorted(g) for g in EXPECTED["copy_groups"])


def test_bad_pages_are_recorded_and_others_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "southland-sports-cup-final.txt", folder)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "empty.html").write_text("")
    (folder / "broken.jsonl").write_text('{"id": "x", "text": "unterminated\n')
    result = local.run([folder], tmp_path / "store.duckdb", Settings(workers=1))
    assert [d["id"] for d in result.report["documents"]] == ["southland-sports-cup-final"]
    inputs = sorted(Path(p["input"].split(":")[0]).name for p in result.report["problems"])
    assert inputs == ["binary.txt", "broken.jsonl", "empty.html"]


def test_site_furniture_is_cut_across_pages_and_runs(tmp_path: Path) -> None:
    notice = (
        "The Brelle Herald is an independent local paper founded in 1921 by the Moreau family, "
        "serving the harbour towns of the western coast."
    )
    shared_wire = " ".join(f"wire{i}" for i in range(60)) + "."
    lines = []
    for i in range(5):
        own = " ".join(f"topic{i}word{j}" for j in range(60)) + "."
        body = "\n\n".join([own, shared_wire if i == 0 else own.replace("word", "term"), notice])
        record = {"id": f"herald-{i}", "url": f"https://www.brelle-herald.test/{i}", "text": body}
        lines.append(json.dumps(record))
    other = {"id": "gazette-0", "url": "https://gazette.test/0", "text": shared_wire}
    lines.append(json.dumps(other))
    (tmp_path / "pages.jsonl").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    first = local.run([tmp_path / "pages.jsonl"], db, Settings(workers=1)).report
    docs = {d["id"]: d for d in first["documents"]}
    for i in range(5):
        herald = docs[f"herald-{i}"]
        assert notice not in herald["body"]
        assert [r["text"] for r in herald["removed"] if r["reason"] == "repeated-on-site"] == [
            notice
        ]
    assert shared_wire in docs["herald-0"]["body"]  # carried by another outlet: article text
    second = local.run([tmp_path / "pages.jsonl"], db, Settings(workers=1)).report
    assert second["documents"] == first["documents"]


def test_stories_name_their_entities(example_run: local.RunResult) -> None:
    for story in example_run.report["stories"]:
        assert story["entities"], story["id"]
    dam = next(
        s for s in example_run.report["stories"] if "tarnvik-dam-breach-wireroom" in s["documents"]
    )
    assert "Tarnvik" in dam["entities"]


def test_story_index_grows_by_new_units_and_rebuilds_after_a_change(tmp_path: Path) -> None:
    from wiretrace.store.stories import grow_stories
    from wiretrace.stories import StoryUnit, cluster_stories

    def unit(i: int, text: str) -> StoryUnit:
        return StoryUnit(f"u{i}", f"Title {text}", f"{text} body words here {i}", "2025-01-01")

    read: list[str] = []

    def grow(units: list[StoryUnit]) -> list[list[str]]:
        """grow_stories over units given whole, noting which ones it had to read."""
        by_id = {u.id: u for u in units}
        digests = {u.id: f"{u.title}|{u.body}|{u.published}" for u in units}
        read.clear()

        def fetch(wanted: list[str]) -> list[list[StoryUnit]]:
            read.extend(wanted)
            return [[by_id[w] for w in wanted[i : i + 2]] for i in range(0, len(wanted), 2)]

        return grow_stories(db, digests, fetch, config)

    topics = ["harbour strike cranes", "dam breach flood", "glowing shark trench"]
    units = [unit(i, topics[i % 3]) for i in range(9)]
    db = tmp_path / "s.duckdb"
    config = StoryConfig()
    assert grow(units[:5]) == cluster_stories(units[:5], config)
    state = json.loads(db.with_suffix(".stories.json").read_text())
    assert list(state["units"]) == [u.id for u in units[:5]]
    assert grow(units) == cluster_stories(units, config)
    assert read == [u.id for u in units[5:]]  # only the new units were read
    changed = [*units[:2], unit(2, "bread festival prize"), *units[3:]]
    assert grow(changed) == cluster_stories(changed, config)
    assert len(read) == len(changed)  # a changed unit: rebuilt from all
    assert grow(units[1:]) == cluster_stories(units[1:], config)


def test_streamed_run_with_worker_stories_equals_the_in_memory_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stories consolidated on workers, in small batches, and streamed: the same report."""
    monkeypatch.setattr(local_assemble, "STORY_BATCH", 2)
    streamed = local.run([EXAMPLES], tmp_path / "a.duckdb", Settings(workers=2), out=tmp_path)
    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    in_memory = local.run([EXAMPLES], tmp_path / "b.duckdb", Settings(workers=1)).report
    assert written["stories"] == in_memory["stories"]
    assert written["summary"] == in_memory["summary"] == streamed.report["summary"]
    assert [s["id"] for s in streamed.report["stories"]][:1] == [
        max(in_memory["stories"], key=lambda s: len(s["documents"]))["id"]
    ]


@pytest.mark.parametrize("spill_from", [10**9, 0])
def test_streamed_report_is_the_in_memory_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spill_from: int
) -> None:
    """Documents streamed as their stored JSON (credit from their copy group added), stories
    serialised by the workers in batches of a few documents, few batches ahead, ranked from
    outlines, their documents fetched by key or spilled in store order to a few files: the
    in-memory report, item for item; the terminal's largest stories are its largest; no
    spill file is left."""
    monkeypatch.setattr(local_assemble, "STORY_DOCS", 3)
    monkeypatch.setattr(local_assemble, "STORIES_AHEAD", 2)
    monkeypatch.setattr(local_report, "SPILL_FROM", spill_from)
    monkeypatch.setattr(local_report, "SPILL_FILES", 3)
    streamed = local.run([EXAMPLES], tmp_path / "a.duckdb", Settings(workers=2), out=tmp_path)
    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    in_memory = local.run([EXAMPLES], tmp_path / "b.duckdb", Settings(workers=1)).report
    for key in ("summary", "documents", "copy_pairs", "copy_groups", "stories", "problems"):
        assert written[key] == in_memory[key], key
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("wiretrace-spill")) == []
    with Store(tmp_path / "a.duckdb") as store:  # a copy group's credit, to be added
        done = local.assemble_store(store, Settings(), Progress())
        uncredited = [doc.id for doc in store.documents() if not doc.credit]
        done.credit = {doc_id: "Wire Agency" for doc_id in uncredited[::2]}
        items = [orjson.loads(raw.data) for raw in done.document_json()]
        assert items == [doc.to_dict() for doc in done.documents()]
        assert sum(item["credit"] == "Wire Agency" for item in items) == len(done.credit) > 0
    numbered = enumerate(in_memory["stories"])
    largest = sorted(numbered, key=lambda n: (-len(n[1]["documents"]), n[0]))[: local.TOP_STORIES]
    assert streamed.report["stories"] == [story for _, story in largest]


def test_store_bounds_duckdb_memory(tmp_path: Path) -> None:
    """A store caps DuckDB's buffer cache instead of DuckDB's 80%-of-memory default."""
    from wiretrace.config import STORE_MEMORY_LIMIT
    from wiretrace.store import Store

    store = Store(tmp_path / "s.duckdb")
    (limit,) = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
    store.close()
    assert STORE_MEMORY_LIMIT == "2GB"
    assert limit.endswith("GiB") and float(limit.split()[0]) < 2.0  # 2 GB is 1.8 GiB


def test_store_lean_lowers_the_cache_for_a_while(tmp_path: Path) -> None:
    """`lean` caps DuckDB's cache lower inside the block and gives the cap back after, even
    when the block fails."""
    from wiretrace.store import Store

    def limit(store: Store) -> float:
        (value,) = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
        number, unit = value.split()
        return float(number) * {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30}[unit]

    with Store(tmp_path / "s.duckdb") as store:
        before = limit(store)
        with store.lean("64MB"):
            assert limit(store) < 65e6 < before
        assert limit(store) == before
        with pytest.raises(RuntimeError), store.lean("64MB"):
            raise RuntimeError("stories failed")
        assert limit(store) == before


def test_a_checkpoint_behind_lets_reads_through_and_leaves_no_log(tmp_path: Path) -> None:
    """`settle_behind` folds the log into the file on a thread while the store is read; a
    write meanwhile still lands, and the closed store keeps everything without a log."""
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.con.execute("CREATE TABLE t (k BIGINT, d VARCHAR)")
        for part in range(4):
            store.con.execute(
                "INSERT INTO t SELECT range, repeat(md5(range::VARCHAR), 40) FROM range(?, ?)",
                [part * 20_000, (part + 1) * 20_000],
            )
        wal = db.with_name(db.name + ".wal")
        assert wal.stat().st_size > 10_000_000  # the inserts are in the log, not the file
        store.settle_behind()
        assert store.con.execute("SELECT count(*) FROM t").fetchone() == (80_000,)
        store.con.execute("INSERT INTO t VALUES (-1, 'late')")
        assert store._settling is not None
        store._settling.join()
        assert not wal.exists() or wal.stat().st_size < 1_000_000  # folded before closing
    assert not wal.exists()
    with Store(db) as store:
        assert store.con.execute("SELECT count(*), min(k) FROM t").fetchone() == (80_001, -1)


def test_query_postings_are_written_beside_the_report(tmp_path: Path) -> None:
    """A run writes the query postings on a thread of its own over a reader of the store:
    they are current when the run returns, the reader's closing leaves the store open, and
    a failure writing them reaches the caller."""
    db = tmp_path / "s.duckdb"
    local.run([EXAMPLES], db, Settings(workers=1), Progress(), out=tmp_path / "out")
    with Store(db) as store:
        assert store.postings_current()
        reader = store.reader()
        assert reader.con is not store.con
        assert reader.sample_count() == store.sample_count() > 0
        reader.close()
        assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
        shutil.rmtree(postings_dir(db))
        assert not store.postings_current()
        local_match.Indexing(store, Progress()).join()
        assert store.postings_current()
        shutil.rmtree(postings_dir(db))
        postings_dir(db).with_name(postings_dir(db).name + ".tmp").write_text("in the way")
        with pytest.raises(OSError):  # the build's own folder cannot be made: a file is there
            local_match.Indexing(store, Progress()).join()


def test_stories_from_stored_terms_equal_stories_from_text(tmp_path: Path) -> None:
    """Story terms made while pages are extracted are the terms the stories stage would make
    from the text: a store made by copy detection alone (no terms) gives the same report."""
    with_terms = local.run([EXAMPLES], tmp_path / "a.duckdb", Settings(workers=1), Progress())
    local.detect_copies([EXAMPLES], tmp_path / "b.duckdb", Settings(workers=1))
    with Store(tmp_path / "b.duckdb") as store:
        stored = store.con.execute("SELECT count(terms) FROM documents").fetchone()
    assert stored == (0,)  # copy detection alone makes no terms
    from_text = local.run([EXAMPLES], tmp_path / "b.duckdb", Settings(workers=1), Progress())
    assert from_text.report["stories"] == with_terms.report["stories"]
    assert len(with_terms.report["stories"]) >= 3
    with Store(tmp_path / "a.duckdb") as store:
        ids = [d["id"] for d in with_terms.report["documents"]]
        terms = store.terms_by_id(ids)
        docs = store.documents_by_id(ids)
    assert terms.keys() == set(ids)
    for doc_id, columns in terms.items():
        unit = StoryUnit(doc_id, docs[doc_id].title or "", docs[doc_id].body, None)
        assert columns.tolist() == term_rows([unit]).indices.tolist()


def test_progress_reports_every_stage_with_the_story_links(tmp_path: Path) -> None:
    """Every long stage starts, advances and ends on the progress callbacks; the search for
    story links advances by units until all are done."""
    events: list[tuple[str, str, int | None]] = []
    progress = Progress(
        start=lambda name, total: events.append(("start", name, total)),
        advance=lambda name, n: events.append(("advance", name, n)),
        done=lambda name: events.append(("done", name, None)),
    )
    local.run([EXAMPLES], tmp_path / "s.duckdb", Settings(workers=1), progress)
    started = {name: total for kind, name, total in events if kind == "start"}
    assert {"extract", "verify", "stories", "links"} <= started.keys()
    finished = [name for kind, name, _ in events if kind == "done"]
    assert sorted(finished) == sorted(name for kind, name, _ in events if kind == "start")
    linked = sum(n for kind, name, n in events if kind == "advance" and name == "links")
    assert linked == started["links"] == started["stories"] >= 5


@pytest.mark.parametrize("count", [0, 5, 256, 600])
def test_counted_passes_items_and_advances_by_all_of_them(count: int) -> None:
    """Items pass unchanged and in order; the stage advances by their number in all, a few
    updates rather than one an item."""
    steps: list[tuple[str, int]] = []
    heard = Progress(advance=lambda name, n: steps.append((name, n)))
    items = list(local.counted(iter(range(count)), heard, "report", every=256))
    assert items == list(range(count))
    assert {name for name, _ in steps} <= {"report"}
    assert sum(n for _, n in steps) == count
    assert len(steps) == -(-count // 256)


def test_story_spill_gives_back_each_batch_in_order(tmp_path: Path) -> None:
    """Documents added in any batch order come back batch by batch, each batch's own, bytes
    unchanged (any id, any JSON bytes), empty batches included; read before closing fails."""
    from wiretrace.engines.local.spill import StorySpill

    spill = StorySpill(tmp_path, batches=7, per_file=3)
    added = [(5, "d1", b'{"x":1}'), (0, "d2", b"\x00\xff"), (5, "d\u00e9", b""), (2, "d4", b"{}")]
    for batch, doc_id, data in added:
        spill.add(batch, doc_id, data)
    with pytest.raises(RuntimeError):
        next(spill.read())
    spill.close()
    batches = list(spill.read())
    assert len(batches) == 7
    assert batches[0] == {"d2": b"\x00\xff"}
    assert batches[2] == {"d4": b"{}"}
    assert batches[5] == {"d1": b'{"x":1}', "d\u00e9": b""}
    assert [len(b) for b in batches] == [1, 0, 1, 0, 0, 2, 0]
    assert list(tmp_path.iterdir()) == []  # each file removed once read


def test_a_page_of_another_source_replacing_a_stored_one_is_a_problem(tmp_path: Path) -> None:
    """A later run's page whose id a stored page has, read from another file, replaces it
    with a problem naming both files; the same file changed replaces it silently."""
    text = "Officials in the harbour town said the ferry line would open in spring. " * 12
    first, second = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    for path, words in ((first, text), (second, text + " A late change.")):
        path.parent.mkdir()
        path.write_text(words, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    settings = Settings(workers=1)
    assert local.detect_copies([first], db, settings) is not None
    first.write_text(text + " Changed in its own file.", encoding="utf-8")
    with Store(db) as store:
        result = local.update(store, [first], settings, Progress())
        assert result.replaced == 1 and result.problem_count == 0 and not result.first_problems
        result = local.update(store, [second], settings, Progress())
        assert result.replaced == 1
        (problem,) = result.first_problems
        assert result.problem_count == 1
        assert problem.input == str(second) and str(first) in problem.reason
        assert store.problems() == [problem]
        assert store.document(store.keys(["story"])["story"]).source == str(second)


def test_quotes_of_a_store_made_by_copy_detection_alone(
    tmp_path: Path, example_report: dict
) -> None:
    """Copy detection alone finds no quotes (no use for them); a later full run over the same
    store reports every document's quotes as a fresh run does."""
    db = tmp_path / "store.duckdb"
    local.detect_copies([EXAMPLES], db, Settings(workers=1))
    report = local.run([EXAMPLES], db, Settings(workers=1)).report
    fresh = {d["id"]: d["quotes"] for d in example_report["documents"]}
    assert {d["id"]: d["quotes"] for d in report["documents"]} == fresh
    assert any(fresh.values())
