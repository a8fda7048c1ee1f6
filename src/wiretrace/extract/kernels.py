"""Compiled inner loops of the extract stage (Numba): a page's lines and their cheap gates.

`page_lines` splits a page into lines, re-flows each, and counts and gates each line in one pass
over its code points, giving what `text.split_lines` and `rules.scan_page` give by str methods:
the reference code stays in those modules, for pages with code points beyond the Basic
Multilingual Plane (whose word characters the tables do not hold) and for the tests.

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

from wiretrace.extract import lexicon, rules
from wiretrace.sketch.kernels import _P, add_sample, mix, tables

# what `str.splitlines` cuts at (\r\n counts as one cut)
_BREAKS = (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
_CR, _LF = 0x0D, 0x0A
# bits of a code point's class
_BREAK, _SPACE, _WORD, _FOREIGN, _SURROGATE = 1, 2, 4, 8, 16
_ENDS = _BREAK | _SURROGATE  # what ends a line, or the pass
# bits of a line's flags
SUSPECT = 1  # some line rule may cut it, known without the anchored rules' regexes
LEADS = 2  # it starts like an anchored rule may match: `rules.may_lead` must run its regexes
_PHOTO, _APPEAL, _CREDITS = 1, 2, 4  # which gate's needles a line's gate form holds
# the gates' needles are looked for only where a line's next four letters fall in a slot of
# a table that theirs fill (a hash of them: 32 bits times an odd constant, the top bits)
_QUAD_BITS = 12
_QUAD_MULT = 0x5BD1E995
_GATE_AGENCY, _GATE_DOMAIN = lexicon.GATE_AGENCY, lexicon.GATE_DOMAIN
_GATE_APPEAL, _GATE_ADDRESS = lexicon.GATE_APPEAL, lexicon.GATE_ADDRESS


@lru_cache(maxsize=1)
def _line_tables() -> tuple[np.ndarray, ...]:
    """Per BMP code point its class; the gates' needles, bucketed by their first two letters
    (`quads` marks where a needle may start, `pair` a bigram that may open a word addressing
    the reader); the lead words; all as arrays."""
    word, _, space = tables()
    # per code point its class bits, and above them its byte in a line's gate form
    kind = np.zeros(0x10000, dtype=np.uint16)
    kind[list(_BREAKS)] |= _BREAK
    kind[space] |= _SPACE
    kind[word] |= _WORD
    kind[0xD800:0xE000] |= _SURROGATE
    low = np.arange(128)
    form = np.full(0x10000, 32, dtype=np.uint16)
    form[:128] = np.where((low >= 65) & (low <= 90), low + 32, low)
    form[space] = 32
    foreign = np.ones(0x10000, dtype=np.bool_)
    foreign[:128] = False
    foreign[[ord(mark) for mark in lexicon.TYPOGRAPHIC]] = False
    kind[foreign & ~space & ((kind & _ENDS) == 0)] |= _FOREIGN
    kind |= form << 8
    lead_mark = np.zeros(0x10000, dtype=np.bool_)
    lead_mark[[ord(mark) for mark in rules._LEAD_MARKS]] = True
    groups = [
        (lexicon.PHOTO_GATE, _PHOTO),
        (lexicon.APPEAL_GATE, _APPEAL),
        (lexicon.CREDITS_GATE, _CREDITS),
    ]
    found = sorted((needle, bit) for needles, bit in groups for needle in needles)
    needles, needle_lens, _ = _padded([n for n, _ in found])
    needle_bits = np.array([bit for _, bit in found], dtype=np.uint8)
    opening = np.array([_bigram(n) for n, _ in found])
    bucket = np.searchsorted(opening, np.arange(128 * 128 + 1)).astype(np.int32)
    quads = np.zeros(1 << _QUAD_BITS, dtype=np.bool_)
    quads[[_quad_slot(n) for n, _ in found]] = True
    pair = np.zeros(128 * 128, dtype=np.bool_)  # what may open a word addressing the reader
    pair[[_bigram(w) for w in ("ou", "yo", "we", "us")]] = True
    leads, lead_lens, _ = _padded(sorted(rules._LEAD_WORDS))
    hints = _hint_tables()
    return (
        kind,
        lead_mark,
        needles,
        needle_lens,
        needle_bits,
        bucket,
        quads,
        pair,
        leads,
        lead_lens,
        *hints,
    )


# what the rules' gates look for (see `rules.line_gates`): needles anywhere in a gate form
_HINT_GROUPS = (
    (lexicon.APPEAL_GATE, lexicon.GATE_APPEAL),
    (lexicon.AGENCY_GATE, lexicon.GATE_AGENCY),
    (lexicon.SALES_GATE, lexicon.GATE_SALES),
    (lexicon.CREDITS_GATE, lexicon.GATE_CREDITS),
    (tuple(n.lower() for n in lexicon.DOMAIN_GATE if len(n) > 1), lexicon.GATE_DOMAIN),
    (("share ",), lexicon.GATE_SHARE),
    (lexicon.PHRASE_GATE, lexicon.GATE_PHRASE),
)


def _hint_tables() -> tuple[np.ndarray, ...]:
    """The gates' needles bucketed by their first two letters, with their bits; the words that
    address the reader, the appeal words and the appeal stems, each as padded rows."""
    found = sorted((needle, bit) for needles, bit in _HINT_GROUPS for needle in needles)
    needles, needle_lens, _ = _padded([n for n, _ in found])
    needle_bits = np.array([bit for _, bit in found], dtype=np.int64)
    opening = np.array([_bigram(n) for n, _ in found])
    bucket = np.searchsorted(opening, np.arange(128 * 128 + 1)).astype(np.int32)
    address, address_lens, _ = _padded(sorted(lexicon.ADDRESS_GATE))
    appeal, appeal_lens, _ = _padded(sorted(rules._APPEAL_TOKENS))
    stems, stem_lens, _ = _padded(sorted(rules._APPEAL_STEMS))
    words = (*lexicon.ADDRESS_GATE, *rules._APPEAL_TOKENS, *rules._APPEAL_STEMS)
    first = np.zeros(256, dtype=np.bool_)  # the letters these words open with
    first[[ord(w[0]) for w in words]] = True
    tables = (needles, needle_lens, needle_bits, bucket, first, address, address_lens)
    return (*tables, appeal, appeal_lens, stems, stem_lens)


def _quad_slot(word: str) -> int:
    """The slot of a word's first four (ASCII) letters in the gates' filter table."""
    assert len(word) >= 4 and word.isascii()
    w = int.from_bytes(word[:4].encode("ascii"), "big")
    return ((w * _QUAD_MULT) & 0xFFFFFFFF) >> (32 - _QUAD_BITS)


def _bigram(word: str) -> int:
    """The index of a word's first two (ASCII) letters in the bigram tables."""
    assert len(word) >= 2 and word.isascii()
    return ord(word[0]) * 128 + ord(word[1])


