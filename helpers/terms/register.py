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


RATES_FOLDER = "register"  # in the cache root: `document_rates(..., memo=True)` results


def rates_key(contents: Sequence[tuple[str, bytes]], words: Sequence[str], encoding: str) -> str:
    """The key of a `document_rates` result: each file's name and the SHA-256 of its bytes, in order,
    the words, the encoding, `provenance.code_hash()` (the analysis code read from disk now, this
    module included) and `provenance.key_versions()`."""
    import hashlib
    import pickle

    from ..provenance import code_hash, key_versions

    files = [(name, hashlib.sha256(data).hexdigest()) for name, data in contents]
    parts = (files, list(words), encoding, code_hash(), sorted(key_versions().items()))
    return hashlib.sha256(pickle.dumps(parts, protocol=4)).hexdigest()


def document_rates(files: Sequence[Path], words: Iterable[str], encoding: str = "utf-8",
                   memo: bool = False) -> pd.DataFrame:
    """Return one row per file: doc, words, then per word its rate per 1,000 words (WORD counts).

    `memo=True` keeps the table in `register/` of the cache root under `rates_key` (the files'
    bytes, the words, the encoding, the code, the versions) and reads it back under the same key
    (each caller gets its own unpickled copy; a stored entry under another key, or one that cannot
    be read, is computed again; `TEXT_NOTEBOOKS_NO_MEMO=1` computes). Equal to the computation:
    tests/test_register_memo.py."""
    import os

    words = sorted({w.casefold() for w in words})
    if not memo or os.environ.get("TEXT_NOTEBOOKS_NO_MEMO") == "1":
        return _document_rates([(Path(f).stem, Path(f).read_bytes()) for f in files], words, encoding)
    from .. import paths
    from ..outputs import kept_table

    contents = [(Path(f).stem, Path(f).read_bytes()) for f in files]
    key = rates_key(contents, words, encoding)
    return kept_table(paths.cache_root() / RATES_FOLDER / f"{key}.pickle", key,
                      lambda: _document_rates(contents, words, encoding))


def _document_rates(contents: Sequence[tuple[str, bytes]], words: list[str], encoding: str) -> pd.DataFrame:
    import io

    rows = []
    for doc, data in contents:
        # As Path.read_text: decoded, universal newlines.
        n, counts = word_counts(io.TextIOWrapper(io.BytesIO(data), encoding=encoding).read(), words)
        rows.append({"doc": doc, "words": n,
                     **{w: float(Fraction(1000 * counts[w], n)) if n else float("nan") for w in words}})
    return pd.DataFrame(rows, columns=["doc", "words", *words])


def share_below(values: Sequence[float], value: float) -> tuple[int, int, int]:
    """Return (documents below `value`, documents equal to it, documents) : a percentile's parts."""
    finite = [v for v in values if v == v]
    return sum(v < value for v in finite), sum(v == value for v in finite), len(finite)
