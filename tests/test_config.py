from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path):
    config = load_config(tmp_path)
    assert config.pagination.home == 10 and config.theme == "default"


def test_values_and_overrides(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('title = "T"\n[pagination]\ntag = 7\n')
    config = load_config(tmp_path, {"base_url": "https://e.org/archive"})
    assert (config.title, config.pagination.tag) == ("T", 7)
    assert config.base_path == "/archive/"


@pytest.mark.parametrize("toml, words", [
    ('titel = "x"', ["unknown key 'titel'", "did you mean 'title'"]),
    ('[pagination]\nhome = "ten"', ["'pagination.home' must be a whole number"]),
    ("[pagination]\nhome = 0", ["'pagination.home' must be at least 1"]),
    ('base_url = "example.org"', ["'base_url' must be an http(s) address"]),
    ('base_url = "https://example.org/?page=1"', ["'base_url' must be an http(s) address"]),
    ('base_url = "https://example.org/my archive/"', ["no spaces"]),
    ('base_url = "ftp://example.org/"', ["'base_url' must be an http(s) address"]),
    ('permalink = "{year}/"', ["'permalink' must contain {slug}"]),
    ('permalink = "{slug}/{week}/"', ["unknown field"]),
    ('permalink = "../{slug}/"', ["'permalink' may not climb out of the site"]),
    ('language = "en/../.."', ["'language' must be a language tag"]),
    ("title = ", ["sitegen.toml"]),
    ("[related]\ntag_weight = 2", ["'related.tag_weight' must be between 0 and 1"]),
])
def test_bad_values_name_the_key(tmp_path: Path, toml: str, words: list[str]):
    (tmp_path / "sitegen.toml").write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    for word in words:
        assert word in str(info.value)


def test_a_bad_base_url_on_the_command_line_is_named_so(tmp_path: Path):
    with pytest.raises(ConfigError, match="--base-url must be an http"):
        load_config(tmp_path, {"base_url": "https://example.org/#top"})
