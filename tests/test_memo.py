"""helpers.text.memo: a long document's table computed once, under a key that cannot go stale."""
from __future__ import annotations

import multiprocessing
import pickle

import pytest

from helpers.text import memo
from helpers.text.document import Document

CALLS: list[str] = []


@memo.per_document
def paragraph_lengths(document: Document, scale: int = 1) -> list[int]:
    CALLS.append(document.name)
    return [scale * len(p) for p in document.paragraphs]


def long_document(name: str = "long", word: str = "alpha") -> Document:
    paragraph = " ".join([word] * 1000)
    count = memo.MEMO_MIN_CHARACTERS // len(paragraph) + 1
    return Document(name=name, sha256="0" * 64, title=None, paragraphs=(paragraph,) * count)


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(memo.ENVIRONMENT_OFF, raising=False)
    CALLS.clear()


def entries():
    return sorted(memo.cache_folder().rglob("*.pickle")) if memo.cache_folder().exists() else []


def test_a_long_document_is_computed_once_and_read_back_equal():
    document = long_document()
    first = paragraph_lengths(document)
    assert first == [5999] * len(document.paragraphs)  # 1,000 five-letter words (5,000) and 999 spaces
    assert CALLS == ["long"] and len(entries()) == 1
    second = paragraph_lengths(document)
    assert second == first and CALLS == ["long"]  # read, not computed
    second.append(0)  # a caller's copy is its own
    assert paragraph_lengths(document) == first


def test_other_arguments_text_or_code_give_another_entry(monkeypatch):
    document = long_document()
    paragraph_lengths(document)
    assert paragraph_lengths(document, 2)[0] == 11998
    paragraph_lengths(long_document(word="gamma"))
    assert len(CALLS) == 3 and len(entries()) == 3
    monkeypatch.setattr(memo, "code_hash", lambda: "edited analysis code")
    paragraph_lengths(document)
    assert len(CALLS) == 4 and len(entries()) == 4


def test_an_entry_under_another_key_is_a_miss():
    document = long_document()
    paragraph_lengths(document)
    [path] = entries()
    path.write_bytes(pickle.dumps(("another key", [1, 2, 3])))
    assert paragraph_lengths(document)[0] == 5999 and len(CALLS) == 2


def test_short_documents_and_the_switch_compute_directly(monkeypatch):
    short = Document(name="short", sha256="0" * 64, title=None, paragraphs=("A short text.",))
    assert paragraph_lengths(short) == [13] and paragraph_lengths(short) == [13]
    assert CALLS == ["short", "short"] and entries() == []
    monkeypatch.setenv(memo.ENVIRONMENT_OFF, "1")
    paragraph_lengths(long_document())
    assert entries() == []


def _count_calls(counter_path: str) -> None:
    @memo.per_document
    def slow(document: Document) -> int:
        import time

        with open(counter_path, "a") as counter:
            counter.write("computed\n")
        time.sleep(0.5)  # long enough that the other process asks meanwhile
        return len(document.paragraphs)

    assert slow(long_document()) == len(long_document().paragraphs)


def test_two_processes_asking_at_once_compute_once(tmp_path):
    counter = tmp_path / "counter"
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_count_calls, args=(str(counter),)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
    assert [p.exitcode for p in processes] == [0, 0]
    assert counter.read_text() == "computed\n"
