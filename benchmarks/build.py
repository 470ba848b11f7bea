"""Full-build time, peak memory and output size for N corpus articles, plus a profile.

    python benchmarks/build.py [--sizes 1000 10000] [--runs 3] [--profile] [--hugo] [--core]
                               [--floor]

Each build is a `sitegen build` command, timed whole from Python's start to its exit (as
Hugo is), in a fresh process (so its peak memory is its own); figures are medians. The
floor is timed inside its process, imports left out. Each is also given as CPU time (user
and system, of all its processes, the floor's imports included): against the wall time,
how well a build keeps two cores busy; and a figure that moves less than wall time when
the machine's neighbours are busy.
With --hugo, Debian's Hugo (installed here with apt if missing; never a dependency of
sitegen) builds the same articles with minimal templates, as a peer: each round builds
with sitegen, then with Hugo, so each ratio compares builds made a minute apart (this
machine's speed drifts by half over tens of minutes). With --floor, the issue's floor
(floor.py: markdown-it-py + Jinja2 + writing the article pages) runs in the same rounds
on one and two cores; Python's speed here moves against Hugo's from day to day, so the
issue's targets (5 s core, about 10 s whole, when its floor took 2.1 s on two cores) are
also printed as ratios to that floor.

Nothing is deleted until the end of the run: a full build's last output is moved aside.
On this machine's disk (ext4 without a journal) a new file skips, one by one, every inode
freed in the last minute (six while still unwritten; `recently_deleted()` in the kernel's
fs/ext4/ialloc.c), so a build right after deleting a large output spends seconds more in
the kernel, whichever tool it is. `--delete` deletes instead, to show that cost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_site  # noqa: E402
from floor import floor_in_child  # noqa: E402

TIMED = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": used.ru_utime + used.ru_stime,
                  "peak_mb": used.ru_maxrss / 1024}))
"""


def children_cpu() -> float:
    """User and system time of this process's finished children, and theirs."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_build(site: Path) -> dict:
    """One `sitegen build` timed whole, as a user waits for it (and as Hugo is timed):
    Python's start, imports and exit included. Its time and peak memory, and the number
    of files written, read from its summary line."""
    out = subprocess.run([sys.executable, "-c", TIMED, sys.executable, "-m", "sitegen", "build",
                          "--source", str(site)], check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()
    result = json.loads(out[-1])
    written = re.search(r": (\d+) of \d+ files written", out[-2])
    result["written"] = int(written[1]) if written else 0  # "Nothing changed"
    return result


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def clean(site: Path, *names: str) -> None:
    """Put the last output and cache out of the way, and flush what the last build left in
    memory to the disk: otherwise writing it back slows down the next build by seconds on
    a slow disk. They are moved into trash/ (deleted at the end of the run) unless DELETE."""
    paths = [site / name for name in names or ("public", ".sitegen-cache")]
    if DELETE:
        subprocess.run(["rm", "-rf", *map(str, paths)], check=True)
    else:
        for path in filter(Path.exists, paths):
            path.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}")
    os.sync()


TRASH = Path()  # set in main()
DELETE = False
CORE_ONLY = "[related]\ncount = 0\n[search]\nenabled = false\n"


def make_site(root: Path, n: int, core: bool) -> Path:
    """`core`: without related posts and search, the issue's "before" figure."""
    site = write_site(root / f"{n}-{'core' if core else 'all'}", n)
    if core:
        with (site / "sitegen.toml").open("a") as fh:
            fh.write(CORE_ONLY)
    return site


def one_round(site: Path) -> tuple[dict, dict, dict]:
    """A full build, a build with nothing changed, and one after an article was edited."""
    clean(site)
    cold, warm = run_build(site), run_build(site)
    victim = site / "content" / "a000005.md"
    victim.write_text(victim.read_text() + "\nOne more line.\n")
    return cold, warm, run_build(site)


def report(n: int, label: str, site: Path, rounds: list[tuple[dict, dict, dict]]) -> float:
    """Print the medians of `rounds`; returns the median full-build time."""
    cold, warm, touched = zip(*rounds, strict=True)
    files, size = size_of(site / "public")
    med = lambda rows, k: statistics.median(r[k] for r in rows)  # noqa: E731
    print(f"{n:>6} articles {label:4s} | full build {med(cold, 'seconds'):6.2f} s "
          f"(cpu {med(cold, 'cpu'):5.2f} s) peak {med(cold, 'peak_mb'):5.0f} MB | "
          f"no-change rebuild {med(warm, 'seconds'):5.2f} s | "
          f"one article edited "
          f"{med(touched, 'seconds'):5.2f} s "
          f"({touched[0]['written']} files written) | output {files} files, "
          f"{size / 1e6:.1f} MB | cores {os.cpu_count()}")
    return med(cold, "seconds")


HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}",
    "_default/list.html": "{{ define \"main\" }}{{ range .Paginator.Pages }}"
                          "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}",
}


