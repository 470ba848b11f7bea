"""The page plan: pagination, and plans reused between builds in one process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import article, write
from serve_site.harness import REPO

from sitegen.build import BuildOptions, build_site
from sitegen.pages import paginate


def test_pagination_windows_and_paths():
    pages = list(paginate(list(range(25)), 2, "tags/x/"))
    assert len(pages) == 13
    items, first = pages[0]
    assert items == [0, 1] and first.prev is None and first.next == "tags/x/page/2/"
    _, middle = pages[6]
    assert [p.number for p in middle.pages] == [1, 5, 6, 7, 8, 9, 13]
    assert middle.prev == "tags/x/page/6/" and middle.next == "tags/x/page/8/"
    last_items, last = pages[-1]
    assert last_items == [24] and last.next is None


def test_one_page_needs_no_pagination():
    assert list(paginate([1, 2], 10, "")) == [([1, 2], None)]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cold_build(site: Path, out: Path) -> dict[str, bytes]:
    """A build in a fresh process: nothing reused from this one's earlier plans."""
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(site),
                    "--output", str(out)], cwd=REPO, check=True, capture_output=True)
    return _files(out)


def test_rebuilds_in_one_process_equal_a_cold_build(site: Path, tmp_path: Path):
    """Serve rebuilds in one process, reusing the cards, article and list pages of its
    last plan; after each kind of edit the output must be what a fresh build writes."""
    out = tmp_path / "served"
    edits = [
        ("content/beta.md", article("Beta renamed", "## Oven\n\nNew oven words.",
                                    date="2024-02-10", tags="[baking]")),
        ("content/alpha.md", article("Alpha", "Alpha talks about bread.", date="2025-01-05",
                                     tags="[bread, rye]", author="Ann Lee")),
        ("content/delta.md", article("Delta", "Links to [alpha](alpha.md).",
                                     date="2024-02-11", tags="[baking]", author="Bo")),
        ("sitegen.toml", 'title = "Test site"\nbase_url = "https://example.org/sub/"\n'
                         "[pagination]\nhome = 3\ntag = 1\n"),
        ("content/more/gamma.md", None),
    ]
    build_site(BuildOptions(source=site, output=out))
    for number, (rel, text) in enumerate(edits):
        if text is None:
            (site / rel).unlink()
        else:
            write(site, rel, text)
        build_site(BuildOptions(source=site, output=out))
        assert _files(out) == _cold_build(site, tmp_path / f"cold{number}"), rel


def test_a_body_edit_re_renders_only_that_article_and_its_feeds(site: Path, tmp_path: Path):
    """Lists, neighbours and related links show an article's card, not its text."""
    write(site, "sitegen.toml", 'title = "Test site"\nbase_url = "https://example.org/sub/"\n'
          "[related]\ncount = 0\n")
    beta = article("Beta", "## Oven\n\nBeta is about ovens.", date="2024-02-10",
                   tags="[baking]", summary="About ovens.")
    write(site, "content/beta.md", beta)
    out = tmp_path / "out"
    build_site(BuildOptions(source=site, output=out))
    write(site, "content/beta.md", beta + "\nOne more sentence at the end.\n")
    result = build_site(BuildOptions(source=site, output=out))
    assert [f for f in result.written if f.endswith(".html")] == ["beta/index.html"]
    assert "One more sentence" in (out / "beta/index.html").read_text()
    assert _files(out) == _cold_build(site, tmp_path / "cold")
