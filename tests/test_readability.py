"""Readability: textstat's values reported unchanged, hand-computed formulas on small texts,
the reliability flags, the bootstrap (deterministic, its point inside its interval on any
text), the tool disagreements the notebook explains, and the figures on long and tiny texts."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import textstat

from helpers import readability, stats, text
from helpers.plots import readability as readability_figures


def document(paragraphs: list[str], title: str | None = None) -> text.Document:
    """A Document made in the test from paragraphs (no file)."""
    return text.Document(name="test", sha256="0" * 64, title=title, paragraphs=tuple(paragraphs))


# ---------------------------------------------------------------------------- textstat values


def test_long_table_is_textstat_called_directly(seed):
    table = readability.readability_long(seed)
    units = ["document"] + list(range(1, len(seed.paragraphs) + 1))
    names = list(readability.MEASURES + readability.COUNTS)
    assert list(table.columns) == ["unit", "measure", "value", "reliable", "why"]  # the contract's three first
    assert table["unit"].tolist() == [u for u in units for _ in names]
    assert table["measure"].tolist() == names * len(units)
    texts = [seed.body] + list(seed.paragraphs)
    for (unit, part), body in zip(table.groupby("unit", sort=False), texts):
        expected = [textstat.text_standard(body, float_output=True) if m == "text_standard"
                    else getattr(textstat, m)(body) for m in names]
        assert part["value"].tolist() == expected, unit


def test_seed_body_values_from_textstat_and_the_issue_figures_with_the_title(seed):
    values = readability.whole_text_table(seed).set_index("measure")["value"]
    assert values["flesch_kincaid_grade"] == textstat.flesch_kincaid_grade(seed.body)
    assert values["text_standard"] == textstat.text_standard(seed.body, float_output=True)
    assert textstat.sentence_count(seed.body) == 36 and textstat.lexicon_count(seed.body) == 777
    # The figures often quoted (the README, notebook 01) are textstat on the title followed by the body.
    with_title = f"{seed.title}\n\n{seed.body}"
    assert textstat.sentence_count(with_title) == 38
    assert round(textstat.flesch_kincaid_grade(with_title), 2) == 13.24
    assert round(textstat.gunning_fog(with_title), 2) == 15.65
    assert round(textstat.smog_index(with_title), 2) == 14.70
    assert round(textstat.flesch_reading_ease(with_title), 2) == 36.82


def test_textstat_settings_are_checked_and_left_alone():
    readability.check_textstat_defaults()
    textstat.set_rounding_points(1)
    try:
        with pytest.raises(RuntimeError, match="rounding=1"):
            readability.readability_long(document(["The cat sat on the mat."]))
    finally:
        textstat.set_rounding_points(None)
    readability.check_textstat_defaults()


def test_plain_language_readings():
    assert readability.reading("flesch_reading_ease", 35.76) == "difficult (college)"
    assert readability.reading("flesch_reading_ease", 65) == "plain English (grades 8–9)"
    assert readability.reading("flesch_reading_ease", -5) == "very difficult (college graduate)"
    assert readability.reading("flesch_kincaid_grade", 13.6) == "college, year 1 (typical age 18–19)"
    assert readability.reading("gunning_fog", 8.2).startswith("middle school")
    assert readability.reading("smog_index", 17.5).startswith("graduate level")
    assert readability.reading("dale_chall_readability_score", 9.5) == "college (grades 13–15)"
    assert readability.reading("mcalpine_eflaw", 30.03).startswith("very confusing")
    assert "grades 1–3 only" in readability.reading("spache_readability", 7.0)
    assert readability.reading("reading_time", 59.26) == "about 1.0 min at 14.69 ms per character"
    assert readability.reading("reading_time_at_rate", 195.88) == "about 3.3 min at 238 words a minute"


# ---------------------------------------------------------------------------- hand computation

# "The cat sat on the mat. It was a sunny day."
# words 6 + 5 = 11; sentences 2 (both pieces have more than two words);
# syllables: one each, except sun-ny (2): 10 + 2 = 12.
SMALL = "The cat sat on the mat. It was a sunny day."
# Notebook 01's example of abbreviations, a decimal and short sentences.
DISAGREEMENT_EXAMPLE = "Dr. Smith met the U.S. envoy at 5 p.m. on Monday. Why? The talks lasted 2.5 hours. Nobody smiled."


def test_flesch_kincaid_worked_out_by_hand():
    # FK = 0.39 * 11/2 + 11.8 * 12/11 - 15.59 = 2.145 + 12.872727... - 15.59 = -0.572272...
    by_hand = 0.39 * 11 / 2 + 11.8 * 12 / 11 - 15.59
    assert by_hand == pytest.approx(-0.5722727, abs=1e-6)
    doc = document([SMALL])
    values = readability.whole_text_table(doc).set_index("measure")["value"]
    assert values["flesch_kincaid_grade"] == pytest.approx(by_hand, rel=1e-12)
    counts = readability.formula_inputs(SMALL)
    assert (counts["words"], counts["sentences"], counts["syllables"]) == (11, 2, 12)
    assert readability.FROM_COUNTS["flesch_kincaid_grade"](counts) == pytest.approx(by_hand, rel=1e-12)
    # FRE = 206.835 - 1.015 * 5.5 - 84.6 * 12/11 = 206.835 - 5.5825 - 92.290909... = 108.961590...
    assert values["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 5.5 - 84.6 * 12 / 11, rel=1e-12)


def test_smog_and_fog_worked_out_by_hand():
    # "Everybody understood the decision. Nobody objected to it today."
    # Pieces: 4 and 5 words: 2 sentences; 9 words. Three-syllable words (CMU): ev-ery-bo-dy (4),
    # un-der-stood (3), de-ci-sion (3), ob-ject-ed (3); no-bo-dy (3), to-day (2): P = 5.
    # SMOG = 1.043 * sqrt(30 * 5/2) + 3.1291 = 1.043 * 8.660254 + 3.1291 = 12.1618...
    sample = "Everybody understood the decision. Nobody objected to it today."
    assert textstat.polysyllabcount(sample) == 5
    values = readability.whole_text_table(document([sample])).set_index("measure")["value"]
    assert values["smog_index"] == pytest.approx(1.043 * math.sqrt(30 * 5 / 2) + 3.1291, rel=1e-12)
    # Fog counts 3+ syllable words not on the easy list: "everybody", "understood", "nobody" are on it.
    complex_words = textstat.difficult_words(sample, syllable_threshold=3, unique=False)
    assert values["gunning_fog"] == pytest.approx(0.4 * (9 / 2 + 100 * complex_words / 9), rel=1e-12)


def test_counts_table_holds_textstat_counts(seed):
    table = readability.counts_table(seed).set_index("count")
    for name in readability.COUNTS:
        assert table.loc[name, "value"] == getattr(textstat, name)(seed.body)
    assert table.loc["complex_words", "value"] == textstat.difficult_words(seed.body, syllable_threshold=3, unique=False)
    assert table.loc["tokens", "value"] == textstat.lexicon_count(seed.body, removepunct=False)


@pytest.mark.parametrize("sample", [SMALL, "Why? Because the envoy, Mr. Lavrov, said so. He left.",
                                    "The U.S. rate rose 2.5 percent — a pro-Kremlin outlet said so!"])
def test_formulas_from_counts_equal_textstat(seed, sample):
    for body in (seed.body, sample):
        counts = readability.formula_inputs(body)
        for measure, formula in readability.FROM_COUNTS.items():
            assert formula(counts) == pytest.approx(getattr(textstat, measure)(body), abs=1e-9), measure


# ---------------------------------------------------------------------------- per paragraph


def test_paragraph_flags():
    short = "Short one here. Another short one."  # 2 sentences, 6 words: both limits fail
    long_sentence = " ".join(["The quiet committee reviewed every careful proposal again."] * 14)  # 14 x 8 = 112 words
    doc = document([short, long_sentence])
    grades = readability.paragraph_grades(doc)
    first, second = grades.iloc[0], grades.iloc[1]
    assert (first["sentences"], first["words"]) == (2, 6)
    assert first["unreliable"] and first["why"] == "2 sentences < 3; 6 words < 100"
    assert (second["sentences"], second["words"]) == (14, 112)
    assert not second["unreliable"] and second["why"] == ""
    assert second["smog_unreliable"]  # 14 < 30 sentences
    assert grades["flesch_kincaid_grade"].tolist() == [textstat.flesch_kincaid_grade(p) for p in doc.paragraphs]
    relaxed = readability.paragraph_grades(doc, readability.Limits(min_sentences=2, min_words=5, smog_sentences=10))
    assert not relaxed["unreliable"].any() and relaxed["smog_unreliable"].tolist() == [True, False]


def test_seed_paragraph_flags(seed):
    grades = readability.paragraph_grades(seed)
    # Only P6 (4 sentences, 114 words) and P7 (6 sentences, 134 words) reach both limits.
    assert grades.loc[~grades["unreliable"], "paragraph"].tolist() == [6, 7]
    assert grades["smog_unreliable"].all()
    assert grades["sentences_syntok"].tolist() == [2, 2, 5, 3, 5, 4, 6, 4, 2, 3]


def test_whole_text_smog_flag():
    doc = document(["The quiet committee reviewed every careful proposal again. " * 5])
    table = readability.whole_text_table(doc).set_index("measure")
    assert not table.loc["smog_index", "reliable"]  # 5 sentences, 40 words
    assert table.loc["smog_index", "why"] == "40 words < 100; 5 sentences < 30 (SMOG's sample)"


def test_whole_text_linsear_write_and_reading_times_are_flagged_and_labelled(seed):
    table = readability.whole_text_table(seed).set_index("measure")
    # 36 sentences, 777 words: every formula passes the size limits, but Linsear Write reads
    # only the first 100 words and textstat's reading time is not a measured reading rate.
    assert table.loc["flesch_kincaid_grade", "reliable"] and table.loc["flesch_kincaid_grade", "why"] == ""
    assert not table.loc["linsear_write_formula", "reliable"]
    assert table.loc["linsear_write_formula", "why"] == "reads only the first 100 of 777 words"
    # textstat: 14.69 ms x 4034 characters = 59.259 s, i.e. 777 words / 0.98765 min = 787 words/min.
    assert table.loc["reading_time", "value"] == pytest.approx(14.69 * 4034 / 1000, abs=0.01)
    assert not table.loc["reading_time", "reliable"] and "787 words/min" in table.loc["reading_time", "why"]
    # Brysbaert (2019): 238 words a minute; 777 words -> 777 / 238 x 60 = 195.88 s.
    assert table.loc["reading_time_at_rate", "value"] == pytest.approx(195.882, abs=1e-3)
    assert table.loc["reading_time_at_rate", "reliable"]
    assert "238" in table.loc["reading_time_at_rate", "formula"] and "14.69" in table.loc["reading_time", "formula"]
    assert list(table.index).index("reading_time_at_rate") == list(table.index).index("reading_time") + 1


def test_long_table_flags_each_unit():
    short = "Short one here. Another short one."
    long_paragraph = " ".join(["The quiet committee reviewed every careful proposal again."] * 14)  # 112 words
    table = readability.readability_long(document([short, long_paragraph]))
    flags = table.set_index(["unit", "measure"])
    assert flags.loc[(1, "flesch_kincaid_grade"), "why"] == "2 sentences < 3; 6 words < 100"
    assert flags.loc[(2, "flesch_kincaid_grade"), "reliable"]
    assert flags.loc[(2, "linsear_write_formula"), "why"] == "reads only the first 100 of 112 words"
    assert flags.loc[(2, "smog_index"), "why"] == "14 sentences < 30 (SMOG's sample)"
    counts = table[table["measure"].isin(readability.COUNTS)]
    assert counts["reliable"].all() and (counts["why"] == "").all()


# ---------------------------------------------------------------------------- bootstrap


def test_textstat_pieces_reproduce_textstat_sentence_count():
    samples = [SMALL, DISAGREEMENT_EXAMPLE, "Why? Because the envoy, Mr. Lavrov, said so. He left.",
               "Yes.", "One two", "It is 3.14159 or so! Is it? Really, it is.", '"Go now," he said. They went.']
    for sample in samples:
        pieces = readability.textstat_pieces(sample)
        assert max(1, int(pieces["counted"].sum())) == textstat.sentence_count(sample), sample


def test_sentence_counts_add_up_to_textstat_on_the_body(seed):
    table = readability.sentence_counts(seed)
    assert len(table) == 36
    totals = readability.formula_inputs(seed.body)
    for column in ["sentences", "words", "syllables", "polysyllables", "letters", "characters",
                   "complex_words", "tokens"]:
        assert table[column].sum() == totals[column], column


def test_pooled_counts_on_all_sentences_equal_textstat(seed):
    # Also on a text where one-word and two-word sentences add words but no sentence.
    tricky = document(["Why? Because the envoy, Mr. Lavrov, said so. He left. The long talks went nowhere at all."])
    for doc in (seed, tricky):
        table = readability.sentence_counts(doc)
        for measure in readability.BOOTSTRAP_MEASURES:
            expected = getattr(textstat, measure)(doc.body)
            assert readability.pooled(table, measure) == pytest.approx(expected, rel=1e-12)


def test_bootstrap_is_deterministic_and_brackets_the_value(seed):
    first = readability.bootstrap_intervals(seed, resamples=400)
    again = readability.bootstrap_intervals(seed, resamples=400)
    pd.testing.assert_frame_equal(first, again)
    other = readability.bootstrap_intervals(seed, resamples=400, seed=1)
    assert not np.allclose(first["low"], other["low"])
    assert (first["estimate"] == first["value"]).all()  # on the seed, textstat's pieces stay inside sentences
    assert ((first["low"] < first["estimate"]) & (first["estimate"] < first["high"])).all()
    defaults = readability.bootstrap_intervals(seed).iloc[0]
    assert (defaults["resamples"], defaults["level"], defaults["seed"]) == (stats.RESAMPLES, stats.LEVEL,
                                                                           stats.BOOTSTRAP_SEED)
    fk = first.set_index("measure").loc["flesch_kincaid_grade"]
    assert fk["value"] == textstat.flesch_kincaid_grade(seed.body)
    assert 1 < fk["high"] - fk["low"] < 6  # 36 sentences: an interval of a few grades


def test_bootstrap_uses_the_shared_helper(seed, monkeypatch):
    # stats.bootstrap_sums: stats.bootstrap's draws, summed once for every formula (tests/test_speed_paths.py)
    calls = []
    real = stats.bootstrap_sums

    def spy(matrix, statistics, **kwargs):
        calls.append((len(statistics), kwargs))
        return real(matrix, statistics, **kwargs)

    monkeypatch.setattr(stats, "bootstrap_sums", spy)
    readability.bootstrap_intervals(seed, resamples=50, seed=7)
    assert calls == [(len(readability.BOOTSTRAP_MEASURES), {"resamples": 50, "level": stats.LEVEL, "seed": 7})]


def test_difference_interval_of_two_units(seed):
    from helpers.readability.uncertainty import difference_interval
    # Units of one repeated sentence: every resample pools identical rows, so each unit's value
    # is textstat's on that one sentence, and the interval has no width.
    easy, hard = "The cat sat on the mat.", "Institutional considerations necessitate comprehensive deliberation."
    a = readability.sentence_counts(document([" ".join([easy] * 5)]))
    b = readability.sentence_counts(document([" ".join([hard] * 4)]))
    expected = textstat.flesch_kincaid_grade(easy) - textstat.flesch_kincaid_grade(hard)
    result = difference_interval(a, b, "flesch_kincaid_grade", resamples=200)
    assert result.estimate == pytest.approx(expected, rel=1e-12) and expected < -20
    assert result.low == pytest.approx(expected, rel=1e-12) and result.high == pytest.approx(expected, rel=1e-12)
    # Two halves of the seed: the estimate is the difference of the halves' pooled values,
    # the interval holds it, is deterministic, and swapping the units negates it.
    table = readability.sentence_counts(seed)
    first, second = table[table["paragraph"] <= 5], table[table["paragraph"] > 5]
    forward = difference_interval(first, second, "gunning_fog", resamples=300)
    assert forward == difference_interval(first, second, "gunning_fog", resamples=300)
    assert forward.estimate == pytest.approx(readability.pooled(first, "gunning_fog") - readability.pooled(second, "gunning_fog"))
    assert forward.low < forward.estimate < forward.high
    assert difference_interval(second, first, "gunning_fog", resamples=300).estimate == pytest.approx(-forward.estimate)
    assert (forward.resamples, forward.seed) == (300, stats.BOOTSTRAP_SEED)
    with pytest.raises(ValueError):
        difference_interval(first.iloc[:0], second, "gunning_fog")


# ---------------------------------------------------------------------------- disagreements


def test_abbreviation_example_splits_differently():
    pieces = readability.textstat_pieces(DISAGREEMENT_EXAMPLE)
    # textstat cuts after "Dr.", "U.", "S.", "p.", "m.", "Monday.", "Why?", "2.", "hours." and keeps only
    # the pieces of 3+ words: "Smith met the U.", "envoy at 5 p.", "The talks lasted 2." -> 3 sentences.
    assert pieces.loc[pieces["counted"], "piece"].tolist() == ["Smith met the U.", "envoy at 5 p.",
                                                                "The talks lasted 2."]
    assert textstat.sentence_count(DISAGREEMENT_EXAMPLE) == 3
    assert len(text.split_sentences(DISAGREEMENT_EXAMPLE)) == 4


def test_seed_splitters_agree(seed):
    assert readability.paragraph_sentence_disagreements(seed).empty


def test_fallback_words_on_the_seed(seed):
    table = readability.fallback_words(seed)
    assert table["word"].tolist() == ["23", "7", "bagheri", "galuzin", "kani", "marzouk", "tailwind", "zakharova"]
    syllables = dict(zip(table["word"], table["syllables"]))
    for word, n in syllables.items():
        assert textstat.syllable_count(word) == n
    # Pyphen's hyphenations: bagheri (none: 1), mar-zouk (2), za-kharo-va (3).
    assert (syllables["bagheri"], syllables["marzouk"], syllables["zakharova"]) == (1, 2, 3)


def test_syllable_sources_disagree_as_reported(seed):
    table = readability.syllable_source_disagreements(seed).set_index("word")
    # CMU: HH AA1 M AA0 S (2 vowels); pyphen finds no hyphenation point in "hamas" (1).
    assert (table.loc["hamas", "cmudict"], table.loc["hamas", "pyphen"]) == (2, 1)
    assert table.loc["hamas", "occurrences"] == 16
    assert readability.pyphen_syllables("interested") == 4 and readability.cmu_syllables(["R", "IY1", "L"]) == 1


# ---------------------------------------------------------------------------- figures


def test_figures_return_the_plotted_numbers(seed):
    whole = readability.whole_text_table(seed)
    grades = readability.paragraph_grades(seed)
    fig, data = readability_figures.paragraph_figure(grades, whole)
    assert len(data) == len(readability.GRADE_MEASURES) * len(seed.paragraphs)
    fk = data[data["measure"] == "flesch_kincaid_grade"]
    assert fk["grade"].tolist() == grades["flesch_kincaid_grade"].tolist()
    assert fk["whole_text"].unique().tolist() == [textstat.flesch_kincaid_grade(seed.body)]
    assert data.loc[data["measure"] == "smog_index", "unreliable"].all()
    intervals = readability.bootstrap_intervals(seed, resamples=100)
    fig, data = readability_figures.comparison_figure(whole, intervals)
    assert data["measure"].tolist() == list(readability.GRADE_MEASURES) + ["text_standard"]
    assert data.set_index("measure")["low"].isna().tolist() == [False] * 5 + [True, True]
    assert not data.set_index("measure").loc["linsear_write_formula", "reliable"]  # 777 words > 100
    assert not any(fig.axes[0].get_title(loc=where) for where in ("left", "center", "right"))  # key below, no title


def test_other_measures_are_textstat_values(seed):
    table = readability.other_measures_table(seed).set_index("measure")["value"]
    assert table["lix"] == textstat.lix(seed.body)
    assert table["rix"] == textstat.rix(seed.body)
    assert table["dale_chall_readability_score_v2"] == textstat.dale_chall_readability_score_v2(seed.body)


def _made_up_grades(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Grades of n paragraphs made up in the test: each formula's grade is the paragraph number
    squared (so a bin's median differs from its mean), and bin medians and ranges can be
    computed by hand; the layout does not depend on textstat."""
    grades = pd.DataFrame({"paragraph": range(1, n + 1), "unreliable": False, "smog_unreliable": True,
                           "linsear_unreliable": False}
                          | {m: np.arange(1, n + 1, dtype=float) ** 2 for m in readability.GRADE_MEASURES})
    whole = pd.DataFrame({"measure": list(readability.GRADE_MEASURES), "value": 13.0, "reliable": True})
    return grades, whole


