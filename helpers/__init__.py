"""Helpers for the text notebooks: pure functions that take a document and return tables.

One module per concern: `paths` (where things live), `text` (loading a file into a
`Document`), `readability`, `sentiment`, `terms` (the analyses), `figures` (one style and
one save for every figure), `tables` (the CSV/JSON contract of a run), `notebooks`
(executing notebooks) and `cli` (`python -m helpers run`). Importing this package changes
nothing global: no rcParams, no nltk data paths, no downloads.
"""
