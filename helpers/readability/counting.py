"""A long document's textstat counts at every level (each sentence, each paragraph, the body) from one
pass over its words (compute only).

Why: notebook 01, its appendix and `run`'s readability.csv read the body's counts
(`tables.body_counts`), each paragraph's values (`tables.paragraph_values`) and each sentence's
formula inputs (`uncertainty.sentence_counts`). Counted one unit at a time
(`fast_textstat.text_counts`, `fast_textstat.sentence_inputs`), a 10 MB text is read three times,
with tens of Python calls per sentence and per paragraph.

How: textstat's word lists are position-wise: `remove_punctuation` removes characters one by one
(the only context it reads is the character after an apostrophe), so on texts joined by white space
its words are the concatenation of each text's words, and so are `str.split()`'s tokens. When a
paragraph is its sentences joined by white space (`tiles`: true of syntok's sentences of nearly
every paragraph), every count that is a sum over words or tokens (words, syllables, letters,
characters, the difficult-word and long-word counts, ...) of the paragraph is the sum of its
sentences' and the body's is the sum of its paragraphs'. So the sentences of all such paragraphs are
joined into one string, with a marker word between them; it is cut into textstat's word lists once,
each distinct word is looked up once (`fast_textstat.word_facts`, `token_syllables`), and the counts
of every sentence are differences of running sums (exact integers). The counts that are not sums are
taken from each unit's own text with fast_textstat's functions: textstat's sentence count, the
distinct difficult words (a set per paragraph), and Linsear Write's first 100 words (the first 100
words of the unit's word list, and the tokens they came from). A paragraph that its sentences do not
tile, or a text in which the marker word could be confused with a word, is counted the slow way
(`fast_textstat.text_counts`, `sentence_inputs`). Equal to the slow way, value for value:
tests/test_readability_counting.py.
"""
from __future__ import annotations

import re
from itertools import accumulate, islice
from typing import NamedTuple

import numpy as np
import pandas as pd
from textstat.backend.transformations import remove_punctuation

from . import fast_textstat
from ..text import Document, memo

# The long path is taken from this many characters of body on (the memoised documents); below it
# each unit is counted on its own, as before (the seed, most State of the Union addresses).
ONE_PASS_MIN_CHARACTERS = memo.MEMO_MIN_CHARACTERS
# The columns of `uncertainty.sentence_counts` after paragraph, sentence and text (`formula_inputs`' keys).
INPUTS = ("sentences", "words", "syllables", "polysyllables", "letters", "characters", "complex_words",
          "dale_chall_words", "spache_words", "tokens", "miniwords")
LINSEAR_WORDS = 100  # textstat's linsear_write_formula reads the first 100 words of a text longer than that
MARKER = "qzxsentencemarkqzx"  # a word between sentences; a text holding it anywhere is counted the slow way
_remove_punctuation = remove_punctuation.__wrapped__  # textstat's function without its memo (it would keep 10 MB)


class DocumentCounts(NamedTuple):
    """textstat's counts of a document at every level (see `document_counts`)."""

    sentences: pd.DataFrame  # `uncertainty.sentence_counts(document)`
    paragraphs: tuple[fast_textstat.Counts, ...]  # fast_textstat.text_counts(paragraph), in order
    body: fast_textstat.Counts  # fast_textstat.text_counts(document.body)
    body_difficult: frozenset[str]  # the distinct words counted by body.difficult_unique
    paragraph_pieces: tuple[int, ...]  # fast_textstat.counted_pieces(paragraph): its sentences without the floor of 1


def tiles(paragraph: str, sentences: tuple[str, ...]) -> bool:
    """Return True when `paragraph` is `sentences`, in order, each pair separated by white space only
    (at least one white-space character), with nothing but white space before the first or after the last."""
    position = 0
    for number, sentence in enumerate(sentences):
        found = paragraph.find(sentence, position) if sentence else -1
        if found < 0:
            return False
        gap = paragraph[position:found]
        if (number and not gap) or (gap and not gap.isspace()):
            return False
        position = found + len(sentence)
    rest = paragraph[position:]
    return bool(sentences) and (not rest or rest.isspace())


