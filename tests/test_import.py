"""`sitegen import`: files in, Markdown out, re-imports, duplicates and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitegen.cli import main
from sitegen.config import Config
from sitegen.content import load_article, split_front_matter
from sitegen.importer import import_paths
from sitegen.importer.sources import decode
from sitegen.templates import format_date

BODY = [
    "The small bakery on Main Street opened its doors again on Friday, three months after "
    "the river flooded the whole ground floor of the old building.",
    "Owners Anna and Piotr Nowak said that the support of their neighbours had been the only "
    "reason they could afford to start again so soon after the flood.",
    "The couple spent most of the insurance money on a new oven, which can bake twice as "
    "many loaves as the old one did in the same time.",
]


def dump(title: str = "Village bakery reopens", body: list[str] = BODY,
         url: str = "https://news.example.org/bakery") -> str:
    lines = [f"URL: {url}", "", f"{title} | Example News", "Home", "News", "Sport",
             "Sign in", title, "By Jane Doe", "May 31, 2024", *body,
             "Related articles", "Flood damage costs rise across the county again",
             "© 2024 Example News. All rights reserved."]
    return "\n".join(lines) + "\n"


HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Heat pumps in old houses - Energy Blog</title><meta name="author" content="Sam Lee">
<meta name="keywords" content="energy, heating"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>Heat pumps in old houses</h1>
<p>Heat pumps work in old houses too, as long as the radiators are large enough and the walls
are not too leaky for the weather where you live.</p><h2>What to check first</h2>
<ul><li>Radiator sizes in every room of the house</li><li>The <em>flow temperature</em> your
boiler uses today</li></ul><p>Read the <a href="https://example.org/guide">installer guide</a>
for details. &lt;script&gt;alert(1)&lt;/script&gt; <script>alert(2)</script></p></article>
<footer>© 2024 Energy Blog</footer></body></html>"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def front_matter(path: Path) -> dict:
    return yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])


def run(tmp_path: Path, *paths: Path, force: bool = False, capsys=None):
    report = import_paths(list(paths), into=tmp_path / "content", force=force)
    return report, (capsys.readouterr() if capsys else None)


def test_a_text_dump_becomes_an_article_with_front_matter(tmp_path):
    write(tmp_path / "in" / "bakery.txt", dump())
    report, _ = run(tmp_path, tmp_path / "in")
    assert report.exit_code == 0 and report.count("imported") == 1
    path = tmp_path / "content" / "village-bakery-reopens.md"
    meta = front_matter(path)
    assert meta["title"] == "Village bakery reopens"
    assert meta["author"] == "Jane Doe" and str(meta["date"]) == "2024-05-31"
    assert meta["publisher"] == "Example News" and meta["lang"] == "en"
    assert meta["source_url"] == "https://news.example.org/bakery"
    assert meta["provenance"]["imported_from"] == "../in/bakery.txt"
    loaded = load_article(path, path.name, Config())
    assert loaded.problems == []
    assert loaded.article.text.split("\n\n") == BODY


def test_an_html_page_keeps_structure_and_metadata_without_script(tmp_path):
    write(tmp_path / "in" / "heat.html", HTML)
    run(tmp_path, tmp_path / "in")
    path = tmp_path / "content" / "heat-pumps-in-old-houses.md"
    meta, body = front_matter(path), split_front_matter(path.read_text())[1]
    assert meta["author"] == "Sam Lee" and meta["tags"] == ["energy", "heating"]
    assert "## What to check first" in body and "- Radiator sizes" in body
    assert "*flow temperature*" in body
    assert "[installer guide](https://example.org/guide)" in body
    html = load_article(path, path.name, Config()).article.html
    assert "<script" not in html and "alert(2)" not in html


def test_importing_the_same_input_again_changes_nothing(tmp_path):
    write(tmp_path / "in" / "bakery.txt", dump())
    write(tmp_path / "in" / "heat.html", HTML)
    run(tmp_path, tmp_path / "in")
    before = {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()}
    report, _ = run(tmp_path, tmp_path / "in")
    assert report.count("unchanged") == 2 and report.count("imported") == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").iterdir()} == before


def test_changed_input_updates_the_file_in_place(tmp_path):
    source = write(tmp_path / "in" / "bakery.txt", dump())
    run(tmp_path, source)
    write(source, dump(body=[*BODY, "The bakery will also sell coffee and cakes from next "
                                    "week, the owners told a crowd of happy customers."]))
    report, _ = run(tmp_path, source)
    assert report.count("updated") == 1
    text = (tmp_path / "content" / "village-bakery-reopens.md").read_text()
    assert "coffee and cakes" in text


def test_a_hand_edited_file_is_skipped_with_a_warning_unless_forced(tmp_path, capsys):
    source = write(tmp_path / "in" / "bakery.txt", dump())
    run(tmp_path, source)
    target = tmp_path / "content" / "village-bakery-reopens.md"
    target.write_text(target.read_text() + "\nMy own note.\n")
    write(source, dump(body=BODY[:2] + ["A different last paragraph, which says that the "
                                        "bakery will open on Sundays from now on."]))
    report, output = run(tmp_path, source, capsys=capsys)
    assert report.count("skipped") == 1 and report.exit_code == 0
    assert "edited by hand" in output.err and "village-bakery-reopens.md" in output.err
    assert "My own note." in target.read_text()
    report, _ = run(tmp_path, source, force=True)
    assert report.count("updated") == 1
    assert "My own note." not in target.read_text() and "Sundays" in target.read_text()


def test_duplicates_in_the_batch_and_in_content_are_imported_once(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", dump())
    write(tmp_path / "in" / "b.txt", dump(url="https://mirror.example.net/bakery"))
    near = [BODY[0], BODY[1].replace("so soon", "this soon"), BODY[2]]
    write(tmp_path / "in" / "c.txt", dump(body=near, url="https://other.example/c"))
    report, output = run(tmp_path, tmp_path / "in", capsys=capsys)
    assert report.count("imported") == 1 and report.count("duplicate") == 2
    assert "duplicate: " in output.out and "b.txt" in output.out and "c.txt" in output.out
    write(tmp_path / "later" / "d.txt", dump(url="https://third.example/d"))
    report, _ = run(tmp_path, tmp_path / "later")
    assert report.count("duplicate") == 1
    assert len(list((tmp_path / "content").glob("*.md"))) == 1


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    write(folder / "good.txt", dump())
    write(folder / "empty.txt", "")
    write(folder / "image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(folder / "menu.txt", "Home\nNews\nSign in\nPrivacy policy\n")
    report, output = run(tmp_path, folder, tmp_path / "nowhere", capsys=capsys)
    assert report.exit_code == 1 and report.count("imported") == 1
    assert report.count("failed") == 4
    for name, reason in (("empty.txt", "empty file"), ("image.html", "binary"),
                         ("menu.txt", "no article"), ("nowhere", "no such file")):
        assert any(name in line and reason in line for line in output.out.splitlines())
    assert "1 imported" in output.out and "4 failed" in output.out


def test_encodings_are_detected(tmp_path):
    body = ["Міська рада у вівторок ухвалила рішення перетворити старе депо на громадський "
            "парк, і це завершило суперечку, яка тривала майже десять років.",
            "Мешканці давно просили більше зелених зон, і багато з них прийшли на засідання, "
            "щоб почути результат голосування депутатів.",
            "Роботи мають початися навесні, а перша частина парку відкриється для всіх ще до "
            "кінця наступного року, кажуть у міській раді."]
    page = "\n".join(["Депо стане парком — Новини", "Головна", "Депо стане парком", *body])
    write(tmp_path / "in" / "cp1251.txt", page.encode("cp1251"))
    report, _ = run(tmp_path, tmp_path / "in")
    assert report.count("imported") == 1
    path = tmp_path / "content" / "depo-stane-parkom.md"
    assert front_matter(path)["lang"] == "uk"
    assert body[0] in path.read_text(encoding="utf-8")


LEGACY = {
    "cp1252": "Le garçon a mangé une crème brûlée à la fenêtre, où l’été déjà s’achève.",
    "iso-8859-1": "El niño comió piña en la mañana. ¿Dónde está el señor? ¡Qué año!",
    "iso-8859-2": "Příliš žluťoučký kůň úpěl ďábelské ódy. Čeština je krásný jazyk.",
    "cp1250": "Zażółć gęślą jaźń. Łódź jest dużym miastem, gdzie żyje wielu ludzi.",
    "cp1254": "İstanbul Türkiye'nin en büyük şehridir. Çok güzel ağaçlar ve ışıklar var.",
    "cp1253": "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. Πολλοί άνθρωποι ζουν εκεί.",
    "koi8-u": "Київ - столиця України. Їжак сидів під ганком, і це було п'ять років тому.",
    "koi8-r": "Москва - столица России. Это текст о жизни и погоде, который читают верно.",
}


@pytest.mark.parametrize("encoding", LEGACY)
def test_text_in_a_legacy_encoding_reads_back_exactly(encoding):
    line = LEGACY[encoding]  # a single line (of a note, say), and a page of a few
    assert decode(line.encode(encoding)) == line
    page = "\n\n".join([line.upper(), line, line[::-1], line])
    assert decode(page.encode(encoding)) == page


@pytest.mark.parametrize("header, shown", [("2014", "2014"), ("2014-05", "May 2014"),
                                            ("2014-05-31", "31 May 2014")])
def test_a_date_header_of_a_year_or_month_is_kept_as_given(tmp_path, header, shown):
    write(tmp_path / "in" / "old.txt", f"Date: {header}\n" + dump())  # before URL:
    run(tmp_path, tmp_path / "in")
    path = tmp_path / "content" / "village-bakery-reopens.md"
    a = load_article(path, path.name, Config()).article
    assert format_date(a.date) == shown


def test_markdown_characters_in_a_dump_stay_plain_text(tmp_path):
    tricky = ("Prices rose by *5%* on [Monday], the <b>market</b> report said, and the "
              "index closed at 1_234 points after a long and busy day of trading.")
    write(tmp_path / "in" / "x.txt", dump(body=[tricky, *BODY]))
    run(tmp_path, tmp_path / "in")
    path = tmp_path / "content" / "village-bakery-reopens.md"
    article = load_article(path, path.name, Config()).article
    assert tricky in article.text and "<b>" not in article.html


def test_the_cli_returns_the_exit_status(tmp_path, capsys):
    write(tmp_path / "in" / "good.txt", dump())
    assert main(["import", str(tmp_path / "in"), "--into", str(tmp_path / "content")]) == 0
    write(tmp_path / "in" / "empty.txt", "")
    assert main(["import", str(tmp_path / "in"), "--into", str(tmp_path / "content")]) == 1
    assert "empty.txt" in capsys.readouterr().out
