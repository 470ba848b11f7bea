"""`sitegen search`: the whoosh index, kept up to date, answering from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import article, write
from test_search_corpus import write_site

from sitegen.cli import main
from sitegen.pipeline import load_site
from sitegen.search.terminal import answer_query
from sitegen.search.whoosh_index import open_index, update_index

ODD_QUERIES = ['"', '"unclosed phrase', "-", "--", "tag:", "tag:nope", "*", "**", "-*", "a" * 5000,
               "the of and", "🙂 🙃", "'; DROP TABLE x; --", "<script>alert(1)</script>",
               "\u0000\u200b", "café -café", '"the the"', "2024", "x" * 300 + " tide",
               "tag:tides -tide", "ёжик", "-quokka", "   "]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("site"))


def ask(root: Path, text: str, **options) -> list[str]:
    """Names of the articles found, best first."""
    config, loaded = load_site(root)
    answer = answer_query(root / ".sitegen-cache", loaded, config, text, **options)
    return [hit.id.removesuffix(".md") for hit in answer.results]


def test_search_works_on_a_site_never_built(site: Path, capsys):
    assert main(["search", "--source", str(site), "obsidian"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1. Notes on ") and out[2].startswith("2. Notes on ")
    assert "obsidian" in out[1] and "obsidian" in out[3] and out[4] == "2 results"
    assert not (site / "public").exists()


def test_search_in_a_folder_that_is_no_site_says_so(tmp_path: Path, capsys):
    assert main(["search", "--source", str(tmp_path), "obsidian"]) == 1
    assert "not a site" in capsys.readouterr().err


def test_json_output_has_ranked_results_with_snippets_and_marks(site: Path, capsys):
    main(["search", "--source", str(site), "--json", "--limit", "1", "spring tides"])
    answer = json.loads(capsys.readouterr().out)
    hit = answer["results"][0]
    assert answer["total"] > 1 and len(answer["results"]) == 1
    assert set(hit) == {"id", "url", "title", "date", "score", "snippet", "marks"}
    marked = [hit["snippet"][a:b] for a, b in hit["marks"]]
    assert marked == ["Spring", "tides"]


def test_only_changed_articles_are_indexed_again(tmp_path: Path):
    root = write_site(tmp_path)
    config, loaded = load_site(root)
    ix = open_index(root / ".sitegen-cache")
    assert update_index(ix, loaded) == 45
    assert update_index(ix, loaded) == 0
    page = root / "content" / "notes-07.md"
    page.write_text(page.read_text() + "\nA wandering aardvark.\n")
    (root / "content" / "notes-09.md").unlink()
    config, loaded = load_site(root)
    assert update_index(ix, loaded) == 2
    assert ask(root, "aardvark") == ["notes-07"]
    assert ask(root, "juniper") == ["notes-02"]  # notes-09, removed, had it too


def test_a_title_word_counts_more_than_a_body_word(tmp_path: Path):
    write(tmp_path, "content/in-body.md", article("Harbour notes", "The walrus sleeps. " * 1
                                                   + "Boats leave the harbour at dawn."))
    write(tmp_path, "content/in-title.md", article("The walrus", "Boats leave the harbour "
                                                    "at dawn and come back at dusk."))
    assert ask(tmp_path, "walrus") == ["in-title", "in-body"]


def test_phrases_exclusions_tags_and_prefixes(site: Path):
    full_moon = ask(site, '"full moon"', limit=50)
    assert full_moon and set(full_moon) <= set(ask(site, "full moon", limit=50))
    assert ask(site, '"moon full"') == []  # both words are there, never in this order
    assert set(ask(site, "moon -tide", limit=50)).isdisjoint(ask(site, "tide", limit=50))
    config, loaded = load_site(site)
    bread = {a.id.removesuffix(".md") for a in loaded.articles if "bread" in a.tags}
    assert set(ask(site, "tag:bread oven", limit=50)) <= bread
    newest_first = ask(site, "tag:bread", limit=50, by_date=True)
    assert ask(site, "tag:bread", limit=50) == newest_first and set(newest_first) == bread
    assert ask(site, "pangol*") == ask(site, "pangolin") == ["notes-15", "notes-08"]


def test_inflected_ukrainian_and_russian_words_are_found(site: Path):
    assert ask(site, "хліба") == ["kyiv-bread"]  # the article says хліб, хліба, хлібом
    assert ask(site, "Києва") == ["kyiv-bread"]  # it says Києві; Києва is nowhere
    assert ask(site, "кавʼярні") == ["lviv-coffee"]  # apostrophes fold: кав’ярня
    assert ask(site, "станция") == ["moscow-metro"]


def test_accents_and_case_are_folded(site: Path):
    assert ask(site, "CAFE CREME") == ask(site, "café crème") == ["cafe"]


def test_a_misspelling_gets_a_suggestion(site: Path):
    config, loaded = load_site(site)
    answer = answer_query(site / ".sitegen-cache", loaded, config, "zepelin tides")
    assert answer.results == [] and answer.suggestion == "zeppelin tides"


def test_odd_queries_give_results_or_a_clean_no_result(site: Path, capsys):
    for text in ODD_QUERIES:
        assert main(["search", "--source", str(site), "--", text]) == 0, text
    assert "Traceback" not in capsys.readouterr().err


def test_sorting_by_date_puts_the_newest_first(site: Path):
    config, loaded = load_site(site)
    answer = answer_query(site / ".sitegen-cache", loaded, config, "tide", limit=50,
                          by_date=True)
    dates = [hit.date for hit in answer.results]
    assert len(dates) > 5 and dates == sorted(dates, reverse=True)