def hugo_site(site: Path) -> None:
    """Minimal Hugo layouts and config beside the same content folder."""
    if not shutil.which("hugo"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True,
                       capture_output=True)
    for rel, text in HUGO_LAYOUTS.items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/bench/"\n'
                                    'disableKinds = ["taxonomy", "term"]\n')


def hugo_build(site: Path) -> dict:
    """One full Hugo build: its time and peak memory."""
    clean(site, "hugo-public")
    out = subprocess.run([sys.executable, "-c", TIMED, "hugo", "--quiet", "-s", str(site),
                          "-d", "hugo-public"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def floor_build(site: Path, jobs: int) -> dict:
    """The issue's floor (floor.py) on the same articles, in a fresh process."""
    clean(site, "floor-public")
    cpu = children_cpu()
    seconds = floor_in_child(site, site / "floor-public", jobs)
    return {"seconds": seconds, "cpu": children_cpu() - cpu}


# The figures on its day: the floor on one and two cores, and its targets for
# the core build and (the related-posts issue) the whole build.
ANCHOR = {"floor 1 core": 3.3, "floor 2 cores": 2.1, "core": 5.0, "all": 10.0}


def measure(root: Path, n: int, runs: int, core: bool, with_hugo: bool,
            with_floor: bool) -> None:
    """Rounds of sitegen's builds (core and all) and its peers' (Hugo, the floor), one
    after the other, so that the ratios compare builds made a minute apart on this noisy
    machine."""
    sites = {"core": make_site(root, n, True)} if core else {}
    sites["all"] = make_site(root, n, False)
    peers = {}
    if with_hugo:
        hugo_site(sites["all"])
        peers["hugo"] = lambda: hugo_build(sites["all"])
    if with_floor:
        peers["floor 1 core"] = lambda: floor_build(sites["all"], 1)
        peers["floor 2 cores"] = lambda: floor_build(sites["all"], 2)
    rounds: dict[str, list] = {label: [] for label in sites}
    peer_rounds: dict[str, list[dict]] = {name: [] for name in peers}
    for _ in range(runs):
        for label, site in sites.items():
            rounds[label].append(one_round(site))
        for name, build in peers.items():
            peer_rounds[name].append(build())
    medians = {label: report(n, label, sites[label], rounds[label]) for label in sites}
    for name, results in peer_rounds.items():
        seconds = statistics.median(r["seconds"] for r in results)
        peak = statistics.median(r.get("peak_mb", 0) for r in results)
        ratios = ", ".join(f"{k} {v / seconds:.2f} (median of rounds "
                           f"{round_ratio(rounds[k], results):.2f})" for k, v in medians.items())
        cpu = statistics.median(r["cpu"] for r in results)
        cpu_ratios = ", ".join(f"{k} {statistics.median(r[0]['cpu'] for r in rounds[k]) / cpu:.2f}"
                               for k in medians)
        print(f"{n:>6} articles | {name} {seconds:6.2f} s (cpu {cpu:5.2f} s)"
              + (f" peak {peak:5.0f} MB" if peak else "")
              + f" | sitegen / {name} time ratio: {ratios}; cpu time ratio: {cpu_ratios}")
    if with_floor and n == 10000:
        floor = statistics.median(r["seconds"] for r in peer_rounds["floor 2 cores"])
        print(f"{n:>6} articles | the issue's anchors, as ratios to its floor on 2 cores "
              f"(2.1 s then, {floor:.2f} s today): " + ", ".join(
                  f"{k} {v / ANCHOR['floor 2 cores']:.2f}" for k, v in ANCHOR.items()))


def round_ratio(rounds: list[tuple[dict, dict, dict]], peers: list[dict]) -> float:
    """Median over rounds of sitegen's full build time over the peer's in the same round."""
    return statistics.median(r[0]["seconds"] / h["seconds"]
                             for r, h in zip(rounds, peers, strict=True))


def profile(n: int) -> None:
    import cProfile
    import pstats

    from sitegen.build import BuildOptions, build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = write_site(Path(tmp), n)
        started = time.perf_counter()
        prof = cProfile.Profile()
        prof.runcall(build_site, BuildOptions(source=site, jobs=1))
        print(f"\nprofile of a one-process full build of {n} articles "
              f"({time.perf_counter() - started:.1f} s under the profiler):")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(18)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--hugo", action="store_true", help="also time Hugo as a peer")
    parser.add_argument("--floor", action="store_true",
                        help="also time the issue's floor (floor.py) on 1 and 2 cores")
    parser.add_argument("--core", action="store_true",
                        help="also measure without related posts and search")
    parser.add_argument("--delete", action="store_true",
                        help="delete the last output before each full build (see above)")
    args = parser.parse_args()
    global TRASH, DELETE
    DELETE = args.delete
    with tempfile.TemporaryDirectory() as tmp:
        TRASH = Path(tmp) / "trash"
        TRASH.mkdir()
        for n in args.sizes:
            measure(Path(tmp), n, args.runs, args.core, args.hugo, args.floor)
    if args.profile:
        profile(args.sizes[0])


if __name__ == "__main__":
    main()
