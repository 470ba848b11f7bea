"""`sitegen check` on small hand-made output folders, on a built site, and against a
local HTTP server for --external."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import write

from sitegen.build import BuildOptions, build_site
from sitegen.check import check_output, run_check
from sitegen.check.external import check_external
from sitegen.check.targets import Target, resolve

BASE = "https://example.org/sub/"


def page(title: str, body: str) -> str:
    """A page whose body starts on line 4."""
    return f"<!doctype html>\n<html><head><title>{title}</title></head>\n<body>\n{body}\n" \
           "</body></html>\n"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A clean three-page output with an image, a stylesheet, a feed and a sitemap."""
    root = tmp_path / "public"
    write(root, "index.html", page("Home", (
        '<link rel="stylesheet" href="assets/style.css?v=1">\n'
        '<a href="alpha/">Alpha</a> <a href="alpha/#oven">its oven</a>\n'
        '<a href="tags/python/">Python</a> <a href="mailto:a@example.org">mail</a>\n'
        '<img src="assets/cat.png" srcset="assets/cat.png 1x, assets/cat@2x.png 2x" alt="">\n'
        '<a href="https://example.org/sub/alpha/">absolute</a> <a href="#top">top</a>')))
    write(root, "alpha/index.html", page("Alpha", (
        '<link rel="canonical" href="https://example.org/sub/alpha/">\n'
        '<h2 id="oven">Oven</h2>\n<a href="../">home</a> <a href="#oven">here</a>\n'
        '<a href="/sub/tags/python/">rooted</a> <a href="https://other.example/x#y">out</a>')))
    write(root, "tags/python/index.html", page("Python", '<a href="../../alpha/">Alpha</a>'))
    write(root, "assets/style.css", "body{}")
    write(root, "assets/cat.png", "png")
    write(root, "assets/cat@2x.png", "png")
    write(root, "atom.xml", (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n  <title>T</title>\n'
        f'  <id>{BASE}atom.xml</id>\n  <link rel="self" href="{BASE}atom.xml"/>\n'
        '  <updated>2024-01-05T00:00:00+00:00</updated>\n'
        '  <author><name>Ann</name></author>\n'
        f'  <entry>\n    <title>Alpha</title>\n    <link href="{BASE}alpha/"/>\n'
        f'    <id>{BASE}alpha/</id>\n    <updated>2024-01-05T00:00:00+00:00</updated>\n'
        '  </entry>\n</feed>\n'))
    write(root, "sitemap.xml", (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f'  <url><loc>{BASE}</loc></url>\n'
        f'  <url><loc>{BASE}alpha/</loc><lastmod>2024-01-05</lastmod></url>\n'
        '</urlset>\n'))
    return root


def messages(root: Path) -> list[str]:
    return [str(p) for p in check_output(root, BASE).problems]


def test_a_clean_site_has_no_problems(out: Path):
    report = check_output(out, BASE)
    assert report.problems == [] and report.warnings == []
    assert report.pages == 3
    assert list(report.external) == ["https://other.example/x"]


def test_planted_broken_link_missing_image_and_broken_anchor(out: Path, capsys):
    write(out, "alpha/index.html", page("Alpha", (
        '<h2 id="oven">Oven</h2>\n'
        '<a href="../tags/pyhton/">typo</a>\n'
        '<img src="../assets/dog.png" alt="A dog">\n'
        '<a href="../#nowhere">home anchor</a> <a href="#ovn">own anchor</a>')))
    assert messages(out) == [
        "alpha/index.html:5: broken link: ../tags/pyhton/",
        "alpha/index.html:6: missing asset: ../assets/dog.png",
        "alpha/index.html:7: broken anchor (no id 'nowhere' in index.html): ../#nowhere",
        "alpha/index.html:7: broken anchor (no id 'ovn' in alpha/index.html): #ovn",
    ]
    assert run_check(out.parent, external=False, output=out) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("public/alpha/index.html:5: broken link: ../tags/pyhton/")


def test_page_level_problems(out: Path):
    write(out, "bad.html", (
        "<html><head></head><body>\n"
        '<p id="x">one</p>\n<p id="x">two</p>\n'
        '<img src="assets/cat.png">\n'
        '<svg><title>icon</title></svg>\n'
        '<a href="javascript:alert(1)">js</a>\n'
        '<a href="sitegen-md:missing.md">md</a>\n'
        '<img srcset="assets/cat.png 1x, assets/none.png 2x" alt="cat">\n'
        '<a href="../../etc/passwd">up</a>\n'
        '<script src="app.js"></script>\n'
        "</body></html>\n"))
    assert [m for m in messages(out) if m.startswith("bad.html")] == [
        "bad.html:1: page has no <title>",
        "bad.html:3: duplicate id 'x' (first at line 2)",
        'bad.html:4: image without alt text (alt="" marks a decorative one)',
        "bad.html:6: javascript: link (use a real URL or a button): javascript:alert(1)",
        "bad.html:7: link to a Markdown file that is not an article: sitegen-md:missing.md",
        "bad.html:8: missing asset: assets/none.png",
        "bad.html:9: link to a file outside the site: ../../etc/passwd",
        "bad.html:10: missing asset: app.js",
    ]


