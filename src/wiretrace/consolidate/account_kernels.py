"""Compiled word-set kernels (Numba) for a story's consolidated account and its merged quotes.

Both compare texts (passages, quote wordings) by their sets of distinct words. Here a story's
texts go in as one str, read in place in one pass: lowered by a table (where the table cannot
lower a code point, Python lowers the texts), cut into words, words left out (the account's
function words) dropped as they end, and each other distinct word of the story numbered
once, by a hash table whose hits are compared code point by code point, so two numbers are
always two different words. A text's words are then an
array of numbers with its few greatest last, in the order the plain code sorts words (by
length, then code point order, as Python orders strings), and the merges look words up and
count shared ones in arrays indexed by those numbers: no string is made for a word.

Word boundaries and lower cases come from tables built from Python's own definitions for the
Basic Multilingual Plane (`str.lower`, `str.isspace` with the account's punctuation marks,
`\\w`). The plain twins these kernels must agree with are `account_plain.story_account` and
`quotes.story.plain_clusters` (tests/test_account_kernels.py).

Compiled functions are cached on disk beside this file, so only the first run compiles them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit
from numba.cpython.unicode import _get_code_point

_ASTRAL = 0x10000
DONE, LOWER_IN_PYTHON, ASTRAL = 0, 1, 2  # how `text_words` went
_CODE = np.uint32(0x1FFFFF)  # in a class: the lower case's code point,
_CUT = np.uint32(1 << 30)  # whether that parts words,
_NOT_CUT = np.uint32(0)  # (a class without _CUT)
_SPECIAL = np.uint32(1 << 31)  # whether the table cannot lower the code point (Σ, İ)
_OFFSET = np.uint64(0xCBF29CE484222325)  # FNV-1a offset basis and prime
_PRIME = np.uint64(0x100000001B3)
_WIDE = (1 << 21) - 1  # a word's length in a sort key: longer ones sort by their code points
_APOSTROPHE = 0x2019  # ’: with an "s" after it, both are cut (the account's "’s" mark)
_S = 0x73
_NONE = -1


# --- words of a story, numbered


def words_of(
    texts: list[str],
    gap: str,
    tables: tuple[np.ndarray, np.ndarray, np.ndarray],
    marks: tuple[bool, bool],
    stops: tuple[np.ndarray, np.ndarray],
    signed: tuple[int, bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """`text_words` of texts joined with `gap` between them, lowered by the kernel's table
    (`tables`: the classes `word_classes` makes, and which code points make a text telling)
    or, where it cannot lower one, each by Python. `marks`: is "’s" a mark, are code points
    beyond the BMP part of a word in a lowered text; `stops`: words left out and their ends."""
    classes, kept, telling = tables
    possessive, astral_words = marks
    rules = (False, possessive, astral_words)
    found = _joined_words(texts, gap, (classes, telling), rules, stops, signed)
    if found[3] == DONE:
        return found
    low = [text.lower() for text in texts]
    return _joined_words(low, gap, (kept, telling), (True, *marks), stops, signed)


def _joined_words(
    texts: list[str],
    gap: str,
    tables: tuple[np.ndarray, np.ndarray],
    rules: tuple[bool, bool, bool],
    stops: tuple[np.ndarray, np.ndarray],
    signed: tuple[int, bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """`text_words` of texts joined with `gap` between them."""
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return text_words(gap.join(texts), sizes, len(gap), tables, rules, *stops, signed)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _lower_case() -> tuple[np.ndarray, np.ndarray]:
    """Per BMP code point: its lower case (its own where `str.lower` does not make it one
    BMP code point, or where the text around it decides: Σ), and whether it is such a one."""
    lowered = [chr(c).lower() for c in range(_ASTRAL)]
    special = np.array([len(low) != 1 or ord(low) >= _ASTRAL for low in lowered])
    special[ord("Σ")] = True
    lower = np.array([ord(low[0]) for low in lowered], dtype=np.uint32)
    lower[special] = np.flatnonzero(special)
    return lower, special


def word_classes(cuts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The classes `text_words` reads a text by, from what parts words (`cuts`, per BMP code
    point): per code point its lower case with _CUT where that parts words and _SPECIAL where
    Python must lower it; and the same for a text lowered already (each code point its own)."""
    lower, special = _lower_case()
    cut = np.uint32(_CUT)
    classes = lower | np.where(cuts[lower], cut, 0).astype(np.uint32)
    classes[special] = _SPECIAL
    kept = np.arange(_ASTRAL, dtype=np.uint32) | np.where(cuts, cut, 0).astype(np.uint32)
    return classes, kept


