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
from syntok.tokenizer import Tokenizer

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


def share(strings: list[str], every: int, rest: bool = False) -> list[str]:
    """Every `every`th string (make test), or with `rest` all the others (the test's `exhaustive` twin,
    run by .ci/run): together, each string once, so CI compares as many as before the split."""
    return [s for i, s in enumerate(strings) if (i % every == 0) != rest]


def assert_same_tokens(strings):
    unequal = [s for s in strings if tokens.treebank_tokens(s) != REFERENCE.tokenize(s)]
    assert not unequal, f"{len(unequal)} of {len(strings)} strings differ, e.g. {unequal[:3]!r}"


def treebank_on_the_sotu_addresses(rest: bool) -> None:
    """One piece in sixteen of every address (all of them: `tests/benchmark_corpus.py --check-tokens`
    compares every sentence of the 233 addresses, split by syntok); make test a quarter of them."""
    pieces = sotu_pieces(every=16)
    assert len(pieces) > 3_900
    # as they come, and with curly apostrophes straightened (what sentence_tokens feeds it)
    assert_same_tokens(share(pieces, 4, rest))
    assert_same_tokens(share([p.translate(tokens.APOSTROPHES) for p in pieces[::5]], 4, rest))


def test_treebank_tokens_equal_nltk_on_the_sotu_addresses():
    treebank_on_the_sotu_addresses(rest=False)


@pytest.mark.exhaustive
def test_treebank_tokens_equal_nltk_on_the_other_sotu_pieces():
    treebank_on_the_sotu_addresses(rest=True)


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


# syntok: `tokens.split_sentences` tokenises with a subclass of syntok's tokenizer (shortcuts for
# plain words); its tokens and sentences must be syntok's.
SYNTOK = Tokenizer(replace_not_contraction=False)  # as syntok.segmenter.analyze makes it
WORDS = ["McDonald", "iPhone", "don't", "can't", "O'Neill", "rock'n'roll", "e.g.", "U.S.A.", "well-known", "a_b",
         "x,y", "a;b", "3.5", "1,000", "(see", "it)", "[1]", "«Oui»", "ʹquoteʹ", "naʼvi", "´a", "′b", "a\u00adb",
         "a\u2010b", "ǅemal", "ǅ", "ΑΒΓ", "αβγ", "ſtraße", "İstanbul", "DŽ", "ß", "1990s", "H2O", "x²", "Ⅻ", "ⓐⒶ", "…", "....",
         "Mr.", "Dr.Smith", "end.Start", "why?No", "ok!Go", "\u200b", "tab\tbed", "\u3000", "é", "e\u0301", "٣٤"]


def syntok_fuzzed(count: int, seed: int = 23) -> list[str]:
    generator = random.Random(seed)
    pool = PIECES + WORDS
    return ["".join(generator.choice(pool) + generator.choice(("", " ", " ", "\n", "\n\n"))
                    for _ in range(generator.randint(0, 40))) for _ in range(count)]


def token_triples(token_stream) -> list[tuple[str, str, int]]:
    return [(t.spacing, t.value, t.offset) for t in token_stream]


def syntok_strings(rest: bool) -> list[str]:
    """Every 8th SOTU piece, 3,000 fuzzed strings and WORDS: one in six in make test, the rest in .ci/run."""
    return share(WORDS + [" ".join(WORDS)] + sotu_pieces(every=8) + syntok_fuzzed(3_000), 6, rest)


def test_syntok_tokens_equal_syntok_on_sotu_pieces_and_fuzzed_strings():
    syntok_tokens_equal_syntok(syntok_strings(rest=False))


@pytest.mark.exhaustive
def test_syntok_tokens_equal_syntok_on_the_other_pieces_and_fuzzed_strings():
    syntok_tokens_equal_syntok(syntok_strings(rest=True))


def syntok_tokens_equal_syntok(strings: list[str]) -> None:
    unequal = [s for s in strings
               if token_triples(tokens._SYNTOK.tokenize(s)) != token_triples(SYNTOK.tokenize(s))
               or token_triples(tokens._SYNTOK.tokenize(s, 7)) != token_triples(SYNTOK.tokenize(s, 7))]
    assert not unequal, f"{len(unequal)} of {len(strings)} differ, e.g. {unequal[:3]!r}"


def test_split_sentences_equal_syntok_on_addresses_seed_tricky_and_fuzzed(seed):
    from test_text import TRICKY

    # The seed and the tricky cases all, one in five addresses and fuzzed strings (the rest: below).
    strings = list(seed.paragraphs) + [seed.title] + [case for case, _ in TRICKY] + sentence_strings(rest=False)
    split_sentences_equal_syntok(strings)


@pytest.mark.exhaustive
def test_split_sentences_equal_syntok_on_the_other_addresses_and_fuzzed_strings():
    split_sentences_equal_syntok(sentence_strings(rest=True))


def sentence_strings(rest: bool) -> list[str]:
    addresses = [t.read_text(encoding="utf-8") for t in sorted(SOTU.glob("*.txt"))[::10]]  # all: benchmark_corpus --check-tokens
    return share(addresses, 5, rest) + share(syntok_fuzzed(1_500, seed=5), 5, rest)


def split_sentences_equal_syntok(strings: list[str]) -> None:
    unequal = [s for s in strings if tokens.split_sentences(s) != tokens.reference_split_sentences(s)]
    assert not unequal, f"{len(unequal)} of {len(strings)} differ, e.g. {unequal[:3]!r}"


