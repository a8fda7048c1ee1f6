"""Exact all-pairs word 5-gram containment over a whole corpus, and wiretrace scored against it.

Every article becomes a set of word 5-gram hashes (lower-cased `\\w+` tokens of the raw text,
xxh3-64 of the space-joined gram). Containment of a pair is max(|A∩B|/|A|, |A∩B|/|B|).

All pairs with containment >= 0.3 are found exactly, in DuckDB, without the full self-join:

- r(A,B) = shared grams that occur in 2..T documents ("rare", T = `RARE_DF`), found by a
  self-join of the rare grams only; f(X) = grams of X that occur in more than T documents.
- |A∩B| <= r(A,B) + min(f(A), f(B)), so containment >= 0.3 in the direction of X needs
  r(A,B) >= 0.3|X| - f(X). A pair is a candidate when r(A,B) reaches the smaller of the two
  bounds; when a document has 0.3|X| - f(X) <= 0 (none in AllSides at T = 100) it is joined
  on all its grams instead. No pair at or above 0.3 can be missed.
- Every candidate's |A∩B| is then counted exactly over all its grams.

Reported pairs of wiretrace are scored against this: recall of the cross-outlet pairs with
containment >= 0.5, precision where a reported pair below 0.3 counts as false.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import xxhash
from rich.console import Console
from rich.table import Table

from benchmarks.copies_diag import why_missed
from benchmarks.copies_gen import read_corpus, words
from benchmarks.copies_score import stage_timer
from wiretrace.config import Settings

GRAM = 5
LOW = 0.3  # below this a reported pair is false
HIGH = 0.5  # cross-outlet pairs at or above this must be found
RARE_DF = 100  # grams in more documents than this are left out of the candidate join


@dataclass
class Corpus:
    """The corpus as the exact check sees it: ids, outlets, titles and gram hashes."""

    ids: list[str]
    outlets: list[str]
    titles: list[str]
    docs: np.ndarray  # int32 document number of each gram occurrence
    grams: np.ndarray  # uint64 gram hash of each occurrence


def gram_hashes(text: str, k: int = GRAM) -> np.ndarray:
    """Hashes of the word k-grams of a text (empty when it has fewer than k words)."""
    toks = words(text)
    n = len(toks) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    return np.fromiter(
        (xxhash.xxh3_64_intdigest(" ".join(toks[i : i + k]).encode()) for i in range(n)),
        dtype=np.uint64,
        count=n,
    )


def load_corpus(path: str | Path, limit: int | None = None) -> Corpus:
    """Read the corpus and hash every article's grams."""
    ids, outlets, titles, docs, grams = [], [], [], [], []
    for number, art in enumerate(read_corpus(path)):
        if limit is not None and number >= limit:
            break
        ids.append(art.id)
        outlets.append(art.outlet)
        titles.append(art.title)
        hashes = gram_hashes(art.text)
        grams.append(hashes)
        docs.append(np.full(len(hashes), number, dtype=np.int32))
    return Corpus(
        ids,
        outlets,
        titles,
        np.concatenate(docs) if docs else np.zeros(0, np.int32),
        np.concatenate(grams) if grams else np.zeros(0, np.uint64),
    )


_SETUP = """
CREATE OR REPLACE TABLE sh AS SELECT DISTINCT doc, h FROM occurrences;
CREATE OR REPLACE TABLE df AS SELECT h, count(*)::INTEGER AS df FROM sh GROUP BY h;
CREATE OR REPLACE TABLE dn AS
    SELECT s.doc, count(*)::INTEGER AS n,
           count(*) FILTER (WHERE df.df > $rare)::INTEGER AS f
    FROM sh s JOIN df USING (h) GROUP BY s.doc;
CREATE OR REPLACE TABLE need AS
    SELECT doc, n, f, $low * n - f AS need FROM dn;
"""

