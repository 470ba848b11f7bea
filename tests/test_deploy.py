"""`sitegen deploy`: to a local bare git repository, to a folder, and rsync's command line.
Never contacts a remote host."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest
from conftest import write

from sitegen.cli import main
from sitegen.deploy import dirsync
from sitegen.deploy.dirsync import sync_dir
from sitegen.deploy.rsync import deploy_rsync, rsync_command
from sitegen.deploy.tree import precompress, site_tree
from sitegen.errors import SitegenError


@pytest.fixture(autouse=True)
def git_identity(monkeypatch, tmp_path: Path):
    """A fresh CI machine has no git identity and a user's machine has its own config."""
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Site Bot")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "bot@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def run(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def files(root: Path) -> dict[str, bytes]:
    return {rel: path.read_bytes() for rel, path in site_tree(root).items()
            if not rel.startswith(".git/")}


@pytest.fixture
def repo_site(site: Path) -> Path:
    """The small test site as a git checkout with one commit."""
    write(site, ".gitignore", "public/\n.sitegen-cache/\n")
    run("git", "init", "-q", "-b", "main", cwd=site)
    run("git", "add", ".", cwd=site)
    run("git", "commit", "-q", "-m", "articles", cwd=site)
    return site


def test_git_deploy_publishes_keeps_history_and_never_touches_the_checkout(
        repo_site: Path, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("elsewhere")
    remote = tmp_path / "remote.git"
    run("git", "init", "-q", "--bare", str(remote), cwd=tmp_path)
    deploy = ["deploy", "--source", str(repo_site), "git", str(remote)]
    head = run("git", "rev-parse", "HEAD", cwd=repo_site).strip()

    assert main(deploy) == 0
    first = run("git", "rev-parse", "gh-pages", cwd=remote).strip()
    run("git", "clone", "-q", "-b", "gh-pages", str(remote), "clone", cwd=tmp_path)
    public = files(repo_site / "public")
    assert files(tmp_path / "clone") == {**public, ".nojekyll": b""}
    assert head in run("git", "log", "-1", "--format=%B", "gh-pages", cwd=remote)

    assert main(deploy) == 0  # nothing changed: no new commit
    assert run("git", "rev-parse", "gh-pages", cwd=remote).strip() == first

    (repo_site / "content/more/gamma.md").unlink()
    assert main(deploy) == 0
    assert run("git", "rev-parse", "gh-pages~1", cwd=remote).strip() == first
    run("git", "pull", "-q", cwd=tmp_path / "clone")
    assert (tmp_path / "clone/alpha/index.html").is_file()
    assert not (tmp_path / "clone/gamma").exists()
    assert not (tmp_path / "clone/authors/bo").exists()
    assert files(tmp_path / "clone") == {**files(repo_site / "public"), ".nojekyll": b""}

    # The user's checkout: same branch, same commit, only their own edit pending.
    assert run("git", "branch", "--show-current", cwd=repo_site).strip() == "main"
    assert run("git", "rev-parse", "HEAD", cwd=repo_site).strip() == head
    assert run("git", "status", "--porcelain", cwd=repo_site) == " D content/more/gamma.md\n"
    assert run("git", "branch", "--list", cwd=repo_site).split() == ["*", "main"]


def test_git_dry_run_lists_changes_and_pushes_nothing(site: Path, tmp_path: Path, capsys):
    remote = tmp_path / "remote.git"
    run("git", "init", "-q", "--bare", str(remote), cwd=tmp_path)
    write(site, "sitegen.toml", (site / "sitegen.toml").read_text()
          + f'[deploy]\ntarget = "git"\nremote = "{remote}"\ncname = "blog.example.org"\n')
    assert main(["deploy", "--source", str(site), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run, nothing deployed" in out and "  + alpha/index.html" in out
    assert "  + CNAME" in out and "not a git checkout" not in out
    assert run("git", "branch", "--list", cwd=remote) == ""

    assert main(["deploy", "--source", str(site)]) == 0
    assert run("git", "show", "gh-pages:CNAME", cwd=remote) == "blog.example.org\n"
    assert "not a git checkout" in run("git", "log", "-1", "--format=%B", "gh-pages",
                                       cwd=remote)


def test_a_site_that_fails_check_is_not_deployed_without_force(site: Path, tmp_path: Path,
                                                                capsys):
    write(site, "content/delta.md", "---\ntitle: Delta\n---\nSee [the oven](beta.md#ovn).\n")
    target = tmp_path / "www"
    assert main(["deploy", "--source", str(site), "dir", str(target)]) == 1
    printed = capsys.readouterr()
    assert "public/delta/index.html:" in printed.out
    assert "broken anchor (no id 'ovn' in beta/index.html): ../beta/#ovn" in printed.out
    assert "not deploying: `sitegen check` found 1 problem(s)" in printed.err
    assert not target.exists()
    assert main(["deploy", "--source", str(site), "--force", "dir", str(target)]) == 0
    assert (target / "delta/index.html").is_file()


def test_dir_sync_copies_changes_and_removes_stale_files(tmp_path: Path):
    target = tmp_path / "www"
    write(target, "same.html", "same")
    write(target, "changed.css", "old")
    write(target, "stale/page.html", "stale")
    write(target, ".git/HEAD", "keep me")
    same_before = (target / "same.html").stat().st_ino
    tree = {"same.html": b"same", "changed.css": b"new", "new/index.html": b"added"}

    plan = sync_dir(tree, target, dry_run=True)
    assert (plan.added, plan.changed, plan.removed) == (
        ["new/index.html"], ["changed.css"], ["stale/page.html"])
    assert (target / "stale/page.html").exists()  # a dry run changes nothing

    assert sync_dir(tree, target) == plan
    assert files(target) == tree
    assert (target / "same.html").stat().st_ino == same_before  # not rewritten
    assert not (target / "stale").exists() and (target / ".git/HEAD").read_text() == "keep me"
    assert not sync_dir(tree, target)  # in sync: nothing to do


def test_a_failed_sync_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch):
    target = tmp_path / "www"
    write(target, "a.html", "old a")
    write(target, "b.html", "old b")
    source = write(tmp_path / "public", "c.html", "new c")
    tree = {"a.html": b"new a", "b.html": b"new b", "c.html": source}

    def disk_full(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(dirsync.shutil, "copyfile", disk_full)
    with pytest.raises(OSError):
        sync_dir(tree, target)
    assert files(target) == {"a.html": b"old a", "b.html": b"old b"}


def test_dir_sync_swaps_file_and_folder(tmp_path: Path):
    target = tmp_path / "www"
    write(target, "x", "a file that becomes a folder")
    write(target, "y/index.html", "a folder that becomes a file")
    tree = {"x/index.html": b"x", "y": b"y"}
    sync_dir(tree, target)
    assert files(target) == tree


def test_a_new_folder_appears_complete(tmp_path: Path):
    target = tmp_path / "deep/www"
    tree = {"index.html": b"home", "a/b.css": b"b"}
    assert sync_dir(tree, target).added == ["a/b.css", "index.html"]
    assert files(target) == tree
    assert sorted(p.name for p in target.parent.iterdir()) == ["www"]  # no staging left


def test_precompressed_copies_are_deterministic(tmp_path: Path):
    page = write(tmp_path, "site/index.html", "<p>hello hello hello hello hello</p>\n" * 20)
    write(tmp_path, "site/robots.txt", "x")
    write(tmp_path, "site/photo.jpg", "jpeg " * 100)
    tree = precompress(site_tree(tmp_path / "site"))
    assert sorted(tree) == ["index.html", "index.html.gz", "photo.jpg", "robots.txt"]
    assert gzip.decompress(tree["index.html.gz"]) == page.read_bytes()
    assert tree["index.html.gz"][4:8] == b"\0\0\0\0"  # mtime 0
    assert precompress(site_tree(tmp_path / "site")) == tree


def test_rsync_command_and_missing_rsync(tmp_path: Path, monkeypatch):
    assert rsync_command(tmp_path / "public", "me@host:/var/www/site") == [
        "rsync", "-a", "--delete", "--checksum", f"{tmp_path}/public/", "me@host:/var/www/site"]
    assert "--dry-run" in rsync_command(tmp_path, "host:x", dry_run=True)
    with pytest.raises(SitegenError, match="not an rsync destination"):
        rsync_command(tmp_path, "--rsh=evil")
    monkeypatch.setattr("shutil.which", lambda _name: None)
    with pytest.raises(SitegenError, match="rsync is not installed"):
        deploy_rsync(tmp_path, "me@host:/var/www/site")


def test_deploy_needs_a_target(site: Path, capsys):
    assert main(["deploy", "--source", str(site)]) == 1
    assert "say where to deploy" in capsys.readouterr().err


@pytest.mark.parametrize("folder", [".", "..", "content", "public", "public/x"])
def test_dir_deploy_refuses_the_sites_own_folders(site: Path, folder: str, capsys):
    before = files(site)
    assert main(["deploy", "--source", str(site), "dir", str(site / folder)]) == 1
    assert "not deploying into" in capsys.readouterr().err
    assert files(site) == before
