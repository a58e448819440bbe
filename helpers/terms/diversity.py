"""Vocabulary diversity: TTR, MATTR, MTLD, HD-D, Yule's K, Maas; hapax legomena.

Every measure equals `lexicalrichness` 0.5.1 (`LexicalRichness(tokens, preprocessor=None,
tokenizer=None)`, i.e. on our own tokens, its tokeniser bypassed) called on the same tokens
(tests/test_diversity.py, a differential test). The measures are written here rather than called
from the library because (1) `lexicalrichness` imports `matplotlib.pyplot` and `scipy` when it is
imported, and the compute layer imports no matplotlib; (2) its HD-D goes through
`scipy.stats.hypergeom.pmf` (floating-point special functions whose last bits may depend on the
CPU) and its Maas through libm's `log`, whereas our outputs must be the same bytes on every CPU;
(3) its MATTR rebuilds a set per window (O(N x window)); ours is linear. So:

* ttr, yulek, mattr, mtld: the library's own float operations in the library's order (each an IEEE
  operation, the same everywhere): bit-for-bit equal;
* hdd: exact rational arithmetic (`math.comb`), rounded once; the library's scipy sum agrees
  to rounding (the test's tolerance says how closely);
* maas: the library's formula on logarithms from mpmath, rounded once (`logs.ln`): bit-for-bit
  equal whenever libm's `log` is correctly rounded for the two inputs (checked in the test).

`diversity_table(words)` gives the measures in the order and under the names of
`DIVERSITY_MEASURES` (the library's method names, lower-cased: `Maas` -> `maas`). A measure
that is not defined for so few tokens (MATTR below its window, HD-D below its draws, Maas on
fewer than 2 tokens, anything on none) is NaN (an empty cell in a CSV file), where the library
raises an error.
"""
from __future__ import annotations

import math
import statistics
from collections import Counter
from fractions import Fraction
from typing import Sequence

import pandas as pd

from ..text import LETTER, Document
from .counts import CLITICS, _paragraph_terms
from .logs import ln

