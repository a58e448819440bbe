"""nltk's port and the reference: the causes of each token's difference are found with one nltk `SentiText`
per text (`nltk_port._nltk_cause` shares it), where they were found with a new one per token (quadratic on
a long paragraph: the 6,467-word address is one paragraph). The differential reference below is the
previous code path: a new SentiText at every call."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import paths, text
from helpers.sentiment import nltk_port

ADDRESS = "corpora/sotu/texts/1962_john_f_kennedy_d.txt"


def per_call(monkeypatch):
    """`_token_differences` as before: `_nltk_cause` builds its SentiText at each call."""
    original = nltk_port._nltk_cause

    def fresh(text, traced, k, words, valences, n, kept, sentitext=None):
        return original(text, traced, k, words, valences, n, kept)

    monkeypatch.setattr(nltk_port, "_nltk_cause", fresh)


def texts(address: bool = False):
    """The seed's paragraphs and crafted repeats; with `address`, the address's one long paragraph instead."""
    if address:
        return list(text.load_document(paths.resolve(ADDRESS)).paragraphs)
    seed = text.load_document(paths.SEED_PATH)
    crafted = ["Good, good, GOOD!! The plan was good; the good plan was not good, but good.",
               "We never so loved peace. Peace, peace: war is no peace, and peace is hardly war. Peace!",
               "It was kind of great. Great? Great... the greatest, great, great.",
               "No problem. The problem, the problem: no problem at all; a problem, not a problem."]
    return [*seed.paragraphs, *crafted]


@pytest.mark.parametrize("address", [False, pytest.param(True, marks=pytest.mark.exhaustive)])
def test_one_sentitext_per_text_gives_the_same_causes(address, monkeypatch):
    """make test: the seed and crafted repeats (13 repeated-word causes); .ci/run also the address (dozens),
    whose reference (a SentiText per token) is the quadratic path this replaced."""
    inputs = texts(address)
    shared = {t: nltk_port._token_differences.__wrapped__(t) for t in inputs}
    per_call(monkeypatch)
    repeated = 0
    for t in inputs:
        reference = nltk_port._token_differences.__wrapped__(t)
        pd.testing.assert_frame_equal(shared[t], reference, check_exact=True)
        repeated += reference["cause"].str.startswith("repeated word").sum()
    assert repeated >= 10  # the shared SentiText was used (the address alone has dozens)