@njit(cache=True)
def _numbered(low, sizes, hashes):  # type: ignore[no-untyped-def]
    """Per token (the tokens' code points one after another in `low`, each of `sizes`, its
    FNV-1a hash in `hashes`): its word's number (words numbered in order of first
    appearance, by a hash table whose hits are compared code point by code point); and each
    word's start in `low` and length."""
    count = sizes.size
    capacity = 16
    while capacity < 2 * count:
        capacity *= 2
    mask = capacity - 1
    table = np.full(capacity, _NONE, dtype=np.int64)
    numbers = np.empty(count, dtype=np.int64)
    word_starts = np.empty(count, dtype=np.int64)
    word_sizes = np.empty(count, dtype=np.int64)
    words = 0
    start = 0
    for t in range(count):
        size = sizes[t]
        slot = np.int64(hashes[t] & np.uint64(mask))
        while True:
            w = table[slot]
            if w == _NONE:
                table[slot] = words
                word_starts[words] = start
                word_sizes[words] = size
                numbers[t] = words
                words += 1
                break
            if word_sizes[w] == size:
                other = word_starts[w] - start
                k = start
                while k < start + size and low[k + other] == low[k]:
                    k += 1
                if k == start + size:
                    numbers[t] = w
                    break
            slot = (slot + 1) & mask
        start += size
    return numbers, word_starts[:words], word_sizes[:words]


@njit(cache=True)
def _sort_keys(low, starts, sizes, alphabetical):  # type: ignore[no-untyped-def]
    """Per word (its code points at `low[starts[w]:starts[w] + sizes[w]]`): a key that orders
    words by length, then by code point order (reversed when `alphabetical`, so that of two
    words as long the first in code point order is the greater), wherever two keys differ:
    the length and the first two code points."""
    keys = np.empty(starts.size, dtype=np.int64)
    for w in range(starts.size):
        start, size = starts[w], sizes[w]
        first = np.int64(low[start])
        second = np.int64(low[start + 1]) if size > 1 else 0
        if alphabetical:
            first, second = _WIDE - first, _WIDE - second
        keys[w] = (min(size, _WIDE) << 42) | (first << 21) | second
    return keys


@njit(cache=True)
def _after(low, starts, sizes, a, b, alphabetical):  # type: ignore[no-untyped-def]
    """Does word `a` come after word `b` in `_sort_keys` order? For words whose keys are
    equal."""
    if sizes[a] != sizes[b]:
        return sizes[a] > sizes[b]
    sa, sb = starts[a], starts[b]
    for k in range(sizes[a]):
        if low[sa + k] != low[sb + k]:
            return (low[sa + k] < low[sb + k]) if alphabetical else (low[sa + k] > low[sb + k])
    return False


@njit(cache=True)
def _signed_sets(numbers, token_ends, low, word_starts, word_sizes, signed):  # type: ignore[no-untyped-def]
    """Per text, the distinct words of its tokens in `words[firsts[t]:firsts[t + 1]]`, the
    greatest `signature` last, in `_sort_keys` order, the others before them in order of
    appearance (`signed`: the signature and whether the order is `alphabetical`); tokens come
    text by text, each text's ending at `token_ends`."""
    texts = token_ends.size
    signature, alphabetical = signed
    keys = _sort_keys(low, word_starts, word_sizes, alphabetical)
    seen = np.full(word_sizes.size, _NONE, dtype=np.int64)  # the last text each word was in
    words = np.empty(numbers.size, dtype=np.int64)
    firsts = np.zeros(texts + 1, dtype=np.int64)
    top = np.empty(signature, dtype=np.int64)  # the longest words so far, in order
    found = 0
    t = 0
    for text in range(texts):
        a = found
        kept = 0
        while t < token_ends[text]:
            w = numbers[t]
            t += 1
            if seen[w] == text:
                continue
            seen[w] = text
            words[found] = w
            found += 1
            key = keys[w]
            if kept == signature:
                least = keys[top[0]]
                if key < least or (
                    key == least
                    and not _after(low, word_starts, word_sizes, w, top[0], alphabetical)
                ):
                    continue
                for j in range(1, kept):
                    top[j - 1] = top[j]
                kept -= 1
            j = kept
            while j and (
                keys[top[j - 1]] > key
                or (
                    keys[top[j - 1]] == key
                    and _after(low, word_starts, word_sizes, top[j - 1], w, alphabetical)
                )
            ):
                top[j] = top[j - 1]
                j -= 1
            top[j] = w
            kept += 1
        if found - a > kept:  # the others in order, then the greatest
            for j in range(kept):
                seen[top[j]] = _NONE  # (no later token of this text is read)
            rest = a
            for k in range(a, found):
                w = words[k]
                if seen[w] == text:
                    words[rest] = w
                    rest += 1
        words[found - kept : found] = top[:kept]
        firsts[text + 1] = found
    return words[:found], firsts


