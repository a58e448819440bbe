"""Sentiment: expected values come from vaderSentiment called here, from its README, or by hand."""
from __future__ import annotations

import math
import os
import subprocess
import sys
from fractions import Fraction
from importlib import resources

import mpmath
import nltk
import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, SentiText

from helpers import plots, sentiment, text
from helpers.plots import sentiment as sentiment_plots

REFERENCE = SentimentIntensityAnalyzer()  # our own instance: independent of helpers.sentiment's cached one
LEXICON = {
    line.split("\t")[0]: float(line.split("\t")[1])
    for line in resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8").splitlines()
    if line
}
SMALL = text.parse_document(
    "Examples\n\n"
    "VADER is smart, handsome, and funny. VADER is not smart, handsome, nor funny.\n\n"
    "The book was good. At least it isn't a horrible book.",
    name="small.txt",
)


def _squash(s: float) -> float:
    """VADER's normalisation, written out: s / sqrt(s^2 + 15)."""
    return s / math.sqrt(s * s + 15)


# --- acceptance: every body paragraph scored exactly as the reference does -------------------

def test_seed_has_ten_body_paragraphs_scored_exactly_as_reference(seed):
    table = sentiment.paragraph_sentiment(seed)
    assert table["paragraph"].tolist() == list(range(1, 11))
    assert table["text"].tolist() == list(seed.paragraphs)
    for row in table.itertuples():
        expected = REFERENCE.polarity_scores(seed.paragraphs[row.paragraph - 1])
        assert {k: getattr(row, k) for k in ("neg", "neu", "pos", "compound")} == expected


def test_paragraph_columns_follow_the_table_contract():
    columns = sentiment.paragraph_sentiment(SMALL).columns.tolist()
    assert columns[:11] == ["paragraph", "text", "neg", "neu", "pos", "compound", "label", "sentences",
                            "sentence_mean", "sentence_min", "sentence_max"]
    assert sentiment.sentence_sentiment(SMALL).columns.tolist()[:7] == [
        "paragraph", "sentence", "text", "compound", "neg", "neu", "pos"]


def test_published_readme_examples_per_sentence():
    # cjhutto/vaderSentiment README, "Output for the above example code".
    table = sentiment.sentence_sentiment(SMALL)
    assert table["compound"].tolist() == [0.8316, -0.7424, 0.4404, 0.431]
    assert table.loc[0, ["neg", "neu", "pos"]].tolist() == [0.0, 0.254, 0.746]
    assert table[["paragraph", "sentence"]].values.tolist() == [[1, 1], [1, 2], [2, 1], [2, 2]]


def test_sentence_rows_are_every_sentence_scored_by_reference(seed):
    table = sentiment.sentence_sentiment(seed)
    expected = [(p, s, t) for p, ss in enumerate(seed.sentences, 1) for s, t in enumerate(ss, 1)]
    assert list(zip(table["paragraph"], table["sentence"], table["text"])) == expected
    assert len(table) == 36
    assert table["compound"].tolist() == [REFERENCE.polarity_scores(t)["compound"] for _, _, t in expected]


def test_paragraph_sentence_statistics(seed):
    table = sentiment.paragraph_sentiment(seed)
    for row in table.itertuples():
        compounds = [REFERENCE.polarity_scores(s)["compound"] for s in seed.sentences[row.paragraph - 1]]
        assert row.sentences == len(compounds)
        # The exact mean of the 4-decimal scores as written, rounded once to a float.
        assert row.sentence_mean == float(sum(Fraction(str(c)) for c in compounds) / len(compounds))
        assert (row.sentence_min, row.sentence_max) == (min(compounds), max(compounds))


def test_labels_use_the_authors_thresholds():
    assert [sentiment.label(v) for v in (0.05, 0.0499, 0.0, -0.0499, -0.05)] == [
        "positive", "neutral", "neutral", "neutral", "negative"]


def test_title_reported_apart(seed):
    title = sentiment.title_sentiment(seed)
    assert title["text"].tolist() == [seed.title] and title["paragraph"].tolist() == [0]
    assert title.loc[0, "compound"] == REFERENCE.polarity_scores(seed.title)["compound"]
    untitled = text.parse_document("One paragraph only, and a good one.")
    assert untitled.title is None and sentiment.title_sentiment(untitled).empty


