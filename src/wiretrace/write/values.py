"""Values read from a report for display: typed, bounded, never trusted (a report may come
from elsewhere, or from an older wiretrace)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from wiretrace.write.markup import MAX_TEXT


def as_text(value: Any) -> str:
    """A displayable string for a value that should be a string (None becomes empty)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def as_number(value: Any) -> float:
    """A finite float for a value that should be a number in 0..1 (anything else becomes 0)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def as_index(value: Any) -> int | None:
    """A passage index, or None if the value is not a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def percent(share: Any) -> str:
    """A share in 0..1 as a whole percentage ("87%"); small non-zero shares as "<1%"."""
    number = as_number(share)
    if 0 < number < 0.005:
        return "<1%"
    return f"{number * 100:.0f}%"


def bar_width(share: Any) -> str:
    """A share as a CSS width percentage clamped to 0..100 (computed here, never page text)."""
    return f"{min(max(as_number(share), 0.0), 1.0) * 100:.1f}"


def clip(text: str, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """The text cut to `limit` characters, and whether it was cut."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def as_dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings in a value that should be a list of objects (anything else is dropped)."""
    if not isinstance(value, list):
        return []
    if all(type(item) is dict for item in value):  # the usual case, without the ABC check
        return value
    return [item for item in value if isinstance(item, Mapping)]


def as_strings(value: Any) -> list[str]:
    """The strings of a value that should be a list of strings."""
    if not isinstance(value, list):
        return []
    return [item if type(item) is str else str(item) for item in value if item is not None]
