"""How often a comments-widget label above an article makes the cleaner cut the article.

Real syndicated pages carry a widget label ("Comment", "Join the Conversation") near the top;
a cleaner that takes the label for the start of a reader thread cuts the whole article after it.
This puts each of a few such labels after the first paragraph of real articles (AllSides, every
tenth of the first 20,000 with four paragraphs or more) and counts the pages that keep under
30% of their words.

    .venv/bin/python benchmarks/comment_labels.py [../shared/data/allsides/allsides.jsonl.gz]
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sys
from pathlib import Path

from wiretrace.extract.text import clean_text

LABELS = (
    "Comment",
    "Comments",
    "Join the Conversation",
    "Discussion",
    "Leave a Reply",
    "12 Comments",
    "What readers are saying",
)
WORD = re.compile(r"\w+")
DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/allsides/allsides.jsonl.gz"


def main(path: Path) -> None:
    """Print how many (article, label) pages lost over 70% of their words."""
    lost = total = 0
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in itertools.islice(stream, 0, 20000, 10):
            record = json.loads(line)
            paras = [p for p in record["text"].split("\n") if p.strip()]
            if len(paras) < 4:
                continue
            words = len(WORD.findall(record["text"]))
            for label in LABELS:
                page = "\n".join([paras[0], label, *paras[1:]])
                body = clean_text(page, title_hint=record.get("title")).body
                total += 1
                lost += len(WORD.findall(body)) < 0.3 * words
    print(f"pages (article x label): {total}; lost over 70% of their words: {lost}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
