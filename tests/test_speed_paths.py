"""The faster paths of the single-text analyses give the same numbers as the paths they replace.

Each expected value comes from the slower path called independently here: `stats.bootstrap` with
a per-formula statistic, `textstat` itself, and `textstat_pieces` (a table per sentence).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import paths, stats, text
from helpers.readability import uncertainty
from helpers.readability.measures import textstat_value
from helpers.readability.tables import whole_text_table

ADDRESS = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / "1962_john_f_kennedy_d.txt"


@pytest.mark.parametrize("rows, resamples, seed", [(1, 5, 1), (7, 130, 2), (64, 64, 3), (501, 200, stats.BOOTSTRAP_SEED)])
def test_bootstrap_sums_equals_bootstrap_per_statistic(rows, resamples, seed):
    matrix = np.random.default_rng(seed).integers(0, 40, size=(rows, 3))
    statistics = [lambda s: s[0] / max(1, s[1]), lambda s: float(s[2] - s[0]) * 1.5]
    got = stats.bootstrap_sums(matrix, statistics, resamples=resamples, seed=seed)
    for statistic, result in zip(statistics, got):
        expected = stats.bootstrap(matrix, lambda drawn: statistic(drawn.sum(axis=0)), resamples=resamples, seed=seed)
        assert result == expected  # every field, floats bit for bit


@pytest.mark.parametrize("path", [paths.SEED_PATH, ADDRESS])
def test_bootstrap_intervals_equal_the_per_formula_bootstrap_and_textstat(path):
    document = text.load_document(path)
    table = uncertainty.sentence_counts(document)
    got = uncertainty.bootstrap_intervals(document, resamples=300, sentence_table=table)
    matrix = table[list(uncertainty.ADDITIVE)].to_numpy(dtype=np.int64)
    for row in got.itertuples():
        expected = stats.bootstrap(matrix, lambda drawn, m=row.measure: uncertainty.pooled(drawn, m), resamples=300)
        assert (row.estimate, row.low, row.high) == (expected.estimate, expected.low, expected.high)
        assert row.value == textstat_value(row.measure, document.body)


@pytest.mark.parametrize("path", [paths.SEED_PATH, ADDRESS])
def test_sentence_counts_sentences_equal_textstat_pieces(path):
    document = text.load_document(path)
    table = uncertainty.sentence_counts(document)
    expected = [int(uncertainty.textstat_pieces(s)["counted"].sum()) for group in document.sentences for s in group]
    assert table["sentences"].tolist() == expected


@pytest.mark.parametrize("path", [paths.SEED_PATH, ADDRESS])
def test_whole_text_table_values_are_textstat_values(path):
    document = text.load_document(path)
    table = whole_text_table(document)
    for row in table.itertuples():
        if row.measure != "reading_time_at_rate":
            assert row.value == textstat_value(row.measure, document.body), row.measure


# nltk's port on the 6,467-word address costs about 4 s of CPU: make test compares the seed, .ci/run's
# exhaustive step the address too (the same property on a longer text).
@pytest.mark.parametrize("path", [paths.SEED_PATH, pytest.param(ADDRESS, marks=pytest.mark.exhaustive)])
def test_nltk_comparison_scores_are_a_fresh_ports_and_differences_are_stable_copies(path):
    from helpers.sentiment import nltk_port

    document = text.load_document(path)
    table = nltk_port.nltk_comparison(document)
    fresh = nltk_port._NltkPort(nltk_port.reference_lexicon_text())  # not the cached port, not the cached runs
    for row, (name, block) in zip(table.itertuples(), nltk_port.blocks(document)):
        expected = fresh.polarity_scores(block)
        assert row.block == name
        assert [row.nltk_neg, row.nltk_neu, row.nltk_pos, row.nltk_compound] == [
            expected["neg"], expected["neu"], expected["pos"], expected["compound"]]
    block = max((b for _, b in nltk_port.blocks(document)), key=lambda b: len(nltk_port.nltk_token_differences(b)))
    first = nltk_port.nltk_token_differences(block)
    assert len(first)  # a block with differences, so the copies below are of something
    first.loc[:, "cause"] = "changed by a caller"
    again = nltk_port.nltk_token_differences(block)
    nltk_port._token_differences.cache_clear()
    nltk_port._nltk_trace_once.cache_clear()
    pd.testing.assert_frame_equal(again, nltk_port.nltk_token_differences(block))
    assert (again["cause"] != "changed by a caller").all()


@pytest.mark.parametrize("path", [paths.SEED_PATH, ADDRESS])
def test_paragraph_terms_once_per_document_equal_and_copied(path):
    from helpers.terms.counts import is_term, paragraph_terms, term_of

    document = text.load_document(path)
    expected = [[term_of(t) for t in words if is_term(t)] for words in document.paragraph_words]
    first = paragraph_terms(document)
    assert first == expected
    first[0].append("changed by a caller")
    first.append(["another"])
    assert paragraph_terms(document) == expected
