"""`sitegen new`: the scaffolded site loads, builds, passes check, and ships its recipes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from sitegen.build import BuildOptions, build_site
from sitegen.check import check_output
from sitegen.cli import main
from sitegen.config import load_config
from sitegen.scaffold import new_site

TITLE = 'Ann\'s "Notes" \\ Нотатки'


def test_a_new_site_builds_and_passes_check(tmp_path: Path):
    site = tmp_path / "blog"
    new_site(site, TITLE)
    config = load_config(site)
    assert config.title == TITLE and config.base_url == ""
    output = build_site(BuildOptions(source=site)).output
    article = (output / "welcome/index.html").read_text()
    assert "<title>Welcome to Ann&#39;s &#34;Notes&#34; \\ Нотатки" in article
    assert (output / "tags/welcome/index.html").is_file()
    assert check_output(output).problems == []
    assert (site / "static").is_dir() and not any((site / "static").iterdir())
    assert (site / ".gitignore").read_text().split() == ["public/", ".sitegen-cache/"]


def test_the_pages_workflow_builds_and_publishes(tmp_path: Path):
    new_site(tmp_path / "blog", "Blog")
    text = (tmp_path / "blog/.github/workflows/pages.yml").read_text()
    workflow = yaml.safe_load(text)
    build_steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build_steps]
    uses = [step.get("uses", "").split("@")[0] for step in build_steps]
    assert 'Pin a version for repeatable builds, e.g. pip install "sitegen==' in text
    assert runs.index("pip install sitegen") < next(
        i for i, r in enumerate(runs) if r.startswith("sitegen build"))
    assert uses[-1] == "actions/upload-pages-artifact"
    assert build_steps[-1]["with"]["path"] == "public"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_netlify_recipe(tmp_path: Path):
    new_site(tmp_path / "blog", "Blog")
    netlify = tomllib.loads((tmp_path / "blog/netlify.toml").read_text())
    assert netlify["build"]["command"] == "pip install sitegen && sitegen build"
    assert netlify["build"]["publish"] == "public"


def test_new_refuses_a_folder_with_files(tmp_path: Path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("existing", [False, True])
def test_new_accepts_a_new_or_empty_folder(tmp_path: Path, existing: bool):
    site = tmp_path / "site"
    if existing:
        site.mkdir()
    assert main(["new", str(site), "--title", "Field notes"]) == 0
    assert load_config(site).title == "Field notes"
    assert (site / "content/welcome.md").read_text().startswith("---\ntitle: ")