def test_paragraph_figure_is_one_panel_per_formula_named_in_its_title(seed):
    fig, data = readability_figures.paragraph_figure(readability.paragraph_grades(seed), readability.whole_text_table(seed))
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert [t.split(" (")[0] for t in titles] == [readability.SHORT_LABELS[m] for m in readability.GRADE_MEASURES]
    assert titles[0] == f"Flesch–Kincaid (whole text {textstat.flesch_kincaid_grade(seed.body):.1f})"
    assert titles[-1].endswith(", unreliable)")  # Linsear Write on 777 words reads only the first 100
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == 3 and labels[1].startswith("hollow: unreliable") and labels[2] == "whole-text value"
    assert len(data) == 6 * 10  # per paragraph, not binned, up to MAX_POINTS paragraphs


def test_paragraph_bins_cover_every_paragraph_once_in_at_most_max_bins():
    assert readability_figures.paragraph_bins(10) == [(k, k) for k in range(1, 11)]
    bins = readability_figures.paragraph_bins(101, max_bins=50)  # ceil(101/50) = 3 paragraphs a bin: 34 bins
    assert len(bins) == 34 and bins[0] == (1, 3) and bins[-1] == (100, 101)
    assert [p for first, last in bins for p in range(first, last + 1)] == list(range(1, 102))


