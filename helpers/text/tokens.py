"""Sentences and words: the one tokenisation every analysis shares.

Sentences come from syntok; words from nltk's Treebank-style tokeniser (no downloaded data).
`LETTER` and `APOSTROPHES` are the shared definitions of "a letter" and "an apostrophe":
the terms module and the English check use these, not copies.
"""
from __future__ import annotations

import re
import sys
import types


def _fisher_exact(*args, **kwargs):
    from scipy.stats import fisher_exact  # the real one, imported on first use

    return fisher_exact(*args, **kwargs)


def _import_nltk() -> None:
    """Import nltk without scipy.stats: nltk's package import runs `from scipy.stats import
    fisher_exact` (nltk.metrics.association, for one collocation measure), which loads all of
    scipy.stats: about 1 s of CPU and 50 MB in every kernel. A stand-in module lends nltk a
    `fisher_exact` that imports the real one when called, and is removed at once; a later
    `import scipy.stats` gets the real module (tests/test_cli.py checks both)."""
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    stand_in = types.ModuleType("scipy.stats")
    stand_in.fisher_exact = _fisher_exact
    sys.modules["scipy.stats"] = stand_in
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get("scipy.stats") is stand_in:
            del sys.modules["scipy.stats"]


_import_nltk()
from nltk.tokenize import NLTKWordTokenizer  # noqa: E402
from syntok import segmenter  # noqa: E402

LETTER = re.compile(r"[^\W\d_]")  # a letter in any script
WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script
# Curly and modifier apostrophes become the straight one, so "Russia’s" and "Russia's" agree.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_TOKENIZER = NLTKWordTokenizer()


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` (syntok), each an exact, stripped substring of it."""
    sentences = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            sentences.append(text[start:end].strip())
    return [s for s in sentences if s]


def word_tokens(text: str) -> list[str]:
    """Return the word tokens of `text`: nltk Treebank-style tokens holding a letter or digit.

    Curly apostrophes count as straight ones, so "Russia’s" and "Russia's" both give
    ["Russia", "'s"]. Punctuation-only tokens are dropped; case is kept.
    """
    # The Treebank tokeniser expects one sentence: given a paragraph it splits off only the
    # last full stop and leaves "Moscow." inside it, so we feed it syntok's sentences.
    return [t for sentence in split_sentences(text) for t in sentence_tokens(sentence)]


def sentence_tokens(sentence: str) -> list[str]:
    """Return the word tokens of one sentence (as `word_tokens`, without splitting sentences)."""
    return [t for t in _TOKENIZER.tokenize(sentence.translate(APOSTROPHES)) if WORD_CHAR.search(t)]
