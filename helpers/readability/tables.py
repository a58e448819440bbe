"""The readability tables: the contract's long table, the whole text, its counts, the paragraphs,
each value with a `reliable` flag and the reason (`why`) when it is not (compute only)."""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import textstat

from . import counting, fast_textstat
from ..text import Document, memo
from .labels import COUNT_MEANINGS, EXTRA_INPUTS, LABELS, OTHER_MEASURES, SCALES, reading
from .measures import (COUNTS, GRADE_MEASURES, LINSEAR_WRITE_WORDS, MEASURES, READING_RATE_WPM,
                       TEXTSTAT_MS_PER_CHARACTER, check_textstat_defaults, formula_inputs,
                       reading_time_at_rate, textstat_value)


class Limits(NamedTuple):
    """Below these a formula's value is flagged as unreliable (not hidden)."""

    min_sentences: int = 3  # a mean sentence length over 1-2 sentences is one sentence's length
    min_words: int = 100  # the classic formulas were fitted on passages of about 100 words or more
    smog_sentences: int = 30  # McLaughlin (1969) defined SMOG on a sample of 30 sentences


def short_text_reasons(sentences: int, words: int, limits: Limits = Limits()) -> list[str]:
    """Return why a text of `sentences` and `words` (textstat's counts) is too short for any formula."""
    return ([f"{sentences} sentences < {limits.min_sentences}"] if sentences < limits.min_sentences else []) + (
        [f"{words} words < {limits.min_words}"] if words < limits.min_words else [])


def reliability(measure: str, values: dict[str, float], limits: Limits = Limits()) -> tuple[bool, str]:
    """Return (reliable, why) for `measure` on a text whose textstat values are `values`.

    `values` holds at least sentence_count, lexicon_count and, for reading_time, its value.
    A count is exact (always reliable). textstat's reading time is a fixed rate per character,
    not a measured reading speed: flagged. Every formula is flagged on a text that is too short
    (`short_text_reasons`); SMOG below `limits.smog_sentences` sentences; Linsear Write when the
    text is longer than the 100 words it reads.
    """
    sentences, words = int(values["sentence_count"]), int(values["lexicon_count"])
    if measure in COUNTS:
        return True, ""
    if measure == "reading_time":
        per_minute = words / (values["reading_time"] / 60) if values["reading_time"] else 0.0
        return False, (f"{TEXTSTAT_MS_PER_CHARACTER} ms per character is about {per_minute:.0f} words/min"
                       f" here; silent reading is about {READING_RATE_WPM} (Brysbaert 2019)")
    reasons = short_text_reasons(sentences, words, limits)
    if measure == "smog_index" and sentences < limits.smog_sentences:
        reasons.append(f"{sentences} sentences < {limits.smog_sentences} (SMOG's sample)")
    if measure == "linsear_write_formula" and words > LINSEAR_WRITE_WORDS:
        reasons.append(f"reads only the first {LINSEAR_WRITE_WORDS} of {words:,} words")
    return not reasons, "; ".join(reasons)


@memo.per_document
def body_counts(document: Document) -> fast_textstat.Counts:
    """Return textstat's counts of `document.body` (`fast_textstat.text_counts`), computed once per long document.

    Notebook 01, its appendix and `run`'s readability.csv all read the body's counts: on a long
    text each would otherwise count its millions of characters again (`memo.per_document`). A long document's
    come from its paragraphs' (`counting.document_counts`: the same integers, tests/test_readability_counting.py).
    """
    check_textstat_defaults()
    if counting.uses_one_pass(document):
        return counting.document_counts(document).body
    return fast_textstat.text_counts(document.body)


def body_measures(document: Document) -> dict[str, float]:
    """Return `fast_textstat.measures(document.body)` (equal to textstat's values) from `body_counts`."""
    check_textstat_defaults()
    return fast_textstat.measures_from_counts(body_counts(document))


def body_inputs(document: Document) -> dict[str, int]:
    """Return `formula_inputs(document.body)` (textstat's counts, the same integers) from `body_counts`."""
    check_textstat_defaults()
    return fast_textstat.inputs_from_counts(body_counts(document))