def test_long_text_is_binned_with_median_and_range_and_thousands_separators():
    grades, whole = _made_up_grades(1200)  # bins of ceil(1200/50) = 24 paragraphs
    fig, data = readability_figures.paragraph_figure(grades, whole)
    fk = data[data["measure"] == "flesch_kincaid_grade"].reset_index(drop=True)
    assert len(fk) == 50 and fk["paragraphs"].eq(24).all()
    # Bin 1 holds paragraphs 1..24 with grades 1, 4, ..., 576: median (144 + 169) / 2, range 1 to 576.
    assert (fk.loc[0, "first"], fk.loc[0, "last"], fk.loc[0, "median"], fk.loc[0, "low"], fk.loc[0, "high"]) == \
        (1, 24, 156.5, 1.0, 576.0)
    assert fk.loc[49, "median"] == (1188 ** 2 + 1189 ** 2) / 2
    assert data.loc[data["measure"] == "smog_index", "unreliable"].eq(24).all()
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in fig.axes[3].get_xticklabels()]
    assert "P1,000" in ticks and not any("1000" in t for t in ticks)
    assert "1,000,000" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "bins of 24" in fig.axes[3].get_xlabel()
    assert "median of a bin of 24 paragraphs" in fig.legends[0].get_texts()[0].get_text()


