"""The scale benchmark: a deterministic, streaming corpus generator whose copies carry their
source's text and whose reworded pages carry none, and a tiny end-to-end run."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from benchmarks.scale import Generator, Library, command, generate, iter_pages

VOCAB = [f"{a}{b}{c}" for a in "bcdfgklmprt" for b in "aeiou" for c in "nrstlpdkmz"]


def invented_article(rng: random.Random, number: int) -> dict[str, str]:
    """An invented article of eight paragraphs of three sentences."""
    paragraphs = []
    for _ in range(8):
        sentences = []
        for _ in range(3):
            text = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(9, 16)))
            sentences.append(text[0].upper() + text[1:] + ".")
        paragraphs.append(" ".join(sentences))
    return {
        "id": f"a{number}",
        "text": "\n\n".join(paragraphs),
        "title": " ".join(rng.choice(VOCAB) for _ in range(7)).title(),
        "outlet": f"Outlet {number % 7}",
        "date": f"2020-03-{1 + number % 28:02d}" if number % 5 else "",
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Sixty invented articles as a JSONL corpus."""
    rng = random.Random(7)
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(invented_article(rng, n)) + b"\n" for n in range(60)))
    return path


def make_corpus(corpus: Path, folder: Path, sizes: list[int], seed: int = 0) -> dict[int, Path]:
    """Generate the corpus files of some sizes into a folder."""
    folder.mkdir()
    paths = {size: folder / f"pages-{size}.jsonl" for size in sizes}
    library = Library.build(corpus, folder)
    generate(Generator(library, seed), paths)
    library.close()
    return paths


def grams(text: str, k: int = 8) -> set[tuple[str, ...]]:
    """Word k-grams of a text."""
    words = text.lower().split()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def test_generation_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    """A seed gives the same files; the smaller size is the start of the larger one."""
    first = make_corpus(corpus, tmp_path / "one", [200, 1000])
    again = make_corpus(corpus, tmp_path / "two", [200, 1000])
    other = make_corpus(corpus, tmp_path / "three", [1000], seed=1)
    assert first[1000].read_bytes() == again[1000].read_bytes()
    assert first[1000].read_bytes() != other[1000].read_bytes()
    small = first[200].read_bytes().splitlines()
    assert small == first[1000].read_bytes().splitlines()[:200]
    for size, path in first.items():
        records = list(iter_pages(path))
        assert len(records) == size
        assert len({r["id"] for r in records}) == size
        assert all(r["text"].strip() and r["published"] for r in records)
    kinds = {r["kind"] for r in iter_pages(first[1000])}
    assert kinds == {"original", "copy", "reworded"}


def test_generation_streams(corpus: Path, tmp_path: Path) -> None:
    """The generator's memory does not grow with the number of pages."""
    peaks = {}
    for size in (200, 2000):
        folder = tmp_path / f"s{size}"
        folder.mkdir()
        library = Library.build(corpus, folder)
        generator = Generator(library, 0)
        tracemalloc.start()
        generate(generator, {size: folder / "pages.jsonl"})
        peaks[size] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        library.close()
    assert peaks[2000] < peaks[200] + 512 * 1024


def test_copies_carry_their_source(corpus: Path, tmp_path: Path) -> None:
    """Copies share long passages with their source page; reworded pages share none with
    any original."""
    path = make_corpus(corpus, tmp_path / "c", [1000])[1000]
    records = {r["id"]: r for r in iter_pages(path)}
    copies = [r for r in records.values() if r["kind"] == "copy"]
    assert len(copies) > 100
    assert {records[c["source"]]["kind"] for c in copies} == {"original", "reworded"}
    carried = []
    for copy in copies:
        source = grams(records[copy["source"]]["text"])
        carried.append(len(source & grams(copy["text"])) / len(source))
    assert sum(share >= 0.25 for share in carried) >= 0.95 * len(copies)
    assert min(carried) >= 0.1  # 35% of the source's words or more, less the word edits
    originals = set().union(
        *(grams(r["text"]) for r in records.values() if r["kind"] == "original")
    )
    reworded = [r for r in records.values() if r["kind"] == "reworded"]
    assert len(reworded) > 100
    for page in reworded:
        own = grams(page["text"])
        assert len(own & originals) <= 0.05 * len(own)


def test_queries_know_their_source(corpus: Path, tmp_path: Path) -> None:
    """Query copies name an original page of the corpus; unrelated queries name none."""
    folder = tmp_path / "q"
    folder.mkdir()
    library = Library.build(corpus, folder)
    generator = Generator(library, 0)
    path = folder / "pages.jsonl"
    generate(generator, {300: path})
    originals = {r["id"] for r in iter_pages(path) if r["kind"] == "original"}
    queries = generator.queries(40, seed=1)
    library.close()
    expected = [q["expect"] for q in queries]
    assert "" in expected
    assert {e for e in expected if e} <= originals


def test_scale_end_to_end(corpus: Path, tmp_path: Path) -> None:
    """A tiny run writes every measurement (about 20 s, most of it the full run's start)."""
    out = tmp_path / "scale.json"
    result = CliRunner().invoke(
        command,
        ["--sizes", "300", "--queries", "5", "--corpus", str(corpus), "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert set(data) == {"settings", "generation", "runs", "copies", "bars"}
    assert data["generation"]["pages"] == 300
    (run,) = data["runs"]
    assert run["size"] == 300 and run["documents"] == 300
    assert run["seconds"] > 0 and run["peak_mb"] > 0 and run["store_mb"] > 0
    copies = data["copies"]
    assert copies["queries"] == 5 and len(copies["latencies_ms"]) == 5
    assert copies["found"] == copies["copies"]
    assert {b["status"] for b in data["bars"]} <= {"not measured", "not measured (only at 300)"}


def test_tree_sampler_sees_a_child_peak_and_keeps_its_own_share_small() -> None:
    """The sampler catches a child's 200 MB and, however long a sample takes, waits at least
    `overhead_ratio` times as long before the next one."""
    import subprocess
    import sys
    import time

    from benchmarks.scale import TreeSampler

    script = (
        "import time; b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
        "time.sleep(1.5)"
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    sampler = TreeSampler(child.pid, interval=0.05, overhead_ratio=20.0)
    child.wait()
    began = time.perf_counter()
    peak_mb = sampler.stop()
    assert time.perf_counter() - began < 2.0  # stopping does not wait out a long pause
    assert peak_mb > 150, peak_mb
    assert sampler.samples >= 2
    assert sampler.busy_s <= 1.5 / 20 + 0.1  # its own share of a core stayed near 1/20
