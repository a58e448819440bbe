"""Terms and their counts: the rules that make a word token a term, stopwords, frequency tables."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ..stopwords import package_stopwords
from ..text import APOSTROPHES, LETTER, Document, word_tokens

# The clitics nltk's Treebank tokeniser splits off a word ("Hamas's" -> "Hamas" + "'s").
CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
# A regex class matching any apostrophe `word_tokens` makes straight, or a straight one.
APOSTROPHE_CLASS = "['" + "".join(map(chr, APOSTROPHES)) + "]"


def is_term(token: str) -> bool:
    """True for a token that counts as a term: it holds a letter and is not a clitic."""
    return bool(LETTER.search(token)) and token.casefold() not in CLITICS


def term_of(token: str) -> str:
    """Return the term a token stands for: case-folded, trailing full stops removed.

    Treebank tokenisation leaves the stop on abbreviations ("U.S." mid-sentence but "U.S"
    at a sentence end); removing it makes both "u.s", as wordfreq spells it too.
    """
    return token.casefold().rstrip(".")


def terms(text: str) -> list[str]:
    """Return the terms of a string in order: word tokens, case-folded, without numbers and clitics."""
    return [term_of(t) for t in word_tokens(text) if is_term(t)]


def paragraph_terms(document: Document) -> list[list[str]]:
    """Return the terms of each body paragraph (title excluded), in order (new lists at each call).

    Computed once per document (kept in the document's own `__dict__`, as its cached properties
    are): the tables, the diversity measures and the dictionary counts all start from them.
    """
    return [list(p) for p in _paragraph_terms(document)]


def _paragraph_terms(document: Document) -> tuple[tuple[str, ...], ...]:
    """The terms of each body paragraph, computed once per document (read-only tuples: callers must not copy them)."""
    cached = document.__dict__.get("_paragraph_terms")
    if cached is None:
        known: dict[str, str | None] = {}  # token -> its term (None: not a term); one string object per term
        spelled: dict[str, str] = {}
        paragraphs = []
        for words in document.paragraph_words:
            found = []
            for token in words:
                try:
                    term = known[token]
                except KeyError:
                    term = known[token] = spelled.setdefault(term_of(token), term_of(token)) if is_term(token) else None
                if term is not None:
                    found.append(term)
            paragraphs.append(tuple(found))
        cached = tuple(paragraphs)
        document.__dict__["_paragraph_terms"] = cached
    return cached


def running_words(document: Document) -> int:
    """Return the number of running words: every term of the body, stopwords included."""
    return sum(len(p) for p in _paragraph_terms(document))


def normalise_stopwords(words: Iterable[str] | None) -> frozenset[str]:
    """Return `words` as the terms our tokeniser makes of them (None or empty: no stopwords).

    "don't" becomes {"do"}, "Can’t" {"ca"}: the same rule as for the text, so a stopword
    entry filters exactly what the tokeniser produces from that word.
    """
    if words is None:
        return frozenset()
    if isinstance(words, str):
        raise TypeError("stopwords must be an iterable of words, not one string")
    return _normalised(frozenset(words))


@lru_cache(maxsize=8)
def _normalised(words: frozenset[str]) -> frozenset[str]:
    # Tokenising the list costs ~7 ms; every call of `term_frequencies` would pay it again.
    return frozenset(term_of(t) for word in words for t in word_tokens(word) if is_term(t))


PACKAGE_STOPWORDS: tuple[str, ...] = package_stopwords("en")
STOPWORDS: frozenset[str] = normalise_stopwords(PACKAGE_STOPWORDS)


def ranked(counts: Mapping[str, int], denominator: int, column: str = "term") -> pd.DataFrame:
    """Return counts as a table: COLUMN, count, per_1000, rank; count descending, then COLUMN ascending."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    table = pd.DataFrame(rows, columns=[column, "count"]).astype({column: object, "count": int})
    table["per_1000"] = table["count"] * 1000 / denominator if denominator else np.nan
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def term_frequencies(document: Document, stopwords: Iterable[str] | None = STOPWORDS) -> pd.DataFrame:
    """Return one row per term of the body: term, count, per_1000, rank.

    Stopwords are removed by default (`stopwords=None` keeps every term); per_1000 is per
    1,000 running words (all terms, stopwords included). Sorted by count descending, then
    term ascending; rank is the 1-based row number after that sort.
    """
    stop = normalise_stopwords(stopwords)
    tables = document.__dict__.setdefault("_term_frequencies", {})  # per stopword set, once per document
    if stop not in tables:
        every = document.__dict__.get("_term_counts")  # every term's count, once per document
        if every is None:
            every = document.__dict__["_term_counts"] = Counter(chain.from_iterable(_paragraph_terms(document)))
        counts = every.copy()
        for word in stop:
            counts.pop(word, None)
        tables[stop] = ranked(counts, running_words(document))
    return tables[stop].copy()


def top_terms(table: pd.DataFrame, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Return the first `n` rows of a `term_frequencies` table among terms seen `min_count`+ times.

    On a short text the top `n` run into terms seen once, which tie and so come in
    alphabetical order: an arbitrary pick, not a finding. They are left out, unless fewer
    than 2 terms reach `min_count` (then the top `n`, so a very short text still shows some).
    """
    frequent = table[table["count"] >= min_count]
    return (frequent if len(frequent) >= 2 else table).head(n)

