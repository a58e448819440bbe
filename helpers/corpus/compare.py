"""Comparisons across the documents of a corpus: over time and between groups.

Pure functions on the corpus engine's tables (`documents`, `readability`, `sentences`,
`terms`); no drawing (that is `helpers.plots.corpus`). Every number that reaches a table
or a figure is computed with pure-Python arithmetic in a fixed order (`math.fsum`, integer
sums, `statistics.median`), so it is the same on every CPU: no BLAS, no numpy SIMD math.
"""
from __future__ import annotations

import hashlib
import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd

from .. import paths, stats
from ..sentiment.scores import COMPOUND_SCALE, THRESHOLD, mean_of_units, ten_thousandths
from ..terms import chi2_1df_p
from ..terms.logs import ln

# The State of the Union corpus as the platform copies it (issue 12): the notebook's default.
DEFAULT_CORPUS = "corpora/sotu/texts"
# Annual messages were sent to Congress in writing from Jefferson's first (1801) to Taft's
# last (1912); Washington and Adams spoke theirs, and Wilson spoke again from 1913 (The
# Economist, "Dumber", 13 Feb 2013; Priceonomics, "The reading level of the State of the
# Union"). A rule by year only: a few later messages were also sent in writing (e.g. 1981).
WRITTEN_YEARS = (1801, 1912)
# A running median over +-5 years (an 11-year window, about three presidential terms): wide
# enough to even out one president's habits, narrow enough to keep the 1913 break sharp.
SMOOTH_HALF_WIDTH = 5
NEGATIVE = -THRESHOLD  # VADER's authors: compound <= -0.05 is negative


class CorpusId(NamedTuple):
    """What a corpus figure records as its input (`save_figure` reads `name` and `sha256`)."""

    name: str  # the corpus folder's name
    sha256: str  # SHA-256 of the lines "SHA-256  file name", one per document, sorted by file name


def corpus_id(folder: str | Path, documents: pd.DataFrame) -> CorpusId:
    """Return the identity of a corpus: its folder name and one digest of every document's SHA-256."""
    lines = sorted(f"{sha}  {name}\n" for name, sha in zip(documents["file"], documents["sha256"]))
    return CorpusId(Path(folder).name, hashlib.sha256("".join(lines).encode("utf-8")).hexdigest())


def figures_folder(figures_dir: str | Path, corpus_dir: str | Path, document) -> Path:
    """Return the folder the corpus notebook saves its figures in.

    `figures/` holds the committed figures of the default corpus with the seed placed on its
    scale. With the default `figures_dir`, another corpus writes to the git-ignored
    `out/figures/<corpus folder>/`, and another placed text to `out/figures/<text stem>/`
    (`helpers.paths.figures_folder`), so the checkout stays clean.
    """
    folder = paths.resolve(figures_dir)
    corpus = paths.resolve(corpus_dir)
    if folder == paths.FIGURES_DIR and corpus != paths.resolve(DEFAULT_CORPUS):
        return paths.SCRATCH_DIR / "figures" / corpus.name
    return paths.figures_folder(figures_dir, document)


