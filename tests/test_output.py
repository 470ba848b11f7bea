"""The writer: only changed pages are written, stale files go, failures change nothing."""

from pathlib import Path

import pytest

from sitegen.config import Config
from sitegen.errors import BuildError
from sitegen.output import Manifest, write_pages
from sitegen.pages import Page
from sitegen.templates import Templates


def pages(**texts: str) -> list[Page]:
    return [Page(name.replace("_", "/") + "/", "test", "", key=text,
                 produce=lambda t=text: t.encode()) for name, text in texts.items()]


def write(out: Path, manifest: Manifest, plan: list[Page], jobs: int = 1):
    templates = Templates(out.parent, out.parent)
    return write_pages(plan, out, manifest, templates, Config(), jobs=jobs)


def test_first_write_then_only_changes_and_removals(tmp_path: Path):
    out = tmp_path / "public"
    result, manifest = write(out, Manifest(), pages(a="1", b_c="2", d="3"))
    assert sorted(result.written) == ["a/index.html", "b/c/index.html", "d/index.html"]
    result, manifest = write(out, manifest, pages(a="1", b_c="changed"))
    assert result.written == ["b/c/index.html"] and result.removed == ["d/index.html"]
    assert (out / "b/c/index.html").read_text() == "changed" and not (out / "d").exists()


def test_a_failing_page_leaves_the_output_as_it_was(tmp_path: Path):
    out = tmp_path / "public"
    _, manifest = write(out, Manifest(), pages(a="1", b="2"))
    broken = Page("b/", "test", "", template="missing.html", key="new")
    with pytest.raises(BuildError):
        write(out, manifest, pages(a="new") + [broken])
    assert (out / "a/index.html").read_text() == "1" and (out / "b/index.html").read_text() == "2"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["index.html", "index.html"]


def test_touched_output_gets_a_full_rewrite(tmp_path: Path):
    out = tmp_path / "public"
    _, manifest = write(out, Manifest(), pages(a="1", b="2"))
    (out / "b/index.html").unlink()
    result, _ = write(out, manifest, pages(a="1", b="2"))
    assert sorted(result.written) == ["a/index.html", "b/index.html"]
    assert (out / "b/index.html").read_text() == "2"


def test_parallel_rendering_writes_the_same(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("sitegen.output.PARALLEL_MIN_PAGES", 1)
    plan = pages(**{f"p{i}": str(i) for i in range(20)})
    write(tmp_path / "one", Manifest(), plan, jobs=1)
    write(tmp_path / "two", Manifest(), plan, jobs=2)
    for i in range(20):
        assert (tmp_path / "two" / f"p{i}/index.html").read_text() == str(i)
