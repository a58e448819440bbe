"""Where a text's rate of a word falls among the documents of a reference corpus.

Keyness against general English (`comparison`) pools one text's tokens; it cannot say whether
a function word's rate is a mark of register, because a register is a property of many
documents. This module places the text among documents instead: the unit is the document,
each with its own rate. Both sides are counted with the same plain instrument (`WORD`), so the
rates are comparable even though it is not the project's tokeniser (notebook 03 checks
that the two agree on the analysed text).
"""
from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")  # letters, with inner apostrophes ("don't")


def word_counts(text: str, words: Iterable[str]) -> tuple[int, dict[str, int]]:
    """Return (words in `text` by `WORD`, {word: whole-word, case-folded count})."""
    # Each distinct spelling is case-folded once: the tokens are counted as found (Counter, in C),
    # then each spelling's count goes to its folded form (tests/test_hot_paths.py: equal to
    # folding every token, on every address of the State of the Union and fuzzed texts).
    found = Counter(WORD.findall(text))
    wanted = {w.casefold() for w in words}
    counts = dict.fromkeys(sorted(wanted), 0)
    for spelling, n in found.items():
        token = spelling.casefold().replace("\u2019", "'")
        if token in wanted:
            counts[token] += n
    return found.total(), counts


def document_rates(files: Sequence[Path], words: Iterable[str], encoding: str = "utf-8") -> pd.DataFrame:
    """Return one row per file: doc, words, then per word its rate per 1,000 words (WORD counts)."""
    words = sorted({w.casefold() for w in words})
    rows = []
    for file in files:
        n, counts = word_counts(Path(file).read_text(encoding=encoding), words)
        rows.append({"doc": Path(file).stem, "words": n,
                     **{w: float(Fraction(1000 * counts[w], n)) if n else float("nan") for w in words}})
    return pd.DataFrame(rows, columns=["doc", "words", *words])


def share_below(values: Sequence[float], value: float) -> tuple[int, int, int]:
    """Return (documents below `value`, documents equal to it, documents) : a percentile's parts."""
    finite = [v for v in values if v == v]
    return sum(v < value for v in finite), sum(v == value for v in finite), len(finite)