_RARE_PAIRS = """
CREATE OR REPLACE TABLE rare AS
    SELECT s.doc, s.h FROM sh s JOIN df USING (h) WHERE df.df BETWEEN 2 AND $rare;
CREATE OR REPLACE TABLE cand AS
    WITH rp AS (
        SELECT r1.doc AS a, r2.doc AS b, count(*) AS r
        FROM rare r1 JOIN rare r2 ON r1.h = r2.h AND r1.doc < r2.doc
        GROUP BY ALL
    )
    SELECT rp.a, rp.b FROM rp
    JOIN need na ON na.doc = rp.a JOIN need nb ON nb.doc = rp.b
    WHERE rp.r >= least(na.need, nb.need)
    UNION
    SELECT least(s1.doc, s2.doc), greatest(s1.doc, s2.doc)
    FROM sh s1 JOIN need k ON k.doc = s1.doc AND k.need <= 0
    JOIN sh s2 ON s2.h = s1.h AND s2.doc <> s1.doc;
"""

_COUNT = """
SELECT c.a, c.b, count(*)::INTEGER AS inter, na.n AS n_a, nb.n AS n_b
FROM {pairs} c
JOIN sh s1 ON s1.doc = c.a
JOIN sh s2 ON s2.doc = c.b AND s2.h = s1.h
JOIN dn na ON na.doc = c.a JOIN dn nb ON nb.doc = c.b
GROUP BY c.a, c.b, na.n, nb.n
"""


def exact_pairs(
    con: duckdb.DuckDBPyConnection, corpus: Corpus, rare: int = RARE_DF
) -> tuple[dict[tuple[int, int], tuple[int, int, int]], dict[str, Any]]:
    """(a, b) -> (|A∩B|, |A|, |B|) for every pair with containment >= LOW; and proof stats."""
    con.register("occurrences", pa.table({"doc": corpus.docs, "h": corpus.grams}))
    stats: dict[str, Any] = {}
    start = time.perf_counter()
    con.execute(_SETUP.replace("$rare", str(rare)).replace("$low", str(LOW)))
    stats["distinct_doc_grams"] = con.execute("SELECT count(*) FROM sh").fetchone()[0]
    stats["grams_over_rare_df"] = con.execute(
        f"SELECT count(*) FROM df WHERE df > {rare}"
    ).fetchone()[0]
    stats["max_share_of_frequent_grams"] = round(
        con.execute("SELECT coalesce(max(f / n), 0) FROM dn").fetchone()[0], 4
    )
    stats["docs_joined_on_all_grams"] = con.execute(
        "SELECT count(*) FROM need WHERE need <= 0"
    ).fetchone()[0]
    con.execute(_RARE_PAIRS.replace("$rare", str(rare)))
    stats["candidates"] = con.execute("SELECT count(*) FROM cand").fetchone()[0]
    rows = con.execute(_COUNT.format(pairs="cand")).fetchall()
    out = {}
    for a, b, inter, n_a, n_b in rows:
        if inter >= LOW * min(n_a, n_b):
            out[(a, b)] = (inter, n_a, n_b)
    stats["pairs_at_or_above_low"] = len(out)
    stats["seconds"] = round(time.perf_counter() - start, 1)
    return out, stats


def count_pairs(
    con: duckdb.DuckDBPyConnection, pairs: list[tuple[int, int]]
) -> dict[tuple[int, int], tuple[int, int, int]]:
    """Exact (|A∩B|, |A|, |B|) of given pairs (0 shared when they share no gram)."""
    if not pairs:
        return {}
    con.register("asked", pa.table({"a": [min(p) for p in pairs], "b": [max(p) for p in pairs]}))
    rows = con.execute(_COUNT.format(pairs="asked")).fetchall()
    found = {(a, b): (inter, n_a, n_b) for a, b, inter, n_a, n_b in rows}
    sizes = dict(con.execute("SELECT doc, n FROM dn").fetchall())
    for a, b in pairs:
        key = (min(a, b), max(a, b))
        found.setdefault(key, (0, sizes.get(key[0], 0), sizes.get(key[1], 0)))
    return found


def containment(counts: tuple[int, int, int]) -> float:
    """max(|A∩B|/|A|, |A∩B|/|B|) from (|A∩B|, |A|, |B|)."""
    inter, n_a, n_b = counts
    smaller = min(n_a, n_b)
    return inter / smaller if smaller else 0.0


