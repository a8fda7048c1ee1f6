"""Quote marks, quoted spans, paragraphs and sentences of a body, and the bounds each span's
reading needs: found once per body by the compiled scan (`kernels`), with the searches and
patterns here as its twin (and as the way for a body beyond the Basic Multilingual Plane)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import numpy as np

from wiretrace.consolidate.quotes import kernels
from wiretrace.consolidate.quotes.words import (
    _ABBREVIATIONS,
    _APOSTROPHES,
    _CLOSERS,
    _MARK_CHARS,
    _OPEN_BEFORE,
    _SENTENCE_PARTS,
    _SINGLE,
    _SPACE,
    _UNAMBIGUOUS,
    _WORDS,
    MAX_QUOTE_CHARS,
    MIN_UNCUED_WORDS,
    WINDOW,
    _has_cue,
    cue_bits,
)


def _is_open(text: str, at: int) -> bool:
    """The mark at `at` can open a quote: nothing word-like right before it, text after it."""
    if text[at] in _UNAMBIGUOUS:
        return True
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if after in _SPACE and text[at] not in "«»„":
        return False
    if text[at] in "'’" and not after.isalpha():
        return False  # '90s, ’em-dash stray
    return before in _OPEN_BEFORE or not before.isalnum()


def _is_close(text: str, at: int) -> bool:
    """The mark at `at` can close a quote: not an apostrophe inside or right after a word."""
    after = text[at + 1] if at + 1 < len(text) else " "
    if text[at] == '"':  # also "... Islam."But": a sentence's end inside the marks
        return not after.isalnum() or text[at - 1] in ".,!?"
    if text[at] in _SINGLE:
        return not after.isalnum()
    return True


def marks(text: str) -> list[int]:
    """Places of the quote marks in a text, in order; not an apostrophe between two letters
    ("Korea’s", "don't") (a search per kind of mark: no pattern walks the text)."""
    found: list[int] = []
    last = len(text) - 1
    for mark in _MARK_CHARS:
        at = text.find(mark)
        if at < 0:
            continue
        between = mark in _APOSTROPHES
        while at >= 0:
            if not (
                between and 0 < at < last and text[at - 1].isalnum() and text[at + 1].isalnum()
            ):
                found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def spans(body: str, starts: list[int] | None = None) -> list[tuple[int, int, int, bool]]:
    """Top-level quoted spans: (open mark, content end, paragraph index, closed), in order
    (`starts`: where the body's paragraphs start, when known)."""
    if starts is None:
        return layout(body).spans
    return _spans(body, starts)


def _spans(body: str, starts: list[int] | None = None) -> list[tuple[int, int, int, bool]]:
    """`spans` by searches and patterns (the compiled scan's twin)."""
    found: list[tuple[int, int, int, bool]] = []
    places = marks(body)
    if not places:
        return found
    starts = starts or _paragraph_starts(body)
    first = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] - 2 if index + 1 < len(starts) else len(body)
        last = bisect_left(places, end, first)
        if last > first:
            found.extend(_paragraph_spans(body, places[first:last], start, end, index))
        first = last
    return found


def _paragraph_spans(
    body: str, places: list[int], start: int, end: int, index: int
) -> Iterator[tuple[int, int, int, bool]]:
    """Quoted spans of one paragraph from its marks: (open mark, content end, paragraph, closed)."""
    para = body[start:end]
    places = [p - start for p in places]
    i, n = 0, len(places)
    while i < n:
        at = places[i]
        mark = para[at]
        closers = _CLOSERS.get(mark)
        if closers is None or not _is_open(para, at):
            i += 1
            continue
        j = _closing_mark(para, places, i, closers, _MIXED.get(mark, ""))
        if j < n:
            if places[j] - at <= MAX_QUOTE_CHARS:
                yield at + start, places[j] + start, index, True
            i = j + 1
        else:  # open to the paragraph's end (a speech going on in the next one, or a slip)
            if mark not in _SINGLE and mark != "'":
                yield at + start, len(para.rstrip()) + start, index, False
            return


# a double quote opened by one kind of mark and closed by the other (text edited by hand
# mixes them: “...," he said): opening mark -> the other kind
_MIXED = {"“": '"', "”": '"', '"': "”"}


def _closing_mark(para: str, places: list[int], i: int, closers: str, other: str) -> int:
    """Index in `places` of the mark closing the quote opened at places[i], else len(places):
    one of its closers, or the `other` kind of double mark right after words ("...," he),
    unless a quote of that kind opened inside it and is still open."""
    inner = False  # a quote opened by the other kind inside this one, not yet closed
    for j in range(i + 1, len(places)):
        at = places[j]
        if para[at] in closers and _is_close(para, at):
            return j
        if para[at] == other:
            ends = _is_close(para, at) and para[at - 1] not in _SPACE
            if inner:
                inner = not ends
            elif _is_open(para, at):
                inner = True
            elif ends:
                return j
    return len(places)


