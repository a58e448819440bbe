"""Comparisons across the documents of a corpus: over time and between groups.

Pure functions on the corpus engine's tables (`documents`, `readability`, `sentences`,
`terms`); no drawing (that is `helpers.plots.corpus`). Every number that reaches a table
or a figure is computed with pure-Python arithmetic in a fixed order (`math.fsum`, integer
sums, `statistics.median`), so it is the same on every CPU: no BLAS, no numpy SIMD math.
"""
from __future__ import annotations

import hashlib
import math
import statistics
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd

from .. import paths, stats
from ..sentiment.scores import COMPOUND_SCALE, THRESHOLD, mean_of_units, ten_thousandths
from ..terms import chi2_1df_p, log_likelihood, log_ratio
from ..terms.comparison import ZERO_COUNT  # Hardie (2014): a zero count is taken as 0.5 in the log ratio

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
MIN_RESAMPLED = 3  # fewer units than this: a bootstrap interval says nothing, none is given
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


def interval(values: Sequence[float]) -> dict[str, float]:
    """Return the mean and its seeded 95% percentile-bootstrap interval (NaN for under MIN_RESAMPLED values)."""
    values = list(values)
    if len(values) < MIN_RESAMPLED:
        return {"mean": mean(values), "low": math.nan, "high": math.nan}
    result = stats.bootstrap(values, mean)
    return {"mean": result.estimate, "low": result.low, "high": result.high}


def group_means(table: pd.DataFrame, group: str, value: str, order: str = "year") -> pd.DataFrame:
    """Return one row per group: group, documents, first (smallest `order`), mean, low, high.

    Groups are sorted by `first`, then name: for presidents, the order they took office.
    """
    rows = []
    for name, rows_of_group in table.groupby(group, sort=True):
        values = rows_of_group.sort_values(["doc"])[value].to_list()
        rows.append({group: name, "documents": len(values), "first": rows_of_group[order].min(),
                     **interval(values)})
    result = pd.DataFrame(rows, columns=[group, "documents", "first", "mean", "low", "high"])
    return result.sort_values(["first", group], kind="mergesort").reset_index(drop=True)


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return one row per document from its sentences' VADER compounds.

    Columns: doc, sentences, mean (mean sentence compound), low, high (seeded 95% bootstrap
    over sentences), negative_share (share with compound <= -0.05), min (most negative).
    """
    rows = []
    for doc, group in sentences.groupby("doc", sort=True):
        scaled = np.array(ten_thousandths(group["compound"]), dtype=np.int64)
        result = stats.bootstrap(scaled, mean_of_units)  # exact integer sum, one division
        negative = int((scaled <= round(NEGATIVE * COMPOUND_SCALE)).sum())
        rows.append({"doc": doc, "sentences": len(scaled), "mean": result.estimate, "low": result.low,
                     "high": result.high, "negative_share": negative / len(scaled),
                     "min": int(scaled.min()) / COMPOUND_SCALE})
    return pd.DataFrame(rows, columns=["doc", "sentences", "mean", "low", "high", "negative_share", "min"])


def running_words(terms: pd.DataFrame) -> pd.Series:
    """Return each document's running words (the denominator of `per_1000`), from the terms table.

    count / per_1000 x 1000 is the same number for every term of a document; rounding it
    recovers the integer. Indexed by doc.
    """
    first = terms.sort_values(["doc", "term"]).groupby("doc", sort=True).head(1)
    return pd.Series([round(c * 1000 / p) for c, p in zip(first["count"], first["per_1000"])],
                     index=first["doc"].to_list(), name="running_words")


def group_keyness(terms: pd.DataFrame, in_first: pd.Series, min_count: int = 10,
                  alpha: float = 0.05) -> pd.DataFrame:
    """Compare the terms of two groups of documents: which terms set the first group apart?

    `in_first` maps doc -> True (first group) / False (second). Returns one row per term
    seen at least `min_count` times in both groups together: term, count_first,
    count_second, per_1000_first, per_1000_second, log_ratio (Hardie 2014; first over second,
    a zero count taken as 0.5), log_likelihood (G2, Rayson & Garside 2000), p, key (p under
    the Bonferroni-corrected alpha). Sorted by log_ratio descending, then term.
    """
    words = running_words(terms)
    first_docs = {doc for doc, flag in in_first.items() if flag}
    n1 = sum(int(n) for doc, n in words.items() if doc in first_docs)
    n2 = sum(int(n) for doc, n in words.items() if doc not in first_docs)
    side = terms["doc"].isin(first_docs)
    counts = pd.DataFrame({
        "count_first": terms[side].groupby("term")["count"].sum(),
        "count_second": terms[~side].groupby("term")["count"].sum(),
    }).fillna(0).astype(int)
    counts = counts[counts["count_first"] + counts["count_second"] >= min_count]
    rows = []
    for term, (a, b) in zip(counts.index, counts.itertuples(index=False)):
        g2 = log_likelihood(a, b, n1, n2)
        rows.append({"term": term, "count_first": a, "count_second": b, "per_1000_first": a * 1000 / n1,
                     "per_1000_second": b * 1000 / n2,
                     "log_ratio": log_ratio(a or ZERO_COUNT, b or ZERO_COUNT, n1, n2),
                     "log_likelihood": g2, "p": chi2_1df_p(g2)})
    table = pd.DataFrame(rows, columns=["term", "count_first", "count_second", "per_1000_first",
                                        "per_1000_second", "log_ratio", "log_likelihood", "p"])
    table["key"] = table["p"] < alpha / max(len(table), 1)
    return table.sort_values(["log_ratio", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def top_key_terms(keyness: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the `n` key terms most over-used by each group (by log ratio), first group's first."""
    key = keyness[keyness["key"]]
    first = key[key["log_ratio"] > 0].head(n).assign(side="first")
    second = key[key["log_ratio"] < 0].sort_values(["log_ratio", "term"], kind="mergesort").head(n).assign(side="second")
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
