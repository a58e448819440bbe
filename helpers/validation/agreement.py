"""Agreement of an instrument with human judgement: the same bytes on every CPU.

Correlations are computed in exact integer arithmetic (each float is an exact binary
fraction: scaled to a common power of two, every sum is a Python int) and rounded once;
square roots, atanh and tanh come from mpmath at 120 bits and are rounded once to a float.
No numpy reduction, no BLAS, no libm transcendental reaches a result.

* `pearson(x, y)`, `spearman(x, y)` (average ranks for ties), `fisher_interval(r, n)`:
  the 95% interval tanh(atanh(r) +- z / sqrt(n - 3)), z = the normal's 97.5th percentile;
* `tone_classes(values, scale)`: VADER's 3 classes with its +-0.05 thresholds on value / scale
  (compound: scale 1; the human mean on -4 ... +4: scale 4);
* `accuracy`, `macro_f1`: exact fractions, rounded once;
* `agreement(scores, gold, tone=False)`: n, Pearson r with its interval, Spearman rho, and for
  tone the 3-class accuracy and macro F1; `measure(scorer, texts, gold)` scores the texts first;
* `dependent_difference(r12, r13, r23, n)`: Zou's (2007) 95% interval for r12 - r13 when both
  correlations share variable 1 (overlapping, dependent correlations).
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Iterable, Sequence

import mpmath

_MP = mpmath.MPContext()  # a private context: a caller's mpmath.mp.prec changes nothing here
_MP.prec = 120
LEVEL = 0.95
THRESHOLD = 0.05  # VADER's authors: compound >= 0.05 positive, <= -0.05 negative (vaderSentiment README)
CLASSES = ("negative", "neutral", "positive")


def _z_critical(level: float = LEVEL) -> float:
    """The standard normal's (1 + level) / 2 quantile: sqrt(2) erfinv(level), from mpmath."""
    return float(_MP.sqrt(2) * _MP.erfinv(_MP.mpf(level)))


Z95 = _z_critical()


def _pairs(x: Iterable[float], y: Iterable[float]) -> tuple[list[float], list[float]]:
    """The pairs where both values are numbers (NaN or None dropped)."""
    xs, ys = [], []
    for a, b in zip(x, y, strict=True):
        if a is None or b is None:
            continue
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            continue
        xs.append(a)
        ys.append(b)
    return xs, ys


def _integers(values: Sequence[float]) -> list[int]:
    """The floats as integers on one common binary scale (exact: every float is m / 2**k)."""
    # as_integer_ratio: the float's exact (numerator, 2**k) in lowest terms, what Fraction(v) holds
    # (Fraction(v) builds it from the same call, about ten times slower; tests/test_cold_validation.py)
    ratios = [v.as_integer_ratio() for v in values]
    shift = max((denominator.bit_length() - 1 for _, denominator in ratios), default=0)
    return [numerator << (shift - (denominator.bit_length() - 1)) for numerator, denominator in ratios]


def _exact_r(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    a, b = _integers(xs), _integers(ys)
    sa, sb = sum(a), sum(b)
    sxy = n * sum(i * j for i, j in zip(a, b)) - sa * sb
    sxx = n * sum(i * i for i in a) - sa * sa
    syy = n * sum(j * j for j in b) - sb * sb
    if sxx == 0 or syy == 0:
        return float("nan")  # a constant variable has no correlation
    return float(_MP.mpf(sxy) / _MP.sqrt(_MP.mpf(sxx) * _MP.mpf(syy)))


def pearson(x: Iterable[float], y: Iterable[float]) -> float:
    """Pearson's r of the pairs where both are numbers, exact and rounded once (NaN if undefined)."""
    return _exact_r(*_pairs(x, y))


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties given the mean of their ranks (exact: halves)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end + 2) / 2
        start = end + 1
    return ranks


def spearman(x: Iterable[float], y: Iterable[float]) -> float:
    """Spearman's rho: Pearson's r of the average ranks (ties averaged), of the complete pairs."""
    xs, ys = _pairs(x, y)
    return _exact_r(average_ranks(xs), average_ranks(ys))


