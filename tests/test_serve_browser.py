"""`sitegen serve` in real headless Chromium: pages follow saves by themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import article, write
from serve_site.harness import CHROMIUM, ServeProcess, launch_chromium, small_site

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser
WAIT = 15_000  # ms; generous for a loaded machine, never a speed assertion


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Chromium at " + CHROMIUM)
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    proc = ServeProcess(small_site(tmp_path))
    yield proc
    proc.stop()


def test_saved_article_shows_in_every_open_tab(server: ServeProcess, context):
    page, home = context.new_page(), context.new_page()
    page.goto(server.url + "two/")
    home.goto(server.url)
    write(server.source, "content/two.md",
          article("Article two, revised", "Freshly saved words.", date="2024-05-02"))
    expect(page.locator("article")).to_contain_text("Freshly saved words.", timeout=WAIT)
    expect(home.locator("main")).to_contain_text("Article two, revised", timeout=WAIT)


def test_broken_front_matter_shows_overlay_until_fixed(server: ServeProcess, context):
    page = context.new_page()
    page.goto(server.url + "one/")
    write(server.source, "content/one.md", "---\ntitle: One\ntags: [unclosed\n---\nText.\n")
    overlay = page.locator("#sitegen-error-overlay")
    expect(overlay).to_contain_text("content/one.md:3", timeout=WAIT)
    write(server.source, "content/one.md",
          article("Article one", "Repaired text.", date="2024-05-03"))
    expect(overlay).to_have_count(0, timeout=WAIT)
    expect(page.locator("article")).to_contain_text("Repaired text.", timeout=WAIT)


def test_template_error_names_the_template_line(server: ServeProcess, context):
    page = context.new_page()
    page.goto(server.url + "one/")
    write(server.source, "templates/404.html",
          '{% extends "base.html" %}\n{% block content %}\n{{ missing.thing }}\n{% endblock %}\n')
    expect(page.locator("#sitegen-error-overlay")).to_contain_text("templates/404.html:3",
                                                                   timeout=WAIT)


def test_deleted_article_404s_and_leaves_the_home_page(server: ServeProcess, context):
    page, home = context.new_page(), context.new_page()
    page.goto(server.url + "three/")
    home.goto(server.url)
    expect(home.locator("main")).to_contain_text("Article three")
    (server.source / "content/three.md").unlink()
    expect(page.locator("h1")).to_have_text("Page not found", timeout=WAIT)
    expect(home.locator("main")).not_to_contain_text("Article three", timeout=WAIT)
    assert page.goto(server.url + "three/").status == 404


def test_renamed_article_moves(server: ServeProcess, context):
    page = context.new_page()
    page.goto(server.url + "two/")
    (server.source / "content/two.md").rename(server.source / "content/deux.md")
    expect(page.locator("h1")).to_have_text("Page not found", timeout=WAIT)
    assert page.goto(server.url + "deux/").status == 200


def test_stylesheet_change_restyles_without_reloading(server: ServeProcess, context):
    page = context.new_page()
    page.goto(server.url + "one/")
    page.evaluate("window.notReloaded = true")
    write(server.source, "static/assets/style.css", "body { color: rgb(200, 0, 0); }\n")
    page.wait_for_function("getComputedStyle(document.body).color === 'rgb(200, 0, 0)'",
                           timeout=WAIT)
    assert page.evaluate("window.notReloaded") is True


def test_a_reload_after_a_stylesheet_save_uses_the_new_one(server: ServeProcess, context):
    """Stylesheets may come from the browser's cache, but only once the server said so."""
    page = context.new_page()
    page.goto(server.url + "two/")
    page.reload()  # now the stylesheet is in the cache
    write(server.source, "static/assets/style.css", "body { color: rgb(0, 90, 0); }\n")
    write(server.source, "content/two.md", article("Article two", "Saved with the style.",
                                                   date="2024-05-02"))
    expect(page.locator("article")).to_contain_text("Saved with the style.", timeout=WAIT)
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 90, 0)"


def test_after_a_restart_the_page_reloads_only_if_the_site_changed(tmp_path: Path, context):
    site = small_site(tmp_path)
    first = ServeProcess(site)
    port = int(first.origin.rsplit(":", 1)[1])
    page = context.new_page()
    page.goto(first.url + "one/")
    page.evaluate("window.notReloaded = true")
    assert first.stop() == 0
    with page.expect_response(lambda r: r.url.endswith("/__sitegen/events"), timeout=WAIT):
        second = ServeProcess(site, port=port)  # nothing changed meanwhile
    page.wait_for_timeout(1000)
    assert page.evaluate("window.notReloaded") is True
    assert second.stop() == 0
    write(site, "content/one.md", article("Article one", "Edited while stopped.",
                                          date="2024-05-03"))
    third = ServeProcess(site, port=port)
    try:
        expect(page.locator("article")).to_contain_text("Edited while stopped.", timeout=WAIT)
    finally:
        third.stop()
