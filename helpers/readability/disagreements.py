"""Where textstat and other tools disagree: sentence splitting and syllable sources (compute only)."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd
import textstat

from ..text import Document, memo
from .measures import LANG
from .tables import PARAGRAPH_NAMES, paragraph_values


def paragraph_sentence_disagreements(document: Document) -> pd.DataFrame:
    """Return the body paragraphs where textstat and syntok count different numbers of sentences.

    Columns: paragraph, syntok, textstat. Empty when they agree everywhere. textstat's counts are
    `paragraph_values`' sentence_count (textstat.sentence_count of each paragraph, counted once per long
    document: tests/test_readability_counting.py).
    """
    position = PARAGRAPH_NAMES.index("sentence_count")
    rows = [{"paragraph": i, "syntok": len(s), "textstat": int(values[position])}
            for i, (values, s) in enumerate(zip(paragraph_values(document), document.sentences), 1)]
    table = pd.DataFrame(rows, columns=["paragraph", "syntok", "textstat"])
    return table[table["syntok"] != table["textstat"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def syllable_sources():
    """Return (CMU dictionary, pyphen) as textstat itself uses them (loaded once)."""
    from textstat.backend.utils import get_cmudict, get_pyphen

    return get_cmudict(LANG), get_pyphen(LANG)


def textstat_words(text: str) -> list[str]:
    """Return the lower-cased words textstat looks up for syllables (its own list_words).

    Called unwrapped from textstat's memo, which would otherwise keep a long body and its list
    of millions of words for the rest of the session (the same function: the same list).
    """
    from textstat.backend.selections import list_words

    return list_words.__wrapped__(text, lowercase=True)


@memo.per_document
def body_word_counts(document: Document) -> Counter:
    """Return Counter(textstat_words(document.body)): how often textstat looks up each word for syllables.

    Counted once per long document (`memo.per_document`): the syllable tables and notebook 01a's
    pyphen-only count read it.
    """
    return Counter(textstat_words(document.body))


def cmu_syllables(pronunciation: list[str]) -> int:
    """Return the syllables of a CMU pronunciation: its vowel phones, those ending in a stress digit."""
    return sum(1 for phone in pronunciation if phone[-1].isdigit())


def pyphen_syllables(word: str) -> int:
    """Return pyphen's syllables of `word`, as textstat's fallback counts them: hyphenation points + 1."""
    return len(syllable_sources()[1].positions(word)) + 1


def fallback_words(document: Document) -> pd.DataFrame:
    """Return the body's words that are not in the CMU dictionary, so textstat asks pyphen.

    Columns: word (as textstat looks it up: lower case, punctuation removed), occurrences,
    cmudict (always "not in it"), pyphen (the hyphenation), syllables (pyphen's points + 1,
    what textstat counts; checked against textstat.syllable_count). Sorted by word.
    """
    cmu, pyphen = syllable_sources()
    counts = {w: n for w, n in body_word_counts(document).items() if w not in cmu}
    rows = []
    for word in sorted(counts):
        syllables = pyphen_syllables(word)
        if syllables != textstat.syllable_count(word):
            raise AssertionError(f"textstat does not count {word!r} as pyphen does")
        rows.append({"word": word, "occurrences": counts[word], "cmudict": "not in it",
                     "pyphen": pyphen.inserted(word), "syllables": syllables})
    return pd.DataFrame(rows, columns=["word", "occurrences", "cmudict", "pyphen", "syllables"])


def syllable_source_disagreements(document: Document) -> pd.DataFrame:
    """Return the distinct body words on which the CMU dictionary and pyphen disagree.

    Columns: word, occurrences, cmudict (syllables of the first pronunciation), pyphen
    (hyphenation points + 1), hyphenation. Sorted by occurrences (most first), then word.
    """
    cmu, pyphen = syllable_sources()
    counts = {w: n for w, n in body_word_counts(document).items() if w in cmu}
    rows = []
    for word, n in counts.items():
        by_cmu, by_pyphen = cmu_syllables(cmu[word][0]), pyphen_syllables(word)
        if by_cmu != by_pyphen:
            rows.append({"word": word, "occurrences": n, "cmudict": by_cmu, "pyphen": by_pyphen,
                         "hyphenation": pyphen.inserted(word)})
    table = pd.DataFrame(rows, columns=["word", "occurrences", "cmudict", "pyphen", "hyphenation"])
    return table.sort_values(["occurrences", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)
