"""The hot paths of the main job against the plain computations they replace (differential tests).

Each faster path here is compared with the slow one it stands for, called independently: the
reference library itself where there is one (mpmath's context), else the plain code as it was
before (kept here). Inputs: State of the Union addresses (committed: never skipped) and fuzzed
strings. Where an input is large, make test compares a part of it (every third address, every fourth
value) and a twin test marked `exhaustive` (.ci/run) the whole or the rest: the property, one value
equal to the plain computation's, does not depend on the input's size.
"""
from __future__ import annotations

import collections
import itertools
import math
import random
import re
from fractions import Fraction
from typing import Sequence

import numpy as np
import pandas as pd
import pytest
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.transforms import BboxBase, TransformNode

from helpers import paths
from helpers.corpus import compare as cc
from helpers.corpus.compare import _contingency_g2, _keyness_table, chi2_1df_p, running_words
from helpers.plots.common import _SKIPPED

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"


# --- notebook 04's document keyness ------------------------------------------------------------

def document_keyness_plain(terms: pd.DataFrame, in_first: pd.Series, min_documents: int = 10,
                           alpha: float = 0.05) -> pd.DataFrame:
    """`document_keyness` term by term (a DataFrame per term, fractions, every G2 and p computed): the
    plain computation the tests compare the fast one with."""
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
        first = [int(c) / size[d] for d, c in counts.items() if d in first_set]
        second = [int(c) / size[d] for d, c in counts.items() if d not in first_set]
        a, b = len(first), len(second)
        first += [0.0] * (n1 - a)
        second += [0.0] * (n2 - b)
        g2 = _contingency_g2(a, b, n1, n2)
        u, p_rates = _rank_sum_test_plain(first, second)
        rows.append({"term": term, "docs_first": a, "docs_second": b, "n_first": n1, "n_second": n2,
                     "share_first": a / n1, "share_second": b / n2, "share_difference": Fraction(a, n1) - Fraction(b, n2),
                     "count_first": sum(int(c) for d, c in counts.items() if d in first_set),
                     "count_second": sum(int(c) for d, c in counts.items() if d not in first_set),
                     "log_likelihood": g2, "p": chi2_1df_p(g2),
                     "superiority": float(u / (n1 * n2)), "p_rates": p_rates})
    return _keyness_table(rows, alpha)


def _rank_sum_test_plain(first: Sequence[float], second: Sequence[float]) -> tuple[Fraction, float]:
    """`_rank_sum_test` in fractions, as first written (the plain computation of tests/test_hot_paths.py)."""
    n1, n2 = len(first), len(second)
    n = n1 + n2
    nonzero = sorted([(v, 1) for v in first if v != 0] + [(v, 0) for v in second if v != 0])
    z = n - len(nonzero)
    zeros_first = n1 - sum(flag for _, flag in nonzero)
    rank_sum_twice, ties, start = zeros_first * (1 + z), z ** 3 - z, z + 1
    for _, block in itertools.groupby(nonzero, key=lambda pair: pair[0]):
        flags = [flag for _, flag in block]
        size = len(flags)
        ties += size ** 3 - size
        rank_sum_twice += (2 * start + size - 1) * sum(flags)
        start += size
    u = Fraction(rank_sum_twice, 2) - Fraction(n1 * (n1 + 1), 2)
    variance = Fraction(n1 * n2, 12) * ((n + 1) - Fraction(ties, n * (n - 1)))
    if variance == 0:
        return u, 1.0
    distance = max(abs(u - Fraction(n1 * n2, 2)) - Fraction(1, 2), Fraction(0))
    return u, chi2_1df_p(float(distance * distance / variance))


def _terms_table(texts: dict[str, str]) -> pd.DataFrame:
    """A terms table (doc, term, count, per_1000) from lower-cased \\w+ runs: realistic input, fast to build."""
    rows = []
    for doc, body in texts.items():
        counts = collections.Counter(re.findall(r"\w+", body.lower()))
        total = sum(counts.values())
        rows += [{"doc": doc, "term": t, "count": n, "per_1000": n * 1000 / total} for t, n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["doc", "term", "count", "per_1000"])


def same_frame(fast: pd.DataFrame, plain: pd.DataFrame) -> bool:
    """The same columns, dtypes and values (floats bit for bit)."""
    if list(fast.columns) != list(plain.columns) or list(fast.dtypes) != list(plain.dtypes) or len(fast) != len(plain):
        return False
    for column in fast.columns:
        a, b = fast[column].to_list(), plain[column].to_list()
        if any(type(x) is not type(y) or (x.hex() != y.hex() if isinstance(x, float) else x != y) for x, y in zip(a, b)):
            return False
    return True


