"""The shared analyzer: what a reader types must meet what the article says."""

from __future__ import annotations

import pytest

from sitegen.analysis import analyze, fold, index_sentences, index_tokens, stem, tokenize


def test_fold_drops_case_accents_and_apostrophes():
    assert fold("Café CRÈME") == "cafe creme"
    assert fold("П’ять") == fold("п'ять") == fold("пʼять") == "пять"
    assert fold("Ёлка") == "елка"


def test_fold_keeps_the_cyrillic_letters_that_are_not_accented_letters():
    assert fold("Київ") == "київ"
    assert fold("новый") == "новый"
    assert fold("Naïve") == "naive"


def test_tokenize_splits_on_guillemets_quotes_and_dashes():
    assert tokenize("«Слово» — “word”, don’t e-mail") == ["слово", "word", "dont", "e", "mail"]


def test_analyze_drops_stop_words_and_numbers_and_stems_per_language():
    assert analyze("The runners were running in 2024", "en") == ["runner", "run"]
    assert analyze("Хліба у Львові", "uk") == ["хліб", "львов"]
    assert analyze("новые книги", "ru") == ["нов", "книг"]


def test_latin_words_in_cyrillic_text_are_stemmed_as_in_english_text():
    assert stem("google", "uk") == stem("google", "en") == stem("google", "ru")


def test_inflected_ukrainian_forms_share_a_stem():
    assert stem("хліба", "uk") == stem("хлібом", "uk") == stem("хліб", "uk")


def test_index_tokens_count_positions_over_stop_words():
    assert index_tokens("War and Peace", "en") == [(0, "war", "war"), (2, "peace", "peac")]


def test_index_sentences_continue_positions_like_the_whole_text():
    sentences = ["The war began.", "Peace came, at last!", "Мир і хліб."]
    whole = index_tokens(" ".join(sentences), "en")
    assert [t for part in index_sentences(sentences, "en") for t in part] == whole


@pytest.mark.parametrize("lang, words", [
    ("sv", ["husen", "huset", "hus"]), ("da", ["husene", "huset", "hus"]),
    ("pt-br", ["meninas", "menina"]), ("de-at", ["häuser", "häusern"]),
    ("ru-ru", ["книгами", "книги"]), ("ar", ["الكتاب", "كتاب"]),
])
def test_every_language_snowball_has_is_stemmed_whatever_its_region(lang, words):
    assert len({stem(fold(w), lang) for w in words}) == 1


def test_latin_words_in_text_of_another_script_are_stemmed_as_in_english():
    assert stem("running", "ar") == stem("running", "el") == stem("running", "en") == "run"


@pytest.mark.parametrize("lang, text, terms", [
    ("de", "Die Katze und der Hund", 2), ("fr-ca", "Le chat et le chien", 2),
    ("es", "El gato y el perro", 2), ("sv", "Katten och hunden är här", 2),
])
def test_function_words_of_the_article_language_are_not_indexed(lang, text, terms):
    assert len(analyze(text, lang)) == terms < len(analyze(text, "en"))
