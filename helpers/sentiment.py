"""Sentiment by paragraph and by sentence with VADER (Hutto & Gilbert 2014).

The scorer is the reference implementation, the `vaderSentiment` package (3.3.2) by VADER's
authors, with the lexicon and emoji lexicon it ships. Every score in a table is exactly what
its `polarity_scores` returns (it rounds neg/neu/pos to 3 decimals and compound to 4).

Why paragraph scores alone mislead: VADER sums word valences and squashes the sum with
compound = s / sqrt(s^2 + 15), so a long paragraph with many mildly positive words saturates
towards +1 (vaderSentiment issue 151; its authors say VADER works best on sentences). Each
paragraph row therefore also carries the mean, minimum and maximum of its sentences' scores.

Attribution is not re-implemented: `trace` runs the library's own `polarity_scores` in a
subclass that only records the per-token valences the library computes (before and after its
"but" rule), and names the rules that fired by probing the library's own rule methods.

nltk's port (`nltk.sentiment.vader`) is run beside it for comparison. nltk's own 2014
lexicon file is not on PyPI and cannot be fetched offline, so the port is given the reference
lexicon text: any difference shown is a difference of the algorithms, not of the lexicons.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd
from nltk.sentiment import vader as nltk_vader  # cheap: nltk itself is already imported by helpers.text
from vaderSentiment import vaderSentiment as vader

from .plots import common as figures
from .stats import bootstrap
from .vader import FastSentimentIntensityAnalyzer
from .vader import analyzer as linear_time_analyzer

THRESHOLD = 0.05  # VADER's authors: compound >= 0.05 positive, <= -0.05 negative, else neutral
SCORES = ("neg", "neu", "pos", "compound")
PARAGRAPH_COLUMNS = ("paragraph", "text", *SCORES, "label", "sentences", "sentence_mean", "sentence_min",
                     "sentence_max", "tokens", "valence_sum")
_REFERENCE = vader.SentimentIntensityAnalyzer  # the class whose rule methods we call, never copy

# One-line examples of each rule, for the classroom table (`rule_examples`): (rule, example,
# the same sentence without the rule, or "" when there is nothing to compare with).
_GOOD = "The book was good."
EXAMPLES = (
    ("lexicon: each known word has a valence from -4 to +4", _GOOD, "The book was long."),
    ("punctuation: each '!' adds 0.292 to the sum (up to 4)", "The book was good!", _GOOD),
    ("capitals: an ALL-CAPS word among lower-case ones gains 0.733", "The book was GOOD.", _GOOD),
    ("booster: 'very' adds 0.293", "The book was very good.", _GOOD),
    ("dampener: 'kind of' subtracts 0.293", "The book was kind of good.", _GOOD),
    ("negation: 'not' up to 3 words before multiplies by -0.74", "The book was not good.", _GOOD),
    ("'but': words before it x0.5, words after it x1.5", "The book was good, but the ending was bad.",
     "The book was good, and the ending was bad."),
    ("'least': 'the least good' negates", "It was the least good book.", "It was a good book."),
    ("'no' just before a scored word negates it (reference only)", "No problem at all.", "It is a problem."),
    ("quirk: 'this' or 'so' just before a word multiplies it by 1.25", "They need this support.", "They need support."),
    ("emoji are replaced by their description (reference only)", "Thanks for the gift \U0001F498", "Thanks for the gift"),
    ("saturation: three mild sentences, one score near +0.9", "The book was good. The film was good. The play was good.",
     _GOOD),
)


class Trace(NamedTuple):
    """What the reference VADER computed for one text, token by token.

    `tokens` has one row per VADER token: position (0-based), token, lexicon (its lexicon
    valence, NaN if not in the lexicon), valence (after the word-level rules), final (after
    the 'but' rule: the number summed), rules (the rules that changed it, '; '-joined).
    `punctuation` is the '!'/'?' emphasis added to the sum, `valence_sum` the signed sum
    before squashing, `compound` its unrounded squashed value, `scores` the library's dict.
    """

    tokens: pd.DataFrame
    punctuation: float
    valence_sum: float
    compound: float
    scores: dict


def analyzer() -> vader.SentimentIntensityAnalyzer:
    """Return the analyser: helpers.vader's linear-time subclass of the reference, equal to it float
    for float (tests/test_vader.py); lexicons read once per process from the installed package, offline."""
    return linear_time_analyzer()


def scores(text: str) -> dict:
    """Return the reference `polarity_scores` of `text`: {'neg', 'neu', 'pos', 'compound'}."""
    return analyzer().polarity_scores(text)


def label(compound: float, threshold: float = THRESHOLD) -> str:
    """Return 'positive', 'negative' or 'neutral' by VADER's authors' thresholds."""
    if compound >= threshold:
        return "positive"
    if compound <= -threshold:
        return "negative"
    return "neutral"


def sentence_sentiment(document) -> pd.DataFrame:
    """Return one row per body sentence: paragraph, sentence (both 1-based), text, compound, neg, neu, pos, label."""
    rows = []
    for p, sentences in enumerate(document.sentences, 1):
        for s, sentence in enumerate(sentences, 1):
            result = scores(sentence)
            rows.append({"paragraph": p, "sentence": s, "text": sentence, "compound": result["compound"],
                         "neg": result["neg"], "neu": result["neu"], "pos": result["pos"],
                         "label": label(result["compound"])})
    columns = ["paragraph", "sentence", "text", "compound", "neg", "neu", "pos", "label"]
    return pd.DataFrame(rows, columns=columns)


def _block_row(text: str, sentences: tuple[str, ...]) -> dict:
    """Scores of one block (a paragraph or the title) and summary statistics of its sentences."""
    result = scores(text)
    compounds = [scores(s)["compound"] for s in sentences]
    record, _, _, valence_sum = _recorded(text, _LinearRecorder)
    return {
        "text": text, **{k: result[k] for k in SCORES}, "label": label(result["compound"]),
        "sentences": len(sentences),
        "sentence_mean": float(np.mean(compounds)) if compounds else float("nan"),
        "sentence_min": min(compounds) if compounds else float("nan"),
        "sentence_max": max(compounds) if compounds else float("nan"),
        "tokens": len(record["words"]), "valence_sum": valence_sum,
    }


def paragraph_sentiment(document) -> pd.DataFrame:
    """Return one row per body paragraph.

    Columns: paragraph (1-based), text (the exact string scored), neg, neu, pos, compound (the
    library's values), label, sentences, sentence_mean/min/max (of its sentences' compounds),
    tokens (VADER's whitespace tokens) and valence_sum (the sum before squashing: its size
    shows how saturated the compound is).
    """
    rows = [{"paragraph": p, **_block_row(text, sentences)}
            for p, (text, sentences) in enumerate(zip(document.paragraphs, document.sentences), 1)]
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def title_sentiment(document) -> pd.DataFrame:
    """Return the title's row (same columns as `paragraph_sentiment`, paragraph 0); empty without a title."""
    rows = [{"paragraph": 0, **_block_row(document.title, document.title_sentences)}] if document.title else []
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


