"""One rule for thinning tick labels (paragraphs P1, P2, ...) so they never overlap.

A label "P10" in 7-point type needs about 0.35 in with its gap, so a 3.5-in single column
holds 10 upright labels and a 7.2-in double column 20 (measured on our figures).
"""
from __future__ import annotations

import math
from typing import Sequence, TypeVar

MAX_LABELS = {"single": 10, "double": 20}  # upright labels that fit a figure of each width
T = TypeVar("T")


def label_step(count: int, max_labels: int) -> int:
    """Return the step k so that labelling every k-th of `count` items shows at most `max_labels`."""
    return max(1, math.ceil(count / max_labels))


def thinned(items: Sequence[T], max_labels: int) -> Sequence[T]:
    """Return every `label_step`-th item of `items`, starting with the first."""
    return items[::label_step(len(items), max_labels)]
