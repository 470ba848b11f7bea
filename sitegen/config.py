"""sitegen.toml: typed settings with defaults, validated with messages that name the key.

Each section is a dataclass; adding a setting is adding a field. Validation is driven by
the field types, so every key gets the same checks and the same kind of message.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.errors import ConfigError

CONFIG_FILE = "sitegen.toml"


@dataclass
class PaginationConfig:
    home: int = 10
    tag: int = 20
    author: int = 20
    archive: int = 50


@dataclass
class MarkdownConfig:
    allow_html: bool = False  # raw HTML in content is escaped unless the site trusts it
    toc_min_headings: int = 3  # articles with fewer headings get no table of contents
    highlight: bool = True


@dataclass
class FeedConfig:
    entries: int = 20
    full_content: bool = True


@dataclass
class RelatedConfig:
    count: int = 5
    cross_language: bool = False
    tag_weight: float = 0.15
    date_weight: float = 0.05
    duplicate_threshold: float = 0.9  # text cosine from which two articles are the same story


@dataclass
class SearchConfig:
    enabled: bool = True  # false: no index is written and pages load no search code


@dataclass
class DeployConfig:
    target: str = ""  # "git", "dir" or "rsync"
    remote: str = ""
    branch: str = "gh-pages"
    path: str = ""
    cname: str = ""
    precompress: bool = False  # also publish .gz copies of text files


@dataclass
class Config:
    title: str = "Articles"
    description: str = ""
    base_url: str = ""
    language: str = "en"
    author: str = ""
    theme: str = "default"
    permalink: str = "{slug}/"
    content_dir: str = "content"
    relative_urls: bool = True
    pagination: PaginationConfig = field(default_factory=PaginationConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    deploy: DeployConfig = field(default_factory=DeployConfig)
    extra: dict[str, Any] = field(default_factory=dict)  # free-form, reaches templates

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/archive/" for https://example.org/archive/."""
        rest = self.base_url.split("://", 1)[-1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"


PERMALINK_FIELDS = ("slug", "year", "month", "day", "lang")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,8}(?:-[a-z0-9]{1,8})*\Z")


def language_tag(value: str) -> str | None:
    """`value` as a language tag (en, pt-br, uk), or None if it is not one. Tags go into
    URLs ({lang} in permalinks) and lang attributes: nothing else may pass."""
    tag = value.strip().lower().replace("_", "-")
    return tag if _LANGUAGE_TAG.match(tag) else None


def load_config(source: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read `source/sitegen.toml` (optional) and apply command-line overrides."""
    path = source / CONFIG_FILE
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    if given.get("base_url") and not _site_address(given["base_url"]):
        raise _bad_address("--base-url", given["base_url"])
    data.update(given)
    config = _build(Config, data, "", path)
    _check_values(config, path)
    return config


def _build(cls: type, data: Any, prefix: str, path: Path) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.')}] must be a table")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values = {}
    for key, value in data.items():
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
            raise ConfigError(f"{path}: unknown key '{prefix}{key}'{hint}")
        values[key] = _coerce(hints[key], value, prefix + key, path)
    return cls(**values)


def _coerce(hint: Any, value: Any, key: str, path: Path) -> Any:
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, key + ".", path)
    origin = typing.get_origin(hint) or hint
    expected = {bool: bool, int: int, float: (int, float), str: str, dict: dict, list: list}
    wanted = expected.get(origin, object)
    if (origin is int and isinstance(value, bool)) or not isinstance(value, wanted):
        name = {bool: "true or false", int: "a whole number", float: "a number",
                str: "a string", dict: "a table", list: "a list"}.get(origin, str(origin))
        raise ConfigError(f"{path}: '{key}' must be {name}, not {value!r}")
    return float(value) if origin is float else value


def _site_address(url: str) -> bool:
    """Whether `url` can be what every page's address starts with."""
    parts = urlsplit(url)
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and "?" not in url and "#" not in url  # also an empty query or fragment
            and not any(ch.isspace() for ch in url))


def _bad_address(where: str, url: str) -> ConfigError:
    return ConfigError(f"{where} must be an http(s) address with no spaces, query or "
                       f"#fragment, such as https://example.org/archive/, not {url!r}")


def _check_values(config: Config, path: Path) -> None:
    for section in ("pagination",):
        for f in dataclasses.fields(getattr(config, section)):
            if getattr(getattr(config, section), f.name) < 1:
                raise ConfigError(f"{path}: '{section}.{f.name}' must be at least 1")
    if config.related.count < 0:
        raise ConfigError(f"{path}: 'related.count' must be 0 or more")
    for key in ("tag_weight", "date_weight", "duplicate_threshold"):
        if not 0 <= getattr(config.related, key) <= 1:
            raise ConfigError(f"{path}: 'related.{key}' must be between 0 and 1")
    if config.base_url and not _site_address(config.base_url):
        raise _bad_address(f"{path}: 'base_url'", config.base_url)
    tag = language_tag(config.language)
    if tag is None:
        raise ConfigError(f"{path}: 'language' must be a language tag such as en or pt-BR, "
                          f"not {config.language!r}")
    config.language = tag
    if ".." in config.permalink.split("/"):
        raise ConfigError(f"{path}: 'permalink' may not climb out of the site with '..'")
    if "{slug}" not in config.permalink:
        raise ConfigError(f"{path}: 'permalink' must contain {{slug}}, not {config.permalink!r}")
    try:
        config.permalink.format(**{k: "x" for k in PERMALINK_FIELDS})
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"{path}: 'permalink' has an unknown field {exc}; "
                          f"use {', '.join('{%s}' % k for k in PERMALINK_FIELDS)}") from None
    if config.deploy.target not in ("", "git", "dir", "rsync"):
        raise ConfigError(f"{path}: 'deploy.target' must be git, dir or rsync")
