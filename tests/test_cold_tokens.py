"""A mid-size text's sentences and words kept on disk (helpers/text/bulk.py, `KEPT_TEXT_CHARACTERS`)
equal the plain per-paragraph split, when computed and when read back; the seed is not kept.

The reference is the plain path written out here: syntok's sentences of each paragraph
(`tokens.split_sentences`) and the words of each sentence (`tokens.sentence_tokens`; both proved
equal to the libraries by tests/test_fast_tokens.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths
from helpers.text import bulk, load_document
from helpers.text.tokens import sentence_tokens, split_sentences

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpora" / "sotu" / "texts"


def plain(paragraphs):
    sentences = tuple(tuple(split_sentences(p)) for p in paragraphs)
    return sentences, tuple(tuple(tuple(sentence_tokens(s)) for s in group) for group in sentences)


@pytest.mark.parametrize("name", ["1790_george_washington_n.txt", "1862_abraham_lincoln_r.txt",
                                  "2021_joseph_r_biden_d.txt"])
def test_kept_tokens_equal_the_plain_split(name, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))
    first = load_document(TEXTS / name)
    expected = plain(first.paragraphs)
    kept = bulk.is_kept(first.paragraphs)
    assert kept == (sum(map(len, first.paragraphs)) >= bulk.KEPT_TEXT_CHARACTERS)
    assert (first.sentences, first.sentence_words) == expected
    files = list((tmp_path / "text").rglob("*.pickle"))
    assert len(files) == (1 if kept else 0)
    if kept:
        # read back by another document object, without splitting again
        monkeypatch.setattr(bulk, "_tokenise_chunk", lambda paragraphs: pytest.fail("split again"))
        second = load_document(TEXTS / name)
        assert (second.sentence_words, second.sentences) == (expected[1], expected[0])
        assert second.paragraph_words == tuple(tuple(w for s in group for w in s) for group in expected[1])


def test_the_seed_and_short_addresses_are_not_kept(seed, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))
    assert not bulk.is_kept(seed.paragraphs)
    short = load_document(TEXTS / "1790_george_washington_n.txt")
    assert sum(map(len, short.paragraphs)) < bulk.KEPT_TEXT_CHARACTERS  # 5,546 bytes: the shortest address
    assert (short.sentences, short.sentence_words) == plain(short.paragraphs)
    assert not (tmp_path / "text").exists()
