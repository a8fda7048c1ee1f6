"""Labelled copy benchmark: copies of real article bodies made the way sites make them.

A source article is republished as copies that are cut short, lose or reorder paragraphs, get
edited sentences, a new headline, typos, site furniture (share lines, appeals, captions, related
links) and a reader-comment thread whose text comes from *other* articles of the corpus (real
text, but not the story). The copies are mixed with untouched distractor articles and with
"quoters": distractors that carry one paragraph of a source (one shared paragraph is not a copy).

Ground truth: a source and its copies form one group; every other document is alone.
Everything is drawn from one `random.Random(seed)`, so a seed gives the same benchmark.
All the furniture text below was written for this benchmark.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import xxhash

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class MutationRates:
    """Probability that a copy gets each mutation, and how strong it is.

    Each mutation is drawn independently per copy; a copy never keeps less than `min_keep`
    of its source's words (truncation and drops stop there).
    """

    truncate: float = 0.45  # cut after some paragraphs ...
    truncate_keep: tuple[float, float] = (0.3, 0.9)  # ... keeping this share of the words
    drop: float = 0.25  # drop inner paragraphs ...
    drop_each: float = 0.15  # ... each with this probability
    reorder: float = 0.15  # move one or two paragraphs elsewhere
    edit: float = 0.5  # edit sentences in some paragraphs ...
    edit_share: float = 0.35  # ... this share of paragraphs: word substitutions ...
    delete_sentence: float = 0.25  # ... and, per edited paragraph, deleting one sentence
    reflow: float = 0.2  # merge adjacent paragraphs or split one at a sentence
    typos: float = 0.25  # typos ...
    typo_rate: float = 0.015  # ... in this share of words (of four letters or more)
    added: float = 0.15  # one or two paragraphs of the site's own (from another article)
    dateline: float = 0.3  # "CITY (Agency) —" on the lead and/or a wire credit line at the end
    headline: float = 0.7  # a new headline (reworded, prefixed, suffixed or taken from the lead)
    headline_in_text: float = 0.3  # the headline printed again at the top of the text
    clutter: float = 0.5  # share lines, appeals, captions, related links, counters, tags
    clutter_items: tuple[int, int] = (2, 9)  # how many furniture lines
    comments: float = 0.3  # a reader-comment thread appended ...
    comment_words: tuple[float, float] = (0.3, 1.5)  # ... this long relative to the copy
    min_keep: float = 0.3  # no copy keeps less than this share of the source's words


@dataclass(frozen=True)
class BenchConfig:
    """Shape of the benchmark."""

    n: int = 300  # source articles that get copies
    copies: tuple[int, int] = (1, 6)  # copies per source (uniform, inclusive)
    keep_original: float = 0.8  # probability the untouched source is among the documents
    distractors: int = 1000  # untouched articles that are copies of nothing
    quoters: int = 30  # distractors that carry one paragraph of a source (not copies)
    siblings: float = 0.5  # per source: add another outlet's article on the same event (not a
    # copy: same topic, published within 3 days, the one sharing the most 5-grams under 20%)
    pool: int = 300  # articles that only lend text (comments, added paragraphs, links)
    seed: int = 0
    rates: MutationRates = field(default_factory=MutationRates)


@dataclass
class Article:
    """A corpus article."""

    id: str
    outlet: str
    title: str
    text: str
    topic: str = ""
    date: str = ""

    @property
    def paragraphs(self) -> list[str]:
        """The article's non-empty paragraphs."""
        return split_paragraphs(self.text)


@dataclass
class BenchDoc:
    """A benchmark document with its ground truth."""

    id: str
    text: str
    title: str
    outlet: str
    group: str  # ground-truth group: the source article's id, or the document's own id
    role: str  # original | copy | distractor | quoter | sibling
    source: str  # corpus id of the article it was made from
    mutations: list[str] = field(default_factory=list)
    coverage: float = 1.0  # share of the source's words the copy carries (before edits)
    kept: list[int] = field(default_factory=list)  # source paragraph indices carried, in order
    injected: dict[str, list[str]] = field(default_factory=dict)  # furniture lines by kind
    article: str = ""  # a copy's text from its source (after edits), without anything added

    def record(self) -> dict[str, str]:
        """What a matcher is given: the page, never its label."""
        return {"id": self.id, "text": self.text, "title": self.title, "outlet": self.outlet}


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines (or single newlines when there are none)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text)]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        parts = [p.strip() for p in text.splitlines() if p.strip()]
    return [" ".join(p.split()) for p in parts]


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


