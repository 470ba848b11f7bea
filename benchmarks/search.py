"""Search on N corpus articles (default 10,000), in real headless Chromium over HTTP.

    python benchmarks/search.py [--articles 10000] [--known 200] [--parity 60] [--pagefind]

Prints: the time of the shared text analysis and of the export from it, the index's
size and file count, the bytes of script a first one- and two-word query loads (pasted
at once and typed key by key), keystroke-to-results time once loaded, search.js's size,
known-item quality, and the agreement of browser and terminal over corpus queries, with
whoosh's indexing times.
With --pagefind it indexes the same built site with Pagefind (pip package pagefind-bin)
and loads the same queries through its API, for ratios against a peer.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from corpus import require_corpus, write_site  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
BOX = "header form[role=search] input[name=q]"
EXPORT = """
import json, resource, sys, time, shutil
from pathlib import Path
from sitegen.pipeline import load_site
from sitegen.document_cache import load_documents
from sitegen.search.export import export_search_index
site_dir = Path(sys.argv[1]); cache = Path(sys.argv[2])
config, site = load_site(site_dir)
shutil.rmtree(cache, ignore_errors=True)
t = time.perf_counter()
analyzed = load_documents(site.articles, cache)
analysis = time.perf_counter() - t
rows = []
for _ in range(3):
    t = time.perf_counter()
    export_search_index(site, config, analyzed)
    rows.append(time.perf_counter() - t)