def same_outcome(fast, plain) -> bool:
    """Both calls raise the same exception type, or both return the same frame."""
    outcomes = []
    for call in (fast, plain):
        try:
            outcomes.append(call())
        except Exception as error:  # noqa: BLE001 - the type is what is compared
            outcomes.append(type(error))
    if isinstance(outcomes[0], pd.DataFrame) and isinstance(outcomes[1], pd.DataFrame):
        return same_frame(*outcomes)
    return outcomes[0] == outcomes[1]


def addresses_terms(every: int) -> pd.DataFrame:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SOTU.glob("*.txt"))[::every]}
    assert len(texts) == len(range(0, 233, every))
    return _terms_table(texts)


def document_keyness_on_addresses(every: int, min_documents: int) -> None:
    terms = addresses_terms(every)
    years = {doc: int(doc[:4]) for doc in terms["doc"].unique()}
    in_first = pd.Series({doc: year < 1913 for doc, year in years.items()})
    fast = cc.document_keyness(terms, in_first, min_documents=min_documents)
    assert len(fast) > 2000 // every and fast["key"].any() and fast["key_rates"].any()
    assert same_frame(fast, document_keyness_plain(terms, in_first, min_documents=min_documents))


def test_document_keyness_equals_the_plain_computation_on_a_third_of_the_addresses():
    document_keyness_on_addresses(every=3, min_documents=13)  # 78 addresses; notebook 04's 40 of 233, scaled


@pytest.mark.exhaustive
def test_document_keyness_equals_the_plain_computation_on_all_addresses():
    document_keyness_on_addresses(every=1, min_documents=40)


def test_document_keyness_equals_the_plain_computation_on_fuzzed_tables():
    rng = random.Random(23)
    for _ in range(40):
        documents = [f"d{i:02d}" for i in range(rng.randint(2, 14))]
        vocabulary = [f"t{i}" for i in range(rng.randint(1, 12))]
        texts = {d: " ".join(rng.choice(vocabulary[:rng.randint(1, len(vocabulary))]) for _ in range(rng.randint(1, 9)))
                 for d in documents}
        terms = _terms_table(texts)
        if rng.random() < 0.3:  # a repeated (doc, term) row, and a term missing: both as pandas' groupby sees them
            extra = terms.sample(n=min(3, len(terms)), random_state=rng.randint(0, 99)).assign(count=rng.randint(1, 5))
            extra.loc[extra.index[0], "term"] = None
            terms = pd.concat([terms, extra], ignore_index=True)
        in_first = pd.Series({d: rng.random() < 0.5 for d in documents})
        for min_documents in (1, 2, 4):
            assert same_outcome(lambda: cc.document_keyness(terms, in_first, min_documents=min_documents),
                                lambda: document_keyness_plain(terms, in_first, min_documents=min_documents))


# --- mpmath's ln and erfc without the context's wrappers ---------------------------------------

def ln_and_chi2_p_equal_mpmaths_context_calls(rest: bool) -> None:
    from helpers.terms import logs

    rng = random.Random(29)
    values = [rng.random() * 10 ** rng.randint(-12, 12) for _ in range(20_000)]
    values += [float(rng.randint(1, 10 ** 6)) / rng.randint(1, 10 ** 6) for _ in range(5_000)]
    values = [v for i, v in enumerate(values) if (i % 4 == 0) != rest]  # make test a quarter, .ci/run the rest
    if not rest:
        values += [5e-324, 2.2250738585072014e-308, 1e-300, 0.5, 1.0, 1.0000000000000002, 2.0, 1e300,
                   1.7976931348623157e308, 0.0, 3.0, 710.0, 1490.0, 1500.0, 1e6]
    positive = [v for v in values if v > 0]
    assert [v for v in positive if logs.ln(v).hex() != float(logs._MP.log(v)).hex()] == []
    plain_p = [float(logs._MP.erfc(logs.math.sqrt(max(v, 0.0) / 2))) for v in values + [-1.0]]
    assert [logs.chi2_1df_p(v).hex() for v in values + [-1.0]] == [p.hex() for p in plain_p]
    if not rest:
        assert 0.0 in plain_p and 1.0 in plain_p  # a p that underflows and the p of a zero statistic
        assert math.isinf(logs.ln(math.inf)) and math.isnan(logs.chi2_1df_p(math.nan))


def test_ln_and_chi2_p_equal_mpmaths_context_calls():
    ln_and_chi2_p_equal_mpmaths_context_calls(rest=False)


@pytest.mark.exhaustive
def test_ln_and_chi2_p_equal_mpmaths_context_calls_on_the_other_values():
    ln_and_chi2_p_equal_mpmaths_context_calls(rest=True)


# --- the moving-block bootstrap's sums sorted in numpy ---------------------------------------