# --- attribution -----------------------------------------------------------------------------

class _Recorder(_REFERENCE):
    """The reference analyser, unchanged, except that it keeps the per-token valences it computes.

    `polarity_scores` calls `self._but_check(words, sentiments)` once, after the word-level
    rules and before summing, then `self.score_valence(sentiments, text)`; we record both.
    """

    def __init__(self, reference: vader.SentimentIntensityAnalyzer):
        self.lexicon, self.emojis = reference.lexicon, reference.emojis  # shared, never modified
        self.record: dict = {}

    def _but_check(self, words_and_emoticons, sentiments):
        self.record |= {"words": list(words_and_emoticons), "valences": list(sentiments)}
        final = _REFERENCE._but_check(words_and_emoticons, sentiments)
        self.record["final"] = list(final)
        return final

    def score_valence(self, sentiments, text):
        self.record["text"] = text  # the text after emoji were replaced by their descriptions
        return super().score_valence(sentiments, text)


class _LinearRecorder(FastSentimentIntensityAnalyzer):
    """helpers.vader's analyser, recording only what `score_valence` receives: the tokens' final
    valences and the text ("words" has one item per token; there is no "valences" record)."""

    def __init__(self, reference=None):
        super().__init__()
        self.record: dict = {}

    def score_valence(self, sentiments, text):
        self.record = {"words": list(sentiments), "final": list(sentiments), "text": text}
        return super().score_valence(sentiments, text)


