"""Search in real headless Chromium, from disk (file://) and over HTTP under a sub-path."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import chromium, http_server, watch_errors
from test_search_corpus import RARE, TOPICS, build, write_site
from test_search_terminal import ODD_QUERIES

from sitegen.pipeline import load_site
from sitegen.search import export
from sitegen.search.terminal import answer_query

pytestmark = pytest.mark.browser

FIRST_LINK = "() => (document.querySelector('#search-results a') || {}).textContent || ''"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The test site, built with tiny index files so that queries load many of them."""
    root = write_site(tmp_path_factory.mktemp("site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "DICT_TARGET", 300)
        patch.setattr(export, "POSTINGS_TARGET", 400)
        patch.setattr(export, "DOCS_PER_FILE", 10)
        build(root)
    return root


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(params=["file", "http"])
def base(request, site: Path):
    """URL of the built site's folder: from disk, or served under the sub-path /public/."""
    if request.param == "file":
        yield (site / "public").as_uri() + "/"
    else:
        with http_server(site) as url:
            yield url + "/public/"


def at(base: str, path: str, query: str = "") -> str:
    """URL of the page at site path `path` (from disk, a folder's page is its index.html)."""
    return base + path + ("index.html" if base.startswith("file:") else "") + query


def open_page(browser, url: str):
    page = browser.new_page()
    page.errors = watch_errors(page)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return page


def settled(page) -> None:
    """Wait until the latest search has shown its results (or that there are none)."""
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached")


def type_in_header(page, text: str) -> None:
    box = page.locator("header form[role=search] input[name=q]")
    box.click()
    box.press_sequentially(text, delay=15)


def test_typing_shows_the_article_first_with_its_words_marked(browser, base):
    page = open_page(browser, at(base, "notes-20/"))
    type_in_header(page, "obsidian kumq")
    page.wait_for_function(FIRST_LINK + ".includes('number 3')")
    links = page.locator("#search-results a")
    assert links.count() == 1
    assert links.first.get_attribute("href").rstrip("/").removesuffix("/index.html") \
        .endswith("/notes-03")
    marks = [m.lower() for m in page.locator("#search-results mark").all_inner_texts()]
    assert "obsidian" in marks and "kumquats" in marks
    assert page.errors == []


def test_keyboard_slash_arrows_and_enter(browser, base):
    page = open_page(browser, at(base, ""))
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("pangolin", delay=15)
    page.wait_for_function(FIRST_LINK + ".includes('number')")
    first, second = page.locator("#search-results [role=option]").all()[:2]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.get_attribute("aria-selected") == "true"
    assert second.get_attribute("aria-selected") == "false"
    target = first.locator("a").get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target
    assert page.errors == []


def test_a_cyrillic_query_finds_inflected_forms(browser, base):
    page = open_page(browser, at(base, ""))
    type_in_header(page, "хліба")
    page.wait_for_function(FIRST_LINK + ".includes('Київський')")
    assert "Хліб" in page.locator("#search-results mark").all_inner_texts()
    assert page.errors == []


def test_markup_in_an_article_is_shown_as_text_never_run(browser, base):
    page = open_page(browser, at(base, ""))
    type_in_header(page, "hostile quokka")
    page.wait_for_function(FIRST_LINK + ".includes('hostile')")
    results = page.locator("#search-results")
    assert '<script>alert("title")</script>' in results.locator("a").first.inner_text()
    assert "onerror" in results.inner_text()
    assert results.locator("script, img, [onerror]").count() == 0
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.errors == []


def test_the_search_page_reads_the_query_sort_and_tag_from_its_address(browser, base):
    page = open_page(browser, at(base, "search/", "?q=tide&sort=date"))
    settled(page)
    dates = [m.split(" · ")[0] for m in page.locator(".sg-meta").all_inner_texts()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 10
    assert page.locator("#search-more").is_visible()
    page.select_option("#search-tag", "bread")
    page.wait_for_function("location.search.includes('tag=bread')")
    settled(page)
    tags = page.locator(".sg-meta").all_inner_texts()
    assert tags and all("bread" in t for t in tags)
    assert page.errors == []


def test_no_results_suggests_a_known_word(browser, base):
    page = open_page(browser, at(base, "search/", "?q=" + quote("zepelin")))
    settled(page)
    assert "No results for “zepelin”" in page.inner_text("#search-status")
    page.click("a.sg-suggestion")
    page.wait_for_function(FIRST_LINK + ".includes('Notes on')")
    assert page.input_value("#search-page-q") == "zeppelin"


def test_without_javascript_the_search_page_says_so(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "public" / "search" / "index.html").as_uri() + "?q=tide")
    assert "Search needs JavaScript" in page.inner_text("main")
    context.close()


def test_odd_queries_end_in_results_or_a_clean_no_result(browser, site):
    page = open_page(browser, (site / "public" / "search" / "index.html").as_uri())
    for text in ODD_QUERIES:
        page.fill("#search-page-q", text)
        page.press("#search-page-q", "Enter")
        settled(page)
        status = page.inner_text("#search-status")
        assert status == "" if not text.strip() else ("result" in status), (text, status)
    assert page.errors == []


def parity_queries() -> list[str]:
    """Sixty queries made from the test site's own words: single words, pairs, prefixes,
    phrases, exclusions, tags, Cyrillic."""
    rng = random.Random(5)
    sentences = [s.rstrip(".").lower().split() for ps in TOPICS.values() for s in ps]
    words = sorted({w for s in sentences for w in s if len(w) > 3}) + RARE
    made = ["хліба", "Києві", "кавʼярня", "станция", "café", '"full moon"', "tag:solar",
            "tag:birds stars", "spring -moon", "sourdough bre*"]
    while len(made) < 60:
        a, b = rng.sample(words, 2)
        s = rng.choice(sentences)
        i = rng.randrange(len(s) - 2)
        made.append(rng.choice([a, f"{a} {b}", f"{a[:4]}*", f'"{s[i]} {s[i + 1]} {s[i + 2]}"',
                                f"{a} -{b}"]))
    return made


def test_browser_and_terminal_agree_on_the_top_results(browser, site):
    config, loaded = load_site(site)
    page = open_page(browser, (site / "public" / "search" / "index.html").as_uri())
    disagree = []
    for text in parity_queries():
        page.fill("#search-page-q", text)
        page.press("#search-page-q", "Enter")
        settled(page)
        shown = [h.rstrip("/").removesuffix("/index.html").rsplit("/", 1)[1] for h in
                 page.locator("#search-results a").evaluate_all("a => a.map(x => x.href)")[:5]]
        answer = answer_query(site / ".sitegen-cache", loaded, config, text, limit=5)
        expected = [hit.url.rstrip("/").rsplit("/", 1)[1] for hit in answer.results]
        if shown != expected:
            disagree.append((text, shown, expected))
    assert disagree == []
    assert page.errors == []
