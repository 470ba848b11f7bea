"""Related-posts speed: compute_related on 1k / 10k / 50k corpus articles, and one edit.

    python benchmarks/related_speed.py [--sizes 1000 10000 50000] [--runs 3] [--floor]

Articles are built straight from ../shared/corpus records (BBC, Wikinews, BrUK; tags
kept). Past the 8,055 records, copy k of record i is not a duplicate: it takes the
first half of record i's paragraphs and the second half of another record of the same
language's, so every article is distinct and the duplicate filter cannot shortcut the
search. Each size runs in a fresh process (peak memory is its own); figures are medians.
"Analysis" is the text analysis related posts share with search (a build does it once,
for both); "cold" computes the lists from it with no related cache; "first" does the same
and writes the cache; "warm" rebuilds from the cache with nothing changed; "one edit"
rebuilds with one article's text changed, analyzing it included. The
machine is shared, so the load average at the start is printed with the figures, and
the CPU time of all processes (the work is split over the cores) next to the wall time.
With --floor, the build issue's floor (floor.py, on two cores, over 10,000 corpus articles)
runs before each run, and the issue's 3 s bar is also printed scaled by it: the bar was
set when that floor took 2.1 s, and this machine's speed drifts from day to day.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import all_articles, require_corpus, write_site  # noqa: E402
from floor import floor_in_child  # noqa: E402

FLOOR_THEN = 2.1  # the floor on two cores when the issue set its bars
BAR = 3.0  # the bar for the lists of 10,000 articles

CHILD = r"""
import json, os, resource, sys, tempfile, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from related_speed import articles
from sitegen.config import RelatedConfig
from sitegen.document_cache import load_documents
from sitegen.related import compute_related
docs = articles(int(sys.argv[1]))
config = RelatedConfig()
def cpu():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
def timed(label, work):
    t, c = time.perf_counter(), cpu()
    result = work()
    out[label], out[label + "_cpu"] = time.perf_counter() - t, cpu() - c
    return result
out = {"load": os.getloadavg()[0]}
with tempfile.TemporaryDirectory() as tmp:
    analyzed = timed("analysis", lambda: load_documents(docs, Path(tmp)))
    for label, folder in (("cold", None), ("first", Path(tmp)), ("warm", Path(tmp))):
        result = timed(label, lambda: compute_related(docs, config, folder, analyzed))
    edited = list(docs)
    i = len(docs) // 2
    edited[i] = replace(docs[i], text=docs[i].text + " Wholly new closing words here.")
    edited[i].content_hash += "x"
    timed("edit", lambda: compute_related(edited, config, Path(tmp),
                                          load_documents(edited, Path(tmp))))
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# the largest worker (analysis, search); its RSS counts the pages it shares with the parent
out["worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
out["links"] = sum(len(v) for v in result.values())
print(json.dumps(out))
"""


def articles(n: int):
    """`n` distinct Articles from the corpus records (see the module docstring)."""
    from related_articles import to_article

    pool = all_articles()
    by_lang: dict[str, list[dict]] = {}
    for record in pool:
        by_lang.setdefault(record["lang"], []).append(record)
    out = []
    for i in range(n):
        record = dict(pool[i % len(pool)])
        copy = i // len(pool)
        if copy:
            same = by_lang[record["lang"]]
            other = same[(i * 7 + copy * 997) % len(same)]
            mine, theirs = record["body"].split("\n\n"), other["body"].split("\n\n")
            record["body"] = "\n\n".join(mine[:(len(mine) + 1) // 2]
                                         + theirs[len(theirs) // 2:])
            record["title"] = f"{record['title']} ({copy + 1})"
            record["id"] = f"{record['id']}-{copy + 1}"
        out.append(to_article(record))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor", action="store_true", help="also time the build floor")
    args = parser.parse_args()
    require_corpus()
    here = str(Path(__file__).resolve().parent)
    root = str(Path(__file__).resolve().parent.parent)
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        site = write_site(Path(tmp), 10000) if args.floor else None
        for n in args.sizes:
            floors, runs = [], []
            for k in range(args.runs):
                if site:
                    floors.append(floor_in_child(site, Path(tmp) / f"floor-{n}-{k}", 2))
                runs.append(json.loads(subprocess.run(
                    [sys.executable, "-c", CHILD, str(n), here], check=True,
                    capture_output=True, text=True, cwd=root).stdout))
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            _report(n, med, previous)
            if floors:
                floor = statistics.median(floors)
                print(f"{'':>6} floor on 2 cores {floor:.2f} s (then {FLOOR_THEN} s): the "
                      f"{BAR:.0f} s bar at today's speed is {BAR * floor / FLOOR_THEN:.2f} s",
                      flush=True)
            previous = (n, med["cold"])


def _report(n: int, med: dict, previous: tuple[int, float] | None) -> None:
    growth = ""
    if previous:
        ratio = med["cold"] / previous[1]
        growth = f"; x{ratio:.1f} time for x{n / previous[0]:.0f} articles"
    print(f"{n:>6} articles: related lists cold {med['cold']:.2f} s (cpu of all "
          f"processes {med['cold_cpu']:.2f} s), after the shared text analysis "
          f"{med['analysis']:.2f} s (cpu {med['analysis_cpu']:.2f} s); first with cache "
          f"{med['first']:.2f} s, warm {med['warm']:.2f} s, one edit (its analysis "
          f"included) {med['edit']:.2f} s, "
          f"peak {med['peak_mb']:.0f} MB (largest worker {med['worker_mb']:.0f} MB, "
          f"shared pages included){growth} [load average {med['load']:.1f}]", flush=True)

if __name__ == "__main__":
    main()