# --- the account: passages' content words, and the merge of a story's groups


@njit(cache=True)
def text_words(text, sizes, gap, tables, rules, stops, stop_ends, signed):  # type: ignore[no-untyped-def]
    """The words of each telling text of `text` (a str, read in place: texts of `sizes`, with
    `gap` code points between them): the words' numbers, text after text, each text's
    `words[firsts[t]:firsts[t + 1]]` (none for a text that is not telling) as `_signed_sets`
    orders them; each word's length; and a status: DONE, or (with nothing else)
    LOWER_IN_PYTHON where a telling text holds a code point the table cannot lower, or ASTRAL
    where it holds one beyond the BMP that `rules` do not say is part of a word. `tables`:
    per BMP code point its class (its lower case, with _CUT where that parts words, _SPECIAL
    where the table cannot lower it) and whether it makes a text telling. `rules`: is the
    text lowered already (then a class is the code point's own), is an "s" after "’" cut
    ("’s" is a mark), are code points beyond the BMP part of a word when the text is lowered.
    `stops` holds words left out, each ending at `stop_ends`."""
    classes, telling = tables
    lowered, possessive, astral_words = rules
    none = np.empty(0, dtype=np.int64)
    n = sizes.size
    length = len(text)
    low = np.empty(length, dtype=np.uint32)  # the tokens' code points, one after another
    most = (length + n) // 2 + 1  # tokens can be no more
    token_sizes = np.empty(most, dtype=np.int64)
    token_hashes = np.empty(most, dtype=np.uint64)
    token_ends = np.empty(n, dtype=np.int64)  # per text: the tokens up to its end
    left = (stops, stop_ends, _left_out(stops, stop_ends))
    tokens = 0
    at = 0
    hi = -gap
    for p in range(n):
        lo = hi + gap
        hi = lo + sizes[p]
        is_telling = False
        for i in range(lo, hi):
            c = _get_code_point(text, i)
            if c < _ASTRAL and telling[c]:
                is_telling = True
                break
        if not is_telling:
            token_ends[p] = tokens
            continue
        prev = np.uint32(0)
        size = 0
        h = _OFFSET
        for i in range(lo, hi):
            c = _get_code_point(text, i)
            if c < _ASTRAL:
                kind = classes[c]
                if kind & _SPECIAL:
                    return none, none, none, LOWER_IN_PYTHON
                cut = kind & _CUT
                c = kind & _CODE
            elif lowered and astral_words:
                cut = _NOT_CUT
            else:
                return none, none, none, ASTRAL
            if cut or (possessive and c == _S and prev == _APOSTROPHE):
                if size:  # a token ends (the text's last one, if any, after the loop)
                    at, tokens = _token_end(
                        at, size, h, (low, token_sizes, token_hashes), tokens, left
                    )
                    size = 0
                    h = _OFFSET
            else:
                low[at] = c
                at += 1
                size += 1
                h = (h ^ np.uint64(c)) * _PRIME
            prev = c
        if size:
            at, tokens = _token_end(at, size, h, (low, token_sizes, token_hashes), tokens, left)
        token_ends[p] = tokens
    numbers, word_starts, word_sizes = _numbered(low, token_sizes[:tokens], token_hashes[:tokens])
    words, firsts = _signed_sets(numbers, token_ends, low, word_starts, word_sizes, signed)
    return words, firsts, word_sizes, DONE


