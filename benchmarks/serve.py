"""Save-to-screen latency of `sitegen serve`, measured in real headless Chromium.

    python benchmarks/serve.py [--sizes 2000 10000] [--edits 9] [--no-sample]

For the bundled sample site and a corpus site of each size: start `sitegen serve`, open
an article in Chromium, then save that article `--edits` times with a new sentence. A
latency runs from just before the save to the first contentful paint of the page that
the browser reloaded by itself, which holds the sentence. Also shown: how many files a
one-article save re-rendered (from the server's own report), and what a stylesheet save
(swapped in place) and a template save cost.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent)]
from corpus import CORPUS, write_site  # noqa: E402
from serve_site.harness import REPO, ServeProcess, add_minimal_theme, launch_chromium  # noqa: E402

from sitegen.pipeline import load_site  # noqa: E402

BUILT = r"built in (\d+) ms: (\d+) of (\d+) files written"
WAIT_MS = 60_000
SHOWS = "text => document.body !== null && document.body.textContent.includes(text)"
# The reloaded page's first contentful paint (its HTML already holds the new sentence), as
# a wall-clock time in ms; Playwright's own polling would add its latency to the figure.
FIRST_PAINT = """(() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return performance.timeOrigin + (paint ? paint.startTime : performance.now());
})()"""


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)  # seconds, save -> shown
    builds: list[float] = field(default_factory=list)  # seconds, server-side build
    written: list[int] = field(default_factory=list)
    total: int = 0
    title: tuple[float, int] = (0.0, 0)  # build seconds, files written
    css: tuple[float, int, bool] = (0.0, 0, False)  # latency, files written, page kept
    template: tuple[float, int] = (0.0, 0)  # build seconds, files written


def prepare(site: Path) -> tuple[Path, Path]:
    """Give the site an editable copy of its theme; returns (stylesheet, article template)."""
    theme = REPO / "themes" / "default"
    if (theme / "templates" / "base.html").is_file():
        shutil.copytree(theme, site / "themes" / "default")
        return (site / "themes/default/static/assets/style.css",
                site / "themes/default/templates/article.html")
    add_minimal_theme(site)  # the default theme is not complete yet
    return site / "static/assets/style.css", site / "templates/article.html"


def built(server: ServeProcess) -> tuple[float, int, int]:
    match = server.wait_for(BUILT, timeout=WAIT_MS / 1000)
    return int(match.group(1)) / 1000, int(match.group(2)), int(match.group(3))


def edit_article(page, server: ServeProcess, source: Path, figures: Figures, i: int) -> None:
    original = source.read_text(encoding="utf-8")
    marker = f"Benchmark sentence {i} {secrets.token_hex(4)}."
    started = time.time()
    source.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    page.wait_for_function(SHOWS, arg=marker, polling="raf", timeout=WAIT_MS)
    figures.latencies.append(page.evaluate(FIRST_PAINT) / 1000 - started)
    seconds, written, figures.total = built(server)
    figures.builds.append(seconds)
    figures.written.append(written)
    source.write_text(original, encoding="utf-8")  # put it back, quietly, for the next one
    built(server)
    time.sleep(0.5)  # let the reloaded page reconnect


def edit_title(page, server: ServeProcess, source: Path, figures: Figures) -> None:
    """A new title shows in lists, neighbours, tag and archive pages and feeds."""
    original = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^title: .*$", "title: A retitled article", original,
                             count=1), encoding="utf-8")
    seconds, written, _ = built(server)
    figures.title = (seconds, written)
    page.wait_for_function(SHOWS, arg="A retitled article", timeout=WAIT_MS)
    source.write_text(original, encoding="utf-8")
    built(server)
    page.wait_for_function(f"t => !({SHOWS})(t)", arg="A retitled article", timeout=WAIT_MS)
    time.sleep(0.5)  # let the reloaded page reconnect


def edit_stylesheet(page, server: ServeProcess, css: Path, figures: Figures) -> None:
    page.evaluate("window.benchmarkNotReloaded = true")
    started = time.time()
    css.write_text(css.read_text(encoding="utf-8") + "\nhtml { --bench: 7; }\n",
                   encoding="utf-8")
    shown = page.wait_for_function(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--bench')"
        ".trim() === '7' && Date.now()", polling="raf", timeout=WAIT_MS).json_value()
    kept = page.evaluate("window.benchmarkNotReloaded === true")
    figures.css = (shown / 1000 - started, built(server)[1], kept)


def edit_template(server: ServeProcess, template: Path, figures: Figures) -> None:
    template.write_text(template.read_text(encoding="utf-8") + "{# benchmark #}\n",
                        encoding="utf-8")
    seconds, written, _ = built(server)
    figures.template = (seconds, written)


def measure(site: Path, article_rel: str, edits: int, browser) -> Figures:
    css, template = prepare(site)
    figures = Figures()
    server = ServeProcess(site, timeout=3600)
    try:
        _, content = load_site(site)
        article = next(a for a in content.articles if a.rel_path == article_rel)
        page = browser.new_page()
        page.goto(server.url + article.url)
        time.sleep(0.5)
        for i in range(edits):
            edit_article(page, server, article.path, figures, i)
        edit_title(page, server, article.path, figures)
        edit_stylesheet(page, server, css, figures)
        edit_template(server, template, figures)
        page.close()
    finally:
        server.stop()
    return figures


def report(name: str, n: int, f: Figures) -> None:
    ms = [x * 1000 for x in f.latencies]
    written = statistics.median(f.written)
    print(f"{name:<14} {n:>6} articles | save->shown median {statistics.median(ms):5.0f} ms "
          f"(min {min(ms):.0f}, max {max(ms):.0f}, n={len(ms)}) | build median "
          f"{statistics.median(f.builds) * 1000:5.0f} ms | one-article save wrote "
          f"{written:.0f} of {f.total} files ({100 * written / f.total:.2f} %)")
    print(f"{'':<14} {'':>6}          | retitled article: {f.title[1]} files written, "
          f"build {f.title[0] * 1000:.0f} ms")
    print(f"{'':<14} {'':>6}          | stylesheet save: shown in {f.css[0] * 1000:.0f} ms, "
          f"{f.css[1]} file written, {'no reload' if f.css[2] else 'PAGE RELOADED'} | "
          f"article.html save: {f.template[1]} files written in {f.template[0]:.1f} s")


def sample_site(root: Path) -> tuple[Path, str]:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "sitegen.toml", root / "sitegen.toml")
    first = sorted(p.relative_to(root / "content").as_posix()
                   for p in (root / "content").rglob("*.md"))[0]
    return root, first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--no-sample", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = launch_chromium(playwright)
        if not args.no_sample:
            site, rel = sample_site(Path(tmp) / "sample")
            report("sample site", len(list(site.rglob("*.md"))),
                   measure(site, rel, args.edits, browser))
        if args.sizes and not (CORPUS / "articles").is_dir():
            print(f"corpus sites skipped: the corpus is not at {CORPUS}")
            args.sizes = []
        for n in args.sizes:
            site = write_site(Path(tmp) / f"corpus-{n}", n)
            report("corpus site", n, measure(site, "a000005.md", args.edits, browser))
        browser.close()


if __name__ == "__main__":
    main()
