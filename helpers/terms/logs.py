"""Logarithms and the chi-square tail with the same bits on every machine.

Python's `math.log` and `math.log2` call glibc's libm, which picks an FMA or a non-FMA
version of the code by CPU; the two differ in the last bit for about 1 input in 100,000
(measured here: 1 of 300,000 logs and 5 of 300,000 log2s changed under
GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,...). Keyness values are written
to CSV at full precision, so they are computed by mpmath (integer arithmetic in Python,
no libm, no SIMD) with 27 guard bits and rounded once to the nearest float: on 45,000
random inputs that equals the value computed at 300 bits and rounded, for ln, log2 and
erfc (mpmath at 53 bits missed 3 of 5,000 erfc values; glibc 23 of 40,000 logs).
"""
from __future__ import annotations

import math

import mpmath
from mpmath.libmp import from_float, mpf_erfc, mpf_ln, round_nearest, to_float

_MP = mpmath.MPContext()  # a private context: a caller changing mpmath.mp.prec changes nothing here
_MP.prec = 80  # a float's 53 bits plus 27 guard bits; `float()` then rounds to nearest once


def ln(x: float) -> float:
    """Return the natural logarithm of x > 0, the same on every CPU.

    For a finite float x > 0, the call `float(_MP.log(x))` makes, without the context's wrappers
    (conversion, dispatch, the mpf object): from_float, mpf_ln at the context's precision, rounding
    to nearest, to_float. tests/test_hot_paths.py compares the two on many inputs.
    """
    if isinstance(x, float) and 0 < x < math.inf:
        return to_float(mpf_ln(from_float(x), _MP.prec, round_nearest), rnd=round_nearest)
    return float(_MP.log(x))


def log2(x: float) -> float:
    """Return the base-2 logarithm of x > 0, the same on every CPU."""
    return float(_MP.log(x, 2))


def chi2_1df_p(statistic: float) -> float:
    """Return the upper-tail p-value of a chi-square statistic with 1 degree of freedom.

    Exact: a chi-square variable with 1 df is Z squared, so P(X > x) = erfc(sqrt(x / 2)).
    (`math.sqrt` is IEEE's correctly rounded square root, the same everywhere.)
    """
    root = math.sqrt(max(statistic, 0.0) / 2)
    if root < math.inf:  # `float(_MP.erfc(root))` without the context's wrappers, as `ln`
        try:
            return to_float(mpf_erfc(from_float(root), _MP.prec, round_nearest), rnd=round_nearest)
        except NotImplementedError:
            pass
    return float(_MP.erfc(root))
