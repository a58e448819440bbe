"""Which words moved each score: the reference's own per-token valences, with the rules named.

Attribution is not re-implemented: `trace` runs the library's own `polarity_scores` in a
subclass that only records the per-token valences the library computes (before and after its
"but" rule), and names the rules that fired by probing the library's own rule methods.
"""
from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np
import pandas as pd
from vaderSentiment import vaderSentiment as vader

from ..outputs import store_pickle
from ..text import memo
from . import fast_vader
from .reference import Recorder, analyzer, recorded, signed_sum

TOKEN_COLUMNS = ["position", "token", "lexicon", "valence", "final", "rules"]


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


def trace(text: str) -> Trace:
    """Run the reference `polarity_scores` on `text` and return its per-token valences (see `Trace`)."""
    record, result, punctuation, signed = recorded(text)
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
    tokens = pd.DataFrame(rows, columns=TOKEN_COLUMNS)
    return Trace(tokens, punctuation, signed, vader.normalize(signed) if final else 0.0, result)


def _rules(words: list[str], lower: list[str], i: int, is_cap_diff: bool, lexicon: dict) -> list[str]:
    """Name the word-level rules that change token i's valence, as `sentiment_valence` applies them.

    The gates (which neighbours are looked at) follow `sentiment_valence`; whether a rule fires
    and by how much is asked with a probe valence of 1 of the library's own `scalar_inc_dec`
    and `_least_check`, and of `fast_vader`'s `negation_check` and `special_idioms_check`,
    which equal the library's `_negation_check` and `_special_idioms_check` (tests/test_attribution.py)
    but read `lower`, the tokens lower-cased once per text: the library's lower-case the whole
    token list on every call, which made attribution quadratic in a paragraph's length.
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
        factor = fast_vader.negation_check(1.0, lower, start_i, i)
        if factor == vader.N_SCALAR:
            rules.append(f"negation '{lower[j]}' x{factor:g}")
        elif factor != 1.0:  # the 'never so/this' rule, which also fires on a bare 'so'/'this' just before
            words_before = lower[i - 1] if lower[i - 1] in ("so", "this") else " ".join(lower[j:i])
            rules.append(f"'{words_before}' before x{factor:g}")
        if start_i == 2 and fast_vader.special_idioms_check(lexicon[item], lower, i) != lexicon[item]:
            rules.append("idiom or 'kind of'/'sort of'")
    if analyzer()._least_check(1.0, words, i) != 1.0:  # an instance method: it reads the lexicon
        rules.append(f"'least' x{vader.N_SCALAR:g}")
    return rules


ATTRIBUTION_COLUMNS = ["paragraph", *TOKEN_COLUMNS, "share", "without"]
# Above this many scored tokens in one paragraph, `without` is no longer summed again in the
# library's order for each token (that costs the square of their number): see `_withouts`.
WITHOUT_IN_ORDER_MAX = 3_000  # above the 2,931 of the largest State of the Union address read as one paragraph


class Attributor(Recorder):
    """The analyser of `analyzer()` (the fast, linear subclass of the reference), recording, in the
    pass that scores a text, the rules behind each scored word (`_rules`, the probes of `trace`),
    besides the valences before and after 'but' that `Recorder` keeps. Its scores are the analyser's."""

    def _valence(self, i, words, lower, is_cap_diff):
        self.record.setdefault("rules", {})[i] = _rules(words, lower, i, is_cap_diff, self.lexicon)
        return super()._valence(i, words, lower, is_cap_diff)


@memo.per_document  # a long text's is also kept by `paragraph_sentiment`'s pass (`one_pass`)
def attribution(document) -> pd.DataFrame:
    """Return, for each body paragraph, every token that moved its score.

    Columns: paragraph, position (VADER token index), token, lexicon (base valence), valence
    (after word rules), final (after 'but'), rules, share (final / valence_sum x compound: the
    shares of a paragraph plus its punctuation share add up to its compound), without (the
    compound if this token scored 0: smaller than `share` when the paragraph is saturated).

    One pass of `Attributor` per paragraph, and one table built from columns at the end: equal,
    value for value and bit for bit, to `attribution_by_trace` (tests/test_attribution.py), in
    time linear in the text (`_withouts`) and with the strings of repeated tokens and rules
    shared, so a 10 MB text's table stays small. A long text's is kept on disk (`memo.per_document`),
    and `paragraph_sentiment`'s own pass over a long text stores it there too (`one_pass`).
    """
    return attribution_pass(document)


