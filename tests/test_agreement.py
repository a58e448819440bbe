"""VADER beside the other lexicons: ranks, Kendall's tau-b with its bootstrap interval, disagreements, figures."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from helpers import plots, sentiment, text
from helpers.plots import sentiment as sentiment_plots
from helpers.sentiment import agreement, lexicons


@pytest.mark.parametrize("seed", range(6))
def test_tau_b_equals_scipy_with_and_without_ties(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, size=15).astype(float)  # many ties
    y = x + rng.integers(-2, 3, size=15)
    assert math.isclose(agreement.kendall_tau_b(x, y), scipy.stats.kendalltau(x, y).statistic, rel_tol=1e-14)


def test_tau_b_by_hand():
    # x 1 2 3 4, y 1 3 2 4: 5 concordant pairs, 1 discordant, no ties: (5 - 1) / 6.
    assert agreement.kendall_tau_b([1, 2, 3, 4], [1, 3, 2, 4]) == 4 / 6
    # x 1 1 2, y 1 2 3: pairs (1,2) tied in x; (1,3) and (2,3) concordant: 2 / sqrt(2 * 3).
    assert agreement.kendall_tau_b([1, 1, 2], [1, 2, 3]) == 2 / math.sqrt(6)
    assert math.isnan(agreement.kendall_tau_b([5, 5, 5], [1, 2, 3]))  # a constant side has no tau-b


def _scores(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"paragraph": range(1, n + 1), **columns})


def test_identical_orders_agree_perfectly_and_reversed_ones_perfectly_disagree():
    table = agreement.rank_agreement(_scores(a=[0.1, 0.5, -0.3, 0.9, 0.0], b=[1, 5, -3, 9, 0], c=[-1, -5, 3, -9, 0]),
                                     resamples=300)
    by_pair = table.set_index(["instrument", "other"])
    assert by_pair.loc[("a", "b"), ["tau_b", "low", "high"]].tolist() == [1.0, 1.0, 1.0]
    assert by_pair.loc[("a", "c"), ["tau_b", "low", "high"]].tolist() == [-1.0, -1.0, -1.0]
    # A resample of one paragraph drawn five times has no order at all: it is left out and counted.
    assert (table["undefined"] >= 0).all() and (table["resamples"] == 300).all()


def test_interval_is_seeded_and_brackets_the_estimate_on_the_seed(seed):
    scores = agreement.instrument_scores(sentiment.paragraph_sentiment(seed))
    first, again = agreement.rank_agreement(scores), agreement.rank_agreement(scores)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 6 and (first["paragraphs"] == 10).all()
    assert ((first["low"] <= first["tau_b"]) & (first["tau_b"] <= first["high"])).all()
    assert agreement.rank_agreement(scores, seed=1)["low"].tolist() != first["low"].tolist()
    for _, row in first.iterrows():  # the estimate is scipy's on the paragraph scores
        assert math.isclose(row["tau_b"], scipy.stats.kendalltau(scores[row["instrument"]], scores[row["other"]]).statistic,
                            rel_tol=1e-14)


def test_instrument_scores_are_vader_and_the_lexicons_on_each_paragraph(seed):
    paragraphs = sentiment.paragraph_sentiment(seed)
    scores = agreement.instrument_scores(paragraphs)
    assert scores.columns.tolist() == ["paragraph", "vader", *lexicons.POLARITY_INSTRUMENTS]
    assert scores["vader"].tolist() == [sentiment.scores(t)["compound"] for t in seed.paragraphs]
    from afinn import Afinn
    assert scores["afinn"].tolist() == [Afinn().score(t) for t in seed.paragraphs]  # the package itself


def test_ranks_share_ties_and_disagreements_are_ordered_by_spread():
    ranks = agreement.instrument_ranks(_scores(a=[0.0, 0.0, 1.0, 2.0], b=[3.0, 2.0, 1.0, 0.0]))
    assert ranks["a"].tolist() == [1.5, 1.5, 3.0, 4.0] and ranks["b"].tolist() == [4.0, 3.0, 2.0, 1.0]
    table = agreement.disagreements(ranks, k=2)
    # spreads: |1.5 - 4| = 2.5, |1.5 - 3| = 1.5, 1, 3: paragraph 4 (3), then paragraph 1 (2.5).
    assert table["paragraph"].tolist() == [4, 1] and table["spread"].tolist() == [3.0, 2.5]
    assert table[["highest", "lowest"]].values.tolist() == [["a", "b"], ["b", "a"]]


def test_disagreement_words_name_each_instruments_words(seed):
    paragraphs = sentiment.paragraph_sentiment(seed)
    words = agreement.disagreement_words(paragraphs, sentiment.attribution(seed), [1]).set_index("instrument")
    assert words.index.tolist() == ["vader", *lexicons.POLARITY_INSTRUMENTS]
    assert "terrorist" in words.loc["vader", "words"] and "terrorist (-2)" in words.loc["afinn", "words"]
    assert "lead (+1)" in words.loc["harvard_iv", "words"]  # 'lead' is Positiv in the General Inquirer


def test_figures_hold_what_they_draw_and_name_every_mark(seed, tmp_path):
    scores = agreement.instrument_scores(sentiment.paragraph_sentiment(seed))
    fig, data = sentiment_plots.instruments_figure(scores)
    assert len(data) == 4 * 10 and set(data["instrument"]) == {"vader", *lexicons.POLARITY_INSTRUMENTS}
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["VADER", "AFINN-165", "Harvard IV-4", "Loughran–McDonald"]
    table = agreement.rank_agreement(scores, resamples=200)
    fig, data = sentiment_plots.agreement_figure(table)
    assert data["tau_b"].tolist() == table["tau_b"].tolist()
    assert len(fig.legends[0].get_texts()) == 3  # point, interval, zero line
    plots.save_figure(fig, "agreement", data, seed, tmp_path)
    assert (tmp_path / "agreement.png").stat().st_size > 0


def test_one_paragraph_text_gives_no_tau_and_still_draws(tmp_path):
    document = text.Document(name="one.txt", sha256="0" * 64, title=None, paragraphs=("The plan was good.",))
    scores = agreement.instrument_scores(sentiment.paragraph_sentiment(document))
    table = agreement.rank_agreement(scores, resamples=50)
    assert table["tau_b"].isna().all() and table["low"].isna().all() and (table["undefined"] == 50).all()
    for name, (fig, data) in {"ranks": sentiment_plots.instruments_figure(scores),
                              "agreement": sentiment_plots.agreement_figure(table)}.items():
        plots.save_figure(fig, name, data, document, tmp_path)
