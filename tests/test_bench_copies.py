"""The copy benchmark: a deterministic generator whose mutations do what they say, right
metrics, and a tiny end-to-end run of wiretrace beside datasketch and rensa."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.copies import command, run_synthetic
from benchmarks.copies_diag import containment
from benchmarks.copies_exact import count_pairs, exact_pairs, gram_hashes, load_corpus
from benchmarks.copies_gen import (
    Article,
    BenchConfig,
    MutationRates,
    Pools,
    generate,
    make_copy,
    quoter,
    sentences,
    shingle_set,
    split_paragraphs,
    substitute,
    truth_labels,
    words,
)
from benchmarks.copies_score import ari, components, pairwise_scores, true_pairs
from conftest import need_shared

OFF = MutationRates(
    truncate=0, drop=0, reorder=0, edit=0, reflow=0, typos=0, added=0, dateline=0,
    headline=0, headline_in_text=0, clutter=0, comments=0,
)  # fmt: skip
VOCAB = [f"{a}{b}{c}" for a in "bcdfgklm" for b in "aeiou" for c in "nrstlpdkmz"]


def sentence(rng: random.Random, n: int) -> str:
    """An invented sentence of n words."""
    text = " ".join(rng.choice(VOCAB) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, number: int, paragraphs: int = 8) -> Article:
    """An invented article: paragraphs of three sentences, some with editable phrases."""
    paras = []
    for i in range(paragraphs):
        sents = [sentence(rng, rng.randint(9, 16)) for _ in range(3)]
        if i % 3 == 1:
            sents[1] = f"Mayor Tobin Vark said at a news conference on Monday that {sents[1]}"
        paras.append(" ".join(sents))
    return Article(
        id=f"a{number:03d}",
        outlet=f"Outlet {number % 9}",
        title=" ".join(rng.choice(VOCAB) for _ in range(7)).title(),
        text="\n\n".join(paras),
        topic=["floods", "budget", "elections"][number % 3],
        date=f"2020-03-{1 + number % 20:02d}",
    )


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    """Sixty invented articles."""
    rng = random.Random(11)
    return [article(rng, i, rng.randint(6, 12)) for i in range(60)]


@pytest.fixture(scope="module")
def pools(corpus: list[Article]) -> Pools:
    """Pool articles for comments and added text."""
    return Pools(articles=corpus[50:], outlets=sorted({a.outlet for a in corpus}))


def copy_with(source: Article, pools: Pools, seed: int = 3, **rates: object) -> tuple:
    """A copy of `source` with only the named mutations switched on."""
    return make_copy(source, random.Random(seed), replace(OFF, **rates), pools, "Other Outlet")


SMALL = BenchConfig(n=8, copies=(1, 4), distractors=14, quoters=3, pool=8, seed=5)


def test_generator_is_deterministic(corpus: list[Article]) -> None:
    first = [d.record() | {"g": d.group} for d in generate(corpus, SMALL)]
    second = [d.record() | {"g": d.group} for d in generate(list(reversed(corpus)), SMALL)]
    assert first == second
    other = [d.record() for d in generate(corpus, replace(SMALL, seed=6))]
    assert other != [{k: v for k, v in r.items() if k != "g"} for r in first]


def test_benchmark_has_groups_distractors_and_quoters(corpus: list[Article]) -> None:
    docs = generate(corpus, SMALL)
    roles = {d.role for d in docs}
    assert {"copy", "distractor", "quoter"} <= roles
    labels = truth_labels(docs)
    for d in docs:
        if d.role in ("distractor", "quoter", "sibling"):
            assert labels[d.id] == d.id  # alone
        else:
            assert labels[d.id] == d.source  # grouped around its source
    sources = {d.source for d in docs if d.role == "copy"}
    assert len(sources) == SMALL.n
    assert all(set(d.record()) == {"id", "text", "title", "outlet"} for d in docs)
    outlets = {}
    for d in docs:
        if d.role in ("copy", "original"):
            outlets.setdefault(d.group, []).append(d.outlet)
    assert all(len(set(o)) == len(o) for o in outlets.values())  # copies never share an outlet


def test_truncated_copy_is_a_prefix_of_paragraphs(corpus: list[Article], pools: Pools) -> None:
    src = corpus[0]
    for seed in range(10):
        text, _, mutations, coverage, kept, _, _ = copy_with(src, pools, seed, truncate=1.0)
        paras = split_paragraphs(text)
        assert paras == src.paragraphs[: len(paras)]
        assert kept == list(range(len(paras)))
        if "truncate" in mutations:
            assert len(paras) < len(src.paragraphs)
            assert 0.3 <= coverage < 1.0


def test_drop_and_reorder_keep_the_lead_and_the_floor(corpus: list[Article], pools: Pools) -> None:
    src = corpus[1]
    total = len(words(src.text))
    for seed in range(10):
        text, _, mutations, coverage, kept, _, _ = copy_with(
            src, pools, seed, drop=1.0, drop_each=0.9, reorder=1.0
        )
        paras = split_paragraphs(text)
        assert paras[0] == src.paragraphs[0]
        assert kept == sorted(kept) and kept[0] == 0
        assert sorted(paras) == sorted(src.paragraphs[i] for i in kept)
        assert coverage >= 0.3 and len(words(text)) >= 0.3 * total - 1
        assert "drop" in mutations


def test_edits_substitute_words(corpus: list[Article], pools: Pools) -> None:
    line, made = substitute("He said at a news conference on Monday.", random.Random(0))
    assert made >= 1 and line != "He said at a news conference on Monday."
    text, *_ = copy_with(corpus[2], pools, 1, edit=1.0, edit_share=1.0, delete_sentence=0.0)
    assert "news conference" not in text or "press conference" in text
    assert text != corpus[2].text
    assert len(split_paragraphs(text)) == len(corpus[2].paragraphs)


def test_clutter_comments_and_headline(corpus: list[Article], pools: Pools) -> None:
    src = corpus[3]
    text, title, mutations, _, _, injected, own_text = copy_with(
        src, pools, 2, clutter=1.0, comments=1.0, headline=1.0, headline_in_text=1.0
    )
    assert {"clutter", "comments", "headline", "headline_in_text"} <= set(mutations)
    paras = split_paragraphs(text)
    assert paras[0] == title
    for kind, lines in injected.items():
        for line in lines:
            assert line in paras, kind
    thread = injected["comments"]
    assert paras[-len(thread) :] == thread  # appended at the end
    comment_text = shingle_set(" ".join(thread))
    story = shingle_set(src.text)
    assert len(comment_text & story) < 0.1 * len(comment_text)  # not the story ...
    pool_text = " ".join(a.text for a in pools.articles)
    bodies = [line for line in thread if len(words(line)) >= 8]
    said = [sent for line in bodies for sent in sentences(line)]
    assert said and all(sent in pool_text for sent in said)  # ... but real text
    assert own_text == src.text  # nothing else changed


def test_typos_and_quoter(corpus: list[Article], pools: Pools) -> None:
    text, _, mutations, *_ = copy_with(corpus[4], pools, 0, typos=1.0, typo_rate=0.2)
    assert "typos" in mutations and text != corpus[4].text
    assert len(words(text)) == len(words(corpus[4].text))
    made = quoter(corpus[5], corpus[6], random.Random(0))
    assert made is not None
    quoted, (quote,) = made
    assert quote in corpus[6].paragraphs and quote in split_paragraphs(quoted)
    assert containment(shingle_set(quoted), shingle_set(corpus[6].text)) < 0.3


def test_pairwise_scores_on_hand_made_cases() -> None:
    truth = true_pairs({"a": "g1", "b": "g1", "c": "g1", "d": "d", "e": "g2", "f": "g2"})
    assert truth == {("a", "b"), ("a", "c"), ("b", "c"), ("e", "f")}
    s = pairwise_scores({("b", "a"), ("a", "c"), ("d", "e")}, truth)
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 2)
    assert s["precision"] == pytest.approx(2 / 3) and s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert pairwise_scores(set(), truth)["f1"] == 0.0
    assert pairwise_scores(truth, truth)["f1"] == 1.0


def test_components_and_ari() -> None:
    groups = components("abcdef", [("a", "b"), ("b", "c"), ("e", "f")])
    assert groups == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "e", "f": "e"}
    truth = {"a": "x", "b": "x", "c": "x", "d": "d", "e": "y", "f": "y"}
    assert ari(truth, groups) == pytest.approx(1.0)
    assert ari(truth, {}) == pytest.approx(0.0)  # all singletons
    # c pulled out of {a, b, c}: index 2 (ab, ef), expected 4 * 2 / 15, max (4 + 2) / 2
    split = {"a": "1", "b": "1", "c": "2", "d": "3", "e": "4", "f": "4"}
    expected = 4 * 2 / 15
    assert ari(truth, split) == pytest.approx((2 - expected) / (3 - expected))


def test_exact_containment_finds_every_pair(tmp_path: Path) -> None:
    rng = random.Random(4)
    base = [article(rng, i) for i in range(6)]
    paras = base[0].paragraphs
    records = [{"id": a.id, "outlet": a.outlet, "title": a.title, "text": a.text} for a in base]
    records.append({"id": "half", "outlet": "X", "title": "t", "text": "\n\n".join(paras[:4])})
    records.append({"id": "third", "outlet": "Y", "title": "t", "text": "\n\n".join(paras[:3])})
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    import duckdb

    corpus = load_corpus(path)
    ids = corpus.ids
    # rare=1: only the three related documents are mostly "frequent" grams and take the
    # fallback join on all grams; the proof leaves the others out, and nothing is lost
    for rare, fallback in ((100, 0), (1, 3)):
        con = duckdb.connect()
        pairs, stats = exact_pairs(con, corpus, rare=rare)
        named = {(ids[a], ids[b]): c for (a, b), c in pairs.items()}
        assert set(named) == {("a000", "half"), ("a000", "third"), ("half", "third")}
        inter, _, n_third = named[("a000", "third")]
        assert inter == n_third  # the third is wholly inside the source
        assert stats["docs_joined_on_all_grams"] == fallback
    counted = count_pairs(con, [(1, 0), (2, 3)])
    for a, b in ((0, 1), (2, 3)):
        grams_a, grams_b = (set(gram_hashes(records[i]["text"]).tolist()) for i in (a, b))
        assert counted[(a, b)] == (len(grams_a & grams_b), len(grams_a), len(grams_b))


def test_tiny_end_to_end_run(tmp_path: Path, corpus: list[Article]) -> None:
    path = tmp_path / "corpus.jsonl"
    fields = ("id", "outlet", "title", "text", "topic", "date")
    rows = [json.dumps({f: getattr(a, f) for f in fields}) for a in corpus]
    path.write_text("\n".join(rows))
    config = BenchConfig(n=10, copies=(1, 4), distractors=20, quoters=3, pool=8, seed=1)
    results = run_synthetic(path, config)
    assert 40 <= results["benchmark"]["documents"] <= 80
    scores = {s["method"]: s for s in results["scores"]}
    assert set(scores) == {"wiretrace", "datasketch", "rensa"}
    for s in scores.values():
        assert 0.0 <= s["f1"] <= 1.0 and -1.0 <= s["ari"] <= 1.0 and s["seconds"] >= 0
    print("wiretrace F1 on the tiny benchmark:", scores["wiretrace"]["f1"])
    assert scores["wiretrace"]["f1"] > 0.5
    assert "missed_by_step" in results["wiretrace_diagnosis"]
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        command,
        ["--corpus", str(path), "--n", "6", "--distractors", "8", "--quoters", "1",
         "--methods", "datasketch,rensa", "--json", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "datasketch" in result.output and json.loads(out.read_text())["scores"]


@pytest.mark.shared
def test_real_corpus_small_run() -> None:
    path = need_shared("allsides", "allsides.jsonl.gz")
    config = BenchConfig(n=12, copies=(1, 3), distractors=30, quoters=2, pool=20, seed=2)
    results = run_synthetic(path, config, methods=("wiretrace", "datasketch"), limit=4000)
    scores = {s["method"]: s for s in results["scores"]}
    assert scores["wiretrace"]["f1"] > 0.8
    assert results["benchmark"]["true_pairs"] > 10
