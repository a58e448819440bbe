"""Keyness: which terms a target uses more (or less) often than a reference.

The core, `compare_counts`, takes counts (term -> count, and the total) for a target and a
reference, so one document against general English (`keyness`, with wordfreq as the
reference) and a group of documents against another group are the same computation.
Logarithms and p-values come from `logs` (mpmath), never numpy's SIMD-dispatched ufuncs
nor glibc's CPU-dependent libm, so the bytes written do not depend on the CPU.
"""
from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple

import pandas as pd

from ..text import Document
from .counts import CLITICS, running_words, term_frequencies
from .logs import chi2_1df_p, ln, log2

ZERO_COUNT = 0.5  # Hardie's (2014) adjustment: a term absent from the reference counts 0.5
ALPHA = 0.05  # family-wise error rate, Bonferroni-corrected over the terms tested
MIN_COUNT = 3  # a key term must occur at least this often in the target
KEYNESS_COLUMNS = ("term", "count", "per_1000", "reference_per_1000", "log_ratio", "log_likelihood",
                   "p", "key", "rank")


class Reference(NamedTuple):
    """How wordfreq's English frequencies become a reference corpus for keyness."""

    language: str = "en"
    # wordfreq gives proportions, not counts. Its 'large' list holds words seen at least once
    # per 100 million words, so we take it as a corpus of 1e8 words: the rarest listed word
    # then counts about 1. (G2 barely moves with this size; the notebook shows 1e9 too.)
    size: float = 1e8
    zero_count: float = ZERO_COUNT  # also half of the rarest listed word's count
    alpha: float = ALPHA
    min_count: int = MIN_COUNT


def log_likelihood(a: float, b: float, n1: float, n2: float) -> float:
    """Return the keyness log-likelihood G2 of Rayson & Garside (2000).

    a, b: the term's counts in the target and the reference; n1, n2: their sizes.
    G2 = 2 * (a ln(a/E1) + b ln(b/E2)), with E1 = n1 (a+b)/(n1+n2), E2 = n2 (a+b)/(n1+n2);
    a zero count contributes 0 (the limit of x ln x).
    """
    e1, e2 = n1 * (a + b) / (n1 + n2), n2 * (a + b) / (n1 + n2)
    return 2 * sum(o * ln(o / e) for o, e in ((a, e1), (b, e2)) if o > 0)


def log_ratio(a: float, b: float, n1: float, n2: float) -> float:
    """Return Hardie's (2014) Log Ratio: log2 of the ratio of relative frequencies.

    +1 means twice as frequent in the target as in the reference, -1 half as frequent.
    Zero counts must be adjusted by the caller (`compare_counts` uses `ZERO_COUNT`).
    """
    return log2((a / n1) / (b / n2))


def compare_counts(target: Mapping[str, int], target_total: float, reference: Mapping[str, float],
                   reference_total: float, zero_count: float = ZERO_COUNT, alpha: float = ALPHA,
                   min_count: int = MIN_COUNT) -> pd.DataFrame:
    """Return every term of `target` tested against `reference`: one row per term.

    `target` and `reference` map term -> count (a reference count may be fractional, e.g. a
    frequency times an assumed size; a term missing from it or with count 0 gets
    `zero_count`); the totals are the corpus sizes in running words. Only the target's terms
    are tested: a term it never uses cannot be over- or under-used by this measure.

    Columns: term, count, per_1000, reference_per_1000, log_ratio (Hardie 2014, effect size),
    log_likelihood (G2, Rayson & Garside 2000), p (chi-square, 1 df), key (p below the
    Bonferroni-corrected `alpha`, count >= `min_count` and over-used), rank. Sorted by key
    first, then log_ratio descending, then term: Hardie's advice, filter by significance,
    rank by effect size.
    """
    rows = []
    for term, a in target.items():
        b = reference.get(term, 0) or zero_count
        g2 = log_likelihood(a, b, target_total, reference_total)
        rows.append({"term": term, "count": a, "per_1000": a * 1000 / target_total,
                     "reference_per_1000": b * 1000 / reference_total,
                     "log_ratio": log_ratio(a, b, target_total, reference_total),
                     "log_likelihood": g2, "p": chi2_1df_p(g2)})
    table = pd.DataFrame(rows, columns=list(KEYNESS_COLUMNS[:-2])).astype({"term": object, "count": int})
    cutoff = alpha / max(len(table), 1)
    table["key"] = (table["p"] < cutoff) & (table["count"] >= min_count) & (table["log_ratio"] > 0)
    table = table.sort_values(["key", "log_ratio", "term"], ascending=[False, False, True], kind="mergesort")
    table["rank"] = range(1, len(table) + 1)
    return table.reset_index(drop=True)


def reference_frequency(term: str, language: str = "en") -> float:
    """Return wordfreq's frequency of `term` (a proportion of tokens; 0 if unlisted).

    wordfreq keeps clitics on their word ("hamas's" is one wordfreq token) while our terms
    count "Hamas's" as "hamas", so the frequencies of TERM+clitic forms listed as one
    token ("hamas's", "don't" for "do") are added to TERM's own.
    """
    import wordfreq

    # Cached by wordfreq per argument tuple: "best" spelled out, as `word_frequency` passes it, so
    # the list is read once, not twice. The keys are wordfreq's tokens.
    listed = wordfreq.get_frequency_dict(language, "best")
    forms = [term] + [term + c for c in sorted(CLITICS) if term + c in listed]
    return sum(wordfreq.word_frequency(form, language) for form in forms)


def keyness(document: Document, stopwords: Iterable[str] | None = None,
            reference: Reference = Reference()) -> pd.DataFrame:
    """Return every term of the body tested against general English (wordfreq): see `compare_counts`.

    The reference count of a term is its wordfreq frequency times `reference.size`.
    Stopwords are kept by default (the reference includes them).
    """
    target = term_frequencies(document, stopwords).set_index("term")["count"].to_dict()
    general = {t: reference_frequency(t, reference.language) * reference.size for t in target}
    return compare_counts(target, running_words(document), general, reference.size,
                          reference.zero_count, reference.alpha, reference.min_count)


def top_key_terms(table: pd.DataFrame, n: int = 8) -> list[str]:
    """Return the `n` key terms of a keyness table with the largest G2 (ties: alphabetical)."""
    key = table[table["key"]].sort_values(["log_likelihood", "term"], ascending=[False, True], kind="mergesort")
    return key["term"].head(n).tolist()
