"""Vocabulary diversity: type-token ratio, hapax legomena and MTLD (McCarthy & Jarvis 2010)."""
from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import pandas as pd

from ..text import LETTER, Document
from .counts import CLITICS, paragraph_terms

MTLD_THRESHOLD = 0.72  # the factor size of McCarthy & Jarvis (2010), fixed by their validation


def mtld_one_way(tokens: Sequence[str], threshold: float = MTLD_THRESHOLD) -> float:
    """Return the number of factors of one MTLD pass (McCarthy & Jarvis 2010).

    A factor ends when the running type-token ratio of the current stretch falls to
    `threshold` or below; the stretch left at the end adds the partial factor
    (1 - TTR) / (1 - threshold).
    """
    factors, types, length, ttr = 0.0, set(), 0, 1.0
    for token in tokens:
        types.add(token)
        length += 1
        ttr = len(types) / length
        if ttr <= threshold:
            factors, types, length, ttr = factors + 1, set(), 0, 1.0
    if length:
        factors += (1 - ttr) / (1 - threshold)
    return factors


def mtld(tokens: Sequence[str], threshold: float = MTLD_THRESHOLD) -> float:
    """Return MTLD, the measure of textual lexical diversity (McCarthy & Jarvis 2010).

    Written here because no installed library computes it. It is the mean of a forward and
    a backward pass, each N / factors; higher means more varied vocabulary, and unlike the
    type-token ratio it hardly depends on text length for texts of 100+ words. NaN when a
    pass has no factor at all (every token distinct: the measure is not defined).
    """
    passes = [mtld_one_way(tokens, threshold), mtld_one_way(tokens[::-1], threshold)]
    if not tokens or min(passes) == 0:
        return math.nan
    return (len(tokens) / passes[0] + len(tokens) / passes[1]) / 2


def vocabulary(document: Document) -> pd.Series:
    """Return the vocabulary summary of the body.

    word tokens (as counted everywhere in the project), clitics and numbers among them,
    running words (the terms), types, hapax legomena (terms occurring once), type-token
    ratio and MTLD, all on running words with stopwords included.
    """
    tokens = document.words
    running = [t for paragraph in paragraph_terms(document) for t in paragraph]
    counts = Counter(running)
    return pd.Series(
        {
            "word tokens": len(tokens),
            "clitics (not terms)": sum(t.casefold() in CLITICS for t in tokens),
            "numbers (not terms)": sum(not LETTER.search(t) for t in tokens),
            "running words": len(running),
            "types": len(counts),
            "hapax legomena": sum(c == 1 for c in counts.values()),
            "type-token ratio": len(counts) / len(running) if running else math.nan,
            "MTLD": mtld(running),
        },
        name="body",
        dtype=object,
    )
