"""Diversity measures: hand-worked cases, and every value against lexicalrichness on the same tokens.

The reference is `lexicalrichness.LexicalRichness(tokens, preprocessor=None, tokenizer=None)`
(its own tokeniser bypassed), imported here only: the compute layer never imports it (it imports
matplotlib.pyplot). TTR, MATTR, MTLD and Yule's K must be equal bit for bit. HD-D: ours is the exact
sum rounded once, the library's a floating-point sum of scipy pmfs; they must agree to 1e-12
relative (the largest difference measured on the State of the Union addresses is about 5e-14, a few
hundred ulps: the library's rounding, not ours; see `test_hdd_is_the_exact_value`). Maas: equal bit for bit
whenever libm's `log` agrees with the correctly rounded logarithm for both inputs (always, on the
inputs here), else within 2 ulps.
"""
from __future__ import annotations

import math
import random
import struct
from fractions import Fraction

import pytest

from helpers import paths
from helpers.terms import diversity
from helpers.terms.logs import ln
from helpers.text import load_document

ADDRESSES = ["1790_george_washington_n.txt", "1862_abraham_lincoln_r.txt", "1941_franklin_d_roosevelt_d.txt",
             "1974_richard_nixon_r.txt", "2021_joseph_r_biden_d.txt"]
EXACT = ("ttr", "mattr", "mtld", "yulek")


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def library_values(tokens: list[str]) -> dict[str, float]:
    """Each measure from lexicalrichness called independently; NaN where it raises (too few tokens)."""
    from lexicalrichness import LexicalRichness

    lr = LexicalRichness(list(tokens), preprocessor=None, tokenizer=None)
    calls = {"ttr": lambda: lr.ttr, "mattr": lambda: lr.mattr(window_size=50), "mtld": lambda: lr.mtld(threshold=0.72),
             "hdd": lambda: lr.hdd(draws=42), "yulek": lambda: lr.yulek, "maas": lambda: lr.Maas}
    out = {}
    for name, call in calls.items():
        try:
            out[name] = float(call())
        except (ValueError, ZeroDivisionError, KeyError):  # KeyError: its Yule's K on no tokens
            out[name] = math.nan
    return out


def assert_equal_to_library(tokens: list[str]):
    table = diversity.diversity_table(tokens)
    assert table["measure"].tolist() == list(diversity.DIVERSITY_MEASURES)
    assert set(table["tokens"]) == {len(tokens)}
    ours = dict(zip(table["measure"], table["value"]))
    expected = library_values(tokens)
    for name in diversity.DIVERSITY_MEASURES:
        value, reference = ours[name], expected[name]
        if math.isnan(reference):
            assert math.isnan(value), (name, value)
            continue
        assert type(value) is float
        if name in EXACT:
            assert bits(value) == bits(reference), (name, value, reference)
        elif name == "hdd":
            assert value == pytest.approx(reference, rel=1e-12, abs=0), (name, value, reference)
        else:  # maas
            n, v = len(tokens), len(set(tokens))
            if math.log(n) == ln(n) and math.log(v) == ln(v):
                assert bits(value) == bits(reference), (name, value, reference)
            else:
                assert abs(value - reference) <= 2 * math.ulp(reference)


def test_seed_body_and_paragraphs():
    document = load_document(paths.SEED_PATH)
    words = diversity.document_words(document)
    assert len(words) == 774  # running words of the seed, as in notebook 03 and document.json
    assert_equal_to_library(words)
    from helpers.terms import paragraph_terms

    for terms in paragraph_terms(document):
        assert_equal_to_library(terms)


@pytest.mark.parametrize("name", ADDRESSES)
def test_five_addresses(name):
    document = load_document(paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / name)
    assert_equal_to_library(diversity.document_words(document))


