r"""Page text made safe for the terminal: what a page says is shown, never obeyed.

Page-derived text (ids, titles, outlets, passages, file names, problem reasons) can carry rich
markup (`[/bold]` ends a run with a MarkupError), escape sequences (an OSC 0 title, SGR
colours, OSC 8 links) and bidi controls (`evil\u202etxt.exe` shows as `evilexe.txt`).
Every such piece the CLI prints goes through `shown` (or `markup`, inside a markup string):
C0 and C1 control characters (tab and newline too) and DEL become visible escapes (`\x1b`),
bidi controls become `\u202e`-style escapes, and `markup` escapes rich markup as well.
"""

from __future__ import annotations

import re

from rich.markup import escape
from rich.text import Text

from wiretrace.bidi import BIDI_CONTROLS

# C0, DEL and C1 controls; the bidi embedding, override, isolate and mark characters
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# what json.dumps leaves raw inside strings (it writes C0 controls as escapes itself; the
# newlines of its indentation are layout, not text)
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    """The escape that shows one unsafe character."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """The text with every control and bidi character replaced by a visible escape (for
    rich `Text`, which takes no markup; inside a markup string use `markup`)."""
    return _UNSAFE.sub(_visible, str(value))


def markup(value: object) -> str:
    """`shown`, with rich markup escaped: safe inside a markup string."""
    return escape(shown(value))


def text(value: object, style: str = "") -> Text:
    """A rich Text of page-derived text, made safe (`shown`), never read as markup."""
    return Text(shown(value), style=style)


def json_text(data: str) -> str:
    """JSON text made safe to print: the C1 and bidi characters that `json.dumps` keeps
    (with ensure_ascii off) written as `\\u` escapes, so the same JSON value is printed."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", data)
