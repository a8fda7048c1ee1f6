"""Handing freed memory back to the operating system between large stages.

glibc keeps blocks freed by numeric kernels and worker threads in its arenas for reuse; after a
stage that freed gigabytes (the story links' inverted indexes) they would stay counted against
the process until it ends. `trim` asks glibc to return them; elsewhere it does nothing.

The other way round, during a run glibc hands large blocks (every batch's arrays and JSON)
straight back to the system and zero-fills fresh pages for the next batch: `reuse_freed`
has it keep them (docs/benchmarks/speed.md, session 13).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _libc(function: str) -> Callable[..., int] | None:
    """A function of glibc (malloc_trim, mallopt), or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), function) if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters
REUSE = {  # bytes: blocks below MMAP come from the heap; the heap keeps TRIM free at its top
    M_MMAP_THRESHOLD: 256 << 20,
    M_TRIM_THRESHOLD: 128 << 20,
    M_TOP_PAD: 16 << 20,
}


def reuse_freed() -> bool:
    """Have this process (and the workers it forks later) keep freed blocks for reuse instead
    of unmapping them and faulting fresh pages in for the next batch; whether it could."""
    tune = _libc("mallopt")
    if tune is None:
        return False
    return all(tune(param, value) == 1 for param, value in REUSE.items())


def trim() -> bool:
    """Return freed heap memory to the operating system; whether the C library could."""
    release = _libc("malloc_trim")
    if release is None:
        return False
    release(0)
    return True
