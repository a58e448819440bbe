"""Comparisons across a corpus (helpers.corpus.compare): expected values by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.corpus import compare as cc
from helpers import paths, stats


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


def test_group_ranges_describe_every_document_without_an_interval():
    table = pd.DataFrame({"doc": [1, 2, 3, 4], "president": ["B", "B", "A", "B"],
                          "year": [1800, 1801, 1850, 1802], "grade": [10.0, 12.0, 7.5, 14.0]})
    ranges = cc.group_ranges(table, "president", "grade")
    assert ranges["president"].to_list() == ["B", "A"]  # the order of their first year
    assert ranges["documents"].to_list() == [3, 1]
    assert ranges.loc[0, ["first", "last", "min", "median", "max"]].to_list() == [1800, 1802, 10.0, 12.0, 14.0]
    assert ranges.loc[1, ["min", "median", "max"]].to_list() == [7.5, 7.5, 7.5]
    assert "low" not in ranges


def test_display_names_cannot_be_confused():
    assert cc.display_name("George Bush") == "George H. W. Bush"
    assert cc.display_name("George W Bush") == "George W. Bush"
    assert cc.display_name("William Mc Kinley") == "William McKinley"
    assert cc.display_name("Franklin D Roosevelt") == "Franklin D. Roosevelt"
    assert cc.display_name("Abraham Lincoln") == "Abraham Lincoln"
    assert cc.display_name(2) == "2"


def test_block_length_is_the_rounded_cube_root():
    # 4.5 ** 3 = 91.125: 91 sentences round down to 4, 92 up to 5; 27 -> 3 exactly.
    assert [stats.block_length(n) for n in (1, 3, 4, 27, 91, 92, 1000)] == [1, 1, 2, 3, 4, 5, 10]


def test_block_bootstrap_widens_the_interval_of_dependent_neighbours():
    # Alternating runs of 10 equal values: blocks of 10 keep the runs, single values do not.
    values = np.array(([0] * 10 + [100] * 10) * 5, dtype=np.int64)
    plain = stats.block_bootstrap_mean(values, 1)
    blocked = stats.block_bootstrap_mean(values, 10)
    assert plain.estimate == blocked.estimate == 50.0
    assert blocked.high - blocked.low > 1.5 * (plain.high - plain.low)  # dependence widens the interval


def test_sentence_tone_by_hand():
    sentences = pd.DataFrame({"doc": [1, 1, 1, 1, 2], "paragraph": [1] * 5, "sentence": [1, 2, 3, 4, 1],
                              "compound": [0.5, -0.25, -0.05, 0.0, -0.9]})
    tone = cc.sentence_tone(sentences).set_index("doc")
    assert tone.loc[1, "sentences"] == 4
    assert tone.loc[1, "mean"] == 0.05  # (0.5 - 0.25 - 0.05 + 0) / 4
    assert tone.loc[1, "negative_share"] == 0.5  # -0.25 and -0.05 (the threshold counts as negative)
    assert tone.loc[1, "min"] == -0.25
    assert tone.loc[1, "low"] <= 0.05 <= tone.loc[1, "high"]
    assert tone.loc[1, "block"] == 2  # 4 sentences: 4 ** (1/3) = 1.59 rounds to 2
    assert tone.loc[2, "mean"] == -0.9 and tone.loc[2, "low"] == tone.loc[2, "high"] == -0.9


def _terms() -> pd.DataFrame:
    # Document 1 has 1,000 running words, document 2 has 3,000.
    rows = [(1, "war", 10), (1, "union", 5), (2, "war", 10), (2, "peace", 30)]
    n = {1: 1000, 2: 3000}
    return pd.DataFrame([{"doc": d, "term": t, "count": c, "per_1000": c * 1000 / n[d]} for d, t, c in rows])


def test_running_words_are_recovered_from_the_rates():
    assert cc.running_words(_terms()).to_dict() == {1: 1000, 2: 3000}


def _five_documents() -> pd.DataFrame:
    # Running words: docs 1-5 have 1,000, 2,000, 1,000, 500 and 1,000 ("the" fixes them).
    n = {1: 1000, 2: 2000, 3: 1000, 4: 500, 5: 1000}
    rows = [(1, "war", 10), (2, "war", 10), (3, "war", 2), (1, "peace", 1), (3, "peace", 4), (4, "peace", 2),
            (5, "peace", 5)] + [(d, "the", 50) for d in n]
    return pd.DataFrame([{"doc": d, "term": t, "count": c, "per_1000": c * 1000 / n[d]} for d, t, c in rows])


def test_document_keyness_by_hand():
    in_first = pd.Series({1: True, 2: True, 3: False, 4: False, 5: False})
    table = cc.document_keyness(_five_documents(), in_first, min_documents=1).set_index("term")
    war = table.loc["war"]
    assert war[["docs_first", "docs_second", "n_first", "n_second", "count_first", "count_second"]].to_list() == [
        2, 1, 2, 3, 20, 2]
    assert war["share_difference"] == pytest.approx(1 - 1 / 3)
    # 2x2 table [[2, 0], [1, 2]]: expected [[1.2, 0.8], [1.8, 1.2]]; G2 = 2 (2 ln(2/1.2) + 1 ln(1/1.8) + 2 ln(2/1.2)).
    assert war["log_likelihood"] == pytest.approx(2 * (4 * math.log(2 / 1.2) + math.log(1 / 1.8)), rel=1e-12)
    # rates 0.01, 0.005 against 0.002, 0, 0: every first document is higher, U = 6 of 2 x 3.
    assert war["superiority"] == 1.0
    # peace: rates 0.001 | 0.004, 0.004, 0.005: ranks 1 | 2.5, 2.5, 4 (plus "the"'s ties elsewhere): U = 0.
    assert table.loc["peace", "superiority"] == 0.0
    # the: 0.05, 0.025 against 0.05, 0.1, 0.05: pairs won 0.5 + 0 + 0.5 (by 0.05), none by 0.025: U = 1 of 6.
    assert table.loc["the", "superiority"] == pytest.approx(1 / 6, rel=1e-15)
    assert table.loc["the", "share_difference"] == 0
    assert list(table.index) == ["war", "the", "peace"]  # by share difference, descending


def test_document_keyness_p_values_equal_scipy():
    scipy_stats = pytest.importorskip("scipy.stats")  # pinned (lexicalrichness needs it): a missing one fails below
    assert scipy_stats is not None
    terms = _five_documents()
    rng = np.random.default_rng(7)
    rows = [(d, f"t{k}", int(rng.integers(0, 4))) for d in range(1, 41) for k in range(6)]
    words = {d: 200 + 10 * d for d in range(1, 41)}
    terms = pd.DataFrame([{"doc": d, "term": t, "count": c, "per_1000": c * 1000 / words[d]} for d, t, c in rows]
                         + [{"doc": d, "term": "the", "count": 10, "per_1000": 10 * 1000 / words[d]} for d in words])
    terms = terms[terms["count"] > 0]
    in_first = pd.Series({d: d % 3 == 0 for d in words})
    table = cc.document_keyness(terms, in_first, min_documents=1).set_index("term")
    for term in [f"t{k}" for k in range(6)]:
        counts = terms[terms["term"] == term].set_index("doc")["count"].to_dict()
        x = [counts.get(d, 0) / words[d] for d in words if d % 3 == 0]
        y = [counts.get(d, 0) / words[d] for d in words if d % 3 != 0]
        reference = scipy_stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
        assert table.loc[term, "superiority"] == pytest.approx(reference.statistic / (len(x) * len(y)), rel=1e-12)
        assert table.loc[term, "p_rates"] == pytest.approx(reference.pvalue, rel=1e-9)
        a, b = sum(1 for v in x if v), sum(1 for v in y if v)
        observed = np.array([[a, len(x) - a], [b, len(y) - b]])
        if observed.min() > 0:
            g2, p, _, _ = scipy_stats.chi2_contingency(observed, correction=False, lambda_="log-likelihood")
            assert table.loc[term, "log_likelihood"] == pytest.approx(g2, rel=1e-9)
            assert table.loc[term, "p"] == pytest.approx(p, rel=1e-9)


def test_top_key_terms_take_each_side_by_share_difference():
    table = pd.DataFrame({"term": ["a", "b", "c", "d"], "share_difference": [0.5, 0.2, -0.1, -0.6],
                          "key": [True, False, True, True]})
    top = cc.top_key_terms(table, n=5)
    assert top["term"].to_list() == ["a", "d", "c"] and top["side"].to_list() == ["first", "second", "second"]


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


def test_kendall_tau_b_by_hand_and_against_scipy():
    # x 1,2,3,4 against y 1,3,2,4: pairs (1,2)+ (1,3)+ (1,4)+ (2,3)- (2,4)+ (3,4)+: (5 - 1) / 6.
    assert cc.kendall_tau_b([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(4 / 6, rel=1e-15)
    assert cc.kendall_tau_b([1, 2, 3], [3, 2, 1]) == -1.0
    assert math.isnan(cc.kendall_tau_b([1, 1, 1], [1, 2, 3]))
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 6, 40).tolist(), rng.integers(0, 6, 40).tolist()  # many ties
    assert cc.kendall_tau_b(x, y) == pytest.approx(scipy_stats.kendalltau(x, y).statistic, rel=1e-12)
