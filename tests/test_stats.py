"""The shared bootstrap: seeded, percentile, same answer for lists and numpy arrays."""
import numpy as np

from helpers import stats


def test_bootstrap_of_a_constant_has_a_zero_width_interval():
    result = stats.bootstrap([2.0] * 10, lambda xs: sum(xs) / len(xs))
    assert (result.estimate, result.low, result.high) == (2.0, 2.0, 2.0)


def test_bootstrap_is_seeded_and_lists_and_arrays_agree():
    values = [1.0, 5.0, 2.0, 8.0, 3.0, 9.0, 4.0]
    mean = lambda xs: float(np.mean(xs))  # noqa: E731
    first, again = stats.bootstrap(values, mean, resamples=300), stats.bootstrap(values, mean, resamples=300)
    assert first == again
    assert stats.bootstrap(np.array(values), mean, resamples=300) == first
    assert first.estimate == sum(values) / len(values) and first.low < first.estimate < first.high
    assert stats.bootstrap(values, mean, resamples=300, seed=1) != first


# --- moving-block bootstrap of a mean ---------------------------------------------------------

import math  # noqa: E402
from fractions import Fraction  # noqa: E402

import pytest  # noqa: E402


def _block_resample_means(values, block, resamples, seed):
    """The moving-block bootstrap written out in plain Python from its definition (Kuensch 1989)."""
    rng = np.random.default_rng(seed)
    n = len(values)
    count = math.ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(resamples, count))
    means = []
    for row in starts:
        drawn = [values[s + k] for s in row for k in range(block)][:n]
        means.append(Fraction(sum(drawn), n))
    return sorted(means)


def test_block_bootstrap_matches_its_definition_written_out():
    values = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5]
    result = stats.block_bootstrap_mean(values, 3, resamples=401, seed=7)
    means = _block_resample_means(values, 3, 401, 7)
    # 401 resamples: the 2.5th and 97.5th percentiles are exactly the 11th and 391st order statistics.
    assert (result.low, result.high) == (float(means[10]), float(means[390]))
    assert result.estimate == sum(values) / len(values)


def test_block_bootstrap_interpolates_between_order_statistics_exactly():
    values = [7, 0, 0, 2, 9, 1]
    result = stats.block_bootstrap_mean(values, 2, resamples=100, seed=3)
    means = _block_resample_means(values, 2, 100, 3)
    # h = 99 x 0.025 = 2.475: 47.5% of the way from the 3rd to the 4th smallest mean.
    assert result.low == float(means[2] + Fraction(475, 1000) * (means[3] - means[2]))
    assert result.high == float(means[96] + Fraction(525, 1000) * (means[97] - means[96]))


def test_block_of_one_is_the_ordinary_bootstrap():
    values = [4404, -3412, 0, -8316, 6249, 100, 200, -50]
    ordinary = stats.bootstrap(np.array(values), lambda rows: int(rows.sum()) / (10_000 * len(rows)))
    blocks = stats.block_bootstrap_mean(values, 1, scale=10_000)
    assert blocks.estimate == ordinary.estimate
    assert math.isclose(blocks.low, ordinary.low, rel_tol=1e-15) and math.isclose(blocks.high, ordinary.high, rel_tol=1e-15)


def test_a_block_as_long_as_the_series_redraws_the_series_itself():
    result = stats.block_bootstrap_mean([5, -2, 8], 10, scale=4)
    assert (result.estimate, result.low, result.high) == (11 / 12, 11 / 12, 11 / 12)


def test_blocks_widen_the_interval_of_a_series_that_runs_in_streaks():
    streaks = [1] * 40 + [-1] * 40 + [1] * 40 + [-1] * 40
    one, ten = stats.block_bootstrap_mean(streaks, 1), stats.block_bootstrap_mean(streaks, 10)
    assert ten.high - ten.low > 2 * (one.high - one.low)


def test_block_bootstrap_refuses_floats_and_empty_series():
    with pytest.raises(TypeError):
        stats.block_bootstrap_mean([0.5, 0.25], 1)
    with pytest.raises(ValueError):
        stats.block_bootstrap_mean([], 1)
    with pytest.raises(ValueError):
        stats.block_bootstrap_mean([1, 2], 0)


def _gathered_block_bootstrap(values, block, resamples=stats.RESAMPLES, level=stats.LEVEL, seed=stats.BOOTSTRAP_SEED,
                              scale=1):
    """The former `block_bootstrap_mean`: gather every resample's n values, sum them, sort the exact means."""
    units = np.asarray(values, dtype=np.int64)
    n = len(units)
    block = min(block, n)
    per_resample = -(-n // block)
    starts = np.random.default_rng(seed).integers(0, n - block + 1, size=(resamples, per_resample))
    rows = (starts[:, :, None] + np.arange(block)).reshape(-1, per_resample * block)[:, :n]
    means = sorted(Fraction(int(s), scale * n) for s in units[rows].sum(axis=1))
    lower = (1 - Fraction(repr(level))) / 2
    low, high = (stats.exact_percentile(means, q) for q in (lower, 1 - lower))
    return stats.Bootstrap(float(Fraction(int(units.sum()), scale * n)), float(low), float(high), resamples, level, seed)


def test_block_bootstrap_by_prefix_sums_equals_the_gathered_resamples():
    """Differential test of the fast path (prefix sums, integer sort) against the gathered one, bit for bit."""
    rng = np.random.default_rng(11)
    cases = [([5, -2, 8], 10), ([7], 1), ([3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5], 3)]
    for n in (2, 3, 7, 26, 27, 64, 125, 999, 3_001):
        values = rng.integers(-10_000, 10_001, size=n).tolist()
        cases += [(values, block) for block in sorted({1, 2, stats.block_length(n), max(1, n // 3), n - 1 or 1, n + 5})]
    streaky = np.repeat(rng.integers(-10_000, 10_001, size=400), rng.integers(1, 30, size=400)).tolist()
    cases.append((streaky, stats.block_length(len(streaky))))
    for k, (values, block) in enumerate(cases):
        for resamples, seed in ((stats.RESAMPLES, stats.BOOTSTRAP_SEED), (401, k), (37, 1000 + k)):
            fast = stats.block_bootstrap_mean(values, block, resamples=resamples, seed=seed, scale=10_000)
            slow = _gathered_block_bootstrap(values, block, resamples=resamples, seed=seed, scale=10_000)
            assert fast == slow, (len(values), block, resamples, seed)
