"""Figures of notebook 04 (helpers.plots.corpus): each returns (figure, the numbers it draws)."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from helpers.corpus import compare as cc
from helpers.plots import corpus as corpus_plots


def _documents() -> pd.DataFrame:
    years = [1790, 1800, 1850, 1900, 1950, 2000]
    return pd.DataFrame({"doc": range(1, 7), "file": [f"{y}.txt" for y in years], "year": years,
                         "delivery": [cc.delivery(y) for y in years], "words": [100, 200, 300, 400, 500, 600],
                         "president": ["A", "A", "B", "B", "C", "C"]})


def test_words_figure_draws_one_point_per_document():
    figure, data = corpus_plots.words_figure(_documents())
    assert isinstance(figure, Figure)
    assert data["words"].to_list() == [100, 200, 300, 400, 500, 600]
    assert sum(len(c.get_offsets()) for c in figure.axes[0].collections) == 6


def test_grades_figure_gives_linsear_write_its_own_scale():
    documents = _documents()
    grades = pd.concat([documents.assign(measure=m, value=v, smooth=v)
                        for m, v in (("flesch_kincaid_grade", 10.0), ("linsear_write_formula", 60.0))])
    placed = pd.DataFrame({"measure": ["flesch_kincaid_grade", "linsear_write_formula"], "value": [13.0, 14.0]})
    figure, data = corpus_plots.grades_figure(grades, placed, {"flesch_kincaid_grade": "FK",
                                                               "linsear_write_formula": "LW"}, "seed")
    assert data["placed"].to_list() == [13.0] * 6 + [14.0] * 6
    fk, lw = figure.axes[0], figure.axes[1]
    assert fk.get_ylim()[1] < 60 <= lw.get_ylim()[1]


def test_group_means_figure_draws_a_point_without_interval_hollow():
    means = pd.DataFrame({"president": ["A", "B"], "documents": [3, 1], "first": [1790, 1850],
                          "mean": [10.0, 12.0], "low": [9.0, float("nan")], "high": [11.0, float("nan")]})
    figure, data = corpus_plots.group_means_figure(means, "president", "grade", 13.0, "seed")
    assert data.equals(means)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["A (3)", "B (1)"]
