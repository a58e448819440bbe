"""How sure a whole-text value is: a seeded bootstrap over sentences (compute only).

A text of more than `MAX_BLOCKS` sentences is resampled in moving blocks of consecutive
sentences (Kuensch 1989), `resampling_block` sentences long, so that a resample draws at most
`MAX_BLOCKS` blocks: the work per resample stays bounded however long the text, and
neighbouring sentences, which are not independent, stay together. Up to `MAX_BLOCKS`
sentences a block is one sentence: the ordinary bootstrap, with the same draws as before.

The estimator is the formula on the pooled counts of the body's sentences (syntok's), each
sentence's counts from textstat. The interval is a percentile bootstrap of that same
estimator, so the value it belongs to is `estimate`, not textstat's `value` on the body.
The two are equal whenever textstat's pieces stay inside syntok's sentences (on the seed);
they part when a piece runs across a sentence boundary, for example a paragraph that ends
without a full stop, which textstat joins to the next one. Counts are summed as integers, so
the estimate does not depend on the order or the CPU.
"""
from __future__ import annotations

import copy
import hashlib
import re

import numpy as np
import pandas as pd
import textstat

from .. import stats
from . import counting, fast_textstat
from ..text import Document
from .labels import LABELS
from .measures import FROM_COUNTS

