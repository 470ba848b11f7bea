"""The related-posts cache: the vocabulary and each group's index, between builds.

One pickle, written atomically. Anything unreadable or from another version (of this
format, of the analyzer, of the settings the index depends on) is ignored, and the
caller computes everything again.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from sitegen import analysis, documents
from sitegen.config import RelatedConfig
from sitegen.memory import cycle_collection_paused
from sitegen.related import index, terms, vectors
from sitegen.related.index import Index

FORMAT = 3
FILE = "related.pickle"


@dataclass
class State:
    version: str
    terms: list[str]  # the vocabulary: column i of every matrix is terms[i]
    indexes: dict[str, Index]  # by group (language, or "" when languages mix)


def version(config: RelatedConfig) -> str:
    """Changes whenever cached counts or indexes would no longer be what a build makes."""
    settings = (FORMAT, config.count, config.cross_language, config.duplicate_threshold,
                vectors.IDF_POWER, vectors.IDF_STEP, vectors.POSTINGS, vectors.EXPANSION,
                vectors.NEIGHBOR_TERMS, vectors.EXPANDED_TERMS, vectors.QUERY_FLOOR,
                index.CANDIDATES, index.SPARE)
    digest = hashlib.sha1(repr(settings).encode())
    for module in (analysis, documents, terms):  # what the counts come from
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()


# cache file -> (the latest state, whether the file holds it): a long-lived process
# (serve) neither reads the file again nor, until asked, writes it
_MEMORY: dict[Path, tuple[State, bool]] = {}


def load(cache_dir: Path, wanted: str) -> State | None:
    path = cache_dir / FILE
    if path in _MEMORY:
        state = _MEMORY[path][0]
    else:
        try:
            with open(path, "rb") as fh, cycle_collection_paused():
                state = pickle.load(fh)
        except Exception:  # missing, truncated, or written by other code: start afresh
            return None
        _MEMORY.clear()  # one site per process is the rule; keep only the latest
        _MEMORY[path] = (state, True)
    return state if isinstance(state, State) and state.version == wanted else None


def keep(cache_dir: Path, state: State, write: bool) -> None:
    """Make `state` the one the next build starts from; `write` it to disk now, or leave
    that to a later call (serve's next full build)."""
    path = cache_dir / FILE
    held = _MEMORY.get(path)
    if held and held[0] is state and (held[1] or not write):
        return
    if write:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cache_dir / f"{FILE}.{os.getpid()}.tmp"
        with open(temp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    _MEMORY.clear()
    _MEMORY[path] = (state, write)


def save_pending(cache_dir: Path) -> None:
    """Write the state `keep` was given without writing it, if any."""
    held = _MEMORY.get(cache_dir / FILE)
    if held and not held[1]:
        keep(cache_dir, held[0], write=True)
