"""How sure a whole-text value is: a seeded bootstrap over sentences (compute only).

The estimator is the formula on the pooled counts of the body's sentences (syntok's), each
sentence's counts from textstat. The interval is a percentile bootstrap of that same
estimator, so the value it belongs to is `estimate`, not textstat's `value` on the body.
The two are equal whenever textstat's pieces stay inside syntok's sentences (on the seed);
they part when a piece runs across a sentence boundary, for example a paragraph that ends
without a full stop, which textstat joins to the next one. Counts are summed as integers, so
the estimate does not depend on the order or the CPU.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import textstat

from .. import stats
from . import fast_textstat
from ..text import Document
from .labels import LABELS
from .measures import FROM_COUNTS, formula_inputs, textstat_value

# textstat 0.7.8's sentence rule (backend/counts/_count_sentences.py), copied only to show
# which pieces it counts and to give each sentence its share in the bootstrap; a test checks
# it against textstat.sentence_count.
TEXTSTAT_PIECE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
BOOTSTRAP_MEASURES = tuple(FROM_COUNTS)
# The counts that add up over sentences and that FROM_COUNTS reads.
ADDITIVE = ("sentences", "words", "syllables", "polysyllables", "letters", "characters", "complex_words", "tokens")


def textstat_pieces(text: str) -> pd.DataFrame:
    """Return the pieces textstat's sentence rule cuts `text` into: piece, words, counted.

    A piece is counted when it has more than two words; textstat.sentence_count(text) is the
    number counted, or 1 if none is.
    """
    pieces = TEXTSTAT_PIECE.findall(text)
    rows = [{"piece": p, "words": textstat.lexicon_count(p), "counted": textstat.lexicon_count(p) > 2}
            for p in pieces]
    return pd.DataFrame(rows, columns=["piece", "words", "counted"])


def sentence_counts(document: Document) -> pd.DataFrame:
    """Return the formula inputs of each body sentence (syntok's sentences), one row each.

    Columns: paragraph, sentence (1-based within the paragraph), text, then the keys of
    `formula_inputs`. `sentences` is the number of pieces textstat counts in the sentence,
    without textstat's floor of 1: "He left." adds a word but no sentence, as in textstat.
    """
    rows = []
    for number, sentences in enumerate(document.sentences, 1):
        for index, sentence in enumerate(sentences, 1):
            inputs = formula_inputs(sentence)
            # textstat_pieces(sentence)["counted"].sum(), without building a table per sentence
            inputs["sentences"] = sum(textstat.lexicon_count(p) > 2 for p in TEXTSTAT_PIECE.findall(sentence))
            rows.append({"paragraph": number, "sentence": index, "text": sentence} | inputs)
    return pd.DataFrame(rows)


def pooled(counts: pd.DataFrame | np.ndarray, measure: str, columns: tuple[str, ...] = ADDITIVE) -> float:
    """Return FROM_COUNTS[measure] on the column sums of per-sentence counts.

    `counts` is a table with `columns`, or an integer array whose columns are `columns`.
    As textstat does, the sentence count is at least 1, and a text without words scores 0.
    """
    if isinstance(counts, pd.DataFrame):
        counts = counts[list(columns)].to_numpy(dtype=np.int64)
    return pooled_sums(counts.sum(axis=0), measure, columns)


def pooled_sums(sums: np.ndarray, measure: str, columns: tuple[str, ...] = ADDITIVE) -> float:
    """Return `pooled` from the column sums of the per-sentence counts (integers, in `columns` order)."""
    # Integer sums are exact; the formula then runs on Python ints and floats.
    total = {name: int(value) for name, value in zip(columns, sums)}
    total["sentences"] = max(1, total["sentences"])
    if total["words"] == 0:
        return 0.0
    return float(FROM_COUNTS[measure](total))


def bootstrap_intervals(document: Document, resamples: int = stats.RESAMPLES, level: float = stats.LEVEL,
                        seed: int = stats.BOOTSTRAP_SEED, sentence_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a percentile-bootstrap interval over sentences for each of BOOTSTRAP_MEASURES.

    Sentences (syntok's) are resampled with replacement, the same draws for every formula,
    and each formula is computed on the pooled counts of the draw (see `pooled`).
    Columns: measure, formula, value (textstat on the body, for comparison), estimate (the
    pooled counts of all sentences: the value the interval belongs to), low, high, resamples,
    level, seed. `sentence_table` is `sentence_counts(document)` if already computed (on a long
    text it is the slow part).
    """
    table = sentence_counts(document) if sentence_table is None else sentence_table
    matrix = table[list(ADDITIVE)].to_numpy(dtype=np.int64)
    # Each draw's column sums are taken once for every formula: the same numbers as
    # stats.bootstrap(matrix, lambda rows: pooled(rows, measure)) per formula (tested).
    results = stats.bootstrap_sums(matrix, [lambda sums, m=measure: pooled_sums(sums, m) for measure in BOOTSTRAP_MEASURES],
                                   resamples=resamples, level=level, seed=seed)
    # textstat's values on the body from one pass (equal to textstat_value, tests/test_fast_textstat.py).
    values = fast_textstat.measures(document.body)
    rows = []
    for measure, result in zip(BOOTSTRAP_MEASURES, results):
        rows.append({"measure": measure, "formula": LABELS[measure],
                     "value": values[measure], "estimate": result.estimate,
                     "low": result.low, "high": result.high, "resamples": resamples, "level": level, "seed": seed})
    return pd.DataFrame(rows)


def difference_interval(first: pd.DataFrame, second: pd.DataFrame, measure: str, resamples: int = stats.RESAMPLES,
                        level: float = stats.LEVEL, seed: int = stats.BOOTSTRAP_SEED) -> stats.Bootstrap:
    """Return a percentile-bootstrap interval for `measure` on `first` minus `measure` on `second`.

    `first` and `second` are rows of `sentence_counts` (two texts, or two parts of one text:
    two paragraphs, two halves). Each resample draws the sentences of each unit with
    replacement, as many as it has, independently of the other unit, and takes the difference
    of the two pooled-sentence estimates (see `pooled`). The estimate is the difference on all
    sentences. Comparing two texts needs this interval, not two separate ones: two intervals
    that overlap can still belong to a difference whose interval leaves out zero.
    """
    if len(first) == 0 or len(second) == 0:
        raise ValueError("each unit needs at least one sentence")
    a = first[list(ADDITIVE)].to_numpy(dtype=np.int64)
    b = second[list(ADDITIVE)].to_numpy(dtype=np.int64)
    rng = np.random.default_rng(seed)
    draws_a = rng.integers(0, len(a), size=(resamples, len(a)))
    draws_b = rng.integers(0, len(b), size=(resamples, len(b)))
    differences = np.array([pooled(a[i], measure) - pooled(b[j], measure) for i, j in zip(draws_a, draws_b)])
    low, high = np.quantile(differences, [(1 - level) / 2, 1 - (1 - level) / 2])
    estimate = pooled(a, measure) - pooled(b, measure)
    return stats.Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)