def delivery(year: int, written: tuple[int, int] | None = WRITTEN_YEARS) -> str:
    """Return 'written' for a year inside `written` (inclusive), else 'spoken'; '' without a rule."""
    if written is None:
        return ""
    return "written" if written[0] <= year <= written[1] else "spoken"


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean, summed exactly (math.fsum), so the order of the values cannot matter."""
    return math.fsum(values) / len(values)


def running_median(xs: Sequence[float], ys: Sequence[float], half_width: float = SMOOTH_HALF_WIDTH) -> list[float]:
    """Return, for each x, the median of the ys whose x lies within `half_width` of it.

    A centred running median over a window of x (years), not of rows: years with two
    addresses or none are handled as they are. Robust to one odd address in a window.
    """
    pairs = list(zip(xs, ys))
    return [statistics.median(y for x2, y in pairs if abs(x2 - x) <= half_width) for x, _ in pairs]


# Names in the State of the Union metadata that readers confuse or that are misspelt there:
# George Bush is George H. W. Bush (1989-1992), not his son George W. Bush (2001-2008).
DISPLAY_NAMES = {"George Bush": "George H. W. Bush", "William Mc Kinley": "William McKinley"}
_INITIAL = re.compile(r"(?<=\b[A-Z])(?=\s)")  # a single capital letter followed by a space: an initial


def display_name(name: object) -> str:
    """Return a group label readers cannot confuse: 'George Bush' -> 'George H. W. Bush', 'D' -> 'D.'.

    Names not in `DISPLAY_NAMES` get a full stop after each single-letter initial
    ("Franklin D Roosevelt" -> "Franklin D. Roosevelt"); anything else is returned as a string.
    """
    text = str(name)
    return DISPLAY_NAMES.get(text, _INITIAL.sub(".", text))


def group_ranges(table: pd.DataFrame, group: str, value: str, order: str = "year") -> pd.DataFrame:
    """Return one row per group: group, documents, first, last, min, median, max of `value`.

    A description of every document of each group, not an estimate: when the corpus holds all
    of a group's documents (every address of a president), nothing is sampled, so no interval
    is given. Groups are sorted by `first` (smallest `order`), then name: for presidents, the
    order they took office.
    """
    rows = []
    for name, part in table.groupby(group, sort=True):
        values = part[value].to_list()
        rows.append({group: name, "documents": len(values), "first": part[order].min(), "last": part[order].max(),
                     "min": min(values), "median": statistics.median(values), "max": max(values)})
    result = pd.DataFrame(rows, columns=[group, "documents", "first", "last", "min", "median", "max"])
    return result.sort_values(["first", group], kind="mergesort").reset_index(drop=True)


TONE_FOLDER = "tone"  # in the cache root: `sentence_tone(..., memo=True)` results
TONE_COLUMNS = ("doc", "paragraph", "sentence", "compound")  # what `sentence_tone` reads of the sentences


def sentence_tone_key(sentences: pd.DataFrame) -> str:
    """The key of a `sentence_tone` result: the SHA-256 of the columns it reads (`TONE_COLUMNS`: each
    one's name, dtype and every value, in row order, with the index), `provenance.code_hash()` (the
    analysis code read from disk now: `stats`, the sentiment scores), this module's source read from
    disk now and `provenance.key_versions()` (numpy's generator draws the resamples)."""
    import pickle

    from ..provenance import code_hash, key_versions

    digest = hashlib.sha256()
    for part in ([str(sentences[c].dtype) for c in TONE_COLUMNS], sentences.index.tolist(),
                 *(sentences[c].tolist() for c in TONE_COLUMNS),
                 code_hash(), Path(__file__).read_bytes(), sorted(key_versions().items())):
        digest.update(pickle.dumps(part, protocol=4) + b"\0")
    return digest.hexdigest()


def sentence_tone(sentences: pd.DataFrame, memo: bool = False) -> pd.DataFrame:
    """Return one row per document from its sentences' VADER compounds.

    Columns: doc, sentences, mean (mean sentence compound), low, high (seeded 95% moving-block
    bootstrap over the sentences in their order, `stats.block_bootstrap_mean`: neighbouring
    sentences share a topic, so they are resampled in runs), block (the run length),
    negative_share (share with compound <= -0.05), min (most negative).

    `memo=True` keeps the result in `tone/` of the cache root under `sentence_tone_key` and reads it
    back when the key is the same (notebooks 04 and 04a both ask for the corpus's; the first computes
    it while holding the entry's lock, the other waits and reads it; an entry whose stored key
    differs, or that cannot be read, is computed again; `TEXT_NOTEBOOKS_NO_MEMO=1` computes). Equal
    to the computation: tests/test_tone_memo.py.
    """
    import os

    if not memo or os.environ.get("TEXT_NOTEBOOKS_NO_MEMO") == "1":
        return _sentence_tone(sentences)
    from ..outputs import kept_table
    from ..text.memo import locked

    key = sentence_tone_key(sentences)
    path = paths.cache_root() / TONE_FOLDER / f"{key}.pickle"
    with locked(path):
        return kept_table(path, key, lambda: _sentence_tone(sentences))


def _sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc, group in sentences.groupby("doc", sort=True):
        group = group.sort_values(["paragraph", "sentence"])
        scaled = np.array(ten_thousandths(group["compound"]), dtype=np.int64)
        result = stats.block_bootstrap_mean(scaled, stats.block_length(len(scaled)), scale=COMPOUND_SCALE)
        negative = int((scaled <= round(NEGATIVE * COMPOUND_SCALE)).sum())
        rows.append({"doc": doc, "sentences": len(scaled), "mean": result.estimate, "low": result.low,
                     "high": result.high, "block": stats.block_length(len(scaled)),
                     "negative_share": negative / len(scaled), "min": int(scaled.min()) / COMPOUND_SCALE})
    return pd.DataFrame(rows, columns=["doc", "sentences", "mean", "low", "high", "block", "negative_share", "min"])


def running_words(terms: pd.DataFrame) -> pd.Series:
    """Return each document's running words (the denominator of `per_1000`), from the terms table.

    count / per_1000 x 1000 is the same number for every term of a document; rounding it
    recovers the integer (per_1000 is count x 1000 / words correctly rounded, so the quotient is
    words to within a few ulps), so each document's first row in the table gives it: the same
    integers as its alphabetically first term's row, without sorting every row
    (tests/test_tone_memo.py compares the two on the corpus and on fuzzed tables). Indexed by doc.
    """
    first = terms.drop_duplicates("doc").sort_values("doc", kind="mergesort")
    return pd.Series([round(c * 1000 / p) for c, p in zip(first["count"], first["per_1000"])],
                     index=first["doc"].to_list(), name="running_words")


def _rank_sum_nonzero(first: list[float], second: list[float], n1: int, n2: int) -> tuple[int, float | None]:
    """The Mann-Whitney rank-sum test of two groups of sizes n1 and n2 whose nonzero values are `first`
    and `second` (the others are zeros): return (2 U of `first`, z squared), z squared None when the
    variance is 0. Mid-ranks for ties; the normal approximation with the tie-corrected variance and
    a continuity correction of 1/2 (as `scipy.stats.mannwhitneyu(..., method="asymptotic")`); the
    p-value is `terms.chi2_1df_p(z squared)` (mpmath's erfc: the same on every CPU).

    In integers: with R the rank sum of `first` (mid-ranks) and T the sum of t^3 - t over tie
    blocks, 2U = 2R - n1 (n1 + 1), the variance is n1 n2 ((n + 1) n (n - 1) - T) / (12 n (n - 1)) and
    the continuity-corrected distance is D / 2 with D = max(|2U - n1 n2| - 1, 0), so
    z squared = 3 D^2 n (n - 1) / (n1 n2 ((n + 1) n (n - 1) - T)): one integer division, correctly
    rounded, the same float as computing in fractions and rounding once.
    """
    n = n1 + n2
    values = sorted(first + second)
    # Zeros (documents without the term) are most of the values: one tie block at ranks 1..z, whose
    # twice mid-rank is 1 + z. A nonzero value v at sorted positions left .. right - 1 (0-based,
    # `bisect`) has the ranks z + left + 1 .. z + right, twice their mean 2 z + left + right + 1.
    z = n - len(values)
    rank_sum_twice = (n1 - len(first)) * (1 + z) + len(first) * (2 * z + 1) + sum(
        bisect_left(values, v) + bisect_right(values, v) for v in first)
    ties = z ** 3 - z
    if len(set(values)) < len(values):
        ties += sum(t ** 3 - t for t in Counter(values).values())
    twice_u = rank_sum_twice - n1 * (n1 + 1)
    pairs = n * (n - 1)
    if pairs == 0:
        raise ZeroDivisionError("a rank-sum test needs two values")
    spread = n1 * n2 * ((n + 1) * pairs - ties)  # 12 n (n - 1) x the variance
    if spread == 0:
        return twice_u, None
    distance_twice = max(abs(twice_u - n1 * n2) - 1, 0)
    return twice_u, 3 * distance_twice * distance_twice * pairs / spread


def _contingency_g2(a: int, b: int, n1: int, n2: int) -> float:
    """Return the log-likelihood G2 of the 2x2 table [[a, n1 - a], [b, n2 - b]] (uses / does not, per group)."""
    cells = ((a, n1, a + b), (n1 - a, n1, n1 + n2 - a - b), (b, n2, a + b), (n2 - b, n2, n1 + n2 - a - b))
    total = n1 + n2
    return 2 * math.fsum(o * ln(o * total / (row * column)) for o, row, column in cells if o > 0)


def _terms_by_document(used: pd.DataFrame, min_rows: int) -> dict[object, tuple[list, list]]:
    """Return {term: (docs, counts)}, the rows of `used` grouped by term in row order, as
    `groupby("term")` would give them (terms with a missing value left out), for the terms with at
    least `min_rows` rows."""
    codes, names = pd.factorize(used["term"])  # a missing term gets -1
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1)).tolist()
    docs = used["doc"].to_numpy(dtype=object)[order].tolist()
    counts = used["count"].to_numpy()[order].tolist()
    return {name: (docs[bounds[k]:bounds[k + 1]], counts[bounds[k]:bounds[k + 1]])
            for k, name in enumerate(names.tolist()) if bounds[k + 1] - bounds[k] >= min_rows}


