"""Does another instrument tell the same story? VADER beside the other polarity lexicons, by paragraph.

Every instrument scores each body paragraph as one text: VADER's compound (`scores`), and
`lexicons.POLARITY_INSTRUMENTS` (AFINN-165's sum of word values, Harvard IV-4's and
Loughran–McDonald's (pos − neg) / (pos + neg + ε)). The scales differ (AFINN's sum grows with
length; the others are bounded), so they are compared by **rank across the paragraphs**: 1 is
the paragraph an instrument finds most negative; ties share their mean rank.

Agreement between two instruments is Kendall's tau-b over the paragraphs (ties handled as in
Kendall 1945; equal to `scipy.stats.kendalltau`), with a seeded percentile bootstrap over
paragraphs. Exact arithmetic: the concordance counts are integers, tau-b is one integer over the
correctly rounded square root of an integer (IEEE `sqrt`), percentiles are exact fractions
rounded once: the same bits on every CPU. Nothing here imports matplotlib.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from ..stats import BOOTSTRAP_SEED, LEVEL, RESAMPLES, exact_percentile
from ..text import memo
from . import lexicons
from .attribution import top_contributors

VADER = "vader"
NAMES = {VADER: "VADER", "afinn": "AFINN-165", "harvard_iv": "Harvard IV-4", "loughran_mcdonald": "Loughran–McDonald"}
AGREEMENT_COLUMNS = ["instrument", "other", "paragraphs", "tau_b", "low", "high", "resamples", "undefined", "seed"]


def instrument_scores(paragraphs: pd.DataFrame, lexicon_scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return paragraph, vader (its compound) and one column per polarity lexicon, each the paragraph's score.

    `paragraphs` is `paragraph_sentiment`'s table (its `text` is the string every instrument scores).
    `lexicon_scores`, `paragraph_lexicon_scores(document)` of the same document when the caller has it
    (a long text's is kept on disk, shared with `run`'s sentiment.csv), else each text is scored here.
    """
    if lexicon_scores is None:
        rows = [lexicons.scores(text) for text in paragraphs["text"]]
    else:
        if lexicon_scores["paragraph"].tolist() != paragraphs["paragraph"].tolist():
            raise ValueError("lexicon_scores are not of these paragraphs")
        rows = lexicon_scores.to_dict("records")
    return pd.DataFrame([{"paragraph": p, VADER: compound, **{name: others[name] for name in lexicons.POLARITY_INSTRUMENTS}}
                         for p, compound, others in zip(paragraphs["paragraph"], paragraphs["compound"], rows)],
                        columns=["paragraph", VADER, *lexicons.POLARITY_INSTRUMENTS])


@memo.per_document  # notebook 02 and `run`'s sentiment.csv ask for the same scores of a long text
def paragraph_lexicon_scores(document) -> pd.DataFrame:
    """Each body paragraph's scores by every instrument of `lexicons.INSTRUMENTS`: paragraph, then one
    column each, `lexicons.block_scores` of its text and its sentences (equal to `lexicons.scores(text)`)."""
    values = [lexicons.block_scores(text, sentences)
              for text, sentences in zip(document.paragraphs, document.sentences, strict=True)]
    return pd.DataFrame([{"paragraph": p, **{name: v[name] for name in lexicons.INSTRUMENTS}}
                         for p, v in enumerate(values, 1)], columns=["paragraph", *lexicons.INSTRUMENTS])


def instrument_ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """Return the scores' ranks across paragraphs (1 = most negative; ties share their mean rank)."""
    ranked = scores.drop(columns="paragraph").rank(method="average")
    return pd.concat([scores[["paragraph"]], ranked], axis=1)


def _signs(values: np.ndarray) -> np.ndarray:
    """n x n matrix of sign(values[i] - values[j]), as small integers."""
    return np.sign(values[:, None] - values[None, :]).astype(np.int8)


def _tau_from_signs(sx: np.ndarray, sy: np.ndarray) -> float:
    """Kendall's tau-b from two sign matrices (each pair counted twice: the factor cancels); NaN if a side is constant."""
    s = int(np.sum(sx.astype(np.int64) * sy))  # 2 (concordant - discordant)
    ax, ay = int(np.count_nonzero(sx)), int(np.count_nonzero(sy))  # 2 (n0 - n1), 2 (n0 - n2)
    return _tau_from_counts(s, ax, ay)