_BLANK_LINE = re.compile("\n\n")


def _paragraph_starts(body: str) -> list[int]:
    """Where each paragraph of a body starts (after each blank line, left to right)."""
    return [0, *[m.end() for m in _BLANK_LINE.finditer(body)]]


def prepared(
    body: str,
    found: list[tuple[int, int, int, bool]],
    starts: list[int],
    sentences: Sentences,
) -> list[list[int]]:
    """Per quoted span, the bounds its reading needs: [content start, content end, its
    spaces, skipped (no text, or a title), paragraph start, paragraph end, end of the text
    after it that may hold its cue (the sentence after its closing mark, none after a full
    stop inside the marks unless a signature or a short sentence follows), start of the text
    before it (from the last span of the paragraph, at most WINDOW back), start of the
    sentence before it, speech without a cue (words enough), the text after it may hold a
    cue (a signature or a cue word), `cue_bits` of the sentence before it]."""
    rows = []
    for number, (open_at, end, para, closed) in enumerate(found):
        start, stop = _trimmed(body, open_at + 1, end)
        if stop <= start:
            rows.append(_SKIPPED.copy())
            continue
        spaces = body.count(" ", start, stop)
        if spaces < 8 and _titled(body, start, stop):
            rows.append(_SKIPPED.copy())
            continue
        para_start = starts[para]
        para_end = starts[para + 1] - 2 if para + 1 < len(starts) else len(body)
        last = found[number - 1] if number else None
        nxt = found[number + 1] if number + 1 < len(found) else None
        hi = nxt[0] if nxt is not None and nxt[2] == para else para_end
        after = end + 1
        if closed:
            after += sentences.end(end + 1, min(hi, end + 1 + WINDOW))
        text = body[end + 1 : after]
        if (
            text
            and body[stop - 1] == "."
            and not _signed(text)
            and not _short_sentence(text, hi - end - 1)
        ):
            after = end + 1  # "... for.” He said the plan ...": a new sentence, not its cue
        same_para = last is not None and last[2] == para
        lo = max(last[1] + 1 if last is not None and same_para else para_start, open_at - WINDOW)
        opening = lo + sentences.start(lo, open_at)
        speech = int(_long(body, start, stop, spaces))
        text = body[end + 1 : after]
        cued = int(_signed(text) or _has_cue(text))
        bits = cue_bits(body[opening:open_at])
        row = [start, stop, spaces, 0, para_start, para_end, after, lo, opening, speech, cued, bits]
        rows.append(row)
    return rows


_SKIPPED = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]  # `prepared`'s row of a span read no further


def _short_sentence(after: str, room: int) -> bool:
    """The text after a quote is a short sentence of its own ("Smith said Friday.")."""
    return len(after) < room and after.rstrip().endswith((".", "!", "?")) and after.count(" ") <= 6


def _long(body: str, start: int, stop: int, spaces: int) -> bool:
    """The span (with `spaces` spaces) has words enough to be speech without a cue (scripts
    without spaces: by characters)."""
    return spaces + 1 >= MIN_UNCUED_WORDS or (
        not spaces and stop - start >= 2 * MIN_UNCUED_WORDS and not body[start].isascii()
    )


def _titled(body: str, start: int, stop: int) -> bool:
    """Most words of the span (of fewer than eight spaces) are capitalised: a title ("The Art
    of the Deal"), not speech."""
    if not body[start].isupper():
        return False
    words = _WORDS.findall(body, start, stop)
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 8 and capitals * 3 >= len(words) * 2


def _signed(after: str) -> bool:
    """The text after a quote opens with a dash: '“...” — Name', a signature."""
    return after.lstrip(" \u00a0")[:1] in ("—", "–")


def _trimmed(body: str, start: int, stop: int) -> tuple[int, int]:
    """A quote's content without surrounding space and a trailing comma."""
    while start < stop and body[start] in _SPACE:
        start += 1
    while stop > start and (body[stop - 1] in _SPACE or body[stop - 1] == ","):
        stop -= 1
    return start, stop


def _sentence_start(text: str) -> int:
    """Where the last sentence of a text starts."""
    return Sentences(text).start(0, len(text))


def _sentence_end(text: str) -> int:
    """Where the first sentence of a text ends."""
    return Sentences(text).end(0, len(text))


