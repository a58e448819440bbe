"""Readability on a long text: each faster path equals the slower one it replaces.

Every expected value comes from the slow path called here independently: textstat's own
functions (`readability.formula_inputs`, `textstat_value`, `textstat_pieces`), `stats.bootstrap`,
and resamples built row by row from their block starts. Inputs: the seed, a State of the Union
address, fuzzed texts, and a document long enough for the disk memo (`memo.per_document`).
"""
from __future__ import annotations

import random

import numpy as np
import pytest
import textstat

from helpers import paths, readability, stats, text
from helpers.readability import fast_textstat, tables, uncertainty
from helpers.text import memo

ADDRESS = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / "1962_john_f_kennedy_d.txt"
WORDS = ("The envoy, Mr. Lavrov, met 23 pro-Kremlin delegates at 5 p.m. on Monday — twice. Why? Institutional "
         "considerations necessitate comprehensive deliberation! \"Go now,\" he said; they'd left the U.S. already. "
         "Beautiful extraordinary a I it's e.g. ... ? ! 3.14 rock'n'roll").split()


def make_document(paragraphs, title=None) -> text.Document:
    return text.Document(name="test", sha256="0" * 64, title=title, paragraphs=tuple(paragraphs))


def fuzzed_paragraphs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 120))) for _ in range(count)]


@pytest.fixture(scope="module")
def address() -> text.Document:
    return text.load_document(ADDRESS)


@pytest.fixture(scope="module")
def fuzzed() -> text.Document:
    return make_document(fuzzed_paragraphs(60, seed=5))


def test_fast_formula_inputs_equal_textstat_calls(seed):
    units = [seed.body, *seed.paragraphs, *(s for group in seed.sentences for s in group), *fuzzed_paragraphs(150, 6),
             "", "Hi.", "a b c.", "— — .", "word " * 150 + "."]
    wrong = [u for u in units if fast_textstat.formula_inputs(u) != readability.formula_inputs(u)]
    assert wrong == []
    assert list(fast_textstat.formula_inputs(seed.body)) == list(readability.formula_inputs(seed.body))


def test_counted_pieces_equal_textstat_pieces(seed):
    units = [*(s for group in seed.sentences for s in group), *fuzzed_paragraphs(200, 7), "", "He left.", "a. b c d."]
    assert [fast_textstat.counted_pieces(u) for u in units] == [
        int(readability.textstat_pieces(u)["counted"].sum()) for u in units]


def reference_sentence_rows(document: text.Document) -> list[dict]:
    """The table `sentence_counts` gave before its fast path: eleven textstat calls per sentence."""
    rows = []
    for number, sentences in enumerate(document.sentences, 1):
        for index, sentence in enumerate(sentences, 1):
            inputs = readability.formula_inputs(sentence)
            inputs["sentences"] = int(readability.textstat_pieces(sentence)["counted"].sum())
            rows.append({"paragraph": number, "sentence": index, "text": sentence} | inputs)
    return rows


@pytest.mark.parametrize("name", ["seed", "address", "fuzzed"])
def test_sentence_counts_equal_textstat_per_sentence(name, request):
    document = request.getfixturevalue(name)
    table = readability.sentence_counts(document)
    assert table.to_dict("records") == reference_sentence_rows(document)
    assert (table.dtypes.drop("text") == "int64").all()


@pytest.mark.parametrize("name", ["seed", "fuzzed"])
def test_paragraph_grades_are_textstat_per_paragraph(name, request):
    document = request.getfixturevalue(name)
    grades = readability.paragraph_grades(document)
    for row, paragraph in zip(grades.itertuples(), document.paragraphs):
        assert row.sentences == textstat.sentence_count(paragraph) and row.words == textstat.lexicon_count(paragraph)
        for measure in readability.GRADE_MEASURES:
            assert getattr(row, measure) == readability.textstat_value(measure, paragraph), (row.paragraph, measure)


