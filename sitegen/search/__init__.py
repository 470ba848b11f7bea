"""Offline search: one analysis feeds the browser index (export.py) and the whoosh index
(whoosh_index.py) that `sitegen search` (terminal.py) answers from.

Both rank with the same BM25 formula and parameters (scoring.py) and read a query the
same way (query.py), so the browser and the terminal agree on the top results.
"""
