"""The build issue's "floor": markdown-it-py + Jinja2 + writing the article pages, nothing else.

    python benchmarks/floor.py SITE [--jobs 2]

Reads SITE/content/*.md, renders each body with markdown-it-py's default (CommonMark)
preset into a minimal Jinja2 page, and writes OUT/<stem>/index.html, in `--jobs`
processes that take every jobs-th file. Prints JSON: seconds (wall). The issue measured
this at 3.3 s on one core and 2.1 s on two for 10,000 articles, on a faster day of this
machine; build.py runs it in the same rounds as sitegen, so that each day's sitegen time
can be set against the floor of that same day.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

PAGE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ title }}</title>"
        "</head><body><main><h1>{{ title }}</h1>{{ body|safe }}</main></body></html>")


def render_part(files: list[Path], out: Path) -> None:
    md = MarkdownIt()
    page = jinja2.Environment(autoescape=True).from_string(PAGE)
    for path in files:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        title = next((line.split(":", 1)[1].strip() for line in front.splitlines()
                      if line.startswith("title:")), path.stem)
        (out / path.stem).mkdir()
        (out / path.stem / "index.html").write_text(page.render(title=title,
                                                                body=md.render(body)))


def floor(site: Path, out: Path, jobs: int) -> float:
    """Seconds to render and write every article of `site` into `out`, a new folder (not
    one deleted just before: see build.py on this disk's recently freed inodes)."""
    files = sorted((site / "content").glob("*.md"))
    out.mkdir(parents=True)
    started = time.perf_counter()
    children = []
    for k in range(1, jobs):
        pid = os.fork()
        if pid == 0:
            render_part(files[k::jobs], out)
            os._exit(0)
        children.append(pid)
    render_part(files[0::jobs], out)
    for pid in children:
        os.waitpid(pid, 0)
    return time.perf_counter() - started


def floor_in_child(site: Path, out: Path, jobs: int) -> float:
    """`floor` run in a fresh process (as the builds it is set against are)."""
    result = subprocess.run([sys.executable, __file__, str(site), "--jobs", str(jobs),
                             "--out", str(out)], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", type=Path, help="default: SITE/floor-public")
    args = parser.parse_args()
    out = args.out or args.site / "floor-public"
    print(json.dumps({"seconds": floor(args.site, out, args.jobs)}))


if __name__ == "__main__":
    main()