def test_counts_table_is_textstat_called_directly(seed):
    table = readability.counts_table(seed).set_index("count")["value"]
    for name in readability.COUNTS:
        assert table[name] == int(getattr(textstat, name)(seed.body)), name
    expected = readability.formula_inputs(seed.body)
    for name in ("complex_words", "dale_chall_words", "spache_words", "tokens"):
        assert table[name] == expected[name], name


def test_long_document_tables_memoised_equal_direct(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    paragraphs = fuzzed_paragraphs(560, seed=8)
    document = make_document(paragraphs)
    assert memo.MEMO_MIN_CHARACTERS <= sum(map(len, paragraphs))
    first = tables.paragraph_values(document)  # computed and stored
    assert list((tmp_path / "memo").rglob("*.pickle"))
    again = tables.paragraph_values(document)  # read from disk
    assert first == again == tables.paragraph_values.uncached(document) and len(first) == len(paragraphs)
    for numbers, paragraph in list(zip(first, paragraphs))[::37]:
        assert numbers == tuple(readability.textstat_value(m, paragraph) for m in tables.PARAGRAPH_NAMES)
    assert tables.body_counts(document) == fast_textstat.text_counts(document.body)
    body = tables.body_measures(document)
    for measure in ("flesch_kincaid_grade", "smog_index", "char_count"):
        assert body[measure] == readability.textstat_value(measure, document.body)
    long_table = readability.readability_long(document)
    assert long_table.equals(readability.readability_long.uncached(document))


def test_resampling_block_is_one_for_the_seed_and_every_address():
    assert uncertainty.resampling_block(36) == uncertainty.resampling_block(1393) == 1
    assert uncertainty.resampling_block(uncertainty.MAX_BLOCKS) == 1
    assert uncertainty.resampling_block(uncertainty.MAX_BLOCKS + 1) == 2
    assert uncertainty.resampling_block(101_000) == 51  # ceil(101,000 / 2,000)


def naive_block_sums(matrix: np.ndarray, block: int, resamples: int, seed: int) -> np.ndarray:
    """Each resample built row by row: ceil(n / block) blocks from uniform starts, cut to n rows."""
    n = len(matrix)
    count = -(-n // block)
    starts = np.random.default_rng(seed).integers(0, n - block + 1, size=(resamples, count))
    sums = []
    for row in starts:
        rows = [i for start in row for i in range(start, start + block)][:n]
        sums.append([sum(int(matrix[i, j]) for i in rows) for j in range(matrix.shape[1])])
    return np.array(sums, dtype=np.int64)


@pytest.mark.parametrize("n, block, resamples", [(10, 3, 70), (131, 7, 129), (64, 64, 5), (500, 13, 200)])
def test_block_resamples_equal_resamples_built_row_by_row(n, block, resamples):
    matrix = np.random.default_rng(n).integers(0, 50, size=(n, 4))
    got = uncertainty.resampled_sums(matrix, block, resamples, np.random.default_rng(9))
    assert np.array_equal(got, naive_block_sums(matrix, block, resamples, 9))


@pytest.mark.parametrize("n, resamples", [(1, 5), (36, 300), (77, 130)])
def test_block_of_one_is_the_ordinary_bootstrap(n, resamples):
    matrix = np.random.default_rng(n).integers(1, 30, size=(n, len(uncertainty.ADDITIVE)))
    for measure in ("flesch_kincaid_grade", "smog_index"):
        got = uncertainty.bootstrap_pooled(matrix, measure, block=1, resamples=resamples)
        assert got == stats.bootstrap(matrix, lambda rows: uncertainty.pooled(rows, measure), resamples=resamples)
    # the one-row draws of resampled_sums are stats.bootstrap's draws too
    rng = np.random.default_rng(stats.BOOTSTRAP_SEED)
    draws = rng.integers(0, n, size=(resamples, n))
    expected = np.array([matrix[row].sum(axis=0) for row in draws])
    assert np.array_equal(uncertainty.resampled_sums(matrix, 1, resamples, np.random.default_rng(stats.BOOTSTRAP_SEED)),
                          expected)


def old_difference_interval(first, second, measure, resamples, level=stats.LEVEL, seed=stats.BOOTSTRAP_SEED):
    """difference_interval as it was before the block path (every draw at once, a pooled call per resample)."""
    a = first[list(uncertainty.ADDITIVE)].to_numpy(dtype=np.int64)
    b = second[list(uncertainty.ADDITIVE)].to_numpy(dtype=np.int64)
    rng = np.random.default_rng(seed)
    draws_a = rng.integers(0, len(a), size=(resamples, len(a)))
    draws_b = rng.integers(0, len(b), size=(resamples, len(b)))
    differences = np.array([uncertainty.pooled(a[i], measure) - uncertainty.pooled(b[j], measure)
                            for i, j in zip(draws_a, draws_b)])
    low, high = np.quantile(differences, [(1 - level) / 2, 1 - (1 - level) / 2])
    estimate = uncertainty.pooled(a, measure) - uncertainty.pooled(b, measure)
    return stats.Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)


def test_difference_intervals_equal_the_one_draw_per_resample_version(seed, address):
    for document, cut in ((seed, 5), (address, None)):
        table = readability.sentence_counts(document)
        if cut is None:
            first, second = table.iloc[:135], table.iloc[135:]
        else:
            first, second = table[table["paragraph"] <= cut], table[table["paragraph"] > cut]
        together = uncertainty.difference_intervals(first, second, uncertainty.BOOTSTRAP_MEASURES, resamples=150)
        for measure, result in zip(uncertainty.BOOTSTRAP_MEASURES, together):
            assert result == old_difference_interval(first, second, measure, 150) == uncertainty.difference_interval(
                first, second, measure, resamples=150)


def test_block_bootstrap_of_a_long_series(seed):
    # Blocks on a long text: the interval of the pooled value from block resamples built row by row.
    table = readability.sentence_counts(seed)
    matrix = np.tile(table[list(uncertainty.ADDITIVE)].to_numpy(dtype=np.int64), (70, 1))  # 2,520 sentences
    block = uncertainty.resampling_block(len(matrix))
    assert block == 2
    got = uncertainty.bootstrap_pooled(matrix, "gunning_fog", block=block, resamples=120)
    sums = naive_block_sums(matrix, block, 120, stats.BOOTSTRAP_SEED)
    estimates = [uncertainty.pooled_sums(row, "gunning_fog") for row in sums]
    low, high = np.quantile(estimates, [0.025, 0.975])
    assert (got.low, got.high) == (float(low), float(high))
    assert got.estimate == uncertainty.pooled(matrix, "gunning_fog") == uncertainty.pooled(table, "gunning_fog")
    intervals = uncertainty.bootstrap_intervals(seed, resamples=120, sentence_table=table, block=3)
    one = uncertainty.bootstrap_pooled(table, "smog_index", block=3, resamples=120)
    assert tuple(intervals.set_index("measure").loc["smog_index", ["estimate", "low", "high"]]) == (
        one.estimate, one.low, one.high)


def test_likely_english_and_word_count_equal_the_word_list_versions(seed):
    from helpers.text.document import ENGLISH_MIN_SHARE, _english_function_words

    english = _english_function_words()
    mixed = make_document(["Der Hund und die Katze sind im Haus, aber the dog is not."] * 3
                          + ["Ein kleines Haus mit einem großen Garten und vielen Bäumen steht dort."] * 4)
    for document in (seed, mixed, make_document(fuzzed_paragraphs(30, seed=3))):
        words = [w.lower() for w in document.words]
        share = sum(w in english for w in words) / len(words)
        assert text.likely_english(document) == (len(words) < 30 or share >= ENGLISH_MIN_SHARE)
        for threshold in (share, share + 1e-12, share - 1e-12):  # at the boundary the exact share decides
            assert text.likely_english(document, threshold) == (share >= threshold)
        assert text.summary(document)["body words"] == len(document.words)
    assert not text.likely_english(mixed)


def naive_length_bins(counts, max_bins):
    size = -(-len(counts) // max_bins)
    rows = []
    for number, start in enumerate(range(0, len(counts), size), 1):
        part = counts.iloc[start:start + size]
        words = sorted(part["words"])
        middle = len(words) // 2
        median = words[middle] if len(words) % 2 else (words[middle - 1] + words[middle]) / 2
        rows.append([number, part["paragraph"].iloc[0], part["paragraph"].iloc[-1], len(part), part["sentences"].sum(),
                     part["words"].sum(), float(median), min(words), max(words)])
    return rows


@pytest.mark.parametrize("paragraphs, max_bins", [(151, 50), (1000, 50), (20_249, 50), (7, 3)])
def test_length_bins_equal_bins_counted_one_by_one(paragraphs, max_bins):
    import pandas as pd

    from helpers.plots.text import length_bins

    rng = np.random.default_rng(paragraphs)
    counts = pd.DataFrame({"paragraph": np.arange(1, paragraphs + 1), "sentences": rng.integers(1, 9, paragraphs),
                           "words": rng.integers(1, 300, paragraphs)})
    counts["opening"] = "..."
    got = length_bins(counts, max_bins)
    assert got.values.tolist() == naive_length_bins(counts, max_bins)
    assert len(got) <= max_bins and got["paragraphs"].sum() == paragraphs


def test_paragraph_length_figure_is_binned_only_above_150_paragraphs(seed):
    import pandas as pd

    from helpers.plots.text import paragraph_length_figure

    counts = text.paragraph_counts(seed)
    _, data = paragraph_length_figure(counts)
    assert data.equals(counts[["paragraph", "words", "sentences"]])  # the seed: one bar per paragraph, as before
    many = pd.concat([counts] * 16, ignore_index=True).assign(paragraph=range(1, 161))
    figure, data = paragraph_length_figure(many)
    assert len(data) == 40 and "bins of 4 consecutive paragraphs" in figure.axes[0].get_xlabel()
    figure, data = paragraph_length_figure(many.iloc[:150])
    assert len(data) == 150


def test_sentence_inputs_equal_textstat_calls_and_pieces(seed):
    units = [*(s for group in seed.sentences for s in group), *fuzzed_paragraphs(300, 10), "", " ", "He left.", "—",
             "a. b c d.", "word " * 150 + "."]
    for unit in units:
        expected = readability.formula_inputs(unit) | {"sentences": int(readability.textstat_pieces(unit)["counted"].sum())}
        assert fast_textstat.sentence_inputs(unit) == expected, unit
        assert list(fast_textstat.sentence_inputs(unit)) == list(uncertainty.INPUTS)


def test_textstat_words_is_textstats_list_words(seed):
    from textstat.backend.selections import list_words

    for unit in (seed.body, *fuzzed_paragraphs(50, 11), ""):
        assert readability.textstat_words(unit) == list_words(unit, lowercase=True)


def test_other_measures_from_counts_equal_textstat(seed):
    units = [seed.body, *seed.paragraphs, *fuzzed_paragraphs(200, 12), "", " ", "Hi.", "a b c.", "— — .",
             "Antidisestablishmentarianism notwithstanding.", "I am. I am. I am."]
    for unit in units:
        got = fast_textstat.other_formulas(fast_textstat.text_counts(unit))
        expected = {m: readability.textstat_value(m, unit) for m in readability.OTHER_MEASURES}
        assert {m: float(v).hex() for m, v in got.items()} == {m: v.hex() for m, v in expected.items()}, unit
    table = readability.other_measures_table(seed).set_index("measure")["value"]
    assert {m: table[m] for m in readability.OTHER_MEASURES} == {
        m: readability.textstat_value(m, seed.body) for m in readability.OTHER_MEASURES}
