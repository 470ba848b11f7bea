"""`sitegen check`: find what a reader would trip over in the built site, before it ships.

It reads the output folder only, never the sources, so it checks exactly what gets
deployed, and reports each problem at the line of the built file where the offending
element starts: `public/alpha/index.html:12: broken link: ../bet/`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from sitegen.check.feeds import SITEMAP, feed_urls, parse_xml, xml_problems
from sitegen.check.html import PageScan, Ref, scan_files
from sitegen.check.targets import Target, resolve
from sitegen.errors import Problem, SitegenError


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)  # paths relative to the output
    warnings: list[Problem] = field(default_factory=list)
    external: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # url -> places
    pages: int = 0


class _Output:
    """The files of a built site and the scans of its HTML pages."""

    def __init__(self, root: Path):
        self.root = root
        self.files = set(_walk(root))
        self.pages: dict[str, PageScan] = scan_files(
            root, sorted(f for f in self.files if f.endswith((".html", ".htm"))))

    def file_for(self, path: str) -> str | None:
        """The file a web server sends for a site path (a folder sends its index.html)."""
        if path and not path.endswith("/") and path in self.files:
            return path
        index = path.rstrip("/") + "/index.html" if path else "index.html"
        return index if index in self.files else None


def _walk(root: Path) -> list[str]:
    found = []
    for directory, _dirs, names in os.walk(root):
        rel = Path(directory).relative_to(root).as_posix()
        found += [name if rel == "." else f"{rel}/{name}" for name in names]
    return found


def check_output(output: Path, base_url: str = "") -> Report:
    """Every problem in the built site at `output`. `base_url` tells which absolute URLs
    (canonical links, feeds, sitemap) are the site's own and must exist in `output`."""
    if not output.is_dir():
        raise SitegenError(f"{output}: no such folder; build the site first")
    site = _Output(output)
    report = Report(pages=len(site.pages))
    for rel, scan in site.pages.items():
        report.problems += [Problem(rel, line, message) for line, message in scan.problems]
        for ref in scan.refs:
            _check_ref(site, rel, ref, base_url, report)
    relative = [rel for rel in sorted(f for f in site.files if f.endswith(".xml"))
                if _check_xml(site, rel, base_url, report)]
    if relative and not base_url:
        report.warnings.append(Problem(relative[0], None, (
            f"{len(relative)} feed(s) and sitemap(s) use URLs that are not absolute because "
            "base_url is not set in sitegen.toml; feed readers and search engines need them")))
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    return report


def _check_ref(site: _Output, rel: str, ref: Ref, base_url: str, report: Report) -> None:
    target = resolve(ref.url, rel, base_url)
    if target.error:
        report.problems.append(Problem(rel, ref.line, f"{target.error}: {ref.url}"))
    elif target.external:
        report.external.setdefault(target.external, []).append((rel, ref.line))
    elif target.path is not None:
        message = _missing(site, target, ref.asset)
        if message:
            report.problems.append(Problem(rel, ref.line, f"{message}: {ref.url}"))


def _missing(site: _Output, target: Target, asset: bool) -> str:
    """Why `target` cannot be followed, or "" when it can."""
    file = site.file_for(target.path or "")
    if file is None:
        return "missing asset" if asset else "broken link"
    fragment = target.fragment
    if fragment and fragment != "top" and file in site.pages:  # "#top" is the page's top
        ids = site.pages[file].ids
        if fragment not in ids and unquote(fragment) not in ids:
            return f"broken anchor (no id {unquote(fragment)!r} in {file})"
    return ""


def _check_xml(site: _Output, rel: str, base_url: str, report: Report) -> bool:
    """Check one XML file; True when it is a feed or sitemap with URLs that are not
    absolute."""
    try:
        root = parse_xml((site.root / rel).read_bytes())
    except expat.ExpatError as exc:
        report.problems.append(Problem(rel, exc.lineno, "not well-formed XML: "
                                       + expat.errors.messages[exc.code]))
        return False
    report.problems += [Problem(rel, line, message) for line, message in xml_problems(root)]
    urls = feed_urls(root) or []
    relative = [(line, url) for line, url in urls if not urlsplit(url).scheme]
    report.problems += [Problem(rel, line, f"URL must be absolute: {url}")
                        for line, url in relative if base_url]
    for line, url in urls:
        target = resolve(url, rel, base_url)
        if target.path is not None and site.file_for(target.path) is None:
            report.problems.append(Problem(rel, line, f"URL has no file in the site: {url}"))
        elif target.external and base_url and root.tag.startswith(SITEMAP):
            report.problems.append(Problem(rel, line, f"URL is not under base_url: {url}"))
    return bool(relative)


def run_check(source: Path, external: bool, output: Path | None) -> int:
    """The CLI: build (unless `output` is given), check, print; 1 when there is a problem."""
    from sitegen.build import BuildOptions, build_site
    from sitegen.config import load_config

    source = source.resolve()
    config = load_config(source)
    if output is None:
        output = build_site(BuildOptions(source=source)).output
    report = check_output(output, config.base_url)
    if external:
        from sitegen.check.external import check_external

        broken, warnings = check_external(report.external)
        report.problems += broken
        report.warnings += warnings
    print_report(report, output)
    return 1 if report.problems else 0


def print_report(report: Report, output: Path) -> None:
    """Problems on stdout as `public/page.html:LINE: message`, warnings and the count on
    stderr."""
    shown = _shown(output)
    for problem in report.problems:
        print(f"{shown}/{problem}")
    for warning in report.warnings:
        print(f"{shown}/{replace(warning, message='warning: ' + warning.message)}",
              file=sys.stderr)
    verdict = f"{len(report.problems)} problem(s)" if report.problems else "no problems"
    print(f"Checked {report.pages} pages in {shown}: {verdict}, "
          f"{len(report.warnings)} warning(s).", file=sys.stderr)


def _shown(output: Path) -> str:
    """`output` as the user would type it: relative to the current folder when inside it."""
    try:
        return output.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return output.as_posix()
