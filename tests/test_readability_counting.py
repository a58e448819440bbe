"""A long document's counts from one pass over its words (`readability.counting.one_pass`) equal the counts
taken unit by unit: `fast_textstat.sentence_inputs` of each sentence, `fast_textstat.text_counts` of each
paragraph and of the body (each equal to textstat's own calls: tests/test_fast_textstat.py,
tests/test_readability_long.py), and textstat's calls themselves where they are cheap.

Inputs: the seed, State of the Union addresses, a text of the seed's numbered paragraphs
(the benchmark's 10 MB text in small: 200,000 characters), fuzzed texts built from the cases the one pass reasons about
(contraction and other apostrophes, tokens without a word character, paragraphs and sentences that end with
or without a sentence end, white space of every kind, non-ASCII letters and digits, the final sigma,
paragraphs of more than 100 tokens with punctuation tokens among their first 100), and documents whose
sentences do not tile their paragraphs (given by hand), or that hold the marker word.
"""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import textstat
from textstat.backend.selections import list_words
from textstat.backend.validations import is_difficult_word

from helpers import paths, readability, text
from helpers.readability import counting, disagreements, fast_textstat, tables, uncertainty

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"
PIECES = ("The", "envoy,", "Mr.", "Lavrov,", "met", "23", "pro-Kremlin", "delegates", "at", "5", "p.m.", "on", "Monday",
          "—", "twice.", "Why?", "Institutional", "considerations", "necessitate", "comprehensive", "deliberation!",
          '"Go', 'now,"', "he", "said;", "they'd", "left", "the", "U.S.", "already.", "Beautiful", "a", "I", "it's",
          "e.g.", "...", "?", "!", "3.14", "rock'n'roll", "'tis", "'", "''", "dogs'", "o'", "'ll", "--", "(1)", "Élan",
          "naïve", "ΟΔΟΣ.", "Σ", "straße", "İstanbul", "٣٤", "x_y", "can't!", "'quoted'", "end.\"", "…", "?!", ".",
          "don't.", "A.", "b", "'s", "'t'", "word'.", "Part", "0.")
SPACES = (" ", " ", " ", "  ", "\t", "\u00a0", "\u2003", "\n")


def document(paragraphs, title=None, sentences=None) -> text.Document:
    made = text.Document(name="test", sha256="0" * 64, title=title, paragraphs=tuple(paragraphs))
    if sentences is not None:  # given by hand (Document.sentences is a cached property)
        made.__dict__["sentences"] = tuple(tuple(group) for group in sentences)
    return made


def fuzzed(count: int, seed: int, longest: int = 160) -> list[str]:
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(count):
        size = rng.choice((1, 2, 3, 8, 30, 99, 100, 101, 102, 130, longest))
        words = [rng.choice(PIECES) for _ in range(size)]
        paragraphs.append("".join(w + rng.choice(SPACES) for w in words).strip() or "x")
    return paragraphs


def reference(made: text.Document) -> counting.DocumentCounts:
    return counting.unit_by_unit(made)


def assert_equal_counts(made: text.Document) -> None:
    fast, slow = counting.one_pass(made), reference(made)
    assert fast.sentences.equals(slow.sentences) and (fast.sentences.dtypes == slow.sentences.dtypes).all()
    assert fast.sentences.to_dict("records") == slow.sentences.to_dict("records")
    assert fast.paragraphs == slow.paragraphs
    assert fast.body == slow.body
    assert fast.body_difficult == slow.body_difficult
    assert fast.paragraph_pieces == slow.paragraph_pieces


def test_unit_by_unit_is_fast_textstat_and_textstat_per_unit(seed):
    made = document(fuzzed(25, seed=1))
    counts = reference(made)
    assert counts.body == fast_textstat.text_counts(made.body)
    assert list(counts.paragraphs) == [fast_textstat.text_counts(p) for p in made.paragraphs]
    assert list(counts.paragraph_pieces) == [int(readability.textstat_pieces(p)["counted"].sum()) for p in made.paragraphs]
    assert counts.body.sentences == textstat.sentence_count(made.body)
    assert counts.body_difficult == {w for w in list_words(made.body) if is_difficult_word(w, 2, "en_US")}
    assert counts.body.difficult_unique == textstat.difficult_words(made.body) == len(counts.body_difficult)
    for row in counts.sentences.head(40).itertuples():
        sentence = made.sentences[row.paragraph - 1][row.sentence - 1]
        assert row.text == sentence
        inputs = readability.formula_inputs(sentence)
        inputs["sentences"] = int(readability.textstat_pieces(sentence)["counted"].sum())
        assert {name: getattr(row, name) for name in counting.INPUTS} == inputs


def test_one_pass_on_the_seed_and_addresses(seed):
    assert_equal_counts(seed)
    for path in sorted(SOTU.glob("*.txt"))[::40]:
        assert_equal_counts(text.load_document(path))


