"""Words for the numbers: each measure's name, scale and plain-language reading (compute only)."""
from __future__ import annotations

import math

from .measures import LINSEAR_WRITE_WORDS, READING_RATE_WPM, TEXTSTAT_MS_PER_CHARACTER

# Flesch (1948) table of reading ease.
FLESCH_BANDS = (
    (90, "very easy (grade 5)"), (80, "easy (grade 6)"), (70, "fairly easy (grade 7)"),
    (60, "plain English (grades 8–9)"), (50, "fairly difficult (grades 10–12)"),
    (30, "difficult (college)"), (-math.inf, "very difficult (college graduate)"),
)
# Chall & Dale (1995) conversion of the Dale–Chall score to grades.
DALE_CHALL_BANDS = (
    (10, "college graduate (grade 16+)"), (9, "college (grades 13–15)"), (8, "grades 11–12"),
    (7, "grades 9–10"), (6, "grades 7–8"), (5, "grades 5–6"), (-math.inf, "grade 4 and below"),
)
# McAlpine (2006), as given by textstat's cited source.
EFLAW_BANDS = (
    (30, "very confusing"), (26, "a little difficult"), (21, "quite easy"), (-math.inf, "very easy"),
)

LABELS = {
    "flesch_reading_ease": "Flesch Reading Ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning Fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "Automated Readability Index",
    "dale_chall_readability_score": "Dale–Chall",
    "linsear_write_formula": f"Linsear Write (first {LINSEAR_WRITE_WORDS} words)",
    "spache_readability": "Spache",
    "mcalpine_eflaw": "McAlpine EFLAW",
    "text_standard": "Consensus (text_standard)",
    "reading_time": f"Reading time, textstat ({TEXTSTAT_MS_PER_CHARACTER} ms per character)",
    "reading_time_at_rate": f"Reading time at {READING_RATE_WPM} words/min (Brysbaert 2019)",
}
# Labels short enough for a figure panel or a single-column axis.
SHORT_LABELS = LABELS | {"flesch_kincaid_grade": "Flesch–Kincaid", "automated_readability_index": "ARI",
                         "linsear_write_formula": "Linsear Write", "text_standard": "Consensus"}
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
    "reading_time_at_rate": "seconds",
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
# textstat's other functions that apply to English, outside the list: (label, note).
OTHER_MEASURES = {
    "dale_chall_readability_score_v2": ("Dale–Chall, v2", "as Dale–Chall, but words of one syllable are never difficult"),
    "lix": ("LIX (Björnsson 1968)", "W/S + 100 × long words/W; above 60 is very difficult"),
    "rix": ("RIX (Anderson 1983)", "long words (7+ letters) per sentence"),
}


def reading(measure: str, value: float) -> str:
    """Return a plain-language reading of one formula value (e.g. "college level")."""
    if measure == "flesch_reading_ease":
        return band(value, FLESCH_BANDS)
    if measure == "dale_chall_readability_score":
        return band(value, DALE_CHALL_BANDS)
    if measure == "mcalpine_eflaw":
        return band(value, EFLAW_BANDS) + " for learners of English"
    if measure == "spache_readability":
        text = grade_reading(value)
        return text if value < 4 else f"{text}; but Spache is meant for grades 1–3 only"
    if measure == "reading_time":
        return f"about {value / 60:.1f} min at {TEXTSTAT_MS_PER_CHARACTER} ms per character"
    if measure == "reading_time_at_rate":
        return f"about {value / 60:.1f} min at {READING_RATE_WPM} words a minute"
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


def band(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    """Return the label of the first band whose lower bound `value` reaches."""
    return next(label for bound, label in bands if value >= bound)
