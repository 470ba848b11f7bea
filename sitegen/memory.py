"""Memory on large sites: freed memory given back, and no cycle collection while
big acyclic structures are made.

glibc serves a large allocation with its own mmap, which goes back to the system when
freed, but after each such free it raises the size it does this for (up to 32 MB), so
that later arrays come from the heap, where the space they leave stays with the process.
Related posts and the text analysis make and drop many arrays of a few to a hundred
megabytes: at 50,000 articles, fixing the threshold lowers the peak by ~200 MB at the
same speed (benchmarks/related_speed.py). On small sites each fresh mapping costs page
faults instead (serve's one-article rebuild at 2,000 articles: related posts ~190 ->
~250 ms), so the threshold is left alone there. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

LARGE_SITE = 20_000  # articles: from here on, the peak matters more than page faults
M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
MMAP_THRESHOLD = 256 * 1024  # bytes: arrays this large and over get their own mapping


def limit_peak(articles: int) -> bool:
    """For a site of at least LARGE_SITE articles, fix glibc's mmap threshold for this
    process and those it forks; True if done."""
    return articles >= LARGE_SITE and _fix_mmap_threshold()


@cache
def libc() -> ctypes.CDLL | None:
    """The C library's functions (glibc's on Linux), if they can be loaded."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None)
    except OSError:
        return None


@cache
def _fix_mmap_threshold() -> bool:
    mallopt = getattr(libc(), "mallopt", None)  # glibc's
    return bool(mallopt and mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def give_back_free_pages() -> None:
    """Return the free pages inside glibc's heap to the system. The parse results of a
    first build (a few kilobytes an article, freed once decoded) leave them behind, and
    every process forked later (the render workers) would count them again: at 10,000
    articles 25 MB, in 2 ms."""
    trim = getattr(libc(), "malloc_trim", None)  # glibc's
    if trim:
        trim(0)


@contextmanager
def cycle_collection_paused(freeze: bool = False) -> Iterator[None]:
    """No cycle collection while many long-lived objects are made (a cache read, the
    articles loaded): they hold no cycles, yet each few hundred new containers set off a
    collection, and the older ones walk all that came before. Reading related posts'
    cache of 10,000 articles took 0.33 s, 0.05 s without. `freeze`: leave every object
    made so far out of later collections too (the writer unfreezes them, see output.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