def _recorded(text: str, recorder_class=_Recorder) -> tuple[dict, dict, float, float]:
    """Run the reference `polarity_scores` on `text`, recording; return (record, scores, punctuation, valence_sum).

    `record` holds the tokens ("words"), their valences after the word rules ("valences") and
    after 'but' ("final"); `valence_sum` is the signed sum the library squashes into compound.
    `_LinearRecorder` records in linear time what `_block_row` needs (not "valences").
    """
    recorder = recorder_class(analyzer())
    result = recorder.polarity_scores(text)
    record = recorder.record
    punctuation = recorder._punctuation_emphasis(record["text"])
    total = float(sum(record["final"]))
    signed = total + punctuation if total > 0 else total - punctuation if total < 0 else total
    return record, result, float(punctuation), signed


def trace(text: str) -> Trace:
    """Run the reference `polarity_scores` on `text` and return its per-token valences (see `Trace`)."""
    record, result, punctuation, signed = _recorded(text)
    words, valences, final = record["words"], record["valences"], record["final"]
    is_cap_diff = vader.SentiText(record["text"]).is_cap_diff
    lexicon = analyzer().lexicon
    lower = [w.lower() for w in words]
    rows = []
    for i, word in enumerate(words):
        rules = _rules(words, lower, i, is_cap_diff, lexicon)
        if valences[i] != final[i]:
            rules.append(f"'but' x{final[i] / valences[i]:g}")
        rows.append({"position": i, "token": word, "lexicon": lexicon.get(lower[i], np.nan),
                     "valence": float(valences[i]), "final": float(final[i]), "rules": "; ".join(rules)})
    tokens = pd.DataFrame(rows, columns=["position", "token", "lexicon", "valence", "final", "rules"])
    return Trace(tokens, punctuation, signed, vader.normalize(signed) if final else 0.0, result)


def _rules(words: list[str], lower: list[str], i: int, is_cap_diff: bool, lexicon: dict) -> list[str]:
    """Name the word-level rules that change token i's valence, as `sentiment_valence` applies them.

    The gates (which neighbours are looked at) follow `sentiment_valence`; whether a rule fires
    and by how much is asked of the library's own methods with a probe valence of 1.
    `lower` is `words` lower-cased (computed once per text, not once per token).
    """
    item = lower[i]
    if item in vader.BOOSTER_DICT or (item == "kind" and lower[i + 1:i + 2] == ["of"]):
        return ["modifier of the next word: not scored"] if item in lexicon else []
    if item not in lexicon:
        return []
    rules = []
    if item == "no" and i < len(words) - 1 and lower[i + 1] in lexicon:
        rules.append("'no' before a scored word: scored 0")
    if "no" in lower[max(i - 2, 0):i] or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
        rules.append(f"after 'no' x{vader.N_SCALAR:g}")
    if words[i].isupper() and is_cap_diff:
        rules.append(f"ALL CAPS {vader.C_INCR:+g}")
    for start_i in range(3):
        j = i - start_i - 1
        if j < 0 or lower[j] in lexicon:  # the library only looks at neighbours outside the lexicon
            continue
        boost = vader.scalar_inc_dec(words[j], 1.0, is_cap_diff)
        if boost:
            rules.append(f"'{lower[j]}' {'booster' if boost > 0 else 'dampener'}")
        factor = _REFERENCE._negation_check(1.0, words, start_i, i)
        if factor == vader.N_SCALAR:
            rules.append(f"negation '{lower[j]}' x{factor:g}")
        elif factor != 1.0:  # the 'never so/this' rule, which also fires on a bare 'so'/'this' just before
            words_before = lower[i - 1] if lower[i - 1] in ("so", "this") else " ".join(lower[j:i])
            rules.append(f"'{words_before}' before x{factor:g}")
        if start_i == 2 and _REFERENCE._special_idioms_check(lexicon[item], words, i) != lexicon[item]:
            rules.append("idiom or 'kind of'/'sort of'")
    if analyzer()._least_check(1.0, words, i) != 1.0:  # an instance method: it reads the lexicon
        rules.append(f"'least' x{vader.N_SCALAR:g}")
    return rules