# --- attribution -----------------------------------------------------------------------------

@pytest.mark.parametrize("index", range(10))
def test_attribution_valences_reproduce_the_library_scores(seed, index):
    paragraph = seed.paragraphs[index]
    traced = sentiment.trace(paragraph)
    final = traced.tokens["final"].tolist()
    # The library's own scoring step, fed our per-token valences, gives its polarity_scores.
    assert REFERENCE.score_valence(final, paragraph) == REFERENCE.polarity_scores(paragraph)
    assert round(traced.compound, 4) == REFERENCE.polarity_scores(paragraph)["compound"]
    assert traced.tokens["token"].tolist() == SentiText(paragraph).words_and_emoticons


def test_attribution_is_consistent_with_the_lexicon(seed):
    table = sentiment.attribution(seed)
    assert set(table["paragraph"]) == set(range(1, 11))
    for row in table.itertuples():
        assert row.lexicon == LEXICON[row.token.lower()]
        changed = row.valence != row.lexicon
        assert changed == any(r and not r.startswith("'but'") for r in row.rules.split("; ")), row
        assert (row.final != row.valence) == ("'but'" in row.rules), row


def test_attribution_shares_add_up_to_the_compound(seed):
    table = sentiment.attribution(seed)
    for p, paragraph in enumerate(seed.paragraphs, 1):
        traced = sentiment.trace(paragraph)
        punctuation_share = math.copysign(traced.punctuation, traced.valence_sum) / traced.valence_sum * traced.compound
        shares = table.loc[table["paragraph"] == p, "share"].sum()
        assert shares + punctuation_share == pytest.approx(traced.compound, abs=1e-12)


def test_attribution_by_hand_negation_booster_caps_but_and_this():
    def row(sentence, word):
        tokens = sentiment.trace(sentence).tokens
        return tokens[tokens["token"].str.lower() == word].iloc[0]

    good, bad, support = LEXICON["good"], LEXICON["bad"], LEXICON["support"]  # 1.9, -2.5, 1.7
    negated = row("The book was not good.", "good")
    assert negated["final"] == pytest.approx(good * -0.74) and "negation 'not'" in negated["rules"]
    assert row("The book was very good.", "good")["final"] == pytest.approx(good + 0.293)
    assert row("The book was GOOD.", "good")["final"] == pytest.approx(good + 0.733)
    but = sentiment.trace("The book was good, but the ending was bad.")
    # 1.9 x 0.5 + (-2.5) x 1.5 = 0.95 - 3.75 = -2.8 -> -2.8 / sqrt(7.84 + 15) = -0.5859
    assert but.valence_sum == pytest.approx(good * 0.5 + bad * 1.5)
    assert round(but.compound, 4) == round(_squash(-2.8), 4) == -0.5859
    # The 'never so/this' rule also fires on a bare 'this' three tokens in: 1.7 x 1.25 = 2.125 -> 0.4810
    this = row("They need this support.", "support")
    assert this["final"] == pytest.approx(support * 1.25) and "'this' before x1.25" in this["rules"]


def test_top_contributors_ranks_by_size_and_breaks_ties_by_position():
    attributions = pd.DataFrame({"paragraph": [1, 1, 1, 2], "position": [5, 2, 9, 0], "token": list("abcd"),
                                 "final": [-2.0, 2.0, 3.0, 1.0]})
    top = sentiment.top_contributors(attributions, n=2)
    assert top[["paragraph", "rank", "token"]].values.tolist() == [[1, 1, "c"], [1, 2, "b"], [2, 1, "d"]]


# --- nltk's port beside the reference --------------------------------------------------------