# textstat 0.7.8's sentence rule (backend/counts/_count_sentences.py), copied only to show
# which pieces it counts and to give each sentence its share in the bootstrap; a test checks
# it against textstat.sentence_count.
TEXTSTAT_PIECE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
BOOTSTRAP_MEASURES = tuple(FROM_COUNTS)
# The counts that add up over sentences and that FROM_COUNTS reads.
ADDITIVE = ("sentences", "words", "syllables", "polysyllables", "letters", "characters", "complex_words", "tokens")
# Above this many sentences the bootstrap resamples blocks of consecutive sentences, at most this
# many per resample (`resampling_block`). The seed (36 sentences) and a State of the Union address
# (the longest has 1,393) stay below it.
MAX_BLOCKS = 2_000
# The columns of `sentence_counts` after paragraph, sentence and text: `formula_inputs`' keys.
INPUTS = ("sentences", "words", "syllables", "polysyllables", "letters", "characters", "complex_words",
          "dale_chall_words", "spache_words", "tokens", "miniwords")


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
    `formula_inputs`. `sentences` is the number of pieces textstat counts in the sentence,
    without textstat's floor of 1: "He left." adds a word but no sentence, as in textstat.
    The counts come from one pass over each sentence (`fast_textstat.sentence_inputs`), equal
    to textstat's calls (tests/test_readability_long.py); a long document's from one pass over its words
    (`counting.document_counts`: the same table, tests/test_readability_counting.py).
    """
    fast_textstat.check_defaults()
    if counting.uses_one_pass(document):
        return counting.document_counts(document).sentences
    paragraphs, numbers, texts = [], [], []
    columns: dict[str, list[int]] = {name: [] for name in INPUTS}
    for number, sentences in enumerate(document.sentences, 1):
        for index, sentence in enumerate(sentences, 1):
            # formula_inputs(sentence), with "sentences" textstat_pieces(sentence)["counted"].sum()
            inputs = fast_textstat.sentence_inputs(sentence)
            paragraphs.append(number)
            numbers.append(index)
            texts.append(sentence)
            for name in INPUTS:
                columns[name].append(inputs[name])
    table = {"paragraph": pd.Series(paragraphs, dtype="int64"), "sentence": pd.Series(numbers, dtype="int64"),
             "text": pd.Series(texts, dtype="object")}
    return pd.DataFrame(table | {name: pd.Series(values, dtype="int64") for name, values in columns.items()})


def resampling_block(sentences: int, max_blocks: int = MAX_BLOCKS) -> int:
    """Return the block length, in sentences, of the bootstrap of a text of `sentences` sentences.

    1 (every sentence drawn on its own: the ordinary bootstrap) up to `max_blocks` sentences;
    above, ceil(sentences / max_blocks), so that a resample draws at most `max_blocks` blocks.
    """
    return max(1, -(-sentences // max_blocks))


def resampled_sums(matrix: np.ndarray, block: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Return the column sums of `resamples` moving-block resamples of the rows of `matrix` (resamples x columns).

    Each resample joins ceil(n / block) blocks of `block` consecutive rows, their first rows drawn
    uniformly from 0 .. n - block with `rng`, and is cut to n rows (the last block keeps its first
    rows), as `stats.block_bootstrap_mean` resamples a series. `block=1` draws each row on its own:
    `stats.bootstrap_sums`' draws and sums. Integer sums are exact; memory holds `stats.DRAW_ROWS`
    resamples' draws at a time, and a block's sum is a difference of running sums, so a resample
    costs its number of blocks, not its number of rows.
    """
    n, width = matrix.shape
    sums = np.empty((resamples, width), dtype=np.int64)
    if block == 1:
        for start in range(0, resamples, stats.DRAW_ROWS):
            draws = rng.integers(0, n, size=(min(stats.DRAW_ROWS, resamples - start), n))
            for offset, row in enumerate(draws):
                sums[start + offset] = matrix[row].sum(axis=0)
        return sums
    block = min(block, n)
    count = -(-n // block)  # blocks per resample
    tail = n - (count - 1) * block  # rows kept of the last block
    running = np.zeros((n + 1, width), dtype=np.int64)
    np.cumsum(matrix, axis=0, out=running[1:])
    for start in range(0, resamples, stats.DRAW_ROWS):
        firsts = rng.integers(0, n - block + 1, size=(min(stats.DRAW_ROWS, resamples - start), count))
        whole = (running[firsts[:, :-1] + block] - running[firsts[:, :-1]]).sum(axis=1)
        last = running[firsts[:, -1] + tail] - running[firsts[:, -1]]
        sums[start:start + len(firsts)] = whole + last
    return sums


# The last few sets of resampled sums drawn from a fresh generator (`fresh_resampled_sums`), by matrix, block,
# resamples and seed: notebook 01 bootstraps the same sentences with the same seed several times (the paired
# difference, the intervals, the 80% interval, the first half alone and in the difference of the halves).
_FRESH: dict[tuple, tuple[np.ndarray, dict]] = {}
FRESH_KEPT = 8


def fresh_resampled_sums(matrix: np.ndarray, block: int, resamples: int, seed: int) -> tuple[np.ndarray, dict]:
    """Return (`resampled_sums(matrix, block, resamples, np.random.default_rng(seed))`, the generator's state after
    those draws), each a copy of the ones kept from the last call with the same matrix (its bytes), block, resamples
    and seed: the same draws, the same numbers (tests/test_readability_counting.py)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.int64)
    key = (hashlib.sha256(matrix.tobytes()).hexdigest(), matrix.shape, block, resamples, seed)
    found = _FRESH.get(key)
    if found is None:
        rng = np.random.default_rng(seed)
        found = (resampled_sums(matrix, block, resamples, rng), rng.bit_generator.state)
        while len(_FRESH) >= FRESH_KEPT:
            _FRESH.pop(next(iter(_FRESH)))
        _FRESH[key] = found
    return found[0].copy(), copy.deepcopy(found[1])


def bootstrap_pooled(counts: pd.DataFrame | np.ndarray, statistic, block: int = 1, resamples: int = stats.RESAMPLES,
                     level: float = stats.LEVEL, seed: int = stats.BOOTSTRAP_SEED) -> stats.Bootstrap:
    """Return a percentile-bootstrap interval of one statistic of the pooled sentence counts.

    `counts` is `sentence_counts` (or its rows: a part of the text), or an integer array whose
    columns are ADDITIVE. `statistic` is a name of BOOTSTRAP_MEASURES (the formula on the pooled
    counts, `pooled`) or a function of the column sums in ADDITIVE order (e.g. the difference of
    two formulas: `lambda sums: pooled_sums(sums, "gunning_fog") - pooled_sums(sums, "flesch_kincaid_grade")`).
    `block`: resample moving blocks of that many consecutive sentences (`resampling_block`; 1:
    each sentence on its own, the same numbers as `stats.bootstrap` of the formula on the drawn rows).
    """
    if isinstance(statistic, str):
        statistic = (lambda sums, m=statistic: pooled_sums(sums, m))
    return _bootstrap_sums(_matrix(counts), [statistic], block, resamples, level, seed)[0]


def _matrix(counts: pd.DataFrame | np.ndarray) -> np.ndarray:
    if isinstance(counts, pd.DataFrame):
        return counts[list(ADDITIVE)].to_numpy(dtype=np.int64)
    return np.asarray(counts, dtype=np.int64)


def _bootstrap_sums(matrix: np.ndarray, statistics, block: int, resamples: int, level: float,
                    seed: int) -> list[stats.Bootstrap]:
    """`stats.bootstrap_sums` with moving blocks of `block` rows (`resampled_sums`); block 1 is that function."""
    if block == 1:
        return stats.bootstrap_sums(matrix, statistics, resamples=resamples, level=level, seed=seed)
    sums = fresh_resampled_sums(matrix, block, resamples, seed)[0]
    whole = matrix.sum(axis=0)
    results = []
    for statistic in statistics:
        estimates = np.array([statistic(row) for row in sums])
        low, high = np.quantile(estimates, [(1 - level) / 2, 1 - (1 - level) / 2])
        results.append(stats.Bootstrap(float(statistic(whole)), float(low), float(high), resamples, level, seed))
    return results


def pooled(counts: pd.DataFrame | np.ndarray, measure: str, columns: tuple[str, ...] = ADDITIVE) -> float:
    """Return FROM_COUNTS[measure] on the column sums of per-sentence counts.

    `counts` is a table with `columns`, or an integer array whose columns are `columns`.
    As textstat does, the sentence count is at least 1, and a text without words scores 0.
    """
    if isinstance(counts, pd.DataFrame):
        counts = counts[list(columns)].to_numpy(dtype=np.int64)
    return pooled_sums(counts.sum(axis=0), measure, columns)


def pooled_sums(sums: np.ndarray, measure: str, columns: tuple[str, ...] = ADDITIVE) -> float:
    """Return `pooled` from the column sums of the per-sentence counts (integers, in `columns` order)."""
    # Integer sums are exact; the formula then runs on Python ints and floats.
    total = {name: int(value) for name, value in zip(columns, sums)}
    total["sentences"] = max(1, total["sentences"])
    if total["words"] == 0:
        return 0.0
    return float(FROM_COUNTS[measure](total))


def bootstrap_intervals(document: Document, resamples: int = stats.RESAMPLES, level: float = stats.LEVEL,
                        seed: int = stats.BOOTSTRAP_SEED, sentence_table: pd.DataFrame | None = None,
                        block: int | None = None) -> pd.DataFrame:
    """Return a percentile-bootstrap interval over sentences for each of BOOTSTRAP_MEASURES.

    Sentences (syntok's) are resampled with replacement, the same draws for every formula,
    and each formula is computed on the pooled counts of the draw (see `pooled`); on a text of
    more than MAX_BLOCKS sentences, in moving blocks of `block` consecutive sentences (default
    `resampling_block` of the number of sentences; 1 below it).
    Columns: measure, formula, value (textstat on the body, for comparison), estimate (the
    pooled counts of all sentences: the value the interval belongs to), low, high, resamples,
    level, seed. `sentence_table` is `sentence_counts(document)` if already computed (on a long
    text it is the slow part).
    """
    from .tables import body_measures

    table = sentence_counts(document) if sentence_table is None else sentence_table
    matrix = table[list(ADDITIVE)].to_numpy(dtype=np.int64)
    block = resampling_block(len(matrix)) if block is None else block
    # Each draw's column sums are taken once for every formula: the same numbers as
    # stats.bootstrap(matrix, lambda rows: pooled(rows, measure)) per formula (tested).
    results = _bootstrap_sums(matrix, [lambda sums, m=measure: pooled_sums(sums, m) for measure in BOOTSTRAP_MEASURES],
                              block, resamples, level, seed)
    # textstat's values on the body from one pass (equal to textstat_value, tests/test_fast_textstat.py).
    values = body_measures(document)
    rows = []
    for measure, result in zip(BOOTSTRAP_MEASURES, results):
        rows.append({"measure": measure, "formula": LABELS[measure],
                     "value": values[measure], "estimate": result.estimate,
                     "low": result.low, "high": result.high, "resamples": resamples, "level": level, "seed": seed})
    return pd.DataFrame(rows)


def difference_interval(first: pd.DataFrame, second: pd.DataFrame, measure: str, resamples: int = stats.RESAMPLES,
                        level: float = stats.LEVEL, seed: int = stats.BOOTSTRAP_SEED, block: int = 1) -> stats.Bootstrap:
    """Return a percentile-bootstrap interval for `measure` on `first` minus `measure` on `second`.

    `first` and `second` are rows of `sentence_counts` (two texts, or two parts of one text:
    two paragraphs, two halves). Each resample draws the sentences of each unit with
    replacement, as many as it has, independently of the other unit, and takes the difference
    of the two pooled-sentence estimates (see `pooled`); with `block` > 1, moving blocks of
    that many consecutive sentences (`resampled_sums`). The estimate is the difference on all
    sentences. Comparing two texts needs this interval, not two separate ones: two intervals
    that overlap can still belong to a difference whose interval leaves out zero.
    """
    return difference_intervals(first, second, [measure], resamples, level, seed, block)[0]


def difference_intervals(first: pd.DataFrame, second: pd.DataFrame, measures, resamples: int = stats.RESAMPLES,
                         level: float = stats.LEVEL, seed: int = stats.BOOTSTRAP_SEED,
                         block: int = 1) -> list[stats.Bootstrap]:
    """Return `difference_interval` of each of `measures`, from one set of draws (the same draws as each alone)."""
    if len(first) == 0 or len(second) == 0:
        raise ValueError("each unit needs at least one sentence")
    a, b = _matrix(first), _matrix(second)
    # All of the first unit's draws, then all of the second's: the stream of one draw of each. The first unit's are
    # a fresh generator's (kept: `fresh_resampled_sums`); the second's continue from the state they leave.
    sums_a, state = fresh_resampled_sums(a, block, resamples, seed)
    rng = np.random.default_rng()
    rng.bit_generator.state = state
    sums_b = resampled_sums(b, block, resamples, rng)
    whole_a, whole_b = a.sum(axis=0), b.sum(axis=0)
    results = []
    for measure in measures:
        differences = np.array([pooled_sums(x, measure) - pooled_sums(y, measure) for x, y in zip(sums_a, sums_b)])
        low, high = np.quantile(differences, [(1 - level) / 2, 1 - (1 - level) / 2])
        estimate = pooled_sums(whole_a, measure) - pooled_sums(whole_b, measure)
        results.append(stats.Bootstrap(float(estimate), float(low), float(high), resamples, level, seed))
    return results