def attribution(document) -> pd.DataFrame:
    """Return, for each body paragraph, every token that moved its score.

    Columns: paragraph, position (VADER token index), token, lexicon (base valence), valence
    (after word rules), final (after 'but'), rules, share (final / valence_sum x compound: the
    shares of a paragraph plus its punctuation share add up to its compound), without (the
    compound if this token scored 0: smaller than `share` when the paragraph is saturated).
    """
    frames = []
    for p, text in enumerate(document.paragraphs, 1):
        traced = trace(text)
        words = traced.tokens[(traced.tokens["final"] != 0) | traced.tokens["lexicon"].notna()].copy()
        s, c = traced.valence_sum, traced.compound
        words["share"] = words["final"] / s * c if s else 0.0
        words["without"] = [_without(traced, f) for f in words["final"]]
        words.insert(0, "paragraph", p)
        frames.append(words)
    return _concat(frames)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack tables, leaving out empty ones (they would turn numeric columns into objects)."""
    kept = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(kept, ignore_index=True)


def _without(traced: Trace, final: float) -> float:
    """The compound the library's formula gives when one token's final valence is removed."""
    rest = float(traced.tokens["final"].sum()) - final
    signed = rest + traced.punctuation if rest > 0 else rest - traced.punctuation if rest < 0 else rest
    return vader.normalize(signed)


def top_contributors(attributions: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Return the `n` tokens of each paragraph with the largest |final| valence (ties: earlier first)."""
    ranked = attributions.assign(size=attributions["final"].abs()).sort_values(
        ["paragraph", "size", "position"], ascending=[True, False, True], kind="mergesort")
    top = ranked.groupby("paragraph", sort=True).head(n).drop(columns="size")
    top.insert(1, "rank", top.groupby("paragraph").cumcount() + 1)
    return top.reset_index(drop=True)


def rule_examples(examples: tuple[tuple[str, str, str], ...] = EXAMPLES) -> pd.DataFrame:
    """Return each rule's one-line example: rule, example, compound, without_rule (the compound of
    the comparison sentence, NaN if none) and nltk_compound (nltk's port on the example)."""
    port = nltk_analyzer()
    return pd.DataFrame([{"rule": rule, "example": example, "compound": scores(example)["compound"],
                          "without_rule": scores(baseline)["compound"] if baseline else np.nan,
                          "nltk_compound": port.polarity_scores(example)["compound"]}
                         for rule, example, baseline in examples])


# --- nltk's port, beside the reference ----------------------------------------------------------

class _NltkPort(nltk_vader.SentimentIntensityAnalyzer):
    """nltk's VADER port, given a lexicon as text instead of a path in nltk's data folders.

    nltk 3.10's __init__ loads the lexicon with `nltk.data.load` (which refuses paths outside
    nltk's data path), then builds the dictionary and its constants; we set the same three
    attributes, so nltk's own methods then run unchanged and nothing global is touched.
    """

    def __init__(self, lexicon_text: str):
        self.lexicon_file = lexicon_text.rstrip("\n")  # nltk splits on "\n": a final newline would break it
        self.lexicon = self.make_lex_dict()
        self.constants = nltk_vader.VaderConstants()
        self.record: dict = {}

    def _but_check(self, words_and_emoticons, sentiments):
        self.record |= {"words": list(words_and_emoticons), "valences": list(sentiments)}
        final = super()._but_check(words_and_emoticons, sentiments)
        self.record["final"] = list(final)
        return final


def reference_lexicon_text() -> str:
    """Return the text of the lexicon shipped in the vaderSentiment package (read offline)."""
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def nltk_analyzer() -> nltk_vader.SentimentIntensityAnalyzer:
    """Return nltk's port running on the reference lexicon (nltk's own lexicon is not on PyPI)."""
    return _NltkPort(reference_lexicon_text())


