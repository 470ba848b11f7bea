"""Author names from bylines and page metadata: people only, one name each."""

import pytest
from test_import import HTML, front_matter, run, write

from sitegen.importer.authors import author_names


@pytest.mark.parametrize("given, publisher, names", [
    ("Jane Doe", "", ["Jane Doe"]),
    ("By Jane Doe and John Roe", "", ["Jane Doe", "John Roe"]),
    ("Ana Ruiz y Luis Gil", "", ["Ana Ruiz", "Luis Gil"]),
    ("Bruce Y Lee", "", ["Bruce Y Lee"]),  # a middle initial, not Spanish "y"
    ("Tom Hill; AP Science Writer", "", ["Tom Hill"]),
    ("ANNA BELL; CARL DUNN Associated Press", "", ["Anna Bell", "Carl Dunn"]),
    ("Sam Poe; Daily Planet", "Daily Planet", ["Sam Poe"]),
    ("Sam Poe; Daily Planet Business", "Daily Planet", ["Sam Poe"]),
    ("Analysis by Kim Lo; Editor-at-large", "", ["Kim Lo"]),
    ("Eve Marsh Monday; November", "", ["Eve Marsh"]),  # a date cut after the name
    ("Eve Marsh November", "", ["Eve Marsh"]), ("Theresa May", "", ["Theresa May"]),
    ("Ola Berg; MS; RDN", "", ["Ola Berg"]),  # credentials
    ("Reuters", "", []), ("The Eastern; Western defence ministries", "", []),
    ("Newsroom staff", "", []), ("Editorial", "", []), ("Published Monday", "", []),
    ("admin", "", []),
    ("Ludwig van Beethoven", "", ["Ludwig van Beethoven"]),
    ("Олена Коваль та Іван Петренко", "", ["Олена Коваль", "Іван Петренко"]),
    ("Текст: Олена Коваль", "", ["Олена Коваль"]),
    ("Jane Doe; jane doe", "", ["Jane Doe"]),
])
def test_author_names_keep_people_and_drop_the_rest(given, publisher, names):
    assert author_names(given, publisher) == names


def test_an_imported_page_credits_its_people_not_their_job_titles(tmp_path):
    page = HTML.replace('content="Sam Lee"', 'content="Sam Lee; Energy Blog Staff Writer"')
    write(tmp_path / "in" / "page.html", page)
    run(tmp_path, tmp_path / "in")
    assert front_matter(tmp_path / "content" / "heat-pumps-in-old-houses.md")["author"] == \
        "Sam Lee"
    write(tmp_path / "in" / "page.html", page.replace("Sam Lee;", "Sam Lee; Ida Moss;"))
    run(tmp_path, tmp_path / "in")
    assert front_matter(tmp_path / "content" / "heat-pumps-in-old-houses.md")["author"] == [
        "Sam Lee", "Ida Moss"]