# ---------------------------------------------------------------------------- any text, long or tiny


def _seed_with_unpunctuated_lines(seed: text.Document, copies: int) -> text.Document:
    """The seed's paragraphs `copies` times, each after a line with no full stop (like a heading
    written as a paragraph). textstat joins such a line to the next sentence, syntok does not,
    so textstat's value on the body parts from the pooled-sentence estimate."""
    paragraphs = [part for k in range(copies) for p in seed.paragraphs for part in (f"Notes from the field number {k}", p)]
    return document(paragraphs)


def _analyses_and_figures(doc: text.Document, resamples: int = stats.RESAMPLES):
    whole = readability.whole_text_table(doc)
    intervals = readability.bootstrap_intervals(doc, resamples=resamples)
    readability_figures.paragraph_figure(readability.paragraph_grades(doc), whole)
    _, data = readability_figures.comparison_figure(whole, intervals)
    return intervals, data


def test_long_text_whose_textstat_value_lies_outside_the_interval_still_draws(seed):
    # 400 paragraphs, 920 sentences: this text crashed the old figure ("'xerr' must not contain
    # negative values"; checked on commit cc72560), because it drew textstat's value with the
    # interval of the pooled-sentence estimate, and here the two are grades apart.
    intervals, data = _analyses_and_figures(_seed_with_unpunctuated_lines(seed, 20))
    fk = intervals.set_index("measure").loc["flesch_kincaid_grade"]
    assert not fk["low"] <= fk["value"] <= fk["high"]  # the old figure's point: outside
    assert (intervals["low"] <= intervals["estimate"]).all() and (intervals["estimate"] <= intervals["high"]).all()
    shown = data.dropna(subset=["low"])
    assert (shown["point"] == intervals.set_index("measure").loc[shown["measure"], "estimate"].to_numpy()).all()