def _nltk_trace(text: str) -> tuple[dict, list[str], list[float], list[float]]:
    """Run nltk's port on `text`; return its scores, tokens, valences before and after 'but'."""
    port = copy.copy(nltk_analyzer())  # shares the cached port's lexicon, gets its own record
    port.record = {}
    result = port.polarity_scores(text)
    return result, port.record["words"], port.record["valences"], port.record["final"]


def nltk_token_differences(text: str) -> pd.DataFrame:
    """Return every whitespace token of `text` whose summed valence differs between the two, with the cause.

    Columns: position (index in text.split()), raw, token (reference), nltk_token ('' if nltk
    dropped it), valence (reference final), nltk_valence (nltk final), cause.
    """
    columns = ["position", "raw", "token", "nltk_token", "valence", "nltk_valence", "cause"]
    reference = analyzer()
    if any(ch in reference.emojis for ch in text):  # the reference rewrites emoji before tokenising
        return pd.DataFrame([{"position": -1, "raw": "", "token": "", "nltk_token": "", "valence": np.nan,
                              "nltk_valence": np.nan, "cause": "emoji: described by the reference, ignored by nltk"}],
                            columns=columns)
    traced = trace(text).tokens
    _, words, valences, final = _nltk_trace(text)
    raw = text.split()
    kept = [k for k, w in enumerate(raw) if len(w) > 1]  # nltk drops one-character tokens first
    nltk_at = dict(zip(kept, range(len(words))))
    rows = []
    for k, raw_token in enumerate(raw):
        n = nltk_at.get(k)
        nltk_value = final[n] if n is not None else 0.0
        if abs(traced["final"][k] - nltk_value) < 1e-12:
            continue
        cause = _nltk_cause(text, traced, k, words, valences, n, kept)
        rows.append({"position": k, "raw": raw_token, "token": traced["token"][k],
                     "nltk_token": words[n] if n is not None else "", "valence": float(traced["final"][k]),
                     "nltk_valence": float(nltk_value), "cause": cause})
    return pd.DataFrame(rows, columns=columns)


def _nltk_cause(text: str, traced: pd.DataFrame, k: int, words: list[str], valences: list[float], n: int | None,
                kept: list[int]) -> str:
    """Name the algorithm difference that makes whitespace token k (nltk's token n) score differently."""
    port = nltk_analyzer()
    lexicon = port.lexicon
    if n is None:
        return "one-character token dropped by nltk"
    if traced["token"][k].lower() != words[n].lower():
        return f"tokenising: nltk keeps {words[n]!r} whole, reference strips it to {traced['token'][k]!r}"
    first = words.index(words[n])
    if first != n and words[n].lower() in lexicon:
        sentitext = nltk_vader.SentiText(text, port.constants.PUNC_LIST, port.constants.REGEX_REMOVE_PUNCTUATION)
        here = port.sentiment_valence(0, sentitext, words[n], n, [])[-1]
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


def _blocks(document) -> list[tuple[str, str]]:
    """The title (if any) and the body paragraphs, named 'title', 'P1', 'P2', ..."""
    return ([("title", document.title)] if document.title else []) + [
        (f"P{p}", text) for p, text in enumerate(document.paragraphs, 1)]


def nltk_differences(document) -> pd.DataFrame:
    """Return `nltk_token_differences` of the title and every paragraph, with a first column `block`."""
    frames = [nltk_token_differences(text).assign(block=name) for name, text in _blocks(document)]
    table = _concat(frames)
    return table[["block"] + [c for c in table.columns if c != "block"]]


