"""Handing freed memory back to the operating system."""

from __future__ import annotations

import platform
import subprocess
import sys

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


FAULTS = """
import resource, sys
import numpy as np
from wiretrace.memory import reuse_freed
if sys.argv[1] == "reuse":
    assert reuse_freed()
np.ones(8 << 20)  # 64 MB (above glibc's own highest mmap threshold), once
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    np.ones(8 << 20)  # allocated, written and freed: one batch's array
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(mode: str) -> int:
    """Minor page faults of 20 fresh 64 MB arrays in a new process, with or without reuse."""
    run = subprocess.run(
        [sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True
    )
    return int(run.stdout)


@pytest.mark.skipif(platform.system() != "Linux", reason="glibc and /proc are Linux's")
def test_reuse_freed_spares_the_page_faults_of_fresh_blocks() -> None:
    """A large block freed and allocated again: unmapped and faulted in afresh by default (a
    fault per 4 KB page), kept and reused once `reuse_freed` has run."""
    plain, reused = page_faults("plain"), page_faults("reuse")
    assert plain > 20 * 100, plain  # 20 × 64 MB fresh: a fault per page (4 KB, or 2 MB huge)
    assert reused < plain / 10, (plain, reused)