@njit(cache=True, inline="always")
def _token_end(at, size, h, tokens_at, tokens, left):  # type: ignore[no-untyped-def]
    """Keep the token that ends at `at` in `low` (its `size` code points, its hash `h`) as
    the next of `tokens`, unless it is a word left out (then its code points are dropped):
    where the next code points go, and how many tokens there are."""
    low, token_sizes, token_hashes = tokens_at
    stops, stop_ends, table = left
    if _is_left_out(low, at - size, size, h, stops, stop_ends, table):
        return at - size, tokens
    token_sizes[tokens] = size
    token_hashes[tokens] = h
    return at, tokens + 1


@njit(cache=True)
def _left_out(stops, stop_ends):  # type: ignore[no-untyped-def]
    """A hash table of the words left out (`stops`, each ending at `stop_ends`): per slot the
    word's number, or -1."""
    capacity = 16
    while capacity < 4 * stop_ends.size:
        capacity *= 2
    table = np.full(capacity, _NONE, dtype=np.int64)
    lo = 0
    for w in range(stop_ends.size):
        h = _OFFSET
        for k in range(lo, stop_ends[w]):
            h = (h ^ np.uint64(stops[k])) * _PRIME
        slot = np.int64(h & np.uint64(capacity - 1))
        while table[slot] != _NONE:
            slot = (slot + 1) & (capacity - 1)
        table[slot] = w
        lo = stop_ends[w]
    return table


@njit(cache=True, inline="always")
def _is_left_out(low, start, size, h, stops, stop_ends, table):  # type: ignore[no-untyped-def]
    """Is the token `low[start:start + size]` (its hash `h`) one of the words left out?"""
    mask = table.size - 1
    slot = np.int64(h & np.uint64(mask))
    while table[slot] != _NONE:
        w = table[slot]
        first = stop_ends[w - 1] if w else 0
        if stop_ends[w] - first == size:
            k = 0
            while k < size and stops[first + k] == low[start + k]:
                k += 1
            if k == size:
                return True
        slot = (slot + 1) & mask
    return False


@njit(cache=True)
def sized(firsts, start, least, most):  # type: ignore[no-untyped-def]
    """The texts from `start` on with `least` to `most` words (`firsts` bounding each's)."""
    found = np.empty(firsts.size, dtype=np.int64)
    count = 0
    for t in range(start, firsts.size - 1):
        if least <= firsts[t + 1] - firsts[t] <= most:
            found[count] = t
            count += 1
    return found[:count]


@njit(cache=True, inline="always")
def _may_match(words, a, b, held, least):  # type: ignore[no-untyped-def]
    """Are at least `least` of the words `words[a:b]` in some entry's signature?"""
    hits = 0
    for k in range(a, b):
        if held[words[k]] > 0:
            hits += 1
            if hits >= least:
                return True
    return False


@njit(cache=True, inline="always")
def _same_entry(words, firsts, p, group, index, entries, scratch, limits, min_overlap):  # type: ignore[no-untyped-def]
    """`_Merger.same` for passage `p` of copy group `group`: the entry of another group that
    says what it says, or -1. Entries are found by the words of the passage's signature (its
    last SIGNATURE words: a passage of no more has them in the order to look them up in) and
    confirmed on all their words. `scratch` (entries met, their shares, marked words) is left
    as found."""
    min_shared, signature, min_signature, common_limit = limits[0], limits[1], limits[2], limits[3]
    first_node, held, node_entry, next_node = index[0], index[1], index[2], index[3]
    entry_passage, entry_group = entries[1], entries[2]
    met, shared, marks = scratch
    a, b = firsts[p], firsts[p + 1]
    size = b - a
    met_count = 0
    for k in range(max(a, b - signature), b):
        w = words[k]
        if 0 < held[w] <= common_limit:
            node = first_node[w]
            while node != _NONE:
                e = node_entry[node]
                if shared[e] == 0:
                    met[met_count] = e
                    met_count += 1
                shared[e] += 1
                node = next_node[node]
    for k in range(a, b):
        marks[words[k]] = 1
    best, best_share = _NONE, 0.0
    for m in range(met_count):
        e = met[m]
        if shared[e] >= min_signature and entry_group[e] != group:
            q = entry_passage[e]
            common = 0
            for k in range(firsts[q], firsts[q + 1]):
                common += marks[words[k]]
            share = common / min(size, firsts[q + 1] - firsts[q])
            if share >= min_overlap and share > best_share and common >= min_shared:
                best, best_share = e, share
        shared[e] = 0
    for k in range(a, b):
        marks[words[k]] = 0
    return best


