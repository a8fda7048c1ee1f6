"""Direct quotes in a body and who said them, by compiled rules over the text (no model).

A quote is the text between a pair of quote marks of any common convention (“ ”, ‘ ’, " ",
« », „ “, ‚ ‘, 「 」, 『 』 ...), nested marks kept inside it; a paragraph whose quote stays
open and whose next paragraph opens again continues the same speech (each paragraph's part is
its own quote, with the speaker of the whole). The speaker comes from a speech cue next to the
quote in its sentence ("X said", "said X", "X told ...", "according to X", "X, a professor
at ..., said", "Name: “...”", "” — Name", a past-tense verb after a name; a coordinated or
participial cue, "... and said", "adding", takes the clause's subject). Titles are cut from
names ("President Vladimir Putin" -> "Vladimir Putin"), a surname alone takes the full name
at its first mention, a pronoun the person last named beside a cue or quoted, "the office"
the last speaker that was an office, "the chairman" the name written after "Chairman". A
quoted span of a few words with no cue (a scare quote) or in title case is not a quote.

`quotes(body)` -> `[{"text", "speaker", "cue", "start", "end"}]`, offsets into `body`
(the text without its marks); `moved_quotes` carries them over to a body with passages cut;
`story_quotes` merges the quotes of a story's documents, wording by wording.

The package by job: `words` (word lists, marks, patterns), `layout` (marks, spans,
paragraphs, sentences), `names`, `cues` (cues and the speakers they name), `state` (what
the scan of a body remembers: names, the last person and speakers), `scan` (one body, quote
by quote), `story` (moved quotes, a story's merge).
"""

from wiretrace.consolidate.quotes.cues import Speaker
from wiretrace.consolidate.quotes.layout import marks, spans
from wiretrace.consolidate.quotes.names import Names, name_of
from wiretrace.consolidate.quotes.scan import quotes
from wiretrace.consolidate.quotes.story import moved_quotes, story_quotes
from wiretrace.consolidate.quotes.words import CUES, WINDOW

__all__ = [
    "CUES",
    "WINDOW",
    "Names",
    "Speaker",
    "marks",
    "moved_quotes",
    "name_of",
    "quotes",
    "spans",
    "story_quotes",
]
