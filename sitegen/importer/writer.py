"""Write imported articles as Markdown with front matter, safely on re-import.

Each file records where it came from and two hashes in `provenance`: `import_hash` of
the input, and `output_hash` of the file as sitegen wrote it (the file with that one
line left out). Importing the same input again is then a no-op, changed input rewrites
the file, and a file whose text no longer matches `output_hash` was edited by hand and
is left alone unless forced.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.content import split_front_matter
from sitegen.files import find_sources
from sitegen.importer.page import Extracted
from sitegen.slugs import slugify, unique_slug

_OUTPUT_HASH = re.compile(r"^  output_hash: sha256:[0-9a-f]{64}\n", re.MULTILINE)


def digest(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def render(article: Extracted, imported_from: str, import_hash: str) -> str:
    """The whole file: front matter (safely quoted YAML), then the Markdown body."""
    meta: dict[str, Any] = {"title": article.title}
    authors = article.authors[0] if len(article.authors) == 1 else article.authors
    optional = {"date": article.date, "author": authors, "publisher": article.publisher,
                "source_url": article.source_url, "lang": article.lang, "tags": article.tags}
    meta.update({key: value for key, value in optional.items() if value})
    meta["provenance"] = {"imported_from": imported_from, "import_hash": import_hash}
    unsigned = _document(meta, article.markdown)
    meta["provenance"]["output_hash"] = digest(unsigned)
    return _document(meta, article.markdown)


def _document(meta: dict[str, Any], body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body.strip()}\n"


def edited_by_hand(text: str) -> bool:
    """True when the file is not byte for byte what `render` wrote."""
    matches = _OUTPUT_HASH.findall(text)
    if len(matches) != 1:
        return True
    recorded = matches[0].split("output_hash: ", 1)[1].strip()
    return digest(_OUTPUT_HASH.sub("", text, count=1)) != recorded


@dataclass
class Existing:
    """An article already in the content folder."""

    path: Path
    name: str  # its path relative to the content folder
    text: str  # the file's text
    provenance: dict[str, Any] = field(default_factory=dict)
    source_url: str = ""

    @property
    def body(self) -> str:
        return split_front_matter(self.text)[1]


def scan(into: Path) -> list[Existing]:
    """Every readable Markdown article below `into`, with its provenance if it has one."""
    found = []
    for source in find_sources(into) if into.is_dir() else []:
        path, rel = source.path, source.rel
        try:
            text = path.read_text(encoding="utf-8")
            meta = yaml.safe_load(split_front_matter(text)[0] or "") or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        meta = meta if isinstance(meta, dict) else {}
        provenance = meta.get("provenance") if isinstance(meta.get("provenance"), dict) else {}
        found.append(Existing(path, rel, text, provenance, str(meta.get("source_url") or "")))
    return found


def new_path(into: Path, title: str, taken: set[str]) -> Path:
    """`into/<slug>.md`, the slug of the title made unique among the folder's files."""
    return into / f"{unique_slug(slugify(title), taken)}.md"


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file, so an interrupted import never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