def nltk_comparison(document) -> pd.DataFrame:
    """Return the title and each body paragraph scored by both, with the causes of their differences.

    Columns: block ('title', 'P1', ...), neg, neu, pos, compound (reference), nltk_neg,
    nltk_neu, nltk_pos, nltk_compound, difference (nltk - reference compound), dropped (one-
    character tokens nltk drops: they change neu, neg, pos), causes ('; '-joined).
    """
    port = nltk_analyzer()
    rows = []
    for name, text in _blocks(document):
        mine, theirs = scores(text), port.polarity_scores(text)
        causes = sorted(set(nltk_token_differences(text)["cause"]))
        dropped = sum(len(w) == 1 for w in text.split())
        if dropped and any(mine[k] != theirs[k] for k in ("neg", "neu", "pos")):
            causes.append(f"nltk drops {dropped} one-character token(s), so neg/neu/pos count fewer neutral words")
        rows.append({"block": name, **mine, **{f"nltk_{k}": theirs[k] for k in SCORES},
                     "difference": round(theirs["compound"] - mine["compound"], 4),
                     "dropped": dropped, "causes": "; ".join(causes)})
    return pd.DataFrame(rows)


# --- uncertainty and smoothing ------------------------------------------------------------------

def mean_interval(sentences: pd.DataFrame, resamples: int = 2000, seed: int = 20261125) -> pd.DataFrame:
    """Return seeded percentile-bootstrap 95% intervals for the mean sentence compound.

    Two rows: resampling sentences (treats them as independent) and resampling whole
    paragraphs (keeps a paragraph's sentences together: honest when tone runs in paragraphs).
    Columns: unit, units, estimate, low, high, resamples, seed.
    """
    values = sentences["compound"].to_list()
    groups = [g["compound"].to_numpy() for _, g in sentences.groupby("paragraph", sort=True)]
    rows = []
    for unit, units, statistic in (("sentence", values, _mean),
                                   ("paragraph", groups, lambda gs: _mean(np.concatenate(gs)))):
        result = bootstrap(units, statistic, resamples=resamples, seed=seed)
        rows.append({"unit": unit, "units": len(units), "estimate": result.estimate, "low": result.low,
                     "high": result.high, "resamples": resamples, "seed": seed})
    return pd.DataFrame(rows)


def _mean(values) -> float:
    return float(np.mean(values))


def dct_smooth(values, keep: int = 5, at=None) -> np.ndarray:
    """Low-pass `values` (equally spaced) by keeping the first `keep` DCT-II coefficients.

    Returns the smooth curve at positions `at` (in index units, default 0..n-1). This is
    syuzhet's `get_dct_transform` (Jockers) on the values' own scale: the least-squares fit
    of the `keep` slowest cosines. Chosen over loess because it has one parameter, a closed
    form, and reflecting (not wrapping) ends, and needs only numpy; over a rolling mean because
    it does not shorten or flatten the ends of a 36-point series.
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    keep = min(keep, n)
    k = np.arange(keep)[:, None]
    basis = np.cos(np.pi * k * (np.arange(n) + 0.5) / n)  # DCT-II basis, rows orthogonal
    coefficients = basis @ y / (basis ** 2).sum(axis=1)  # projection on each cosine
    at = np.arange(n, dtype=float) if at is None else np.asarray(at, dtype=float)
    return coefficients @ np.cos(np.pi * k * (at + 0.5) / n)


# --- figures ------------------------------------------------------------------------------------

def sentence_positions(sentences: pd.DataFrame, width: float = 0.7) -> np.ndarray:
    """x of each sentence: spread evenly, in reading order, across its paragraph's bar."""
    counts = sentences.groupby("paragraph")["sentence"].transform("count").to_numpy()
    return sentences["paragraph"].to_numpy() + (sentences["sentence"].to_numpy() - (counts + 1) / 2) * width / counts


