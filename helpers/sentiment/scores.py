"""Scores by paragraph and by sentence: exactly what the reference `polarity_scores` returns.

Why paragraph scores alone mislead: VADER sums word valences and squashes the sum with
compound = s / sqrt(s^2 + 15), so a long paragraph with many mildly positive words saturates
towards +1 (vaderSentiment issue 151; its authors say VADER works best on sentences). Each
paragraph row therefore also carries the mean, minimum and maximum of its sentences' scores.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..text import memo
from .reference import analyzer, recorded

# VADER's authors (vaderSentiment README, "About the Scoring"): compound >= 0.05 positive,
# <= -0.05 negative, else neutral.
THRESHOLD = 0.05
SCORES = ("neg", "neu", "pos", "compound")
# vaderSentiment 3.3.2 returns round(compound, 4): a whole number of ten-thousandths.
COMPOUND_SCALE = 10_000
PARAGRAPH_COLUMNS = ("paragraph", "text", *SCORES, "label", "sentences", "sentence_mean", "sentence_min",
                     "sentence_max", "tokens", "valence_sum")
SENTENCE_COLUMNS = ("paragraph", "sentence", "text", "compound", "neg", "neu", "pos", "label")


def scores(text: str) -> dict:
    """Return the reference `polarity_scores` of `text`: {'neg', 'neu', 'pos', 'compound'}."""
    return dict(_scores(text))  # a copy: the cached dict is never handed out


@lru_cache(maxsize=2**16)
def _scores(text: str) -> dict:
    # Each sentence is scored for its own row and again for its paragraph's sentence statistics.
    return analyzer().polarity_scores(text)


def label(compound: float, threshold: float = THRESHOLD) -> str:
    """Return 'positive', 'negative' or 'neutral' by VADER's authors' thresholds."""
    if compound >= threshold:
        return "positive"
    if compound <= -threshold:
        return "negative"
    return "neutral"


@memo.per_document  # notebooks 02, 02a and `run`'s tables ask for it: a long text's is computed once
def sentence_sentiment(document) -> pd.DataFrame:
    """Return one row per body sentence: paragraph, sentence (both 1-based), text, compound, neg, neu, pos, label."""
    rows = []
    for p, sentences in enumerate(document.sentences, 1):
        for s, sentence in enumerate(sentences, 1):
            result = scores(sentence)
            rows.append({"paragraph": p, "sentence": s, "text": sentence, **result, "label": label(result["compound"])})
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


@memo.per_document  # notebook 02 and `run`'s tables ask for it: a long text's is computed once
def paragraph_sentiment(document) -> pd.DataFrame:
    """Return one row per body paragraph.

    Columns: paragraph (1-based), text (the exact string scored), neg, neu, pos, compound (the
    library's values), label, sentences, sentence_mean/min/max (of its sentences' compounds),
    tokens (VADER's whitespace tokens) and valence_sum (the sum before squashing: its size
    shows how saturated the compound is).
    """
    if _kept(document):  # a long text: the same pass also makes `attribution`'s and `sentence_sentiment`'s tables
        from .attribution import keep, one_pass

        rows, sentence_rows, sentences = [], [], document.sentences

        def each(p, text, *recorded):
            rows.append({"paragraph": p, **_row(text, sentences[p - 1], *recorded)})
            for s, sentence in enumerate(sentences[p - 1], 1):  # just scored by `_row`: `_scores` holds them
                result = scores(sentence)
                sentence_rows.append({"paragraph": p, "sentence": s, "text": sentence, **result,
                                      "label": label(result["compound"])})

        one_pass(document, each)
        # kept now: asked later, a text of more distinct sentences than `_scores` holds would score them all again
        keep(sentence_sentiment, document, pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS))
        return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    rows = [{"paragraph": p, **_block_row(text, sentences)}
            for p, (text, sentences) in enumerate(zip(document.paragraphs, document.sentences), 1)]
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def _kept(document) -> bool:
    """True when `memo.per_document` keeps this document's tables on disk (a long text, the memo not turned off)."""
    import os

    return (os.environ.get(memo.ENVIRONMENT_OFF) != "1"
            and sum(map(len, document.paragraphs)) >= memo.MEMO_MIN_CHARACTERS)


def title_sentiment(document) -> pd.DataFrame:
    """Return the title's row (same columns as `paragraph_sentiment`, paragraph 0); empty without a title."""
    rows = [{"paragraph": 0, **_block_row(document.title, document.title_sentences)}] if document.title else []
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def _block_row(text: str, sentences: tuple[str, ...]) -> dict:
    """Scores of one block (a paragraph or the title) and summary statistics of its sentences."""
    # The recorder is `analyzer()`'s class with a hook that records: its scores are the scorer's.
    return _row(text, sentences, *recorded(text))


def _row(text: str, sentences: tuple[str, ...], record: dict, result: dict, punctuation: float,
         valence_sum: float) -> dict:
    """`_block_row` from what `reference.recorded(text)` returns."""
    compounds = [scores(s)["compound"] for s in sentences]
    return {
        "text": text, **{k: result[k] for k in SCORES}, "label": label(result["compound"]),
        "sentences": len(sentences),
        "sentence_mean": mean_compound(compounds),
        "sentence_min": min(compounds, default=float("nan")),
        "sentence_max": max(compounds, default=float("nan")),
        "tokens": len(record["words"]), "valence_sum": valence_sum,
    }


def mean_compound(compounds) -> float:
    """Return the exact mean of compound scores as the library reports them (4 decimals), rounded once.

    The scores are read as integers of ten-thousandths, summed exactly, and divided once
    (Python's int / int is correctly rounded): no summation order, no CPU dependence.
    NaN for no scores.
    """
    units = ten_thousandths(compounds)
    return mean_of_units(units) if len(units) else float("nan")


def ten_thousandths(compounds) -> list[int]:
    """Each 4-decimal compound as an integer number of ten-thousandths (0.4404 -> 4404)."""
    return [round(float(c) * COMPOUND_SCALE) for c in compounds]


def mean_of_units(units) -> float:
    """Mean of integer ten-thousandths (a list or an int64 array), as a float: exact sum, one rounding."""
    return int(np.sum(units, dtype=np.int64)) / (COMPOUND_SCALE * len(units))
