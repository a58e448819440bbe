"""The tone arc of a text: the mean sentence score with its interval, and a smoothed curve.

Everything here gives the same bits on every machine: means are exact integer sums of the
library's 4-decimal scores, divided once; the smoother's cosines come from mpmath, rounded
once to a float, and its sums are `math.fsum` (correctly rounded). No numpy transcendental
function or BLAS product, whose last bits depend on the CPU (issue 9), reaches an output.
"""
from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import numpy as np
import pandas as pd

from ..stats import block_bootstrap_mean, bootstrap_sums
from .scores import COMPOUND_SCALE, ten_thousandths

# syuzhet's `get_dct_transform` default `low_pass_size = 5` (Jockers, syuzhet R package).
KEEP = 5
SMOOTH_POINTS = 200  # points on the drawn curve: smooth at a 3.5-inch column's resolution
SENTENCE_SPREAD = 0.7  # width of a paragraph's bar over which its sentences' dots are spread
# mpmath's working precision: 60 guard bits over a float's 53, so rounding once to a float gives the
# nearest float (barring a cosine within 2^-113 of a tie between two floats).
MPMATH_BITS = 113
INTERVAL_COLUMNS = ["unit", "units", "block", "estimate", "low", "high", "resamples", "seed"]
# A bootstrap draws (resamples x units) integers: 186 million for the 93,146 sentences of a 10 MB text.
# Above this many sentences (or paragraphs) `mean_interval` resamples runs of consecutive ones instead,
# at most this many (`run_length`); the seed (29 sentences) and every State of the Union address (at
# most about 1,700 sentences) are far below it and keep their exact intervals.
MAX_RESAMPLED = 5_000