@njit(cache=True, inline="always")
def _add(p, after, g, last, words, firsts, index, entries, count, signature):  # type: ignore[no-untyped-def]
    """Make passage `p` (of group `g`) entry number `count`, placed after entry `after` (-1:
    not placed), its signature (last SIGNATURE words) indexed unless the group is the last."""
    made, entry_passage, entry_group, first_child, last_child, next_sibling, group_ids = entries
    first_node, held, node_entry, next_node, last_node, nodes = index
    made[p] = count
    entry_passage[count] = p
    entry_group[count] = group_ids[g]
    if g != last:  # no later group looks the last one's passages up
        a, b = firsts[p], firsts[p + 1]
        for k in range(max(a, b - signature), b):
            w = words[k]
            node = nodes[0]
            nodes[0] += 1
            node_entry[node] = count
            if held[w] == 0:
                first_node[w] = node
            else:
                next_node[last_node[w]] = node
            last_node[w] = node
            held[w] += 1
    if after != _NONE:
        if first_child[after] == _NONE:
            first_child[after] = count
        else:
            next_sibling[last_child[after]] = count
        last_child[after] = count
    return count


@njit(cache=True)
def merge(words, firsts, vocabulary, group_ends, group_ids, limits, min_overlap):  # type: ignore[no-untyped-def]
    """`account.story_account`'s merge of a story's groups, passage by passage (each group's
    passages ending at `group_ends`, its copy group numbered in `group_ids`; each passage's
    words in `words[firsts[p]:firsts[p + 1]]`; `limits`: MIN_SHARED, SIGNATURE, MIN_SIGNATURE,
    COMMON; and MIN_OVERLAP): per passage the entry it was merged into (or -1) and
    the entry it made (or -1), and the entries in story order."""
    signature = limits[1]
    n = firsts.size - 1
    last = group_ends.size - 1
    entries = (
        np.full(n, _NONE, dtype=np.int64),  # per passage: the entry it made
        np.empty(n, dtype=np.int64),  # per entry: its passage
        np.empty(n, dtype=np.int64),  # and its copy group
        np.full(n, _NONE, dtype=np.int64),  # the first entry placed after it
        np.full(n, _NONE, dtype=np.int64),  # the last
        np.full(n, _NONE, dtype=np.int64),  # the next entry placed after the same one
        group_ids,
    )
    merged_into = np.full(n, _NONE, dtype=np.int64)
    nodes = n * signature + 1
    index = (
        np.full(vocabulary, _NONE, dtype=np.int64),
        np.zeros(vocabulary, dtype=np.int64),
        np.empty(nodes, dtype=np.int64),
        np.full(nodes, _NONE, dtype=np.int64),
        np.empty(vocabulary, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
    )
    scratch = (
        np.empty(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.zeros(vocabulary, dtype=np.int64),
    )
    heads = np.empty(n, dtype=np.int64)
    waiting = np.empty(n, dtype=np.int64)
    head_count = 0
    count = 0
    p = 0
    for g in range(group_ends.size):
        reached = _NONE  # the entry this group's last passage reached
        wait_count = 0  # the passages before any reached one
        while p < group_ends[g]:
            match = _NONE
            if (
                g
                and firsts[p + 1] - firsts[p] >= limits[0]
                and _may_match(words, firsts[p], firsts[p + 1], index[1], limits[2])
            ):
                match = _same_entry(
                    words, firsts, p, group_ids[g], index, entries, scratch, limits, min_overlap
                )
            if match != _NONE:
                merged_into[p] = match
                reached = match
                for k in range(wait_count):  # a group's opening, placed by its first match
                    reached = _add(
                        waiting[k],
                        reached,
                        g,
                        last,
                        words,
                        firsts,
                        index,
                        entries,
                        count,
                        signature,
                    )
                    count += 1
                wait_count = 0
            elif g and reached == _NONE:
                waiting[wait_count] = p
                wait_count += 1
            else:
                after = reached if g else _NONE  # the first group's entries are heads
                reached = _add(p, after, g, last, words, firsts, index, entries, count, signature)
                count += 1
                if not g:
                    heads[head_count] = reached
                    head_count += 1
            p += 1
        for k in range(wait_count):  # a group that says nothing the others say: at the end
            heads[head_count] = _add(
                waiting[k], _NONE, g, last, words, firsts, index, entries, count, signature
            )
            head_count += 1
            count += 1
    order = _story_order(heads[:head_count], entries[3], entries[5], count)
    return merged_into, entries[0], order


@njit(cache=True)
def _story_order(heads, first_child, next_sibling, count):  # type: ignore[no-untyped-def]
    """The entries in story order: each head, then what was placed after it (depth first)."""
    out = np.empty(count, dtype=np.int64)
    stack = np.empty(count, dtype=np.int64)
    top = 0
    for k in range(heads.size - 1, -1, -1):
        stack[top] = heads[k]
        top += 1
    w = 0
    while top:
        top -= 1
        e = stack[top]
        out[w] = e
        w += 1
        children = 0
        c = first_child[e]
        while c != _NONE:
            children += 1
            c = next_sibling[c]
        c = first_child[e]
        for k in range(children):  # the first child on top
            stack[top + children - 1 - k] = c
            c = next_sibling[c]
        top += children
    return out


# --- a story's quotes: wordings grouped into quotes


@njit(cache=True)
def _same_quote(common, size, other, similarity, containment, least):  # type: ignore[no-untyped-def]
    """`story._same` from the two sets' sizes and the words they share."""
    small, large = min(size, other), max(size, other)
    if not small:
        return False
    if common >= similarity * large:
        return True
    return small >= least and common >= containment * small


@njit(cache=True)
def quote_homes(words, firsts, word_sizes, keys, key_letters, shares, least):  # type: ignore[no-untyped-def]
    """`story._clusters` over the wordings' words (each wording's in `words[firsts[t]:
    firsts[t + 1]]`, its `keys` looked-up words last): per wording the quote it joins, quotes
    numbered in order of their first wording. A quote is indexed under its first wording's
    words of `key_letters` or more (all of them when fewer than `keys`); `shares`: the
    similarity and containment of `story._same`, and `least` its fewest words to contain."""
    similarity, containment = shares
    n = firsts.size - 1
    homes = np.empty(n, dtype=np.int64)
    first_node = np.full(word_sizes.size, _NONE, dtype=np.int64)
    last_node = np.empty(word_sizes.size, dtype=np.int64)
    node_quote = np.empty(words.size, dtype=np.int64)
    next_node = np.full(words.size, _NONE, dtype=np.int64)
    nodes = 0
    quote_text = np.empty(n, dtype=np.int64)  # the wording whose words are each quote's
    marks = np.full(word_sizes.size, _NONE, dtype=np.int64)  # the wording last marking a word
    met = np.full(n, _NONE, dtype=np.int64)  # the wording last meeting a quote
    found = np.empty(n, dtype=np.int64)
    quotes = 0
    for t in range(n):
        a, b = firsts[t], firsts[t + 1]
        size = b - a
        count = 0
        for k in range(max(a, b - keys), b):
            node = first_node[words[k]]
            while node != _NONE:
                q = node_quote[node]
                if met[q] != t:
                    met[q] = t
                    found[count] = q
                    count += 1
                node = next_node[node]
        home = _NONE
        if count:
            for k in range(a, b):
                marks[words[k]] = t
            for q in np.sort(found[:count]):
                u = quote_text[q]
                common = 0
                for k in range(firsts[u], firsts[u + 1]):
                    common += marks[words[k]] == t
                other = firsts[u + 1] - firsts[u]
                if _same_quote(common, size, other, similarity, containment, least):
                    home = q
                    break
        if home == _NONE:
            home = quotes
            quotes += 1
            quote_text[home] = t
            for k in range(a, b):
                w = words[k]
                if size < keys or word_sizes[w] >= key_letters:
                    node_quote[nodes] = home
                    if first_node[w] == _NONE:
                        first_node[w] = nodes
                    else:
                        next_node[last_node[w]] = nodes
                    last_node[w] = nodes
                    nodes += 1
        homes[t] = home
    return homes
