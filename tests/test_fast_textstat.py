"""helpers.readability.fast_textstat against textstat 0.7.8 itself: every value the same float (compared by .hex()).

The oracle is textstat called here through `readability.textstat_value` (the call the tables
use), on hand cases, fuzzed strings, the seed and a sample of State of the Union addresses.
"""
from __future__ import annotations

import random
import re
import sys

import pytest
import textstat
from textstat.backend import counts as ts_counts
from textstat.backend.utils import get_lang_cfg

from helpers import paths, readability, text
from helpers.readability import fast_textstat

NAMES = readability.MEASURES + readability.COUNTS
SOTU = paths.PROJECT_ROOT / "corpora" / "sotu" / "texts"  # committed with the project: never skipped

HAND_CASES = [
    "", " ", "\n\n", "Hi.", "Go!", "Why?", "—", "— — — . . .", "!!! ???", "a b", "a b c", "a b c.",
    "The cat sat on the mat. The dog sat on the log.",
    "Dr. Smith met the U.S. envoy at 5 p.m. on Monday. Why? The talks lasted 2.5 hours. Nobody smiled.",
    "Don't you think it's odd that we'd never've guessed? They'll see; you're right, aren't you?",
    "'Quoted' words, ''t odd ' apostrophes', rock 'n' roll, the '90s, O'Brien's cat.",
    "pro-Kremlin, well-known, self-evident; co-operation -- and — dashes – here.",
    "non\u00a0breaking\u2009thin\u3000ideographic\x1cfile\x1fseparators\u2028line\u2029para\x85next spaces.",
    "İstanbul ΣΑΣ Straße ﬁne naïve café résumé. Ωμέγα σίσυφος. 東京 is big.",
    "snake_case words_with_underscores and 123 456.789 numbers 3rd 21st.",
    "I am. I am. I am. I am. I am. I am.",  # Flesch Reading Ease above 100
    "Antidisestablishmentarianism notwithstanding, incomprehensibility characterizes institutionalization.",
    "word " * 150 + ".",  # Linsear Write's first-100-words branch
    "Punctuation — tokens ; are - skipped . " * 30,  # ... reading on past tokens that are only punctuation
    ("The quick brown fox jumps over the lazy dog. " * 30).strip(),
    "The the THE The tHe. Difficult DIFFICULT difficult words words.",
]


def reference(value_text: str) -> dict[str, float]:
    return {name: readability.textstat_value(name, value_text) for name in NAMES}


def same(fast: dict[str, float], ref: dict[str, float]) -> bool:
    """Equal floats bit for bit (.hex() also tells 0.0 from -0.0)."""
    return {k: v.hex() for k, v in fast.items()} == {k: v.hex() for k, v in ref.items()}


@pytest.mark.parametrize("case", HAND_CASES)
def test_hand_cases_equal_textstat(case):
    assert list(fast_textstat.measures(case)) == list(NAMES)
    assert same(fast_textstat.measures(case), reference(case))


def test_seed_body_paragraphs_and_sentences_equal_textstat(seed):
    units = [seed.body, *seed.paragraphs, *(s for sentences in seed.sentences for s in sentences)]
    assert len(units) > 40
    assert [u for u in units if not same(fast_textstat.measures(u), reference(u))] == []


def _fuzzed(count: int, seed: int) -> list[str]:
    """Short texts from words, contractions, apostrophes, punctuation and odd whitespace."""
    rng = random.Random(seed)
    vocabulary = (HAND_CASES[13] + " " + HAND_CASES[14] + " " + HAND_CASES[17]).split() + [
        "beautiful", "extraordinary", "a", "I", "it's", "'tis", "'", "''", "'s", "s'", "U.S.", "etc.", "e.g.",
        "...", "!", "?", "?!", ".", "-", "—", "(", ")", "42", "3.14", "_", "x'ss", "rock'n'roll", "ÉCOLE"]
    spaces = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2009", "\x1c", ""]
    return ["".join(rng.choice(spaces) + rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
            for _ in range(count)]


def test_fuzzed_texts_equal_textstat():
    texts = _fuzzed(400, seed=11)
    assert [t for t in texts if not same(fast_textstat.measures(t), reference(t))] == []


def test_sentence_count_equals_textstat_on_fuzzed_pieces():
    texts = _fuzzed(3000, seed=12)
    assert [t for t in texts if fast_textstat.sentence_count(t) != ts_counts.count_sentences(t)] == []


def test_sample_of_state_of_the_union_addresses_equals_textstat():
    files = sorted(SOTU.glob("*.txt"))[::58]  # 5 addresses, 1790 to 2010s
    assert len(files) == 5, f"expected 5 addresses in {SOTU}, found {len(files)}"
    for path in files:
        body = text.load_document(path).body
        assert same(fast_textstat.measures(body), reference(body)), path.name


def test_whitespace_and_word_characters_agree_on_every_code_point():
    # fast_textstat counts characters with str.split() where textstat uses re's \s, and drops
    # tokens without a \w character where textstat removes punctuation: both need these facts.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = re.findall(r"\s", every)
    assert re.sub(r"\s", "", every) == "".join(every.split())  # the same characters are whitespace
    assert len(spaces) == 29 and all(ch.isspace() for ch in spaces)
    assert re.findall(r"\w", "".join(spaces)) == []  # no word character is whitespace


def _clear_textstat_caches() -> None:
    """Empty textstat's memos of counts and metrics (not its loaded dictionaries: reloading costs a second)."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("textstat.backend"):
            for value in vars(module).values():
                if hasattr(value, "cache_clear") and not value.__module__.startswith("textstat.backend.utils"):
                    value.cache_clear()


def test_textstat_values_do_not_depend_on_call_order():
    # textstat memoises in lru_caches (128 entries): the values must not depend on what was called before.
    body = HAND_CASES[13] + " " + HAND_CASES[14]
    _clear_textstat_caches()
    forward = {name: readability.textstat_value(name, body) for name in NAMES}
    _clear_textstat_caches()
    for word in ("warm", "other", "words"):
        textstat.polysyllabcount(word)
    backward = {name: readability.textstat_value(name, body) for name in reversed(NAMES)}
    assert same(forward, backward)
    assert same(fast_textstat.measures(body), forward)


def test_gunning_fog_threshold_is_textstats():
    assert fast_textstat.DIFFICULTY_THRESHOLDS[2] == int(get_lang_cfg(fast_textstat.LANG, "syllable_threshold"))


def test_other_textstat_settings_are_refused():
    textstat.set_rounding_points(2)
    try:
        with pytest.raises(RuntimeError, match="defaults only"):
            fast_textstat.measures("The cat sat.")
    finally:
        textstat.set_rounding_points(None)


def test_compute_module_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("fast_textstat", "matplotlib")  # tests/conftest.py
