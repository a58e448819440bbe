"""`run`'s tables of a long document are computed once (memo.per_document) and equal the plain computation."""
from __future__ import annotations

import pytest

from helpers import paths, tables
from helpers.text import load_document, memo

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"


def csv_bytes(found: dict) -> dict[str, str]:
    return {name: table.to_csv(**tables.CSV_OPTIONS) for name, table in found.items()}


@pytest.fixture
def long_documents(tmp_path, monkeypatch):
    """Two texts of 2 addresses (one paragraph each), over memo's threshold and under bulk's; the second
    differs from the first in one word."""
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    addresses = [(SOTU / f"{name}.txt").read_text(encoding="utf-8").strip()
                 for name in ("1946_harry_s_truman_d", "1947_harry_s_truman_d")]
    first = "\n\n".join(addresses)
    assert memo.MEMO_MIN_CHARACTERS <= len(first) < 400_000
    second = first.replace(" the ", " the awful ", 1)
    documents = []
    for name, body in (("first.txt", first), ("second.txt", second)):
        (tmp_path / name).write_text(body, encoding="utf-8")
        documents.append(load_document(tmp_path / name))
    return documents


def test_long_document_tables_are_stored_once_and_equal_the_computation(long_documents, tmp_path):
    first, second = long_documents
    computed = csv_bytes(tables.document_tables.uncached(first))  # contract_tables itself
    assert csv_bytes(tables.document_tables(first)) == computed  # computes and stores
    # the tables' own entry (the readability and sentiment tables inside it keep entries of their own)
    key = memo.memo_key(first, tables.document_tables.__wrapped__, (), {})
    assert (tmp_path / "cache" / "memo" / key[:2] / f"{key}.pickle").is_file()
    entries = set((tmp_path / "cache" / "memo").rglob("*.pickle"))
    assert csv_bytes(tables.document_tables(first)) == computed  # read back
    assert set((tmp_path / "cache" / "memo").rglob("*.pickle")) == entries  # nothing computed again
    written = tables.write_tables(first, tmp_path / "out")  # read back too
    assert {p.name: p.read_text(encoding="utf-8") for p in written if p.suffix == ".csv"} == computed
    # another text is another entry, with its own tables
    other = csv_bytes(tables.document_tables(second))
    other_key = memo.memo_key(second, tables.document_tables.__wrapped__, (), {})
    assert other_key != key and (tmp_path / "cache" / "memo" / other_key[:2] / f"{other_key}.pickle").is_file()
    assert other != computed and other["terms.csv"] != computed["terms.csv"]