def uses_one_pass(document: Document) -> bool:
    """Whether `document`'s counts come from `one_pass` (a body of `ONE_PASS_MIN_CHARACTERS` or more)."""
    return sum(map(len, document.paragraphs)) >= ONE_PASS_MIN_CHARACTERS


@memo.per_document
def document_counts(document: Document) -> DocumentCounts:
    """Return the counts of `document`'s sentences, paragraphs and body, computed once per long document
    (`memo.per_document`): `one_pass` from `ONE_PASS_MIN_CHARACTERS` on, else `unit_by_unit`."""
    fast_textstat.check_defaults()
    return one_pass(document) if uses_one_pass(document) else unit_by_unit(document)


def unit_by_unit(document: Document) -> DocumentCounts:
    """The counts unit by unit: fast_textstat's functions on each sentence, each paragraph and the body
    (the reference `one_pass` equals)."""
    fast_textstat.check_defaults()
    rows = [(number, index, sentence, fast_textstat.sentence_inputs(sentence))
            for number, sentences in enumerate(document.sentences, 1) for index, sentence in enumerate(sentences, 1)]
    body = document.body
    kept = _remove_punctuation(body, rm_apostrophe=False).split()
    difficult = frozenset(w for w in set(kept) if fast_textstat.word_facts(w)[2])
    return DocumentCounts(_sentence_table(rows), tuple(map(fast_textstat.text_counts, document.paragraphs)),
                          fast_textstat.text_counts(body), difficult,
                          tuple(map(fast_textstat.counted_pieces, document.paragraphs)))


def _sentence_table(rows) -> pd.DataFrame:
    """`uncertainty.sentence_counts`' table from (paragraph, sentence, text, inputs) rows."""
    columns = {"paragraph": pd.Series([r[0] for r in rows], dtype="int64"),
               "sentence": pd.Series([r[1] for r in rows], dtype="int64"),
               "text": pd.Series([r[2] for r in rows], dtype="object")}
    return pd.DataFrame(columns | {name: pd.Series([r[3][name] for r in rows], dtype="int64") for name in INPUTS})


# A text whose last word is followed by one of textstat's sentence ends (before any other word character):
# textstat's pieces of it end inside it, so a text joined after it by white space starts new pieces.
_CLOSED = re.compile(r"[.!?]\W*\Z")
# A sentence end followed by a word character: the text may be cut into several pieces.
_SEVERAL_PIECES = re.compile(r"[.!?]\W*\w")
# Per-word counts summed over a sentence (the first are `sentence_inputs`' keys), then the paragraph's others.
_SENTENCE_SUMS = ("words", "syllables", "polysyllables", "letters", "characters", "complex_words", "dale_chall_words",
                  "spache_words", "tokens", "miniwords")
_SUMS = _SENTENCE_SUMS + ("monosyllables", "long_words", "linsear_easy")


class _Words(NamedTuple):
    """The words of the joined sentences (see `_cut`)."""

    values: dict[str, np.ndarray]  # per sentence: each of `_SUMS`
    ids: np.ndarray  # each word's index among the distinct words, in order, the markers left out
    distinct: list[str]  # the distinct words (textstat's list_words: punctuation removed, case kept)
    syllables: np.ndarray  # `count_syllables` of each distinct word (`word_facts`)
    difficult: np.ndarray  # each distinct word is difficult at textstat's default threshold 2 (`word_facts`)


