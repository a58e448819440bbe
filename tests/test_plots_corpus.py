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


def test_grades_figure_draws_the_placed_text_only_when_given():
    documents = _documents()
    grades = documents.assign(measure="flesch_kincaid_grade", value=10.0, smooth=10.0)
    with_line, data = corpus_plots.grades_figure(grades, pd.DataFrame({"measure": ["flesch_kincaid_grade"],
                                                                      "value": [13.0]}), {"flesch_kincaid_grade": "FK"},
                                                 "seed")
    without, bare = corpus_plots.grades_figure(grades, None, {"flesch_kincaid_grade": "FK"})
    assert "placed" in data and "placed" not in bare
    assert len(with_line.axes[0].lines) == len(without.axes[0].lines) + 1  # the dashed line
    labels = [t.get_text() for t in without.legends[0].get_texts()]
    assert labels == ["spoken (one per document)", "written (one per document)", "running median, ±5 years"]


def test_group_points_figure_draws_every_document_and_the_range():
    documents = _documents().assign(value=[10.0, 12.0, 9.0, 15.0, 8.0, 8.5])
    ranges = cc.group_ranges(documents, "president", "value")
    figure, data = corpus_plots.group_points_figure(documents, ranges, "president", "grade", {"A": "Ann"})
    ax = figure.axes[0]
    assert len(data) == 6 and data["row"].to_list() == [0, 0, 1, 1, 2, 2]
    assert sum(len(c.get_offsets()) for c in ax.collections if c.get_offsets().shape[0]) >= 6 + 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann (2)", "B (2)", "C (2)"]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "range (lowest to highest)" in legend and "median" in legend


def test_keyness_figure_shows_the_counts():
    top = pd.DataFrame({"term": ["vessels", "budget"], "docs_first": [111, 2], "docs_second": [13, 93],
                        "n_first": [123, 123], "n_second": [110, 110], "share_first": [111 / 123, 2 / 123],
                        "share_second": [13 / 110, 93 / 110], "count_first": [630, 6], "count_second": [28, 1595],
                        "side": ["first", "second"]})
    figure, data = corpus_plots.keyness_figure(top, "before", "after")
    right = figure.axes[1]
    assert [t.get_text() for t in right.get_yticklabels()] == ["111 of 123 | 13 of 110; 630 | 28",
                                                               "2 of 123 | 93 of 110; 6 | 1,595"]
    assert len(figure.legends[0].get_texts()) == 4


def test_words_figure_has_thousands_separators():
    figure, _ = corpus_plots.words_figure(_documents().assign(words=[100, 2000, 3000, 4000, 5000, 6000]))
    ax = figure.axes[0]
    assert ax.yaxis.get_major_formatter()(2000, 0) == "2,000"


def test_measure_years_figure_draws_points_and_the_smoother():
    values = _documents().assign(value=[80.0, 90.0, 85.0, 70.0, 75.0, 72.0], smooth=[85.0] * 6)
    figure, data = corpus_plots.measure_years_figure(values, "MTLD")
    ax = figure.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 6
    assert len(ax.lines) == 1 and ax.get_ylabel() == "MTLD"
    assert data["value"].to_list() == [80.0, 90.0, 85.0, 70.0, 75.0, 72.0]
