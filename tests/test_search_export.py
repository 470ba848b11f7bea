"""The browser index as files: what a build writes under search/ and how it changes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import article, write
from test_search_corpus import RARE, write_site

from sitegen import document_cache
from sitegen.pipeline import load_site
from sitegen.search import export
from sitegen.search.encode import ALPHABET, decode, encode


def exported(root: Path) -> dict[str, bytes]:
    config, site = load_site(root)
    analyzed = document_cache.load_documents(site.articles, root / ".sitegen-cache")
    return export.export_search_index(site, config, analyzed)


def data(body: bytes):
    text = body.decode()
    assert text.startswith(export.REGISTER + "(") and text.endswith(");\n")
    return json.loads(text[len(export.REGISTER) + 1:-3])


def unfront(text: str) -> list[str]:
    words, previous = [], ""
    for entry in text.split(",") if text else []:
        previous = previous[:ALPHABET.index(entry[0])] + entry[1:].split(":")[0]
        words.append(previous)
    return words


@pytest.fixture
def small_shards(monkeypatch):
    """Tiny files, so that even a small site has many shards of every kind."""
    monkeypatch.setattr(export, "DICT_TARGET", 300)
    monkeypatch.setattr(export, "POSTINGS_TARGET", 400)
    monkeypatch.setattr(export, "DOCS_PER_FILE", 10)


def lookup(files: dict[str, bytes], term: str) -> list[list[tuple[int, int, int]]]:
    """(document, count, field length) postings of `term` in each field, read as the
    browser reads them: manifest -> dictionary shard -> postings file."""
    manifest = data(files["search/manifest.js"])
    name = [n for first, n in manifest["dict"] if first <= term[:2]][-1]
    shard = data(files["search/" + name])
    assert term in unfront(shard["t"])
    name = [n for first, n in manifest["post"] if first <= term][-1]
    fields = data(files["search/" + name])[term]
    out = []
    for field in fields:
        numbers, doc, found = decode(field), 0, []
        for j in range(0, len(numbers), 3):
            doc += numbers[j]
            found.append((doc, numbers[j + 1], numbers[j + 2]))
        out.append(found)
    return out


def test_numbers_round_trip_through_the_compact_encoding():
    numbers = [0, 1, 31, 32, 1023, 1024, 99999, 7]
    assert decode(encode(numbers)) == numbers
    assert not set(encode(numbers)) & set('"\\,:')


def test_every_file_is_named_by_its_content_and_listed_in_the_manifest(tmp_path, small_shards):
    files = exported(write_site(tmp_path))
    manifest = data(files["search/manifest.js"])
    listed = {d[1] for d in manifest["dict"] + manifest["post"]} | set(
        manifest["pos"] + manifest["docs"] + [manifest["tags"]])
    assert {"search/" + n for n in listed} | {"search/manifest.js"} == set(files)
    for name, body in files.items():
        if not name.endswith("manifest.js"):
            assert hashlib.sha1(body).hexdigest()[:10] in name
    assert len(manifest["dict"]) > 3 and len(manifest["post"]) > 3


def test_result_texts_come_in_files_of_at_most_the_set_number_of_articles(tmp_path,
                                                                        small_shards):
    files = exported(write_site(tmp_path))
    manifest = data(files["search/manifest.js"])
    sizes = [len(data(files["search/" + n])) for n in manifest["docs"]]
    assert sum(sizes) == manifest["n"] == 45
    assert len(sizes) == 5 and max(sizes) == 10


def test_a_rare_word_leads_to_its_one_article(tmp_path, small_shards):
    root = write_site(tmp_path)
    files = exported(root)
    manifest = data(files["search/manifest.js"])
    title, body = lookup(files, RARE[3])  # "obsidian" is only in notes-03 (and its echo)
    assert title == []
    docs = {doc for doc, _, _ in body}
    records = [r for n in manifest["docs"] for r in data(files["search/" + n])]
    assert {records[d][1] for d in docs} == {"notes-03/", "notes-36/"}


def test_documents_are_numbered_oldest_first(tmp_path):
    files = exported(write_site(tmp_path))
    manifest = data(files["search/manifest.js"])
    dates = [r[2] for n in manifest["docs"] for r in data(files["search/" + n])]
    assert dates == sorted(dates)


def test_export_is_deterministic_with_and_without_its_cache(tmp_path, monkeypatch):
    root = write_site(tmp_path)
    first = exported(root)
    cached = root / ".sitegen-cache" / document_cache.CACHE_FILE
    assert cached.is_file()
    monkeypatch.setattr(document_cache, "_MEMORY", {})  # read the file
    assert exported(root) == first
    cached.unlink()
    monkeypatch.setattr(document_cache, "_MEMORY", {})  # analyze afresh
    assert exported(root) == first


def test_editing_one_article_leaves_most_files_as_they_were(tmp_path, small_shards):
    root = write_site(tmp_path)
    before = exported(root)
    page = root / "content" / "notes-05.md"
    page.write_text(page.read_text() + "\nA brand new aardvark appears.\n")
    after = exported(root)
    changed = set(after) - set(before)
    assert "search/manifest.js" not in changed  # same name, new content
    assert after["search/manifest.js"] != before["search/manifest.js"]
    assert sum(n.startswith("search/r-") for n in changed) <= 1  # its texts, if shown ones
    assert 3 <= len(changed) <= len(after) // 2


def test_search_can_be_turned_off(tmp_path):
    root = write_site(tmp_path)
    write(root, "sitegen.toml", 'title = "No search"\n[search]\nenabled = false\n')
    assert exported(root) == {}


def test_an_empty_site_exports_a_usable_empty_index(tmp_path):
    write(tmp_path, "sitegen.toml", 'title = "Empty"\n')
    (tmp_path / "content").mkdir()
    files = exported(tmp_path)
    manifest = data(files["search/manifest.js"])
    assert manifest["n"] == 0 and manifest["docs"] == [] and len(manifest["dict"]) == 1


def test_analysis_in_worker_processes_gives_the_same_index(tmp_path, monkeypatch):
    root = write_site(tmp_path)
    alone = exported(root)
    (root / ".sitegen-cache" / document_cache.CACHE_FILE).unlink()
    monkeypatch.setattr(document_cache, "_MEMORY", {})
    monkeypatch.setattr(document_cache, "PARALLEL_MIN", 2)
    monkeypatch.setattr(document_cache, "CHUNK", 2)  # and a few articles at a time
    monkeypatch.setattr(document_cache.os, "cpu_count", lambda: 3)
    assert exported(root) == alone


def test_postings_made_in_a_process_of_their_own_give_the_same_index(tmp_path):
    root = write_site(tmp_path)
    config, site = load_site(root)
    analyzed = document_cache.load_documents(site.articles, None)
    alone = export.export_search_index(site, config, analyzed)
    assert export.export_search_index(site, config, analyzed, fork=True) == alone
    assert any(name.startswith("search/p-") for name in alone)


def test_the_cached_analysis_follows_the_text_when_the_markdown_settings_change_it(tmp_path):
    """Escaped raw HTML is text, allowed raw HTML is not: the same file, another text."""
    write(tmp_path, "content/a.md", article("Animals", 'A <span title="quokka">small</span> one.'))

    def body_terms() -> set[str]:
        config, site = load_site(tmp_path)
        analyzed = document_cache.load_documents(site.articles, tmp_path / ".sitegen-cache")
        return {analyzed.vocabulary.terms[t] for t in analyzed.documents[0].body.ids}

    write(tmp_path, "sitegen.toml", 'title = "T"\n')
    assert "quokka" in body_terms()
    write(tmp_path, "sitegen.toml", 'title = "T"\n[markdown]\nallow_html = true\n')
    assert "quokka" not in body_terms() and "small" in body_terms()


def test_the_analysis_cache_is_rewritten_only_once_it_lacks_enough(tmp_path, monkeypatch):
    """One edit among many articles leaves the file as it was (the next build analyzes
    that article again); past REWRITE_SHARE of them, the file is rewritten."""
    root = write_site(tmp_path)
    exported(root)
    cached = root / ".sitegen-cache" / document_cache.CACHE_FILE
    stamp = cached.stat().st_mtime_ns
    monkeypatch.setattr(document_cache, "REWRITE_SHARE", 0.5)
    edit = root / "content" / sorted(p.name for p in (root / "content").glob("*.md"))[0]
    edit.write_text(edit.read_text() + "\nOne more sentence.\n")
    first = exported(root)
    assert cached.stat().st_mtime_ns == stamp
    monkeypatch.setattr(document_cache, "_MEMORY", {})  # a new process: reads the old file
    assert exported(root) == first
    monkeypatch.setattr(document_cache, "REWRITE_SHARE", 0.0)
    exported(root)
    assert cached.stat().st_mtime_ns != stamp


def test_a_later_analysis_hashes_only_articles_that_are_new_objects(tmp_path, monkeypatch):
    """While serving, an unchanged article is the same object from build to build: its
    text is not hashed again; an edited one is a new object, and is."""
    from dataclasses import replace

    root = write_site(tmp_path)
    _, site = load_site(root)
    hashed = []
    key = document_cache.document_key
    monkeypatch.setattr(document_cache, "document_key", lambda a: hashed.append(a) or key(a))
    first = document_cache.load_documents(site.articles, None)
    assert len(hashed) == len(site.articles)
    hashed.clear()
    edited = [replace(site.articles[0], text=site.articles[0].text + " More.")]
    again = document_cache.load_documents(edited + site.articles[1:], None)
    assert hashed == edited
    assert again.keys[1:] == first.keys[1:] and again.keys[0] == key(edited[0]) != first.keys[0]
