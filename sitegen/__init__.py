"""sitegen: a static site generator for reading articles."""

__version__ = "0.1.0"
