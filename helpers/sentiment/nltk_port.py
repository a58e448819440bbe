"""nltk's port of VADER (`nltk.sentiment.vader`) beside the reference, and why they differ.

nltk's own 2014 lexicon file is not on PyPI and cannot be fetched offline, so the port is
given the reference lexicon text: any difference shown is a difference of the algorithms,
not of the lexicons.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from nltk.sentiment import vader as nltk_vader  # cheap: nltk itself is already imported by helpers.text
from vaderSentiment import vaderSentiment as vader

from .attribution import trace
from .reference import ButRecorder, analyzer
from .scores import SCORES, scores

DIFFERENCE_COLUMNS = ["position", "raw", "token", "nltk_token", "valence", "nltk_valence", "cause"]


class _NltkPort(ButRecorder, nltk_vader.SentimentIntensityAnalyzer):
    """nltk's VADER port, given a lexicon as text instead of a path in nltk's data folders.

    nltk 3.10's __init__ loads the lexicon with `nltk.data.load` (which refuses paths outside
    nltk's data path), then builds the dictionary and its constants; we set the same three
    attributes, so nltk's own methods then run unchanged and nothing global is touched.
    """

    def __init__(self, lexicon_text: str):
        self.lexicon_file = lexicon_text.rstrip("\n")  # nltk splits on "\n": a final newline would break it
        self.lexicon = self.make_lex_dict()
        self.constants = nltk_vader.VaderConstants()
        self.record = {}


def reference_lexicon_text() -> str:
    """Return the text of the lexicon shipped in the vaderSentiment package (read offline)."""
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def nltk_analyzer() -> nltk_vader.SentimentIntensityAnalyzer:
    """Return nltk's port running on the reference lexicon (nltk's own lexicon is not on PyPI)."""
    return _NltkPort(reference_lexicon_text())


def _nltk_trace(text: str) -> tuple[dict, list[str], list[float], list[float]]:
    """Run nltk's port on `text`; return its scores, tokens, valences before and after 'but'."""
    result, words, valences, final = _nltk_trace_once(text)
    return dict(result), list(words), list(valences), list(final)  # copies: the cached values are never handed out


# Notebook 02 asks for the same paragraphs' comparison twice (the table of blocks, then every token
# that differs): on a long text the port and the trace are most of its time, so each text is run
# once per process. Callers get copies.
@lru_cache(maxsize=2**14)
def _nltk_trace_once(text: str) -> tuple[dict, list[str], list[float], list[float]]:
    port = copy.copy(nltk_analyzer())  # shares the cached port's lexicon, gets its own record
    port.record = {}
    result = port.polarity_scores(text)
    return result, port.record["words"], port.record["valences"], port.record["final"]


def nltk_token_differences(text: str) -> pd.DataFrame:
    """Return every whitespace token of `text` whose summed valence differs between the two, with the cause.

    Columns: position (index in text.split()), raw, token (reference), nltk_token ('' if nltk
    dropped it), valence (reference final), nltk_valence (nltk final), cause.
    """
    return _token_differences(text).copy()


