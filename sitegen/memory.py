"""Give freed memory back: large sites build big arrays one after another.

glibc serves a large allocation with its own mmap, which goes back to the system when
freed, but after each such free it raises the size it does this for (up to 32 MB), so
that later arrays come from the heap, where the space they leave stays with the process.
Related posts and the text analysis make and drop many arrays of a few to a hundred
megabytes; with the threshold fixed, the peak at 50,000 articles drops by ~200 MB and
the time stays the same (benchmarks/related_speed.py). Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
MMAP_THRESHOLD = 256 * 1024  # bytes: arrays this large and over get their own mapping


@cache
def return_freed_memory() -> bool:
    """Fix glibc's mmap threshold for this process and those it forks; True if done."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # not glibc
        return False