MTLD_THRESHOLD = 0.72  # the factor size of McCarthy & Jarvis (2010), fixed by their validation
MATTR_WINDOW = 50  # Covington & McFall (2010) use 500 on long texts; 50 suits paragraphs and short texts
HDD_DRAWS = 42  # McCarthy & Jarvis (2007): 42 draws, the sample size of their validation
DIVERSITY_MEASURES = ("ttr", "mattr", "mtld", "hdd", "yulek", "maas")
PARAMETERS = {
    "ttr": "none",
    "mattr": f"window={MATTR_WINDOW}",
    "mtld": f"threshold={MTLD_THRESHOLD}",
    "hdd": f"draws={HDD_DRAWS}",
    "yulek": "none",
    "maas": "none",
}
DIVERSITY_COLUMNS = ["measure", "value", "parameters", "tokens"]


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

    The mean of a forward and a backward pass, each N / factors; higher means more varied
    vocabulary, and unlike the type-token ratio it hardly depends on text length for texts of
    100+ words. Equal to `lexicalrichness`'s `mtld` (tested), its convention included: a pass
    without any factor (every token distinct, so the text never falls to the threshold) counts
    the whole text as one factor, MTLD = N. NaN for no tokens.

    Hand-written, not a call to the library: importing `lexicalrichness` imports matplotlib's
    pyplot and scipy, which the compute layer must not (see the module's docstring).
    """
    tokens = list(tokens)
    if not tokens:
        return math.nan
    n = len(tokens)
    whole = len(set(tokens)) / n

    def one_way(sequence):
        factors = mtld_one_way(sequence, threshold)
        if factors == 0:  # lexicalrichness: no factor at all -> the whole text's TTR decides
            factors = 1 if whole == 1 else (1 - whole) / (1 - threshold)
        return n / factors

    return statistics.mean((one_way(tokens), one_way(tokens[::-1])))


def ttr(tokens: Sequence[str]) -> float:
    """Type-token ratio, types / tokens (lexicalrichness `ttr`). NaN for no tokens."""
    return len(set(tokens)) / len(tokens) if len(tokens) else math.nan


REMEMBERED_ABOVE = 100_000  # tokens; a longer text's last window counts are kept (notebook 03 asks twice)
_last_window_types: tuple[list[str], int, list[int]] | None = None


def window_types(tokens: Sequence[str], window: int = MATTR_WINDOW) -> list[int]:
    """Return the number of types in each window of `window` consecutive tokens, in window order.

    Linear time instead of one set per window: a token adds 1 to every window in which it is the first
    of its type, the windows starting after its previous occurrence (integer arithmetic, exact).
    Empty when there are fewer tokens than the window. For more than `REMEMBERED_ABOVE` tokens the
    last answer is kept with a copy of its tokens, and given again (as a new list) for equal tokens:
    `diversity_table` and `diversity_on_prefixes` of one long text count the same windows.
    """
    global _last_window_types
    n = len(tokens)
    if window < 1 or n < window:
        return []
    if n > REMEMBERED_ABOVE:
        last = _last_window_types
        if last is not None and last[1] == window and len(last[0]) == n and last[0] == (
                tokens if isinstance(tokens, list) else list(tokens)):
            return list(last[2])
        types = _window_types(tokens, window)
        _last_window_types = (list(tokens), window, types)
        return list(types)
    return _window_types(tokens, window)


def _window_types(tokens: Sequence[str], window: int) -> list[int]:
    import numpy as np

    n = len(tokens)
    index = {t: i for i, t in enumerate(dict.fromkeys(tokens))}  # each type's id: its order of first appearance
    ids = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=n)
    order = np.argsort(ids, kind="stable")  # positions grouped by type, in text order within a type
    previous = np.full(n, -1, dtype=np.int64)
    same = ids[order[1:]] == ids[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    windows = n - window + 1
    position = np.arange(n, dtype=np.int64)
    first = np.maximum(previous + 1, position - window + 1)  # the windows where this token is its type's first
    last = np.minimum(position, windows - 1)
    counted = first <= last
    change = (np.bincount(first[counted], minlength=windows + 1)
              - np.bincount(last[counted] + 1, minlength=windows + 1))
    return np.cumsum(change)[:windows].tolist()


def mattr(tokens: Sequence[str], window: int = MATTR_WINDOW) -> float:
    """Moving-average TTR (Covington & McFall 2010): the mean TTR of every window of `window` tokens.

    lexicalrichness's `mattr(window_size)`: the same floats (types in window i / window, in window
    order) summed in the same order with Python's `sum`, then divided by the number of windows. The
    type counts come from `window_types` (linear). NaN when there are fewer tokens than the window.
    """
    types = window_types(tokens, window)
    if not types:
        return math.nan
    scores = [int(k) / window for k in types]  # Python's int / int: the library's floats
    return sum(scores) / len(scores)


def hdd(tokens: Sequence[str], draws: int = HDD_DRAWS) -> float:
    """HD-D (McCarthy & Jarvis 2007): the expected TTR contribution over random draws of `draws` tokens.

    Each type of frequency K among N tokens contributes P(it occurs at least once among `draws`
    tokens drawn without replacement) / draws = (1 - C(N-K, draws) / C(N, draws)) / draws. Summed
    exactly (integers and one fraction), rounded once. lexicalrichness's `hdd` computes the same
    sum with scipy's hypergeometric pmf in floating point. NaN when there are fewer tokens than draws.
    """
    n = len(tokens)
    if draws < 1 or n < draws:
        return math.nan
    total = math.comb(n, draws)
    by_frequency = Counter(Counter(tokens).values())
    numerator = sum(types * (total - math.comb(n - k, draws)) for k, types in by_frequency.items())
    return float(Fraction(numerator, total * draws))


def yulek(tokens: Sequence[str]) -> float:
    """Yule's K (Yule 1944; Tweedie & Baayen 1998): 10^4 (sum f^2 / N^2 - 1/N), f each type's frequency.

    lexicalrichness's `yulek`: the integer sum divided as numpy divides it (both operands as
    floats). Lower means more varied. NaN for no tokens.
    """
    n = len(tokens)
    if not n:
        return math.nan
    squares = sum(f * f for f in Counter(tokens).values())
    return 10**4 * (float(squares) / float(n**2) - 1 / n)


def maas(tokens: Sequence[str]) -> float:
    """Maas's a^2 (Maas 1972): (log N - log V) / (log N)^2, V types. Lower means more varied.

    lexicalrichness's `Maas`, with correctly rounded logarithms (mpmath). NaN below 2 tokens.
    """
    n = len(tokens)
    if n < 2:
        return math.nan
    log_n = ln(n)
    return (log_n - ln(len(set(tokens)))) / (log_n**2)


def _backward_factors(tokens: Sequence[str], ends: Sequence[int], threshold: float) -> dict[int, float]:
    """Return {m: mtld_one_way(tokens[:m][::-1])} for each m of `ends`, equal bit for bit, in about linear time.

    A pass resets (ends a factor) after some token; two passes that reset after the same token go on
    identically from there. So the passes run from the longest prefix down, and a pass stops at its
    first reset where an earlier pass also reset, taking that pass's remaining whole factors and
    its final partial factor (the integer count is added first, then the partial: the order of the
    plain pass, so the float is the same).
    """
    continuation: dict[int, tuple[int, float | None]] = {}  # reset after token p -> (factors after p, partial)
    result: dict[int, float] = {}
    for m in sorted(set(ends), reverse=True):
        resets: list[tuple[int, int]] = []  # (p, whole factors counted up to and including the reset at p)
        types, length, count, tail = set(), 0, 0, None
        for p in range(m - 1, -1, -1):
            types.add(tokens[p])
            length += 1
            if len(types) / length <= threshold:
                count += 1
                types, length = set(), 0
                if p in continuation:
                    tail = continuation[p]
                    break
                resets.append((p, count))
        if tail is None:  # ran to the start of the text
            tail = (0, (1 - len(types) / length) / (1 - threshold) if length else None)
        remaining, partial = tail
        total = count + remaining
        for p, upto in resets:
            continuation[p] = (total - upto, partial)
        result[m] = float(total) + partial if partial is not None else float(total)
    return result


def diversity_on_prefixes(tokens: Sequence[str], sizes: Sequence[int]) -> pd.DataFrame:
    """Return `prefix, measure, value`: every measure of `DIVERSITY_MEASURES` on the first `prefix` tokens.

    Equal bit for bit to `diversity_table(tokens[:prefix])` for each prefix (tests/test_diversity.py),
    in one pass over the text instead of one pass per prefix: type counts, Yule's sum of squares and
    MTLD's forward pass carried along; MATTR's window scores summed once (a prefix's windows are the
    first windows of the text, and a running float sum is Python's `sum` of them); MTLD's backward
    passes share their tails (`_backward_factors`). Rows by prefix, then measure.
    """
    tokens = list(tokens)
    sizes = sorted(set(sizes))
    if sizes and not 0 <= sizes[0] <= sizes[-1] <= len(tokens):
        raise ValueError("prefix sizes must lie between 0 and the number of tokens")
    window_scores = [int(k) / MATTR_WINDOW for k in window_types(tokens[:sizes[-1]] if sizes else [], MATTR_WINDOW)]
    running_sums, total = [], 0.0
    for score in window_scores:
        total += score
        running_sums.append(total)
    backward = _backward_factors(tokens, [m for m in sizes if m], MTLD_THRESHOLD)
    counts: dict[str, int] = {}
    squares, wanted, at = 0, set(sizes), {}
    factors, types, length, ttr_now = 0.0, set(), 0, 1.0  # MTLD's forward pass (`mtld_one_way`)
    if 0 in wanted:
        at[0] = None
    for i, token in enumerate(tokens[:sizes[-1] if sizes else 0], 1):
        c = counts.get(token, 0)
        counts[token] = c + 1
        squares += 2 * c + 1
        types.add(token)
        length += 1
        ttr_now = len(types) / length
        if ttr_now <= MTLD_THRESHOLD:
            factors, types, length, ttr_now = factors + 1, set(), 0, 1.0
        if i in wanted:
            forward = factors + (1 - ttr_now) / (1 - MTLD_THRESHOLD) if length else factors
            at[i] = (len(counts), squares, Counter(counts.values()), forward)
    rows = []
    for m in sizes:
        if not m:
            rows.extend((0, name, math.nan) for name in DIVERSITY_MEASURES)
            continue
        v, squares, by_frequency, forward = at[m]
        whole = v / m

        def mtld_way(f):
            if f == 0:  # as `mtld`: no factor at all
                f = 1 if whole == 1 else (1 - whole) / (1 - MTLD_THRESHOLD)
            return m / f

        windows = m - MATTR_WINDOW + 1
        if m >= HDD_DRAWS:
            every = math.comb(m, HDD_DRAWS)
            numerator = sum(types * (every - math.comb(m - k, HDD_DRAWS)) for k, types in by_frequency.items())
            hdd_value = float(Fraction(numerator, every * HDD_DRAWS))
        else:
            hdd_value = math.nan
        log_m = ln(m) if m >= 2 else math.nan
        values = {
            "ttr": v / m,
            "mattr": running_sums[windows - 1] / windows if windows >= 1 else math.nan,
            "mtld": statistics.mean((mtld_way(forward), mtld_way(backward[m]))),
            "hdd": hdd_value,
            "yulek": 10**4 * (float(squares) / float(m**2) - 1 / m),
            "maas": (log_m - ln(v)) / (log_m**2) if m >= 2 else math.nan,
        }
        rows.extend((m, name, float(values[name])) for name in DIVERSITY_MEASURES)
    return pd.DataFrame(rows, columns=["prefix", "measure", "value"])


MEASURES = {"ttr": ttr, "mattr": mattr, "mtld": mtld, "hdd": hdd, "yulek": yulek, "maas": maas}


def diversity_table(words: Sequence[str]) -> pd.DataFrame:
    """Return `measure, value, parameters, tokens`: every measure of `DIVERSITY_MEASURES` on `words`.

    `words` are used as given (no lower-casing or filtering here; the project's tables pass the
    body's running words, `document_words`). `tokens` is len(words) on every row.
    """
    words = list(words)
    rows = [(name, float(MEASURES[name](words)), PARAMETERS[name], len(words)) for name in DIVERSITY_MEASURES]
    return pd.DataFrame(rows, columns=DIVERSITY_COLUMNS)


def document_words(document: Document) -> list[str]:
    """The tokens the diversity table of a document uses: the body's running words, in order.

    The terms of `helpers.terms` (word tokens case-folded, without numbers and clitics), stopwords
    included, paragraph after paragraph: the same tokens as `vocabulary` and `running_words`.
    """
    return [t for paragraph in _paragraph_terms(document) for t in paragraph]


def document_diversity(document: Document) -> pd.DataFrame:
    """`diversity_table` of the body's running words (`document_words`): tables/diversity.csv."""
    return diversity_table(document_words(document))


def vocabulary(document: Document) -> pd.Series:
    """Return the vocabulary summary of the body.

    word tokens (as counted everywhere in the project), clitics and numbers among them,
    running words (the terms), types, hapax legomena (terms occurring once), type-token
    ratio and MTLD, all on running words with stopwords included.
    """
    tokens = document.words
    running = document_words(document)
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
