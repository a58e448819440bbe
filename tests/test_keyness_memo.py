"""`document_keyness(..., memo=True)` (notebooks 04 and 04a) reads a kept result only under the
same key: the terms table's exact contents, the groups, the arguments, the analysis code and the
versions. Anything else computes, and the result equals the computation."""
from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.corpus import compare as cc

WORDS = {1: 100, 2: 80, 3: 120, 4: 90, 5: 110, 6: 70}


def terms_table(change: bool = False) -> pd.DataFrame:
    counts = {1: {"war": 3, "peace": 1, "tax": 2}, 2: {"war": 2, "tax": 1}, 3: {"war": 1, "peace": 2},
              4: {"peace": 3, "tax": 1}, 5: {"peace": 1, "tax": 4, "war": 1}, 6: {"tax": 2, "peace": 2}}
    if change:
        counts[6]["tax"] = 3
    rows = [{"doc": d, "term": t, "count": c, "per_1000": c * 1000 / WORDS[d]}
            for d, terms in counts.items() for t, c in sorted(terms.items())]
    return pd.DataFrame(rows)


IN_FIRST = pd.Series([True, True, True, False, False, False], index=[1, 2, 3, 4, 5, 6])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv("TEXT_NOTEBOOKS_NO_MEMO", raising=False)
    return tmp_path / cc.KEYNESS_FOLDER


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return a.equals(b) and list(a.columns) == list(b.columns) and (a.dtypes == b.dtypes).all()


def test_kept_result_equals_the_computation_and_is_read_back(cache):
    computed = cc.document_keyness(terms_table(), IN_FIRST, min_documents=1)
    first = cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True)
    assert len(list(cache.glob("*.pickle"))) == 1
    second = cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True)
    assert same(first, computed) and same(second, computed) and len(computed) == 3
    second.loc[0, "p"] = -1.0  # a caller changing its copy changes nothing for the next one
    assert same(cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True), computed)


@pytest.mark.parametrize("change", ["value", "group", "argument", "code", "this module", "version"])
def test_anything_that_changes_the_result_changes_the_key(change, monkeypatch, tmp_path):
    base = cc.keyness_key(terms_table(), IN_FIRST, 1, 0.05)
    assert cc.keyness_key(terms_table(), IN_FIRST, 1, 0.05) == base
    table, groups, minimum = terms_table(), IN_FIRST.copy(), 1
    if change == "value":
        table = terms_table(change=True)
    elif change == "group":
        groups[3] = False
    elif change == "argument":
        minimum = 2
    elif change == "code":
        monkeypatch.setattr(provenance, "code_hash", lambda: "another")
    elif change == "this module":  # corpus/compare.py is not in code_hash: the key reads it itself
        edited = tmp_path / "compare.py"
        edited.write_bytes(Path(cc.__file__).read_bytes() + b"\n# an edit\n")
        monkeypatch.setattr(cc, "__file__", str(edited))
    else:
        monkeypatch.setattr(provenance, "key_versions", lambda: {"mpmath": "0"})
    assert cc.keyness_key(table, groups, minimum, 0.05) != base


def test_a_changed_table_is_computed_not_read(cache):
    cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True)
    changed = cc.document_keyness(terms_table(change=True), IN_FIRST, min_documents=1, memo=True)
    assert same(changed, cc.document_keyness(terms_table(change=True), IN_FIRST, min_documents=1))
    assert not same(changed, cc.document_keyness(terms_table(), IN_FIRST, min_documents=1))


def test_an_entry_under_another_key_is_not_used(cache):
    cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True)
    (path,) = cache.glob("*.pickle")
    key, table = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(("another key", table.assign(p=0.5))))
    assert same(cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True), table)


def test_no_memo_setting_computes_and_keeps_nothing(cache, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    cc.document_keyness(terms_table(), IN_FIRST, min_documents=1, memo=True)
    assert not cache.exists()