class Layout:
    """A body's paragraph starts, quoted spans and sentence ends, found in one scan."""

    __slots__ = ("prepared", "sentences", "spans", "starts")

    def __init__(
        self,
        starts: list[int],
        spans: list[tuple[int, int, int, bool]],
        sentences: Sentences,
        ready: list[list[int]] | None = None,
    ) -> None:
        """What the scan found (`ready`: each span's bounds, made here when not given)."""
        self.starts = starts
        self.spans = spans
        self.sentences = sentences
        self.prepared = (
            prepared(sentences.body, spans, starts, sentences) if ready is None else ready
        )


def layout(body: str) -> Layout:
    """A body's layout: by the compiled scan, else (a code point beyond the Basic Multilingual
    Plane) by searches and patterns."""
    scanned = kernels.scan(body)
    if scanned is None:
        starts = _paragraph_starts(body)
        return Layout(starts, _spans(body, starts), Sentences(body))
    starts, found, ends, ready = scanned
    return Layout(starts, found, Sentences(body, ends), ready)


class Sentences:
    """Where a body's sentences end (each match of `_SENTENCE_PARTS`, found once: its start, the
    end of its stops, the start of its white space, its end), for the sentence bounds inside
    any stretch of the body: a stretch's own matches are the body's that reach into it, cut
    to it."""

    __slots__ = ("abbreviations", "body", "ends", "rows", "spaces", "starts", "stops", "words")

    def __init__(self, body: str, rows: np.ndarray | None = None) -> None:
        """The body's sentence ends: the scan's rows, else searched; both made into columns
        on first use (many bodies need none)."""
        self.body = body
        self.rows = rows
        self.stops: list[int] | None = None

    def _columns(self) -> list[int]:
        """The ends' columns (each a list), made now; the ends of their stops returned."""
        columns = _sentence_ends(self.body) if self.rows is None else self.rows.T.tolist()
        self.starts, self.stops, self.spaces, self.ends, self.words, self.abbreviations = columns
        return self.stops

    def start(self, lo: int, hi: int) -> int:
        """Where the last sentence of body[lo:hi] starts, from `lo` (as `_sentence_start` on
        that text: the last end not after an abbreviation)."""
        stops = self.stops
        if stops is None:
            stops = self._columns()
        k = bisect_left(self.spaces, hi) - 1
        while k >= 0 and stops[k] > lo:
            if not self._abbreviation(k, lo):
                return min(self.ends[k], hi) - lo
            k -= 1
        return 0

    def end(self, lo: int, hi: int) -> int:
        """Where the first sentence of body[lo:hi] ends, from `lo` (as `_sentence_end`)."""
        if hi <= lo:
            return 0
        stops = self.stops
        if stops is None:
            stops = self._columns()
        k = bisect_right(stops, lo)
        spaces = self.spaces
        while k < len(spaces) and spaces[k] < hi:
            if not self._abbreviation(k, lo):
                return max(self.starts[k], lo) - lo + 1
            k += 1
        return hi - lo

    def _abbreviation(self, k: int, lo: int) -> bool:
        """The k-th end, cut to the stretch from `lo`, follows an abbreviation (as
        `_abbreviation` on the stretch: the same for every stretch holding the whole word
        before it, which the scan found)."""
        if self.words[k] < lo:
            return _abbreviation_in(self.body, lo, max(self.starts[k], lo))
        return bool(self.abbreviations[k])


def _sentence_ends(body: str) -> list[list[int]]:
    """The sentence ends of `Sentences`, by the pattern (the compiled scan's twin)."""
    rows = []
    for m in _SENTENCE_PARTS.finditer(body):
        dot = m.start()
        begin = _word_start(body, 0, dot)
        abbreviated = int(_abbreviated(body, begin, dot))
        rows.append((dot, m.end(1), m.start(2), m.end(), begin, abbreviated))
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(6)]


def _abbreviation(text: str, dot: int) -> bool:
    """The full stop at `dot` ends an abbreviation or an initial, not a sentence."""
    return _abbreviation_in(text, 0, dot)


def _abbreviation_in(text: str, lo: int, dot: int) -> bool:
    """`_abbreviation` in the stretch of text from `lo`."""
    return _abbreviated(text, _word_start(text, lo, dot), dot)


def _word_start(text: str, lo: int, dot: int) -> int:
    """Where the letters and full stops before `dot` start, not before `lo`."""
    begin = dot
    while begin > lo and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    return begin


def _abbreviated(text: str, begin: int, dot: int) -> bool:
    """The stop at `dot` is a full stop after an abbreviation or initials starting at `begin`."""
    if text[dot] != ".":
        return False
    word = text[begin:dot]
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return True
    return "." in word and all(len(part) == 1 for part in word.split("."))  # "S.D.", "U.S."
