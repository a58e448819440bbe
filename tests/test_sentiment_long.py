"""Notebook 02's fast paths on a long text equal the plain computation (differential tests).

* the paragraph and sentence tables kept on disk by `memo.per_document` (read back from the
  cache, in a fresh read) equal the tables computed directly (`.uncached`);
* the mean-sentence intervals, whose resamples are drawn a block of rows at a time, equal
  `stats.bootstrap` with every resample drawn at once (what `mean_interval` did before);
* the agreement of instruments and the nltk comparison of a long text, bounded to a stated
  prefix, equal the same functions on the prefix itself.
"""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from helpers import paths, sentiment, stats, text
from helpers.sentiment import arc
from helpers.text import memo

scores = importlib.import_module("helpers.sentiment.scores")  # the package exports a function of that name


def _long_text(path, copies: int) -> text.Document:
    seed = text.load_document(paths.SEED_PATH)
    body = "\n\n".join(f"Part {i}. {p}" for i in range(copies) for p in seed.paragraphs)
    path.write_text("A long test text\n\n" + body + "\n", encoding="utf-8")
    return text.load_document(path)


@pytest.fixture
def long_document(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    seed_characters = sum(map(len, text.load_document(paths.SEED_PATH).paragraphs))
    document = _long_text(tmp_path / "long.txt", memo.MEMO_MIN_CHARACTERS // seed_characters + 2)
    assert sum(map(len, document.paragraphs)) >= memo.MEMO_MIN_CHARACTERS  # the memo is used
    return document


@pytest.mark.parametrize("function", [scores.paragraph_sentiment, scores.sentence_sentiment])
def test_memoised_tables_read_back_equal_the_direct_computation(long_document, function):
    direct = function.uncached(long_document)
    stored = function(long_document)  # computed and written
    assert sorted(memo.cache_folder().rglob("*.pickle"))
    again = function(long_document)  # read back from disk
    for table in (stored, again):
        pd.testing.assert_frame_equal(table, direct, check_exact=True)