def test_feed_and_sitemap_problems(out: Path):
    write(out, "sitemap.xml", (
        '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <url><loc>{BASE}gone/</loc></url>\n"
        "  <url><loc>https://elsewhere.example/</loc><lastmod>May 2024</lastmod></url>\n"
        "  <url></url>\n"
        f"  <url><loc>{BASE}</loc><lastmod>2014</lastmod><lastmod>2014-05</lastmod></url>\n"
        "</urlset>\n"))
    write(out, "tags/python/atom.xml", (
        '<feed xmlns="http://www.w3.org/2005/Atom">\n<title>T</title>\n'
        "<updated>yesterday</updated>\n<entry><title>E</title></entry>\n</feed>\n"))
    write(out, "broken.xml", "<a>\n<b>\n</a>\n")
    assert [m for m in messages(out) if ".xml" in m] == [
        "broken.xml:3: not well-formed XML: mismatched tag",
        "sitemap.xml:3: URL has no file in the site: https://example.org/sub/gone/",
        "sitemap.xml:4: URL is not under base_url: https://elsewhere.example/",
        "sitemap.xml:4: bad <lastmod> date: 'May 2024'",
        "sitemap.xml:5: <url> needs exactly one <loc>",
        "tags/python/atom.xml:1: feed has no <author> and some entries have none "
        "(set author in sitegen.toml)",
        "tags/python/atom.xml:1: feed has no <id> (needs exactly one)",
        "tags/python/atom.xml:3: not an RFC 3339 date-time: 'yesterday'",
        "tags/python/atom.xml:4: entry has neither <link rel=\"alternate\"> nor <content>",
        "tags/python/atom.xml:4: entry has no <id> (needs exactly one)",
        "tags/python/atom.xml:4: entry has no <updated> (needs exactly one)",
    ]


def test_without_base_url_relative_feed_urls_are_one_warning(out: Path):
    for name in ("atom.xml", "sitemap.xml", "alpha/index.html"):
        (out / name).write_text((out / name).read_text().replace(BASE, "/")
                                .replace("/sub/", "/"))
    report = check_output(out, "")
    assert report.problems == []
    assert [str(w) for w in report.warnings] == [
        "atom.xml: 2 feed(s) and sitemap(s) use URLs that are not absolute because base_url "
        "is not set in sitegen.toml; feed readers and search engines need them"]


@pytest.mark.parametrize(("url", "page", "expected"), [
    ("../tags/python/?page=2", "alpha/index.html", Target("tags/python/")),
    ("", "404.html", Target("404.html")),
    ("#x", "a/index.html", Target("a/index.html", "x")),
    ("/sub/a/b.css", "x.html", Target("a/b.css")),
    ("/elsewhere/", "x.html", Target(error="link outside the site's base path /sub/")),
    ("//cdn.example/lib.js", "x.html", Target(external="https://cdn.example/lib.js")),
    ("HTTPS://EXAMPLE.ORG/sub", "x.html", Target("")),
    ("%D1%85%D0%BB%D1%96%D0%B1/", "tags/index.html", Target("tags/хліб/")),
    ("tel:123", "x.html", Target()),
])
def test_resolve(url: str, page: str, expected: Target):
    assert resolve(url, page, BASE) == expected


class _Handler(BaseHTTPRequestHandler):
    """/ok: 200; /gone: 404; /nohead: 405 to HEAD, 200 to GET; /busy: 503."""

    def _answer(self, head: bool) -> None:
        code = {"/ok": 200, "/gone": 404, "/busy": 503}.get(self.path, 200)
        if self.path == "/nohead":
            code = 405 if head else 200
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802 - the http.server API
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def log_message(self, *args) -> None:
        pass


def test_external_links_against_a_local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # bound, never answers
    closed.server_close()
    try:
        host = f"http://127.0.0.1:{server.server_port}"
        places = {f"{host}/ok": [("a.html", 1)], f"{host}/gone": [("a.html", 2), ("b.html", 9)],
                  f"{host}/nohead": [("a.html", 3)], f"{host}/busy": [("a.html", 4)],
                  f"http://127.0.0.1:{closed.server_port}/": [("a.html", 5)]}
        problems, warnings = check_external(places, timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert [str(p) for p in problems] == [
        f"a.html:2: broken outside link (HTTP 404): {host}/gone (and 1 more places)"]
    assert [(w.line, w.message) for w in warnings][0] == (4, f"{host}/busy answered HTTP 503")
    assert warnings[1].line == 5 and warnings[1].message.startswith(
        f"could not check http://127.0.0.1:{closed.server_port}/: ")
    assert len(warnings) == 2


def test_a_built_site_passes(site: Path):
    output = build_site(BuildOptions(source=site)).output
    report = check_output(output, BASE)
    assert report.problems == []
    assert report.pages > 10


def test_many_pages_are_scanned_in_parallel_with_the_same_result(tmp_path: Path):
    for i in range(250):
        write(tmp_path, f"p{i}/index.html", page(f"P{i}", f'<a href="../p{i + 1}/#x">next</a>'
                                                 f'\n<p id="x">{i}</p>'))
    assert messages(tmp_path) == ["p249/index.html:4: broken link: ../p250/#x"]
