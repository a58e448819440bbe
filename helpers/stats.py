"""Small statistics shared by the analyses (so no notebook or module writes its own copy)."""
from __future__ import annotations

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
    for start in range(0, resamples, DRAW_ROWS):
        draws = rng.integers(0, n, size=(min(DRAW_ROWS, resamples - start), n))
        for offset, row in enumerate(draws):
            sums[start + offset] = matrix[row].sum(axis=0)
    whole = matrix.sum(axis=0)
    results = []
    for statistic in statistics:
        estimates = np.array([statistic(row) for row in sums])
        low, high = np.quantile(estimates, [(1 - level) / 2, 1 - (1 - level) / 2])
        results.append(Bootstrap(float(statistic(whole)), float(low), float(high), resamples, level, seed))
    return results
