"""The build's stages, once the cheap check in build.py found something to do: load
content -> model -> text analysis -> related posts -> plan pages (+ search index) -> write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.background import Background
from sitegen.build import CACHE_DIR, BuildOptions, site_folder
from sitegen.config import Config, load_config
from sitegen.errors import BuildError
from sitegen.feeds import feed_pages
from sitegen.files import SourceFile, find_sources, scan
from sitegen.loading import load_articles
from sitegen.manifest import Manifest
from sitegen.memory import cycle_collection_paused
from sitegen.model import RelatedLink, Site
from sitegen.output import WriteResult, discard_staging, stage, write_pages
from sitegen.pages import Page, assign_keys, plan_pages, taken_urls
from sitegen.site import build_site_model, place_images, used_files
from sitegen.templates import TemplateProblem, Templates
from sitegen.urls import output_file

if TYPE_CHECKING:
    from sitegen.document_cache import Analyzed

# From this many articles the search export, and a first build's folders, are made in
# processes of their own, beside related posts and page planning (see background.py).
BACKGROUND_MIN = 2000


def load_site(source: Path, drafts: bool = False, base_url: str | None = None,
              jobs: int = 0) -> tuple[Config, Site]:
    """Config and site model of `source`; raises BuildError listing every content problem."""
    source = site_folder(source)
    config = load_config(source, {"base_url": base_url})
    return config, _model(source, config, find_sources(source / config.content_dir), drafts,
                          jobs or os.cpu_count() or 1)


def _model(source: Path, config: Config, sources: list[SourceFile], drafts: bool,
           jobs: int) -> Site:
    articles, problems = load_articles(sources, config, source / CACHE_DIR / "articles.sqlite",
                                       jobs)
    site, more = build_site_model(articles, config, drafts)
    if problems or more:
        raise BuildError(problems + more)
    return site


def build_changed(source: Path, config: Config, output: Path, theme: Path,
                  sources: list[SourceFile], files: list[SourceFile], manifest: Manifest,
                  intact: bool, options: BuildOptions) -> tuple[WriteResult, Manifest]:
    """Build into `output` what changed since `manifest` (all of it unless `intact`).
    `files`: the other files of the content folder; those that articles show or link to
    are copied to the same places."""
    templates = Templates(source, theme)
    cache = source / CACHE_DIR
    jobs = options.jobs or os.cpu_count() or 1
    site = _model(source, config, sources, options.drafts, jobs)
    site.files = {f.rel for f in files}
    place_images(site)
    deferred = not options.search_index and intact
    analyzed = analyze(site, config, cache)
    beside = jobs > 1 and len(site.articles) >= BACKGROUND_MIN
    with _staging(output, site, intact, beside) as staged, \
            Background(lambda: {} if deferred else search_files(site, config, analyzed, beside),
                       fork=beside and not deferred and has_search(config, analyzed)) as search:
        site.related = related_lists(site, config, cache, analyzed)
        try:
            with cycle_collection_paused():  # a page and its view for every file, no cycles
                pages = plan_pages(site, config)
                pages += feed_pages(site, config, pages)
                used = used_files(site)
                pages += [_copied(f) for f in files if f.rel in used]
                pages += static_pages(source, theme)
                pages += search_pages(search.result())
                if taken := taken_urls(site, pages):
                    raise BuildError(taken)
                assign_keys(pages, config, templates,
                            repr((options.drafts, options.inject_html)))
                pages += kept_search_pages(manifest) if deferred else []
        except TemplateProblem as exc:
            raise BuildError([exc.problem]) from None
        return write_pages(
            pages, output, manifest, templates, config, options.inject_html, jobs, intact,
            meanwhile=(lambda: None) if deferred else lambda: save_caches(config, cache),
            staged=staged.result() if staged else None)


@contextmanager
def _staging(output: Path, site: Site, intact: bool,
             fork: bool) -> Iterator[Background[set[str]] | None]:
    """A first build's staging folder, with a folder for each article, made beside the
    planning of pages (on a core it leaves idle) when `fork`; removed again if the build
    fails. Otherwise (None) the writer makes the staging folder, and its workers the
    folders: made up front in this process, they would wait for each other."""
    if intact or not fork:  # intact: the writer puts pages beside the last build's files
        yield None
        return
    folders = sorted({os.path.dirname(output_file(a.url)) for a in site.articles})
    try:
        with Background(lambda: stage(output, folders), fork=True) as staged:
            yield staged
    except BaseException:
        discard_staging(output)
        raise


def analyze(site: Site, config: Config, cache: Path) -> Analyzed | None:
    """The text analysis that related posts and search share, if either is on. Its cache
    is written later (see save_caches)."""
    if config.related.count <= 0 and not config.search.enabled:
        return None
    # Imported here: numpy and the analysis take a tenth of a second to import, which
    # a site without related posts and search does not pay.
    from sitegen.document_cache import load_documents

    return load_documents(site.articles, cache, save=False)


def related_lists(site: Site, config: Config, cache: Path,
                  analyzed: Analyzed | None) -> dict[str, list[RelatedLink]]:
    """Related posts of every article (none when the site turns them off). Their cache is
    written later (see save_caches)."""
    if analyzed is None or config.related.count <= 0:
        return {a.id: [] for a in site.articles}
    from sitegen.related import compute_related  # scipy loads only for sites that use it

    return compute_related(site.articles, config.related, cache / "related", analyzed,
                           save=False)


def save_caches(config: Config, cache: Path) -> None:
    """Write the analysis and related-posts caches this process holds and has not written:
    while the pages render, off the way of the build (serve's quick builds leave them to
    its next full one)."""
    if config.related.count > 0 or config.search.enabled:
        from sitegen.document_cache import save_pending as save_documents

        save_documents(cache)
    if config.related.count > 0:
        from sitegen.related.cache import save_pending

        save_pending(cache / "related")


def has_search(config: Config, analyzed: Analyzed | None) -> bool:
    return analyzed is not None and config.search.enabled


def search_files(site: Site, config: Config, analyzed: Analyzed | None,
                 fork: bool = False) -> dict[str, bytes]:
    """The browser search index (see search/export.py): output path -> bytes; `fork`:
    in two processes."""
    if not has_search(config, analyzed):
        return {}
    from sitegen.search.export import export_search_index

    return export_search_index(site, config, analyzed, fork)


def search_pages(files: dict[str, bytes]) -> list[Page]:
    """Search index files as pages keyed by their bytes."""
    return [Page(path, "search-index", "", key_data=data, produce=lambda d=data: d)
            for path, data in sorted(files.items())]


def kept_search_pages(manifest: Manifest) -> list[Page]:
    """The last build's search index files, under their old keys: the writer keeps them."""
    return [Page(name, "search-index", "", key=key) for name, key in manifest.files.items()
            if name.startswith("search/") and name != "search/index.html"]


def static_pages(source: Path, theme: Path) -> list[Page]:
    """Theme static files, then the site's own static/ overriding them file by file
    (every file: `_redirects` and `.well-known/` too)."""
    files: dict[str, SourceFile] = {}
    for root in (theme / "static", source / "static"):
        files.update({f.rel: f for f in scan(root, skip=None)})
    return [_copied(f, "static") for _, f in sorted(files.items())]


def _copied(file: SourceFile, kind: str = "file") -> Page:
    """A file copied as it is, keyed by its path, size and time (as the scan found them)."""
    return Page(file.rel, kind, "", key_data=(file.location, file.size, file.mtime_ns),
                produce=file.path.read_bytes)
