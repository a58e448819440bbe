"""Validity: our instruments measured against human judgement (notebook 05).

Compute layer (no matplotlib). Data in `corpora/validation/` (its README.md: sources, licences,
quirks); CLEAR is CC BY-NC-SA 4.0, no commercial use.

Measure your own instrument (any callable text -> float) in three lines:

    from helpers import validation
    tweets = validation.tone_dataset("tweets")
    validation.measure(my_scorer, tweets["text"], tweets["human_mean"], tone=True)
"""
from .agreement import (  # noqa: F401
    Z95, accuracy, agreement, average_ranks, dependent_difference, fisher_interval, macro_f1, measure, pearson,
    spearman, tone_class, tone_classes,
)
from .data import (  # noqa: F401
    CLEAR_LICENCE, CLEAR_PUBLISHED, LEVELS, TONE_DATASETS, clear, individual_ratings, onestopenglish, tone_dataset,
)
