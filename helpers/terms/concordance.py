"""Keyword in context: each occurrence of a term with the paragraph's own text around it."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

import pandas as pd

from ..text import Document
from .counts import APOSTROPHE_CLASS, is_term, _paragraph_terms, term_of


def kwic(document: Document, selection: Iterable[str], width: int = 40, quotes: bool = False) -> pd.DataFrame:
    """Return a keyword-in-context concordance: paragraph, position, left, keyword, right.

    Every occurrence of the selected terms, with up to `width` characters of the paragraph's
    own text (punctuation and case kept, cut at a space, "…" where cut) on either side.
    position is the running-word index, as in `positions`. quotes=True adds a column
    `quoted`: whether the occurrence sits inside quotation marks (`in_quotation`), that is,
    in words the text quotes rather than its author's own.
    """
    wanted = {t.casefold() for t in selection}
    rows, index = [], 0
    running = _paragraph_terms(document)
    for number, (paragraph, words) in enumerate(zip(document.paragraphs, document.paragraph_words), 1):
        if wanted.isdisjoint(running[number - 1]):  # nothing to show: only count its running words
            index += len(running[number - 1])
            continue
        for token, start, end in token_spans(paragraph, words):
            if not is_term(token):
                continue
            index += 1
            if term_of(token) in wanted:
                rows.append({"paragraph": number, "position": index,
                             "left": clip(paragraph[:start], width, left=True),
                             "keyword": paragraph[start:end],
                             "right": clip(paragraph[end:], width, left=False)})
                if quotes:
                    rows[-1]["quoted"] = in_quotation(paragraph, start)
    columns = ["paragraph", "position", "left", "keyword", "right"] + (["quoted"] if quotes else [])
    return pd.DataFrame(rows, columns=columns)


OPENING, CLOSING, STRAIGHT = "\u201c\u00ab", "\u201d\u00bb", '"'


def in_quotation(paragraph: str, start: int) -> bool:
    """Return whether position `start` of `paragraph` lies inside double quotation marks.

    Straight quotes (") alternate: inside when an odd number of them come before `start`.
    Curly and angle quotes pair by direction: inside when the nesting depth of the
    opening marks (“ «) minus the closing ones (” ») before `start` is positive. A quotation
    is assumed not to run across paragraphs (a paragraph that continues one reopens it).
    Single quotes are ignored: they double as apostrophes.
    """
    before = paragraph[:start]
    depth = sum(ch in OPENING for ch in before) - sum(ch in CLOSING for ch in before)
    return before.count(STRAIGHT) % 2 == 1 or depth > 0


def token_spans(paragraph: str, words: Sequence[str]) -> list[tuple[str, int, int]]:
    """Return (token, start, end) for each of a paragraph's word tokens `words`, located in order.

    The tokeniser returns substrings of the text, except that curly apostrophes became
    straight ones, so each token is searched from where the previous one ended with any
    apostrophe matching any apostrophe. (A token not found keeps the previous end as an
    empty span, so positions still count it.)
    """
    spans, cursor = [], 0
    for token in words:
        if "'" in token:  # any apostrophe of the text may stand for it
            match = _token_pattern(token).search(paragraph, cursor)
            start, end = (match.start(), match.end()) if match else (cursor, cursor)
        else:  # the token itself: a plain search finds what its escaped pattern would
            start = paragraph.find(token, cursor)
            start, end = (start, start + len(token)) if start >= 0 else (cursor, cursor)
        spans.append((token, start, end))
        cursor = end
    return spans


@lru_cache(maxsize=65536)
def _token_pattern(token: str) -> re.Pattern:
    """The pattern that finds `token` in its paragraph: itself, any apostrophe for an apostrophe."""
    return re.compile("".join(APOSTROPHE_CLASS if ch == "'" else re.escape(ch) for ch in token))


def clip(context: str, width: int, left: bool) -> str:
    """Return at most `width` characters of `context` on the keyword's side, cut at a space."""
    context = " ".join(context.split())
    if len(context) <= width:
        return context
    if left:
        cut = context[-width:]
        return "…" + (cut[cut.find(" ") + 1:] if context[-width - 1] != " " and " " in cut else cut)
    cut = context[:width]
    return (cut[:cut.rfind(" ")] if context[width] != " " and " " in cut else cut) + "…"