@pytest.mark.parametrize("paragraphs", [
    ["Only one sentence stands here."],  # one sentence
    ["Two words.", "Then a second paragraph of several words."],  # a sentence textstat does not count
    [" ".join(["The quiet committee reviewed every careful proposal again."] * 12)],  # one paragraph, identical sentences
], ids=["one sentence", "short sentence", "identical sentences"])
def test_edge_cases_give_a_point_inside_its_interval(paragraphs):
    intervals, data = _analyses_and_figures(document(paragraphs), resamples=200)
    assert (intervals["low"] <= intervals["estimate"]).all() and (intervals["estimate"] <= intervals["high"]).all()
    assert data["point"].notna().all()


def test_identical_sentences_have_an_interval_of_width_zero():
    sentence = "The quiet committee reviewed every careful proposal again."
    intervals = readability.bootstrap_intervals(document([" ".join([sentence] * 12)]), resamples=200)
    assert (intervals["low"] == intervals["high"]).all() and (intervals["estimate"] == intervals["low"]).all()
    # Twelve copies of one sentence: every count is 12 times one copy's, so the ratios, and the
    # formula, are those of one copy.
    assert intervals.set_index("measure").loc["flesch_kincaid_grade", "estimate"] == pytest.approx(
        textstat.flesch_kincaid_grade(sentence), rel=1e-12)


def test_compute_layer_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("readability", "matplotlib")  # tests/conftest.py
