"""Write the planned pages: only those whose key changed, in parallel, all or nothing.

A first build (or one whose previous output is gone or was touched) renders into a
staging folder that replaces the output in one swap. Later builds render the changed
pages to temporary files beside their targets and rename them into place only once
every page has rendered, so a failed build leaves the previous output untouched.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import IGNORE_SIGINT, BuildError, Problem
from sitegen.manifest import TMP_SUFFIX, Manifest
from sitegen.pages import Page
from sitegen.render import render_page
from sitegen.templates import TemplateProblem, Templates
from sitegen.urls import output_file

PARALLEL_MIN_PAGES = 400  # below this, forking costs more than it saves
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


@dataclass
class WriteResult:
    written: list[str]
    removed: list[str]
    total: int


# Set before forking so workers inherit the plan instead of receiving it pickled.
_JOB: tuple[list[Page], Templates, Config, str, Path, str, set[str] | None] | None = None


def _render_to(indices: list[int]) -> list[Problem]:
    """Worker: render pages to their files; returns the problems found."""
    pages, templates, config, inject, root, suffix, made = _JOB
    problems = []
    for i in indices:
        page = pages[i]
        try:
            data = render_page(page, templates, config, inject)
        except TemplateProblem as exc:
            problems.append(exc.problem)
            continue
        _write_file(f"{root}{os.sep}{output_file(page.path)}{suffix}", data, made)
    return problems


def _write_file(path: str, data: bytes, made: set[str] | None) -> None:
    """Write `path`. Into a staging folder, where every folder is new, `made` holds the
    folders made so far and the file's folder is made first if it is not one of them.
    Beside the last build's files (`made` is None) a folder is made only when the file
    cannot be opened, so that an incremental build makes no mkdir call at all."""
    folder = os.path.dirname(path)
    if made is not None and folder not in made:
        _make_folder(folder)
        made.add(folder)
    try:
        fd = os.open(path, _CREATE, 0o666)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd = os.open(path, _CREATE, 0o666)
    try:  # os.write, not a file object: a buffered writer costs more than the write
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _make_folder(folder: str) -> None:
    try:
        os.mkdir(folder)
    except FileExistsError:  # the staging root, or made by another process
        pass
    except FileNotFoundError:  # its parent is new too
        os.makedirs(folder, exist_ok=True)


def stage(output: Path, folders: list[str]) -> set[str]:
    """Make a fresh staging folder for `output`, and `folders` (relative) in it; returns
    them as the writer names them. The build calls this beside its page planning, so that
    making thousands of folders takes an idle core instead of the render workers' time."""
    root = str(_fresh_staging(output))
    made = {root}
    for folder in folders:
        path = f"{root}{os.sep}{folder}" if folder else root
        _make_folder(path)
        made.add(path)
    return made


def _render_all(pages: list[Page], todo: list[int], templates: Templates, config: Config,
                inject: str, root: Path, suffix: str, made: set[str] | None, jobs: int,
                meanwhile: Callable[[], None]) -> None:
    global _JOB
    _JOB = (pages, templates, config, inject, root, suffix, made)
    try:
        if jobs > 1 and len(todo) >= PARALLEL_MIN_PAGES:
            # Many small chunks, handed out one at a time (Pool would hand out four at a
            # time, an eighth of the pages), so that no worker is left alone at the end.
            chunks = [todo[i::jobs * 16] for i in range(jobs * 16)]
            # Frozen objects are left out of the workers' cycle collections, which would
            # otherwise touch, and so copy, every page of the heap they inherit. The build's
            # objects go back to the collector once the pages are written (loading.py
            # froze the articles for the same reason).
            gc.freeze()
            with multiprocessing.get_context("fork").Pool(jobs, *IGNORE_SIGINT) as pool:
                parts = pool.map_async(_render_to, chunks, chunksize=1)
                meanwhile()
                problems = [p for part in parts.get() for p in part]
        else:
            meanwhile()
            problems = _render_to(todo)
    finally:
        gc.unfreeze()
        _JOB = None
    if problems:
        raise BuildError(sorted(set(problems), key=str))


def write_pages(pages: list[Page], output: Path, manifest: Manifest, templates: Templates,
                config: Config, inject: str = "", jobs: int = 1, intact: bool | None = None,
                meanwhile: Callable[[], None] = lambda: None,
                staged: set[str] | None = None) -> tuple[WriteResult, Manifest]:
    """`intact`: whether the last build's files are all there, if the caller knows.
    `meanwhile`: work for this process while the workers render (such as writing caches).
    `staged`: what `stage` returned, for a build that is not incremental."""
    files = {output_file(p.path): p.key for p in pages}
    incremental = output.is_dir() and (manifest.intact(output) if intact is None else intact)
    todo = [i for i, p in enumerate(pages)
            if not incremental or manifest.files.get(output_file(p.path)) != p.key]
    # A staging folder is invisible until swapped in, so it takes the final names at once.
    if incremental:
        root, suffix, made = output, TMP_SUFFIX, None
    else:
        made = staged if staged is not None else stage(output, [])
        root, suffix = _staging_path(output), ""
    try:
        _render_all(pages, todo, templates, config, inject, root, suffix, made, jobs,
                    meanwhile)
    except BaseException:
        _discard(root, [output_file(pages[i].path) for i in todo], whole=not incremental)
        raise
    written = [output_file(pages[i].path) for i in todo]
    for name in written if incremental else ():
        os.replace(root / (name + TMP_SUFFIX), root / name)
    removed = sorted(set(manifest.files) - set(files)) if incremental else []
    for name in removed:
        _remove(output, name)
    if not incremental:
        _swap(root, output)
    return WriteResult(written, removed, len(pages)), Manifest(manifest.fingerprint, files)


def _staging_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.staging")


def discard_staging(output: Path) -> None:
    """Remove what `stage` made for `output`, as a build that failed before writing."""
    shutil.rmtree(_staging_path(output), ignore_errors=True)


def _fresh_staging(output: Path) -> Path:
    staging = _staging_path(output)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _discard(root: Path, names: list[str], whole: bool) -> None:
    if whole:
        shutil.rmtree(root, ignore_errors=True)
        return
    for name in names:
        (root / (name + TMP_SUFFIX)).unlink(missing_ok=True)


def _remove(output: Path, name: str) -> None:
    """Delete a stale file and the folders it leaves empty."""
    path = output / name
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == output or any(parent.iterdir()):
            break
        parent.rmdir()


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames; the old tree is deleted after,
    by a detached `rm` (deleting thousands of files can take seconds on a slow disk)."""
    if not output.exists():
        os.replace(staging, output)
        return
    old = output.with_name(f".{output.name}.old-{os.getpid()}-{time.time_ns()}")
    os.replace(output, old)
    os.replace(staging, output)
    try:
        subprocess.Popen(["rm", "-rf", str(old)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
