"""Helpers for the text notebooks: pure functions that take a document and return tables.

One module per concern: `paths` (where things live), `text` (loading a file into a
`Document`), `readability`, `sentiment`, `terms` (the analyses: the compute layer, which
never imports matplotlib), `plots` (the drawing layer: one style and one save for every
figure, then one module per analysis), `tables` (the CSV/JSON contract of a run),
`provenance`, `publish` (executing notebooks, classroom copies, the site, JupyterLab hooks),
`outputs` and `cli` (`python -m helpers run` and `corpus`). Importing this package changes
nothing global: no rcParams, no nltk data paths, no downloads.
"""