def _tau_from_counts(s: int, ax: int, ay: int) -> float:
    """Kendall's tau-b from the integer counts of `_tau_from_signs`; NaN if a side is constant."""
    if ax == 0 or ay == 0:
        return float("nan")
    # ax * ay is an integer; below 2^53 its float is exact and IEEE sqrt is correctly rounded.
    return s / math.sqrt(ax * ay) if ax * ay < 2**53 else float(Fraction(s) / Fraction(math.isqrt(ax * ay)))


def kendall_tau_b(x, y) -> float:
    """Kendall's tau-b of two equally long series (NaN when either is constant)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y):
        raise ValueError("kendall_tau_b needs two series of the same length")
    return _tau_from_signs(_signs(x), _signs(y))


# Above this many paragraphs the agreement is computed on the first ones (`bounded`): its bootstrap
# costs resamples x paragraphs^2 (every pair of paragraphs of every resample). The notebook names the
# paragraphs used; the seed (10 paragraphs) and a State of the Union address (one paragraph) are whole.
AGREEMENT_MAX_PARAGRAPHS = 300


def bounded(scores: pd.DataFrame, limit: int = AGREEMENT_MAX_PARAGRAPHS) -> pd.DataFrame:
    """The first `limit` paragraphs of `instrument_scores` (all of them when there are no more)."""
    return scores.head(limit)


def rank_agreement(scores: pd.DataFrame, resamples: int = RESAMPLES, level: float = LEVEL,
                   seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Kendall's tau-b between every pair of instruments across paragraphs, with a bootstrap interval.

    One row per pair (VADER first, then the lexicons in `POLARITY_INSTRUMENTS` order): instrument,
    other, paragraphs, tau_b, low, high, resamples, undefined, seed. The interval resamples
    paragraphs with replacement (numpy's default generator seeded with `seed`, the same draws
    for every pair) and keeps the middle `level` of the tau-b values, numpy's 'linear'
    percentile computed exactly. A resample in which one instrument gives every drawn paragraph
    the same score has no tau-b: it is left out and counted in `undefined`. With few
    paragraphs (10) the interval is wide: it says how much a handful of paragraphs can tell.

    A resample is its weights w (how often each paragraph is drawn); the concordance counts of the
    drawn sign matrix, sum_ij w_i w_j S_ij, are the quadratic forms w'Sw, computed for all resamples
    at once by matrix products whose every partial sum is an integer below 2^53 (exact: see `forms`):
    equal to `rank_agreement_by_resample`, which
    indexes every resample's matrix, bit for bit (tests/test_sentiment_long.py), and much faster.
    Cost: resamples x paragraphs^2 (see `bounded`).
    """
    names = [c for c in scores.columns if c != "paragraph"]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    n = len(scores)
    signs = {name: _signs(scores[name].to_numpy(dtype=float)) for name in names}
    draws = np.random.default_rng(seed).integers(0, n, size=(resamples, n)) if n else np.zeros((0, 0), int)
    weights = (np.bincount((draws + n * np.arange(resamples)[:, None]).ravel(), minlength=resamples * n)
               .reshape(resamples, n) if n else np.zeros((resamples, 0), np.int64))

    # W M by one float64 product: every entry of M is -1, 0 or 1 and a resample's weights sum to n, so
    # every partial sum, in whatever order or blocking the BLAS adds, is an integer of magnitude at
    # most n < 2^53: exact, no rounding anywhere, the same integers on every CPU (numpy's integer
    # product, which gave the same, took 0.23 s per matrix on 300 paragraphs)
    exact = n < 2**53
    by_float = weights.astype(np.float64) if exact else None

    def forms(matrix: np.ndarray) -> list[int]:  # w' M w for every resample, as Python ints
        product = (by_float @ matrix.astype(np.float64)).astype(np.int64) if exact else weights @ matrix.astype(np.int64)
        return [int(v) for v in (product * weights).sum(axis=1)]

    nonzero = {name: forms(np.abs(matrix)) for name, matrix in signs.items()}
    lower = (1 - Fraction(repr(level))) / 2
    rows = []
    for a, b in pairs:
        concordance = forms(signs[a].astype(np.int64) * signs[b])
        taus = [_tau_from_counts(s, x, y) for s, x, y in zip(concordance, nonzero[a], nonzero[b])]
        defined = [Fraction(t) for t in sorted(t for t in taus if not math.isnan(t))]  # floats sort as their Fractions
        low, high = ((float(exact_percentile(defined, q)) for q in (lower, 1 - lower)) if defined
                     else (float("nan"), float("nan")))
        rows.append({"instrument": a, "other": b, "paragraphs": n, "tau_b": _tau_from_signs(signs[a], signs[b]),
                     "low": low, "high": high, "resamples": resamples,
                     "undefined": resamples - len(defined), "seed": seed})
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def rank_agreement_by_resample(scores: pd.DataFrame, resamples: int = RESAMPLES, level: float = LEVEL,
                   seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """`rank_agreement` the slow way, each resample's sign matrices indexed: the differential tests'
    reference (same rows, same columns, same draws; see `rank_agreement`)."""
    names = [c for c in scores.columns if c != "paragraph"]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    n = len(scores)
    signs = {name: _signs(scores[name].to_numpy(dtype=float)) for name in names}
    draws = np.random.default_rng(seed).integers(0, n, size=(resamples, n)) if n else np.zeros((0, 0), int)
    taus: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    for row in draws:  # each resample's sign matrices once, shared by every pair
        drawn = {name: matrix[np.ix_(row, row)] for name, matrix in signs.items()}
        for a, b in pairs:
            taus[(a, b)].append(_tau_from_signs(drawn[a], drawn[b]))
    lower = (1 - Fraction(repr(level))) / 2
    rows = []
    for a, b in pairs:
        defined = sorted(Fraction(t) for t in taus[(a, b)] if not math.isnan(t))
        low, high = ((float(exact_percentile(defined, q)) for q in (lower, 1 - lower)) if defined
                     else (float("nan"), float("nan")))
        rows.append({"instrument": a, "other": b, "paragraphs": n, "tau_b": _tau_from_signs(signs[a], signs[b]),
                     "low": low, "high": high, "resamples": resamples,
                     "undefined": resamples - len(defined), "seed": seed})
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def disagreements(ranks: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The `k` paragraphs whose ranks differ most between instruments (ties: the earlier paragraph).


    Ordered by spread (highest rank − lowest rank), then by pairwise (the sum of |rank
    difference| over every pair of instruments). Columns: paragraph, spread, pairwise, highest
    and lowest (the instruments that rank it highest and lowest; ties: the first in column order).
    """
    names = [c for c in ranks.columns if c != "paragraph"]
    values = ranks[names]
    pairwise = sum((values[a] - values[b]).abs() for i, a in enumerate(names) for b in names[i + 1:])
    table = pd.DataFrame({"paragraph": ranks["paragraph"], "spread": values.max(axis=1) - values.min(axis=1),
                          "pairwise": pairwise, "highest": values.idxmax(axis=1), "lowest": values.idxmin(axis=1)})
    table = table.sort_values(["spread", "pairwise", "paragraph"], ascending=[False, False, True], kind="stable")
    return table.head(k).reset_index(drop=True)


def disagreement_words(paragraphs: pd.DataFrame, attributions: pd.DataFrame, chosen, n: int = 4,
                       instruments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The words behind each instrument's score of the `chosen` paragraphs.

    One row per (paragraph, instrument): its score, its rank, and its `n` strongest words as
    'word (value)', strongest first (ties: reading order). VADER's values are `final` valences
    from `attribution` (after its rules); AFINN's its integer entries; Harvard IV's and
    Loughran–McDonald's +1 / -1 per token, summed over repeats ('attack (-1 x2)'). `instruments`,
    `instrument_scores(paragraphs)` when the caller has it (a long text's costs seconds), else computed.
    """
    scores = instrument_scores(paragraphs) if instruments is None else instruments
    ranks = instrument_ranks(scores).set_index("paragraph")
    scores = scores.set_index("paragraph")
    texts = dict(zip(paragraphs["paragraph"], paragraphs["text"]))
    rows = []
    for p in chosen:
        vader = top_contributors(attributions[attributions["paragraph"] == p], n)
        words = {VADER: [f"{t.lower()} ({v:+.2f})" for t, v in zip(vader["token"], vader["final"])]}
        hits = lexicons.word_contributions(texts[p])
        for name in lexicons.POLARITY_INSTRUMENTS:
            mine = hits[hits["instrument"] == name]
            grouped = mine.groupby("word", sort=False)["value"].agg(["sum", "count", "first"])
            grouped = grouped.assign(strength=grouped["sum"].abs()).sort_values("strength", ascending=False, kind="stable")
            words[name] = [f"{w} ({r['first']:+d}{' x' + str(r['count']) if r['count'] > 1 else ''})"
                           for w, r in grouped.head(n).iterrows()]
        for name in (VADER, *lexicons.POLARITY_INSTRUMENTS):
            rows.append({"paragraph": p, "instrument": name, "score": scores.loc[p, name], "rank": ranks.loc[p, name],
                         "words": ", ".join(words[name]) or "(no word in the lexicon)"})
    return pd.DataFrame(rows, columns=["paragraph", "instrument", "score", "rank", "words"])
