"""Shared fixtures: small hand-written sites in temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(title: str, body: str = "Some words about the topic at hand.", **meta) -> str:
    lines = ["---", f"title: {title!r}" if title else ""]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    return "\n".join(line for line in lines if line) + "\n---\n" + body + "\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A four-article site with tags, authors, a draft and a link between articles."""
    write(tmp_path, "sitegen.toml", 'title = "Test site"\nbase_url = "https://example.org/sub/"\n'
          "[pagination]\nhome = 2\n")
    write(tmp_path, "content/alpha.md", article(
        "Alpha", "Alpha talks about bread. See [beta](beta.md#oven).\n\n## Oven\n\nHot.",
        date="2024-01-05", tags="[baking, bread]", author="Ann Lee"))
    write(tmp_path, "content/beta.md", article(
        "Beta", "## Oven\n\nBeta is about ovens.", date="2024-02-10", tags="[baking]"))
    write(tmp_path, "content/more/gamma.md", article(
        "Гамма: хліб", "Текст про хліб.", date="2023-12-01", lang="uk", author="[Ann Lee, Bo]"))
    write(tmp_path, "content/draft.md", article("Draft", date="2024-03-01", draft="true"))
    return tmp_path
