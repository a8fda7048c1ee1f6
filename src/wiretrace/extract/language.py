"""The page's language: stop words first (cheap), a language identifier when they say nothing.

Most pages of a news crawl are in one of a few Western languages whose stop words fill a sixth
or more of any text: `guess_language` names those from its stop-word lists in one compiled
pass. Any other page (Russian, Greek, Swedish, Turkish, ... or a text too short for stop words)
goes to py3langid, a naive Bayes model over byte n-grams of 97 languages that ships inside its
package (no download at run time), on the first `SAMPLE_CHARS` characters. The model is loaded
once per process, the first time a page needs it (`langid_model`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

from wiretrace.extract import kernels
from wiretrace.extract.rules import ascii_form

_STOPWORDS = {
    "en": "the of and to in is that for on with as was by it at from his has are be said",
    "fr": "le la les de des et est un une du dans que pour qui sur pas au avec il",
    "de": "der die das und ist nicht zu den von mit sich des auf ein eine dem im für",
    "es": "el la los las de que y en un una por con para es del se al su",
    "it": "il la di che e un una per non con del della sono le gli nel al",
    "pt": "o a os as de que e do da em um uma para com não no na por",
    "nl": "de het een en van is dat op te in met voor niet zijn er aan",
}
_SETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_LANGS_OF: dict[str, list[str]] = {}
for _lang, _words in _SETS.items():
    for _word in _words:
        _LANGS_OF.setdefault(_word, []).append(_lang)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTER_GAPS = str.maketrans({chr(b): " " for b in range(128) if not chr(b).isalpha()})
SAMPLE_CHARS = 600  # what the identifier reads: about 0.3 ms a page
MIN_LETTERS = 20  # fewer letters than this: no language
_IDENTIFIER: Any = None
_LOCK = threading.Lock()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for a text with too few letters.

    The stop-word guess when it names a language; else py3langid on the text's first
    `SAMPLE_CHARS` characters.
    """
    return guess_language(text) or identify_language(text)


def identify_language(text: str) -> str | None:
    """py3langid's language for the text's first `SAMPLE_CHARS` characters (None when they
    hold fewer than `MIN_LETTERS` letters)."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    return str(_identifier().classify(sample)[0])


def _identifier() -> Any:
    """py3langid's identifier over its shipped model, loaded once a process (from the copy
    `langid_model` keeps unpacked, after the first)."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _LOCK:
            if _IDENTIFIER is None:
                from wiretrace.extract.langid_model import load_identifier

                _IDENTIFIER = load_identifier()
    return _IDENTIFIER


def words_lowered(sample: str) -> list[str]:
    """The sample's words, each lower-cased.

    In a sample with an ASCII form the words are its runs of ASCII letters, split out by str
    methods (much faster than the regex). Else lower-casing the whole sample first gives the
    same words, except where `İ` lower-cases to two characters, the second no letter.
    """
    plain = ascii_form(sample)
    if plain is not None:
        return plain.lower().translate(_LETTER_GAPS).split()
    if "\u0130" in sample:
        return [t.lower() for t in _WORD.findall(sample)]
    return _WORD.findall(sample.lower())


def guess_language(text: str, min_share: float = 0.15) -> str | None:
    """ISO 639-1 code of the language whose stop words fill most of the text, or None.

    The sample is counted in one compiled pass; one with a character the pass's tables do not
    hold (beyond the BMP, or an `İ`) by `Counter`.
    """
    found = kernels.stop_word_hits(text[:5000], len(_SETS))
    if found is None:
        return guess_language_plain(text, min_share)
    tokens, counts = found
    if tokens < 10:
        return None
    lang, count = max(zip(_SETS, counts, strict=True), key=lambda kv: kv[1])
    return lang if count / tokens >= min_share else None


def guess_language_plain(text: str, min_share: float = 0.15) -> str | None:
    """`guess_language` by str methods and a `Counter`: for samples without an ASCII form."""
    tokens = words_lowered(text[:5000])
    if len(tokens) < 10:
        return None
    counts = Counter(tokens)
    hits = dict.fromkeys(_SETS, 0)
    for token in _LANGS_OF.keys() & counts.keys():
        for lang in _LANGS_OF[token]:
            hits[lang] += counts[token]
    lang, count = max(hits.items(), key=lambda kv: kv[1])
    return lang if count / len(tokens) >= min_share else None
