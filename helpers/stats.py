"""Small statistics shared by the analyses (so no notebook or module writes its own copy)."""
from __future__ import annotations

from collections import abc
from fractions import Fraction
from typing import Callable, NamedTuple, Sequence, TypeVar

import numpy as np

T = TypeVar("T")

# The bootstrap settings every analysis uses (one definition: notebooks and tables quote them).
RESAMPLES = 2000  # resamples drawn: enough for stable 2.5th/97.5th percentiles (Efron & Tibshirani 1993, ch. 19)
LEVEL = 0.95  # coverage of the percentile interval
BOOTSTRAP_SEED = 20261125  # seed of numpy's default generator: same seed, same interval


DRAW_ROWS = 64  # resamples drawn at a time by `bootstrap_sums`: a long text's draws are never all in memory


class Bootstrap(NamedTuple):
    """A percentile-bootstrap estimate: the statistic on all units, and its interval."""

    estimate: float
    low: float
    high: float
    resamples: int = RESAMPLES
    level: float = LEVEL
    seed: int = BOOTSTRAP_SEED


def bootstrap(units: Sequence[T], statistic: Callable[[list[T]], float], resamples: int = RESAMPLES,
              level: float = LEVEL, seed: int = BOOTSTRAP_SEED) -> Bootstrap:
    """Resample `units` (e.g. sentences) with replacement; return the percentile interval.

    `statistic` receives a list of units, or, when `units` is a numpy array, an array of the
    drawn rows (fancy indexing: thousands of times faster on a long text).
    Deterministic: the generator is seeded, so the same inputs give the same interval.
    """
    rng = np.random.default_rng(seed)
    n = len(units)
    draws = rng.integers(0, n, size=(resamples, n))
    if isinstance(units, np.ndarray):
        estimates = np.array([statistic(units[row]) for row in draws])
        estimate = statistic(units)
    else:
        estimates = np.array([statistic([units[i] for i in row]) for row in draws])
        estimate = statistic(list(units))
    low, high = np.quantile(estimates, [(1 - level) / 2, 1 - (1 - level) / 2])
    return Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)


