"""End to end: import a folder of dumps and HTML pages, then build the site from them."""

from __future__ import annotations

from test_import import BODY, HTML, dump, write

from sitegen.build import BuildOptions, build_site
from sitegen.importer import import_paths


def test_an_imported_folder_builds(tmp_path):
    write(tmp_path / "site" / "sitegen.toml", 'title = "Imported"\n')
    write(tmp_path / "pages" / "bakery.txt", dump())
    write(tmp_path / "pages" / "more" / "heat.html", HTML)
    report = import_paths([tmp_path / "pages"], into=tmp_path / "site" / "content")
    assert report.exit_code == 0 and report.count("imported") == 2
    build_site(BuildOptions(source=tmp_path / "site", output=tmp_path / "public"))
    pages = {p.relative_to(tmp_path / "public").as_posix(): p
             for p in (tmp_path / "public").rglob("*.html")}
    bakery = next(p for rel, p in pages.items() if rel.startswith("village-bakery-reopens"))
    html = bakery.read_text(encoding="utf-8")
    assert "Village bakery reopens" in html and BODY[1] in html
    heat = next(p for rel, p in pages.items() if rel.startswith("heat-pumps-in-old-houses"))
    assert "What to check first" in heat.read_text(encoding="utf-8")
