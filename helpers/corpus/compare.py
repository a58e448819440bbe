"""Comparisons across the documents of a corpus: over time and between groups.

Pure functions on the corpus engine's tables (`documents`, `readability`, `sentences`,
`terms`); no drawing (that is `helpers.plots.corpus`). Every number that reaches a table
or a figure is computed with pure-Python arithmetic in a fixed order (`math.fsum`, integer
sums, `statistics.median`), so it is the same on every CPU: no BLAS, no numpy SIMD math.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
import statistics
from fractions import Fraction
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


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return one row per document from its sentences' VADER compounds.

    Columns: doc, sentences, mean (mean sentence compound), low, high (seeded 95% moving-block
    bootstrap over the sentences in their order, `stats.block_bootstrap_mean`: neighbouring
    sentences share a topic, so they are resampled in runs), block (the run length),
    negative_share (share with compound <= -0.05), min (most negative).
    """
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
    recovers the integer. Indexed by doc.
    """
    first = terms.sort_values(["doc", "term"]).groupby("doc", sort=True).head(1)
    return pd.Series([round(c * 1000 / p) for c, p in zip(first["count"], first["per_1000"])],
                     index=first["doc"].to_list(), name="running_words")


def _rank_sum_test(first: Sequence[float], second: Sequence[float]) -> tuple[Fraction, float]:
    """Return (U of `first`, two-sided p) of the Mann-Whitney rank-sum test, exact up to the p-value.

    Mid-ranks for ties; the normal approximation with the tie-corrected variance and a
    continuity correction of 1/2 (as `scipy.stats.mannwhitneyu(..., method="asymptotic")`).
    Ranks and U are kept as fractions; p = erfc(|z| / sqrt 2) comes from mpmath
    (`terms.chi2_1df_p` of z squared), so it is the same on every CPU.
    """
    n1, n2 = len(first), len(second)
    n = n1 + n2
    # Zeros (documents without the term) are most of the values: one tie block at ranks 1..z.
    nonzero = sorted([(v, 1) for v in first if v != 0] + [(v, 0) for v in second if v != 0])
    z = n - len(nonzero)
    zeros_first = n1 - sum(flag for _, flag in nonzero)
    rank_sum_twice, ties, start = zeros_first * (1 + z), z ** 3 - z, z + 1
    for _, block in itertools.groupby(nonzero, key=lambda pair: pair[0]):
        flags = [flag for _, flag in block]
        size = len(flags)
        ties += size ** 3 - size
        rank_sum_twice += (2 * start + size - 1) * sum(flags)  # twice the mid-rank of ranks start .. start+size-1
        start += size
    u = Fraction(rank_sum_twice, 2) - Fraction(n1 * (n1 + 1), 2)
    variance = Fraction(n1 * n2, 12) * ((n + 1) - Fraction(ties, n * (n - 1)))
    if variance == 0:
        return u, 1.0
    distance = max(abs(u - Fraction(n1 * n2, 2)) - Fraction(1, 2), Fraction(0))
    return u, chi2_1df_p(float(distance * distance / variance))


def _contingency_g2(a: int, b: int, n1: int, n2: int) -> float:
    """Return the log-likelihood G2 of the 2x2 table [[a, n1 - a], [b, n2 - b]] (uses / does not, per group)."""
    cells = ((a, n1, a + b), (n1 - a, n1, n1 + n2 - a - b), (b, n2, a + b), (n2 - b, n2, n1 + n2 - a - b))
    total = n1 + n2
    return 2 * math.fsum(o * ln(o * total / (row * column)) for o, row, column in cells if o > 0)


def document_keyness(terms: pd.DataFrame, in_first: pd.Series, min_documents: int = 10,
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
    """
    words = running_words(terms)
    first_docs = sorted(doc for doc, flag in in_first.items() if flag and doc in words.index)
    second_docs = sorted(doc for doc, flag in in_first.items() if not flag and doc in words.index)
    n1, n2 = len(first_docs), len(second_docs)
    first_set = set(first_docs)
    size = {doc: int(n) for doc, n in words.items()}
    used = terms[terms["count"] > 0]
    documents_using = used.groupby("term")["doc"].nunique()
    tested = documents_using[documents_using >= min_documents].index
    by_term = used[used["term"].isin(tested)].groupby("term", sort=True)
    rows = []
    for term, part in by_term:
        counts = dict(zip(part["doc"].to_list(), part["count"].to_list()))
        # A rate is count / words in floating point: division is correctly rounded, so equal
        # fractions give equal floats and, with fewer than 2**26 words per document, distinct
        # fractions give distinct floats in the same order. The ranks are those of the fractions.
        first = [int(c) / size[d] for d, c in counts.items() if d in first_set]
        second = [int(c) / size[d] for d, c in counts.items() if d not in first_set]
        a, b = len(first), len(second)
        first += [0.0] * (n1 - a)
        second += [0.0] * (n2 - b)
        g2 = _contingency_g2(a, b, n1, n2)
        u, p_rates = _rank_sum_test(first, second)
        rows.append({"term": term, "docs_first": a, "docs_second": b, "n_first": n1, "n_second": n2,
                     "share_first": a / n1, "share_second": b / n2, "share_difference": Fraction(a, n1) - Fraction(b, n2),
                     "count_first": sum(int(c) for d, c in counts.items() if d in first_set),
                     "count_second": sum(int(c) for d, c in counts.items() if d not in first_set),
                     "log_likelihood": g2, "p": chi2_1df_p(g2),
                     "superiority": float(u / (n1 * n2)), "p_rates": p_rates})
    columns = ["term", "docs_first", "docs_second", "n_first", "n_second", "share_first", "share_second",
               "share_difference", "count_first", "count_second", "log_likelihood", "p", "superiority", "p_rates"]
    table = pd.DataFrame(rows, columns=columns)
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
