"""textstat's values and counts, and six formulas written from counts (compute only).

Every value *reported* is textstat 0.7.8's own, called on the same text. `FROM_COUNTS` writes
six formulas out again, with textstat's coefficients and in its order of operations
(`textstat/backend/metrics`), for two uses only: to bootstrap a formula over sentences
without rerunning textstat thousands of times, and to show the arithmetic (the tests and the
notebook prove that on a text's counts it gives textstat's float).

textstat keeps module-level settings (language, rounding). This module never changes them:
it relies on the defaults (`en_US`, no rounding) and `check_textstat_defaults` says so when
someone else has changed them.
"""
from __future__ import annotations

from typing import Callable, Mapping

import textstat

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

# Coefficients as textstat 0.7.8 writes them (backend/metrics/*.py; Flesch Reading Ease in
# backend/utils/constants.py, "en"); sources of the formulas:
# Flesch (1948); Kincaid, Fishburne, Rogers & Chissom (1975); Gunning (1952); McLaughlin (1969);
# Coleman & Liau (1975), who published 0.0588 where textstat has 0.058; Senter & Smith (1967).
FLESCH_READING_EASE = (206.835, 1.015, 84.6)  # base, per word/sentence, per syllable/word
FLESCH_KINCAID = (0.39, 11.8, 15.59)  # per word/sentence, per syllable/word, subtracted
GUNNING_FOG = (0.4, 100)  # factor, complex words per 100 words
SMOG = (1.043, 30, 3.1291)  # factor, sentences in McLaughlin's sample, added
COLEMAN_LIAU = (0.058, 0.296, 15.8)  # per letters/100 words, per sentences/100 words, subtracted
ARI = (4.71, 0.5, 21.43)  # per characters/token, per word/sentence, subtracted
LINSEAR_WRITE_WORDS = 100  # Linsear Write reads only the first 100 words (textstat: text.split()[:100])
# textstat's reading_time: 14.69 ms per character, white space excluded (it cites Demberg &
# Keller 2008); about 790 words a minute on ordinary prose, three times faster than reading.
TEXTSTAT_MS_PER_CHARACTER = 14.69
# Brysbaert (2019), "How many words do we read per minute?", J. Memory and Language 109,
# 104047: silent reading of English non-fiction by adults, 238 words per minute.
READING_RATE_WPM = 238


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


def reading_time_at_rate(words: int, words_per_minute: float = READING_RATE_WPM) -> float:
    """Return the seconds needed to read `words` words at `words_per_minute`: 60 W / rate."""
    return 60 * words / words_per_minute


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


Counts = Mapping[str, float]


def flesch_reading_ease(c: Counts) -> float:
    """206.835 − 1.015 W/S − 84.6 Y/W (W words, S sentences, Y syllables)."""
    base, per_sentence, per_syllable = FLESCH_READING_EASE
    return base - per_sentence * (c["words"] / c["sentences"]) - per_syllable * (c["syllables"] / c["words"])


def flesch_kincaid_grade(c: Counts) -> float:
    """0.39 W/S + 11.8 Y/W − 15.59."""
    per_sentence, per_syllable, offset = FLESCH_KINCAID
    return per_sentence * (c["words"] / c["sentences"]) + per_syllable * (c["syllables"] / c["words"]) - offset


def gunning_fog(c: Counts) -> float:
    """0.4 (W/S + 100 H/W), H complex words (3+ syllables, not on the easy list)."""
    factor, per_hundred = GUNNING_FOG
    return factor * (c["words"] / c["sentences"] + per_hundred * c["complex_words"] / c["words"])


def smog_index(c: Counts) -> float:
    """1.043 √(30 P/S) + 3.1291, P words of 3+ syllables."""
    factor, sample, offset = SMOG
    return (factor * (sample * (c["polysyllables"] / c["sentences"])) ** 0.5) + offset


def coleman_liau_index(c: Counts) -> float:
    """0.058 L − 0.296 S100 − 15.8, L letters and S100 sentences per 100 words."""
    per_letter, per_sentence, offset = COLEMAN_LIAU
    return (per_letter * (c["letters"] / c["words"] * 100)
            - per_sentence * (c["sentences"] / c["words"] * 100) - offset)


def automated_readability_index(c: Counts) -> float:
    """4.71 C/T + 0.5 W/S − 21.43, C characters, T white-space tokens."""
    per_character, per_sentence, offset = ARI
    return per_character * (c["characters"] / c["tokens"]) + per_sentence * (c["words"] / c["sentences"]) - offset


FROM_COUNTS: dict[str, Callable[[Counts], float]] = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
}
