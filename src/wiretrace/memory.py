"""Handing freed memory back to the operating system between large stages.

glibc keeps blocks freed by numeric kernels and worker threads in its arenas for reuse; after a
stage that freed gigabytes (the story links' inverted indexes) they would stay counted against
the process until it ends. `trim` asks glibc to return them; elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def trim() -> bool:
    """Return freed heap memory to the operating system; whether the C library could."""
    release = _malloc_trim()
    if release is None:
        return False
    release(0)
    return True