def arc_data(paragraphs: pd.DataFrame, sentences: pd.DataFrame, keep: int = 5) -> pd.DataFrame:
    """Return every mark of the arc figure, one row each: kind, paragraph, sentence, x, compound.

    kind is 'paragraph' (its compound), 'sentence_mean' (its sentences' mean), 'sentence'
    (x spread across its paragraph's bar) or 'smooth' (`dct_smooth` of the sentence series,
    200 points, drawn through the sentences' x positions).
    """
    x_sentences = sentence_positions(sentences)
    t = np.linspace(0, len(sentences) - 1, 200)
    x_paragraphs = paragraphs["paragraph"].astype(float)
    return pd.concat([
        pd.DataFrame({"kind": "paragraph", "paragraph": paragraphs["paragraph"], "sentence": 0,
                      "x": x_paragraphs, "compound": paragraphs["compound"]}),
        pd.DataFrame({"kind": "sentence_mean", "paragraph": paragraphs["paragraph"], "sentence": 0,
                      "x": x_paragraphs, "compound": paragraphs["sentence_mean"]}),
        pd.DataFrame({"kind": "sentence", "paragraph": sentences["paragraph"], "sentence": sentences["sentence"],
                      "x": x_sentences, "compound": sentences["compound"]}),
        pd.DataFrame({"kind": "smooth", "paragraph": 0, "sentence": 0,
                      "x": np.interp(t, np.arange(len(sentences)), x_sentences),
                      "compound": dct_smooth(sentences["compound"], keep, t)}),
    ], ignore_index=True)