def fisher_interval(r: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """The Fisher-z interval of a correlation r on n pairs: tanh(atanh(r) -+ z / sqrt(n - 3))."""
    if n <= 3 or math.isnan(r) or abs(r) >= 1:
        return float("nan"), float("nan")
    z = _MP.atanh(_MP.mpf(r))
    half = _MP.mpf(_z_critical(level) if level != LEVEL else Z95) / _MP.sqrt(n - 3)
    return float(_MP.tanh(z - half)), float(_MP.tanh(z + half))


def dependent_difference(r12: float, r13: float, r23: float, n: int, level: float = LEVEL) -> tuple[float, float, float]:
    """r12 - r13 with Zou's (2007) interval, for two correlations that share variable 1.

    Zou, G. Y. (2007). Toward using confidence intervals to compare correlations. Psychological
    Methods 12(4), 399-413, section "Overlapping correlations": each r's Fisher interval
    (l, u), and the correlation between the two estimates,
    c = ((r23 - r12 r13 / 2)(1 - r12^2 - r13^2 - r23^2) + r23^3) / ((1 - r12^2)(1 - r13^2)), give
    L = r12 - r13 - sqrt((r12 - l1)^2 + (u2 - r13)^2 - 2c (r12 - l1)(u2 - r13)),
    U = r12 - r13 + sqrt((u1 - r12)^2 + (r13 - l2)^2 - 2c (u1 - r12)(r13 - l2)).
    Returns (difference, L, U).
    """
    l1, u1 = fisher_interval(r12, n, level)
    l2, u2 = fisher_interval(r13, n, level)
    f = _MP.mpf
    a, b, c23 = f(r12), f(r13), f(r23)
    c = ((c23 - a * b / 2) * (1 - a**2 - b**2 - c23**2) + c23**3) / ((1 - a**2) * (1 - b**2))
    low = a - b - _MP.sqrt((a - f(l1)) ** 2 + (f(u2) - b) ** 2 - 2 * c * (a - f(l1)) * (f(u2) - b))
    high = a - b + _MP.sqrt((f(u1) - a) ** 2 + (b - f(l2)) ** 2 - 2 * c * (f(u1) - a) * (b - f(l2)))
    return float(a - b), float(low), float(high)


def tone_class(value: float, scale: float = 1.0, threshold: float = THRESHOLD) -> str:
    """VADER's class of value / scale: positive at >= 0.05, negative at <= -0.05, else neutral."""
    v = value / scale
    if v >= threshold:
        return "positive"
    if v <= -threshold:
        return "negative"
    return "neutral"


def tone_classes(values: Iterable[float], scale: float = 1.0) -> list[str]:
    return [tone_class(float(v), scale) for v in values]


def accuracy(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """The share of items whose predicted class equals the gold class."""
    if not gold:
        return float("nan")
    return float(Fraction(sum(p == g for p, g in zip(predicted, gold, strict=True)), len(gold)))


def macro_f1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """The unweighted mean over classes (those in gold or predicted) of F1 = 2 TP / (2 TP + FP + FN)."""
    classes = sorted(set(predicted) | set(gold))
    if not classes:
        return float("nan")
    scores = []
    for k in classes:
        tp = sum(p == k and g == k for p, g in zip(predicted, gold))
        fp = sum(p == k and g != k for p, g in zip(predicted, gold))
        fn = sum(p != k and g == k for p, g in zip(predicted, gold))
        scores.append(Fraction(2 * tp, 2 * tp + fp + fn))
    return float(sum(scores) / len(scores))


def agreement(scores: Iterable[float], gold: Iterable[float], tone: bool = False, score_scale: float = 1.0,
              gold_scale: float = 4.0) -> dict[str, float]:
    """Agreement of `scores` with `gold` over the pairs where both are numbers.

    Returns n, pearson_r, r_low, r_high (95% Fisher-z interval), spearman and, when `tone`,
    accuracy and macro_f1 of VADER's 3 classes (+-0.05 on score / score_scale and on
    gold / gold_scale: the human mean on -4 ... +4 divided by 4, as Hutto & Gilbert did).
    """
    xs, ys = _pairs(scores, gold)
    r = _exact_r(xs, ys)
    low, high = fisher_interval(r, len(xs))
    row = {"n": len(xs), "pearson_r": r, "r_low": low, "r_high": high,
           "spearman": _exact_r(average_ranks(xs), average_ranks(ys))}
    if tone:
        predicted, truth = tone_classes(xs, score_scale), tone_classes(ys, gold_scale)
        row |= {"accuracy": accuracy(predicted, truth), "macro_f1": macro_f1(predicted, truth)}
    return row


def measure(scorer: Callable[[str], float], texts: Iterable[str], gold: Iterable[float], **options) -> dict[str, float]:
    """Score every text with `scorer` (text -> float), then `agreement(scores, gold, **options)`."""
    return agreement([scorer(t) for t in texts], gold, **options)


def mean(values: Iterable[float]) -> float:
    """The correctly rounded mean (math.fsum, one division)."""
    values = list(values)
    return math.fsum(values) / len(values) if values else float("nan")
