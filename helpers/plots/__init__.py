"""The drawing layer: one style and one save (`common.py`), then one module per analysis.

Nothing in the compute layer (`helpers.text`, `readability`, `sentiment`, `terms`, `stats`)
imports this package: a worker that only computes tables never loads matplotlib.
"""
from .common import (  # noqa: F401  (re-exported: notebooks call plots.save_figure)
    NEGATIVE, NEUTRAL, OKABE_ITO, POSITIVE, WIDTH_IN, SavedFigure, new_figure, save_figure, style,
)
