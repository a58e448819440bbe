"""Phrases: n-grams inside sentences, and collocations scored by PMI and log-likelihood."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import numpy as np
import pandas as pd

from ..text import LETTER, Document
from .counts import CLITICS, STOPWORDS, normalise_stopwords, ranked, running_words, term_of
from .logs import chi2_1df_p, ln, log2

NLTK_SMALL = 1e-20  # nltk.metrics.association._SMALL, added as nltk does so the values are nltk's


def pmi(n_ii: int, marginals: tuple[int, int], n_xx: int) -> float:
    """Return nltk's `BigramAssocMeasures.pmi` (bits), with logs that are the same on every CPU.

    log2(f(xy) N) - log2(f(x) f(y)), in nltk's order of operations (Church & Hanks 1990).
    """
    n_ix, n_xi = marginals
    return log2(n_ii * n_xx) - log2(n_ix * n_xi)


def bigram_log_likelihood(n_ii: int, marginals: tuple[int, int], n_xx: int) -> float:
    """Return nltk's `BigramAssocMeasures.likelihood_ratio` (Dunning 1993), with CPU-independent logs.

    G2 = 2 sum O ln(O / E) over the 2x2 table (xy, x not-y, not-x y, neither), each E
    the product of its row and column sums over N; nltk's formula and order, term for term.
    """
    n_ix, n_xi = marginals
    n_oi, n_io = n_xi - n_ii, n_ix - n_ii
    cells = (n_ii, n_oi, n_io, n_xx - n_ii - n_oi - n_io)
    expected = [(cells[i] + cells[i ^ 1]) * (cells[i] + cells[i ^ 2]) / n_xx for i in range(4)]
    return 2 * sum(o * ln(o / (e + NLTK_SMALL) + NLTK_SMALL) for o, e in zip(cells, expected))


def sentence_sequences(document: Document) -> list[list[str | None]]:
    """Return the terms of each body sentence, with None where a number stood.

    N-grams never cross a sentence boundary or a number: "at least 23 Russian" gives no
    "least russian". Clitics are dropped without a gap, so "Hamas's leaders" gives
    "hamas leaders".
    """
    return [list(s) for s in _sentence_sequences(document)]


_CLITIC = object()  # a token dropped without a gap


def _sentence_sequences(document: Document) -> tuple[tuple[str | None, ...], ...]:
    """`sentence_sequences`, computed once per document (as `paragraph_terms`); read-only tuples.

    Each spelling is looked at once (a clitic is dropped, a token without a letter is None, any
    other its term): the same rule as token by token, in one dictionary lookup per token.
    """
    cached = document.__dict__.get("_sentence_sequences")
    if cached is None:
        known: dict[str, object] = {}
        sequences = []
        for paragraph in document.sentence_words:
            for words in paragraph:
                sequence = []
                for t in words:
                    term = known.get(t, known)
                    if term is known:
                        term = known[t] = (_CLITIC if t.casefold() in CLITICS else
                                           term_of(t) if LETTER.search(t) else None)
                    if term is not _CLITIC:
                        sequence.append(term)
                sequences.append(tuple(sequence))
        cached = tuple(sequences)
        document.__dict__["_sentence_sequences"] = cached
    return cached


def ngrams(document: Document, n: int = 2, stopwords: Iterable[str] | None = STOPWORDS,
           min_count: int = 2) -> pd.DataFrame:
    """Return n-grams of terms seen at least `min_count` times: ngram, count, per_1000, rank.

    N-grams stay inside a sentence. With stopwords, an n-gram that begins or ends with one
    is dropped ("of the" goes, "president of russia" stays). per_1000 is per 1,000 running words.
    """
    stop = normalise_stopwords(stopwords)
    vocabulary, ids = _stream_ids(document)
    size = len(vocabulary)
    if n < 1 or size ** n >= 2 ** 62:  # no integer key for so many n-grams: count the tuples
        counts: Counter[tuple] = Counter()
        for sequence in _sentence_sequences(document):
            counts.update(gram for gram in zip(*(sequence[k:] for k in range(n)))
                          if None not in gram and gram[0] not in stop and gram[-1] not in stop)
        kept = {" ".join(g): c for g, c in counts.items() if c >= min_count}
        return ranked(kept, running_words(document), "ngram")
    # Each window of n ids (the sentences joined, a gap after each) is one integer in base `size`;
    # a window holding a gap (-1) or starting or ending with a stopword is dropped. Exact integers.
    windows = len(ids) - n + 1
    kept = {}
    if windows > 0 and size:
        stopped = np.fromiter((t in stop for t in vocabulary), dtype=bool, count=size)
        valid = np.ones(windows, dtype=bool)
        key = np.zeros(windows, dtype=np.int64)
        for k in range(n):
            part = ids[k:k + windows]
            valid &= part >= 0
            key = key * size + part
        valid &= ~stopped[ids[:windows]] & ~stopped[ids[n - 1:n - 1 + windows]]  # read only where valid
        keys, counts = np.unique(key[valid], return_counts=True)
        frequent = counts >= min_count
        for code, count in zip(keys[frequent].tolist(), counts[frequent].tolist()):
            words = []
            for _ in range(n):
                code, digit = divmod(code, size)
                words.append(vocabulary[digit])
            kept[" ".join(reversed(words))] = count
    return ranked(kept, running_words(document), "ngram")


def _stream_ids(document: Document) -> tuple[list[str], "np.ndarray"]:
    """(the terms of the sentence sequences in order of first appearance, the id of each term of every
    sequence, -1 for a gap (a number) and after each sentence); computed once per document."""
    kept = document.__dict__.get("_stream_ids")
    if kept is None:
        stream: list[str | None] = []
        for sequence in _sentence_sequences(document):
            stream.extend(sequence)
            stream.append(None)
        vocabulary = dict.fromkeys(stream)
        vocabulary.pop(None, None)
        index: dict[str | None, int] = {t: i for i, t in enumerate(vocabulary)}
        index[None] = -1
        ids = np.fromiter(map(index.__getitem__, stream), dtype=np.int64, count=len(stream))
        kept = document.__dict__["_stream_ids"] = (list(vocabulary), ids)
    return kept


def collocations(document: Document, stopwords: Iterable[str] | None = STOPWORDS,
                 min_count: int = 2) -> pd.DataFrame:
    """Return adjacent-term bigrams seen at least `min_count` times, with association measures.

    Columns: bigram, count, pmi (pointwise mutual information, bits; Church & Hanks 1990),
    log_likelihood (G2 of the 2x2 table; Dunning 1993), p (chi-square, 1 df), rank. The bigrams
    and words are counted as nltk's `BigramCollocationFinder` counts them (`bigram_finder`); the two measures are nltk's formulas computed with the
    logarithms of `logs` (glibc's differ by CPU); bigrams stay inside a sentence; a bigram
    holding a stopword is dropped (marginal counts still include every term). Sorted by
    log_likelihood, then bigram.
    """
    finder = bigram_finder(_sentence_sequences(document), min_count, normalise_stopwords(stopwords))
    rows = [
        {
            "bigram": f"{w1} {w2}",
            "count": int(finder.ngram_fd[(w1, w2)]),
            "pmi": finder.score_ngram(pmi, w1, w2),
            "log_likelihood": finder.score_ngram(bigram_log_likelihood, w1, w2),
        }
        for w1, w2 in finder.ngram_fd
    ]
    table = pd.DataFrame(rows, columns=["bigram", "count", "pmi", "log_likelihood"])
    table["p"] = [chi2_1df_p(g) for g in table["log_likelihood"]]
    table = table.sort_values(["log_likelihood", "bigram"], ascending=[False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


def bigram_finder(sequences, min_count: int, stop: frozenset[str]):
    """Return nltk's `BigramCollocationFinder.from_documents(sequences)` after `apply_freq_filter(min_count)`
    and `apply_word_filter(lambda w: w in stop)`: the same counts, in the same order, counted with `Counter`
    (in C) instead of nltk's word-by-word `FreqDist` (tests/test_terms_fast_paths.py compares the two).

    nltk pads each sequence with one None and counts every non-None word as a first word (each is
    followed by something) and every adjacent pair without a None; the filters keep the order.
    """
    from itertools import chain

    from nltk.collocations import BigramCollocationFinder
    from nltk.probability import FreqDist

    words = Counter(chain.from_iterable(sequences))
    words.pop(None, None)  # a gap is no word (the others keep their order)
    pairs: Counter[tuple] = Counter()
    for sequence in sequences:
        pairs.update(pair for pair in zip(sequence, sequence[1:]) if None not in pair)
    kept = FreqDist({pair: n for pair, n in pairs.items()
                     if n >= min_count and pair[0] not in stop and pair[1] not in stop})
    return BigramCollocationFinder(FreqDist(words), kept)
