"""End-to-end: build small sites and the bundled sample site, and look at the output."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import article, write

import sitegen.pipeline
from sitegen.build import BuildOptions, build_site
from sitegen.check import check_output
from sitegen.errors import BuildError

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(source: Path, **options) -> Path:
    output = options.pop("output", source / "public")
    build_site(BuildOptions(source=source, output=output, **options))
    return output


def test_pages_of_a_small_site(site: Path):
    out = build(site)
    for page in ("index.html", "page/2/index.html", "alpha/index.html", "gamma/index.html",
                 "tags/index.html", "tags/baking/index.html", "authors/ann-lee/index.html",
                 "archive/index.html", "archive/2024/index.html", "archive/2024/02/index.html",
                 "search/index.html", "404.html", "robots.txt"):
        assert (out / page).is_file(), page
    assert not (out / "draft").exists()
    alpha = (out / "alpha/index.html").read_text()
    assert 'href="../beta/#oven"' in alpha  # .md link resolved, relative
    assert 'id="related"' in alpha and 'type="search"' in alpha
    assert 'href="https://example.org/sub/alpha/"' in alpha  # canonical under the sub-path
    assert 'lang="uk"' in (out / "gamma/index.html").read_text()


def test_a_tag_or_author_spelt_two_ways_in_one_article_is_listed_once(tmp_path: Path):
    write(tmp_path, "content/a.md", article("A", tags="[Foo Bar, foo-bar, FOO BAR, Other]",
                                            author="[Ann Lee, ann lee]"))
    out = build(tmp_path)
    page = (out / "a/index.html").read_text()
    assert re.findall(r'rel="tag">([^<]*)', page) == ["Foo Bar", "Other"]
    assert page.count('href="../authors/ann-lee/"') == 1
    feed = ET.parse(out / "atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [c.get("term") for c in feed.findall("a:entry/a:category", ns)] == ["Foo Bar",
                                                                                 "Other"]
    assert [n.text for n in feed.findall("a:entry/a:author/a:name", ns)] == ["Ann Lee"]


def test_markdown_files_may_end_in_markdown_or_capitals_and_link_to_each_other(
        tmp_path: Path):
    write(tmp_path, "content/long.markdown", article("Long", "See [caps](notes/CAPS.MD#top)."))
    write(tmp_path, "content/notes/CAPS.MD", article("Caps", "Back to [long](../long.markdown)."))
    write(tmp_path, "content/notes/plain.txt", "not an article")
    out = build(tmp_path)
    assert 'href="../caps/#top"' in (out / "long/index.html").read_text()
    assert 'href="../long/"' in (out / "caps/index.html").read_text()
    assert not (out / "plain").exists() and not (out / "notes").exists()


def test_dates_known_to_the_year_or_month_show_as_written(tmp_path: Path):
    write(tmp_path, "sitegen.toml", 'permalink = "{year}/{month}/{slug}/"\n')
    write(tmp_path, "content/y.md", article("Year", date="2014"))
    write(tmp_path, "content/m.md", article("Month", date="2014-05"))
    write(tmp_path, "content/d.md", article("Day", date="2014-05-31"))
    out = build(tmp_path)
    home = (out / "index.html").read_text()
    assert re.findall(r'<time datetime="([^"]*)">(?:<bdi>)?([^<]*)', home) == [
        ("2014-05-31T00:00:00+00:00", "31 May 2014"), ("2014-05", "May 2014"),
        ("2014", "2014")]
    page = (out / "2014/00/y/index.html").read_text()
    assert '"datePublished": "2014"' in page
    assert '<time datetime="2014"><bdi>2014</bdi></time>' in page
    assert (out / "2014/05/m/index.html").is_file()
    assert [p.parent.name for p in (out / "archive/2014").glob("*/index.html")] == ["05"]
    assert ">Year</a>" in (out / "archive/2014/index.html").read_text()
    shutil.rmtree(out)  # built again from the parse cache: the dates know as much
    assert (build(tmp_path) / "index.html").read_text() == home
    write(tmp_path, "content/y.md", article("Year", date="2014-01-01"))
    assert ("2014-01-01T00:00:00+00:00", "1 January 2014") in re.findall(
        r'<time datetime="([^"]*)">(?:<bdi>)?([^<]*)', (build(tmp_path) / "index.html").read_text())


def test_article_pages_carry_open_graph_json_ld_and_reading_time(site: Path):
    write(site, "content/pictured.md", article(
        "Pictured", "word " * 450, date="2024-04-02T09:30:00+02:00", image="/img/p.jpg",
        summary="A picture.", source_url="https://news.example/p", publisher="The Daily"))
    page = (build(site) / "pictured/index.html").read_text()
    meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', page))
    assert meta["og:type"] == "article" and meta["og:title"] == "Pictured"
    assert meta["og:url"] == "https://example.org/sub/pictured/"
    assert meta["og:image"] == "https://example.org/sub/img/p.jpg"
    assert meta["article:published_time"] == "2024-04-02T09:30:00+02:00"
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert (data["@type"], data["headline"], data["datePublished"]) == (
        "Article", "Pictured", "2024-04-02T09:30:00+02:00")
    assert "2 min read" in page and 'href="https://news.example/p"' in page
    assert "The Daily" in page


def test_feeds_and_sitemap_are_valid_xml(site: Path):
    out = build(site)
    feed = ET.parse(out / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Beta", "Alpha", "Гамма: хліб"]
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/sub/beta/"
    tag_feed = ET.parse(out / "tags/baking/atom.xml").getroot()
    assert len(tag_feed.findall(f"{ATOM}entry")) == 2
    locs = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter()
            if e.tag.endswith("loc")]
    assert "https://example.org/sub/alpha/" in locs and all(u.startswith("https://") for u in locs)


def test_more_pages_than_a_sitemap_may_list_get_a_sitemap_index(site: Path, monkeypatch):
    monkeypatch.setattr("sitegen.feeds.SITEMAP_MAX_URLS", 4)
    write(site, "content/old.md", article("Old", date="2014"))  # lastmod of a year: a day
    out = build(site)
    index = ET.parse(out / "sitemap.xml").getroot()
    parts = [e.text for e in index.iter(f"{SITEMAP}loc")]
    assert index.tag == f"{SITEMAP}sitemapindex" and len(parts) >= 3
    assert parts[0] == "https://example.org/sub/sitemap-1.xml"
    urls = [u.text for n in range(1, len(parts) + 1)
            for u in ET.parse(out / f"sitemap-{n}.xml").getroot().iter(f"{SITEMAP}loc")]
    pages = {p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")}
    assert sorted(urls) == sorted(f"https://example.org/sub/{p}/".replace("/./", "/")
                                  for p in pages)
    assert check_output(out, "https://example.org/sub/").problems == []


def test_output_is_deterministic(site: Path, tmp_path: Path):
    first = build(site, output=tmp_path / "one")
    (site / ".sitegen-cache").rename(tmp_path / "old-cache")
    second = build(site, output=tmp_path / "two")
    assert tree_hashes(first) == tree_hashes(second)


def test_control_characters_of_scraped_text_leave_pages_and_feeds_readable(site: Path):
    write(site, "content/scraped.md", "---\ntitle: Page\x0bdump\nsummary: \"A\\x01b\"\n"
          "date: 2024-04-01\n---\nOne\x0btwo\x1b three\x00.\n")
    out = build(site)
    entry = ET.parse(out / "atom.xml").getroot().find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Page dump"
    assert entry.find(f"{ATOM}summary").text == "Ab"  # made by a YAML escape
    assert "One two three." in (out / "scraped/index.html").read_text()


@pytest.mark.parametrize(("rel", "text", "message"), [
    ("content/alpha.md", "---\ntitle: [broken\n---\n", "alpha.md:2: bad YAML"),
    ("templates/article.html", '{% extends "base.html" %}\n{% block content %}\n'
     "{{ article.nonexistent.field }}\n{% endblock %}\n", "article.html:3"),
    ("content/tagged.md", "---\ntitle: Tagged\nslug: tags\n---\nText.\n",
     "tagged.md:1: its URL /tags/ is where the site's tags page goes"),
], ids=["bad front matter", "template error", "article over a site page"])
def test_failed_build_names_the_place_and_leaves_previous_output_untouched(
        site: Path, rel: str, text: str, message: str):
    out = build(site)
    before = tree_hashes(out)
    write(site, rel, text)
    with pytest.raises(BuildError) as info:
        build(site)
    assert message in str(info.value)
    assert tree_hashes(out) == before


@pytest.mark.parametrize("where, why", [
    (".", "would delete the site itself"), ("..", "would delete the site itself"),
    ("content/out", "overlaps"), ("static", "overlaps"),
    ("notes", "holds files that no build wrote")])
def test_an_output_folder_that_would_lose_files_is_refused(site: Path, where: str, why: str):
    write(site, "notes/mine.txt", "mine")
    before = tree_hashes(site)
    with pytest.raises(BuildError, match=f"cannot build into this folder: .*{why}"):
        build_site(BuildOptions(source=site, output=site / where))
    assert tree_hashes(site) == before


def test_an_earlier_site_or_an_empty_folder_may_be_replaced(site: Path):
    write(site, "old-site/index.html", "<p>made by another tool</p>")
    (site / "empty").mkdir()
    for name in ("old-site", "empty"):
        build(site, output=site / name)
        assert (site / name / "index.html").read_text().startswith("<!doctype html>")


def test_rebuild_touches_only_what_changed(site: Path):
    out = build(site)
    again = build_site(BuildOptions(source=site, output=out))
    assert again.skipped
    write(site, "content/more/gamma.md", article("Гамма: хліб", "Новий текст про хліб.",
                                                  date="2023-12-01", lang="uk", author="Bo"))
    result = build_site(BuildOptions(source=site, output=out))
    assert "gamma/index.html" in result.written and "beta/index.html" not in result.written
    assert "Новий текст" in (out / "gamma/index.html").read_text()


def test_the_same_site_named_by_another_path_has_nothing_to_do(site: Path, monkeypatch):
    out = build(site)
    monkeypatch.chdir(site.parent)
    again = build_site(BuildOptions(source=Path(site.name), output=out, jobs=1))
    assert again.skipped
    assert not build_site(BuildOptions(source=Path(site.name), output=out, drafts=True)).skipped


def test_editing_a_partial_rebuilds_the_pages_that_show_it(site: Path):
    out = build(site)
    write(site, "templates/partials/meta.html", "<p class=\"meta\">my meta</p>\n")
    result = build_site(BuildOptions(source=site, output=out))
    assert "my meta" in (out / "index.html").read_text()
    assert "my meta" in (out / "tags/baking/index.html").read_text()
    assert "index.html" in result.written and "alpha/index.html" not in result.written


def test_a_build_with_nothing_to_do_imports_no_pipeline(site: Path):
    """The check runs before Markdown, Jinja or numpy are imported: a no-change build
    is then mostly Python's own start (0.7 -> 0.33 s for 10,000 articles)."""
    build_site(BuildOptions(source=site))
    probe = ("import sys\nfrom pathlib import Path\n"
             "from sitegen.build import BuildOptions, build_site\n"
             f"result = build_site(BuildOptions(source=Path({str(site)!r})))\n"
             "heavy = {'markdown_it', 'jinja2', 'numpy', 'sitegen.pipeline'} & set(sys.modules)\n"
             "print(result.skipped, sorted(heavy))\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split("\n")[0] == "True []"


def test_a_site_without_related_posts_and_search_builds_without_numpy(site: Path):
    with (site / "sitegen.toml").open("a") as fh:
        fh.write("[related]\ncount = 0\n[search]\nenabled = false\n")
    probe = ("import sys\nfrom pathlib import Path\n"
             "from sitegen.build import BuildOptions, build_site\n"
             f"result = build_site(BuildOptions(source=Path({str(site)!r})))\n"
             "print(result.skipped, len(result.written) > 5, 'numpy' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split("\n")[0] == "False True False"


def test_a_later_build_parses_only_the_edited_article(site: Path, monkeypatch):
    """The parse cache is written while the pages render, and read by the next process."""
    from sitegen import loading

    out = build(site)
    monkeypatch.setattr(loading, "_MEMORY", {})  # a new process: only the file is left
    parsed = []
    real = loading.load_article
    monkeypatch.setattr(loading, "load_article",
                        lambda path, *rest: parsed.append(path.name) or real(path, *rest))
    write(site, "content/beta.md", article("Beta", "Beta now bakes rye.", date="2024-02-10"))
    build_site(BuildOptions(source=site, output=out))
    assert parsed == ["beta.md"]
    assert "rye" in (out / "beta/index.html").read_text()


def test_files_beside_articles_are_copied_and_linked_from_the_page(site: Path):
    write(site, "content/trip/index.md", article("Trip", "![view](view.png) [notes](../notes.txt)"))
    write(site, "content/trip/view.png", "png")
    write(site, "content/notes.txt", "notes")
    write(site, "content/flat.md", article("Flat", "![later](trip/later.png)"))
    out = build(site)
    trip, flat = (out / "trip/index.html").read_text(), (out / "flat/index.html").read_text()
    assert 'src="../trip/view.png"' in trip and 'href="../notes.txt"' in trip
    assert (out / "trip/view.png").read_text() == "png" and (out / "notes.txt").exists()
    assert 'src="trip/later.png"' in flat  # not there (yet): left as written
    write(site, "content/trip/later.png", "png")
    result = build_site(BuildOptions(source=site, output=out))
    assert {"trip/later.png", "flat/index.html"} <= set(result.written)
    assert 'src="../trip/later.png"' in (out / "flat/index.html").read_text()
    (site / "content/notes.txt").unlink()
    assert "notes.txt" in build_site(BuildOptions(source=site, output=out)).removed


def test_files_no_published_article_uses_are_not_published(site: Path):
    write(site, "content/raw/page-dump.html", "<p>scraped</p>")  # kept for `sitegen import`
    write(site, "content/hidden.md", article("Hidden", "![x](secret.png)", draft="true"))
    write(site, "content/secret.png", "png")
    out = build(site)
    assert not (out / "raw").exists() and not (out / "secret.png").exists()
    assert (build(site, drafts=True) / "secret.png").exists()


def test_a_relative_image_in_front_matter_is_the_file_beside_the_article(site: Path):
    write(site, "content/trip/index.md", article("Trip", image="view.png"))
    write(site, "content/flat.md", article("Flat", image="img/site-wide.png"))
    out = build(site)
    assert '"og:image" content="https://example.org/sub/img/site-wide.png"' in \
        (out / "flat/index.html").read_text()  # no such file beside it: from the root
    assert '"og:image" content="https://example.org/sub/view.png"' in \
        (out / "trip/index.html").read_text()
    write(site, "content/trip/view.png", "png")
    build(site)
    assert '"og:image" content="https://example.org/sub/trip/view.png"' in \
        (out / "trip/index.html").read_text()


def test_deleted_article_disappears(site: Path):
    out = build(site)
    (site / "content/more/gamma.md").unlink()
    build(site)
    assert not (out / "gamma").exists() and not (out / "authors/bo").exists()
    assert "Гамма" not in (out / "index.html").read_text()


def test_untrusted_content_cannot_inject_script(tmp_path: Path):
    write(tmp_path, "content/x.md", article(
        '<script>alert(1)</script> "title', "Body <script>alert(2)</script> "
        "<img src=x onerror=alert(3)>", tags="['<b>tag</b>']", summary="'<script>s</script>'"))
    out = build(tmp_path)
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page
        assert "<b>tag</b>" not in text


def test_site_static_files_are_copied_without_a_templates_folder(site: Path):
    write(site, "static/hello.txt", "hi")
    assert (build(site) / "hello.txt").read_text() == "hi"


def test_site_overrides_theme_templates_and_static(site: Path):
    write(site, "templates/404.html", '{% extends "base.html" %}'
          "{% block content %}<p>Custom lost page</p>{% endblock %}")
    write(site, "static/assets/extra.txt", "mine")
    out = build(site)
    assert "Custom lost page" in (out / "404.html").read_text()
    assert (out / "assets/extra.txt").read_text() == "mine"
    assert "Custom lost page" not in (out / "index.html").read_text()


def test_cli_reports_every_problem_and_exits_1(tmp_path: Path):
    write(tmp_path, "content/a.md", "---\ntitle: A\ndate: nope\n---\n")
    write(tmp_path, "content/b.md", "---\ndate: 2024-01-01\n---\n")
    run = subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "a.md:3: bad date" in run.stderr and "b.md:1: missing title" in run.stderr
    assert not (tmp_path / "public").exists()


def test_cli_build_reports_what_it_wrote(site: Path):
    run = subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(site)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Built {site / 'public'}: ") and run.stdout.endswith(" s.\n")
    assert (site / "public/index.html").is_file()


@pytest.mark.parametrize("made, message", [(False, "no such folder"), (True, "not a site")])
def test_cli_build_of_a_folder_that_is_no_site_says_so(tmp_path: Path, made: bool,
                                                       message: str):
    folder = tmp_path / "typo"
    if made:
        write(folder, "notes.txt", "not a site")
    run = subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(folder)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and message in run.stderr
    assert not (folder / "public").exists()


def test_cli_version():
    run = subprocess.run([sys.executable, "-m", "sitegen", "--version"], capture_output=True,
                         text=True, check=True)
    assert run.stdout.startswith("sitegen ")


def test_cli_help_explains_every_argument_of_every_command():
    from sitegen.cli import make_parser

    commands = next(a for a in make_parser()._actions if a.dest == "command").choices
    bare = [f"sitegen {name} {action.dest}" for name, sub in commands.items()
            for action in sub._actions if not action.help]
    assert len(commands) >= 7 and bare == []
    run = subprocess.run([sys.executable, "-m", "sitegen", "serve", "--help"],
                         capture_output=True, text=True, check=True)
    assert "default: 8000" in run.stdout and "default: 127.0.0.1" in run.stdout


def test_bundled_sample_site_builds_with_every_link_resolving(tmp_path: Path):
    out = build(REPO, output=tmp_path / "public")
    articles = [p for p in out.glob("*/index.html")
                if p.parent.name not in ("tags", "authors", "archive", "search", "page")]
    assert 30 <= len(articles) <= 60
    report = check_output(out, "https://example.org/reading-room/")
    assert [str(p) for p in report.problems] == []
    assert report.pages > len(articles)


def test_a_missing_included_template_is_named(site: Path):
    write(site, "templates/404.html", '{% extends "base.html" %}\n{% block content %}\n'
          '{% include "partials/nowhere.html" %}\n{% endblock %}\n')
    with pytest.raises(BuildError) as info:
        build(site)
    assert "404.html:3: no template named 'partials/nowhere.html'" in str(info.value)


@pytest.mark.parametrize("fork", [False, True], ids=["in place", "beside"])
@pytest.mark.parametrize("fault", ['{% include "partials/nowhere.html" %}', "{{ 1 // 0 }}"],
                         ids=["planning", "rendering"])
def test_a_first_build_that_fails_leaves_no_folder(site: Path, monkeypatch, fork: bool,
                                                   fault: str):
    if fork:
        monkeypatch.setattr(sitegen.pipeline, "BACKGROUND_MIN", 1)
    write(site, "templates/404.html", '{% extends "base.html" %}\n{% block content %}\n'
          f'{fault}\n{{% endblock %}}\n')
    with pytest.raises(BuildError):
        build(site, jobs=2)
    assert [p.name for p in site.iterdir() if "public" in p.name] == []


def test_search_can_be_turned_off(site: Path):
    with (site / "sitegen.toml").open("a") as fh:
        fh.write("[search]\nenabled = false\n")
    out = build(site)
    assert not (out / "search/manifest.js").exists()
    assert "search.js" not in (out / "alpha/index.html").read_text()


def test_a_deferred_search_index_is_kept_then_written(site: Path):
    out = build(site)
    index = {p.name: p.read_bytes() for p in (out / "search").glob("*.js")}
    write(site, "content/beta.md", article("Beta", "Ovens and kilns.", date="2024-02-10"))
    build(site, search_index=False)
    assert "kilns" in (out / "beta/index.html").read_text()
    assert {p.name: p.read_bytes() for p in (out / "search").glob("*.js")} == index
    build(site)
    assert {p.name for p in (out / "search").glob("*.js")} != set(index)


def test_an_edited_underscore_static_file_is_not_missed(site: Path):
    write(site, "static/_redirects", "/old /new 301\n")
    out = build(site)
    write(site, "static/_redirects", "/old /newer 301\n")
    assert not build_site(BuildOptions(source=site, output=out)).skipped
    assert (out / "_redirects").read_text() == "/old /newer 301\n"
