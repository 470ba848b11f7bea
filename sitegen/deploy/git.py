"""`sitegen deploy git REMOTE`: commit the site on a branch (gh-pages) and push it.

Everything happens in a temporary bare repository: the user's working tree, index and
current branch are never touched, even when REMOTE is the site's own repository. Only
the tip of the branch is fetched (`--depth 1`); the new commit goes on top of it, so the
branch keeps its history, and it carries only the files that changed (git fast-import
refers to unchanged blobs by hash). With nothing changed there is no commit and no push.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.deploy.tree import Changes, Tree, read
from sitegen.errors import SitegenError

# Variables that would point our git commands at the user's repository instead.
_REPO_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")


def git(*args: str, cwd: Path | None = None, stdin: Iterable[bytes] = ()) -> str:
    """Run git, feeding it `stdin` piece by piece; its output, or a SitegenError."""
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(["git", *args], cwd=cwd, stdin=subprocess.PIPE,
                                    stdout=out, stderr=err, env=env)
        except FileNotFoundError:
            raise SitegenError("git is not installed; `sitegen deploy git` needs it") from None
        with contextlib.suppress(BrokenPipeError), proc.stdin:
            for chunk in stdin:
                proc.stdin.write(chunk)
        code = proc.wait()
        out.seek(0)
        err.seek(0)
        if code:
            detail = err.read().decode(errors="replace").strip()
            name = next(a for a in args if not a.startswith("-"))
            raise SitegenError(f"git {name} failed: {detail}")
        return out.read().decode(errors="replace")


def blob_id(data: bytes) -> str:
    """The hash git gives a file with this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def source_commit(source: Path) -> str:
    """The commit the site was built from, for the deploy commit's message."""
    try:
        return git("rev-parse", "HEAD", cwd=source).strip()
    except SitegenError:
        return "not a git checkout"


def remote_url(remote: str, source: Path) -> str:
    """A remote's name in the site's repository (e.g. "origin") becomes its URL."""
    if not remote.startswith("-") and "/" not in remote and ":" not in remote:
        try:
            return git("remote", "get-url", remote, cwd=source).strip()
        except SitegenError:
            pass
    return remote


def deploy_git(tree: Tree, remote: str, branch: str, message: str, cwd: Path,
               dry_run: bool = False) -> tuple[Changes, str | None]:
    """Push `tree` as a new commit on `branch` of `remote`; (changes, new commit or None).
    `cwd` is the site's folder: git takes the committer's name from there."""
    if remote.startswith("-") or branch.startswith("-"):
        raise SitegenError(f"not a git remote and branch: {remote!r} {branch!r}")
    with tempfile.TemporaryDirectory(prefix="sitegen-deploy-") as tmp:
        repo = f"--git-dir={tmp}"
        git(repo, "init", "-q", "--bare", cwd=cwd)
        ref = f"refs/heads/{branch}"
        parent = None
        if git(repo, "ls-remote", remote, ref, cwd=cwd).strip():
            git(repo, "fetch", "-q", "--depth=1", remote, ref, cwd=cwd)
            parent = git(repo, "rev-parse", "FETCH_HEAD", cwd=cwd).strip()
        old = _blobs(repo, parent, cwd) if parent else {}
        new = {rel: blob_id(read(entry)) for rel, entry in tree.items()}
        changes = Changes.between(new, old, lambda rel: new[rel] != old[rel])
        if dry_run or not changes:
            return changes, None
        idents = [git("var", name, cwd=cwd).strip()  # the site's repository's user.name
                  for name in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")]
        git(repo, "fast-import", "--quiet", "--done", cwd=cwd,
            stdin=_import_stream(tree, changes, ref, parent, message, idents))
        commit = git(repo, "rev-parse", ref, cwd=cwd).strip()
        git(repo, "push", "-q", remote, f"{commit}:{ref}", cwd=cwd)
        return changes, commit


def _blobs(repo: str, commit: str, cwd: Path) -> dict[str, str]:
    """Path -> blob hash of every file in `commit`."""
    found = {}
    for item in git(repo, "ls-tree", "-r", "-z", commit, cwd=cwd).split("\0"):
        if item:
            info, path = item.split("\t", 1)
            _mode, kind, sha = info.split()
            if kind == "blob":
                found[path] = sha
    return found


def _import_stream(tree: Tree, changes: Changes, ref: str, parent: str | None,
                   message: str, idents: list[str]) -> Iterator[bytes]:
    """A git fast-import stream for one commit: removed paths deleted, the rest inline,
    one file at a time so a large first deploy never sits in memory whole."""
    text = message.encode()
    yield f"commit {ref}\nauthor {idents[0]}\ncommitter {idents[1]}\n".encode()
    yield b"data %d\n%s\n" % (len(text), text)
    if parent:
        yield f"from {parent}\n".encode()
    for rel in changes.removed:
        yield f"D {_quote(rel)}\n".encode()
    for rel in changes.added + changes.changed:
        data = read(tree[rel])
        yield f"M 100644 inline {_quote(rel)}\n".encode() + b"data %d\n" % len(data)
        yield data + b"\n"
    yield b"done\n"


def _quote(path: str) -> str:
    """C-style quoting, which fast-import accepts for any path."""
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
