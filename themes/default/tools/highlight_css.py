"""Regenerate the code-highlighting block of static/assets/style.css from two Pygments styles.

Why a script: the theme pairs a light and a dark Pygments style into one rule per token
class (`light-dark()`), and nudges any colour that misses WCAG AA (4.5:1) on the theme's
code background toward the text colour. Run: python themes/default/tools/highlight_css.py
"""

from __future__ import annotations

import re
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name

STYLESHEET = Path(__file__).parent.parent / "static" / "assets" / "style.css"
LIGHT, DARK = "default", "one-dark"
# (code background, text colour) of each scheme: keep in step with --code-bg and --text.
SCHEME = {LIGHT: ("#f5f3ef", "#1d2025"), DARK: ("#1d2024", "#e4e2dd")}
MIN_CONTRAST = 4.5


def _rgb(hex_colour: str) -> tuple[int, ...]:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def _luminance(rgb: tuple[int, ...]) -> float:
    lin = [c / 3294.6 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: str, style: str) -> str:
    """`colour`, mixed toward the text colour just enough to reach MIN_CONTRAST."""
    bg, text = (_rgb(c) for c in SCHEME[style])
    rgb = _rgb(colour)
    for step in range(21):
        mixed = tuple(round(c + (t - c) * step / 20) for c, t in zip(rgb, text, strict=True))
        if contrast(mixed, bg) >= MIN_CONTRAST:
            return "#%02x%02x%02x" % mixed
    return SCHEME[style][1]


def rules() -> list[str]:
    """One rule per Pygments short class that either style colours or emphasises."""
    styles = {name: get_style_by_name(name) for name in (LIGHT, DARK)}
    out = []
    for ttype, cls in sorted(HtmlFormatter().ttype2class.items(), key=lambda kv: kv[1]):
        if not cls:
            continue
        light, dark = (styles[name].style_for_token(ttype) for name in (LIGHT, DARK))
        if not (light["color"] or dark["color"] or light["bold"] or light["italic"]):
            continue
        decl = []
        if light["color"] or dark["color"]:
            pair = [readable("#" + d["color"], name) if d["color"] else "var(--text)"
                    for d, name in ((light, LIGHT), (dark, DARK))]
            decl.append(f"color: light-dark({pair[0]}, {pair[1]})")
        decl += ["font-weight: 700"] if light["bold"] else []
        decl += ["font-style: italic"] if light["italic"] else []
        out.append(f"pre .{cls} {{ {'; '.join(decl)}; }}")
    return out


def main() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    block = "\n".join([f"/* pygments:start: {LIGHT} / {DARK}, made by tools/highlight_css.py */",
                       *rules(), "/* pygments:end */"])
    STYLESHEET.write_text(re.sub(r"/\* pygments:start.*?pygments:end \*/", lambda _: block, css,
                                 flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
