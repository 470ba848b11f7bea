"""The default theme in real Chromium: dark mode, file:// links, phone width, safe JSON-LD,
and a strict Content Security Policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import chromium, http_server, watch_errors

from sitegen.build import BuildOptions, build_site

pytestmark = pytest.mark.browser

ARTICLE = """---
title: "Tags </script><script>alert(1)</script> & co"
date: 2024-05-05
author: Ann Lee
tags: [web]
---

## One

Text.

## Two

Text.

## Three

Text.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "sitegen.toml").write_text('title = "Test"\nbase_url = "https://example.org/"\n')
    (root / "content").mkdir()
    (root / "content" / "tags-and-co.md").write_text(ARTICLE)
    (root / "content" / "second.md").write_text(
        "---\ntitle: Second\ndate: 2024-01-01\n---\n\nHi.\n")
    build_site(BuildOptions(source=root))
    return root / "public"


def test_theme_toggle_is_remembered_and_applied_before_paint(site: Path):
    with chromium() as browser:
        context = browser.new_context(color_scheme="dark")
        page = context.new_page()
        errors = watch_errors(page)
        page.goto((site / "index.html").as_uri())
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.click("#theme-toggle")
        assert page.get_attribute("#theme-toggle", "aria-pressed") == "false"
        # On the next page the choice is set before <body> exists: no flash of the other theme.
        page.add_init_script("""new MutationObserver((_, o) => { if (document.body) {
            window.themeAtBody = document.documentElement.dataset.theme; o.disconnect(); } })
            .observe(document, {childList: true, subtree: true});""")
        page.goto((site / "second" / "index.html").as_uri())
        assert page.evaluate("window.themeAtBody") == "light"
        assert errors == []


def test_links_and_search_work_from_disk(site: Path):
    with chromium() as browser:
        page = browser.new_page()
        errors = watch_errors(page)
        page.goto((site / "second" / "index.html").as_uri())
        page.click(".site-nav >> text=Tags")
        assert page.url.endswith("/tags/index.html")
        page.fill("#site-search", "tags")
        page.press("#site-search", "Enter")
        page.wait_for_load_state()
        assert page.url.endswith("/search/index.html?q=tags")
        assert errors == []


def test_pages_work_under_a_strict_content_security_policy(site: Path):
    """No inline script: a host may send `script-src 'self'` and the theme toggle and
    search still work, with no violation reported."""
    def strict(route):
        response = route.fetch()
        route.fulfill(response=response, headers={
            **response.headers, "content-security-policy": "default-src 'self'"})

    with chromium() as browser, http_server(site) as base:
        page = browser.new_context(color_scheme="dark").new_page()
        page.route("**/*", strict)
        errors = watch_errors(page)
        page.goto(f"{base}/second/")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.click("#theme-toggle")
        assert page.evaluate("document.documentElement.dataset.theme") == "light"
        page.goto(f"{base}/search/?q=tags")
        page.wait_for_selector("#search-results a")
        assert "Tags" in page.inner_text("#search-results")
        assert errors == []


def test_phone_width_has_no_sideways_scroll(site: Path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for path in ("index.html", "tags-and-co/index.html", "archive/index.html"):
            page.goto((site / path).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_json_ld_keeps_a_hostile_title_as_text(site: Path):
    with chromium() as browser:
        page = browser.new_page()
        errors = watch_errors(page)
        page.goto((site / "tags-and-co" / "index.html").as_uri())
        data = json.loads(page.inner_text("script[type='application/ld+json']"))
        assert data["headline"] == "Tags </script><script>alert(1)</script> & co"
        assert data["author"][0]["name"] == "Ann Lee"
        assert page.locator("#related").count() == 1
        assert errors == []
