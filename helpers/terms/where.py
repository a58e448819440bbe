"""Where terms fall: positions, a term x paragraph matrix, and Gries's DP of dispersion."""
from __future__ import annotations

import math
from itertools import chain
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..text import Document
from .counts import _paragraph_terms

TermSets = Sequence[str] | Mapping[str, Iterable[str]]


def term_sets(selection: TermSets) -> list[tuple[str, frozenset[str]]]:
    """Return (label, terms) pairs: a plain term is its own label; a mapping names families."""
    if isinstance(selection, Mapping):
        return [(label, frozenset(t.casefold() for t in group)) for label, group in selection.items()]
    return [(t, frozenset({t.casefold()})) for t in selection]


def selection(plain: Sequence[str], families: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """Return {label: terms} for the figures: each plain term alone, then each family.

    A plain term that belongs to a family is left out, so no occurrence is drawn twice.
    """
    families = {label: sorted(group) for label, group in (families or {}).items()}
    in_family = {t for group in families.values() for t in group}
    return {t: [t] for t in plain if t not in in_family} | families


def positions(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return every occurrence of the selected terms: label, term, position, paragraph.

    position is the 1-based index among the body's running words; paragraph is 1-based.
    A mapping {label: terms} gathers a family under one label.
    """
    sets = term_sets(selection)
    index, ids, where = _term_ids(document)
    found, rows = [], []  # each set's running-word indexes (0-based), and its row number repeated
    for row, (_, group) in enumerate(sets):
        chosen = np.zeros(len(index), dtype=bool)
        chosen[[index[t] for t in group if t in index]] = True
        hits = np.flatnonzero(chosen[ids])
        found.append(hits)
        rows.append(np.full(len(hits), row, dtype=np.int64))
    if not found or not sum(map(len, found)):
        return pd.DataFrame([], columns=["label", "term", "position", "paragraph"])
    hits, rows = np.concatenate(found), np.concatenate(rows)
    order = np.lexsort((rows, hits))  # text order; at one word, the selection's order
    hits, rows = hits[order], rows[order]
    terms = list(index)
    return pd.DataFrame({"label": [sets[r][0] for r in rows.tolist()], "term": [terms[i] for i in ids[hits].tolist()],
                         "position": hits + 1, "paragraph": where[hits] + 1},
                        columns=["label", "term", "position", "paragraph"])


def paragraph_starts(document: Document) -> list[int]:
    """Return the running-word position (1-based) at which each body paragraph starts."""
    starts, position = [], 1
    for paragraph in _paragraph_terms(document):
        starts.append(position)
        position += len(paragraph)
    return starts


def _term_ids(document: Document) -> tuple[dict[str, int], "np.ndarray", "np.ndarray"]:
    """Return ({term: id}, the id of each running word, the 0-based paragraph of each running word).

    Computed once per document (kept in its `__dict__`, as `_paragraph_terms` is); integer arrays, so a
    term x paragraph count is one `np.bincount` (exact integers) instead of a Python loop per word.
    """
    kept = document.__dict__.get("_term_ids")
    if kept is None:
        paragraphs = _paragraph_terms(document)
        words = list(chain.from_iterable(paragraphs))
        index = {term: i for i, term in enumerate(dict.fromkeys(words))}
        ids = np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
        where = np.repeat(np.arange(len(paragraphs), dtype=np.int64), [len(p) for p in paragraphs])
        kept = document.__dict__["_term_ids"] = (index, ids, where)
    return kept


def term_paragraph_matrix(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return counts of the selected terms (rows, in the given order) by body paragraph (columns 1..n)."""
    paragraphs = _paragraph_terms(document)
    sets = term_sets(selection)
    index, ids, where = _term_ids(document)
    data = np.zeros((len(sets), len(paragraphs)), dtype=np.int64)
    for row, (_, group) in enumerate(sets):
        chosen = np.zeros(len(index), dtype=bool)
        chosen[[index[t] for t in group if t in index]] = True
        data[row] = np.bincount(where[chosen[ids]], minlength=len(paragraphs))
    return pd.DataFrame(data, index=pd.Index([label for label, _ in sets], name="term"),
                        columns=pd.Index(range(1, len(paragraphs) + 1), name="paragraph"), dtype=int)


def present(document: Document, selection: TermSets) -> dict[str, frozenset[str]]:
    """Return {label: terms} of the selected terms or families that occur in the body at least once.

    A figure or table row with a count of 0 (a word family the text does not have) says
    nothing and reads like a finding, so the dispersion figure and table leave it out.
    """
    index = _term_ids(document)[0]  # every term of the body
    return {label: group for label, group in term_sets(selection) if any(t in index for t in group)}


def deviation_of_proportions(counts: Sequence[int], sizes: Sequence[int]) -> float:
    """Return Gries's (2008) DP: 0.5 * sum |v_i / f - s_i|, v_i the counts, s_i = size_i / sum of sizes.

    Summed with `math.fsum` (correctly rounded, in any order), so the value is the same on every CPU.
    """
    total, words = sum(counts), sum(sizes)
    return 0.5 * math.fsum(abs(v / total - s / words) for v, s in zip(counts, sizes))


def dispersion(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return how evenly each selected term spreads over the paragraphs.

    Columns: term, count, paragraphs (how many hold it), dp and dp_norm. DP is Gries's (2008)
    deviation of proportions (see `deviation_of_proportions`): 0 when the term is spread in
    proportion to paragraph length, near 1 when bunched in one place. dp_norm divides by
    1 - min(s_i) so the maximum is 1 (Lijffijt & Gries 2012); it is NaN for a text of one
    paragraph, where that maximum is 0 and evenness means nothing. Terms (or families) that
    do not occur are left out (see `present`).
    """
    matrix = term_paragraph_matrix(document, present(document, selection))
    sizes = [len(p) for p in _paragraph_terms(document)]
    rows = []
    if len(matrix):  # a selected term occurs, so the body has running words to share out
        room = 1 - min(sizes) / sum(sizes)  # the largest DP possible; 0 with one paragraph
        for label, counts in matrix.iterrows():
            values = [int(v) for v in counts]
            dp = deviation_of_proportions(values, sizes)
            rows.append({"term": label, "count": sum(values), "paragraphs": sum(v > 0 for v in values),
                         "dp": dp, "dp_norm": dp / room if room > 0 else math.nan})
    return pd.DataFrame(rows, columns=["term", "count", "paragraphs", "dp", "dp_norm"])
