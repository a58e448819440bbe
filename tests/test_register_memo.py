"""`register.document_rates(..., memo=True)` (notebook 03) reads a kept table only under the same
key (each file's bytes, the words, the encoding, the code, the versions) and equals the plain
computation (each file read with `Path.read_text`, counted with `word_counts`)."""
from __future__ import annotations

import pickle
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.terms import register

WORDS = ["the", "we", "don't", "of"]


def plain_rates(files, words, encoding="utf-8") -> pd.DataFrame:
    """document_rates as it was: each file through Path.read_text."""
    words = sorted({w.casefold() for w in words})
    rows = []
    for file in files:
        n, counts = register.word_counts(Path(file).read_text(encoding=encoding), words)
        rows.append({"doc": Path(file).stem, "words": n,
                     **{w: float(Fraction(1000 * counts[w], n)) if n else float("nan") for w in words}})
    return pd.DataFrame(rows, columns=["doc", "words", *words])


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv("TEXT_NOTEBOOKS_NO_MEMO", raising=False)
    corpus = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))
    assert len(corpus) == 233
    own = tmp_path / "texts"
    own.mkdir()
    (own / "crlf.txt").write_bytes("We don\u2019t.\r\nThe end of it\rof THE\r\n".encode())
    (own / "bom.txt").write_bytes("\ufeffThe we of the".encode())
    (own / "empty.txt").write_bytes(b"  \n")
    return corpus[::10] + sorted(own.glob("*.txt"))


def same(a, b) -> bool:
    return a.equals(b) and list(a.columns) == list(b.columns) and (a.dtypes == b.dtypes).all()


def test_kept_table_equals_the_plain_computation(files):
    expected = plain_rates(files, WORDS)
    assert same(register.document_rates(files, WORDS), expected)
    first = register.document_rates(files, WORDS, memo=True)
    second = register.document_rates(files, WORDS, memo=True)
    assert same(first, expected) and same(second, expected)
    assert len(list((paths.cache_root() / register.RATES_FOLDER).glob("*.pickle"))) == 1


def test_a_changed_file_is_counted_again(files):
    register.document_rates(files, WORDS, memo=True)
    files[-1].write_bytes(b"the the we")
    assert same(register.document_rates(files, WORDS, memo=True), plain_rates(files, WORDS))


@pytest.mark.parametrize("change", ["bytes", "name", "words", "encoding", "code", "version"])
def test_anything_that_changes_the_table_changes_the_key(change, monkeypatch):
    contents, words, encoding = [("a", b"the we"), ("b", b"of")], ["the", "we"], "utf-8"
    base = register.rates_key(contents, words, encoding)
    assert register.rates_key(list(contents), list(words), encoding) == base
    if change == "bytes":
        contents = [("a", b"the  we"), ("b", b"of")]
    elif change == "name":
        contents = [("c", b"the we"), ("b", b"of")]
    elif change == "words":
        words = ["the", "of"]
    elif change == "encoding":
        encoding = "latin-1"
    elif change == "code":
        monkeypatch.setattr(provenance, "code_hash", lambda: "another")
    else:
        monkeypatch.setattr(provenance, "key_versions", lambda: {"pandas": "0"})
    assert register.rates_key(contents, words, encoding) != base


def test_an_entry_under_another_key_is_not_used(files):
    register.document_rates(files, WORDS, memo=True)
    (path,) = (paths.cache_root() / register.RATES_FOLDER).glob("*.pickle")
    _, table = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(("another key", table.assign(words=1))))
    assert same(register.document_rates(files, WORDS, memo=True), plain_rates(files, WORDS))


def test_no_memo_setting_computes_and_keeps_nothing(files, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    assert same(register.document_rates(files, WORDS, memo=True), plain_rates(files, WORDS))
    assert not (paths.cache_root() / register.RATES_FOLDER).exists()