PARAGRAPH_NAMES = MEASURES + COUNTS  # the order of each tuple of `paragraph_values`


@memo.per_document
def paragraph_values(document: Document) -> tuple[tuple[float, ...], ...]:
    """Return textstat's MEASURES then COUNTS (`PARAGRAPH_NAMES`) of each body paragraph, one tuple each.

    From `fast_textstat.measures` (equal to `textstat_value` bit for bit, tests/test_fast_textstat.py),
    computed once per long document for `readability_long` (run's readability.csv) and `paragraph_grades`
    (notebook 01). A long document's counts come from one pass over its words (`counting.document_counts`:
    the same counts as `fast_textstat.text_counts` of each paragraph, tests/test_readability_counting.py).
    """
    check_textstat_defaults()
    if counting.uses_one_pass(document):
        return tuple(tuple(values[name] for name in PARAGRAPH_NAMES)
                     for values in map(fast_textstat.measures_from_counts, counting.document_counts(document).paragraphs))
    return tuple(tuple(values[name] for name in PARAGRAPH_NAMES)
                 for values in map(fast_textstat.measures, document.paragraphs))


@memo.per_document
def readability_long(document: Document, limits: Limits = Limits()) -> pd.DataFrame:
    """Return every measure and count of the body and of each paragraph, one per row.

    Columns: unit ("document" for `document.body`, else the 1-based paragraph number),
    measure (a textstat function name: MEASURES then COUNTS), value (unrounded float), then
    the extras reliable and why (see `reliability`).
    """
    check_textstat_defaults()
    # textstat's own values, from one pass over the words (helpers.readability.fast_textstat: equal to
    # textstat_value bit for bit, proved by tests/test_fast_textstat.py; textstat recounts
    # every word for each of the 21 calls).
    body = body_measures(document)
    units = [("document", tuple(body[name] for name in PARAGRAPH_NAMES))] + list(
        enumerate(paragraph_values(document), 1))
    rows = []
    for unit, numbers in units:
        values = dict(zip(PARAGRAPH_NAMES, numbers))
        for measure, value in values.items():
            reliable, why = reliability(measure, values, limits)
            rows.append({"unit": unit, "measure": measure, "value": value, "reliable": reliable, "why": why})
    return pd.DataFrame(rows, columns=["unit", "measure", "value", "reliable", "why"])


def whole_text_table(document: Document, limits: Limits = Limits()) -> pd.DataFrame:
    """Return one row per formula on the body: measure, formula, value, scale, reading, reliable, why.

    The rows are MEASURES, with the reading time at READING_RATE_WPM (measure
    `reading_time_at_rate`, not a textstat function) right after textstat's own.
    """
    check_textstat_defaults()
    # textstat's values on the body, from one pass over its words (fast_textstat: equal to
    # textstat_value bit for bit, tests/test_fast_textstat.py; textstat recounts every word per call).
    fast_values = body_measures(document)
    values = {measure: fast_values[measure] for measure in MEASURES + ("sentence_count", "lexicon_count")}
    values["reading_time_at_rate"] = reading_time_at_rate(int(values["lexicon_count"]))
    order = list(MEASURES)
    order.insert(order.index("reading_time") + 1, "reading_time_at_rate")
    rows = []
    for measure in order:
        reliable, why = reliability(measure, values, limits)
        rows.append({"measure": measure, "formula": LABELS[measure], "value": values[measure],
                     "scale": SCALES[measure], "reading": reading(measure, values[measure]),
                     "reliable": reliable, "why": why})
    return pd.DataFrame(rows)


def other_measures_table(document: Document) -> pd.DataFrame:
    """Return textstat's other English-capable measures on the body: measure, formula, value, note."""
    check_textstat_defaults()
    # From the body's counts (`body_counts`), as textstat computes them (equal: tests/test_readability_long.py).
    values = fast_textstat.other_formulas(body_counts(document))
    return pd.DataFrame([{"measure": m, "formula": label, "value": float(values[m]), "note": note}
                         for m, (label, note) in OTHER_MEASURES.items()])


