"""Published figures the notebook sets beside ours, quoted exactly with their source.

Hutto & Gilbert (2014), Table 4 (page 8 of `corpora/validation/hutto-gilbert-2014/vader_icwsm2014_final.pdf`;
the table is an image, read from the rendered page): "Correlation to ground truth (mean of 20 human
raters)" and the 3-class "Overall F1 score" (thresholds -0.05 and +0.05 on normalised scores), for
VADER, for "Ind. Humans" (individual human raters) and for three lexicon baselines.
"""
from __future__ import annotations

PAPER = "Hutto & Gilbert (2014), Table 4"
PAPER_URL = "https://ojs.aaai.org/index.php/ICWSM/article/view/14550"
# dataset -> {row of Table 4: (correlation, overall F1)}
TABLE4 = {
    "tweets": {"VADER": ("0.881", "0.96"), "Ind. Humans": ("0.888", "0.84"), "Hu-Liu04": ("0.756", "0.77"),
               "GI": ("0.580", "0.69"), "LIWC": ("0.622", "0.63")},
    "movie_reviews": {"VADER": ("0.451", "0.61"), "Ind. Humans": ("0.899", "0.92"), "Hu-Liu04": ("0.416", "0.59"),
                      "GI": ("0.343", "0.55"), "LIWC": ("0.152", "0.31")},
    "product_reviews": {"VADER": ("0.565", "0.63"), "Ind. Humans": ("0.911", "0.85"), "Hu-Liu04": ("0.571", "0.62"),
                        "GI": ("0.385", "0.55"), "LIWC": ("0.313", "0.36")},
    "nyt_editorials": {"VADER": ("0.492", "0.55"), "Ind. Humans": ("0.745", "0.65"), "Hu-Liu04": ("0.487", "0.52"),
                       "GI": ("0.362", "0.49"), "LIWC": ("0.220", "0.21")},
}


def paper_value(dataset: str, row: str = "VADER", column: str = "r") -> float:
    """A Table 4 value as a float (`column` "r" or "f1")."""
    return float(TABLE4[dataset][row][0 if column == "r" else 1])
