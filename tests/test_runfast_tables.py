"""`run`'s tables are kept on disk for a text of any length (`tables.document_tables`,
`memo.per_document(min_characters=0)`): a second run on the same text reads them, with the bytes
of the plain computation; another text, even one word apart, gets its own."""
from __future__ import annotations

import pytest

from helpers import paths, tables
from helpers.text import load_document, memo

ADDRESS = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / "1962_john_f_kennedy_d.txt"


def csv_bytes(found: dict) -> dict[str, str]:
    return {name: table.to_csv(**tables.CSV_OPTIONS) for name, table in found.items()}


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The 6,467-word address (under the long-text threshold) and a copy with one word changed."""
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    body = ADDRESS.read_text(encoding="utf-8")
    assert len(body) < memo.MEMO_MIN_CHARACTERS
    changed = body.replace(" the ", " the awful ", 1)
    assert changed != body
    (tmp_path / "changed.txt").write_text(changed, encoding="utf-8")
    return load_document(ADDRESS), load_document(tmp_path / "changed.txt")


def entries(tmp_path) -> set:
    return set((tmp_path / "cache" / "memo").rglob("*.pickle"))


def test_a_short_texts_tables_are_stored_and_read_back_equal(documents, tmp_path, monkeypatch):
    address, changed = documents
    monkeypatch.setenv(memo.ENVIRONMENT_OFF, "1")
    computed = csv_bytes(tables.document_tables(address))  # the memo off: computed
    assert not entries(tmp_path)
    monkeypatch.delenv(memo.ENVIRONMENT_OFF)
    assert csv_bytes(tables.document_tables(address)) == computed  # computed and stored
    key = memo.memo_key(address, tables.document_tables.__wrapped__, (), {})
    assert (tmp_path / "cache" / "memo" / key[:2] / f"{key}.pickle").is_file()
    stored = entries(tmp_path)
    assert csv_bytes(tables.document_tables(address)) == computed  # read back
    assert entries(tmp_path) == stored
    written = tables.write_tables(address, tmp_path / "out")
    assert {p.name: p.read_text(encoding="utf-8") for p in written if p.suffix == ".csv"} == computed
    other = csv_bytes(tables.document_tables(changed))
    assert len(entries(tmp_path)) == len(stored) + 1
    assert other == csv_bytes(tables.document_tables.uncached(changed))
    assert other["terms.csv"] != computed["terms.csv"]


def test_the_other_memoised_tables_keep_the_long_text_threshold(documents, tmp_path):
    """Only `run`'s own tables are kept for a short text: the notebooks' tables are not stored."""
    from helpers.readability.tables import readability_long
    from helpers.sentiment.scores import sentence_sentiment

    address, _ = documents
    readability_long(address)
    sentence_sentiment(address)
    assert not entries(tmp_path)