KEYNESS_FOLDER = "keyness"  # in the cache root: `document_keyness(..., memo=True)` results


def keyness_key(terms: pd.DataFrame, in_first: pd.Series, min_documents: int, alpha: float) -> str:
    """The key of a `document_keyness` result: the SHA-256 of the terms table's exact contents (its
    index, columns, dtypes and every value, pickled), the groups as the function reads them (each
    document and the truth of its flag), the arguments, `provenance.code_hash()` (the analysis code
    read from disk now, `terms.logs` included), this module's source read from disk now (code_hash
    leaves it out) and `provenance.key_versions()`."""
    import pickle

    from ..provenance import code_hash, key_versions

    digest = hashlib.sha256()
    for part in (list(terms.columns), [str(t) for t in terms.dtypes], terms.index.tolist(),
                 *(terms[c].tolist() for c in terms.columns),
                 [(doc, bool(flag)) for doc, flag in in_first.items()], (min_documents, alpha),
                 code_hash(), Path(__file__).read_bytes(), sorted(key_versions().items())):
        digest.update(pickle.dumps(part, protocol=4) + b"\0")
    return digest.hexdigest()


def document_keyness(terms: pd.DataFrame, in_first: pd.Series, min_documents: int = 10,
                     alpha: float = 0.05, memo: bool = False) -> pd.DataFrame:
    """`memo=True` keeps the result in `keyness/` of the cache root under `keyness_key` and reads it
    back when the key is the same (each caller gets its own unpickled copy; an entry whose stored
    key differs, or that cannot be read, is computed again; `TEXT_NOTEBOOKS_NO_MEMO=1` computes).
    Equal to the computation: tests/test_keyness_memo.py. See `_document_keyness` for the method."""
    import os

    from ..outputs import kept_table

    if not memo or os.environ.get("TEXT_NOTEBOOKS_NO_MEMO") == "1":
        return _document_keyness(terms, in_first, min_documents, alpha)
    key = keyness_key(terms, in_first, min_documents, alpha)
    return kept_table(paths.cache_root() / KEYNESS_FOLDER / f"{key}.pickle", key,
                      lambda: _document_keyness(terms, in_first, min_documents, alpha))