def test_one_pass_on_the_seed_paragraphs_numbered():
    seed_paragraphs = text.load_document(paths.SEED_PATH).paragraphs
    paragraphs = [f"Part {k}. {seed_paragraphs[k % len(seed_paragraphs)]}" for k in range(420)]
    made = document(paragraphs, title="A long test text")
    assert sum(map(len, paragraphs)) > 200_000
    assert_equal_counts(made)


@pytest.mark.parametrize("seed_number", range(6))
def test_one_pass_on_fuzzed_texts(seed_number):
    assert_equal_counts(document(fuzzed(60, seed=seed_number)))


def test_one_pass_on_sentences_that_do_not_tile_their_paragraph():
    paragraphs = ["One two three. Four five six.", "Seven eight nine.Ten eleven twelve.", "A b c d. E f g h.",
                  "Lost words here. Kept words there.", "x y z", "Only this. And that."]
    sentences = [["One two three.", "Four five six."], ["Seven eight nine.", "Ten eleven twelve."],
                 ["A b c d.", "E f g h."], ["Kept words there."], ["x y z"], ["Only this.", "", "And that."]]
    made = document(paragraphs, sentences=sentences)
    assert [counting.tiles(p, s) for p, s in zip(paragraphs, made.sentences)] == [True, False, True, False, True, False]
    assert_equal_counts(made)


def test_one_pass_on_a_text_holding_the_marker():
    made = document(["Before it. " + counting.MARKER + " after it.", "Another one here."])
    assert_equal_counts(made)
    hidden = document(["Some words " + counting.MARKER[:5] + "-" + counting.MARKER[5:] + " and more.", "Fine text."])
    assert_equal_counts(hidden)


def test_one_pass_sentence_ends_across_sentences_and_paragraphs():
    # Sentences and paragraphs that end without one of textstat's sentence ends: its pieces run across them.
    paragraphs = ["He said hello and then left the building", "She stayed here for a while. Then she left too",
                  "The end of it all. Really the end. Yes", "Whatever comes next is fine. '…' ...", "Last one here"]
    sentences = [["He said hello", "and then left the building"],
                 ["She stayed here for a while.", "Then she left too"],
                 ["The end of it all.", "Really the end.", "Yes"],
                 ["Whatever comes next is fine.", "'…' ..."], ["Last one here"]]
    assert_equal_counts(document(paragraphs, sentences=sentences))
    assert_equal_counts(document(paragraphs))


def test_one_pass_linsear_of_long_paragraphs_with_tokens_without_words():
    rng = random.Random(3)
    paragraphs = []
    for k in range(40):
        tokens = [rng.choice(("—", "...", "''", "word", "it's", "'", "Beautiful", "a.", "x")) for _ in range(95 + k)]
        paragraphs.append(" ".join(tokens) + rng.choice((".", "", " ?")))
    assert_equal_counts(document(paragraphs))
    # Fewer than 100 words in all, more than 100 tokens: the whole text is counted.
    assert_equal_counts(document(["— " * 60 + "a b c.", "— " * 50 + "d e f."]))


def long_document(monkeypatch) -> text.Document:
    monkeypatch.setattr(counting, "ONE_PASS_MIN_CHARACTERS", 0)
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    return document(fuzzed(50, seed=11), title="A title without a full stop")


def test_tables_read_the_one_pass_on_a_long_document(monkeypatch):
    made = long_document(monkeypatch)
    assert counting.uses_one_pass(made)
    assert tables.body_counts(made) == fast_textstat.text_counts(made.body)
    assert tables.paragraph_values(made) == tuple(tuple(fast_textstat.measures(p)[n] for n in tables.PARAGRAPH_NAMES)
                                                  for p in made.paragraphs)
    monkeypatch.setattr(counting, "ONE_PASS_MIN_CHARACTERS", 10**12)
    slow = uncertainty.sentence_counts(made)
    monkeypatch.setattr(counting, "ONE_PASS_MIN_CHARACTERS", 0)
    assert uncertainty.sentence_counts(made).equals(slow)


@pytest.mark.parametrize("title", ["A title without a full stop", "Title.", "One two three four. Five?", "—",
                                   " ".join(["Word"] * 120) + ".", "x"])
def test_title_and_body_values_equal_textstat_values_of_the_joined_text(monkeypatch, title):
    made = long_document(monkeypatch)
    for paragraphs in (made.paragraphs, ("Short one.",) + made.paragraphs, ("a — b",) * 3 + made.paragraphs):
        titled = document(paragraphs, title=title)
        whole = f"{title}\n\n{titled.body}"
        assert tables.title_and_body_values(titled) == tables.textstat_values(whole)
    assert tables.title_and_body_values(titled)["flesch_kincaid_grade"] == textstat.flesch_kincaid_grade(whole)


def test_the_seed_takes_the_unit_by_unit_path(seed):
    assert not counting.uses_one_pass(seed)
    assert counting.ONE_PASS_MIN_CHARACTERS == text.memo.MEMO_MIN_CHARACTERS