def _padded(words: list[str]) -> tuple[np.ndarray, np.ndarray, None]:
    """ASCII words as rows of a zero-padded array, and their lengths."""
    width = max(len(w) for w in words)
    out = np.zeros((len(words), width), dtype=np.uint8)
    for i, w in enumerate(words):
        out[i, : len(w)] = np.frombuffer(w.encode("ascii"), dtype=np.uint8)
    return out, np.array([len(w) for w in words], dtype=np.int64), None


def warm() -> None:
    """Load the compiled kernels now (from the disk cache, or compile them): a process that
    forks workers afterwards hands them ready code instead of each loading its own."""
    page_lines("warm up\n  the   kernels \r\nSupport our journalism (photo)")
    stop_word_hits("warm up the kernels", 1)
    credit_marks("warm up (AP) —")
    word, lower, space = tables()
    for codes in (np.zeros(3, dtype=np.uint16), np.zeros(3, dtype=np.uint32)):
        passage_hashes(codes, passage_bounds(codes, space), word, lower, space)
        newline_bounds(codes, 1)
    bounds = np.array([0, codes.size], dtype=np.int64)
    sample_passages(codes, bounds, word, lower, space, 2, 1)


def page_lines(raw: str) -> tuple[str, np.ndarray] | None:
    """The page's non-blank lines, re-flowed, and per line (index, start, end, indent, words,
    word characters (-1 when not counted), flags, gates, appeal hits); each line's text is the
    returned string's [start:end]. None when the page has code points beyond the BMP, or lone
    surrogates. Gates and hits (see `rules.line_gates`) are -1 where not known: on lines
    without an ASCII form, and on lines no rule looks at (flags 0).

    The pass reads the page's UTF-16 units: without surrogates, they are its code points.
    """
    codes = np.frombuffer(raw.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    out, rows, ok = scan_lines(codes, *_line_tables())
    if not ok:
        return None
    return out.tobytes().decode("utf-16-le"), rows


@njit(cache=True)
def scan_lines(  # type: ignore[no-untyped-def]
    codes,
    kind,
    lead_mark,
    needles,
    needle_lens,
    needle_bits,
    bucket,
    quads,
    pair,
    leads,
    lead_lens,
    hint_needles,
    hint_lens,
    hint_bits,
    hint_bucket,
    first,
    address,
    address_lens,
    appeal,
    appeal_lens,
    stems,
    stem_lens,
):
    """Split, re-flow, count and gate a page's lines (see `page_lines`), and whether it
    could: not when a code point is beyond the BMP or a surrogate."""
    n = codes.size
    out = np.empty_like(codes)
    rows = np.empty((n // 64 + 8, 9), dtype=np.int64)
    low = np.empty(n + 1, dtype=np.uint8)
    used = 0
    count = 0
    index = 0
    i = 0
    while True:
        # one raw line from i, up to its break (or the end); written without branching on
        # the characters: a space goes out as one, and is taken back when one is already
        # there (or nothing yet is), a trailing one after the line
        start = used
        indent = 0
        leading = 1
        last = 1  # the last character out is a space, or none is out yet
        spaces = 0
        dashes = 0
        words = 0
        chars = 0
        inword = 0
        seen = 0
        k = i
        while k < n:
            c = codes[k]
            cls = kind[c]
            if cls & _ENDS:
                if cls & _BREAK:
                    break
                return out[:0], rows[:0], False
            s = (cls >> 1) & 1  # _SPACE
            indent += s & leading
            leading &= s
            out[used] = 32 if s else c
            low[used - start] = cls >> 8
            step = 1 - (s & last)
            spaces += s & step
            used += step
            last = s
            w = (cls >> 2) & 1  # _WORD
            chars += w
            words += w & (1 - inword)
            inword = w
            dashes += c == 45
            seen |= cls
            k += 1
        if used > start and last:
            used -= 1
            spaces -= 1
        form = (seen & _FOREIGN) == 0
        if used > start:
            flags = 0
            gates = -1
            hits = -1
            if form:
                low[used - start] = 0  # ends the line for the bigram look-ups
                flags = _gates(
                    out, low, start, used, words, spaces, dashes,
                    needles, needle_lens, needle_bits, bucket, quads, pair,
                )  # fmt: skip
                if flags == 0:
                    flags = _leads(out, low, start, used, lead_mark, leads, lead_lens)
                if flags != 0:
                    size = used - start
                    gates = _hint_gates(low, size, hint_needles, hint_lens, hint_bits, hint_bucket)
                    if gates & _GATE_APPEAL:  # else the appeal rule asks for neither
                        gates, hits = _token_hints(
                            low,
                            size,
                            gates,
                            first,
                            address,
                            address_lens,
                            appeal,
                            appeal_lens,
                            stems,
                            stem_lens,
                        )
            else:
                flags = SUSPECT
                chars = -1
            if count == rows.shape[0]:
                rows = _more_rows(rows)
            rows[count, 0] = index
            rows[count, 1] = start
            rows[count, 2] = used
            rows[count, 3] = indent
            rows[count, 4] = words
            rows[count, 5] = chars
            rows[count, 6] = flags
            rows[count, 7] = gates
            rows[count, 8] = hits
            count += 1
        if k >= n:
            break
        if codes[k] == _CR and k + 1 < n and codes[k + 1] == _LF:
            k += 1
        i = k + 1
        index += 1
    return out[:used], rows[:count], True


@njit(cache=True)
def _more_rows(rows):  # type: ignore[no-untyped-def]
    """`rows` copied into an array of twice as many."""
    grown = np.empty((2 * rows.shape[0], rows.shape[1]), dtype=rows.dtype)
    grown[: rows.shape[0]] = rows
    return grown


@njit(cache=True)
def _gates(  # type: ignore[no-untyped-def]
    out, low, start, end, words, spaces, dashes,
    needles, needle_lens, needle_bits, bucket, quads, pair,
):  # fmt: skip
    """SUSPECT when a line (with an ASCII form, lower-cased in `low`, a 0 after it) is short,
    ends in a parenthesis, or holds the needles or marks that the rules `scan_page` passes over
    cannot match without."""
    size = end - start
    if words <= 15:
        return SUSPECT
    if out[end - 1] == 41 or (out[end - 1] == 46 and size > 1 and out[end - 2] == 41):
        return SUSPECT  # a caption's credit in parentheses ends the line
    if dashes >= 7 or spaces < 8:
        return SUSPECT
    bits = 0
    w = (np.int64(low[0]) << 16) | (np.int64(low[1]) << 8) | np.int64(low[2])
    for p in range(size - 3):
        w = ((w << 8) | low[p + 3]) & 0xFFFFFFFF
        if quads[((w * _QUAD_MULT) & 0xFFFFFFFF) >> (32 - _QUAD_BITS)]:
            bits |= _needles_at(low, p, size, needles, needle_lens, needle_bits, bucket, -1)
    if (bits & _PHOTO) or (bits & _CREDITS and words <= 60):
        return SUSPECT
    if bits & _APPEAL and _has_address(low, size, pair):
        return SUSPECT
    return 0


@njit(cache=True, inline="always")
def _needles_at(low, p, size, needles, needle_lens, needle_bits, bucket, skip):  # type: ignore[no-untyped-def]
    """The bits of the needles that start at p of a line's gate form (`low`, a 0 after it),
    but of those whose bit is `skip`."""
    bits = 0
    key = low[p] * 128 + low[p + 1]
    for k in range(bucket[key], bucket[key + 1]):
        m = needle_lens[k]
        if p + m <= size:
            hit = True
            for q in range(2, m):
                if low[p + q] != needles[k, q]:
                    hit = False
                    break
            if hit and needle_bits[k] != skip:
                bits |= needle_bits[k]
    return bits


@njit(cache=True)
def _has_address(low, size, pair):  # type: ignore[no-untyped-def]
    """A word of a line's gate form (`low`, a 0 after it) may address the reader."""
    for p in range(size):
        if (
            pair[low[p] * 128 + low[p + 1]]
            and (p == 0 or not _is_word(low[p - 1]))
            and _addresses(low, p, size)
        ):
            return True
    return False


@njit(cache=True)
def _hint_gates(low, size, needles, needle_lens, needle_bits, bucket):  # type: ignore[no-untyped-def]
    """The gate bits of the needles a line's gate form (`low`, a 0 after it) holds; an agency
    needle counts only within the last 160 characters, where the caption rule looks."""
    bits = 0
    for p in range(size):
        a = low[p]
        b = low[p + 1]
        if a >= 128 or b >= 128:
            continue
        skip = _GATE_AGENCY if p < size - 160 else -1
        bits |= _needles_at(low, p, size, needles, needle_lens, needle_bits, bucket, skip)
        if a == 64:  # "@"
            bits |= _GATE_DOMAIN
    return bits


@njit(cache=True)
def _token_hints(
    low, size, gates, first, address, address_lens, appeal, appeal_lens, stems, stem_lens
):  # type: ignore[no-untyped-def]
    """`gates` with the bit of a word addressing the reader when the line has one, and the
    count of its appeal words (see `rules.appeal_tokens`): over the tokens of its gate form,
    the runs of ASCII word characters."""
    hits = 0
    p = 0
    while p < size:
        if not _is_word(low[p]):
            p += 1
            continue
        e = p
        while e < size and _is_word(low[e]):
            e += 1
        if not first[low[p]]:  # no word of the lists opens with this letter
            p = e
            continue
        if _is_one_of(low, p, e, address, address_lens):
            gates |= _GATE_ADDRESS
        if _is_one_of(low, p, e, appeal, appeal_lens) or _starts_one_of(
            low, p, e, stems, stem_lens
        ):
            hits += 1
        p = e
    return gates, hits


@njit(cache=True, inline="always")
def _is_one_of(low, p, e, words, lens):  # type: ignore[no-untyped-def]
    """low[p:e] is one of the padded words."""
    for k in range(words.shape[0]):
        if lens[k] == e - p:
            same = True
            for q in range(e - p):
                if low[p + q] != words[k, q]:
                    same = False
                    break
            if same:
                return True
    return False


@njit(cache=True, inline="always")
def _starts_one_of(low, p, e, words, lens):  # type: ignore[no-untyped-def]
    """low[p:e] starts with one of the padded words."""
    for k in range(words.shape[0]):
        if lens[k] <= e - p:
            same = True
            for q in range(lens[k]):
                if low[p + q] != words[k, q]:
                    same = False
                    break
            if same:
                return True
    return False


@njit(cache=True, inline="always")
def _is_word(c):  # type: ignore[no-untyped-def]
    """An ASCII word character (of a gate form, where all else is ASCII too)."""
    return (48 <= c <= 57) or (97 <= c <= 122) or c == 95 or (65 <= c <= 90)


@njit(cache=True)
def _addresses(low, p, size):  # type: ignore[no-untyped-def]
    """The word starting at p may address the reader: it opens with our/you, or is we/us."""
    if p + 3 <= size:
        a, b, c = low[p], low[p + 1], low[p + 2]
        if (a == 111 and b == 117 and c == 114) or (a == 121 and b == 111 and c == 117):
            return True
    if p + 2 <= size:
        a, b = low[p], low[p + 1]
        if (a == 119 and b == 101) or (a == 117 and b == 115):
            return p + 2 == size or not _is_word(low[p + 2])
    return False


@njit(cache=True)
def _leads(out, low, start, end, lead_mark, leads, lead_lens):  # type: ignore[no-untyped-def]
    """LEADS when the line opens like an anchored rule may match (see `rules.may_lead`); the
    only other characters a gate form keeps, typographic marks (spaces in `low`), match no
    letter of the lead words, and a space of theirs only where no rule matches."""
    p = start
    while p < end and lead_mark[out[p]]:
        p += 1
    stop = min(p + 16, end)
    if p == stop:
        return LEADS
    c = out[p]
    if not ((65 <= c <= 90) or (97 <= c <= 122)):
        return LEADS
    for k in range(leads.shape[0]):
        m = lead_lens[k]
        if p + m <= stop:
            hit = True
            for q in range(m):
                if low[p - start + q] != leads[k, q]:
                    hit = False
                    break
            if hit:
                return LEADS
    return 0


_STOP_BITS = 10  # the stop words' hash table has 2**10 slots (some 150 words in it)
_STOP_MULT = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=1)
def _stop_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The stop words of `language` in an open-addressing hash table: each packed in a uint64
    (0: an empty slot), with a bit for each language that has it (in `language._SETS` order);
    per BMP code point its lower case, and whether that is a letter of `language`'s words
    (2 for `İ`, whose lower case is two characters, and for the surrogates: a sample holding
    one takes the plain count)."""
    from wiretrace.extract import language

    masks: dict[int, int] = {}
    for bit, lang in enumerate(language._SETS):
        for word in language._SETS[lang]:
            masks[_pack(word)] = masks.get(_pack(word), 0) | (1 << bit)
    keys = np.zeros(1 << _STOP_BITS, dtype=np.uint64)
    bits = np.zeros(1 << _STOP_BITS, dtype=np.int64)
    for packed, mask in masks.items():
        slot = _stop_slot(np.uint64(packed))
        while keys[slot]:
            slot = (slot + 1) & ((1 << _STOP_BITS) - 1)
        keys[slot], bits[slot] = packed, mask
    # `language._WORD`'s letters, [^\W\d_]: word characters but decimal digits and `_`
    word, lower_codes, _ = tables()
    lower = lower_codes.astype(np.uint16)  # no BMP character lower-cases beyond it
    decimal = np.array([chr(c).isdecimal() for c in range(0x10000)], dtype=np.bool_)
    letter = (word[lower] & ~decimal[lower]).astype(np.uint8)
    letter[ord("_")] = 0
    letter[0x130] = 2
    letter[0xD800:0xE000] = 2  # a lone surrogate: the sample is counted by str methods
    return keys, bits, lower, letter


@njit(cache=True, inline="always")
def _stop_slot(packed):  # type: ignore[no-untyped-def]
    """A packed word's first slot in the stop words' hash table."""
    return np.int64((packed * _STOP_MULT) >> np.uint64(64 - _STOP_BITS))


def _pack(word: str) -> int:
    """A word of at most 8 Latin-1 letters as one integer (its bytes, little-endian)."""
    assert 0 < len(word) <= 8
    return int.from_bytes(word.encode("latin-1"), "little")


def stop_word_hits(sample: str, langs: int) -> tuple[int, list[int]] | None:
    """How many words (letter runs of the lower-cased text) a sample has, and per language how
    many of them are its stop words (see `language.guess_language`); None when the sample has
    a character beyond the BMP or an `İ`."""
    keys, masks, lower, letter = _stop_tables()
    codes = np.frombuffer(sample.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    hits = np.zeros(langs, dtype=np.int64)
    tokens = count_stop_words(codes, lower, letter, keys, masks, hits)
    return None if tokens < 0 else (tokens, hits.tolist())


@njit(cache=True)
def count_stop_words(codes, lower, letter, keys, masks, hits):  # type: ignore[no-untyped-def]
    """Count the letter runs of a text's UTF-16 code units, adding to `hits` per language bit
    those found among the stop words (hash table `keys`, `masks`); returns the number of
    runs, or -1 (`hits` then half counted) when a unit is a surrogate or an `İ` (letter 2)."""
    tokens = 0
    n = codes.size
    last = keys.size - 1
    found = np.zeros(keys.size, dtype=np.int64)  # per slot, how often its word came
    i = 0
    while i < n:
        kind = letter[codes[i]]
        if kind != 1:
            if kind == 2:
                return -1
            i += 1
            continue
        j = i
        packed = np.uint64(0)
        latin = True
        while j < n and letter[codes[j]] == 1:
            c = lower[codes[j]]
            if c >= 256:
                latin = False
            elif j - i < 8:
                packed |= np.uint64(c) << np.uint64(8 * (j - i))
            j += 1
        tokens += 1
        if latin and j - i <= 8:
            slot = _stop_slot(packed)
            while keys[slot] != 0 and keys[slot] != packed:
                slot = (slot + 1) & last
            if keys[slot] == packed:
                found[slot] += 1
        i = j
    for slot in range(keys.size):
        if found[slot]:
            for bit in range(hits.size):
                if masks[slot] & (1 << bit):
                    hits[bit] += found[slot]
    return tokens


# what `credit_marks` finds around the agency names in a text (bits of its result)
NAMED = 1  # some agency name
DATELINE = 2  # one in parentheses: `(AP)`
OPENS = 4  # one opening a line, after blanks
CLOSES = 8  # one closing a line, before blanks
ALONE = 16  # one alone on its line
WITH = 32  # one after "with ", closing its line
TOLD = 64  # one after "told " or "told the "
ROLE = 128  # one before " reporter", " correspondent" or " journalist"
ACCORDING = 256  # one after "according to " or "according to the "
VERB = 512  # one before " reported", " said", " wrote" or " learned"
_BEFORE = ((b"with ", WITH), (b"told ", TOLD), (b"told the ", TOLD))
_BEFORE += ((b"according to ", ACCORDING), (b"according to the ", ACCORDING))
_AFTER = ((b" reporter", ROLE), (b" correspondent", ROLE), (b" journalist", ROLE))
_AFTER += ((b" reported", VERB), (b" said", VERB), (b" wrote", VERB), (b" learned", VERB))


@lru_cache(maxsize=1)
def _credit_tables() -> tuple[np.ndarray, ...]:
    """The agencies' written forms (ASCII), bucketed by first byte; the words looked for
    before and after them, with their bits; which bytes may be blanks in UTF-8."""
    from wiretrace.extract import credit

    forms = sorted(credit.FORMS)
    padded, lens, _ = _padded(forms)
    bucket = np.searchsorted(np.array([ord(f[0]) for f in forms]), np.arange(257)).astype(np.int32)
    before, before_lens, _ = _padded([w.decode() for w, _ in _BEFORE])
    after, after_lens, _ = _padded([w.decode() for w, _ in _AFTER])
    before_bits = np.array([bit for _, bit in _BEFORE], dtype=np.int64)
    after_bits = np.array([bit for _, bit in _AFTER], dtype=np.int64)
    blank = np.zeros(256, dtype=np.bool_)  # ASCII white space but the newline; any non-ASCII byte
    blank[[ord(c) for c in map(chr, range(128)) if c.isspace() and c != "\n"]] = True
    blank[128:] = True
    tables = (padded, lens, bucket, before, before_lens, before_bits)
    return (*tables, after, after_lens, after_bits, blank)


def credit_marks(text: str) -> int:
    """Which contexts (bits above) the agency names of a text stand in, looked for at every
    place any written form of any agency starts; found in one pass over its UTF-8 bytes.

    Where a bit is off, no credit rule that needs that context can match: the name a rule
    matches is one of these places. (OPENS and CLOSES take any non-ASCII character for a
    possible blank: they may be on where no blank is, never off where one is.)
    """
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return int(scan_credit(data, *_credit_tables()))


@njit(cache=True)
def scan_credit(  # type: ignore[no-untyped-def]
    data,
    forms,
    lens,
    bucket,
    before,
    before_lens,
    before_bits,
    after,
    after_lens,
    after_bits,
    blank,
):
    """`credit_marks` of a text's UTF-8 bytes."""
    n = data.size
    marks = 0
    for p in range(n):
        c = data[p]
        for k in range(bucket[c], bucket[c + 1]):
            m = lens[k]
            if p + m > n:
                continue
            hit = True
            for q in range(1, m):
                if data[p + q] != forms[k, q]:
                    hit = False
                    break
            if hit:
                marks |= _credit_context(
                    data,
                    p,
                    p + m,
                    before,
                    before_lens,
                    before_bits,
                    after,
                    after_lens,
                    after_bits,
                    blank,
                )
    return marks


@njit(cache=True)
def _credit_context(  # type: ignore[no-untyped-def]
    data, start, end, before, before_lens, before_bits, after, after_lens, after_bits, blank
):
    """The bits of one agency name at data[start:end]."""
    marks = NAMED
    for k in range(before.shape[0]):
        m = before_lens[k]
        if start >= m:
            hit = True
            for q in range(m):
                if data[start - m + q] != before[k, q]:
                    hit = False
                    break
            if hit:
                marks |= before_bits[k]
    for k in range(after.shape[0]):
        m = after_lens[k]
        if end + m <= data.size:
            hit = True
            for q in range(m):
                if data[end + q] != after[k, q]:
                    hit = False
                    break
            if hit:
                marks |= after_bits[k]
    if start >= 1 and data[start - 1] == 40 and end < data.size and data[end] == 41:
        marks |= DATELINE
    p = start - 1
    while p >= 0 and data[p] != 10 and blank[data[p]]:
        p -= 1
    opens = p < 0 or data[p] == 10
    p = end
    while p < data.size and data[p] != 10 and blank[data[p]]:
        p += 1
    closes = p >= data.size or data[p] == 10
    if opens:
        marks |= OPENS
    if closes:
        marks |= CLOSES
    if opens and closes:
        marks |= ALONE
    if (marks & WITH) and not closes:
        marks &= ~WITH
    return marks


@njit(cache=True)
def passage_hashes(codes, bounds, word, lower, space):  # type: ignore[no-untyped-def]
    """Per passage of a text (passage d starts at bounds[d], the last bound is past the end),
    the hashes of its lower-cased word tokens as `sketch.kernels.token_hashes` makes them;
    where each passage's tokens start among all of them (and their count, last); and each
    passage's `len(str.split())`."""
    n = codes.size
    parts = bounds.size - 1
    hashes = np.empty(n // 2 + 1, dtype=np.uint64)
    cuts = np.empty(parts + 1, dtype=np.int64)
    sizes = np.zeros(parts, dtype=np.int64)
    count = 0
    for d in range(parts):
        cuts[d] = count
        start = -1
        h = np.uint64(0)
        power = np.uint64(1)
        size = 0
        gap = True
        hi = min(bounds[d + 1], n)
        for i in range(bounds[d], hi):
            c = codes[i]
            if c < 0x10000 and word[c]:
                if start < 0:
                    start = i
                    h = np.uint64(0)
                    power = np.uint64(1)
                h += (np.uint64(lower[c]) + np.uint64(1)) * power
                power *= _P
                if gap:
                    size += 1
                    gap = False
                continue
            if start >= 0:
                hashes[count] = mix(h ^ np.uint64(i - start))
                count += 1
                start = -1
            if c < 0x10000 and space[c]:
                gap = True
            elif gap:
                size += 1
                gap = False
        if start >= 0:
            hashes[count] = mix(h ^ np.uint64(hi - start))
            count += 1
        sizes[d] = size
    cuts[parts] = count
    return hashes[:count], cuts, sizes


@njit(cache=True)
def sample_passages(codes, bounds, word, lower, space, k, mod):  # type: ignore[no-untyped-def]
    """`sketch.kernels.sample_docs` of a chunk's bodies (body i in codes[bounds[i]:bounds[i +
    1]]), and each body's `passage_hashes` over its `passage_bounds`: the token hashes of its
    passages, one after another, are those of the whole body, so one hashing serves both.

    Returns words, samples and their offsets as `sample_docs` does; then the token hashes of
    all passages, where each passage's start among them (and their count, last), each
    passage's `str.split` size, and where each body's passages start (and their count, last).
    """
    docs = bounds.size - 1
    words = np.zeros(docs, dtype=np.int64)
    offsets = np.zeros(docs + 1, dtype=np.int64)
    out = np.empty(max(codes.size // 8, 16), dtype=np.uint64)
    used = 0
    most = codes.size // 2 + docs + 1  # tokens or passages the chunk can hold at most
    hashes = np.empty(most, dtype=np.uint64)
    cuts = np.empty(most + 1, dtype=np.int64)
    sizes = np.empty(most, dtype=np.int64)
    firsts = np.zeros(docs + 1, dtype=np.int64)
    tokens = 0
    parts = 0
    for d in range(docs):
        body = codes[bounds[d] : bounds[d + 1]]
        own, own_cuts, own_sizes = passage_hashes(
            body, passage_bounds(body, space), word, lower, space
        )
        words[d] = own.size
        out, used = add_sample(own, k, mod, out, used)
        offsets[d + 1] = used
        hashes[tokens : tokens + own.size] = own
        cuts[parts : parts + own_sizes.size] = own_cuts[: own_sizes.size] + tokens
        sizes[parts : parts + own_sizes.size] = own_sizes
        tokens += own.size
        parts += own_sizes.size
        firsts[d + 1] = parts
    cuts[parts] = tokens
    return words, out[:used], offsets, hashes[:tokens], cuts[: parts + 1], sizes[:parts], firsts


@njit(cache=True)
def newline_bounds(codes, parts):  # type: ignore[no-untyped-def]
    """Where each of `parts` passages joined by newlines (none inside them) starts, and the
    end plus one (see `passage_hashes`)."""
    bounds = np.empty(parts + 1, dtype=np.int64)
    bounds[0] = 0
    d = 1
    for i in range(codes.size):
        if codes[i] == 10:
            bounds[d] = i + 1
            d += 1
    bounds[parts] = codes.size + 1
    return bounds


@njit(cache=True)
def passage_bounds(codes, space):  # type: ignore[no-untyped-def]
    """Where each passage of a body starts, and its end plus one (see `passage_hashes`): the
    pieces `str.split("\\n\\n")` cuts, but those all white space (which `model.passages`
    drops once stripped)."""
    n = codes.size
    bounds = np.empty(n // 2 + 2, dtype=np.int64)
    parts = 0
    start = 0
    i = 0
    while i <= n:
        if i == n or (codes[i] == 10 and i + 1 < n and codes[i + 1] == 10):
            for k in range(start, i):
                if not (codes[k] < 0x10000 and space[codes[k]]):
                    bounds[parts] = start
                    parts += 1
                    break
            start = i + 2
            i += 2
            continue
        i += 1
    bounds[parts] = n + 1
    return bounds[: parts + 1]