def fuzzed_token_lists(rest: bool) -> list[list[str]]:
    """400 fuzzed token lists: one in four in make test, the other three in .ci/run's exhaustive twin."""
    rng = random.Random(17)
    lists = []
    for _ in range(400):
        vocabulary = [f"w{i}" for i in range(rng.randint(1, 120))]
        n = rng.choice([0, 1, 2, 3, 41, 42, 43, 49, 50, 51, rng.randint(0, 400)])
        weights = [1 / (i + 1) ** rng.uniform(0, 1.5) for i in range(len(vocabulary))]
        lists.append(rng.choices(vocabulary, weights, k=n))
    return [tokens for i, tokens in enumerate(lists) if (i % 4 == 0) != rest]


def test_fuzzed_token_lists():
    for tokens in fuzzed_token_lists(rest=False):
        assert_equal_to_library(tokens)
    for n in (0, 1, 2, 3, 41, 42, 43, 49, 50, 51):  # the lengths around the measures' windows, whatever was drawn
        assert_equal_to_library([f"w{i % 7}" for i in range(n)])
    assert_equal_to_library([f"w{i}" for i in range(60)])  # every token distinct


@pytest.mark.exhaustive
def test_fuzzed_token_lists_the_other_three_quarters():
    for tokens in fuzzed_token_lists(rest=True):
        assert_equal_to_library(tokens)


def test_hand_worked_small_cases():
    tokens = list("aabc")  # N = 4 tokens, V = 3 types; frequencies a 2, b 1, c 1
    assert diversity.ttr(tokens) == 3 / 4
    assert diversity.yulek(tokens) == 1250.0  # 10^4 (sum f^2 / N^2 - 1/N) = 10^4 (6/16 - 1/4)
    # windows of 2: (a a) 1/2, (a b) 1, (b c) 1 -> mean 5/6
    assert diversity.mattr(tokens, window=2) == pytest.approx(5 / 6, abs=1e-15)
    # 2 draws of 4: P(no a) = C(2,2)/C(4,2) = 1/6, P(no b) = P(no c) = C(3,2)/C(4,2) = 1/2;
    # HD-D = ((1 - 1/6) + (1 - 1/2) + (1 - 1/2)) / 2 = 11/12
    assert diversity.hdd(tokens, draws=2) == float(Fraction(11, 12))
    assert diversity.maas(tokens) == pytest.approx((math.log(4) - math.log(3)) / math.log(4) ** 2, rel=1e-15)
    assert diversity.mtld(tokens) == pytest.approx((4 + 4 / ((1 - 0.75) / 0.28)) / 2)  # see test_terms.py


def test_undefined_values_are_nan_not_errors():
    table = diversity.diversity_table(["one"] * 10)
    values = dict(zip(table["measure"], table["value"]))
    assert math.isnan(values["mattr"]) and math.isnan(values["hdd"])  # fewer tokens than the window, the draws
    assert values["ttr"] == 0.1
    empty = diversity.diversity_table([])
    assert empty["value"].isna().all() and set(empty["tokens"]) == {0}
    assert math.isnan(diversity.maas(["x"]))


def test_hdd_is_the_exact_value():
    """HD-D against the sum computed term by term in exact fractions (the definition itself)."""
    document = load_document(paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / ADDRESSES[0])
    words = diversity.document_words(document)
    from collections import Counter

    n = len(words)
    exact = sum((1 - Fraction(math.comb(n - k, 42), math.comb(n, 42))) / 42 for k in Counter(words).values())
    assert diversity.hdd(words) == float(exact)


def test_table_columns_and_parameters():
    table = diversity.diversity_table(list("abcab") * 20)
    assert list(table.columns) == ["measure", "value", "parameters", "tokens"]
    assert dict(zip(table["measure"], table["parameters"])) == {
        "ttr": "none", "mattr": "window=50", "mtld": "threshold=0.72", "hdd": "draws=42", "yulek": "none",
        "maas": "none"}
    assert (diversity.MATTR_WINDOW, diversity.HDD_DRAWS, diversity.MTLD_THRESHOLD) == (50, 42, 0.72)


def test_compute_layer_does_not_import_lexicalrichness_or_matplotlib(imports_by_stage):
    imports_by_stage.absent("diversity", "matplotlib", "lexicalrichness")  # after diversity_table(...) (tests/conftest.py)