def test_body_word_counts_are_textstats_list_words(seed, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    made = document(fuzzed(30, seed=4))
    for doc in (seed, made):
        counts = disagreements.body_word_counts(doc)
        assert counts == Counter(list_words(doc.body, lowercase=True))
        assert list(counts) == list(Counter(disagreements.textstat_words(doc.body)))


def reference_points(grades, whole):
    """paragraph_figure's rows as it built them before `paragraph_points`: a dict per (formula, paragraph)."""
    from helpers.plots.readability import POINT_COLUMNS

    whole_values, whole_reliable = whole.set_index("measure")["value"], whole.set_index("measure")["reliable"]
    flag_column = {"smog_index": "smog_unreliable", "linsear_write_formula": "linsear_unreliable"}
    return pd.DataFrame([
        {"paragraph": int(row.paragraph), "measure": m, "formula": readability.LABELS[m], "grade": float(getattr(row, m)),
         "unreliable": bool(getattr(row, flag_column.get(m, "unreliable"))),
         "whole_text": float(whole_values[m]), "whole_text_unreliable": not bool(whole_reliable[m])}
        for m in readability.GRADE_MEASURES for row in grades.itertuples()], columns=POINT_COLUMNS)


def reference_bins(data, max_bins):
    """`binned_grades` as it was: each bin's rows selected by a paragraph range."""
    from helpers.plots.readability import paragraph_bins

    bins = paragraph_bins(int(data["paragraph"].max()), max_bins)
    rows = []
    for measure, part in data.groupby("measure", sort=False):
        for number, (first, last) in enumerate(bins, 1):
            values = part[(part["paragraph"] >= first) & (part["paragraph"] <= last)]
            rows.append({"measure": measure, "formula": values["formula"].iloc[0], "bin": number, "first": first,
                         "last": last, "paragraphs": len(values), "unreliable": int(values["unreliable"].sum()),
                         "median": float(values["grade"].median()), "low": float(values["grade"].min()),
                         "high": float(values["grade"].max()), "whole_text": float(values["whole_text"].iloc[0])})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("max_bins", [1, 7, 50])
def test_paragraph_points_and_bins_equal_the_row_by_row_tables(seed, monkeypatch, max_bins):
    from helpers.plots.readability import binned_grades, paragraph_points

    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    for made in (seed, document(fuzzed(137, seed=9))):
        grades, whole = readability.paragraph_grades(made), readability.whole_text_table(made)
        points = paragraph_points(grades, whole)
        expected = reference_points(grades, whole)
        assert points.equals(expected) and (points.dtypes == expected.dtypes).all()
        assert points.to_csv() == expected.to_csv()
        shuffled = points.sample(frac=1, random_state=max_bins)  # the rows' order does not matter
        for table in (points, shuffled):
            bins, expected_bins = binned_grades(table, max_bins), reference_bins(table, max_bins)
            assert bins.equals(expected_bins) and bins.to_csv() == expected_bins.to_csv()


@pytest.mark.parametrize("block", [1, 3])
def test_kept_resampled_sums_are_fresh_draws(block):
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, 30, size=(120, 8)), rng.integers(0, 30, size=(77, 8))
    uncertainty._FRESH.clear()
    for _ in range(3):  # computed, then kept
        sums, state = uncertainty.fresh_resampled_sums(first, block, 300, 5)
        generator = np.random.default_rng(5)
        assert np.array_equal(sums, uncertainty.resampled_sums(first, block, 300, generator))
        assert state == generator.bit_generator.state
        sums[0, 0] += 1  # a caller's copy: changing it changes nothing kept
    for other_seed, other in ((6, first), (5, first[:-1]), (5, first + 1)):  # another seed or matrix: other draws
        assert np.array_equal(uncertainty.fresh_resampled_sums(other, block, 300, other_seed)[0],
                              uncertainty.resampled_sums(other, block, 300, np.random.default_rng(other_seed)))
    # The difference of two units: the second unit's draws continue the first's stream.
    generator = np.random.default_rng(5)
    sums_a = uncertainty.resampled_sums(first, block, 300, generator)
    sums_b = uncertainty.resampled_sums(second, block, 300, generator)
    measure = "flesch_kincaid_grade"
    differences = np.array([uncertainty.pooled_sums(x, measure) - uncertainty.pooled_sums(y, measure)
                            for x, y in zip(sums_a, sums_b)])
    result = uncertainty.difference_intervals(first, second, [measure], resamples=300, seed=5, block=block)[0]
    low, high = np.quantile(differences, [(1 - 0.95) / 2, 1 - (1 - 0.95) / 2])
    assert (result.low, result.high) == (float(low), float(high))
    if block > 1:
        kept = uncertainty.bootstrap_pooled(first, measure, block=block, resamples=300, seed=5)
        estimates = np.array([uncertainty.pooled_sums(x, measure) for x in sums_a])
        assert (kept.low, kept.high) == tuple(float(v) for v in np.quantile(estimates, [(1 - 0.95) / 2, 1 - (1 - 0.95) / 2]))
