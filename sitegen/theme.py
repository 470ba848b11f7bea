"""Where a site's theme lives: its own themes/NAME, else the one shipped with sitegen."""

from __future__ import annotations

from pathlib import Path

import sitegen
from sitegen.errors import ConfigError

PACKAGE_THEMES = Path(sitegen.__file__).parent / "themes"  # inside an installed wheel
CHECKOUT_THEMES = Path(sitegen.__file__).parent.parent / "themes"  # in a source checkout


def find_theme(source: Path, name: str) -> Path:
    """The site's own themes/NAME, else the theme shipped with sitegen."""
    for root in (source / "themes", PACKAGE_THEMES, CHECKOUT_THEMES):
        if (root / name / "templates").is_dir():
            return root / name
    raise ConfigError(f"{source / 'sitegen.toml'}: 'theme': no theme named {name!r} "
                      f"(looked in {source / 'themes'} and sitegen's own themes)")
