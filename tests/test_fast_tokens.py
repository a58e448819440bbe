"""Differential tests of the text layer's fast paths against the libraries they stand for.

`tokens.treebank_tokens` runs nltk's own substitutions, skipping those that cannot match; it must
give `NLTKWordTokenizer().tokenize`'s tokens on every string. Inputs: every paragraph of the 233
State of the Union addresses (committed in corpora/sotu/texts), the seed's sentences, the fifteen
tricky cases of tests/test_text.py (notebook 00a's), and fuzzed strings built from the characters
each skipped pattern looks for.
"""
from __future__ import annotations

import random
import re
import sys

import pytest
import regex
from nltk.tokenize import NLTKWordTokenizer

from helpers import paths
from helpers.text import tokens

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"
REFERENCE = NLTKWordTokenizer()

# Characters and pieces the tokeniser's patterns care about, and a few that case-insensitive
# matching or Unicode whitespace treat specially.
PIECES = [
    "a", "b", "Z", "x", "3", "42", "3.88", "3,36", "U.S.", "e.g.", "Mr.", ".", "..", "...", ",", ":", ";", "?", "!",
    "'", "''", "\"", "`", "``", "«", "»", "“", "”", "‘", "’", "„", "(", ")", "[", "]", "{", "}", "<", ">", "-", "--",
    "\u2012", "\u2013", "\u2014", "\u2015", "*", "@", "#", "$", "%", "&", "_", " ", "  ", "\n", "\t", "\xa0",
    "\x1c", "\x1f", "\x85", "\u2028", "\u3000", "cannot", "CanNot", "d'ye", "gimme", "gonna", "gotta", "lemme",
    "more'n", "wanna", "'tis", "'Twas", "'s", "'S", "'m", "'d", "'ll", "'LL", "'re", "'ve", "n't", "N'T", "don't",
    "ſ", "K", "ı", "İ", "é", "ß", "word", "Word", "WORD", "the", "is", "was", "can", "not", "me", "na", "ta",
]


def fuzzed(count: int, seed: int = 19) -> list[str]:
    """`count` strings of 0-30 random pieces, joined with nothing or a space at random."""
    generator = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [generator.choice(PIECES) for _ in range(generator.randint(0, 30))]
        out.append("".join(p + generator.choice(("", "", " ")) for p in parts))
    return out


def sotu_pieces(every: int = 1) -> list[str]:
    """Sentence-like pieces of the 233 addresses (each address is one line): split after ". ", "? ", "! "
    (any string is a fair input; these look like what the tokeniser is given). Every `every`th piece."""
    texts = sorted(SOTU.glob("*.txt"))
    assert len(texts) == 233, "the committed corpus must be there"
    pieces = [p for t in texts for p in re.split(r"(?<=[.!?]) +", t.read_text(encoding="utf-8").strip()) if p]
    return pieces[::every]


def assert_same_tokens(strings):
    unequal = [s for s in strings if tokens.treebank_tokens(s) != REFERENCE.tokenize(s)]
    assert not unequal, f"{len(unequal)} of {len(strings)} strings differ, e.g. {unequal[:3]!r}"


def test_treebank_tokens_equal_nltk_on_the_sotu_addresses():
    """One piece in sixteen of every address (all of them: `tests/benchmark_corpus.py --check-tokens`
    compares every sentence of the 233 addresses, split by syntok)."""
    pieces = sotu_pieces(every=16)
    assert len(pieces) > 3_900
    # as they come, and with curly apostrophes straightened (what sentence_tokens feeds it)
    assert_same_tokens(pieces)
    assert_same_tokens([p.translate(tokens.APOSTROPHES) for p in pieces[::5]])


def test_treebank_tokens_equal_nltk_on_the_seed_and_the_tricky_cases(seed):
    from test_text import TRICKY

    strings = [s for p in seed.sentences for s in p] + list(seed.paragraphs) + [seed.title]
    strings += [case for case, _ in TRICKY] + [s for _, expected in TRICKY for s in expected]
    assert len(TRICKY) == 15
    assert_same_tokens(strings)
    assert [tokens.sentence_tokens(s) for s in strings] == [tokens.reference_sentence_tokens(s) for s in strings]


def test_treebank_tokens_equal_nltk_on_fuzzed_strings():
    assert_same_tokens(fuzzed(1_500))


def test_the_contraction_check_finds_what_the_patterns_find():
    strings = fuzzed(5_000, seed=7) + [" " + s + " " for s in fuzzed(2_000, seed=8)]
    found = [bool(tokens._ANY_CONTRACTION.search(s)) for s in strings]
    assert found == [any(p.search(s) for p in tokens._CONTRACTIONS) for s in strings]
    assert sum(found) > 300  # the check is exercised both ways
    assert tokens._CONTRACTED is not None  # nltk's patterns are the ones the check was written from


def test_every_pattern_but_whitespace_has_a_guard():
    unguarded = [p.pattern for needed, p, _ in tokens._BEFORE + tokens._ENDING if needed is None]
    assert unguarded == [r"\s+"]


def test_whitespace_assumptions_hold_for_every_code_point():
    """The anchored patterns' suffix uses str.isspace for the regex module's \\s, and the
    whitespace step uses str.split unless a character split by it alone is present."""
    space = regex.compile(r"\s")
    regex_spaces = {c for c in map(chr, range(sys.maxunicode + 1)) if space.match(c)}
    python_spaces = {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
    assert regex_spaces <= python_spaces
    assert python_spaces - regex_spaces == tokens.SPLIT_ONLY_SPACES


@pytest.mark.parametrize("text", ["", " ", "\x1c", "a\x1cb", "Hello.", "x ,", "a.\n", "a. \n", "'", "--", "(.)"])
def test_treebank_tokens_edge_cases(text):
    assert tokens.treebank_tokens(text) == REFERENCE.tokenize(text)
