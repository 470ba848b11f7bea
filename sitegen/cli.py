"""The `sitegen` command: parses arguments and calls library functions, nothing more."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from sitegen import __version__
from sitegen.errors import SitegenError


def _source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."),
                        help="the site folder (with sitegen.toml and content/); default: here")


def _build_args(parser: argparse.ArgumentParser) -> None:
    _source(parser)
    parser.add_argument("--output", type=Path, help="where to write the site; default: public/")
    parser.add_argument("--base-url", help="override base_url, e.g. https://example.org/archive/")
    parser.add_argument("--drafts", action="store_true", help="include draft articles")


def cmd_build(args: argparse.Namespace) -> int:
    from sitegen.build import BuildOptions, build_site

    result = build_site(BuildOptions(source=args.source, output=args.output,
                                     base_url=args.base_url, drafts=args.drafts))
    print(result.summary())
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from sitegen.scaffold import new_site

    new_site(args.dir, title=args.title)
    print(f"Created a new site in {args.dir}. Next: cd {args.dir} && sitegen build")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import ServeOptions, serve

    return serve(ServeOptions(source=args.source, port=args.port, bind=args.bind,
                              open_browser=args.open, drafts=args.drafts, poll=args.poll))


def cmd_search(args: argparse.Namespace) -> int:
    from sitegen.search.terminal import run_search

    return run_search(args.source, args.query, limit=args.limit, as_json=args.json)


def cmd_import(args: argparse.Namespace) -> int:
    from sitegen.importer import import_paths

    report = import_paths(args.paths, into=args.into, fmt=args.format, force=args.force)
    return report.exit_code


def cmd_check(args: argparse.Namespace) -> int:
    from sitegen.check import run_check

    return run_check(args.source, external=args.external, output=args.output)


def cmd_deploy(args: argparse.Namespace) -> int:
    from sitegen.deploy import run_deploy

    return run_deploy(args)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen",
                                     description="Static sites for reading articles.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help_: str):
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    _build_args(command("build", cmd_build, "render the site to public/"))
    p = command("new", cmd_new, "scaffold a new site")
    p.add_argument("dir", type=Path, help="the folder to create (new, or empty)")
    p.add_argument("--title", default="My articles", help="the site's title; default: %(default)s")

    p = command("serve", cmd_serve, "live preview: rebuild on save, reload the browser")
    _source(p)
    p.add_argument("--port", type=int, default=8000,
                   help="port to serve on; 0 picks a free one; default: %(default)s")
    p.add_argument("--bind", default="127.0.0.1",
                   help="address to listen on (0.0.0.0: all); default: %(default)s")
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    p.add_argument("--drafts", action="store_true", help="include draft articles")
    p.add_argument("--poll", action="store_true", help="poll for changes (network folders)")

    p = command("search", cmd_search, "search the site from the terminal")
    _source(p)
    p.add_argument("query", help='words, "a phrase", -excluded, tag:slug, prefix*')
    p.add_argument("--limit", type=int, default=10,
                   help="most results to show; default: %(default)s")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = command("import", cmd_import, "turn scraped pages (text dumps or HTML) into Markdown")
    p.add_argument("paths", nargs="+", type=Path, help="files or folders of scraped pages")
    p.add_argument("--into", type=Path, default=Path("content"),
                   help="where to write the articles; default: %(default)s/")
    p.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                   help="what the pages are; default: told from each file")
    p.add_argument("--force", action="store_true", help="overwrite files edited by hand")

    p = command("check", cmd_check, "find broken links, anchors and assets in the built site")
    _source(p)
    p.add_argument("--output", type=Path, help="check this built folder instead of building")
    p.add_argument("--external", action="store_true", help="check outside links too")

    p = command("deploy", cmd_deploy, "publish the built site (git, dir or rsync)")
    _source(p)
    p.add_argument("target", nargs="?", choices=("git", "dir", "rsync"),
                   help="where to publish; default: target in [deploy] of sitegen.toml")
    p.add_argument("destination", nargs="?", help="git remote, folder or user@host:path")
    p.add_argument("--branch",
                   help="git branch to commit to; default: branch in [deploy], else gh-pages")
    p.add_argument("--force", action="store_true", help="deploy even if check fails")
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    p.add_argument("--precompress", action="store_true", help="also write .gz copies")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except SitegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run() -> NoReturn:
    """The `sitegen` command (and `python -m sitegen`): `main`, then an exit that does not
    free the heap object by object. A 10,000-article build holds hundreds of megabytes of
    small objects, and freeing them took half a second after the work was done. Every
    file is closed by then (the build writes with os.write and `with` blocks); only stdout
    and stderr hold buffers."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
            stream.flush()
    os._exit(code)
