"""One blind labelling round of `benchmarks/data/quotes_real.jsonl` (how rounds 16 on were made).

    .venv/bin/python -m benchmarks.quote_rounds pick DIR         # the next 30 articles, 3 groups
    .venv/bin/python -m benchmarks.quote_rounds merge DIR ROUND  # append the groups' labels

`pick` applies the rule of benchmarks/data/README.md (1,500 to 4,500 characters, at least three
quotes, ordered by the SHA-1 of the id, the next ones not labelled yet) and writes, per group of
ten, `gN.json` (texts and every span between quote marks, with offsets), `gN.md` (the same to
read), `prompt_gN.md` (the labelling rule and the output format) and `check.py` (a labeller's
listing, checked, with the standard library alone). Each group goes to one
labeller that sees none of wiretrace (a helper of the session, told not to open the project).
Score the round (`python -m benchmarks consolidate` prints the newest round alone) before any
rule is changed for it. Texts stay in DIR, outside the repository.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.consolidate import ROOT, first_words, shared_data

LABELS = ROOT / "benchmarks" / "data" / "quotes_real.jsonl"
ROUND_SIZE = 30
GROUPS = 3
# an opening mark and the marks that may close it ("mixed marks": a curly quote closed straight)
_CLOSING = {"\u201c": '\u201d"', "\u00ab": "\u00bb", "\u201e": "\u201c\u201d", '"': '"\u201d'}

PROMPT = """You are labelling direct quotations and their speakers in 10 real news articles, for a
benchmark. Work ONLY with files in {dir}. Do NOT open, list or search anything under the
wiretrace project (the software being evaluated; seeing it would spoil the labels). Use python3
for offsets.

Input: {dir}/g{g}.md (each article's text, then every span found between quote marks with its
character offsets [start:end] into the text, marks excluded) and {dir}/g{g}.json (the same as
JSON: a list of {{"id", "text", "candidates": [{{"n", "start", "end", "text"}}]}}).

