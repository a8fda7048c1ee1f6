"""Handing freed memory back to the operating system."""

from __future__ import annotations

import platform

import numpy as np
import pytest

from wiretrace.memory import trim


def resident_kb() -> int:
    """This process's resident set (kB), from /proc."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(platform.system() != "Linux", reason="glibc and /proc are Linux's")
def test_trim_gives_freed_heap_memory_back() -> None:
    """Many small arrays (on the heap, not mapped one by one) freed, then trimmed: the resident
    set falls by most of what they held."""
    if not trim():
        pytest.skip("this C library has no malloc_trim")
    held = [np.ones(8192 // 8) for _ in range(40_000)]  # 40k blocks of 8 KB: 320 MB on the heap
    keep = np.ones(8)  # allocated last, so the heap's top stays in use after the frees
    before = resident_kb()
    del held
    freed = resident_kb()
    assert trim() is True
    after = resident_kb()
    assert before - after > 200_000, (before, freed, after)
    assert keep.sum() == 8
