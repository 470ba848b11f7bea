"""`sitegen deploy`: build, check, then publish to a git branch, a folder or rsync.

The target comes from the command line (`sitegen deploy git REMOTE`) or from [deploy]
in sitegen.toml. A build that fails `sitegen check` is not published unless --force.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sitegen import __version__
from sitegen.build import BuildOptions, build_site
from sitegen.check import check_output, print_report
from sitegen.config import Config, load_config
from sitegen.deploy.dirsync import sync_dir
from sitegen.deploy.git import deploy_git, remote_url, source_commit
from sitegen.deploy.rsync import deploy_rsync
from sitegen.deploy.tree import Changes, Tree, precompress, site_tree
from sitegen.errors import SitegenError

USAGE = ("say where to deploy: `sitegen deploy git REMOTE`, `sitegen deploy dir PATH` or "
         "`sitegen deploy rsync USER@HOST:PATH`, or set target in [deploy] of sitegen.toml")


def run_deploy(args: argparse.Namespace) -> int:
    source = args.source.resolve()
    config = load_config(source)
    target = args.target or config.deploy.target
    if not target:
        raise SitegenError(USAGE)
    destination = _destination(args.destination, config, source, target)
    if target == "dir":
        _refuse_own_files(Path(destination), source, config)
    build = build_site(BuildOptions(source=source))
    print(build.summary())
    report = check_output(build.output, config.base_url)
    if report.problems or report.warnings:
        print_report(report, build.output)
    if report.problems and not args.force:
        raise SitegenError(f"not deploying: `sitegen check` found {len(report.problems)} "
                           "problem(s), listed above; fix them, or deploy anyway with --force")
    packed = args.precompress or config.deploy.precompress
    tree = precompress(site_tree(build.output)) if packed else site_tree(build.output)
    if target == "rsync":
        _rsync(tree, build.output, destination, args.dry_run, packed)
        return 0
    if target == "git":
        branch = args.branch or config.deploy.branch
        changes, commit = deploy_git(_for_pages(tree, config), destination, branch,
                                     _message(source), cwd=source, dry_run=args.dry_run)
        where = f"branch {branch} of {destination}"
        done = f" (commit {commit[:12]})" if commit else ""
    else:
        changes, where, done = sync_dir(tree, Path(destination), args.dry_run), destination, ""
    _report(changes, where, args.dry_run, done)
    return 0


def _destination(given: str | None, config: Config, source: Path, target: str) -> str:
    """The remote, folder or rsync destination; local paths made absolute (from the current
    folder when given on the command line, from the site's folder when in sitegen.toml)."""
    configured = config.deploy.remote if target == "git" else config.deploy.path
    value = given or configured
    if not value:
        what = {"git": "REMOTE", "dir": "PATH", "rsync": "DEST"}[target]
        key = "remote" if target == "git" else "path"
        raise SitegenError(f"`sitegen deploy {target}` needs a {what} (or {key} in [deploy] "
                           "of sitegen.toml)")
    local = Path(value) if given else source / value
    if target == "dir" or (target == "git" and local.exists()):
        return str(local.resolve())
    return remote_url(value, source) if target == "git" else value


def _refuse_own_files(folder: Path, source: Path, config: Config) -> None:
    """A sync deletes whatever is not in the site, so it must never aim at the site itself."""
    own = [source / name for name in (config.content_dir, "public", "static", "templates",
                                      "themes", ".git", ".sitegen-cache")]
    if folder == source or folder in source.parents or any(
            folder == p or p in folder.parents or folder in p.parents for p in own):
        raise SitegenError(f"not deploying into {folder}: syncing would delete or mix with the "
                           f"site's own files in {source}; pick a folder outside them")


def _for_pages(tree: Tree, config: Config) -> Tree:
    """GitHub Pages extras: .nojekyll (publish as is, _folders included) and CNAME."""
    extra: Tree = {".nojekyll": b""}
    if config.deploy.cname:
        extra["CNAME"] = config.deploy.cname.strip().encode() + b"\n"
    return {**tree, **extra}


def _message(source: Path) -> str:
    return f"Publish the site built from {source_commit(source)}\n\nsitegen {__version__}"


def _rsync(tree: Tree, built: Path, destination: str, dry_run: bool, packed: bool) -> None:
    """rsync needs a folder: the build itself, or a copy with the .gz files added."""
    if not packed:
        deploy_rsync(built, destination, dry_run)
        return
    with tempfile.TemporaryDirectory(prefix="sitegen-rsync-") as tmp:
        sync_dir(tree, Path(tmp) / "site")
        deploy_rsync(Path(tmp) / "site", destination, dry_run)


def _report(changes: Changes, where: str, dry_run: bool, done: str) -> None:
    if not changes:
        print(f"Nothing to deploy: {where} is up to date.")
    elif dry_run:
        print(f"Dry run, nothing deployed. Deploying to {where} would give "
              f"{changes.summary()}:")
        print("\n".join(f"  {line}" for line in changes.listing()))
    else:
        print(f"Deployed to {where}: {changes.summary()}{done}.")