Read each article whole, then decide for every candidate span whether it is a quote, and who the
speaker is. Also add any quote the candidate list missed or cut wrongly (e.g. a mark the source
mangled: a straight " closing a curly one, a missing closing mark), with offsets where the words
of the quote really are (text[start:end] is the quote's words without marks).

Rule:
- A QUOTE: words in quote marks that reproduce what a person or body said or wrote, whole
  sentences or a fragment inside reported speech (called the discovery "a reminder ...", said the
  talks had "run their course"), also when unattributed. One quote per paragraph of a speech
  running over several paragraphs. A quote nested inside another is part of it.
- NOT a quote: scare quotes and terms (so-called "homebrew" server, "asylum"), titles of shows,
  books, programmes, laws and slogans, poll questions and answer options, headlines quoted in
  lists, nicknames.
- Single-word fragments in reported speech count as quotes when a speech verb introduces them in
  their own clause (Trump said the numbers have been "amazing"), not when they are a term in the
  narrator's sentence.
- SPEAKER: who the article says spoke, with pronouns, surnames and roles resolved to the FULLEST
  name the article gives for that person anywhere in it; where the source is a document or a
  body, the grammatical source as written ("the lawsuit", "White House"); a group as written
  ("protesters"); a reporter quoted as the source of a passage is its speaker. null when the text
  does not say who spoke.
- A broadcast transcript whose quotes alternate between unnamed speakers, or a list of quoted
  headlines: {{"id": ..., "skipped": "<why>"}} instead.

Output: write {dir}/out_g{g}.json, a JSON list with one object per article of your group:
{{"id": "<id>", "quotes": [{{"start": int, "end": int, "speaker": "<name>" or null}}, ...]}}.
Then run `python3 {dir}/check.py {dir}/out_g{g}.json`, read its listing, fix anything wrong, and
re-run it until it prints OK and every line reads right. Reply with one line per article: id,
number of quotes, and any doubtful case.
"""


def quote_count(text: str) -> float:
    """Quotes an article seems to hold: curly opening marks plus half the straight ones."""
    return text.count("\u201c") + text.count('"') / 2


def next_articles(data: Path, count: int) -> list[dict[str, str]]:
    """The next `count` AllSides articles by the labelling rule that no round has labelled."""
    done = {json.loads(line)["id"] for line in LABELS.read_text().splitlines() if line.strip()}
    rows = []
    with gzip.open(data / "allsides" / "allsides.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = row["text"]
            if 1500 <= len(text) <= 4500 and quote_count(text) >= 3 and row["id"] not in done:
                rows.append((hashlib.sha1(row["id"].encode()).hexdigest(), row["id"], text))
    return [{"id": i, "text": t} for _, i, t in sorted(rows)[:count]]


def candidates(text: str) -> list[dict[str, Any]]:
    """Every span between an opening quote mark and a mark that may close it."""
    found: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        closers = _CLOSING.get(text[i])
        if closers is not None:
            j = i + 1
            while j < len(text) and j - i < 3000 and text[j] not in closers + "\u201c":
                j += 1
            if j < len(text) and text[j] in closers:
                found.append({"n": len(found), "start": i + 1, "end": j, "text": text[i + 1 : j]})
                i = j
        i += 1
    return found


def pick(folder: Path, data: Path) -> None:
    """Write the round's groups, their readable listings and their prompts into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = next_articles(data, ROUND_SIZE)
    size = len(chosen) // GROUPS
    for g in range(GROUPS):
        group = [
            {**a, "candidates": candidates(a["text"])} for a in chosen[g * size : (g + 1) * size]
        ]
        (folder / f"g{g}.json").write_text(json.dumps(group, ensure_ascii=False, indent=1))
        lines = []
        for a in group:
            lines += [f"## Article {a['id']}\n\n{a['text']}\n\n### Candidate spans\n"]
            lines += [
                f"- #{c['n']} [{c['start']}:{c['end']}] {c['text']!r}" for c in a["candidates"]
            ]
            lines.append("\n")
        (folder / f"g{g}.md").write_text("\n".join(lines))
        (folder / f"prompt_g{g}.md").write_text(PROMPT.format(dir=folder, g=g))
    (folder / "check.py").write_text(CHECK)
    print(f"{len(chosen)} articles in {GROUPS} groups under {folder}")


CHECK = """import json, sys
from pathlib import Path

out = Path(sys.argv[1])
group = out.name.split("_g")[1].split(".")[0]
texts = {a["id"]: a["text"] for a in json.loads((out.parent / f"g{group}.json").read_text())}
labelled = json.loads(out.read_text())
if {a["id"] for a in labelled} != set(texts) or len(labelled) != len(texts):
    raise SystemExit("every article of the group must be present once")
for a in labelled:
    if "skipped" in a:
        print(a["id"], "SKIPPED", a["skipped"])
        continue
    for q in a["quotes"]:
        start, end = q["start"], q["end"]
        if set(q) != {"start", "end", "speaker"} or not 0 <= start < end <= len(texts[a["id"]]):
            raise SystemExit(f"{a['id']}: malformed label {q}")
        print(a["id"], f"[{start}:{end}]", repr(texts[a["id"]][start:end][:70]), "->", q["speaker"])
print("OK")
"""


def merge(folder: Path, number: int) -> None:
    """Append the groups' labels to the label file as round `number` (offsets and a hash of the
    first words only; no text)."""
    texts = {
        a["id"]: a["text"]
        for g in range(GROUPS)
        for a in json.loads((folder / f"g{g}.json").read_text())
    }
    rows = []
    for g in range(GROUPS):
        for a in json.loads((folder / f"out_g{g}.json").read_text()):
            key = f"allsides:{a['id']}"
            even = int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0
            row: dict[str, Any] = {
                "dataset": "allsides",
                "id": a["id"],
                "split": "dev" if even else "report",
                "round": number,
            }
            if "skipped" in a:
                row["skipped"] = a["skipped"]
            else:
                text = texts[a["id"]]
                row["quotes"] = [
                    {
                        "start": q["start"],
                        "end": q["end"],
                        "words": first_words(text[q["start"] : q["end"]]),
                        "speaker": q["speaker"],
                    }
                    for q in sorted(a["quotes"], key=lambda q: q["start"])
                ]
            rows.append(row)
    with LABELS.open("a", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    quotes = sum(len(r.get("quotes", [])) for r in rows)
    print(f"round {number}: {len(rows)} articles, {quotes} quotes")


def main(argv: list[str]) -> None:
    """pick DIR | merge DIR ROUND."""
    if len(argv) == 2 and argv[0] == "pick":
        pick(Path(argv[1]), shared_data())
    elif len(argv) == 3 and argv[0] == "merge":
        merge(Path(argv[1]), int(argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