def run_wiretrace_corpus(
    path: Path, settings: Settings, limit: int | None, db: Path | None
) -> tuple[dict[str, Any], float, dict[str, float], int]:
    """wiretrace's whole pipeline on the corpus: report, seconds, stage seconds, pages added."""
    from wiretrace.engines import local

    progress, stages = stage_timer()
    with tempfile.TemporaryDirectory(prefix="wt-exact-") as tmp:
        folder = Path(tmp) / "input"
        folder.mkdir()
        with open(folder / "corpus.jsonl", "w", encoding="utf-8") as handle:
            for number, art in enumerate(read_corpus(path)):
                if limit is not None and number >= limit:
                    break
                record = {"id": art.id, "text": art.text, "title": art.title}
                record.update({"outlet": art.outlet, "published": art.date or None})
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        store = db or Path(tmp) / "wiretrace.duckdb"
        start = time.perf_counter()
        result = local.run([folder], store, settings, progress)
        seconds = time.perf_counter() - start
    return result.report, seconds, stages, result.added


def _passage_text(body: str, index: int) -> str:
    """Passage `index` of a body, shortened for a report."""
    from wiretrace.model import passages

    parts = passages(body)
    text = parts[index] if 0 <= index < len(parts) else ""
    return text[:240]


def _texts(path: Path, numbers: set[int]) -> dict[int, str]:
    """Raw texts of some articles, by their number in the corpus."""
    out = {}
    for number, art in enumerate(read_corpus(path)):
        if number in numbers:
            out[number] = art.text
    return out


def _retention(text: str, body: str) -> float:
    """Share of an article's 5-grams that survive in its cleaned body."""
    own = set(gram_hashes(text).tolist())
    return len(own & set(gram_hashes(body).tolist())) / len(own) if own else 1.0


def run_exact(
    path: Path,
    settings: Settings,
    limit: int | None = None,
    db: Path | None = None,
    examples: int = 12,
) -> dict[str, Any]:
    """The exact check: exact pairs, wiretrace's pairs, recall, precision and diagnosis."""
    start = time.perf_counter()
    corpus = load_corpus(path, limit)
    hashed = time.perf_counter() - start
    number = {doc_id: i for i, doc_id in enumerate(corpus.ids)}
    with tempfile.TemporaryDirectory(prefix="wt-exact-db-") as tmp:
        con = duckdb.connect(str(Path(tmp) / "exact.duckdb"))
        con.execute(
            "SET threads = 2; SET memory_limit = '6GB'; SET preserve_insertion_order = false"
        )
        reference, stats = exact_pairs(con, corpus)
        stats["seconds_hashing"] = round(hashed, 1)
        report, seconds, stages, added = run_wiretrace_corpus(path, settings, limit, db)
        reported = {}
        for p in report["copy_pairs"]:
            a, b = number[p["a"]], number[p["b"]]
            reported[(min(a, b), max(a, b))] = p
        outside = [p for p in reported if p not in reference]
        measured = count_pairs(con, outside)
        con.close()
    # proved below LOW; counted to show by how much, and to check the proof
    stats["proof_violations"] = sum(1 for key in outside if containment(measured[key]) >= LOW)
    exact = {**measured, **reference}

    def cross(p: tuple[int, int]) -> bool:
        """True when the pair's outlet labels differ."""
        return corpus.outlets[p[0]] != corpus.outlets[p[1]]

    target = {p for p, c in reference.items() if containment(c) >= HIGH and cross(p)}
    found = target & set(reported)
    false = {p for p in reported if containment(exact[p]) < LOW}
    grey = {p for p in reported if LOW <= containment(exact[p]) < HIGH}
    recall = len(found) / len(target) if target else 1.0
    precision = 1 - len(false) / len(reported) if reported else 1.0
    bodies = {d["id"]: d["body"] or "" for d in report["documents"]}
    ids = corpus.ids

    def describe(p: tuple[int, int]) -> dict[str, Any]:
        """A pair with its outlets, titles and exact figures."""
        inter, n_a, n_b = exact[p]
        return {
            "a": ids[p[0]],
            "b": ids[p[1]],
            "outlets": [corpus.outlets[p[0]], corpus.outlets[p[1]]],
            "titles": [corpus.titles[p[0]][:90], corpus.titles[p[1]][:90]],
            "exact_containment": round(containment(exact[p]), 4),
            "shared_grams": inter,
            "grams": [n_a, n_b],
        }

    missed = []
    steps: dict[str, int] = {}
    texts = _texts(path, {i for p in target - found for i in p})
    for p in sorted(target - found):
        info = describe(p)
        info.update(why_missed((ids[p[0]], ids[p[1]]), bodies, settings, set()))
        kept = [_retention(texts[i], bodies.get(ids[i], "")) for i in p]
        info["retention"] = [round(k, 3) for k in kept]
        if min(kept) < 0.5:
            info["step"] = "cleaning: cut over half of an article's text"
        steps[info["step"]] = steps.get(info["step"], 0) + 1
        missed.append(info)
    false_examples = []
    for p in sorted(false, key=lambda q: containment(exact[q]))[:examples]:
        info = describe(p)
        r = reported[p]
        info["reported"] = {k: r.get(k) for k in ("containment_a", "containment_b", "jaccard")}
        aligned = r.get("passages") or []
        if aligned:
            info["first_matched_passage"] = _passage_text(bodies.get(r["a"], ""), aligned[0]["a"])
        false_examples.append(info)
    same_outlet = sum(1 for p in reported if not cross(p))
    return {
        "corpus": str(path),
        "documents": len(ids),
        "exact": {
            **stats,
            "pairs_ge_0.5": sum(1 for c in reference.values() if containment(c) >= HIGH),
            "cross_outlet_pairs_ge_0.5": len(target),
            "pairs_0.3_to_0.5": sum(1 for c in reference.values() if containment(c) < HIGH),
        },
        "wiretrace": {
            "seconds": round(seconds, 1),
            "stages": {k: round(v, 1) for k, v in stages.items()},
            "pages_added": added,
            "reported_pairs": len(reported),
            "reported_same_outlet": same_outlet,
            "reported_below_0.3": len(false),
            "reported_0.3_to_0.5": len(grey),
            "reported_ge_0.5": len(reported) - len(false) - len(grey),
            "recall": round(recall, 4),
            "precision": round(precision, 4),
            "found": len(found),
            "target": len(target),
            "missed_by_step": steps,
        },
        "missed": missed,
        "false_examples": false_examples,
        "target_pairs": [describe(p) for p in sorted(target)],
    }


