"""Candidate pairs of AllSides articles for the hand-labelled event pair set.

How benchmarks/data/allsides_event_pairs.jsonl was begun: articles of one AllSides topic, from
two different outlets, published at most 3 days apart, compared by TF-IDF cosine over title and
body (scikit-learn, English stop words, sublinear tf); pairs above 0.8 (near copies) dropped;
then a fixed pseudo-random draw (random.Random(15)) of pairs from three cosine bands, so that
the set holds pairs that share a subject and a few days but not always an event:

    low  0.15-0.30   mostly one subject, different events
    mid  0.30-0.45   the hard middle
    high 0.45-0.80   mostly one event, other words

Each candidate was then read (titles and the opening of both texts) and labelled by hand.

    .venv/bin/python benchmarks/stories_pairs.py --per-band 70 > /tmp/candidates.txt

prints the candidates with their texts' openings for reading; it writes nothing into the
repository (the texts stay in ../shared/data).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BANDS = {"low": (0.15, 0.30), "mid": (0.30, 0.45), "high": (0.45, 0.80)}
MAX_DAYS = 3


def load(data: Path) -> list[dict]:
    """AllSides articles with a usable date."""
    rows = []
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            try:
                row["day"] = date.fromisoformat((row.get("date") or "")[:10]).toordinal()
            except ValueError:
                continue
            rows.append(row)
    return rows


def candidates(rows: list[dict]) -> dict[str, list[tuple[float, int, int]]]:
    """Pairs per cosine band: same topic, different outlets, at most MAX_DAYS apart."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{r['title']}\n{r['text']}" for r in rows]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(
        texts
    )
    by_topic: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_topic.setdefault(r.get("topic") or "", []).append(k)
    found: dict[str, list[tuple[float, int, int]]] = {band: [] for band in BANDS}
    for members in by_topic.values():
        members = sorted(members, key=lambda k: rows[k]["day"])
        days = np.array([rows[k]["day"] for k in members])
        sims = (vectors[members] @ vectors[members].T).toarray()
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if days[j] - days[i] > MAX_DAYS:
                    break
                a, b = rows[members[i]], rows[members[j]]
                if a["outlet"] == b["outlet"]:
                    continue
                for band, (lo, hi) in BANDS.items():
                    if lo <= sims[i, j] < hi:
                        found[band].append((float(sims[i, j]), members[i], members[j]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--per-band", type=int, default=70)
    parser.add_argument("--extra-low", type=int, default=0, help="more low-band pairs after")
    parser.add_argument("--chars", type=int, default=500, help="opening shown of each text")
    args = parser.parse_args()
    rows = load(Path(args.data))
    found = candidates(rows)
    rng = random.Random(15)
    orders = {band: iter(rng.sample(sorted(pairs), len(pairs))) for band, pairs in found.items()}
    used: set[int] = set()
    rounds = [(band, args.per_band) for band in BANDS] + [("low", args.extra_low)]
    for band, count in rounds:
        picked = 0
        for sim, i, j in orders[band]:
            if picked == count:
                break
            if i in used or j in used:  # each article in one pair at most
                continue
            used |= {i, j}
            picked += 1
            a, b = rows[i], rows[j]
            print(f"=== {band} {sim:.2f} {a['id']} {b['id']} {a['topic']}")
            for r in (a, b):
                opening = " ".join(r["text"][: args.chars].split())
                print(f"  [{r['date']}] {r['outlet']}: {r['title']}\n    {opening}")


if __name__ == "__main__":
    main()