def sentences(paragraph: str) -> list[str]:
    """A paragraph split at sentence ends."""
    return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]


def shingle_set(text: str, k: int = 5) -> set[int]:
    """64-bit hashes of the word k-grams of a text (one gram when shorter)."""
    toks = words(text)
    if len(toks) < k:
        return {xxhash.xxh3_64_intdigest(" ".join(toks).encode())} if toks else set()
    return {
        xxhash.xxh3_64_intdigest(" ".join(toks[i : i + k]).encode())
        for i in range(len(toks) - k + 1)
    }


def read_corpus(path: str | Path) -> Iterator[Article]:
    """Articles from a JSONL(.gz) file with fields id, outlet, title, text (topic optional)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            rec = json.loads(line)
            yield Article(
                id=str(rec["id"]),
                outlet=rec.get("outlet") or "",
                title=rec.get("title") or "",
                text=rec.get("text") or "",
                topic=rec.get("topic") or "",
                date=rec.get("date") or "",
            )


# --- site furniture (written for this benchmark) -------------------------------------------

SHARE_LINES = [
    "Share on Facebook",
    "Share on Twitter",
    "Share via Email",
    "Share",
    "Tweet",
    "Print",
    "Email",
    "Copy link",
    "WhatsApp",
    "Pinterest",
    "Share this article",
]
APPEALS = [
    "Support independent journalism. Donate today and help us keep our reporting free for "
    "every reader.",
    "We rely on readers like you. If you value our work, please consider becoming a member for "
    "as little as $5 a month.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox every "
    "morning.",
    "Subscribe now for unlimited access to our award-winning coverage.",
    "Thank you for reading. Our journalism is funded by readers, so please contribute what you "
    "can to help us keep going.",
    "Want more stories like this? Join our mailing list and we will send you the best of our "
    "reporting every week.",
]
PHOTOGRAPHERS = [
    "Jane Okafor",
    "Tomas Lindqvist",
    "Maria Delgado",
    "Ken Harada",
    "Lena Brandt",
    "Samir Haddad",
    "Chris Whitlow",
    "Anna Petrova",
]
CAPTIONS = [
    "{name} speaks to reporters in {place}. (AP Photo/{photographer})",
    "FILE PHOTO: {name} attends an event in {place}. REUTERS/{photographer}",
    "Photo: {photographer}/Getty Images",
    "{name} is pictured in this undated file photo. Getty Images",
    "{name} in {place} on Tuesday. (Photo by {photographer}/AFP via Getty Images)",
    "Image: {name} ({photographer}/Shutterstock)",
]
RELATED = [
    "Related: {title}",
    "READ MORE: {title}",
    "Also read: {title}",
    "Recommended: {title}",
]
MISC = [
    ("advert", "Advertisement"),
    ("tags", "Tags: {topic}, news, politics"),
    ("counter", "{views} views"),
    ("comment-count", "Comments ({count})"),
    ("comment-count", "{count} Comments"),
    ("call-to-action", "Click here to sign up for breaking news alerts."),
    ("call-to-action", "Follow us on Twitter for the latest updates."),
]
COMMENT_HEADERS = [
    "Comments",
    "{count} Comments",
    "Join the discussion",
    "Reader comments",
    "Leave a comment",
    "{count} responses",
    "What readers are saying",
]
COMMENT_META = ["Reply", "Like · Reply", "{count} likes", "Report", "{hours} hours ago"]
HANDLES = ["patriot", "bluewave", "sunnyday", "oldtimer", "truthseeker", "mike", "lisa", "reader"]
AGENCIES = ["AP", "Reuters", "AFP"]
CITIES = ["WASHINGTON", "NEW YORK", "LONDON", "CHICAGO", "LOS ANGELES", "PARIS", "BRUSSELS"]
CREDIT_LINES = [
    "© {year} The Associated Press. All rights reserved.",
    "Reporting by {name}; Editing by {other}",
    "© AFP {year}",
    "This story was originally published by {agency}.",
]
HEADLINE_PREFIXES = ["BREAKING: ", "WATCH: ", "Report: ", "UPDATE: ", ""]

# word substitutions as copy editors make them: (from, to, also the other way round)
SUBSTITUTIONS = [
    ("news conference", "press conference", True),
    ("said", "says", True),
    ("percent", "per cent", True),
    ("United States", "U.S.", True),
    ("according to", "citing", False),
    ("told reporters", "told journalists", True),
    ("approximately", "about", False),
    ("more than", "over", True),
    ("however", "but", False),
    ("defense", "defence", True),
    ("organization", "organisation", True),
    ("center", "centre", True),
    ("program", "programme", True),
    ("on Monday", "today", False),
    ("on Tuesday", "today", False),
    ("on Wednesday", "today", False),
    ("on Thursday", "yesterday", False),
    ("on Friday", "yesterday", False),
    ("two", "2", False),
    ("three", "3", False),
    ("President Donald Trump", "Trump", False),
    ("President Barack Obama", "Obama", False),
    ("Mr. ", "", False),
    ("Ms. ", "", False),
]


def _phrase(text: str) -> re.Pattern[str]:
    """A pattern for a whole phrase (with the space after it when it ends in one)."""
    tail = r"\s+" if text.endswith(" ") else r"(?!\w)"
    return re.compile(r"(?<!\w)" + re.escape(text.strip()) + tail)


_SUB_PATTERNS = [
    [(_phrase(a), b)] + ([(_phrase(b), a)] if both else []) for a, b, both in SUBSTITUTIONS
]
_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def _case_like(template: str, word: str) -> str:
    """`word` with the first letter's case of `template`."""
    if template[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    return word


def substitute(sentence: str, rng: random.Random) -> tuple[str, int]:
    """A sentence with some copy-editor word substitutions applied; how many were made.

    Each substitution found is made with probability 0.7, one direction per pair, all on the
    original sentence (a replacement is never itself replaced).
    """
    edits: list[tuple[int, int, str]] = []
    for options in _SUB_PATTERNS:
        present = [(pattern, repl) for pattern, repl in options if pattern.search(sentence)]
        if present and rng.random() < 0.7:
            pattern, repl = rng.choice(present)
            edits.extend(
                (m.start(), m.end(), _case_like(m.group(0), repl))
                for m in pattern.finditer(sentence)
            )
    out, at, made = [], 0, 0
    for begin, end, repl in sorted(edits):
        if begin < at:
            continue  # overlaps an earlier edit
        out.append(sentence[at:begin] + repl)
        at, made = end, made + 1
    out.append(sentence[at:])
    return "".join(out), made


def typo(word: str, rng: random.Random) -> str:
    """One typo in a word: swapped, dropped, doubled or mistyped letter."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(_KEYBOARD) + word[i + 1 :]


def add_typos(text: str, rate: float, rng: random.Random) -> tuple[str, int]:
    """Text with typos in about `rate` of its words of four letters or more; how many."""
    count = 0

    def one(match: re.Match[str]) -> str:
        """The word, with a typo at the given rate."""
        nonlocal count
        word = match.group(0)
        if len(word) >= 4 and rng.random() < rate:
            count += 1
            return typo(word, rng)
        return word

    return re.sub(r"[A-Za-z]+", one, text), count


def names_in(text: str) -> list[str]:
    """Capitalised two-word names of a text (for captions)."""
    found = re.findall(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b", text)
    return sorted(set(found)) or ["The official"]


# --- making copies ---------------------------------------------------------------------------


@dataclass
class Pools:
    """Text that other articles lend to copies: sentences, paragraphs, titles, outlets."""

    articles: list[Article]
    outlets: list[str]

    def sentences(self, rng: random.Random, count: int) -> str:
        """`count` consecutive sentences of a random pool article."""
        art = rng.choice(self.articles)
        sents = [s for p in art.paragraphs for s in sentences(p)]
        start = rng.randrange(max(1, len(sents) - count + 1))
        return " ".join(sents[start : start + count])

    def paragraph(self, rng: random.Random) -> str:
        """One paragraph of a random pool article."""
        return rng.choice(rng.choice(self.articles).paragraphs)

    def title(self, rng: random.Random) -> str:
        """The title of a random pool article."""
        return rng.choice(self.articles).title or "More news"


def _words_of(paragraphs: list[str]) -> int:
    """Word count of some paragraphs."""
    return sum(len(words(p)) for p in paragraphs)


def _fill(template: str, rng: random.Random, source: Article, pools: Pools) -> str:
    """A furniture template filled in."""
    names = names_in(source.text)
    return template.format(
        name=rng.choice(names),
        other=rng.choice(PHOTOGRAPHERS),
        place=rng.choice(["Washington", "New York", "London", "the capital"]),
        photographer=rng.choice(PHOTOGRAPHERS),
        title=pools.title(rng),
        topic=source.topic or "world",
        views=f"{rng.randrange(100, 90000):,}",
        count=rng.randrange(2, 400),
        hours=rng.randrange(1, 23),
        year=rng.choice([2016, 2018, 2019, 2020]),
        agency=rng.choice(AGENCIES),
    )


def furniture(rng: random.Random, source: Article, pools: Pools) -> tuple[str, str]:
    """One furniture line and its kind."""
    kind = rng.choice(["share", "appeal", "caption", "related", "misc"])
    if kind == "share":
        return rng.choice(SHARE_LINES), kind
    if kind == "appeal":
        return rng.choice(APPEALS), kind
    if kind == "caption":
        return _fill(rng.choice(CAPTIONS), rng, source, pools), kind
    if kind == "related":
        return _fill(rng.choice(RELATED), rng, source, pools), kind
    kind, template = rng.choice(MISC)
    return _fill(template, rng, source, pools), kind


def comment_thread(rng: random.Random, target_words: int, pools: Pools) -> list[str]:
    """A reader-comment thread of about `target_words` words of other articles' sentences."""
    lines = [
        rng.choice(COMMENT_HEADERS).format(count=rng.randrange(2, 400)),
    ]
    total = 0
    while total < target_words:
        handle = rng.choice(HANDLES) + str(rng.randrange(1, 2000))
        body = pools.sentences(rng, rng.randint(1, 3))
        lines.append(handle)
        if rng.random() < 0.5:
            lines.append(f"{rng.randrange(1, 23)} hours ago")
        lines.append(body)
        if rng.random() < 0.5:
            lines.append(rng.choice(COMMENT_META).format(count=rng.randrange(1, 90), hours=3))
        total += max(1, len(words(body)))
    return lines


def new_headline(rng: random.Random, source: Article, paragraphs: list[str], outlet: str) -> str:
    """A copy's headline: the old one reworded, prefixed or suffixed, or one cut from the lead."""
    title = source.title or (paragraphs[0] if paragraphs else "")
    style = rng.randrange(4)
    if style == 0:
        title, _ = substitute(title, rng)
        return rng.choice(HEADLINE_PREFIXES) + title
    if style == 1:
        return f"{title} | {outlet}" if rng.random() < 0.5 else f"{title} - {outlet}"
    if style == 2 and paragraphs:
        cut = " ".join(_WORD.findall(paragraphs[0])[: rng.randint(6, 11)])
        return cut[:1].upper() + cut[1:]
    return title.upper() if rng.random() < 0.3 else title.lower()


def _keep_floor(source_words: int, rates: MutationRates) -> int:
    """The fewest source words a copy may keep."""
    return max(1, int(rates.min_keep * source_words + 0.999))


def make_copy(
    source: Article, rng: random.Random, rates: MutationRates, pools: Pools, outlet: str
) -> tuple[str, str, list[str], float, list[int], dict[str, list[str]], str]:
    """Text, title, mutations, coverage, kept paragraph indices, furniture and source text of
    one copy."""
    paras = source.paragraphs
    sizes = [len(words(p)) for p in paras]
    total = sum(sizes) or 1
    floor = _keep_floor(total, rates)
    kept = list(range(len(paras)))
    mutations: list[str] = []
    if rng.random() < rates.truncate:
        share = rng.uniform(*rates.truncate_keep)
        need = max(floor, int(share * total))
        acc, cut = 0, 0
        while cut < len(kept) and acc < need:
            acc += sizes[kept[cut]]
            cut += 1
        if cut < len(kept):
            kept = kept[:cut]
            mutations.append("truncate")
    if rng.random() < rates.drop and len(kept) > 2:
        dropped = 0
        for i in list(kept[1:]):
            carried = sum(sizes[k] for k in kept)
            if rng.random() < rates.drop_each and carried - sizes[i] >= floor and len(kept) > 2:
                kept.remove(i)
                dropped += 1
        if dropped:
            mutations.append("drop")
    order = list(kept)
    if rng.random() < rates.reorder and len(order) > 2:
        for _ in range(rng.randint(1, 2)):
            item = order.pop(rng.randrange(1, len(order)))
            order.insert(rng.randrange(1, len(order) + 1), item)
        if order != kept:
            mutations.append("reorder")
    coverage = sum(sizes[k] for k in kept) / total
    body = [paras[k] for k in order]
    if rng.random() < rates.edit:
        edits = 0
        for i, para in enumerate(body):
            if rng.random() >= rates.edit_share:
                continue
            sents = sentences(para)
            new = []
            for sent in sents:
                sent, made = substitute(sent, rng)
                edits += made
                new.append(sent)
            if len(new) >= 2 and rng.random() < rates.delete_sentence:
                new.pop(rng.randrange(len(new)))
                edits += 1
            body[i] = " ".join(new)
        if edits:
            mutations.append("edit")
    if rng.random() < rates.reflow and len(body) > 2:
        if rng.random() < 0.5:
            i = rng.randrange(len(body) - 1)
            body[i : i + 2] = [body[i] + " " + body[i + 1]]
            mutations.append("reflow")
        else:
            splittable = [i for i, p in enumerate(body) if len(sentences(p)) >= 2]
            if splittable:
                i = rng.choice(splittable)
                sents = sentences(body[i])
                at = rng.randrange(1, len(sents))
                body[i : i + 1] = [" ".join(sents[:at]), " ".join(sents[at:])]
                mutations.append("reflow")
    if rng.random() < rates.typos:
        changed = 0
        for i, para in enumerate(body):
            body[i], n = add_typos(para, rates.typo_rate, rng)
            changed += n
        if changed:
            mutations.append("typos")
    article = "\n\n".join(body)
    title = source.title
    if rng.random() < rates.headline:
        title = new_headline(rng, source, body, outlet)
        mutations.append("headline")
    injected: dict[str, list[str]] = {}
    if rng.random() < rates.added:
        for _ in range(rng.randint(1, 2)):
            own = pools.paragraph(rng)
            body.insert(rng.randrange(1, len(body) + 1), own)
            injected.setdefault("added", []).append(own)
        mutations.append("added")
    if rng.random() < rates.dateline:
        if rng.random() < 0.6:
            body[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) — {body[0]}"
        if rng.random() < 0.6:
            line = _fill(rng.choice(CREDIT_LINES), rng, source, pools)
            body.append(line)
            injected.setdefault("credit", []).append(line)
        mutations.append("dateline")
    if rng.random() < rates.clutter:
        for _ in range(rng.randint(*rates.clutter_items)):
            line, kind = furniture(rng, source, pools)
            where = rng.random()
            if where < 0.35:
                body.insert(0, line)
            elif where < 0.7:
                body.append(line)
            else:
                body.insert(rng.randrange(1, len(body) + 1), line)
            injected.setdefault(kind, []).append(line)
        mutations.append("clutter")
    if rng.random() < rates.headline_in_text:
        body.insert(0, title)
        mutations.append("headline_in_text")
    if rng.random() < rates.comments:
        target = int(rng.uniform(*rates.comment_words) * _words_of(body))
        thread = comment_thread(rng, max(target, 30), pools)
        body.extend(thread)
        injected["comments"] = thread
        mutations.append("comments")
    return "\n\n".join(body), title, mutations, round(coverage, 4), kept, injected, article


def quoter(
    distractor: Article, source: Article, rng: random.Random
) -> tuple[str, list[str]] | None:
    """A distractor carrying one middling paragraph of a source (a quote, not a copy)."""
    own = distractor.paragraphs
    own_words = _words_of(own)
    src = source.paragraphs
    src_words = _words_of(src)
    options = [
        p
        for p in src[1:]
        if 25 <= len(words(p)) <= min(90, 0.15 * src_words, 0.15 * max(own_words, 1))
    ]
    if not options or len(own) < 2:
        return None
    quote = rng.choice(options)
    own.insert(rng.randrange(1, len(own) + 1), quote)
    return "\n\n".join(own), [quote]


# --- the whole benchmark ---------------------------------------------------------------------


def eligible_source(article: Article) -> bool:
    """An article long and structured enough to be cut into copies."""
    paras = article.paragraphs
    n = _words_of(paras)
    return len(paras) >= 5 and 200 <= n <= 3000


@dataclass
class Selection:
    """The corpus articles a benchmark is made of, no two of them sharing much text."""

    sources: list[Article] = field(default_factory=list)
    distractors: list[Article] = field(default_factory=list)
    pool: list[Article] = field(default_factory=list)
    siblings: list[Article] = field(default_factory=list)
    index: dict[int, list[int]] = field(default_factory=dict)  # 5-gram -> chosen articles
    sizes: list[int] = field(default_factory=list)  # 5-gram count of each chosen article

    def take(self, art: Article, shingles: set[int] | None = None) -> bool:
        """Choose an article unless it overlaps a chosen one by 20% or more (either way)."""
        shingles = shingle_set(art.text) if shingles is None else shingles
        if not shingles or self.overlaps(shingles):
            return False
        number = len(self.sizes)
        self.sizes.append(len(shingles))
        for h in shingles:
            self.index.setdefault(h, []).append(number)
        return True

    def overlaps(self, shingles: set[int]) -> bool:
        """True when a shingle set overlaps a chosen article's by 20% or more either way."""
        shared: dict[int, int] = {}
        for h in shingles:
            for other in self.index.get(h, ()):
                shared[other] = shared.get(other, 0) + 1
        return any(
            count >= 0.2 * len(shingles) or count >= 0.2 * self.sizes[other]
            for other, count in shared.items()
        )


def parse_day(text: str) -> int | None:
    """Days since 0001-01-01 of an ISO date, or None."""
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def select_articles(articles: list[Article], config: BenchConfig, rng: random.Random) -> Selection:
    """Sources, distractors, pool and same-event siblings, no two of them sharing much text.

    The corpus holds a few real copies; an article whose word 5-grams overlap an already
    chosen one by 20% or more (either way) is skipped, so that labels stay true.
    """
    order = sorted(articles, key=lambda a: a.id)
    rng.shuffle(order)
    chosen = Selection()
    used: set[str] = set()
    for art in order:
        want_source = len(chosen.sources) < config.n and eligible_source(art)
        want_pool = len(chosen.pool) < config.pool and len(art.paragraphs) >= 3
        want_distractor = len(chosen.distractors) < config.distractors + config.quoters
        if not (want_source or want_pool or want_distractor):
            if len(chosen.sources) >= config.n and len(chosen.pool) >= config.pool:
                break
            continue
        if len(words(art.text)) < 50 or not chosen.take(art):
            continue
        used.add(art.id)
        if want_source:
            chosen.sources.append(art)
        elif want_pool:
            chosen.pool.append(art)
        else:
            chosen.distractors.append(art)
    by_topic: dict[str, list[tuple[int, Article]]] = {}
    for art in order:
        day = parse_day(art.date)
        if art.topic and day is not None and art.id not in used:
            by_topic.setdefault(art.topic, []).append((day, art))
    for src in chosen.sources:
        day = parse_day(src.date)
        if rng.random() >= config.siblings or day is None:
            continue
        near = [a for d, a in by_topic.get(src.topic, []) if abs(d - day) <= 3]
        near = [a for a in near if a.outlet != src.outlet and a.id not in used][:40]
        own = shingle_set(src.text)
        ranked = sorted(
            ((len(own & shingle_set(a.text)), a.id, a) for a in near), key=lambda x: (-x[0], x[1])
        )
        for _, _, art in ranked:
            if len(words(art.text)) >= 50 and chosen.take(art):
                chosen.siblings.append(art)
                used.add(art.id)
                break
    return chosen


def generate(articles: list[Article], config: BenchConfig) -> list[BenchDoc]:
    """The benchmark's documents (shuffled, opaque ids) with their ground truth."""
    rng = random.Random(config.seed)
    chosen = select_articles(articles, config, rng)
    sources, distractors = chosen.sources, chosen.distractors
    outlets = sorted({a.outlet for a in articles if a.outlet}) or ["Outlet"]
    pools = Pools(articles=chosen.pool or sources, outlets=outlets)
    docs: list[BenchDoc] = []

    def untouched(art: Article, role: str, group: str = "") -> BenchDoc:
        """An article as it is, in a role."""
        return BenchDoc("", art.text, art.title, art.outlet, group, role, art.id, article=art.text)

    for src in sources:
        count = rng.randint(*config.copies)
        taken = {src.outlet}
        if rng.random() < config.keep_original:
            docs.append(untouched(src, "original", src.id))
        for _ in range(count):
            choices = [o for o in outlets if o not in taken] or outlets
            outlet = rng.choice(choices)
            taken.add(outlet)
            text, title, mutations, coverage, kept, injected, article = make_copy(
                src, rng, config.rates, pools, outlet
            )
            docs.append(
                BenchDoc(
                    "", text, title, outlet, src.id, "copy", src.id, mutations, coverage, kept,
                    injected, article,
                )
            )  # fmt: skip
    docs.extend(untouched(art, "sibling") for art in chosen.siblings)
    quoting = distractors[: config.quoters]
    docs.extend(untouched(art, "distractor") for art in distractors[config.quoters :])
    for art in quoting:
        made = quoter(art, rng.choice(sources), rng) if sources else None
        if made is None:
            docs.append(untouched(art, "distractor"))
            continue
        text, quote = made
        doc = untouched(art, "quoter")
        doc.text, doc.article, doc.injected = text, text, {"quote": quote}
        docs.append(doc)
    rng.shuffle(docs)
    for number, doc in enumerate(docs):
        doc.id = f"b{number:05d}"
        doc.group = doc.group or doc.id
    return docs


def truth_labels(docs: list[BenchDoc]) -> dict[str, str]:
    """Document id -> ground-truth group."""
    return {d.id: d.group for d in docs}


def summary(docs: list[BenchDoc]) -> dict[str, Any]:
    """Counts of the benchmark: documents by role, groups, mutations, coverage."""
    roles: dict[str, int] = {}
    mutations: dict[str, int] = {}
    for d in docs:
        roles[d.role] = roles.get(d.role, 0) + 1
        for m in d.mutations:
            mutations[m] = mutations.get(m, 0) + 1
    copies = [d for d in docs if d.role == "copy"]
    low = sum(1 for d in copies if d.coverage < 0.5)
    groups = {d.group for d in docs if d.role in ("original", "copy")}
    return {
        "documents": len(docs),
        "roles": roles,
        "groups": len(groups),
        "mutations": dict(sorted(mutations.items())),
        "copies_under_half": low,
    }
