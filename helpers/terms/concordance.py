"""Keyword in context: each occurrence of a term with the paragraph's own text around it."""
from __future__ import annotations

import re
from array import array
from functools import lru_cache
from typing import Iterable, Sequence

import pandas as pd

from ..text import Document
from .counts import APOSTROPHE_CLASS, is_term, _paragraph_terms


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
    for number, paragraph in enumerate(document.paragraphs, 1):
        found = running[number - 1]  # the paragraph's terms: term k is its k-th term token (`term_spans`)
        if wanted.isdisjoint(found):  # nothing to show: only count its running words
            index += len(found)
            continue
        spans = kept_spans(document, number)
        for k, term in enumerate(found):
            if term in wanted:
                start, end = spans[2 * k], spans[2 * k + 1]
                rows.append({"paragraph": number, "position": index + k + 1,
                             "left": clip(paragraph[:start], width, left=True),
                             "keyword": paragraph[start:end],
                             "right": clip(paragraph[end:], width, left=False)})
                if quotes:
                    rows[-1]["quoted"] = in_quotation(paragraph, start)
        index += len(found)
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
    depth = (sum(paragraph.count(ch, 0, start) for ch in OPENING)
             - sum(paragraph.count(ch, 0, start) for ch in CLOSING))  # str.count: C speed, the same integers
    return paragraph.count(STRAIGHT, 0, start) % 2 == 1 or depth > 0


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


def term_spans(document: Document, number: int) -> list[tuple[int, int]]:
    """Return (start, end) in body paragraph `number` (1-based) of each of its term tokens, in order.

    Item k locates the paragraph's k-th term (`_paragraph_terms`): `token_spans` with the tokens that
    are not terms left out. Read from `kept_spans` (computed once per paragraph and document).
    """
    flat = kept_spans(document, number)
    return list(zip(flat[::2], flat[1::2]))


def kept_spans(document: Document, number: int) -> array:
    """`term_spans` of body paragraph `number` as one flat integer array (start, end, start, end, ...).

    Computed once per paragraph and document and kept in the document's own `__dict__` (as
    `_paragraph_terms` is): `kwic` and `dictionary_kwic` locate the same paragraphs. An array of
    machine integers, 16 bytes a term, where a list of tuples would hold about 120.
    """
    kept = document.__dict__.setdefault("_term_spans", {})
    spans = kept.get(number)
    if spans is None:
        is_a_term = document.__dict__.setdefault("_is_term", {})  # token -> is_term(token), once per spelling
        paragraph, spans, cursor = document.paragraphs[number - 1], array("q"), 0
        find = paragraph.find
        for token in document.paragraph_words[number - 1]:  # `token_spans`, inlined
            if "'" in token:
                match = _token_pattern(token).search(paragraph, cursor)
                start, end = (match.start(), match.end()) if match else (cursor, cursor)
            else:
                start = find(token, cursor)
                start, end = (start, start + len(token)) if start >= 0 else (cursor, cursor)
            cursor = end
            known = is_a_term.get(token)
            if known is None:
                known = is_a_term[token] = is_term(token)
            if known:
                spans.append(start)
                spans.append(end)
        kept[number] = spans
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