def test_no_separator_hides_in_a_plain_word():
    """The plain-word shortcut: a word holding any character the separator pattern starts with, or a
    \\p{Lu} after its first character, is not plain (every code point, in the regex module's Unicode)."""
    separator = regex.compile(r"[\p{Lu}\p{Ps}\p{Pe}.,;_" + regex.escape(Tokenizer._hyphens + Tokenizer._apostrophes) + "]")
    hidden = [c for c in map(chr, range(sys.maxunicode + 1))
              if separator.match(c) and (tokens._plain_word("a" + c) or tokens._plain_word("a" + c + "b"))]
    assert hidden == []
    assert tokens._plain_word("Word") and tokens._plain_word("1990") is False and not tokens._plain_word("McDonald")


# The segmenter's skip over plain tokens (`tokens._Stream.skip_plain`): `split_sentences` keeps a
# sentence's first and last tokens but not every token between them. Each sentence must start and
# end at syntok's tokens, on every committed address (a tenth in make test, the rest in .ci/run),
# and on fuzzed strings rich in the characters the skip looks for (stops, spaces syntok and Python
# disagree on, brackets).
SKIP_PIECES = ["word", "Word", "the", "Mr", "U.S", "No", "no", "5", "1990", "II", "x", "A", ".", "...", "?", "!", ";",
               "(", ")", "[", "]", "{", "}", "\uff08", "\u3002", "\u203c", ",", ":", "'", "\"", "’", "”", "-", "_",
               " ", " ", " ", "  ", "\n", "\t", "\u200b", "\xa0", "\x1c", "\u3000", "e.g.", "etc.", "(see", "it).",
               "Jan.", "5.", "p.m.", "St.", "well-known", "don't", "McDonald", "The", "However", "In", "It"]


def skip_fuzzed(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choice(SKIP_PIECES) + generator.choice(("", " ", " ", " ", "\n\n"))
                    for _ in range(generator.randint(0, 80))) for _ in range(count)]


def sentence_ends(paragraphs) -> list[list[tuple]]:
    """Each paragraph's sentences as (first token, last token), each (spacing, value, offset)."""
    return [[((s[0].spacing, s[0].value, s[0].offset), (s[-1].spacing, s[-1].value, s[-1].offset)) for s in p]
            for p in paragraphs]


def skip_strings(rest: bool) -> list[str]:
    addresses = [t.read_text(encoding="utf-8") for t in sorted(SOTU.glob("*.txt"))]
    assert len(addresses) == 233
    return share(addresses, 10, rest) + share(skip_fuzzed(3_000, seed=41) + syntok_fuzzed(1_000, seed=43), 10, rest)


def skipping_segmenter_equals_syntok(strings: list[str]) -> None:
    unequal = [s for s in strings
               if sentence_ends(tokens._analyze(s)) != sentence_ends(tokens.segmenter.analyze(s))
               or tokens.split_sentences(s) != tokens.reference_split_sentences(s)]
    assert not unequal, f"{len(unequal)} of {len(strings)} differ, e.g. {unequal[:2]!r}"


def test_skipping_segmenter_gives_syntoks_sentence_ends():
    skipping_segmenter_equals_syntok(skip_strings(rest=False))


@pytest.mark.exhaustive
def test_skipping_segmenter_gives_syntoks_sentence_ends_on_the_other_addresses():
    skipping_segmenter_equals_syntok(skip_strings(rest=True))


def test_stream_gives_syntoks_tokens():
    """Without skipping, `_Stream` is syntok's tokenizer (value, spacing, offset of every token)."""
    strings = WORDS + [" ".join(WORDS)] + skip_fuzzed(500, seed=47) + syntok_fuzzed(500, seed=53) + ["", " ", "a "]
    unequal = [s for s in strings
               if token_triples(tokens._Stream(s)) != token_triples(SYNTOK.tokenize(s))
               or token_triples(tokens._Stream(s, 7)) != token_triples(SYNTOK.tokenize(s, 7))]
    assert not unequal, f"{len(unequal)} of {len(strings)} differ, e.g. {unequal[:3]!r}"


def test_stream_skips_to_the_run_holding_a_stop():
    stream = tokens._Stream("one two, three (four five. six")
    assert next(stream).value == "one"
    last = stream.skip_plain()
    assert (last.value, last.spacing, last.offset) == ("three", " ", 9)  # the last run before "(four"
    assert [t.value for t in stream] == ["(", "four", "five", ".", "six"]
    stream = tokens._Stream("one two, three")
    assert [next(stream).value, stream.skip_plain().value, next(stream, None)] == ["one", "three", None]


def test_word_char_is_str_isalnum():
    """`sentence_tokens` keeps a token for which str.isalnum() holds without searching WORD_CHAR."""
    differ = [c for c in map(chr, range(sys.maxunicode + 1)) if bool(tokens.WORD_CHAR.match(c)) != c.isalnum()]
    assert differ == []


def ascii_fuzzed(count: int, seed: int) -> list[str]:
    """Strings of ASCII pieces and single ASCII characters (every one, control characters included)."""
    generator = random.Random(seed)
    pool = [p for p in PIECES if p.isascii()] + [chr(c) for c in range(128)]
    return ["".join(generator.choice(pool) + generator.choice(("", "", " ")) for _ in range(generator.randint(0, 30)))
            for _ in range(count)]


def test_ascii_strings_take_the_re_patterns_and_give_nltks_tokens():
    """`treebank_tokens` runs `re`'s compilations of nltk's patterns on ASCII strings without \\x1c-\\x1f
    (tokens._ascii_plan); the SOTU pieces (most of them ASCII) are compared above, these are fuzzed."""
    assert tokens._ASCII
    strings = ascii_fuzzed(4_000, seed=59) + [chr(c) + " x" for c in range(128)] + ["x " + chr(c) for c in range(128)]
    assert sum(s.isascii() and tokens.SPLIT_ONLY_SPACES.isdisjoint(s) for s in strings) > 2_000
    assert_same_tokens(strings)
