"""The `Document` every analysis starts from, and the counts that describe it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from . import bulk
from .tokens import APOSTROPHES, sentence_tokens, split_sentences

# The English check (see `likely_english`): in English prose about 40-50% of running words are
# function words; below this share (with at least ENGLISH_MIN_WORDS words) we warn.
ENGLISH_MIN_SHARE = 0.15
ENGLISH_MIN_WORDS = 30


@dataclass(frozen=True)
class Document:
    """One text, ready for analysis.

    `paragraphs` are the body paragraphs in order (the title is apart); `sentences[i]` are
    the sentences of paragraph i, each an exact substring of that paragraph.
    `stage_directions` is ((spelling, times removed), ...) in order of first occurrence.
    """

    name: str
    sha256: str
    title: str | None
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    stage_directions: tuple[tuple[str, int], ...] = ()

    @property
    def body(self) -> str:
        """The body paragraphs joined by a blank line: the 'whole text' of every analysis."""
        return "\n\n".join(self.paragraphs)

    @cached_property
    def sentences(self) -> tuple[tuple[str, ...], ...]:
        """The sentences of each body paragraph."""
        if bulk.is_kept(self.paragraphs):
            return self._long_text_tokens[0]
        return tuple(tuple(split_sentences(p)) for p in self.paragraphs)

    @cached_property
    def sentence_words(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The word tokens of each sentence of each body paragraph (see `sentence_tokens`)."""
        if bulk.is_kept(self.paragraphs):
            return self._long_text_tokens[1]
        return tuple(tuple(tuple(sentence_tokens(s)) for s in sentences) for sentences in self.sentences)

    @cached_property
    def _long_text_tokens(self):
        """A text's sentences and words cached on disk (`bulk`), a long one split on every core."""
        return bulk.tokenise(self.paragraphs, workers=None if bulk.is_long(self.paragraphs) else 1)

    @cached_property
    def paragraph_words(self) -> tuple[tuple[str, ...], ...]:
        """The word tokens of each body paragraph: `word_tokens(paragraph)`, without splitting it again."""
        return tuple(tuple(t for words in sentences for t in words) for sentences in self.sentence_words)

    @property
    def words(self) -> tuple[str, ...]:
        """The word tokens of the body, in order: `word_tokens(self.body)`, without splitting it again."""
        return tuple(t for words in self.paragraph_words for t in words)

    @cached_property
    def title_sentences(self) -> tuple[str, ...]:
        """The sentences of the title (none without a title)."""
        return tuple(split_sentences(self.title)) if self.title else ()


def paragraph_counts(document: Document) -> pd.DataFrame:
    """Return one row per body paragraph: paragraph (1-based), sentences, words, opening words."""
    rows = [
        {
            "paragraph": i,
            "sentences": len(sentences),
            "words": len(words),
            "opening": " ".join(text.split()[:6]) + " ...",
        }
        for i, (text, sentences, words) in enumerate(
            zip(document.paragraphs, document.sentences, document.paragraph_words), 1
        )
    ]
    return pd.DataFrame(rows, columns=["paragraph", "sentences", "words", "opening"])


def summary(document: Document) -> pd.Series:
    """Return what a reader needs to identify the text and recount it: file, hash, counts, rules applied."""
    return pd.Series(
        {
            "file": document.name,
            "sha256": document.sha256,
            "title": document.title or "(none)",
            "body paragraphs": len(document.paragraphs),
            "body sentences": sum(len(s) for s in document.sentences),
            "title sentences": len(document.title_sentences),
            "body words": sum(map(len, document.paragraph_words)),  # len(document.words), without joining them
            "removed chrome lines": "; ".join(document.removed) or "(none)",
            "removed stage directions": "; ".join(f"{s} x{n}" for s, n in document.stage_directions) or "(none)",
            "headings": "; ".join(document.headings) or "(none)",
            "notes": "; ".join(document.notes) or "(none)",
            "language check": "looks English" if likely_english(document)
            else "WARNING: does not look like English; every analysis here is English-only",
        },
        name="document",
    )


def likely_english(document: Document, threshold: float = ENGLISH_MIN_SHARE, min_words: int = ENGLISH_MIN_WORDS) -> bool:
    """Return False when the body is clearly not English, by a cheap test.

    We take the share of word tokens found in the `stop-words` package's English list. Below
    `threshold` (with at least `min_words` words, else we do not judge) the text is most likely
    another language.
    """
    english = _english_function_words()
    # Each distinct spelling lower-cased and looked up once (a long text repeats its words).
    counts = Counter(w for words in document.paragraph_words for w in words)
    total = sum(counts.values())
    return total < min_words or sum(n for w, n in counts.items() if w.lower() in english) / total >= threshold


@lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    """The `stop-words` package's English list, apostrophes straightened (read once, in `helpers.stopwords`)."""
    from ..stopwords import package_stopwords

    return frozenset(w.translate(APOSTROPHES) for w in package_stopwords())
