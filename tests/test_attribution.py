"""Attribution names each word's rules in time linear in the paragraph (helpers.sentiment.attribution).

Its rule probes read the tokens lower-cased once, through `fast_vader.negation_check` and
`special_idioms_check`, instead of vaderSentiment's `_negation_check` and `_special_idioms_check`,
which lower-case the whole token list on every call (quadratic). Here the two pairs are compared
at every position of fuzzed token lists and State of the Union sentences, with the probe valence
attribution uses (1.0) and with lexicon valences, results compared bit for bit; the rule names
themselves are checked by hand in tests/test_sentiment.py.
"""
from __future__ import annotations

import struct

from vaderSentiment import vaderSentiment as vs

import pytest

from helpers import paths, text
from helpers.sentiment import fast_vader
from test_vader import _fuzzed

REFERENCE = vs.SentimentIntensityAnalyzer  # its methods, called unbound as the library defines them
NEGATION_CASES = ["never so good", "never this bad", "without doubt good", "without a doubt good",
                  "not very good", "isn't it great", "so good", "this good", "nor ever good"]
IDIOM_CASES = ["the kiss of death", "it was the bomb", "yeah right he said", "cut the mustard today",
               "hand to mouth living", "back handed compliment", "a lot of fun", "kind of good"]


def _bits(value) -> bytes:
    return struct.pack("<d", float(value))


def _token_lists(rest: bool) -> list[list[str]]:
    """The hand cases and one in four fuzzed strings and sentences (make test), or the other three in
    four (`rest`: .ci/run's exhaustive step); together, every string once."""
    addresses = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))[::40]
    sentences = [s for path in addresses for group in text.load_document(path).sentences[:10] for s in group]
    drawn = [t for i, t in enumerate(_fuzzed(600, 20, seed=12) + sentences) if (i % 4 == 0) != rest]
    texts = ([] if rest else NEGATION_CASES + IDIOM_CASES) + drawn
    return [fast_vader.tokens(t) for t in texts]


def test_lower_cased_probes_equal_the_reference_methods_at_every_position():
    assert probes_equal_the_reference_methods(_token_lists(rest=False)) > 10_000


@pytest.mark.exhaustive
def test_lower_cased_probes_equal_the_reference_methods_on_the_other_strings():
    assert probes_equal_the_reference_methods(_token_lists(rest=True)) > 10_000


def probes_equal_the_reference_methods(token_lists: list[list[str]]) -> int:
    """Compare both probes at every position; return how many negation checks were compared."""
    lexicon = fast_vader.analyzer().lexicon
    compared = 0
    for words in token_lists:
        lower = [w.lower() for w in words]
        for i in range(len(words)):
            for valence in (1.0, lexicon.get(lower[i], 0.5)):
                for start_i in range(3):
                    if i > start_i:
                        assert _bits(fast_vader.negation_check(valence, lower, start_i, i)) == \
                            _bits(REFERENCE._negation_check(valence, words, start_i, i)), (words, i, start_i)
                        compared += 1
                if i >= 3:
                    assert _bits(fast_vader.special_idioms_check(valence, lower, i)) == \
                        _bits(REFERENCE._special_idioms_check(valence, words, i)), (words, i)
    return compared


# --- attribution in one pass (Attributor) equals attribution paragraph by paragraph through `trace` ---

import importlib  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

attribution_module = importlib.import_module("helpers.sentiment.attribution")  # the package exports a function of that name


def _assert_same_table(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    for column in ("lexicon", "valence", "final", "share", "without"):  # bit for bit, NaN and signed zeros included
        assert fast[column].to_numpy().tobytes() == slow[column].to_numpy().tobytes(), column


def _documents():
    addresses = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))[::45]
    yield text.load_document(paths.SEED_PATH)
    yield from (text.load_document(path) for path in addresses)
    # fuzzed paragraphs: 'but', capitals, repeated scores, idioms, emoji and punctuation among lexicon words
    extra = ["The food was not bad, but the service was TERRIBLE!!!", "No problem. It was the least good book \U0001F498",
             "never so good, kind of bad, without doubt great?!", "", "plain words with nothing to score"]
    yield SimpleNamespace(paragraphs=tuple(_fuzzed(400, 120, seed=19) + extra + NEGATION_CASES + IDIOM_CASES))


@pytest.mark.parametrize("document", list(_documents()), ids=lambda d: str(getattr(d, "sha256", "fuzzed"))[:12])
def test_one_pass_attribution_equals_trace_per_paragraph(document):
    _assert_same_table(attribution_module.attribution(document), attribution_module.attribution_by_trace(document))


def test_attribution_without_scored_words_keeps_the_slow_paths_shape():
    document = SimpleNamespace(paragraphs=("plain words", "more plain words"))
    _assert_same_table(attribution_module.attribution(document), attribution_module.attribution_by_trace(document))


def test_withouts_beyond_the_in_order_limit_are_the_exact_sum_rounded_once(monkeypatch):
    document = SimpleNamespace(paragraphs=tuple(_fuzzed(60, 200, seed=23)))
    slow = attribution_module.attribution_by_trace(document)
    monkeypatch.setattr(attribution_module, "WITHOUT_IN_ORDER_MAX", 0)
    fast = attribution_module.attribution(document)
    pd.testing.assert_frame_equal(fast.drop(columns="without"), slow.drop(columns="without"), check_exact=True)
    # the exact sum rounded once, against the library's left-to-right order: equal up to rounding
    assert np.allclose(fast["without"], slow["without"], rtol=1e-12, atol=1e-15)
