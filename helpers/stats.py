"""Small statistics shared by the analyses (so no notebook or module writes its own copy)."""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence, TypeVar

import numpy as np

T = TypeVar("T")

# The bootstrap settings every analysis uses (one definition: notebooks and tables quote them).
RESAMPLES = 2000  # resamples drawn: enough for stable 2.5th/97.5th percentiles (Efron & Tibshirani 1993, ch. 19)
LEVEL = 0.95  # coverage of the percentile interval
BOOTSTRAP_SEED = 20261125  # seed of numpy's default generator: same seed, same interval


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


def block_bootstrap(units: Sequence[T], statistic: Callable[[list[T]], float], block: int | None = None,
                    resamples: int = RESAMPLES, level: float = LEVEL, seed: int = BOOTSTRAP_SEED) -> Bootstrap:
    """A moving-block bootstrap (Künsch 1989): resample runs of `block` neighbouring units.

    For ordered units that depend on their neighbours (the sentences of a speech): each
    resample joins ceil(n / block) blocks of `block` consecutive units, their starts drawn
    uniformly from the n - block + 1 possible ones, and keeps the first n units. A plain
    bootstrap (block 1) treats neighbours as independent, and its interval is too narrow
    when they are alike. `block` defaults to `block_length(n)`. Seeded and deterministic;
    `statistic` receives what `bootstrap` gives it (a list, or a numpy array of the rows).
    """
    n = len(units)
    length = min(block or block_length(n), n)
    blocks = -(-n // length)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n - length + 1, size=(resamples, blocks))
    draws = (starts[:, :, None] + np.arange(length)).reshape(resamples, blocks * length)[:, :n]
    if isinstance(units, np.ndarray):
        estimates = np.array([statistic(units[row]) for row in draws])
        estimate = statistic(units)
    else:
        estimates = np.array([statistic([units[i] for i in row]) for row in draws])
        estimate = statistic(list(units))
    low, high = np.quantile(estimates, [(1 - level) / 2, 1 - (1 - level) / 2])
    return Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)