def test_nltk_port_runs_offline_on_the_reference_lexicon_without_touching_nltk_data_path():
    before = list(nltk.data.path)
    port = sentiment.nltk_analyzer()
    assert nltk.data.path == before
    assert port.lexicon == LEXICON
    # "No problem at all.": the reference negates 'problem' after 'no' (-1.7 x -0.74 = 1.258);
    # nltk sums 'no' (-1.2) and 'problem' (-1.7) = -2.9.
    assert REFERENCE.polarity_scores("No problem at all.")["compound"] == round(_squash(1.258), 4) == 0.3089
    assert port.polarity_scores("No problem at all.")["compound"] == round(_squash(-2.9), 4) == -0.5994


def test_nltk_reads_a_repeated_words_context_at_its_first_occurrence():
    sentence = "It is not good. It is good."
    # Reference: -1.9 x 0.74 + 1.9 = 0.494; nltk: both 'good' negated, -2.812.
    assert sentiment.scores(sentence)["compound"] == round(_squash(-1.406 + 1.9), 4)
    assert sentiment.nltk_analyzer().polarity_scores(sentence)["compound"] == round(_squash(-2.812), 4)
    differences = sentiment.nltk_token_differences(sentence)
    assert differences["position"].tolist() == [6]
    assert differences["cause"][0].startswith("repeated word")


def test_nltk_keeps_quoted_words_whole():
    differences = sentiment.nltk_token_differences('They call it "terrorism" again.')
    assert differences[["raw", "token", "nltk_token", "nltk_valence"]].values.tolist() == [
        ['"terrorism"', "terrorism", '"terrorism"', 0.0]]
    assert differences["cause"][0].startswith("tokenising")


def test_nltk_comparison_on_the_seed(seed):
    table = sentiment.nltk_comparison(seed)
    assert table["block"].tolist() == ["title"] + [f"P{p}" for p in range(1, 11)]
    differs = table.loc[table["compound"] != table["nltk_compound"], "block"].tolist()
    assert differs == ["P3", "P5", "P7", "P8", "P9"]  # the measurement: 5 of 11 blocks
    p3 = table.set_index("block").loc["P3"]
    assert (p3["compound"], p3["nltk_compound"]) == (-0.9061, -0.9805)  # as measured in the issue
    assert (table["causes"] != "").sum() >= 5


# --- smoothing and uncertainty --------------------------------------------------------------

def _dct_reference(values, keep, at):
    """The DCT-II low-pass written out from its definition at 50 digits (mpmath), for comparison."""
    with mpmath.workdps(50):
        n, half = len(values), mpmath.mpf(1) / 2
        basis = [[mpmath.cos(mpmath.pi * k * (j + half) / n) for j in range(n)] for k in range(keep)]
        coefficients = [mpmath.fsum(b * mpmath.mpf(v) for b, v in zip(row, values)) / mpmath.fsum(b * b for b in row)
                        for row in basis]
        return [float(mpmath.fsum(c * mpmath.cos(mpmath.pi * k * (mpmath.mpf(t) + half) / n)
                                  for k, c in enumerate(coefficients))) for t in at]


def test_dct_smooth_by_hand():
    values = [0.2, -0.5, 0.9, 0.1, -0.3, 0.4]
    assert sentiment.dct_smooth(values, keep=1) == [math.fsum(values) / 6] * 6  # one term: the mean, exactly
    assert sentiment.dct_smooth(values, keep=6) == pytest.approx(values, abs=1e-15)  # all terms: the values
    at_samples = sentiment.dct_smooth(values, keep=3)  # the tabulated basis, at the samples themselves
    assert at_samples == pytest.approx(sentiment.dct_smooth(values, keep=3, at=[0, 1, 2, 3, 4, 5]), abs=1e-16)
    # n = 4, keep = 2, y = (1, 0, 0, 0): c0 = 1/4, c1 = cos(pi/8) / (4/2); at j = 0 the curve is
    # 1/4 + cos(pi/8)^2 / 2 = 1/4 + (1 + cos(pi/4)) / 4 = 1/2 + sqrt(2)/8.
    assert sentiment.dct_smooth([1, 0, 0, 0], keep=2)[0] == pytest.approx(0.5 + math.sqrt(2) / 8, abs=1e-16)
    slow = [math.cos(math.pi * 2 * (j + 0.5) / 8) for j in range(8)]  # a pure third cosine (k = 2)
    assert sentiment.dct_smooth(slow, keep=3) == pytest.approx(slow, abs=1e-15)  # kept by a 3-term filter
    assert sentiment.dct_smooth(slow, keep=2) == pytest.approx([0.0] * 8, abs=1e-15)  # removed by a 2-term one


