"""Tests of the validation data (corpora/validation/) and of helpers.validation.

Expected values come from hand computation, from the datasets' own READMEs, from a textbook
example, or from vaderSentiment / textstat called here independently: never from the code
under test.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import paths

VALIDATION = paths.PROJECT_ROOT / "corpora" / "validation"
MANIFEST = VALIDATION / "SHA256SUMS"  # made by `sha256sum` on the shared copy, not by our code


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        entries[name] = digest
    return entries


def test_manifest_covers_every_dataset():
    names = manifest()
    assert len(names) == 583  # 567 OneStopEnglish texts + 16 other files, counted with find
    assert "clear-corpus/CLEAR_corpus_final.xlsx" in names
    assert "hutto-gilbert-2014/LICENSE.txt" in names and "onestopenglish/LICENSE.markdown" in names
    assert "clear-corpus/README.original.md" in names and "README.md" in names


def test_every_copied_file_has_its_sha256():
    expected = manifest()
    found = {p.relative_to(VALIDATION).as_posix() for p in VALIDATION.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert found == set(expected), "files added to or missing from corpora/validation/"
    wrong = [name for name, digest in expected.items()
             if hashlib.sha256((VALIDATION / name).read_bytes()).hexdigest() != digest]
    assert wrong == []


def test_shared_readme_quotes_the_source_hashes():
    # The shared README gives the hashes of the two archives' files we copied (prefix…suffix).
    readme = (VALIDATION / "README.md").read_text(encoding="utf-8")
    xlsx = manifest()["clear-corpus/CLEAR_corpus_final.xlsx"]
    assert f"{xlsx[:8]}…{xlsx[-4:]}" in readme


# --- agreement functions: expected values worked by hand ---------------------------------------

import math
from fractions import Fraction

from helpers import validation
from helpers.validation import agreement as ag


def test_pearson_by_hand():
    # x = 1..5, y = 2,4,5,4,5: deviations (-2,-1,0,1,2) and (-2,0,1,0,1); Sxy = 6, Sxx = 10, Syy = 6
    # r = 6 / sqrt(60) = sqrt(0.6)
    r = validation.pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert r == pytest.approx(0.7745966692414834, rel=1e-15)
    assert validation.pearson([1, 2, 3], [3, 2, 1]) == -1.0
    assert math.isnan(validation.pearson([1, 1, 1], [1, 2, 3]))  # a constant has no correlation
    assert validation.pearson([1, float("nan"), 3, 4], [1, 9, 3, 4]) == 1.0  # incomplete pairs are dropped


def test_spearman_with_ties_by_hand():
    # ranks of x = 1,2,2,3: 1, 2.5, 2.5, 4 (the tie shares ranks 2 and 3); of y: 1,3,2,4
    # deviations from 2.5: (-1.5,0,0,1.5), (-1.5,.5,-.5,1.5): Sxy = 4.5, Sxx = 4.5, Syy = 5 -> sqrt(0.9)
    assert validation.average_ranks([1, 2, 2, 3]) == [1, 2.5, 2.5, 4]
    assert validation.spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(0.9486832980505138, rel=1e-15)


def test_spearman_equals_scipy_on_tied_data():
    from scipy.stats import spearmanr

    x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4]
    assert validation.spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, rel=1e-12)


def test_fisher_interval_worked_example():
    # r = 0.5, n = 28: z = atanh(0.5) = 0.549306, se = 1 / sqrt(25) = 0.2, z +- 1.959964 * 0.2
    # = (0.157313, 0.941299); tanh of those = (0.1560, 0.7358) (tables of tanh, 4 decimals)
    low, high = validation.fisher_interval(0.5, 28)
    assert (round(low, 4), round(high, 4)) == (0.1560, 0.7358)
    assert validation.Z95 == pytest.approx(1.959963984540054, abs=1e-15)  # the normal's 97.5th percentile
    assert all(math.isnan(v) for v in validation.fisher_interval(0.5, 3))


def test_tone_classes_and_scores_by_hand():
    assert validation.tone_class(0.05) == "positive" and validation.tone_class(-0.05) == "negative"
    assert validation.tone_class(0.0499) == "neutral"
    assert validation.tone_class(0.2, scale=4) == "positive"  # human mean 0.2 on -4..4 is 0.05
    assert validation.tone_class(0.19, scale=4) == "neutral"
    gold = ["positive", "positive", "negative", "neutral", "neutral", "negative"]
    pred = ["positive", "neutral", "negative", "neutral", "positive", "positive"]
    # positive: TP 1, FP 2, FN 1 -> 2/5; negative: TP 1, FP 0, FN 1 -> 2/3; neutral: TP 1, FP 1, FN 1 -> 1/2
    assert validation.macro_f1(pred, gold) == float(Fraction(47, 90))
    assert validation.accuracy(pred, gold) == 0.5


def test_agreement_row_and_three_line_measure():
    texts = ["good", "bad", "fine", "awful"]
    row = validation.measure(lambda t: {"good": 0.6, "bad": -0.5, "fine": 0.01, "awful": -0.9}[t], texts,
                             [2.0, -1.0, 0.1, -3.0], tone=True)
    assert row["n"] == 4 and row["accuracy"] == 1.0 and row["macro_f1"] == 1.0
    assert set(row) == {"n", "pearson_r", "r_low", "r_high", "spearman", "accuracy", "macro_f1"}


def test_dependent_difference_reduces_to_the_independent_case():
    # When the two estimates are uncorrelated (c = 0: r23 chosen so that the numerator vanishes,
    # here r12 = r13 = 0 and r23 = 0), Zou's limits are d -+ sqrt(sum of squared half-widths).
    d, low, high = validation.dependent_difference(0.0, 0.0, 0.0, 103)
    half = math.tanh(validation.Z95 / 10)  # each r's interval is (-tanh(z/10), tanh(z/10)) at n = 103
    assert d == 0.0 and low == pytest.approx(-half * math.sqrt(2), rel=1e-12) and high == pytest.approx(half * math.sqrt(2), rel=1e-12)
    # Positively correlated estimates (r23 high) give a narrower interval than independent ones.
    _, low2, high2 = validation.dependent_difference(0.5, 0.4, 0.8, 103)
    _, low3, high3 = validation.dependent_difference(0.5, 0.4, 0.0, 103)
    assert high2 - low2 < high3 - low3


def test_compute_layer_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("validation", "matplotlib")  # helpers.validation, .results, .summary (tests/conftest.py)


# --- loaders: row counts from the datasets' READMEs ---------------------------------------------

@pytest.mark.parametrize("dataset, rows", [("tweets", 4200), ("movie_reviews", 10605), ("product_reviews", 3708),
                                           ("nyt_editorials", 5190)])
def test_tone_dataset_rows(dataset, rows):
    table = validation.tone_dataset(dataset)
    assert len(table) == rows and table["id"].is_unique
    assert table["human_mean"].between(-4, 4).all()


def test_editorials_and_ratings():
    nyt = validation.tone_dataset("nyt_editorials")
    assert nyt["editorial"].nunique() == 498  # the shared README: 498 editorials (the paper says 500)
    ratings = validation.individual_ratings("nyt_editorials")
    assert ratings.groupby("id").size().eq(20).all()
    first = ratings[ratings["id"] == "1_1"]["rating"].to_list()  # the file's first line, read by eye
    assert first == [0, 0, 1, 0, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]


def test_clear_and_onestopenglish_rows():
    clear = validation.clear()
    assert len(clear) == 4724 and set(clear["Categ"]) == {"Lit", "Info"}
    onestop = validation.onestopenglish()
    assert len(onestop) == 567 and onestop["article"].nunique() == 189
    assert all(sorted(levels) == ["adv", "ele", "int"] for _, levels in onestop.groupby("article")["level"])
    assert not onestop["text"].str.startswith("\ufeff").any()
    assert "climate change" in set(onestop["article"])


# --- the tables hold the reference libraries' values ---------------------------------------------

@pytest.fixture(scope="module")
def results():
    from helpers.validation.results import results

    return results()


def test_scores_equal_vadersentiment_called_here(results):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    reference = SentimentIntensityAnalyzer()
    scores = results["tone_scores"]
    for dataset in validation.TONE_DATASETS:
        texts = validation.tone_dataset(dataset)
        part = scores[scores["dataset"] == dataset].reset_index(drop=True)
        for i in range(0, len(texts), 97):  # a sample of every dataset
            assert part.loc[i, "vader"] == reference.polarity_scores(texts.loc[i, "text"])["compound"]


def test_nyt_row_equals_scipy_on_reference_vader():
    from scipy.stats import pearsonr
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    import pandas as pd

    reference = SentimentIntensityAnalyzer()
    nyt = validation.tone_dataset("nyt_editorials")
    compounds = [reference.polarity_scores(t)["compound"] for t in nyt["text"]]
    table = pd.read_csv(paths.FIGURES_DIR / "05_tone_validity.csv")
    row = table[(table["dataset"] == "nyt_editorials") & (table["unit"] == "snippet") & (table["instrument"] == "vader")]
    assert row["n"].item() == 5190
    assert row["pearson_r"].item() == pytest.approx(pearsonr(compounds, nyt["human_mean"]).statistic, rel=1e-12)


def test_clear_and_onestop_scores_equal_textstat_called_here(results):
    import textstat

    clear = validation.clear()
    scores = results["clear_scores"]
    for i in range(0, len(clear), 211):
        text = clear.loc[i, "Excerpt"]
        assert scores.loc[i, "flesch_kincaid_grade"] == textstat.flesch_kincaid_grade(text)
        assert scores.loc[i, "smog_index"] == textstat.smog_index(text)
        assert scores.loc[i, "flesch_reading_ease"] == textstat.flesch_reading_ease(text)
    onestop, onestop_scores = validation.onestopenglish(), results["onestop_scores"]
    for i in range(0, len(onestop), 37):
        assert onestop_scores.loc[i, "gunning_fog"] == textstat.gunning_fog(onestop.loc[i, "text"])


def test_level_order_counts_by_hand_on_two_articles():
    import pandas as pd
    from helpers.validation.tables import level_order

    scores = pd.DataFrame({"article": ["a"] * 3 + ["b"] * 3, "level": ["ele", "int", "adv"] * 2,
                           "flesch_kincaid_grade": [3.0, 5.0, 8.0, 6.0, 5.0, 9.0],
                           "flesch_reading_ease": [80.0, 70.0, 60.0, 70.0, 70.0, 50.0]})
    table = level_order(scores, ["flesch_kincaid_grade", "flesch_reading_ease"]).set_index("measure")
    # a: all 3 pairs in order; b: ele > int, so 2 of 3 -> 5 of 6 pairs, 1 of 2 articles
    assert table.loc["flesch_kincaid_grade", ["pairs", "pairs_in_order", "articles_in_order"]].to_list() == [6, 5, 1]
    # reading ease is easier when higher; b's tie (70, 70) is not in order
    assert table.loc["flesch_reading_ease", ["pairs_in_order", "articles_in_order"]].to_list() == [5, 1]


# --- the reader's sentences come from the tables ------------------------------------------------

def test_sentences_are_written_from_the_tables(tmp_path):
    import pandas as pd
    from helpers.validation import summary

    grade = pd.read_csv(paths.FIGURES_DIR / "05_grade_validity.csv")
    tone = pd.read_csv(paths.FIGURES_DIR / "05_tone_validity.csv")
    fk = grade[(grade["measure"] == "flesch_kincaid_grade") & (grade["subset"] == "all")].iloc[0]
    nyt = tone[(tone["dataset"] == "nyt_editorials") & (tone["unit"] == "snippet") & (tone["instrument"] == "vader")].iloc[0]
    assert f"explains {round(100 * fk.pearson_r ** 2)}%" in summary.grade_sentence()
    assert "On 4,724 excerpts" in summary.grade_sentence() and "CC BY-NC-SA 4.0" in summary.grade_sentence()
    assert f"r = {nyt.pearson_r:.2f}" in summary.tone_sentence() and "On 5,190 sentences" in summary.tone_sentence()
    # A changed table changes the sentence: nothing is typed.
    grade.loc[(grade["measure"] == "flesch_kincaid_grade") & (grade["subset"] == "all"), "pearson_r"] = -0.9
    grade.to_csv(tmp_path / "05_grade_validity.csv", index=False)
    tone.to_csv(tmp_path / "05_tone_validity.csv", index=False)
    assert "explains 81%" in summary.grade_sentence(figures_dir=tmp_path)
    assert set(summary.validity_record(tmp_path)) == {"readability", "sentiment", "source"}
    assert set(summary.validity_record(tmp_path / "none")) == {"missing"}


def test_run_document_json_has_the_validity_sentences():
    from helpers import tables, text
    from helpers.validation import summary

    record = tables.document_record(text.load_document(paths.SEED_PATH))
    assert record["validity"]["readability"] == summary.grade_sentence()
    assert record["validity"]["sentiment"] == summary.tone_sentence()


def test_validation_code_does_not_invalidate_the_corpus_cache(tmp_path, monkeypatch):
    import shutil

    from helpers import provenance
    from helpers.corpus import cache

    copy = tmp_path / "helpers"
    shutil.copytree(paths.PROJECT_ROOT / "helpers", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "PACKAGE_DIR", copy)
    before = cache.code_hash()
    (copy / "validation" / "summary.py").write_text("# changed\n", encoding="utf-8")
    assert cache.code_hash() == before  # notebook 05's code changes no corpus result
    (copy / "sentiment" / "scores.py").write_text("# changed\n", encoding="utf-8")
    assert cache.code_hash() != before  # while analysis code does


@pytest.mark.parametrize("name, columns", [
    ("05_tone_validity.csv", "dataset,instrument,unit,n,pearson_r,r_low,r_high,spearman,accuracy,macro_f1"),
    ("05_grade_validity.csv", "corpus,measure,subset,n,pearson_r,r_low,r_high"),
    ("05_level_order.csv", "measure,articles,pairs,pairs_in_order,articles_in_order"),
])
def test_tables_keep_the_contract(name, columns):
    # The contract: these columns first, in this order (extras may follow); UTF-8, no index.
    header = (paths.FIGURES_DIR / name).read_bytes().decode("utf-8").split("\n", 1)[0]
    assert header.startswith(columns)


def test_tone_table_rows():
    import pandas as pd

    table = pd.read_csv(paths.FIGURES_DIR / "05_tone_validity.csv")
    assert set(table["dataset"]) == set(validation.TONE_DATASETS)
    assert set(table["instrument"]) == {"vader", "afinn", "harvard_iv", "loughran_mcdonald"}
    units = table[table["dataset"] == "nyt_editorials"]["unit"]
    assert {"snippet", "editorial_sentence_mean", "editorial_whole_text"} <= set(units)
    assert table[table["unit"] == "editorial_whole_text"]["n"].tolist() == [498]


def test_validation_scores_key_on_analysis_and_validation_code_not_on_the_command_lines(tmp_path, monkeypatch):
    import shutil

    from helpers import provenance
    from helpers.validation import results

    copy = tmp_path / "helpers"
    shutil.copytree(paths.PROJECT_ROOT / "helpers", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "PACKAGE_DIR", copy)
    monkeypatch.setattr(results, "PACKAGE_DIR", copy)

    def fresh() -> str:
        return results.code_hash()

    before = fresh()
    for command_line in ("cli.py", "outputs.py", "publish/notebooks.py", "plots/validity.py"):
        with open(copy / command_line, "a", encoding="utf-8") as module:
            module.write("# the runner changed\n")
    assert fresh() == before  # running or drawing changes no score
    with open(copy / "validation" / "agreement.py", "a", encoding="utf-8") as module:
        module.write("# changed\n")
    after_validation = fresh()
    assert after_validation != before
    with open(copy / "sentiment" / "fast_vader.py", "a", encoding="utf-8") as module:
        module.write("# changed\n")
    assert fresh() != after_validation