def run_length(count: int, most: int | None = None) -> int:
    """Consecutive units per resampled run so that `count` units make at most `most` runs: 1 up to `most`
    units, then ceil(count / most) (the last run may be shorter); `most` defaults to `MAX_RESAMPLED`."""
    return max(1, -(-count // (MAX_RESAMPLED if most is None else most)))


def bounded(sentences: pd.DataFrame, most: int | None = None) -> pd.DataFrame:
    """The first `most` (default `MAX_RESAMPLED`) sentences, all of a shorter text: for trying several
    block lengths on a long text."""
    return sentences.head(MAX_RESAMPLED if most is None else most)


def _runs(rows: np.ndarray, length: int) -> np.ndarray:
    """Rows (sum of ten-thousandths, sentences) summed over runs of `length` consecutive rows: exact integers."""
    return rows if length == 1 else np.add.reduceat(rows, np.arange(0, len(rows), length), axis=0)


def sentence_block(sentences: pd.DataFrame) -> int:
    """The block length of the sentence-block bootstrap: the mean paragraph length, at most the cube root of n.

    Tone runs in paragraphs (neighbouring sentences share a topic and a voice), so a block as
    long as a typical paragraph keeps most of that dependence inside one block, without
    imposing the paragraph breaks themselves. The mean paragraph length (sentences /
    paragraphs, rounded half up) is capped at ceil(n^(1/3)) for n sentences, the order of
    block length that Hall, Horowitz & Jing (1995) found best for a bootstrap variance: a
    text of one long paragraph still gets many blocks per resample. Integers only; at least 1.
    """
    n, p = len(sentences), sentences["paragraph"].nunique()
    if not p:
        return 1
    cube_root = next(c for c in range(1, n + 2) if c ** 3 >= n)  # ceil(n^(1/3)), exactly
    return max(1, min((2 * n + p) // (2 * p), cube_root))


def mean_interval(sentences: pd.DataFrame, block: int | None = None, **settings) -> pd.DataFrame:
    """Return seeded percentile-bootstrap intervals for the mean sentence compound.

    Three rows, each a different model of how the text's sentences could have come out:
    * 'sentence': sentences resampled one by one (treats neighbours as independent);
    * 'paragraph': whole paragraphs resampled (a cluster bootstrap; with few paragraphs, e.g.
      10, the percentile interval is itself uncertain and tends to be too narrow);
    * 'sentence block': a moving-block bootstrap over the sentence series
      (`stats.block_bootstrap_mean`), blocks of `block` sentences (default `sentence_block`),
      which keeps the dependence between neighbouring sentences across paragraph breaks.
    Columns: unit, units (resampled), block (sentences per resampled unit; empty for paragraphs),
    estimate, low, high, resamples, seed. `settings` go to both bootstraps (resamples, level, seed).
    Every mean is `scores.mean_compound`'s exact one (one sentence, or identical ones: low =
    estimate = high).

    Bounded on a long text: above `MAX_RESAMPLED` sentences the 'sentence' row resamples runs of
    `run_length(n)` consecutive sentences (units = the runs, block = their length), above
    `MAX_RESAMPLED` paragraphs the 'paragraph' row runs of `run_length(paragraphs)` paragraphs
    (units = the runs), and a block is at least `run_length(n)` sentences long: each bootstrap
    draws at most resamples x `MAX_RESAMPLED` integers. The estimate stays the exact mean of all.
    """
    units = np.array(ten_thousandths(sentences["compound"]), dtype=np.int64)
    paragraph = sentences["paragraph"].to_numpy()
    # per paragraph (in order of number): the sum of its sentences' ten-thousandths and their count
    _, which = np.unique(paragraph, return_inverse=True)
    pooled = np.zeros((which.max() + 1 if len(which) else 0, 2), dtype=np.int64)
    np.add.at(pooled[:, 0], which, units)  # exact integer sums
    np.add.at(pooled[:, 1], which, 1)
    block = sentence_block(sentences) if block is None else block
    rows = []
    # `stats.bootstrap_sums` draws what `stats.bootstrap` draws, a block of resamples at a time, and
    # sums each resample's rows once: the same estimates, with memory bounded on a long text.
    n, run = len(units), run_length(len(units))
    if run == 1:
        sentence = (units.reshape(-1, 1), lambda total: mean_of_units_sum(total, n), 1)
    else:  # runs of `run` sentences, pooled as paragraphs are
        sentence = (_runs(np.column_stack([units, np.ones_like(units)]), run), _pooled_mean_of_sum, run)
    for unit, (drawn, statistic, size) in (("sentence", sentence),
                                           ("paragraph", (_runs(pooled, run_length(len(pooled))), _pooled_mean_of_sum,
                                                          None))):
        result, = bootstrap_sums(drawn, [statistic], **settings)
        rows.append({"unit": unit, "units": len(drawn), "block": size, "estimate": result.estimate,
                     "low": result.low, "high": result.high, "resamples": result.resamples, "seed": result.seed})
    rows.append(_block_row(units, block, **settings))
    return _interval_table(rows)


def block_interval(sentences: pd.DataFrame, block: int | None = None, **settings) -> pd.DataFrame:
    """`mean_interval`'s 'sentence block' row alone (same columns): for trying several block lengths
    without repeating the sentence and paragraph bootstraps (on a long text, on `bounded(sentences)`:
    blocks shorter than `run_length(n)` are lengthened to it, as in `mean_interval`)."""
    units = np.array(ten_thousandths(sentences["compound"]), dtype=np.int64)
    block = sentence_block(sentences) if block is None else block
    return _interval_table([_block_row(units, block, **settings)])


def _block_row(units: np.ndarray, block: int, **settings) -> dict:
    block = max(block, run_length(len(units)))  # at most `MAX_RESAMPLED` blocks per resample
    result = block_bootstrap_mean(units, block, scale=COMPOUND_SCALE, **settings)
    return {"unit": "sentence block", "units": len(units), "block": min(block, len(units)),
            "estimate": result.estimate, "low": result.low, "high": result.high,
            "resamples": result.resamples, "seed": result.seed}


def _interval_table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=INTERVAL_COLUMNS)
    table["block"] = table["block"].astype("Int64")
    return table


def _pooled_mean(rows: np.ndarray) -> float:
    """Mean sentence score of (resampled) paragraphs, each row (sum of ten-thousandths, sentences)."""
    return _pooled_mean_of_sum(rows.sum(axis=0))


def _pooled_mean_of_sum(total_and_count: np.ndarray) -> float:
    """Mean sentence score from the summed rows (sum of ten-thousandths, sentences): one exact division."""
    total, count = (int(v) for v in total_and_count)
    return total / (COMPOUND_SCALE * count)


def mean_of_units_sum(total: np.ndarray, n: int) -> float:
    """`scores.mean_of_units` of n drawn units from their summed row (one integer): the same exact division."""
    return int(total[0]) / (COMPOUND_SCALE * n)


def dct_smooth(values, keep: int = KEEP, at=None) -> list[float]:
    """Low-pass `values` (equally spaced) by keeping the first `keep` DCT-II coefficients.

    Returns the smooth curve at positions `at` (in index units, default 0..n-1). This is
    syuzhet's `get_dct_transform` (Jockers) on the values' own scale: the least-squares fit
    of the `keep` slowest cosines,

        c_k = sum_j y_j cos(pi k (j + 1/2) / n) / N_k,   N_0 = n, N_k = n / 2,
        smooth(t) = sum_{k < keep} c_k cos(pi k (t + 1/2) / n).

    Chosen over loess because it has one parameter, a closed form, and reflecting (not
    wrapping) ends; over a rolling mean because it does not shorten or flatten the ends.
    """
    y = np.array([float(v) for v in values], dtype=np.float64)
    n = len(y)
    keep = min(keep, n)
    norms = [n] + [n / 2] * (keep - 1)  # sum over j of cos^2(pi k (j + 1/2) / n), exactly
    # the basis at sample j is cos(pi m / 2n) with m = k (2j + 1), read from the table of m = 0..n
    # (`_cosine_table`) by the cosine's exact symmetries; each product is one IEEE multiplication,
    # the same in numpy as in Python, and every sum is `math.fsum`
    basis = [_half_step_basis(k, n) for k in range(keep)]
    coefficients = [math.fsum((basis[k] * y).tolist()) / norms[k] for k in range(keep)]
    if at is None:  # at the samples themselves the basis is the one tabulated above
        terms = [(basis[k] * c).tolist() for k, c in enumerate(coefficients)]
        return [math.fsum(column) for column in zip(*terms)]
    return [math.fsum(c * _cos_pi(k, float(t), n) for k, c in enumerate(coefficients)) for t in at]


def _half_step_basis(k: int, n: int) -> np.ndarray:
    """cos(pi k (2j + 1) / 2n) for j = 0..n-1: `_cos_half_step`'s folding, on the whole series at once."""
    table = np.array(_cosine_table(n), dtype=np.float64)
    m = (k * (2 * np.arange(n, dtype=np.int64) + 1)) % (4 * n)
    m = np.where(m > 2 * n, 4 * n - m, m)
    negative = m > n
    m = np.where(negative, 2 * n - m, m)
    return np.where(negative, -1.0, 1.0) * table[m]


@lru_cache(maxsize=4)
def _cosine_table(n: int) -> tuple[float, ...]:
    """cos(pi m / 2n) for m = 0..n, each the float `_cos_half_step` gives (mpmath's cospi at
    `MPMATH_BITS`, rounded once), found in time linear in n instead of by n + 1 mpmath calls.

    The cosines are run up by Chebyshev's recurrence T(m+1) = 2 c T(m) - T(m-1), c = cos(pi / 2n),
    in integers scaled by 2^bits (bits = 128 + 2 x the bit length of n; c from mpmath with 32 bits
    more). Each step's floor and c's error add at most 5 m^2 units of 2^-bits (the recurrence's
    error is bounded by |U_m(c)| <= m + 1), below 2^-125 for m <= n. `_cos_half_step`'s value is
    within 2^-110 of the true cosine (its argument and its result each rounded at 113 bits). So
    when the two ends of the estimate +- 2^-100 round to one float (Python's int / int is
    correctly rounded, and rounding is monotone), that float is `_cos_half_step`'s; otherwise
    (near a tie between two floats, or near 0, where floats are dense) mpmath is asked, as before.
    `tests/test_sentiment_long.py` compares whole tables with `_cos_half_step`.
    """
    bits = 128 + 2 * n.bit_length()
    one = 1 << bits
    with mpmath.workprec(bits + 32):
        c = int(mpmath.floor(mpmath.cospi(mpmath.mpf(1) / (2 * n)) * one))
    slack = 1 << (bits - 100)
    table, previous, current = [], one, c  # T(m) and T(m + 1), scaled by 2^bits
    for m in range(n + 1):
        low, high = (previous - slack) / one, (previous + slack) / one
        table.append(low if low == high else _cos_half_step(m, n, {}))
        previous, current = current, ((2 * c * current) >> bits) - previous
    return tuple(table)


def _cos_pi(k: int, t: float, n: int) -> float:
    """cos(pi k (t + 1/2) / n) by mpmath, rounded once to a float."""
    with mpmath.workprec(MPMATH_BITS):
        return float(mpmath.cospi(k * (mpmath.mpf(t) + 0.5) / n))


def _cos_half_step(m: int, n: int, known: dict[int, float]) -> float:
    """cos(pi m / 2n) for integers m >= 0, n > 0, from `known` or mpmath (rounded once to a float).

    m is first folded into 0..n by the cosine's symmetries (period 4n, even, cos(pi - x) =
    -cos x), all exact. The reference of `_cosine_table`, which asks it only near a tie.
    """
    m %= 4 * n
    if m > 2 * n:
        m = 4 * n - m
    sign = -1.0 if m > n else 1.0
    m = 2 * n - m if m > n else m
    if m not in known:
        with mpmath.workprec(MPMATH_BITS):
            known[m] = float(mpmath.cospi(mpmath.mpf(m) / (2 * n)))
    return sign * known[m]


def sentence_positions(sentences: pd.DataFrame, width: float = SENTENCE_SPREAD) -> list[float]:
    """x of each sentence: spread evenly, in reading order, across its paragraph's bar."""
    counts = sentences.groupby("paragraph")["sentence"].transform("count").tolist()
    return [p + (s - (c + 1) / 2) * width / c
            for p, s, c in zip(sentences["paragraph"].tolist(), sentences["sentence"].tolist(), counts)]


def _even_points(last: float, count: int) -> list[float]:
    """`count` points evenly spaced from 0 to `last`, each correctly rounded."""
    return [last * i / (count - 1) for i in range(count)]


def _interpolate(t: float, xs: list[float]) -> float:
    """`xs` linearly interpolated at index t (0 <= t <= len(xs) - 1)."""
    if len(xs) == 1:
        return xs[0]
    j = min(int(t), len(xs) - 2)
    return xs[j] + (xs[j + 1] - xs[j]) * (t - j)


def arc_data(paragraphs: pd.DataFrame, sentences: pd.DataFrame, keep: int = KEEP) -> pd.DataFrame:
    """Return every mark of the arc figure, one row each: kind, paragraph, sentence, x, compound.

    kind is 'paragraph' (its compound), 'sentence_mean' (its sentences' mean), 'sentence'
    (x spread across its paragraph's bar) or 'smooth' (`dct_smooth` of the sentence series,
    `SMOOTH_POINTS` points, drawn through the sentences' x positions).
    """
    x_sentences = sentence_positions(sentences)
    t = _even_points(len(sentences) - 1, SMOOTH_POINTS)
    x_paragraphs = paragraphs["paragraph"].astype(float)
    return pd.concat([
        pd.DataFrame({"kind": "paragraph", "paragraph": paragraphs["paragraph"], "sentence": 0,
                      "x": x_paragraphs, "compound": paragraphs["compound"]}),
        pd.DataFrame({"kind": "sentence_mean", "paragraph": paragraphs["paragraph"], "sentence": 0,
                      "x": x_paragraphs, "compound": paragraphs["sentence_mean"]}),
        pd.DataFrame({"kind": "sentence", "paragraph": sentences["paragraph"], "sentence": sentences["sentence"],
                      "x": x_sentences, "compound": sentences["compound"]}),
        pd.DataFrame({"kind": "smooth", "paragraph": 0, "sentence": 0,
                      "x": [_interpolate(v, x_sentences) for v in t],
                      "compound": dct_smooth(sentences["compound"], keep, t)}),
    ], ignore_index=True)