@lru_cache(maxsize=2**14)
def _token_differences(text: str) -> pd.DataFrame:
    if any(ch in analyzer().emojis for ch in text):  # the reference rewrites emoji before tokenising
        return pd.DataFrame([{"position": -1, "raw": "", "token": "", "nltk_token": "", "valence": np.nan,
                              "nltk_valence": np.nan, "cause": "emoji: described by the reference, ignored by nltk"}],
                            columns=DIFFERENCE_COLUMNS)
    traced = trace(text).tokens
    _, words, valences, final = _nltk_trace(text)
    raw = text.split()
    kept = [k for k, w in enumerate(raw) if len(w) > 1]  # nltk drops one-character tokens first
    nltk_at = dict(zip(kept, range(len(words))))
    reference_final = traced["final"].tolist()  # the same floats, read without a pandas lookup per token
    sentitext = []  # nltk's SentiText of the whole text, built once (at the first repeated word), not per token
    rows = []
    for k, raw_token in enumerate(raw):
        n = nltk_at.get(k)
        nltk_value = final[n] if n is not None else 0.0
        if abs(reference_final[k] - nltk_value) < 1e-12:
            continue
        cause = _nltk_cause(text, traced, k, words, valences, n, kept, sentitext)
        rows.append({"position": k, "raw": raw_token, "token": traced["token"][k],
                     "nltk_token": words[n] if n is not None else "", "valence": float(reference_final[k]),
                     "nltk_valence": float(nltk_value), "cause": cause})
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def _nltk_cause(text: str, traced: pd.DataFrame, k: int, words: list[str], valences: list[float], n: int | None,
                kept: list[int], sentitext: list | None = None) -> str:
    """Name the algorithm difference that makes whitespace token k (nltk's token n) score differently.

    `sentitext`: a list that holds nltk's `SentiText` of `text` once built (empty: build it and keep it
    there), shared by the calls for one text; building it costs time linear in the text (nltk's
    punctuation table of every word), so once per token would be quadratic. nltk's `sentiment_valence`
    only reads it (tests/test_address_nltk.py: the same causes as a SentiText per call).
    """
    port = nltk_analyzer()
    if n is None:
        return "one-character token dropped by nltk"
    if traced["token"][k].lower() != words[n].lower():
        return f"tokenising: nltk keeps {words[n]!r} whole, reference strips it to {traced['token'][k]!r}"
    first = words.index(words[n])
    if first != n and words[n].lower() in port.lexicon:
        if sentitext is None:
            sentitext = []
        if not sentitext:
            sentitext.append(nltk_vader.SentiText(text, port.constants.PUNC_LIST, port.constants.REGEX_REMOVE_PUNCTUATION))
        here = port.sentiment_valence(0, sentitext[0], words[n], n, [])[-1]
        if here != valences[n]:
            return (f"repeated word: nltk reads the context of the first {words[n]!r} (position {kept[first]}), "
                    f"not of this one")
    if traced["valence"][k] == valences[n]:
        return "'but' rule (the reference's index lookup or the first 'but' differs)"
    lower = [w.lower() for w in traced["token"]]
    if "no" in lower[max(k - 3, 0):k + 2]:
        return "'no' rule (reference only)"
    if any(w in vader.BOOSTER_DICT and w not in port.constants.BOOSTER_DICT for w in lower[max(k - 3, 0):k]):
        return "booster word known to the reference only"
    return "other rule difference (one-character tokens dropped, idioms, 'never so')"


def blocks(document) -> list[tuple[str, str]]:
    """The title (if any) and the body paragraphs, named 'title', 'P1', 'P2', ..."""
    return ([("title", document.title)] if document.title else []) + [
        (f"P{p}", text) for p, text in enumerate(document.paragraphs, 1)]


def nltk_comparison(document, limit: int | None = None) -> pd.DataFrame:
    """Return the title and each body paragraph scored by both, with the causes of their differences.

    Columns: block ('title', 'P1', ...), neg, neu, pos, compound (reference), nltk_neg,
    nltk_neu, nltk_pos, nltk_compound, difference (nltk - reference compound), dropped (one-
    character tokens nltk drops: they change neu, neg, pos), causes ('; '-joined). `limit`: only
    the first `limit` blocks (`blocks(document)[:limit]`; a long text's bounded comparison).
    """
    rows = []
    for name, text in blocks(document)[:limit]:
        mine, theirs = scores(text), _nltk_trace(text)[0]  # the port's polarity_scores, run once per text
        causes = sorted(set(nltk_token_differences(text)["cause"]))
        dropped = sum(len(w) == 1 for w in text.split())
        if dropped and any(mine[k] != theirs[k] for k in ("neg", "neu", "pos")):
            causes.append(f"nltk drops {dropped} one-character token(s), so neg/neu/pos count fewer neutral words")
        rows.append({"block": name, **mine, **{f"nltk_{k}": theirs[k] for k in SCORES},
                     "difference": round(theirs["compound"] - mine["compound"], 4),
                     "dropped": dropped, "causes": "; ".join(causes)})
    return pd.DataFrame(rows)
