"""Row-parallel work in forked processes: a first build has two cores, use them.

Every step handed over here computes each row on its own (see vectors.row_top), so
the result is the same whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any

import numpy as np

PARALLEL_MIN_ROWS = 2000  # below this, forking costs more than it saves

_WORK: Callable[[np.ndarray], Any] | None = None  # set before forking; workers call it


def map_rows(work: Callable[[np.ndarray], Any], rows: np.ndarray) -> list[Any]:
    """`work` applied to consecutive slices of `rows`, one per core; results in order."""
    global _WORK
    jobs = min(os.cpu_count() or 1, max(1, len(rows) // (PARALLEL_MIN_ROWS // 2)))
    if jobs < 2:
        return [work(rows)]
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_run, np.array_split(rows, jobs))
    finally:
        _WORK = None


def _run(rows: np.ndarray) -> Any:
    assert _WORK is not None
    return _WORK(rows)
