"""Every tunable setting in one place, as dataclasses with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

# DuckDB's buffer cache per open store. DuckDB's own default, 80% of the machine's memory, let
# the main process of a 10^6-page run grow past 7 GB of cached blocks; past this, DuckDB
# evicts blocks or spills to a temporary folder beside the store.
STORE_MEMORY_LIMIT = "2GB"
# while the stories stage holds the term rows and their inverted index, the store's cache is
# cut to this (DuckDB evicts what it holds beyond it at once): 1.5 GB less at 10^6 pages
STORE_LEAN_LIMIT = "256MB"


@dataclass(frozen=True)
class ReadConfig:
    """Limits on what is read."""

    max_page_bytes: int = 5_000_000  # a larger page (or JSONL line, read no further than
    # this while streaming) is recorded as a problem and skipped
    follow_links: bool = False  # read symbolic links that lead out of an input folder


@dataclass(frozen=True)
class ExtractConfig:
    """How bodies are cleaned."""

    min_body_words: int = 20  # a body shorter than this is kept but flagged
    clean: bool = True  # False: text input is already a clean body (only HTML is extracted)


@dataclass(frozen=True)
class SketchConfig:
    """How documents are shingled and sampled for candidate search."""

    shingle_words: int = 5  # word n-gram size for copy detection
    sample_mod: int = 4  # keep shingles whose hash % sample_mod == 0 for the candidate index
    max_doc_freq: int = 500  # sampled shingles found in more documents than this are ignored
    repeat_share: float = 0.8  # a passage this much said before on its page is a repeat


@dataclass(frozen=True)
class MatchConfig:
    """When two documents are a copy pair."""

    min_shared_samples: int = 3  # sampled shingles two documents must share to be compared
    min_sample_share: float = 0.2  # ... and that share of the smaller document's samples
    passage_threshold: float = 0.5  # share of a passage found that aligns it (shown as proof)
    whole_passage: float = 0.7  # share found at which a passage counts whole (small edits)
    min_containment: float = 0.5  # a pair needs this share of one side's body found in the other
    min_shared_words: int = 60  # and at least this many words of matched passages


@dataclass(frozen=True)
class GroupConfig:
    """How copy pairs become copy groups."""

    min_coverage: float = 0.6  # share of a member's own text that must be found in the source


@dataclass(frozen=True)
class StoryConfig:
    """How copy groups become stories.

    `threshold` is the one knob for users: the average similarity (TF-IDF cosine over the
    distinct terms of title and body, plus what shared passages add) that two stories need to
    merge. Lower it (0.12-0.15) for coarser stories that take in follow-ups and side angles of
    a topic; raise it (0.22-0.28) for finer stories of closely matching coverage. The default,
    0.19, is the best on the dev half of our own labelled event pairs (benchmarks/data) among
    the values where story-chains keeps its F1 and where the seed pages (alone and among
    AllSides distractors) and the example corpus come out exactly right
    (docs/benchmarks/stories.md). The other fields are engineering settings, not per-corpus
    knobs.
    """

    threshold: float = 0.19  # average-link similarity needed to join two stories
    max_days_apart: float = 10.0  # beyond this, similarity shrinks by max_days_apart / gap
    # beyond this many whole days apart, the word similarity (not what shared passages add)
    # shrinks by event_days / days: one event is reported within a day or so, while a story
    # followed over days keeps the wire text and quotes its pages share
    event_days: float = 1.0
    # units further apart are not compared: a month apart, two units already need a
    # similarity of 0.57 to join a story (0.285 to be linked at all)
    horizon_days: float = 30.0
    idf_exact_below: int = 1024  # term weights from every unit up to this size, then a sample
    # term counts as if this many documents of general text (the shipped prior,
    # `stories.prior`) had come before the input: a folder of a few pages is weighed as a
    # large corpus would be, and a large input's own counts take over; 0: the input alone
    prior_weight: float = 100.0
    # text two units share word for word (a quote, a wire sentence: sampled word 5-grams that
    # at most `reuse_max_units` units carry, `reuse_min` or more of them) adds up to
    # `reuse_weight` to their similarity, in full from `reuse_full` shared samples on; 0
    # turns it off (`stories.reuse`)
    reuse_weight: float = 0.25
    reuse_full: int = 5
    reuse_max_units: int = 5
    reuse_min: int = 2


@dataclass(frozen=True)
class Settings:
    """All settings of a run."""

    read: ReadConfig = field(default_factory=ReadConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    sketch: SketchConfig = field(default_factory=SketchConfig)
    match: MatchConfig = field(default_factory=MatchConfig)
    group: GroupConfig = field(default_factory=GroupConfig)
    story: StoryConfig = field(default_factory=StoryConfig)
    workers: int = 0  # 0: one per core
    story_terms: bool = True  # make each page's story terms while it is extracted (copy
    # detection alone has no use for them; stories make them later for pages without)
    find_quotes: bool = True  # find each page's quotes when it is stored (copy detection
    # alone has no use for them; a report finds them for stored pages without)