print(json.dumps({"analysis": analysis, "export": sorted(rows)[1],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(site)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def export_times(site: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", EXPORT, str(site), str(site / "export-cache")],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def index_size(public: Path) -> tuple[int, int]:
    files = [p for p in (public / "search").iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def sample_queries(site, rng: random.Random, n: int, words: int) -> list[str]:
    """Queries like a reader's: `words` words of a random article's title."""
    from sitegen.analysis import stop_words, tokenize

    out = []
    while len(out) < n:
        article = rng.choice(site.articles)
        candidates = [w for w in tokenize(article.title)
                      if len(w) > 3 and not w.isdigit() and w not in stop_words(article.lang)]
        if len(candidates) >= words:
            out.append(" ".join(rng.sample(candidates, words)))
    return out


class Browser:
    """Chromium pages on the served site, counting the script bytes each one loads."""

    def __init__(self, pw, base: str):
        self.browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        self.base = base

    def page(self, path: str):
        context = self.browser.new_context()  # empty cache: a first visit
        page = context.new_page()
        page.loaded = []
        page.on("response", lambda r: page.loaded.append(r) if r.request.resource_type
                in ("script", "fetch", "xhr", "other") else None)
        page.goto(self.base + path)
        return page

    @staticmethod
    def settle(page) -> None:
        page.wait_for_selector("#search-results[aria-busy=false]", state="attached",
                               timeout=60000)

    @staticmethod
    def bytes_of(page) -> tuple[int, int, int]:
        bodies = [r.body() for r in page.loaded]
        return sum(map(len, bodies)), sum(len(gzip.compress(b)) for b in bodies), len(bodies)

    def first_query(self, text: str, delay: int) -> tuple[int, int, int]:
        """Script bytes, gzipped bytes and requests of a first query, pasted at once
        (`delay` 0) or typed with `delay` ms between keys."""
        page = self.page("a000100/")
        box = page.locator(BOX)
        box.click()
        if delay:
            box.press_sequentially(text, delay=delay)
        else:
            box.fill(text)
        page.wait_for_timeout(50)
        self.settle(page)
        page.wait_for_timeout(300)  # let late keystrokes' loads finish
        found = self.bytes_of(page)
        page.context.close()
        return found

    def keystrokes(self, queries: list[str]) -> list[float]:
        """ms from keydown to results shown, with the query's files already loaded."""
        page = self.page("a000100/")
        page.evaluate("""() => {
            const box = document.querySelector('header form[role=search] input[name=q]');
            const list = () => document.getElementById('search-results');
            window.lat = []; let t0 = 0;
            box.addEventListener('keydown', () => { t0 = performance.now(); }, true);
            new MutationObserver(() => {
              if (t0 && list().getAttribute('aria-busy') === 'false') {
                window.lat.push(performance.now() - t0); t0 = 0; }
            }).observe(document.body, {attributes: true, subtree: true,
                                       attributeFilter: ['aria-busy']});
        }""")
        box = page.locator(BOX)
        box.click()
        samples = []
        for text in queries:
            box.fill(text)
            self.settle(page)
            for _ in range(2):  # the query's files are loaded: time retyping its last letter
                box.press("Backspace")
                page.wait_for_timeout(400)
                page.evaluate("window.lat = []")
                page.keyboard.type(text[-1])
                page.wait_for_timeout(150)
                samples += page.evaluate("window.lat")
        page.context.close()
        return samples

    def results(self, page, text: str) -> list[str]:
        """Site paths of the search page's results for `text`, best first."""
        page.fill("#search-page-q", text)
        page.press("#search-page-q", "Enter")
        self.settle(page)
        return [h.removeprefix(self.base) for h in page.locator("#search-results a")
                .evaluate_all("as => as.map(a => a.getAttribute('href'))")]


def known_items(site, rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(query, site path): 3 to 5 of the 20 most distinctive (tf-idf) words of the body of
    an article whose body no other article repeats, none of them in its title."""
    from collections import Counter
    from math import log

    from sitegen.analysis import analyze, index_tokens

    df = Counter(t for a in site.articles for t in set(analyze(a.text, a.lang)))
    repeated = Counter(a.text for a in site.articles)
    unique = [a for a in site.articles if repeated[a.text] == 1]
    out = []
    for article in rng.sample(unique, n):
        title = set(analyze(article.title, article.lang))
        tf = Counter(t for _, _, t in index_tokens(article.text, article.lang))
        words = {}
        for _, word, term in index_tokens(article.text, article.lang):
            if term not in title and len(word) > 3 and not word.isdigit():
                words.setdefault(term, word)
        best = sorted(words, key=lambda t: (-tf[t] * log(len(site.articles) / df[t]), t))[:20]
        picked = rng.sample(best, min(len(best), rng.randint(3, 5)))
        out.append((" ".join(words[t] for t in picked), article.url))
    return out


def parity_queries(site, rng: random.Random, n: int) -> list[str]:
    """1 to 3 consecutive words of random articles' bodies."""
    from sitegen.analysis import stop_words, tokenize

    out = []
    while len(out) < n:
        article = rng.choice(site.articles)
        words = [w for w in tokenize(article.text)
                 if len(w) > 3 and not w.isdigit() and w not in stop_words(article.lang)]
        if len(words) > 5:
            k = rng.choice([1, 2, 2, 3])
            start = rng.randrange(len(words) - k)
            out.append(" ".join(words[start:start + k]))
    return out


def quality(browser: Browser, items: list[tuple[str, str]]) -> tuple[float, float]:
    page = browser.page("search/")
    ranks = []
    for text, url in items:
        found = browser.results(page, text)
        ranks.append(found.index(url) if url in found else 99)
    page.context.close()
    return (sum(r == 0 for r in ranks) / len(ranks), sum(r < 10 for r in ranks) / len(ranks))


def parity(browser: Browser, site_dir: Path, queries: list[str]) -> tuple[int, float, float]:
    """Queries whose top 5 differ, first terminal search (builds the whoosh index), and one
    after an article was edited (indexes that one again)."""
    from sitegen.build import CACHE_DIR
    from sitegen.pipeline import load_site
    from sitegen.search.terminal import answer_query

    config, site = load_site(site_dir)
    cache = site_dir / CACHE_DIR
    started = time.perf_counter()
    terminal = {q: [h.url.removeprefix(config.base_url) for h in
                    answer_query(cache, site, config, q, 5).results] for q in queries[:1]}
    first = time.perf_counter() - started
    edited = site_dir / "content" / "a000003.md"
    edited.write_text(edited.read_text() + "\nOne more sentence about harbours.\n")
    config, site = load_site(site_dir)
    started = time.perf_counter()
    answer_query(cache, site, config, queries[0], 5)
    again = time.perf_counter() - started
    terminal.update({q: [h.url.removeprefix(config.base_url) for h in
                         answer_query(cache, site, config, q, 5).results] for q in queries})
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--source", str(site_dir)],
                   check=True, capture_output=True)
    page = browser.page("search/")
    differ = sum(browser.results(page, q)[:5] != terminal[q] for q in queries)
    page.context.close()
    return differ, first, again


PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
import * as pagefind from "./pagefind/pagefind.js";
window.pfSearch = async (q) => {
  const found = await pagefind.search(q);
  return (await Promise.all(found.results.slice(0, 5).map((r) => r.data()))).map((d) => d.url);
};
</script>"""
TIMED = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def pagefind(public: Path, browser: Browser, queries: list[str]) -> tuple[dict, list]:
    """Index the built site with Pagefind; bytes its API loads for the same first queries."""
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pagefind-bin"], check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-c", TIMED, sys.executable, "-m", "pagefind_bin",
                          "--site", str(public)], check=True, capture_output=True,
                         text=True).stdout
    (public / "pf.html").write_text(PAGEFIND_PAGE)
    rows = []
    for text in queries:
        page = browser.page("pf.html")
        page.wait_for_function("window.pfSearch !== undefined")
        page.evaluate("q => window.pfSearch(q)", text)
        rows.append(browser.bytes_of(page))
        page.context.close()
    return json.loads(out), rows


def report(label: str, rows: list[tuple[int, int, int]]) -> None:
    files, zipped, requests = ([r[i] for r in rows] for i in range(3))
    print(f"  {label:<34} median {median(files) / 1024:6.1f} KB of files "
          f"({median(zipped) / 1024:5.1f} KB gzipped, {median(requests):.0f} requests); "
          f"most {max(files) / 1024:.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--known", type=int, default=200)
    parser.add_argument("--parity", type=int, default=60)
    parser.add_argument("--pagefind", action="store_true", help="also measure Pagefind")
    args = parser.parse_args()
    require_corpus()
    from browser import http_server
    from playwright.sync_api import sync_playwright

    from sitegen.pipeline import load_site

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = write_site(Path(tmp) / "site", args.articles)
        seconds = build(site_dir)
        times = export_times(site_dir)
        public = site_dir / "public"
        count, size = index_size(public)
        config, site = load_site(site_dir)
        code = (public / "assets" / "search.js").read_bytes()
        print(f"{args.articles} articles: full build {seconds:.1f} s; the text analysis "
              f"search shares with related posts {times['analysis']:.2f} s, then the index "
              f"export {times['export']:.2f} s "
              f"(peak {times['peak_mb']:.0f} MB); index {count} files, {size / 1e6:.1f} MB; "
              f"search.js {len(code) / 1024:.1f} KB ({len(gzip.compress(code)) / 1024:.1f} KB "
              f"gzipped)")
        one, two = sample_queries(site, rng, 10, 1), sample_queries(site, rng, 10, 2)
        with sync_playwright() as pw, http_server(public) as url:
            browser = Browser(pw, url + "/")
            print("script bytes loaded by a first query in the header box (empty cache):")
            for label, queries in (("one-word", one), ("two-word", two)):
                for delay in (0, 150, 300):
                    report(f"{label}, {f'typed, {delay} ms a key' if delay else 'pasted'}",
                           [browser.first_query(q, delay) for q in queries])
            lat = browser.keystrokes(one + two)
            print(f"keystroke to results, files loaded: median {median(lat):.1f} ms, "
                  f"90th percentile {sorted(lat)[int(len(lat) * 0.9)]:.1f} ms, "
                  f"{len(lat)} keystrokes")
            first, top10 = quality(browser, known_items(site, rng, args.known))
            print(f"known-item search, {args.known} articles: first {first:.0%}, "
                  f"top 10 {top10:.0%}")
            if args.pagefind:
                run, rows = pagefind(public, browser, one + two)
                print(f"Pagefind: indexing {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB")
                report("Pagefind, first query (1 and 2 words)", rows)
            differ, first_search, again = parity(browser, site_dir,
                                                 parity_queries(site, rng, args.parity))
            print(f"terminal: first `sitegen search` {first_search:.1f} s (builds the whoosh "
                  f"index), after editing one article {again:.2f} s; browser and terminal top 5 "
                  f"differ on {differ} of {args.parity} queries")


if __name__ == "__main__":
    main()
