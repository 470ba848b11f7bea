"""The default theme in real Chromium: dark mode, file:// links, phone width, safe JSON-LD,
a strict Content Security Policy, AA contrast, keyboard use and print."""

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


RICH = """---
title: Every kind of block
date: 2024-03-03
author: Bo
tags: [web, tags]
publisher: The Daily
source_url: https://example.org/rich
---

A paragraph with *emphasis*, `code`, a [link](second.md) and a note.[^1]

## Quoted

> A quotation, with ~~a correction~~.

## Tabled

| name | value |
| --- | --- |
| one | 1 |

## Coded

```python
def tags(text: str) -> list[str]:  # a comment
    return [w for w in text.split() if w.startswith("#")]
```

[^1]: The note.
"""

ARABIC = """---
title: "المد والجزر مرتين في اليوم"
date: 2024-02-02
lang: ar
---

يرتفع البحر وينخفض مرتين كل يوم، وهذا يحير كثيرا من الناس.

> القمر يجذب الماء نحوه.

لأن الأرض تدور تحت انتفاخين من الماء.
"""

# The contrast WCAG 2 AA asks of each element with text of its own against the
# background it is painted on (the first opaque one up the tree, translucent ones blended).
CONTRAST = """() => {
  const rgba = (c) => { const p = c.match(/[\\d.]+/g).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const lum = (c) => [c.r, c.g, c.b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    const white = {r: 255, g: 255, b: 255, a: 1};
    return layers.reverse().reduce((under, top) => over(top, under), white); };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === "hidden") continue;
    const bg = background(el), fg = over(rgba(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a), ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    if (ratio < (size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5))
      low.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 20)}"`
               + ` ${ratio.toFixed(2)}`);
  }
  return low;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "sitegen.toml").write_text('title = "Test"\nbase_url = "https://example.org/"\n')
    (root / "content").mkdir()
    (root / "content" / "tags-and-co.md").write_text(ARTICLE)
    (root / "content" / "second.md").write_text(
        "---\ntitle: Second\ndate: 2024-01-01\n---\n\nHi.\n")
    (root / "content" / "rich.md").write_text(RICH)
    (root / "content" / "tides-ar.md").write_text(ARABIC)
    build_site(BuildOptions(source=root))
    return root / "public"


def test_a_right_to_left_article_is_laid_out_right_to_left(site: Path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        errors = watch_errors(page)
        page.goto((site / "tides-ar" / "index.html").as_uri())
        assert page.evaluate("""() => {
            const style = (s) => getComputedStyle(document.querySelector(s));
            const quote = style(".prose blockquote"), text = document.querySelector(".prose p");
            const column = document.querySelector(".prose").getBoundingClientRect();
            return [style(".prose").direction, quote.borderRightWidth, quote.borderLeftWidth,
                    Math.round(column.right - text.getBoundingClientRect().right),
                    style(".site-header").direction]; }""") == ["rtl", "3px", "0px", 0, "ltr"]
        # The English date and reading time keep their word order ("2 February 2024").
        assert page.evaluate("""() => [...document.querySelectorAll(
              ".article-header time, .article-header .meta-time")].map((e) => {
              const text = document.createTreeWalker(e, NodeFilter.SHOW_TEXT).nextNode();
              const at = (i) => { const r = document.createRange();
                r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().x; };
              return at(0) < at(text.length - 1); })""") == [True, True]
        page.goto((site / "index.html").as_uri())
        assert page.evaluate("""() => [...document.querySelectorAll(".card")].map(
            (c) => getComputedStyle(c).direction)""").count("rtl") == 1
        page.goto((site / "second" / "index.html").as_uri())  # the Arabic one is newer
        assert page.evaluate("""() => getComputedStyle(document.querySelector(
            ".article-nav-newer .title")).direction""") == "rtl"
        assert errors == []


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


def test_the_search_page_query_box_stays_usable_on_a_phone(site: Path):
    with chromium() as browser:
        for width in (360, 1100):
            page = browser.new_page(viewport={"width": width, "height": 740})
            page.goto((site / "search" / "index.html").as_uri() + "?q=tags")
            page.wait_for_selector("#search-results a")
            box, form = (page.locator(s).bounding_box() for s in ("#search-page-q",
                                                                    ".search-page-form"))
            assert box["width"] >= min(256, 0.6 * form["width"]), width


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_all_text_meets_aa_contrast(site: Path, scheme: str):
    with chromium() as browser, http_server(site) as base:
        page = browser.new_context(color_scheme=scheme).new_page()
        for path in ("", "rich/", "tags/", "tags/web/", "archive/", "search/?q=tags",
                     "404.html"):
            page.goto(f"{base}/{path}")
            if path.startswith("search"):
                page.wait_for_selector("#search-results a")
            assert page.evaluate("document.documentElement.dataset.theme") == scheme
            assert page.evaluate(CONTRAST) == [], path


def test_keyboard_users_skip_to_the_text_and_see_where_focus_is(site: Path):
    with chromium() as browser:
        page = browser.new_page()
        page.goto((site / "rich" / "index.html").as_uri())
        assert page.locator("header, nav, main, footer").count() >= 4
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")  # the first link of the article's text or header
        outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
        assert outline[0] != "none" and outline[1] >= 2


def test_printing_keeps_the_article_in_black_on_white_without_the_site_around_it(site: Path):
    with chromium() as browser:
        page = browser.new_context(color_scheme="dark").new_page()
        page.goto((site / "rich" / "index.html").as_uri())
        page.emulate_media(media="print")
        shown = page.evaluate("""() => ['.site-header', '.site-footer', '#related',
            '.search-form'].map((s) => [...document.querySelectorAll(s)]
            .some((e) => e.getClientRects().length))""")
        assert shown == [False, False, False, False]
        colors = page.evaluate("""() => [getComputedStyle(document.querySelector('.prose p')).color,
            getComputedStyle(document.body).backgroundColor]""")
        assert colors == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
        source = page.evaluate("""() => getComputedStyle(document.querySelector('.source-link'),
            '::after').content""")
        assert "https://example.org/rich" in source
