"""Detect the language of extracted text, so `lang` in front matter is measured, not assumed."""

from __future__ import annotations

import py3langid

_SAMPLE = 5000  # characters: plenty for a confident guess, cheap on long articles


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the language of `text`; `default` when there is no text."""
    sample = text[:_SAMPLE].strip()
    if not sample:
        return default
    lang, _score = py3langid.classify(sample)
    return lang
