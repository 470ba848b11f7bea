"""`sitegen deploy dir PATH`: make a folder hold exactly the site, copying only what changed.

What a reader of the folder can see while it syncs:
- A folder that does not exist yet is written in full as a hidden sibling
  (`.NAME.sitegen-new`) and renamed into place: it appears complete or not at all.
- In an existing folder, every added or changed file is first written to a temporary
  name beside its target (`NAME.sitegen-tmp`). Only when all of them are written are they
  renamed over their targets (one atomic rename each: new files first, then changed
  ones), and then stale files are deleted. So each file is at all times either its
  complete old or its complete new version; if staging fails (disk full, say), the
  temporary files are removed and the folder is as it was. During the short rename phase
  a reader may see some pages new and others old, but never a new page linking to a file
  that is not there yet. The folder itself is never replaced, because it may be a mount
  point or a server's document root that other programs hold open.
- It is not a guarantee against power loss (files are not fsynced).
Folders named `.git` in the target are left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sitegen.deploy.tree import Changes, Tree, size

TMP_SUFFIX = ".sitegen-tmp"


def existing_files(target: Path) -> dict[str, Path]:
    found = {}
    for directory, dirs, names in os.walk(target):
        dirs[:] = [d for d in dirs if d != ".git"]
        rel = Path(directory).relative_to(target).as_posix()
        for name in names:
            found[name if rel == "." else f"{rel}/{name}"] = Path(directory) / name
    return found


def _digest(entry: Path | bytes) -> bytes:
    if isinstance(entry, bytes):
        return hashlib.sha256(entry).digest()
    with entry.open("rb") as f:
        return hashlib.file_digest(f, "sha256").digest()


def plan_sync(tree: Tree, target: Path) -> Changes:
    """What syncing would change: sizes compared first, contents only when sizes match."""
    old = existing_files(target) if target.is_dir() else {}
    return Changes.between(tree, old, lambda rel: size(tree[rel]) != old[rel].stat().st_size
                           or _digest(tree[rel]) != _digest(old[rel]))


def sync_dir(tree: Tree, target: Path, dry_run: bool = False) -> Changes:
    changes = plan_sync(tree, target)
    if dry_run or not changes:
        return changes
    if not target.exists():
        _create(tree, target)
        return changes
    written = changes.added + changes.changed
    staged = []
    try:
        for rel in written:
            staged.append(_stage(tree[rel], target, rel))
    except BaseException:
        for path in staged:
            path.unlink(missing_ok=True)
        raise
    for rel, tmp in zip(written, staged, strict=True):
        if (target / rel).is_dir():  # a stale folder where the site now has a file
            shutil.rmtree(target / rel)
        os.replace(tmp, target / rel)
    for rel in changes.removed:
        _remove(target, rel)
    return changes


def _stage(entry: Path | bytes, target: Path, rel: str) -> Path:
    """Write `entry` beside its final place under a temporary name."""
    tmp = target / (rel + TMP_SUFFIX)
    for parent in reversed(Path(rel).parents[:-1]):
        if (target / parent).is_file():  # a stale file where the site now has a folder
            (target / parent).unlink()
    _write(entry, tmp)
    return tmp


def _write(entry: Path | bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(entry, bytes):
        path.write_bytes(entry)
    else:
        shutil.copyfile(entry, path)


def _create(tree: Tree, target: Path) -> None:
    staging = target.with_name(f".{target.name}.sitegen-new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        for rel, entry in tree.items():
            _write(entry, staging / rel)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove(target: Path, rel: str) -> None:
    """Delete a stale file, then the folders it leaves empty."""
    path = target / rel
    if not (path.is_file() or path.is_symlink()):
        return  # already gone with a folder the site replaced by a file
    path.unlink()
    for parent in path.parents:
        if parent == target or any(parent.iterdir()):
            break
        parent.rmdir()
