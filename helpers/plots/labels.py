"""One rule for thinning tick labels (paragraphs P1, P2, ...) so they never overlap.

A label "P10" in 7-point type needs about 0.35 in with its gap, so a 3.5-in single column
holds 10 upright labels and a 7.2-in double column 20 (measured on our figures). A longer
label ("P13103") takes room in proportion to its characters.
"""
from __future__ import annotations

import math
from typing import Sequence

MAX_LABELS = {"single": 10, "double": 20}  # upright labels of 3 characters that fit each width
_MEASURED_CHARS = 3  # "P10", the label MAX_LABELS was measured with


def label_step(count: int, max_labels: int) -> int:
    """Return the step k so that labelling every k-th of `count` items shows at most `max_labels`."""
    return max(1, math.ceil(count / max_labels))


def round_step(step: int) -> int:
    """Return the smallest of 1, 2, 5, 10, 20, 50, ... that is at least `step` (readable tick values)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= step:
                return factor * magnitude
        magnitude *= 10


def paragraph_ticks(numbers: Sequence[int], max_labels: int) -> list[int]:
    """Return the paragraph numbers to label: all while they fit, else the first and round multiples.

    With room for every label, every number is shown. Otherwise the step is the round number
    (`round_step`) that keeps the labels, as wide as "P" and the largest number, within the
    room of `max_labels` three-character labels: P1, P5000, P10000 on a long text.
    """
    numbers = list(numbers)
    if not numbers:
        return []
    fits = max(1, max_labels * _MEASURED_CHARS // max(_MEASURED_CHARS, len(f"P{numbers[-1]}")))
    if len(numbers) <= fits:
        return numbers
    step = round_step(math.ceil(len(numbers) / fits))
    first = numbers[0]
    return [first] + [n for n in numbers if n % step == 0 and n - first >= step / 2]
