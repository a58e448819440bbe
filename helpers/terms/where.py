"""Where terms fall: positions, a term x paragraph matrix, and Gries's DP of dispersion."""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Mapping, Sequence

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
    labels_of: dict[str, list[str]] = {}  # term -> the labels whose group holds it, in selection order
    for label, group in term_sets(selection):
        for term in group:
            labels_of.setdefault(term, []).append(label)
    rows, offset = [], 0
    for number, paragraph in enumerate(_paragraph_terms(document), 1):
        for index, term in enumerate(paragraph, offset + 1):
            for label in labels_of.get(term, ()):
                rows.append({"label": label, "term": term, "position": index, "paragraph": number})
        offset += len(paragraph)
    return pd.DataFrame(rows, columns=["label", "term", "position", "paragraph"])


def paragraph_starts(document: Document) -> list[int]:
    """Return the running-word position (1-based) at which each body paragraph starts."""
    starts, position = [], 1
    for paragraph in _paragraph_terms(document):
        starts.append(position)
        position += len(paragraph)
    return starts


def term_paragraph_matrix(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return counts of the selected terms (rows, in the given order) by body paragraph (columns 1..n)."""
    paragraphs = _paragraph_terms(document)
    sets = term_sets(selection)
    rows_of: dict[str, list[int]] = {}  # term -> the rows whose group holds it
    for row, (_, group) in enumerate(sets):
        for term in group:
            rows_of.setdefault(term, []).append(row)
    data = [[0] * len(paragraphs) for _ in sets]
    for column, paragraph in enumerate(paragraphs):
        for term in paragraph:
            for row in rows_of.get(term, ()):
                data[row][column] += 1
    return pd.DataFrame(data, index=pd.Index([label for label, _ in sets], name="term"),
                        columns=pd.Index(range(1, len(paragraphs) + 1), name="paragraph"), dtype=int)


def present(document: Document, selection: TermSets) -> dict[str, frozenset[str]]:
    """Return {label: terms} of the selected terms or families that occur in the body at least once.

    A figure or table row with a count of 0 (a word family the text does not have) says
    nothing and reads like a finding, so the dispersion figure and table leave it out.
    """
    counts = Counter(t for paragraph in _paragraph_terms(document) for t in paragraph)
    return {label: group for label, group in term_sets(selection) if any(counts[t] for t in group)}


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