def test_dct_smooth_equals_the_definition_at_50_digits(seed):
    values = sentiment.sentence_sentiment(seed)["compound"].tolist()
    at = [35 * i / 199 for i in range(200)]
    ours, reference = sentiment.dct_smooth(values, 5, at), _dct_reference(values, 5, at)
    assert max(abs(a - b) for a, b in zip(ours, reference)) <= 4 * math.ulp(1.0)
    assert ours[::40] != [0.0] * 5  # a curve, not a constant


CPU_VARIANTS = (  # OpenBLAS kernels and numpy SIMD paths that changed the old (BLAS) smoother's bits
    {"OPENBLAS_CORETYPE": "Sandybridge"}, {"OPENBLAS_CORETYPE": "Prescott"}, {"OPENBLAS_CORETYPE": "Haswell"},
    {"NPY_DISABLE_CPU_FEATURES": "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR AVX2 FMA3"},
)
ARC_CSV = """
import sys
from helpers import paths, sentiment, text
document = text.load_document(paths.SEED_PATH)
sentences = sentiment.sentence_sentiment(document)
data = sentiment.arc_data(sentiment.paragraph_sentiment(document), sentences)
sys.stdout.write(data.to_csv(index=False) + sentiment.mean_interval(sentences).to_csv(index=False))
"""


@pytest.mark.exhaustive
def test_arc_and_interval_are_the_same_bits_under_every_cpu_variant():
    runs = [subprocess.run([sys.executable, "-c", ARC_CSV], env=os.environ | variant, capture_output=True,
                           text=True, check=True).stdout for variant in ({}, *CPU_VARIANTS)]
    assert all(run == runs[0] for run in runs[1:])
    assert runs[0].count("smooth") == 200


def _sentences(rows: list[tuple[int, float]]) -> pd.DataFrame:
    return pd.DataFrame({"paragraph": [p for p, _ in rows], "compound": [c for _, c in rows]})


def test_bootstrap_interval_is_seeded_and_brackets_the_exact_mean(seed):
    sentences = sentiment.sentence_sentiment(seed)
    first, again = sentiment.mean_interval(sentences), sentiment.mean_interval(sentences)
    pd.testing.assert_frame_equal(first, again)
    compounds = [REFERENCE.polarity_scores(s)["compound"] for ss in seed.sentences for s in ss]
    expected = float(sum(Fraction(str(c)) for c in compounds) / 36)  # exact mean of the scores as written
    assert first["estimate"].tolist() == [expected] * 3
    assert (first["low"] < first["estimate"]).all() and (first["estimate"] < first["high"]).all()
    assert first["units"].tolist() == [36, 10, 36]
    assert first["block"].tolist()[::2] == [1, 4]  # 36 sentences in 10 paragraphs: 3.6, rounded to 4
    other = sentiment.mean_interval(sentences, seed=1)
    assert other["low"].tolist() != first["low"].tolist() and other["seed"].tolist() == [1, 1, 1]


@pytest.mark.parametrize("rows", [
    [(1, 0.4404)],  # one sentence
    [(1, -0.3412)] * 7,  # identical sentences in one paragraph
    [(1, 0.1027), (2, 0.1027), (3, 0.1027)],  # identical sentences, one per paragraph
], ids=["one sentence", "identical sentences", "identical paragraphs"])
def test_interval_of_a_constant_series_is_the_value_itself(rows):
    table = sentiment.mean_interval(_sentences(rows), resamples=200)
    value = rows[0][1]
    assert table["estimate"].tolist() == table["low"].tolist() == table["high"].tolist() == [value] * 3


