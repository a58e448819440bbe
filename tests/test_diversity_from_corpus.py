"""Notebook 05's State of the Union diversity table read from the corpus engine's cache equals the
table computed from the texts (`validation.results._diversity`, the reference): every column, dtype
and bit, on every address (`exhaustive`) or every 20th (`make test`), and when only some addresses
are in the corpus cache (those rows read, the others computed, in the files' order)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import paths
from helpers.corpus import analyse_corpus
from helpers.corpus.cache import Cache
from helpers.validation import results

TEXTS = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))


def assert_same_table(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    assert got.dtypes.to_dict() == expected.dtypes.to_dict()
    for column in expected.columns:
        a, b = got[column].to_list(), expected[column].to_list()
        if expected[column].dtype.kind == "f":
            a, b = [float(v).hex() for v in a], [float(v).hex() for v in b]
        assert a == b, column
    assert got.to_csv(index=False) == expected.to_csv(index=False)


def check(files) -> None:
    analyse_corpus(files)  # the corpus cache holds them (a read when it is warm)
    assert_same_table(results._diversity_from_corpus(files), results._diversity(files))


def test_the_corpus_rows_equal_the_computed_ones():
    check(TEXTS[::20])


@pytest.mark.exhaustive  # every address computed again (about 5 s): .ci/run
def test_the_corpus_rows_equal_the_computed_ones_on_every_address():
    check(TEXTS)


def test_addresses_missing_from_the_corpus_cache_are_computed_in_place(monkeypatch):
    files = TEXTS[3:60:9]
    analyse_corpus(files)
    expected = results._diversity(files)
    real_get = Cache.get
    dropped = {files[0].name, files[3].name, files[-1].name}
    asked = []

    def some(self, sha256, name):
        asked.append(name)
        return None if name in dropped else real_get(self, sha256, name)

    monkeypatch.setattr(Cache, "get", some)
    computed = []
    real_diversity = results._diversity
    monkeypatch.setattr(results, "_diversity", lambda fs: computed.append([f.name for f in fs]) or real_diversity(fs))
    assert_same_table(results._diversity_from_corpus(files), expected)
    assert asked == [f.name for f in files]
    assert computed == [[f.name for f in files if f.name in dropped]]  # only the missing ones, in order