def bootstrap_sums(matrix: np.ndarray, statistics: Sequence[Callable[[np.ndarray], float]], resamples: int = RESAMPLES,
                   level: float = LEVEL, seed: int = BOOTSTRAP_SEED) -> list[Bootstrap]:
    """Return, for each f of `statistics`, `bootstrap(matrix, lambda rows: f(rows.sum(axis=0)), ...)`.

    `matrix` is an integer array (one row per unit). The draws are those of `bootstrap` (the same
    generator, seed and stream: numpy's integers drawn in blocks of rows continue the same stream),
    made `DRAW_ROWS` resamples at a time and summed once for all statistics, so memory stays at a
    block of draws instead of resamples x units, and each draw is summed once, not once per statistic.
    """
    rng = np.random.default_rng(seed)
    n = len(matrix)
    sums = np.empty((resamples, matrix.shape[1]), dtype=matrix.dtype)
    # integers: rows gathered and summed at once per step (exact in any order), at most ~4 M values;
    # other types one resample at a time, in the order `bootstrap` sums them
    step = max(1, 4_000_000 // max(1, n * matrix.shape[1])) if matrix.dtype.kind in "iu" else 1
    for start in range(0, resamples, DRAW_ROWS):
        draws = rng.integers(0, n, size=(min(DRAW_ROWS, resamples - start), n))
        for offset in range(0, len(draws), step):
            part = draws[offset:offset + step]
            sums[start + offset:start + offset + len(part)] = matrix[part].sum(axis=1)
    whole = matrix.sum(axis=0)
    results = []
    for statistic in statistics:
        estimates = np.array([statistic(row) for row in sums])
        low, high = np.quantile(estimates, [(1 - level) / 2, 1 - (1 - level) / 2])
        results.append(Bootstrap(float(statistic(whole)), float(low), float(high), resamples, level, seed))
    return results


def block_bootstrap_mean(values: Sequence[int], block: int, resamples: int = RESAMPLES, level: float = LEVEL,
                         seed: int = BOOTSTRAP_SEED, scale: int = 1) -> Bootstrap:
    """Moving-block bootstrap (Kuensch 1989) of the mean of a series whose neighbours depend on each other.

    `values` are integers in reading order (e.g. compound scores as ten-thousandths, `scale`
    10,000): every mean is an exact integer sum divided once by `scale * n`. Each resample
    joins ceil(n / block) blocks of `block` consecutive values, their starts drawn uniformly
    from 0 .. n - block by numpy's default generator seeded with `seed`, and cuts the result
    to n values. A block keeps the dependence between neighbours up to `block - 1` steps
    apart; `block=1` is the ordinary bootstrap (the same draws as `bootstrap` with the same
    seed). A block longer than the series is cut to it (every resample is then the series).

    The interval is the percentile one at `level`, with numpy's default ('linear')
    interpolation between order statistics, computed on exact fractions and rounded once:
    the same bits on every CPU.
    """
    units = np.asarray(values)
    if units.ndim != 1 or (len(units) and units.dtype.kind not in "iu"):
        raise TypeError("block_bootstrap_mean needs a one-dimensional series of integers (scale them first)")
    n = len(units)
    if n == 0:
        raise ValueError("block_bootstrap_mean needs at least one value")
    if block < 1 or resamples < 1 or scale < 1:
        raise ValueError("block, resamples and scale must be at least 1")
    units = units.astype(np.int64)
    block = min(block, n)
    per_resample = -(-n // block)  # ceil(n / block) blocks, cut to n values
    rng = np.random.default_rng(seed)
    # A block's sum is a difference of two prefix sums (exact integers), so a resample costs its
    # ceil(n / block) blocks, not its n values: the sums of joining the blocks and cutting to n values.
    prefix = np.concatenate([[0], np.cumsum(units, dtype=np.int64)])
    last = n - (per_resample - 1) * block  # values kept of the last block
    parts = []
    chunk = max(1, 2_000_000 // per_resample)  # bounded memory on a long text
    for first in range(0, resamples, chunk):
        # the starts of `chunk` resamples at a time: numpy's integers drawn in blocks of rows continue
        # the same stream, so these are the rows of one (resamples, per_resample) draw
        starts = rng.integers(0, n - block + 1, size=(min(chunk, resamples - first), per_resample))
        full = (prefix[starts[:, :-1] + block] - prefix[starts[:, :-1]]).sum(axis=1, dtype=np.int64)
        cut = prefix[starts[:, -1] + last] - prefix[starts[:, -1]]
        parts.append(full + cut)
    # the means share one positive denominator: sorting the integer sums orders them (Fractions only where
    # read); int64 sums sort exactly, and tolist() gives the same Python ints
    means = _Means(np.sort(np.concatenate(parts)).tolist(), scale * n)
    lower = (1 - Fraction(repr(level))) / 2
    low, high = (exact_percentile(means, q) for q in (lower, 1 - lower))
    estimate = Fraction(int(units.sum(dtype=np.int64)), scale * n)
    return Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)


class _Means(abc.Sequence):
    """Sorted integer sums read as exact means, sum / denominator, made a Fraction only when indexed."""

    def __init__(self, sums: list[int], denominator: int):
        self.sums, self.denominator = sums, denominator

    def __len__(self) -> int:
        return len(self.sums)

    def __getitem__(self, i: int) -> Fraction:
        return Fraction(self.sums[i], self.denominator)


def exact_percentile(ordered: Sequence[Fraction], q: Fraction) -> Fraction:
    """numpy's 'linear' percentile of sorted values, exactly: x[j] + (h - j)(x[j+1] - x[j]), h = (N - 1) q."""
    h = (len(ordered) - 1) * q
    j = h.numerator // h.denominator
    if j + 1 >= len(ordered):
        return ordered[-1]
    return ordered[j] + (h - j) * (ordered[j + 1] - ordered[j])


def block_length(n: int) -> int:
    """Return the moving-block length for `n` ordered units: n^(1/3) rounded, at least 1.

    The cube root is the order of the block length that is optimal for a bootstrap variance
    or a two-sided interval (Hall, Horowitz & Jing 1995; Lahiri 2003, ch. 7). Computed in
    integers, (2l - 1)^3 <= 8n < (2l + 1)^3, so no floating-point root can tip a boundary.
    """
    length = 1
    while (2 * length + 1) ** 3 <= 8 * n:
        length += 1
    return length