def arc_figure(paragraphs: pd.DataFrame, sentences: pd.DataFrame, keep: int = 5):
    """Return (figure, data): the tone arc of the body; `data` is `arc_data`, exactly what is drawn.

    Bars: paragraph compounds (blue positive, vermillion negative, grey neutral: Okabe-Ito);
    dots: sentence compounds in reading order within their paragraph; ticks: each paragraph's
    mean sentence compound; line: the DCT-smoothed sentence series.
    """
    keep = min(keep, len(sentences))
    data = arc_data(paragraphs, sentences, keep)
    mark = {kind: data[data["kind"] == kind] for kind in ("paragraph", "sentence_mean", "sentence", "smooth")}
    colours = {"positive": figures.POSITIVE, "negative": figures.NEGATIVE, "neutral": figures.NEUTRAL}
    with figures.style():
        fig, ax = figures.new_figure("single", 3.1)
        ax.bar(mark["paragraph"]["x"], mark["paragraph"]["compound"], width=0.78, alpha=0.6, zorder=1,
               color=[colours[v] for v in paragraphs["label"]])
        ax.axhline(0, color="black", linewidth=0.8, zorder=2)
        ax.plot(mark["smooth"]["x"], mark["smooth"]["compound"], color="black", linewidth=1.4, zorder=3)
        ax.scatter(mark["sentence"]["x"], mark["sentence"]["compound"], s=9, color="white", edgecolors="black",
                   linewidths=0.6, zorder=4)
        ax.scatter(mark["sentence_mean"]["x"], mark["sentence_mean"]["compound"], marker="_", s=90, color="black",
                   linewidths=1.6, zorder=5)
        shown = paragraphs["paragraph"][::max(1, -(-len(paragraphs) // 10))]  # at most 10 labels fit a column
        ax.set_xticks(shown, [f"P{p}" for p in shown])
        ax.set_xlim(0.4, len(paragraphs) + 0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel("Body paragraph (reading order)")
        ax.set_ylabel("VADER compound score (\u22121 to +1)")
        present = [v for v in ("positive", "neutral", "negative") if (paragraphs["label"] == v).any()]
        fig.legend(handles=_arc_legend(present, colours, keep), loc="outside upper center", ncol=2, frameon=False,
                   handlelength=1.5, columnspacing=1.0)
    return fig, data


def _arc_legend(labels: list[str], colours: dict, keep: int) -> list:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [Patch(color=colours[v], alpha=0.6, label=f"Paragraph, {v}") for v in labels] + [
        Line2D([], [], marker="o", linestyle="none", markersize=3.5, markerfacecolor="white",
               markeredgecolor="black", label="Sentence"),
        Line2D([], [], marker="_", linestyle="none", markersize=9, markeredgewidth=1.6, color="black",
               label="Mean of its sentences"),
        Line2D([], [], color="black", linewidth=1.4, label=f"Smoothed (DCT, {keep} terms)")]


def attribution_figure(attributions: pd.DataFrame, paragraphs: pd.DataFrame, n: int = 3,
                       max_paragraphs: int = 12):
    """Return (figure, data): for each paragraph, its `n` strongest tokens (two panels, halves of the text).

    Bars are the valence each token adds to the paragraph's sum after VADER's rules; open
    circles its lexicon valence, so a circle away from its bar's end shows a rule at work.
    Two axes rather than one per paragraph: a figure of 10+ axes takes seconds to draw.
    A text of more than `max_paragraphs` paragraphs shows only those with the largest
    |compound| (ties: the earlier paragraph), in reading order, and says so under the axis
    label (not in a title, which would collide with the legend and with a paper's caption).
    """
    total = len(paragraphs)
    paragraphs = _most_extreme(paragraphs, max_paragraphs)
    top = top_contributors(attributions[attributions["paragraph"].isin(paragraphs["paragraph"])], n)
    limit = float(np.ceil(max(4.0, top["final"].abs().max(), top["lexicon"].abs().max()))) + 0.5
    halves = [h for h in np.array_split(paragraphs["paragraph"].to_numpy(), 2) if len(h)]
    compounds = dict(zip(paragraphs["paragraph"], paragraphs["compound"]))
    rows = max(1, *(len(top[top["paragraph"].isin(h)]) for h in halves))
    with figures.style():
        fig, axes = figures.new_figure("double", 0.9 + 0.16 * rows, ncols=len(halves), sharex=True, squeeze=False)
        for ax, half in zip(axes[0], halves):
            _attribution_panel(ax, top[top["paragraph"].isin(half)], compounds, rows)
            ax.set_xlim(-limit, limit)
        label = "Valence the word adds to its paragraph's sum, after VADER's rules (lexicon units)"
        if total > len(paragraphs):
            label += f"\nShown: the {len(paragraphs)} of {total} paragraphs with the strongest compound scores"
        fig.supxlabel(label, fontsize=8)
        fig.legend(handles=_attribution_legend(), loc="outside upper center", ncol=4, frameon=False)
    data = top[["paragraph", "rank", "position", "token", "lexicon", "valence", "final", "rules", "share"]]
    return fig, data


def _most_extreme(paragraphs: pd.DataFrame, k: int) -> pd.DataFrame:
    """Return the `k` rows with the largest |compound| (ties: earlier paragraph first), in reading order."""
    ranked = paragraphs.assign(strength=paragraphs["compound"].abs())
    ranked = ranked.sort_values(["strength", "paragraph"], ascending=[False, True], kind="stable")
    return ranked.head(k).sort_values("paragraph").drop(columns="strength")


def _attribution_panel(ax, words: pd.DataFrame, compounds: dict, rows: int) -> None:
    """Draw one panel: a bar per word, top to bottom, paragraphs separated and named on the right."""
    if words.empty:
        ax.text(0.5, 0.5, "no word of these paragraphs is in VADER's lexicon", transform=ax.transAxes,
                ha="center", va="center", fontsize=7, bbox={"facecolor": "white", "edgecolor": "none"})
    y = -np.arange(len(words), dtype=float)
    ax.barh(y, words["final"], height=0.72,
            color=[figures.POSITIVE if v > 0 else figures.NEGATIVE for v in words["final"]])
    ax.scatter(words["lexicon"], y, s=14, facecolors="none", edgecolors="black", linewidths=0.8, zorder=3)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y, words["token"].str.lower())
    ax.set_ylim(-rows + 0.4, 0.6)
    ax.grid(axis="y", visible=False)
    paragraphs = list(dict.fromkeys(words["paragraph"]))  # in order, each once
    for p in paragraphs:
        group = y[(words["paragraph"] == p).to_numpy()]
        if p != paragraphs[-1]:
            ax.axhline(group.min() - 0.5, color="#bbbbbb", linewidth=0.5)
        ax.text(1.01, group.mean(), f"P{p}  {compounds[p]:+.2f}".replace("-", "\u2212"),
                transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=7)


def _attribution_legend() -> list:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [Patch(color=figures.POSITIVE, label="adds positive valence"),
            Patch(color=figures.NEGATIVE, label="adds negative valence"),
            Line2D([], [], marker="o", linestyle="none", markerfacecolor="none", markeredgecolor="black",
                   label="lexicon valence before rules"),
            Line2D([], [], linestyle="none", label="Pn  \u00b1c: paragraph n, its compound c")]