def one_pass(document: Document) -> DocumentCounts:
    """Return `unit_by_unit(document)` from one pass over the words of the body (see the module docstring)."""
    fast_textstat.check_defaults()
    paragraphs, groups = document.paragraphs, document.sentences
    count = len(paragraphs)
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=count)
    regular = np.fromiter(map(tiles, paragraphs, groups), dtype=bool, count=count)
    joined = [s for ok, group in zip(regular, groups) if ok for s in group]
    words = _cut(joined)
    if words is None:  # the marker is in the text: the slow way
        return unit_by_unit(document)
    # textstat's counted pieces of each sentence: a sentence without a sentence end before a word character is one
    # piece from its first word character on, holding all its words (its tokens with a \\w character), counted
    # when they are more than two; the others are cut by fast_textstat.
    pieces = (words.values["words"] > 2).astype(np.int64)
    several = np.fromiter(map(_SEVERAL_PIECES.search, joined), dtype=object, count=len(joined)) != None  # noqa: E711
    for k in np.flatnonzero(several):
        pieces[k] = fast_textstat.counted_pieces(joined[k])
    per_sentence = words.values | {"sentences": pieces}
    # The sentence table: the joined sentences' rows from the arrays, the others' from sentence_inputs.
    in_joined = np.repeat(regular, sizes)
    others = [fast_textstat.sentence_inputs(s) for ok, group in zip(regular, groups) if not ok for s in group]
    columns = {}
    for name in INPUTS:
        column = np.empty(len(in_joined), dtype=np.int64)
        column[in_joined] = per_sentence[name]
        column[~in_joined] = np.fromiter((row[name] for row in others), dtype=np.int64, count=len(others))
        columns[name] = column
    firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    table = pd.DataFrame({"paragraph": pd.Series(np.repeat(np.arange(1, count + 1), sizes), dtype="int64"),
                          "sentence": pd.Series(np.arange(len(in_joined)) - np.repeat(firsts, sizes) + 1, dtype="int64"),
                          "text": pd.Series([s for group in groups for s in group], dtype="object")}
                         | {name: pd.Series(columns[name], dtype="int64") for name in INPUTS})

    # Each joined paragraph's sums: its sentences' (np.add.reduceat over runs of consecutive sentences).
    starts = np.concatenate([[0], np.cumsum(sizes[regular])[:-1]])
    totals = {name: np.add.reduceat(values, starts) if len(values) else values for name, values in per_sentence.items()}
    # textstat's sentence count of a paragraph: its sentences' counted pieces when each but the last is closed.
    open_before_last = ~np.fromiter((_CLOSED.search(s) is not None for s in joined), dtype=bool, count=len(joined))
    open_before_last[np.cumsum(sizes[regular]) - 1] = False
    closed_inside = np.add.reduceat(open_before_last.astype(np.int64), starts) == 0 if len(joined) else np.array([], bool)
    # The distinct difficult words of each joined paragraph: (paragraph, word) pairs, each counted once.
    word_paragraph = np.repeat(np.arange(len(starts)), totals["words"])
    hard = words.difficult[words.ids]
    pairs = _distinct(word_paragraph[hard] * len(words.distinct) + words.ids[hard])
    difficult_unique = np.bincount(pairs // len(words.distinct), minlength=len(starts))
    word_starts = np.concatenate([[0], np.cumsum(totals["words"])[:-1]])
    difficult_words = {words.distinct[i] for i in _distinct(words.ids[hard])}

    rows = {name: values.tolist() for name, values in totals.items()}
    paragraph_counts, paragraph_pieces, k = [], [], 0
    for ok, paragraph in zip(regular, paragraphs):
        if not ok:  # its sentences do not tile it: counted on its own
            kept = _remove_punctuation(paragraph, rm_apostrophe=False).split()
            difficult_words.update(w for w in set(kept) if fast_textstat.word_facts(w)[2])
            paragraph_counts.append(fast_textstat.text_counts(paragraph))
            paragraph_pieces.append(fast_textstat.counted_pieces(paragraph))
            continue
        pieces = rows["sentences"][k] if closed_inside[k] else fast_textstat.counted_pieces(paragraph)
        paragraph_pieces.append(pieces)
        sentences = max(1, pieces)  # textstat's floor (a paragraph is never empty)
        if rows["tokens"][k] > LINSEAR_WORDS:
            start = word_starts[k]
            linsear = _linsear(paragraph, words.ids[start:start + min(LINSEAR_WORDS, rows["words"][k])], words)
        else:  # every word; its tokens space-joined have the paragraph's pieces (pieces start at a word character)
            linsear = (rows["linsear_easy"][k], rows["polysyllables"][k], sentences)
        paragraph_counts.append(fast_textstat.Counts(
            sentences=sentences, words=rows["words"][k], syllables=rows["syllables"][k],
            polysyllables=rows["polysyllables"][k], monosyllables=rows["monosyllables"][k], letters=rows["letters"][k],
            characters=rows["characters"][k], tokens=rows["tokens"][k], long_words=rows["long_words"][k],
            miniwords=rows["miniwords"][k], difficult_unique=int(difficult_unique[k]),
            complex_words=rows["complex_words"][k], dale_chall_words=rows["dale_chall_words"][k],
            spache_words=rows["spache_words"][k], linsear_easy=linsear[0], linsear_hard=linsear[1],
            linsear_sentences=linsear[2]))
        k += 1
    body = joined_counts(paragraphs, paragraph_counts, paragraph_pieces, difficult_words, document.body)
    return DocumentCounts(table, tuple(paragraph_counts), body, frozenset(difficult_words), tuple(paragraph_pieces))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, in increasing order (`np.unique`, by sorting: numpy 2's hash table
    takes a second on a million values)."""
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered


def _distinct_facts(distinct: list[str]) -> tuple[np.ndarray, ...]:
    """Per distinct word, as `fast_textstat.count_text` takes them: `token_syllables` of the lower-cased word (the
    syllable count), then `word_facts` of the word (count_syllables, difficult at 0, at 2, at 3), and the length
    without apostrophes (textstat's words with every punctuation mark removed)."""
    facts = np.array([fast_textstat.word_facts(w) for w in distinct], dtype=np.int64).reshape(-1, 4)
    return (np.fromiter((fast_textstat.token_syllables(w.lower()) for w in distinct), dtype=np.int64, count=len(distinct)),
            facts[:, 0], facts[:, 1].astype(bool), facts[:, 2].astype(bool), facts[:, 3].astype(bool),
            np.fromiter((len(w) - w.count("'") for w in distinct), dtype=np.int64, count=len(distinct)))


def _marker_positions(items: list[str], count: int) -> np.ndarray:
    """Positions of the first `count` markers in `items`."""
    positions, position = np.empty(count, dtype=np.int64), -1
    for k in range(count):
        position = positions[k] = items.index(MARKER, position + 1)
    return positions


def _cut(sentences: list[str]) -> _Words | None:
    """Join `sentences` with a marker word before each and after the last, cut the result into textstat's word list
    and white-space tokens once, and return each sentence's sums (None when a marker could be confused with a word).

    A word of textstat's list (`remove_punctuation(text, rm_apostrophe=False).split()`) is a white-space token that
    holds a \\w character, with every character but \\w and contraction apostrophes removed: removal never touches
    \\w or white space, and a kept apostrophe is followed by a letter of its own token. The same token with every
    punctuation mark removed (`rm_apostrophe=True`: letters, long and short words) is that word without apostrophes.
    """
    count = len(sentences) + 1
    text = "".join(f" {MARKER} {s}" for s in sentences) + f" {MARKER}"
    kept_text = _remove_punctuation(text, rm_apostrophe=False)
    # A text holding the marker's letters anywhere (even inside a longer word, or once punctuation is removed) is
    # counted the slow way: then each marker is a word of its own in both lists (white space around it, letters
    # kept), and no other word holds its letters, so the first `count` found are all, and ours.
    if text.count(MARKER) != count or kept_text.count(MARKER) != count:
        return None
    kept, tokens = kept_text.split(), text.split()
    del kept_text, text
    kept_marks, token_marks = _marker_positions(kept, count), _marker_positions(tokens, count)
    distinct = list(dict.fromkeys(kept))
    index = {w: i for i, w in enumerate(distinct)}
    ids = np.fromiter(map(index.__getitem__, kept), dtype=np.int64, count=len(kept))
    del kept, index
    syllables, word_syllables, hard0, hard2, hard3, bare_lengths = _distinct_facts(distinct)
    token_lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    del tokens
    is_word = np.ones(len(ids), dtype=bool)
    is_word[kept_marks] = False
    lengths = bare_lengths[ids]
    per_word = {
        "words": is_word, "syllables": syllables[ids], "polysyllables": word_syllables[ids] >= 3,
        "complex_words": hard3[ids], "dale_chall_words": hard0[ids], "spache_words": hard2[ids],
        "monosyllables": word_syllables[ids] == 1, "letters": lengths, "miniwords": lengths <= 3,
        "long_words": lengths > 6, "linsear_easy": (word_syllables[ids] > 0) & (word_syllables[ids] < 3),
    }
    values = {}
    for name, array in per_word.items():
        array = np.where(is_word, array, 0).astype(np.int64)  # the markers count for nothing
        running = np.concatenate([[0], np.cumsum(array)])
        values[name] = running[kept_marks[1:]] - running[kept_marks[:-1]]
    token_lengths[token_marks] = 0
    running = np.concatenate([[0], np.cumsum(token_lengths)])
    values["characters"] = running[token_marks[1:]] - running[token_marks[:-1]]
    values["tokens"] = np.diff(token_marks) - 1
    return _Words(values, ids[is_word], distinct, word_syllables, hard2)


def _linsear(paragraph: str, first_words: np.ndarray, words: _Words) -> tuple[int, int, int]:
    """fast_textstat's Linsear Write counts of a paragraph of more than 100 tokens (`_linsear_counts`): its first 100
    words (`first_words`: ids), read token by token until 100 words (a token gives a word when it holds a \\w
    character), and textstat's sentences of the tokens read, space-joined: the tokens of the paragraph up to the end
    of its 100th token holding a \\w character (each such token is one match of TOKEN_WITH_WORD_CHARACTER), or all."""
    syllables = words.syllables[first_words]
    easy = int(((syllables > 0) & (syllables < 3)).sum())
    hard = int((syllables >= 3).sum())
    last = next(islice(fast_textstat.TOKEN_WITH_WORD_CHARACTER.finditer(paragraph), LINSEAR_WORDS - 1, None), None)
    read = paragraph if last is None or len(first_words) < LINSEAR_WORDS else paragraph[:last.end()]
    return easy, hard, fast_textstat.sentence_count(" ".join(read.split()))


_ADDITIVE = ("words", "syllables", "polysyllables", "monosyllables", "letters", "characters", "tokens", "long_words",
             "miniwords", "complex_words", "dale_chall_words", "spache_words")


def joined_counts(parts, counts: list[fast_textstat.Counts], pieces: list[int], difficult: set[str],
                  whole: str) -> fast_textstat.Counts:
    """Return `fast_textstat.text_counts(whole)`, where `whole` is the texts `parts` joined by blank lines, from their
    counts `counts`, their counted pieces (`fast_textstat.counted_pieces`) and the distinct difficult words of all
    (`difficult`): textstat's word lists of `whole` are the
    parts' one after the other. Not sums: textstat's sentences (the parts' counted pieces when each part but the last
    is closed, else counted on `whole`), the distinct difficult words, Linsear Write (the counts of the shortest run
    of opening parts with more than 100 tokens and 100 words, whose first 100 words are those of `whole`)."""
    if len(parts) == 1:
        return counts[0]
    total = {name: sum(getattr(c, name) for c in counts) for name in _ADDITIVE}
    if total["tokens"] <= LINSEAR_WORDS:
        return fast_textstat.count_text(whole)
    if all(_CLOSED.search(part) for part in parts[:-1]):
        sentences = max(1, sum(pieces))
    else:
        sentences = fast_textstat.sentence_count(whole)
    opening = len(parts)
    if total["words"] >= LINSEAR_WORDS:
        opening = next(k for k, (w, t) in enumerate(zip(accumulate(c.words for c in counts),
                                                        accumulate(c.tokens for c in counts)), 1)
                       if w >= LINSEAR_WORDS and t > LINSEAR_WORDS)
    start = fast_textstat.count_text("\n\n".join(parts[:opening]))
    return fast_textstat.Counts(sentences=sentences, difficult_unique=len(difficult), linsear_easy=start.linsear_easy,
                                linsear_hard=start.linsear_hard, linsear_sentences=start.linsear_sentences, **total)
