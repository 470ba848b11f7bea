import pytest

from sitegen.urls import absolute_url, output_file, permalink, relative_url


@pytest.mark.parametrize("src, dst, link", [
    ("", "a/", "a/"), ("a/", "", "../"), ("a/b/", "c/", "../../c/"), ("", "", "./"),
    ("404.html", "tags/x/", "tags/x/"), ("a/", "atom.xml", "../atom.xml"),
    ("a/", "search/?q=x y", "../search/?q=x%20y"),
])
def test_relative_links(src, dst, link):
    assert relative_url(src, dst) == link


def test_files_and_absolute_urls():
    assert output_file("a/") == "a/index.html" and output_file("") == "index.html"
    assert output_file("atom.xml") == "atom.xml"
    assert absolute_url("https://e.org/sub/", "a/") == "https://e.org/sub/a/"
    assert absolute_url("https://e.org/sub", "a/") == "https://e.org/sub/a/"
    assert absolute_url("", "a/") == "/a/"


def test_permalinks_are_pretty():
    assert permalink("{year}/{slug}", "x", "2024", "05", "01", "en") == "2024/x/"