def _document_keyness(terms: pd.DataFrame, in_first: pd.Series, min_documents: int = 10,
                      alpha: float = 0.05) -> pd.DataFrame:
    """Compare the terms of two groups of documents with the document, not the token, as the unit.

    Tokens of one document are not independent draws (a speech about a war says "war" fifty
    times), so a token-count test calls thousands of terms key. Here each document counts once:

    * **Text-dispersion keyness** (Egbert & Biber 2019): the documents using the term in each
      group, docs_first of n_first and docs_second of n_second, tested with the log-likelihood
      G2 of the 2x2 table (uses / does not use x group); `p` its chi-square (1 df) p-value;
      the effect size is `share_difference`, share_first - share_second (shares of documents).
    * **Per-document rates**: the Mann-Whitney rank-sum test on each document's rate of the term
      (count / running words, zero for a document without it); `superiority` = U / (n_first
      n_second), the probability that a document of the first group uses the term at a higher
      rate than one of the second (ties count half; 0.5: no difference); `p_rates` its p-value.

    `in_first` maps doc -> True (first group) / False (second); every document of `terms` must
    be in it. A term is tested when at least `min_documents` documents use it; `key` when `p`
    is below `alpha` divided by the number of terms tested (Bonferroni), `key_rates` likewise
    for `p_rates`. Token counts (count_first, count_second) are reported beside them. Sorted by
    share_difference descending, then term.

    One pass over the rows (no per-term DataFrame), G2 and its p-value computed once per pair of
    document counts, U and z squared in integers: equal to the term-by-term computation
    (`document_keyness_plain` there) in every column (tests/test_hot_paths.py, the whole corpus and
    fuzzed tables).
    """
    words = running_words(terms)
    first_docs = sorted(doc for doc, flag in in_first.items() if flag and doc in words.index)
    second_docs = sorted(doc for doc, flag in in_first.items() if not flag and doc in words.index)
    n1, n2 = len(first_docs), len(second_docs)
    first_set = set(first_docs)
    size = {doc: int(n) for doc, n in words.items()}
    grouped = _terms_by_document(terms[terms["count"] > 0], min_documents)  # fewer rows: fewer documents
    tables: dict[tuple[int, int], tuple[float, float]] = {}  # (a, b) -> (G2, its p)
    rows = []
    for term in sorted(grouped):
        docs, numbers = grouped[term]
        if len(set(docs)) < min_documents:
            continue
        counts = dict(zip(docs, numbers))  # one count per document (a later row would win)
        # A rate is count / words in floating point: division is correctly rounded, so equal
        # fractions give equal floats and, with fewer than 2**26 words per document, distinct
        # fractions give distinct floats in the same order. The ranks are those of the fractions.
        first, second, count_first, count_second = [], [], 0, 0
        for d, c in counts.items():
            c = int(c)
            if d in first_set:
                first.append(c / size[d])
                count_first += c
            else:
                second.append(c / size[d])
                count_second += c
        a, b = len(first), len(second)
        if (a, b) not in tables:
            g2 = _contingency_g2(a, b, n1, n2)
            tables[a, b] = g2, chi2_1df_p(g2)
        g2, p = tables[a, b]
        twice_u, statistic = _rank_sum_nonzero([v for v in first if v != 0], [v for v in second if v != 0], n1, n2)
        rows.append({"term": term, "docs_first": a, "docs_second": b, "n_first": n1, "n_second": n2,
                     "share_first": a / n1, "share_second": b / n2, "share_difference": (a * n2 - b * n1) / (n1 * n2),
                     "count_first": count_first, "count_second": count_second,
                     "log_likelihood": g2, "p": p, "superiority": twice_u / (2 * n1 * n2),
                     "p_rates": 1.0 if statistic is None else chi2_1df_p(statistic)})
    return _keyness_table(rows, alpha)