@pytest.mark.parametrize("paragraphs, sentences, block", [
    (10, 36, 4),  # the seed: 3.6 sentences per paragraph, rounded to 4 (cube root of 36: 3.3, up to 4)
    (1, 100, 5),  # one long paragraph: capped at the cube root of 100, 4.6, rounded up
    (20, 30, 2),  # 1.5 rounds half up to 2
    (3, 3, 1),
])
def test_block_is_the_mean_paragraph_capped_at_the_cube_root(paragraphs, sentences, block):
    rows = [(1 + i * paragraphs // sentences, 0.0) for i in range(sentences)]
    assert sentiment.sentence_block(_sentences(rows)) == block


def test_interval_of_one_paragraph_by_paragraph_is_its_mean():
    table = sentiment.mean_interval(_sentences([(1, 0.5), (1, -0.25), (1, 0.0)]), resamples=200).set_index("unit")
    assert table.loc["paragraph", ["estimate", "low", "high"]].tolist() == [0.25 / 3] * 3
    assert table.loc["sentence", "low"] < 0.25 / 3 < table.loc["sentence", "high"]


def test_interval_on_a_long_generated_text_contains_its_estimate():
    # 20,000 sentences in 2,000 paragraphs; scores cycle through a fixed pattern (mean known by hand).
    pattern = [0.4404, -0.3412, 0.0, -0.8316, 0.6249]  # sum -0.1075
    rows = [(i // 10 + 1, pattern[i % 5]) for i in range(20_000)]
    table = sentiment.mean_interval(_sentences(rows), resamples=500)
    assert table["estimate"].tolist() == [-0.1075 / 5] * 3 == [-0.0215] * 3
    assert ((table["low"] <= table["estimate"]) & (table["estimate"] <= table["high"])).all()
    assert (table["high"] - table["low"] < 0.02).all()  # 20,000 sentences: a narrow interval

# --- figures -------------------------------------------------------------------------------

def test_arc_figure_data_holds_every_mark(seed):
    paragraphs, sentences = sentiment.paragraph_sentiment(seed), sentiment.sentence_sentiment(seed)
    fig, data = sentiment_plots.arc_figure(paragraphs, sentences)
    counts = data["kind"].value_counts()
    assert (counts["paragraph"], counts["sentence_mean"], counts["sentence"]) == (10, 10, 36)
    inside = data[data["kind"] == "sentence"]
    assert ((inside["x"] - inside["paragraph"]).abs() < 0.4).all()  # each dot sits on its paragraph's bar
    assert tuple(fig.get_size_inches())[0] == 3.5


def test_lexicon_size_is_the_distinct_entries_of_the_shipped_file():
    lines = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8").splitlines()
    assert len([line for line in lines if line]) == 7520  # lines in the file
    assert len(LEXICON) == 7506  # distinct entries: 14 words appear on two lines
    assert len(sentiment.analyzer().lexicon) == len(REFERENCE.lexicon) == len(LEXICON)


def test_figures_of_a_long_text_keep_labels_apart_and_need_no_title():
    paragraphs = [f"Part {i} was good. The plan was bad." if i % 2 else f"Part {i} was very bad." for i in range(1, 81)]
    long = text.Document(name="long.txt", sha256="0" * 64, title=None, paragraphs=tuple(paragraphs))
    scored, sentences = sentiment.paragraph_sentiment(long), sentiment.sentence_sentiment(long)
    fig, _ = sentiment_plots.arc_figure(scored, sentences)
    assert len(fig.axes[0].get_xticks()) <= 10  # a single column holds about ten paragraph labels
    fig.draw_without_rendering()
    boxes = [label.get_window_extent() for label in fig.axes[0].get_xticklabels()]
    assert all(left.x1 < right.x0 for left, right in zip(boxes, boxes[1:]))
    fig, data = sentiment_plots.attribution_figure(sentiment.attribution(long), scored)
    assert data["paragraph"].nunique() == 12
    assert fig._suptitle is None and "the 12 of 80 paragraphs" in fig._supxlabel.get_text()


def test_the_arc_of_a_very_long_text_draws_bars_and_curve_with_round_labels_apart():
    # 2,000 paragraphs: labels like "P2000" are wider than "P10", and 4,000 sentence dots would
    # cover the axes in black (seen on a 10 MB text); the data file keeps every point.
    paragraphs = tuple("Part one was good. Part two was bad." if i % 3 else "It was awful." for i in range(2000))
    long = text.Document(name="long.txt", sha256="0" * 64, title=None, paragraphs=paragraphs)
    scored, sentences = sentiment.paragraph_sentiment(long), sentiment.sentence_sentiment(long)
    fig, data = sentiment_plots.arc_figure(scored, sentences)
    assert (data["kind"] == "sentence").sum() == len(sentences) == 667 + 2 * 1333  # i % 3 == 0: 0, 3, ..., 1998
    assert not fig.axes[0].collections  # no scatter of sentences or of their means
    assert list(fig.axes[0].get_xticks()) == [1, 500, 1000, 1500, 2000]
    fig.draw_without_rendering()
    boxes = [label.get_window_extent() for label in fig.axes[0].get_xticklabels()]
    assert all(left.x1 < right.x0 for left, right in zip(boxes, boxes[1:]))


def test_the_compute_layer_loads_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("sentiment", "matplotlib")  # tests/conftest.py


EDGE_CASES = {
    "one sentence": ("The plan was good.",),
    "one paragraph": ("The plan was good. The team was not happy. Nobody came.",),
    "identical sentences": ("The plan was bad. The plan was bad.", "The plan was bad."),
    "no scored word": ("The table stands in the room.", "It has four legs."),
}


@pytest.mark.parametrize("paragraphs", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_every_table_and_figure_on_edge_cases(paragraphs, tmp_path):
    document = text.Document(name="edge.txt", sha256="0" * 64, title=None, paragraphs=paragraphs)
    scored, sentences = sentiment.paragraph_sentiment(document), sentiment.sentence_sentiment(document)
    interval = sentiment.mean_interval(sentences, resamples=200)
    compounds = [REFERENCE.polarity_scores(s)["compound"] for ss in document.sentences for s in ss]
    assert interval["estimate"].tolist() == [float(sum(Fraction(str(c)) for c in compounds) / len(compounds))] * 3
    assert ((interval["low"] <= interval["estimate"]) & (interval["estimate"] <= interval["high"])).all()
    attributions = sentiment.attribution(document)
    assert len(sentiment.nltk_comparison(document)) == len(paragraphs)
    for name, (fig, data) in {"arc": sentiment_plots.arc_figure(scored, sentences),
                              "attribution": sentiment_plots.attribution_figure(attributions, scored)}.items():
        plots.save_figure(fig, name, data, document, tmp_path)
        assert (tmp_path / f"{name}.png").stat().st_size > 0
    arc = pd.read_csv(tmp_path / "arc.csv")
    assert (arc["kind"] == "smooth").sum() == 200 and arc["compound"].between(-1, 1).all()


@pytest.mark.parametrize("paragraph_count", [12, 400])  # a short text's rectangles; a long text's compound paths
def test_arc_figure_with_limits_from_the_bars_vertices_draws_what_matplotlibs_walk_draws(paragraph_count, monkeypatch):
    import contextlib
    import io

    paragraphs = tuple(f"Part {i} was good. The plan was bad." if i % 3 else f"Part {i} was awful!" for i in range(paragraph_count))
    long = text.Document(name="long.txt", sha256="0" * 64, title=None, paragraphs=paragraphs)
    scored, sentences = sentiment.paragraph_sentiment(long), sentiment.sentence_sentiment(long)

    def drawn():
        fig, _ = sentiment_plots.arc_figure(scored, sentences)
        ax = fig.axes[0]
        svg = io.BytesIO()
        fig.savefig(svg, format="png", metadata={"Software": None})
        return ax.dataLim.bounds, ax.patches[0].__class__.__name__, svg.getvalue()  # limits as the artists were added

    fast = drawn()
    with monkeypatch.context() as patch:
        patch.setattr(sentiment_plots, "_straight_patch_limits", lambda ax: contextlib.nullcontext())
        walked = drawn()
    assert fast == walked
    assert fast[1] == ("PathPatch" if paragraph_count > 150 else "Rectangle")