def attribution_pass(document, each=None) -> pd.DataFrame:
    """`attribution`'s computation; `each(p, text, record, scores, punctuation, valence_sum)` is called
    after each paragraph's pass with what `reference.recorded` returns for it (`Attributor` records
    what `Recorder` does, and scores as the analyser does), so one pass can also make the paragraph table."""
    lexicon = analyzer().lexicon
    analyser = Attributor(analyzer())
    columns = {name: [] for name in ATTRIBUTION_COLUMNS}
    shared: dict[str, str] = {}  # one string object per distinct token or rule list
    for p, text in enumerate(document.paragraphs, 1):
        analyser.record = {}
        result = analyser.polarity_scores(text)
        record = analyser.record
        words, valences, final, probed = record["words"], record["valences"], record["final"], record.get("rules", {})
        punctuation = float(analyser._punctuation_emphasis(record["text"]))
        signed = signed_sum(final, punctuation)
        if each is not None:
            each(p, text, record, result, punctuation, signed)
        compound = vader.normalize(signed) if final else 0.0
        lower = [w.lower() for w in words]
        rows = [i for i, item in enumerate(lower) if item in lexicon or final[i] != 0]
        withouts = _withouts(final, punctuation, rows)
        for i in rows:
            rules = probed[i] if i in probed else _rules(words, lower, i, False, lexicon)  # modifiers: not scored
            if valences[i] != final[i]:
                rules = [*rules, f"'but' x{final[i] / valences[i]:g}"]
            value = float(final[i])
            columns["paragraph"].append(p)
            columns["position"].append(i)
            columns["token"].append(shared.setdefault(words[i], words[i]))
            columns["lexicon"].append(lexicon.get(lower[i], np.nan))
            columns["valence"].append(float(valences[i]))
            columns["final"].append(value)
            joined = "; ".join(rules)
            columns["rules"].append(shared.setdefault(joined, joined))
            columns["share"].append(value / signed * compound if signed else 0.0)
        columns["without"].extend(withouts)
    if not columns["paragraph"]:  # no scored word anywhere: the slow path gives the empty table's exact shape
        return attribution_by_trace(document)
    table = pd.DataFrame({name: values for name, values in columns.items()}, columns=ATTRIBUTION_COLUMNS)
    return table.astype({"paragraph": "int64", "position": "int64", "lexicon": "float64", "valence": "float64",
                         "final": "float64", "share": "float64", "without": "float64"})


def one_pass(document, each) -> None:
    """Run `attribution_pass(document, each)` and keep its table as `attribution`'s entry on disk, as
    `memo.per_document` would (same key, same lock, same atomic write): `paragraph_sentiment` of a long
    text calls it, so that the notebook's `attribution(document)`, in this process or another, reads it."""
    keep(attribution, document, attribution_pass(document, each))


def keep(function, document, value) -> None:
    """Store `value` as `function(document)`'s entry on disk (`function` decorated by `memo.per_document`),
    as the decorator would: same key, same lock, same atomic write; an entry already there is left alone."""
    key = memo.memo_key(document, function, (), {})
    path = memo.cache_folder() / key[:2] / f"{key}.pickle"
    with memo.locked(path):
        if not path.exists():
            store_pickle(path, (key, value))


def _withouts(final: list, punctuation: float, positions: list[int]) -> list[float]:
    """For each position, the compound when that token scores 0, as `_without` computes it.

    The library sums the valences left to right. Zeros change no partial sum (the running sum
    starts at the int 0 and is never -0.0), so only the k nonzero valences are summed: the prefix
    before a token once, then the rest after it. That is k^2 / 2 additions per paragraph, bounded
    by `WITHOUT_IN_ORDER_MAX`^2 / 2: a paragraph with more scored tokens (none in the seed, in a
    text of ordinary paragraphs, or in any State of the Union address, each one paragraph) gets the
    exact sum of the others rounded once to a float instead of the library's left-to-right order,
    which may differ from it in the last bits. Linear in the text either way.
    """
    nonzero = [(i, float(v)) for i, v in enumerate(final) if v != 0]
    values = [v for _, v in nonzero]
    index = {i: j for j, (i, _) in enumerate(nonzero)}
    prefix = [0]
    for v in values:
        prefix.append(prefix[-1] + v)
    total = prefix[-1]
    in_order = len(values) <= WITHOUT_IN_ORDER_MAX
    exact = None if in_order else sum(map(Fraction, values), Fraction(0))
    out = []
    for i in positions:
        j = index.get(i)
        if j is None:
            s = total
        elif in_order:
            s = prefix[j]
            for v in values[j + 1:]:
                s += v
        else:
            s = float(exact - Fraction(values[j]))
        out.append(vader.normalize(signed_sum([s], punctuation)))
    return out


def attribution_by_trace(document) -> pd.DataFrame:
    """`attribution` the slow way: `trace` per paragraph, `_without` per token (the differential
    tests' reference; quadratic in a paragraph's length, a table per paragraph)."""
    frames = []
    for p, text in enumerate(document.paragraphs, 1):
        traced = trace(text)
        words = traced.tokens[(traced.tokens["final"] != 0) | traced.tokens["lexicon"].notna()].copy()
        s, c = traced.valence_sum, traced.compound
        words["share"] = words["final"] / s * c if s else 0.0
        words["without"] = [_without(traced, i) for i in words["position"]]
        words.insert(0, "paragraph", p)
        frames.append(words)
    return concat_tables(frames)


def concat_tables(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack tables, leaving out empty ones (they would turn numeric columns into objects)."""
    kept = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(kept, ignore_index=True)


def _without(traced: Trace, position: int) -> float:
    """The compound the library's formula gives when token `position` scores 0 (summed in the library's order)."""
    final = traced.tokens["final"].tolist()
    final[position] = 0.0
    return vader.normalize(signed_sum(final, traced.punctuation))


def top_contributors(attributions: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Return the `n` tokens of each paragraph with the largest |final| valence (ties: earlier first)."""
    ranked = attributions.assign(size=attributions["final"].abs()).sort_values(
        ["paragraph", "size", "position"], ascending=[True, False, True], kind="mergesort")
    top = ranked.groupby("paragraph", sort=True).head(n).drop(columns="size")
    top.insert(1, "rank", top.groupby("paragraph").cumcount() + 1)
    return top.reset_index(drop=True)
