"""Input files: which ones a batch holds, their format, and their text in whatever encoding.

Encodings are detected, never assumed: a byte-order mark, then strict UTF-8, then the
charset an HTML page declares, then chardet's guess from the bytes (which reads 98 % of
the corpus's texts right in legacy encodings, charset-normalizer 80-83 %:
benchmarks/encodings.py).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import chardet

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class BadInput(Exception):
    """A file that cannot be imported; the message says why, for the summary."""


@dataclass(frozen=True)
class Input:
    path: Path
    label: str  # how the summary and `imported_from` name it


def find_inputs(paths: list[Path]) -> tuple[list[Input], list[Input]]:
    """(page files, paths that do not exist); folders are searched recursively, sorted.

    In folders only page files (.txt, .text, .html, .htm, .xhtml) are taken, hidden ones
    skipped; a file named on the command line is always taken.
    """
    found: dict[Path, Input] = {}
    missing = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if (child.is_file() and child.suffix.lower() in SUFFIXES
                        and not any(p.startswith(".") for p in rel)):
                    found.setdefault(child.resolve(), Input(child, child.as_posix()))
        elif path.is_file():
            found.setdefault(path.resolve(), Input(path, path.as_posix()))
        else:
            missing.append(Input(path, path.as_posix()))
    return sorted(found.values(), key=lambda i: i.label), missing


def decode(raw: bytes, html_hint: bool = False) -> str:
    """The text of a file; raises BadInput for empty, binary or undecodable files."""
    if not raw.strip():
        raise BadInput("empty file")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _checked(raw.decode(codec, errors="strict"))
    if b"\x00" in raw[:8192]:
        raise BadInput("binary file, not a text or HTML page")
    try:
        return _checked(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096]) if html_hint else None
    if declared:
        try:
            return _checked(raw.decode(declared.group(1).decode("ascii")))
        except (LookupError, UnicodeDecodeError):
            pass
    # All of the file is read: a guess from its start might not decode its end.
    guess = chardet.detect(raw, max_bytes=len(raw))["encoding"]
    try:
        return _checked(raw.decode(guess or "", errors="strict"))
    except (LookupError, UnicodeDecodeError):
        raise BadInput("cannot detect the text encoding (binary or corrupt?)") from None


def _checked(text: str) -> str:
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise BadInput("binary file, not a text or HTML page")
    return text


def detect_format(path: Path, raw: bytes, fmt: str) -> str:
    """"text" or "html": as asked, else by the file's suffix, else by its first bytes."""
    if fmt != "auto":
        return fmt
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    head = raw[:1024].decode("latin-1")
    return "html" if _HTML_START.match(head) else "text"
