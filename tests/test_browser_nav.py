"""Walk the sample site in real Chromium, from disk and under a sub-path over HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import chromium, http_server, watch_errors

from sitegen.build import BuildOptions, build_site
from sitegen.pipeline import load_site

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory) -> Path:
    """The bundled sample site, with small tag pages so that a tag has a page 2."""
    site = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", site / "content")
    toml = (REPO / "sitegen.toml").read_text().replace("tag = 20", "tag = 1")
    (site / "sitegen.toml").write_text(toml)
    output = tmp_path_factory.mktemp("www") / "reading-room"
    build_site(BuildOptions(source=site, output=output))
    return output


def first_home_article_with_a_shared_tag() -> tuple[str, str]:
    """(title, tag name): on the first home page, with a tag that has two or more articles."""
    config, site = load_site(REPO)
    shared = {t.name for t in site.tags if len(t.articles) > 1}
    for article in site.articles[: config.pagination.home]:
        if article.tags and article.tags[0] in shared:
            return article.title, article.tags[0]
    raise AssertionError("the sample site needs a tagged article on its first page")


def walk(page, start: str) -> list[str]:
    """home -> article -> tag -> page 2 -> archive; returns the titles seen."""
    title, tag = first_home_article_with_a_shared_tag()
    page.goto(start)
    seen = [page.title()]
    page.locator(".card-title").get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_load_state()  # a click starts the navigation; count on the new page
    assert page.locator("#related").count() == 1
    assert page.locator("input[type=search]").count() >= 1
    seen.append(page.locator("h1").first.inner_text())
    page.locator("a[rel=tag]").get_by_text(tag, exact=True).first.click()
    page.wait_for_load_state()
    seen.append(page.title())
    page.click("a[rel=next]")
    page.wait_for_load_state()
    assert "/page/2/" in page.url
    seen.append(page.title())
    page.click("nav.site-nav >> text=Archive")
    page.wait_for_load_state()
    seen.append(page.title())
    return seen


def test_walk_from_disk(sample_output: Path):
    with chromium() as browser:
        page = browser.new_page()
        errors = watch_errors(page)
        titles = walk(page, (sample_output / "index.html").as_uri())
        assert page.url.endswith("/archive/index.html")
        assert all(titles) and len(set(titles)) == 5
        assert errors == []


def test_walk_under_a_sub_path_over_http(sample_output: Path):
    with chromium() as browser, http_server(sample_output.parent) as base:
        page = browser.new_page()
        errors = watch_errors(page)
        titles = walk(page, f"{base}/reading-room/")
        assert page.url == f"{base}/reading-room/archive/"
        assert all(titles) and len(set(titles)) == 5
        assert errors == []