def block_bootstrap_mean_plain(values, block, resamples, level, seed, scale):
    """stats.block_bootstrap_mean as it was (each sum made a Python int, then sorted in Python)."""
    from helpers import stats

    units = np.asarray(values).astype(np.int64)
    n = len(units)
    block = min(block, n)
    per_resample = -(-n // block)
    rng = np.random.default_rng(seed)
    prefix = np.concatenate([[0], np.cumsum(units, dtype=np.int64)])
    last = n - (per_resample - 1) * block
    sums = []
    chunk = max(1, 2_000_000 // per_resample)
    for first in range(0, resamples, chunk):
        starts = rng.integers(0, n - block + 1, size=(min(chunk, resamples - first), per_resample))
        full = (prefix[starts[:, :-1] + block] - prefix[starts[:, :-1]]).sum(axis=1, dtype=np.int64)
        cut = prefix[starts[:, -1] + last] - prefix[starts[:, -1]]
        sums.extend(int(s) for s in full + cut)
    means = stats._Means(sorted(sums), scale * n)
    lower = (1 - Fraction(repr(level))) / 2
    low, high = (stats.exact_percentile(means, q) for q in (lower, 1 - lower))
    estimate = Fraction(int(units.sum(dtype=np.int64)), scale * n)
    return stats.Bootstrap(float(estimate), float(low), float(high), resamples, level, seed)


def test_block_bootstrap_mean_equals_the_plain_computation():
    from helpers import stats

    rng = random.Random(31)
    cases = [([rng.randint(-10_000, 10_000) for _ in range(n)], block, resamples, level, seed)
             for n, block, resamples, level, seed in ((1, 1, 50, 0.95, 1), (7, 3, 401, 0.9, 7), (272, 6, 2000, 0.95, 0),
                                                      (5000, 2, 900, 0.95, 5), (30, 40, 100, 0.8, 2))]
    cases.append(([rng.choice([-1, 0, 0, 1]) for _ in range(400)], 7, 2000, 0.95, 3))  # many tied sums
    for values, block, resamples, level, seed in cases:
        fast = stats.block_bootstrap_mean(values, block, resamples=resamples, level=level, seed=seed, scale=10_000)
        plain = block_bootstrap_mean_plain(values, block, resamples, level, seed, 10_000)
        assert [fast.estimate.hex(), fast.low.hex(), fast.high.hex()] == [plain.estimate.hex(), plain.low.hex(), plain.high.hex()]
        assert fast == plain


# --- notebook 03's function-word rates among the addresses ------------------------------------

def word_counts_plain(text: str, words) -> tuple[int, dict[str, int]]:
    """terms.register.word_counts as it was: every token case-folded."""
    from helpers.terms.register import WORD

    tokens = [t.casefold().replace("\u2019", "'") for t in WORD.findall(text)]
    wanted = {w.casefold() for w in words}
    counts = dict.fromkeys(sorted(wanted), 0)
    for token in tokens:
        if token in wanted:
            counts[token] += 1
    return len(tokens), counts


def word_counts_equal_the_plain_computation(seed, rest: bool) -> None:
    from helpers.terms.register import word_counts

    words = ["the", "of", "and", "we", "shall", "don't", "can't", "ss", "straße", "İs", "Σας", "ﬁne", "o'brien"]
    # every third address in make test, the others in .ci/run's exhaustive twin
    texts = [p.read_text(encoding="utf-8") for i, p in enumerate(sorted(SOTU.glob("*.txt"))) if (i % 3 == 0) != rest]
    if not rest:
        texts.append(seed.body)
        rng = random.Random(37)
        pieces = ["The", "THE", "the", "Don't", "DON\u2019T", "don\u2019t", "Straße", "STRASSE", "ss", "İs", "is", "ΣΑΣ",
                  "σας", "ﬁne", "FINE", "O'Brien", "o\u2019brien", "'", "\u2019", "-", "1st", "_x", " ", "\n", ".", "We"]
        texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(500)]
    assert len(texts) > 150
    assert [i for i, t in enumerate(texts) if word_counts(t, words) != word_counts_plain(t, words)] == []


def test_word_counts_equal_the_plain_computation(seed):
    word_counts_equal_the_plain_computation(seed, rest=False)


@pytest.mark.exhaustive
def test_word_counts_equal_the_plain_computation_on_the_other_addresses(seed):
    word_counts_equal_the_plain_computation(seed, rest=True)


# --- the figure fingerprint: one hash of gathered bytes, kinds looked up by type ----------------

def fingerprint_plain(figure) -> str:
    """helpers.plots.common.fingerprint as it was: hashlib fed value by value, an isinstance chain."""
    import hashlib

    digest = hashlib.sha256()
    for artist in figure.findobj():
        digest.update(type(artist).__qualname__.encode() + b"\0")
        _state_plain(vars(artist), digest, 0, set())
    return digest.hexdigest()


def _state_plain(value, digest, depth: int, seen: set) -> None:
    if value is None or isinstance(value, (bool, int, float, str, bytes, complex)):
        digest.update(repr(value).encode() + b"\1")
    elif isinstance(value, np.ndarray):
        if np.ma.isMaskedArray(value):
            _state_plain(np.ma.getmaskarray(value), digest, depth, seen)
            value = np.ma.getdata(value)
        array = np.ascontiguousarray(value)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes() if array.dtype != object else repr(array.tolist()).encode())
    elif isinstance(value, np.generic):
        digest.update(repr(value.item()).encode() + b"\1")
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _state_plain(item, digest, depth, seen)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=repr):
            if key in _SKIPPED:
                continue
            _state_plain(key, digest, depth, seen)
            _state_plain(value[key], digest, depth, seen)
        digest.update(b"}")
    elif isinstance(value, (set, frozenset)):
        for item in sorted(map(repr, value)):
            digest.update(item.encode() + b"\1")
    elif isinstance(value, Artist) or isinstance(value, Figure):
        digest.update(type(value).__qualname__.encode())  # its own state is visited by findobj
    elif isinstance(value, BboxBase):
        _state_plain(np.asarray(value.get_points()), digest, depth, seen)
    elif isinstance(value, MplPath):
        _state_plain(value.vertices, digest, depth, seen)
        _state_plain(value.codes, digest, depth, seen)
    elif isinstance(value, TransformNode):
        try:
            _state_plain(np.asarray(value.get_matrix()), digest, depth, seen)
        except Exception:  # a non-affine transform: its type, and its parts below
            digest.update(type(value).__qualname__.encode())
        if id(value) not in seen and depth < 6:
            seen.add(id(value))
            _state_plain({k: v for k, v in vars(value).items() if k not in {"_parents", "_invalid"}}, digest, depth + 1, seen)
    elif callable(value) and hasattr(value, "__code__"):
        code = value.__code__
        digest.update(f"{getattr(value, '__qualname__', '')}".encode() + code.co_code + repr(code.co_consts).encode())
    elif hasattr(value, "__dict__") and id(value) not in seen and depth < 6:
        seen.add(id(value))
        digest.update(type(value).__qualname__.encode())
        _state_plain(vars(value), digest, depth + 1, seen)
    else:
        digest.update(type(value).__qualname__.encode())


