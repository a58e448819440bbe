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
