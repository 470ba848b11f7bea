"""`sitegen import`: scraped pages (plain-text dumps or HTML) into Markdown articles.

One bad file never stops a batch: it gets a line in the summary and the exit status says
something failed. Files are handled in sorted order, so the first of two duplicates is
the one imported, the same on every run.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen.importer.dedupe import DuplicateIndex
from sitegen.importer.dumpfile import DumpFile, parse_dump, to_extracted
from sitegen.importer.html import extract_html
from sitegen.importer.page import Extracted
from sitegen.importer.report import FileResult, ImportReport, Progress
from sitegen.importer.sources import BadInput, Input, decode, detect_format, find_inputs
from sitegen.importer.textdump import SiteEvidence, clean_dump, site_of
from sitegen.importer.writer import (
    Existing,
    digest,
    edited_by_hand,
    new_path,
    render,
    scan,
    write_atomic,
)

__all__ = ["FileResult", "ImportReport", "import_paths"]


@dataclass
class _Page:
    """An input file read and decoded, not yet extracted."""

    source: Input
    fmt: str
    text: str
    import_hash: str
    dump: DumpFile | None = None

    @property
    def site(self) -> str:
        """Batch evidence groups text dumps by their URL's site, else by their folder."""
        url = self.dump.url if self.dump else ""
        return site_of(url) or f"folder:{self.source.path.parent.as_posix()}"


def import_paths(paths: list[Path], into: Path, fmt: str = "auto", force: bool = False, *,
                 out: TextIO | None = None, err: TextIO | None = None) -> ImportReport:
    """Import every page file in `paths` (folders recursively) into the folder `into`.

    Prints warnings and a progress bar to `err` (stderr) and the summary to `out` (stdout).
    """
    out, err = out or sys.stdout, err or sys.stderr
    report = ImportReport()
    inputs, missing = find_inputs(paths)
    for source in missing:
        report.add(source.label, "failed", "no such file or folder")
    pages = [page for source in inputs if (page := _read(source, fmt, report))]
    evidence = SiteEvidence.from_pages((p.site, p.dump.page_text) for p in pages if p.dump)
    store = _Store(into, scan(into), force)
    progress = Progress(len(pages), err)
    for page in pages:
        article = _extract(page, evidence)
        if article is None:
            report.add(page.source.label, "failed", "no article found on the page")
        else:
            result = report.add(page.source.label, *store.save(page, article))
            if result.status == "skipped":
                print(f"warning: {result.output} was edited by hand since it was imported; "
                      "not updated (use --force to overwrite)", file=err)
        progress.step()
    progress.close()
    print(report.summary(), file=out)
    return report


def _read(source: Input, fmt: str, report: ImportReport) -> _Page | None:
    try:
        raw = source.path.read_bytes()
        kind = detect_format(source.path, raw, fmt)
        text = decode(raw, html_hint=kind == "html")
    except OSError as exc:
        report.add(source.label, "failed", f"cannot read: {exc.strerror}")
        return None
    except BadInput as exc:
        report.add(source.label, "failed", str(exc))
        return None
    dump = parse_dump(text) if kind == "text" else None
    return _Page(source, kind, text, digest(raw), dump)


def _extract(page: _Page, evidence: SiteEvidence) -> Extracted | None:
    if page.dump is None:
        return extract_html(page.text)
    dump = page.dump
    cleaned = clean_dump(dump.page_text, dump.url, evidence, dump.headers.get("title", ""),
                         site=page.site)
    return to_extracted(cleaned, dump) if cleaned.blocks else None


class _Store:
    """The content folder during one import: what it holds, and where new files go."""

    def __init__(self, into: Path, existing: list[Existing], force: bool) -> None:
        """`imported_from` is kept relative to `into`: the same wherever the import runs."""
        self.into, self.force = into, force
        self.by_origin = {str(e.provenance.get("imported_from")): e for e in existing
                          if e.provenance.get("imported_from")}
        self.by_url = {e.source_url: e for e in existing if e.source_url and e.provenance}
        self.taken = {e.path.stem for e in existing if e.path.parent == into}
        self.duplicates = DuplicateIndex()
        for item in existing:
            self.duplicates.add(item.name, item.body)

    def save(self, page: _Page, article: Extracted) -> tuple[str, str, str]:
        """(status, detail, output file) after writing, or deciding not to write, `article`."""
        label = Path(os.path.relpath(page.source.path.resolve(), self.into.resolve())).as_posix()
        target = self.by_origin.get(label) or self.by_url.get(article.source_url or "\0")
        if target is None:
            duplicate = self.duplicates.find(article.text)
            if duplicate is not None:
                return "duplicate", f"same article as {duplicate}", ""
            path = new_path(self.into, article.title, self.taken)
            write_atomic(path, render(article, label, page.import_hash))
            name = path.relative_to(self.into).as_posix()
            self.duplicates.add(name, article.text)
            return "imported", "", str(path)
        edited = edited_by_hand(target.text)
        if target.provenance.get("import_hash") == page.import_hash and not (edited and self.force):
            return "unchanged", "", str(target.path)
        if edited and not self.force:
            return "skipped", "edited by hand since imported (--force overwrites it)", \
                str(target.path)
        text = render(article, label, page.import_hash)
        if text == target.text:
            return "unchanged", "", str(target.path)
        write_atomic(target.path, text)
        return "updated", "", str(target.path)