def counts_table(document: Document) -> pd.DataFrame:
    """Return the counts behind the formulas on the body: count, call, value, meaning, used_by.

    First the COUNTS (textstat functions with default arguments), then the formula inputs
    that need other arguments (EXTRA_INPUTS). The values are textstat's, counted in one pass
    (`body_measures`, `body_inputs`: equal to the calls named in `call`, tests/test_speed_paths.py).
    """
    check_textstat_defaults()
    values = body_measures(document)
    rows = [{"count": name, "call": f"{name}(text)", "value": int(values[name]),
             "meaning": COUNT_MEANINGS[name][0], "used_by": COUNT_MEANINGS[name][1]} for name in COUNTS]
    inputs = body_inputs(document)
    rows += [{"count": name, "call": call, "value": inputs[name], "meaning": meaning, "used_by": used_by}
             for name, (call, meaning, used_by) in EXTRA_INPUTS.items()]
    return pd.DataFrame(rows)


def paragraph_grades(document: Document, limits: Limits = Limits()) -> pd.DataFrame:
    """Return the grade-level formulas of each body paragraph, with reliability flags.

    Columns: paragraph (1-based), sentences and words (textstat's counts, the formulas'
    inputs), sentences_syntok (the project's splitter), one column per GRADE_MEASURES,
    unreliable (too short: `short_text_reasons`), smog_unreliable and linsear_unreliable
    (`reliability` of those two), why (the short-text reasons, "" if none).
    """
    check_textstat_defaults()
    rows = []
    # textstat's values of each paragraph, from one pass over its words (`paragraph_values`: equal
    # to textstat_value, tests/test_speed_paths.py), computed once per long document.
    # The flags depend on the sentence and word counts alone: worked out once per distinct pair (a long text
    # repeats them), by the same functions.
    flags: dict[tuple[int, int], dict[str, object]] = {}
    for number, (numbers, sentences) in enumerate(zip(paragraph_values(document), document.sentences), 1):
        values = dict(zip(PARAGRAPH_NAMES, numbers))
        n_sentences, n_words = int(values["sentence_count"]), int(values["lexicon_count"])
        flagged = flags.get((n_sentences, n_words))
        if flagged is None:
            reasons = short_text_reasons(n_sentences, n_words, limits)
            flagged = flags[n_sentences, n_words] = {
                "unreliable": bool(reasons), "smog_unreliable": not reliability("smog_index", values, limits)[0],
                "linsear_unreliable": not reliability("linsear_write_formula", values, limits)[0],
                "why": "; ".join(reasons)}
        rows.append({"paragraph": number, "sentences": n_sentences, "words": n_words,
                     "sentences_syntok": len(sentences)}
                    | {m: values[m] for m in GRADE_MEASURES}
                    | flagged)
    return pd.DataFrame(rows)


def title_and_body_values(document: Document) -> dict[str, float]:
    """Return `textstat_values(f"{document.title}\n\n{document.body}")`: the title as the first paragraph.

    A long document's from its title's counts and its paragraphs' (`counting.joined_counts`: equal,
    tests/test_readability_counting.py), without counting its body again.
    """
    check_textstat_defaults()
    whole = f"{document.title}\n\n{document.body}"
    if not counting.uses_one_pass(document):
        return fast_textstat.measures(whole)
    counts = counting.document_counts(document)
    title = document.title
    title_words = counting.remove_punctuation(title, rm_apostrophe=False).split()
    difficult = counts.body_difficult | {w for w in title_words if fast_textstat.word_facts(w)[2]}
    joined = counting.joined_counts([title, *document.paragraphs], [fast_textstat.text_counts(title), *counts.paragraphs],
                                    [fast_textstat.counted_pieces(title), *counts.paragraph_pieces], difficult, whole)
    return fast_textstat.measures_from_counts(joined)


def textstat_values(text: str) -> dict[str, float]:
    """Return textstat's MEASURES and COUNTS on `text`, counted in one pass.

    `fast_textstat.measures`: each value equals `textstat_value(name, text)` bit for bit
    (tests/test_fast_textstat.py), where textstat recounts the text for each of the 21 calls.
    """
    check_textstat_defaults()
    return fast_textstat.measures(text)
