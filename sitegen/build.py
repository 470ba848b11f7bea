"""`sitegen build`: skip the build when no input changed, else run the pipeline.

The check needs no Markdown, Jinja or numpy: the pipeline (pipeline.py) is imported
only when there is something to build, so that a build with nothing to do is not
mostly Python importing what it will not use.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import __version__
from sitegen.config import CONFIG_FILE, Config, load_config
from sitegen.errors import BuildError, Problem, SitegenError
from sitegen.files import SourceFile, find_content, scan
from sitegen.manifest import Manifest
from sitegen.theme import find_theme

CACHE_DIR = ".sitegen-cache"


@dataclass
class BuildOptions:
    source: Path = Path(".")
    output: Path | None = None  # default: public/ in the source folder
    base_url: str | None = None  # overrides sitegen.toml
    drafts: bool = False
    inject_html: str = ""  # added before </body> of every page (live reload while serving)
    # False keeps the last build's search index as it is, so that `serve` can show an
    # edited page first and write the index in a second build right after.
    search_index: bool = True
    jobs: int = 0  # worker processes; 0 means one per core


@dataclass
class BuildResult:
    output: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    total: int = 0
    seconds: float = 0.0
    skipped: bool = False  # nothing had changed since the last build

    def summary(self) -> str:
        if self.skipped:
            return f"Nothing changed; {self.output} is up to date ({self.seconds:.2f} s)."
        return (f"Built {self.output}: {len(self.written)} of {self.total} files written, "
                f"{len(self.removed)} removed in {self.seconds:.2f} s.")


def build_site(options: BuildOptions) -> BuildResult:
    """Build the site; on any error the previous output is left as it was."""
    started = time.perf_counter()
    source = site_folder(options.source)
    config = load_config(source, {"base_url": options.base_url})
    output = (options.output or source / "public").resolve()
    theme = find_theme(source, config.theme)
    cache = source / CACHE_DIR
    manifest_file = cache / f"manifest-{hashlib.sha1(str(output).encode()).hexdigest()[:12]}.json"
    manifest = Manifest.load(manifest_file)
    _guard_output(output, source, [source / config.content_dir, source / "templates",
                                  source / "static", theme], bool(manifest.files))
    sources, files = find_content(source / config.content_dir)
    fingerprint = input_fingerprint(source, config, theme, options, sources + files)
    intact = manifest.intact(output)
    if manifest.fingerprint == fingerprint and intact:
        return BuildResult(output, total=len(manifest.files), skipped=True,
                           seconds=time.perf_counter() - started)
    from sitegen.pipeline import build_changed

    written, new_manifest = build_changed(source, config, output, theme, sources, files,
                                          manifest, intact, options)
    new_manifest.fingerprint = fingerprint
    new_manifest.save(manifest_file)
    return BuildResult(output, written.written, written.removed, written.total,
                       time.perf_counter() - started)


def site_folder(given: Path) -> Path:
    """`given`, resolved, if it is a site: a folder with sitegen.toml or content/ (the
    config is optional). A mistyped --source would otherwise get a public/ of its own."""
    source = given.resolve()
    if not source.is_dir():
        raise SitegenError(f"{source}: no such folder")
    if not (source / CONFIG_FILE).is_file() and not (source / "content").is_dir():
        raise SitegenError(f"{source}: not a site: it has neither {CONFIG_FILE} nor content/; "
                           "`sitegen new DIR` makes one")
    return source


def input_fingerprint(source: Path, config: Config, theme: Path, options: BuildOptions,
                      content: list[SourceFile]) -> str:
    """Cheap hash of every input's path, size and mtime: equal means nothing to do.
    Of the options, only those that change pages count: the same site named by another
    path (`--source site` after `cd site`), or built with other jobs, is the same build."""
    settings = (options.drafts, options.inject_html, options.search_index)
    digest = hashlib.sha1(repr((__version__, config, settings)).encode())
    roots = [source / "static", source / "templates", theme / "static", theme / "templates"]
    # Every file of templates and static counts, `_redirects` and `.well-known/` included.
    for files in [content] + [scan(root, skip=None) for root in roots]:
        digest.update("\n".join(f"{f.location}\0{f.size}\0{f.mtime_ns}" for f in files).encode())
    config_file = source / CONFIG_FILE
    if config_file.exists():
        digest.update(config_file.read_bytes())
    return digest.hexdigest()


def _guard_output(output: Path, site: Path, inputs: list[Path], built_here: bool) -> None:
    """Refuse an output folder whose replacement would lose what is not ours: a first
    build swaps a whole new folder in for it. `inputs`: the folders the build reads
    (content, templates, static, theme); `built_here`: a build wrote there before."""
    if site.is_relative_to(output):
        raise _refused(output, f"replacing it would delete the site itself ({site}); "
                               "the default is public/ in the site")
    for folder in inputs:
        if output.is_relative_to(folder) or folder.is_relative_to(output):
            raise _refused(output, f"it overlaps {folder}, which the build reads")
    if (not built_here and output.is_dir() and not (output / "index.html").exists()
            and any(output.iterdir())):
        raise _refused(output, "it holds files that no build wrote (it has no index.html) "
                               "and the build would replace them: empty it or choose another")


def _refused(output: Path, why: str) -> BuildError:
    return BuildError([Problem(output, None, f"cannot build into this folder: {why}")])
