"""Comparisons across a corpus (helpers.corpus.compare): expected values by hand."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.corpus import compare as cc
from helpers import paths


def test_delivery_follows_the_documented_years():
    assert [cc.delivery(y) for y in (1790, 1800, 1801, 1912, 1913, 2021)] == [
        "spoken", "spoken", "written", "written", "spoken", "spoken"]
    assert cc.delivery(1850, None) == ""


def test_running_median_uses_a_window_of_years_not_of_rows():
    # x=1: {1, 5} -> 3; x=2: {1, 5, 3} -> 3; x=3: {5, 3} -> 4; x=10 stands alone -> 100.
    assert cc.running_median([1, 2, 3, 10], [1, 5, 3, 100], half_width=1) == [3, 3, 4, 100]


def test_mean_is_exact_whatever_the_order():
    values = [1e16, 1.0, -1e16, 1.0]
    assert cc.mean(values) == 0.5 and cc.mean(values[::-1]) == 0.5  # a plain sum gives 0.0 or 0.25


def test_interval_holds_the_mean_and_needs_three_values():
    result = cc.interval([8.0, 10.0, 9.0, 14.0, 11.0])
    assert result["mean"] == 10.4  # 52 / 5
    assert 8.0 <= result["low"] < result["mean"] < result["high"] <= 14.0
    few = cc.interval([7.0, 9.0])
    assert few["mean"] == 8.0 and math.isnan(few["low"]) and math.isnan(few["high"])


def test_group_means_are_ordered_by_first_year():
    table = pd.DataFrame({"doc": [1, 2, 3, 4], "president": ["B", "B", "A", "B"],
                          "year": [1800, 1801, 1850, 1802], "grade": [10.0, 12.0, 7.5, 14.0]})
    means = cc.group_means(table, "president", "grade")
    assert means["president"].to_list() == ["B", "A"]
    assert means["documents"].to_list() == [3, 1]
    assert means["mean"].to_list() == [12.0, 7.5]
    assert means.loc[0, "low"] <= 12.0 <= means.loc[0, "high"]
    assert math.isnan(means.loc[1, "low"])


def test_sentence_tone_by_hand():
    sentences = pd.DataFrame({"doc": [1, 1, 1, 1, 2], "compound": [0.5, -0.25, -0.05, 0.0, -0.9]})
    tone = cc.sentence_tone(sentences).set_index("doc")
    assert tone.loc[1, "sentences"] == 4
    assert tone.loc[1, "mean"] == 0.05  # (0.5 - 0.25 - 0.05 + 0) / 4
    assert tone.loc[1, "negative_share"] == 0.5  # -0.25 and -0.05 (the threshold counts as negative)
    assert tone.loc[1, "min"] == -0.25
    assert tone.loc[1, "low"] <= 0.05 <= tone.loc[1, "high"]
    assert tone.loc[2, "mean"] == -0.9 and tone.loc[2, "low"] == tone.loc[2, "high"] == -0.9


def _terms() -> pd.DataFrame:
    # Document 1 has 1,000 running words, document 2 has 3,000.
    rows = [(1, "war", 10), (1, "union", 5), (2, "war", 10), (2, "peace", 30)]
    n = {1: 1000, 2: 3000}
    return pd.DataFrame([{"doc": d, "term": t, "count": c, "per_1000": c * 1000 / n[d]} for d, t, c in rows])


def test_running_words_are_recovered_from_the_rates():
    assert cc.running_words(_terms()).to_dict() == {1: 1000, 2: 3000}


def test_group_keyness_by_hand():
    table = cc.group_keyness(_terms(), pd.Series({1: True, 2: False}), min_count=1).set_index("term")
    # war: 10 in 1,000 words against 10 in 3,000: three times as frequent, log2(3).
    assert table.loc["war", "log_ratio"] == pytest.approx(1.5849625007)
    # G2 = 2 (10 ln(10/5) + 10 ln(10/15)), expected counts 5 and 15.
    assert table.loc["war", "log_likelihood"] == pytest.approx(5.7536414, rel=1e-7)
    # union: 5 against none (taken as 0.5): log2((5/1000) / (0.5/3000)) = log2(30).
    assert table.loc["union", "log_ratio"] == pytest.approx(4.9068905956)
    assert table.loc["union", "count_second"] == 0
    assert table.loc["peace", "log_ratio"] < 0
    assert list(table.index) == ["union", "war", "peace"]  # by log ratio, descending


def test_term_rates_keep_zeros():
    documents = pd.DataFrame({"doc": [1, 2], "year": [1800, 1900]})
    rates = cc.term_rates(_terms(), documents, ["peace", "war"])
    assert rates["count"].to_list() == [0, 10, 30, 10]
    assert rates["per_1000"].to_list() == [0.0, 10.0, 10.0, 10 / 3]


def test_figures_of_another_corpus_or_text_stay_out_of_figures(seed):
    other = seed.__class__("letter.txt", "0" * 64, None, ("Dear friend.",))
    assert cc.figures_folder("figures", cc.DEFAULT_CORPUS, seed) == paths.FIGURES_DIR
    assert cc.figures_folder("figures", "/data/letters", seed) == paths.SCRATCH_DIR / "figures" / "letters"
    assert cc.figures_folder("figures", cc.DEFAULT_CORPUS, other) == paths.SCRATCH_DIR / "figures" / "letter"
    assert cc.figures_folder("/tmp/mine", "/data/letters", seed) == paths.resolve("/tmp/mine")


def test_corpus_id_is_sha256sum_output_hashed():
    documents = pd.DataFrame({"file": ["b.txt", "a.txt"], "sha256": ["22", "11"]})
    # printf '11  a.txt\n22  b.txt\n' | sha256sum
    expected = "e858f0e6a70265bf6853282f944cf13e010a5990d9b2630e0c258ee442e5a0d2"
    assert cc.corpus_id("/data/letters", documents) == ("letters", expected)
