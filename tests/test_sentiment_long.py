"""Notebook 02's fast paths on a long text equal the plain computation (differential tests).

* the paragraph and sentence tables kept on disk by `memo.per_document` (read back from the
  cache, in a fresh read) equal the tables computed directly (`.uncached`);
* the mean-sentence intervals, whose resamples are drawn a block of rows at a time, equal
  `stats.bootstrap` with every resample drawn at once (what `mean_interval` did before);
* the agreement of instruments and the nltk comparison of a long text, bounded to a stated
  prefix, equal the same functions on the prefix itself.
"""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from helpers import paths, sentiment, stats, text
from helpers.sentiment import arc
from helpers.text import memo

scores = importlib.import_module("helpers.sentiment.scores")  # the package exports a function of that name


def _long_text(path, copies: int) -> text.Document:
    seed = text.load_document(paths.SEED_PATH)
    body = "\n\n".join(f"Part {i}. {p}" for i in range(copies) for p in seed.paragraphs)
    path.write_text("A long test text\n\n" + body + "\n", encoding="utf-8")
    return text.load_document(path)


@pytest.fixture
def long_document(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    seed_characters = sum(map(len, text.load_document(paths.SEED_PATH).paragraphs))
    document = _long_text(tmp_path / "long.txt", memo.MEMO_MIN_CHARACTERS // seed_characters + 2)
    assert sum(map(len, document.paragraphs)) >= memo.MEMO_MIN_CHARACTERS  # the memo is used
    return document


@pytest.mark.parametrize("function", [scores.paragraph_sentiment, scores.sentence_sentiment])
def test_memoised_tables_read_back_equal_the_direct_computation(long_document, function):
    direct = function.uncached(long_document)
    stored = function(long_document)  # computed and written
    assert sorted(memo.cache_folder().rglob("*.pickle"))
    again = function(long_document)  # read back from disk
    for table in (stored, again):
        pd.testing.assert_frame_equal(table, direct, check_exact=True)


def _interval_all_at_once(sentences: pd.DataFrame, block: int) -> list[tuple[float, float, float]]:
    """mean_interval's three intervals with every resample drawn at once (the code before the chunked draws)."""
    from fractions import Fraction

    units = np.array(scores.ten_thousandths(sentences["compound"]), dtype=np.int64)
    paragraph = sentences["paragraph"].to_numpy()
    pooled = np.array([[int(units[paragraph == p].sum()), int((paragraph == p).sum())]
                       for p in sorted(set(paragraph.tolist()))], dtype=np.int64)
    by_sentence = stats.bootstrap(units, scores.mean_of_units)
    by_paragraph = stats.bootstrap(pooled, lambda rows: int(rows[:, 0].sum()) / (scores.COMPOUND_SCALE * int(rows[:, 1].sum())))
    n = len(units)
    block = min(block, n)
    per_resample = -(-n // block)
    starts = np.random.default_rng(stats.BOOTSTRAP_SEED).integers(0, n - block + 1, size=(stats.RESAMPLES, per_resample))
    rows = (starts[:, :, None] + np.arange(block)).reshape(stats.RESAMPLES, -1)[:, :n]
    means = sorted(Fraction(int(s), scores.COMPOUND_SCALE * n) for s in units[rows].sum(axis=1))
    lower = (1 - Fraction(repr(stats.LEVEL))) / 2
    block_low, block_high = (float(stats.exact_percentile(means, q)) for q in (lower, 1 - lower))
    return [(by_sentence.estimate, by_sentence.low, by_sentence.high),
            (by_paragraph.estimate, by_paragraph.low, by_paragraph.high),
            (float(Fraction(int(units.sum()), scores.COMPOUND_SCALE * n)), block_low, block_high)]


@pytest.mark.parametrize("which", ["seed", "long"])
def test_mean_interval_drawn_in_blocks_equals_all_resamples_drawn_at_once(long_document, which):
    document = text.load_document(paths.SEED_PATH) if which == "seed" else long_document
    sentences = scores.sentence_sentiment.uncached(document)
    table = arc.mean_interval(sentences)
    expected = _interval_all_at_once(sentences, arc.sentence_block(sentences))
    got = list(table[["estimate", "low", "high"]].itertuples(index=False, name=None))
    assert [tuple(map(float, row)) for row in got] == expected  # == on floats: bit for bit


def _random_scores(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)  # few distinct values: ties, and resamples with a constant instrument
    return pd.DataFrame({"paragraph": range(1, n + 1), "vader": rng.integers(-3, 4, n) / 4,
                         "afinn": rng.integers(-2, 3, n), "harvard_iv": rng.random(n).round(1),
                         "loughran_mcdonald": rng.integers(0, 2, n) / 2})


@pytest.mark.parametrize("case", ["seed", "one", "two", "ties 7", "ties 40", "bounded 300"])
def test_rank_agreement_by_weights_equals_the_agreement_of_each_resample(case):
    agreement = importlib.import_module("helpers.sentiment.agreement")
    if case == "seed":
        instruments = agreement.instrument_scores(scores.paragraph_sentiment(text.load_document(paths.SEED_PATH)))
    else:
        instruments = _random_scores({"one": 1, "two": 2, "ties 7": 7, "ties 40": 40, "bounded 300": 300}[case],
                                     seed=len(case))
    settings = ((stats.RESAMPLES, stats.BOOTSTRAP_SEED), (300, 5)) if len(instruments) < 100 else ((60, 7),)
    for resamples, seed in settings:  # 300 paragraphs (the notebook's bound): forms of a few hundred
        fast = agreement.rank_agreement(instruments, resamples=resamples, seed=seed)
        slow = agreement.rank_agreement_by_resample(instruments, resamples=resamples, seed=seed)
        pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_nltk_comparison_limit_is_the_first_blocks_of_the_whole_comparison():
    document = text.load_document(paths.SEED_PATH)
    whole = sentiment.nltk_comparison(document)
    for limit in (1, 4, len(whole), len(whole) + 5):
        pd.testing.assert_frame_equal(sentiment.nltk_comparison(document, limit=limit),
                                      whole.head(limit), check_exact=True)


def test_dct_smooth_with_the_shared_cosine_table_equals_a_fresh_one():
    values = [((7 * j) % 23 - 11) / 10 for j in range(997)]
    at = arc._even_points(len(values) - 1, 50)
    first = [arc.dct_smooth(values, keep, at) for keep in (1, 5, 10)]
    arc._cosine_table.cache_clear()
    for keep, expected in zip((10, 5, 1), reversed(first)):  # another order: other cosines found first
        arc._cosine_table.cache_clear()
        assert arc.dct_smooth(values, keep, at) == expected


def test_instruments_figure_of_a_long_text_draws_the_mean_rank_of_each_run_of_paragraphs():
    from helpers.plots import sentiment as sentiment_plots

    agreement = importlib.import_module("helpers.sentiment.agreement")
    n = sentiment_plots.BINNED_PARAGRAPHS + 37
    instruments = _random_scores(n, seed=3)
    fig, data = sentiment_plots.instruments_figure(instruments)
    ranks = agreement.instrument_ranks(instruments)
    bins = sentiment_plots.RANK_BINS
    size, extra = divmod(n, bins)  # the first `extra` runs hold one paragraph more
    run = np.concatenate([np.repeat(np.arange(extra), size + 1), np.repeat(np.arange(extra, bins), size)])
    for name in ("vader", "afinn", "harvard_iv", "loughran_mcdonald"):
        mine = data[data["instrument"] == name]
        expected = ranks[name].groupby(run).mean()  # half-integer ranks: every mean exact either way
        assert mine["rank"].tolist() == expected.tolist()
        assert mine["first"].tolist() == (ranks["paragraph"].groupby(run).min()).tolist()
        assert mine["last"].tolist() == (ranks["paragraph"].groupby(run).max()).tolist()
    assert "mean rank of a run" in fig.axes[0].get_xlabel()
    small, small_data = sentiment_plots.instruments_figure(instruments.head(sentiment_plots.BINNED_PARAGRAPHS))
    assert len(small_data) == 4 * sentiment_plots.BINNED_PARAGRAPHS  # up to the threshold: every paragraph


def _dct_smooth_before(values, keep, at=None):
    """`arc.dct_smooth` as it was before the cosine table and numpy's products: one `_cos_half_step`
    per term, a Python product and `math.fsum` per sum (the differential reference)."""
    import math

    y = [float(v) for v in values]
    n = len(y)
    keep = min(keep, n)
    norms = [n] + [n / 2] * (keep - 1)
    known = {}
    coefficients = [math.fsum(arc._cos_half_step(k * (2 * j + 1), n, known) * y[j] for j in range(n)) / norms[k]
                    for k in range(keep)]
    if at is None:
        return [math.fsum(c * arc._cos_half_step(k * (2 * j + 1), n, known) for k, c in enumerate(coefficients))
                for j in range(n)]
    return [math.fsum(c * arc._cos_pi(k, float(t), n) for k, c in enumerate(coefficients)) for t in at]


@pytest.mark.parametrize("n", [*range(1, 130), 997, 5_003, 12_345])
def test_cosine_table_by_recurrence_equals_mpmath_cosine_by_cosine(n):
    arc._cosine_table.cache_clear()
    expected = [arc._cos_half_step(m, n, {}) for m in range(n + 1)]
    got = arc._cosine_table(n)
    assert len(got) == n + 1
    assert [v.hex() for v in got] == [v.hex() for v in expected]  # bit for bit, signs of zeros included


@pytest.mark.parametrize("n", [1, 2, 3, 10, 57, 998, 4_001])
def test_dct_smooth_equals_the_term_by_term_computation(n):
    rng = np.random.default_rng(n)
    values = (rng.integers(-10_000, 10_001, n) / 10_000).tolist()  # 4-decimal compounds
    at = arc._even_points(n - 1, arc.SMOOTH_POINTS)
    for keep in (1, 5, 12):
        assert arc.dct_smooth(values, keep) == _dct_smooth_before(values, keep)
        assert arc.dct_smooth(values, keep, at) == _dct_smooth_before(values, keep, at)


@pytest.mark.parametrize("most", [7, 40, 100])
def test_mean_interval_above_the_bound_resamples_runs_of_consecutive_sentences_and_paragraphs(long_document, monkeypatch, most):
    """Above `MAX_RESAMPLED` units: the runs are built here by plain loops, resampled all at once by
    `stats.bootstrap`, and the block row is `stats.block_bootstrap_mean` with the lengthened block."""
    from fractions import Fraction

    monkeypatch.setattr(arc, "MAX_RESAMPLED", most)
    sentences = scores.sentence_sentiment.uncached(long_document)
    values = [round(float(c) * 10_000) for c in sentences["compound"]]
    n, paragraph_numbers = len(values), sentences["paragraph"].tolist()
    run = -(-n // most)
    sentence_runs = [[sum(values[i:i + run]), len(values[i:i + run])] for i in range(0, n, run)]
    by_paragraph = {}
    for p, v in zip(paragraph_numbers, values):
        by_paragraph.setdefault(p, []).append(v)
    paragraphs = [[sum(v), len(v)] for _, v in sorted(by_paragraph.items())]
    q = -(-len(paragraphs) // most)
    paragraph_runs = [[sum(r[0] for r in paragraphs[i:i + q]), sum(r[1] for r in paragraphs[i:i + q])]
                      for i in range(0, len(paragraphs), q)]

    def pooled(rows):
        return int(rows[:, 0].sum()) / (scores.COMPOUND_SCALE * int(rows[:, 1].sum()))

    expected_sentence = stats.bootstrap(np.array(sentence_runs, dtype=np.int64), pooled)
    expected_paragraph = stats.bootstrap(np.array(paragraph_runs, dtype=np.int64), pooled)
    block = max(arc.sentence_block(sentences), run)
    expected_block = stats.block_bootstrap_mean(values, block, scale=scores.COMPOUND_SCALE)
    table = arc.mean_interval(sentences).set_index("unit")
    assert len(sentence_runs) <= most and len(paragraph_runs) <= most
    assert table.loc["sentence", ["units", "block"]].tolist() == [len(sentence_runs), run]
    assert table.loc["paragraph", "units"] == len(paragraph_runs)
    assert table.loc["sentence block", "block"] == block
    exact_mean = float(Fraction(sum(values), scores.COMPOUND_SCALE * n))
    for unit, expected in (("sentence", expected_sentence), ("paragraph", expected_paragraph),
                           ("sentence block", expected_block)):
        got = table.loc[unit, ["estimate", "low", "high"]].tolist()
        assert got == [expected.estimate, expected.low, expected.high]  # bit for bit
        assert got[0] == exact_mean
    assert arc.block_interval(sentences, block=1).iloc[0]["block"] == run  # a shorter block is lengthened
    assert len(arc.bounded(sentences)) == min(most, n)


def test_paragraph_sentiment_of_a_long_text_keeps_the_attribution_and_sentences_of_its_own_pass(long_document, monkeypatch):
    """One pass for both tables: the paragraph table equals the per-paragraph `recorded` path (the
    memo turned off), and `attribution` then reads the kept table, equal to its own computation."""
    attribution = importlib.import_module("helpers.sentiment.attribution")
    with monkeypatch.context() as off:
        off.setenv(memo.ENVIRONMENT_OFF, "1")  # short-text path: `recorded` per paragraph, nothing kept
        expected_paragraphs = scores.paragraph_sentiment(long_document)
        expected_attribution = attribution.attribution(long_document)
        expected_sentences = scores.sentence_sentiment(long_document)
    assert not sorted(memo.cache_folder().rglob("*.pickle"))
    scores._scores.cache_clear()
    got = scores.paragraph_sentiment(long_document)
    pd.testing.assert_frame_equal(got, expected_paragraphs, check_exact=True)
    monkeypatch.setattr(scores, "_scores", None)  # the sentence table must come from the disk
    pd.testing.assert_frame_equal(scores.sentence_sentiment(long_document), expected_sentences, check_exact=True)
    assert (got["valence_sum"] != got["valence_sum"].round(0)).any()  # punctuation and fractions reach the sums

    def no_second_pass(*arguments, **keywords):
        raise AssertionError("attribution computed again")

    monkeypatch.setattr(attribution, "attribution_pass", no_second_pass)
    kept = attribution.attribution(long_document)
    pd.testing.assert_frame_equal(kept, expected_attribution, check_exact=True)


@pytest.mark.parametrize("which", ["seed", "long"])
def test_instrument_scores_from_the_kept_lexicon_scores_equal_each_text_scored(long_document, which):
    agreement = importlib.import_module("helpers.sentiment.agreement")
    lexicons = importlib.import_module("helpers.sentiment.lexicons")
    document = text.load_document(paths.SEED_PATH) if which == "seed" else long_document
    paragraphs = scores.paragraph_sentiment(document)
    kept = agreement.paragraph_lexicon_scores(document)
    again = agreement.paragraph_lexicon_scores(document)  # a long text's: read back from disk
    for table in (kept, again):
        pd.testing.assert_frame_equal(agreement.instrument_scores(paragraphs, table), agreement.instrument_scores(paragraphs),
                                      check_exact=True)
    expected = pd.DataFrame([lexicons.scores(t) for t in document.paragraphs])[list(lexicons.INSTRUMENTS)]
    pd.testing.assert_frame_equal(kept.drop(columns="paragraph"), expected, check_exact=True, check_dtype=False)
    assert kept["paragraph"].tolist() == list(range(1, len(document.paragraphs) + 1))
    with pytest.raises(ValueError):
        agreement.instrument_scores(paragraphs.iloc[1:], kept)