def _figures_of_every_kind():
    """Figures holding the artists the notebooks draw: bars (and the one-path bars above MANY_BARS), lines,
    masked scatter points, texts, a legend, twin axes, a formatter closure, an image with a colour
    bar, a log axis (a non-affine transform), fills, error bars and annotations."""
    import matplotlib.ticker

    from helpers.plots import common

    figures = []
    with common.style():
        figure, (left, right) = common.new_figure("double", 3.0, ncols=2)
        left.bar([1, 2, 3], [3, -1, 2], color=[common.POSITIVE, common.NEGATIVE, common.NEUTRAL], label="bars")
        left.plot([1, 2, 3], [0.5, 1.5, 1.0], marker="o", label="line")
        left.scatter(np.ma.masked_invalid([1.0, np.nan, 3.0]), [1, 2, 3], s=[4, 5, 6])
        left.text(2, 2, "a note", ha="center")
        left.legend(title="marks")
        twin = left.twinx()
        twin.plot([1, 3], [10, 30], linestyle="--")
        scale = 1_000
        left.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v * scale:,.0f}"))
        image = right.imshow(np.arange(12).reshape(3, 4), cmap="viridis")
        figure.colorbar(image, ax=right, label="count")
        figures.append(figure)
        figure, (top, bottom) = common.new_figure("single", 4.0, nrows=2, sharex=True)
        common.bars(top, np.arange(400), np.sin(np.arange(400) / 20), color=[common.POSITIVE, common.NEGATIVE] * 200)
        bottom.set_yscale("log")
        bottom.fill_between([1, 2, 3], [1, 2, 3], [2, 4, 8], alpha=0.3)
        bottom.errorbar([1, 2, 3], [2, 3, 5], yerr=[[0.5, 0.5, 1], [1, 1, 2]], fmt="o", capsize=2)
        bottom.annotate("peak", xy=(3, 5), xytext=(2, 7), arrowprops={"arrowstyle": "->"})
        bottom.axhline(3, color="#999999")
        figure.suptitle("Every kind of mark")
        figures.append(figure)
    return figures


def test_fingerprint_equals_the_plain_computation_before_and_after_layout():
    from helpers.plots import common

    figures = _figures_of_every_kind()
    for figure in figures:
        assert common.fingerprint(figure) == fingerprint_plain(figure)
        with common.style():
            figure.draw_without_rendering()
        assert common.fingerprint(figure) == fingerprint_plain(figure)
    assert common.fingerprint(figures[0]) != common.fingerprint(figures[1])