KEYNESS_COLUMNS = ["term", "docs_first", "docs_second", "n_first", "n_second", "share_first", "share_second",
                   "share_difference", "count_first", "count_second", "log_likelihood", "p", "superiority", "p_rates"]


def _keyness_table(rows: list[dict], alpha: float) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=KEYNESS_COLUMNS)
    table["share_difference"] = [float(x) for x in table["share_difference"]]
    table["key"] = table["p"] < alpha / max(len(table), 1)
    table["key_rates"] = table["p_rates"] < alpha / max(len(table), 1)
    return table.sort_values(["share_difference", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def top_key_terms(keyness: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the `n` key terms with the largest share difference for each group, first group's first."""
    key = keyness[keyness["key"]]
    first = key[key["share_difference"] > 0].head(n).assign(side="first")
    second = (key[key["share_difference"] < 0].sort_values(["share_difference", "term"], kind="mergesort")
              .head(n).assign(side="second"))
    return pd.concat([first, second], ignore_index=True)


def term_rates(terms: pd.DataFrame, documents: pd.DataFrame, selected: Sequence[str]) -> pd.DataFrame:
    """Return per-document rates of the `selected` terms: doc, year, term, count, per_1000 (zeros kept).

    One row per (document, term), documents in `documents` order, terms in `selected` order.
    """
    words = running_words(terms)
    found = terms[terms["term"].isin(selected)].set_index(["doc", "term"])["count"].to_dict()
    rows = []
    for doc, year in zip(documents["doc"], documents["year"]):
        for term in selected:
            count = int(found.get((doc, term), 0))
            rows.append({"doc": doc, "year": year, "term": term, "count": count,
                         "per_1000": count * 1000 / int(words[doc])})
    return pd.DataFrame(rows, columns=["doc", "year", "term", "count", "per_1000"])


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Return Kendall's rank correlation tau-b of paired values (ties in x or y corrected).

    (concordant - discordant) / sqrt((pairs - ties in x) (pairs - ties in y)), counted over
    every pair in integers, then one correctly rounded square root: the same on every CPU.
    1: the same order; 0: unrelated orders; -1: reversed. NaN when x or y is constant.
    """
    pairs = list(zip(x, y))
    concordant = discordant = ties_x = ties_y = total = 0
    for i in range(len(pairs)):
        xi, yi = pairs[i]
        for xj, yj in pairs[i + 1:]:
            total += 1
            dx, dy = (xi > xj) - (xi < xj), (yi > yj) - (yi < yj)
            ties_x += dx == 0
            ties_y += dy == 0
            if dx * dy > 0:
                concordant += 1
            elif dx * dy < 0:
                discordant += 1
    denominator = (total - ties_x) * (total - ties_y)
    return (concordant - discordant) / math.sqrt(denominator) if denominator else math.nan
