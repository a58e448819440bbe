"""`sentence_tone(..., memo=True)` (notebooks 04 and 04a) reads a kept result only under the same key:
the sentences' doc, paragraph, sentence and compound columns exactly, the analysis code, compare.py's
source and the versions. Anything else computes, and the result equals the computation; two
processes asking at once compute it once (the second waits for the first's entry)."""
from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.corpus import compare as cc


def sentences_table(change: str | None = None) -> pd.DataFrame:
    rows = []
    for doc in ("a", "b", "c"):
        for paragraph in (1, 2):
            for sentence in (1, 2, 3):
                compound = round(((hash((doc, paragraph, sentence)) % 19) - 9) / 10, 4)
                rows.append({"doc": doc, "paragraph": paragraph, "sentence": sentence, "compound": compound,
                             "text": f"{doc} {paragraph} {sentence}"})
    table = pd.DataFrame(rows)
    # hash() of a str tuple is salted per process: fix the compounds instead
    table["compound"] = [round(((i * 7) % 19 - 9) / 10, 4) for i in range(len(table))]
    if change == "compound":
        table.loc[4, "compound"] = 0.9999
    elif change == "order":  # the same rows in another order: sentence_tone sorts them, the key sees the order
        table = table.iloc[::-1]
    elif change == "text":  # a column sentence_tone does not read: the same key
        table["text"] = "other"
    return table


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv("TEXT_NOTEBOOKS_NO_MEMO", raising=False)
    return tmp_path / cc.TONE_FOLDER


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (a.equals(b) and list(a.columns) == list(b.columns) and (a.dtypes == b.dtypes).all()
            and a.to_csv(index=False) == b.to_csv(index=False))


def test_kept_result_equals_the_computation_and_is_read_back(cache):
    computed = cc.sentence_tone(sentences_table())
    first = cc.sentence_tone(sentences_table(), memo=True)
    assert len(list(cache.glob("*.pickle"))) == 1
    second = cc.sentence_tone(sentences_table(), memo=True)
    assert same(first, computed) and same(second, computed) and len(computed) == 3
    second.loc[0, "mean"] = -1.0  # a caller changing its copy changes nothing for the next one
    assert same(cc.sentence_tone(sentences_table(), memo=True), computed)


def test_the_corpus_result_equals_the_computation(tmp_path, monkeypatch):
    from helpers.corpus import analyse_corpus

    files = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))[::25]
    sentences = analyse_corpus(files).tables["sentences"]  # from the project's corpus cache (a read when warm)
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))  # the memo in an empty cache root
    monkeypatch.delenv("TEXT_NOTEBOOKS_NO_MEMO", raising=False)
    computed = cc.sentence_tone(sentences)
    assert same(cc.sentence_tone(sentences, memo=True), computed)
    assert same(cc.sentence_tone(sentences, memo=True), computed)  # read back


@pytest.mark.parametrize("change", ["compound", "order", "code", "this module", "version"])
def test_anything_that_changes_the_result_changes_the_key(change, monkeypatch, tmp_path):
    base = cc.sentence_tone_key(sentences_table())
    assert cc.sentence_tone_key(sentences_table()) == base
    assert cc.sentence_tone_key(sentences_table("text")) == base
    table = sentences_table()
    if change in ("compound", "order"):
        table = sentences_table(change)
    elif change == "code":
        monkeypatch.setattr(provenance, "code_hash", lambda: "another")
    elif change == "this module":  # corpus/compare.py is not in code_hash: the key reads it itself
        edited = tmp_path / "compare.py"
        edited.write_bytes(Path(cc.__file__).read_bytes() + b"\n# an edit\n")
        monkeypatch.setattr(cc, "__file__", str(edited))
    else:
        monkeypatch.setattr(provenance, "key_versions", lambda: {"numpy": "0"})
    assert cc.sentence_tone_key(table) != base


def test_a_changed_table_is_computed_not_read(cache):
    cc.sentence_tone(sentences_table(), memo=True)
    changed = cc.sentence_tone(sentences_table("compound"), memo=True)
    assert same(changed, cc.sentence_tone(sentences_table("compound")))
    assert not same(changed, cc.sentence_tone(sentences_table()))


def test_an_entry_under_another_key_is_not_used(cache):
    cc.sentence_tone(sentences_table(), memo=True)
    (path,) = cache.glob("*.pickle")
    key, table = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(("another key", table.assign(mean=0.5))))
    assert same(cc.sentence_tone(sentences_table(), memo=True), table)


def test_no_memo_setting_computes_and_keeps_nothing(cache, monkeypatch):
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    cc.sentence_tone(sentences_table(), memo=True)
    assert not cache.exists()


def _ask(cache_root: str, log: str) -> None:
    import os

    os.environ[paths.CACHE_ENV] = cache_root
    real = cc._sentence_tone

    def counted(sentences):
        with open(log, "a") as file:
            file.write("computed\n")
        import time

        time.sleep(0.5)  # long enough for the other process to ask meanwhile
        return real(sentences)

    cc._sentence_tone = counted
    cc.sentence_tone(sentences_table(), memo=True)


def test_two_processes_at_once_compute_it_once(cache, tmp_path):
    log = tmp_path / "log.txt"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_ask, args=(str(tmp_path), str(log))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert log.read_text().splitlines() == ["computed"]
    assert same(cc.sentence_tone(sentences_table(), memo=True), cc.sentence_tone(sentences_table()))


def reference_running_words(terms: pd.DataFrame) -> pd.Series:
    """`compare.running_words` as it was written (every row sorted, each document's first term), the reference."""
    first = terms.sort_values(["doc", "term"]).groupby("doc", sort=True).head(1)
    return pd.Series([round(c * 1000 / p) for c, p in zip(first["count"], first["per_1000"])],
                     index=first["doc"].to_list(), name="running_words")


def same_series(a: pd.Series, b: pd.Series) -> bool:
    return a.equals(b) and a.index.tolist() == b.index.tolist() and a.name == b.name and a.dtype == b.dtype


def test_running_words_equal_the_sorted_version_on_the_corpus():
    from helpers.corpus import analyse_corpus

    files = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))[::7]
    terms = analyse_corpus(files).tables["terms"]
    assert same_series(cc.running_words(terms), reference_running_words(terms))
    shuffled = terms.sample(frac=1.0, random_state=3)  # rows in any order: still each document's words
    assert same_series(cc.running_words(shuffled), reference_running_words(terms))


def test_running_words_equal_the_sorted_version_on_fuzzed_tables():
    import random

    rng = random.Random(17)
    for _ in range(300):
        rows = []
        for doc in rng.sample(range(1, 40), rng.randint(1, 8)):
            words = rng.choice([1, 2, 3, 7, 999, 10_007, 2**25 + rng.randint(0, 99), rng.randint(1, 5_000_000)])
            for term in rng.sample(["a", "b", "war", "zeta", "peace", "of"], rng.randint(1, 6)):
                count = rng.randint(1, words)
                rows.append({"doc": f"d{doc:02d}", "term": term, "count": count, "per_1000": count * 1000 / words})
        rng.shuffle(rows)
        terms = pd.DataFrame(rows)
        assert same_series(cc.running_words(terms), reference_running_words(terms)), rows
