"""The files to publish, and what changes between a published copy and a new one.

A tree maps each posix path to a file of the build or to bytes made for the host
(.nojekyll, CNAME, .gz copies), so extras never have to be written into public/.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

Tree = dict[str, Path | bytes]
TEXT_SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".json", ".svg")


def site_tree(root: Path) -> Tree:
    """Every file under `root`, hidden ones included (.well-known/ is published too)."""
    tree: Tree = {}
    for directory, dirs, names in os.walk(root):
        dirs.sort()
        rel = Path(directory).relative_to(root).as_posix()
        for name in sorted(names):
            tree[name if rel == "." else f"{rel}/{name}"] = Path(directory) / name
    return tree


def read(entry: Path | bytes) -> bytes:
    return entry if isinstance(entry, bytes) else entry.read_bytes()


def size(entry: Path | bytes) -> int:
    return len(entry) if isinstance(entry, bytes) else entry.stat().st_size


def precompress(tree: Tree) -> Tree:
    """`tree` plus a gzip copy of each text file, for hosts that serve `x.html.gz` in place
    of `x.html` (nginx gzip_static, for one). The copies are deterministic (no name, mtime
    0) so an unchanged file never republishes, and are kept only when they are smaller."""
    packed = dict(tree)
    for rel, entry in tree.items():
        if rel.endswith(TEXT_SUFFIXES) and rel + ".gz" not in tree:
            data = read(entry)
            small = gzip.compress(data, compresslevel=9, mtime=0)
            if len(small) < len(data):
                packed[rel + ".gz"] = small
    return packed


@dataclass(frozen=True)
class Changes:
    added: list[str]
    changed: list[str]
    removed: list[str]

    @classmethod
    def between(cls, new: Iterable[str], old: Iterable[str],
                differs: Callable[[str], bool]) -> Changes:
        """Compare two sets of paths; `differs` is asked only about paths in both."""
        new, old = set(new), set(old)
        return cls(sorted(new - old), sorted(p for p in new & old if differs(p)),
                   sorted(old - new))

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.removed)} removed")

    def listing(self) -> list[str]:
        """One line per file, as `+ added`, `~ changed`, `- removed`."""
        return ([f"+ {p}" for p in self.added] + [f"~ {p}" for p in self.changed]
                + [f"- {p}" for p in self.removed])
