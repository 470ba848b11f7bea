"""Related-posts speed: compute_related on 1k / 10k / 50k corpus articles, and one edit.

    python benchmarks/related_speed.py [--sizes 1000 10000 50000] [--runs 3]

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
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import all_articles, require_corpus  # noqa: E402

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
    args = parser.parse_args()
    require_corpus()
    here = str(Path(__file__).resolve().parent)
    root = str(Path(__file__).resolve().parent.parent)
    previous = None
    for n in args.sizes:
        runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, str(n), here],
                                          check=True, capture_output=True, text=True,
                                          cwd=root).stdout) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
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
        previous = (n, med["cold"])


if __name__ == "__main__":
    main()