def print_exact(results: dict[str, Any], console: Console) -> None:
    """The exact check's figures."""
    ex, wt = results["exact"], results["wiretrace"]
    console.print(
        f"[bold]exact 5-gram containment[/] over {results['documents']:,} articles: "
        f"{ex['pairs_ge_0.5']} pairs >= 0.5 ({ex['cross_outlet_pairs_ge_0.5']} cross-outlet), "
        f"{ex['pairs_0.3_to_0.5']} pairs in 0.3-0.5; {ex['candidates']:,} candidates, "
        f"{ex['seconds']:.0f} s in DuckDB + {ex['seconds_hashing']:.0f} s hashing; "
        f"frequent grams are at most {ex['max_share_of_frequent_grams']:.0%} of any article"
    )
    table = Table(title="wiretrace against exact containment")
    for col in ("recall (cross-outlet >= 0.5)", "precision (< 0.3 false)", "reported", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(
        f"{wt['recall']:.4f} ({wt['found']}/{wt['target']})",
        f"{wt['precision']:.4f} ({wt['reported_below_0.3']} false)",
        f"{wt['reported_pairs']} ({wt['reported_same_outlet']} same outlet)",
        f"{wt['seconds']:.0f}",
    )
    console.print(table)
    console.print("stages (s):", wt["stages"], "missed by step:", wt["missed_by_step"])
    for info in results["missed"][:8]:
        console.print(
            f"missed {info['a']}–{info['b']} {info['outlets']} exact {info['exact_containment']}"
            f" ({info['shared_grams']} grams): {info['step']}"
        )
    for info in results["false_examples"][:8]:
        console.print(
            f"false {info['a']}–{info['b']} {info['outlets']} exact {info['exact_containment']}"
            f" reported {info['reported']}: {info.get('first_matched_passage', '')[:120]!r}"
        )
