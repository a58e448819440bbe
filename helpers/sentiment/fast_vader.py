"""VADER in linear time with the reference's exact scores.

The reference, `vaderSentiment` 3.3.2, is quadratic in the number of tokens of the text it
scores: `_negation_check` (up to 3 calls per lexicon word) and `_special_idioms_check` (one
call) lower-case the whole token list again each time, and `_but_check` finds each score's
position with `list.index` (a linear search) in a loop over all scores. On a State of the
Union address scored as one block (about 8,000 words) that is over a second.

`FastSentimentIntensityAnalyzer` is a subclass that lower-cases the tokens once per text and
replaces the list searches (the "but" rule is O(n log n) at worst, O(n) on zeros), and
otherwise runs the reference's own code: `scalar_inc_dec`, `_least_check`, `score_valence`,
its constants and lexicon dicts (the same objects). The tokeniser and the capitals test of
`SentiText` are one line each here (no call per token); a test compares them with SentiText.
What it re-implements keeps every quirk of the original:

* the "this/so" rule: `never so X`, `never this X`, and *any* `so`/`this` just before a
  scored word multiply it by 1.25 (Python's `and` binds tighter than `or` in the reference's
  condition, so "never" is not required for the word just before);
* the "but" rule finds the first "but" (any case) and, for each score in turn, searches the
  list *by value* (`list.index`) and rescales the FIRST score equal to it: with repeated
  values, an earlier equal score is rescaled again and the later one is left as it is;
* "no" before a lexicon word, "without doubt", "least", ALL-CAPS, booster n-grams, special
  idioms, and emoji replaced by their descriptions with the reference's spacing;
* tokens that are not lexicon words score the int 0, as in the reference.

The tests (tests/test_vader.py) and tests/bench_reference_equality.py compare
`polarity_scores` with the reference's with `==`, on rule cases, fuzzed strings and every
sentence and address of the State of the Union corpus.
"""
from __future__ import annotations

import heapq
import re
import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as reference

# The reference's own constants (vaderSentiment 3.3.2, module level), never copied.
BOOSTER_DICT = reference.BOOSTER_DICT
SPECIAL_CASES = reference.SPECIAL_CASES
N_SCALAR = reference.N_SCALAR
C_INCR = reference.C_INCR
NEGATIONS = frozenset(reference.NEGATE)
PUNCTUATION = string.punctuation  # what SentiText strips from each token's ends
LEXICON_FILE = "vader_lexicon.txt"  # the reference constructor's defaults
EMOJI_LEXICON = "emoji_utf8_lexicon.txt"


@lru_cache(maxsize=None)
def _loaded(lexicon_file: str, emoji_lexicon: str) -> reference.SentimentIntensityAnalyzer:
    """Return a reference analyser: its lexicon files are read once per process."""
    return reference.SentimentIntensityAnalyzer(lexicon_file, emoji_lexicon)


def reference_analyzer() -> reference.SentimentIntensityAnalyzer:
    """Return the cached reference analyser whose lexicon dicts the fast one shares."""
    return _loaded(LEXICON_FILE, EMOJI_LEXICON)


class FastSentimentIntensityAnalyzer(reference.SentimentIntensityAnalyzer):
    """The reference `SentimentIntensityAnalyzer` with linear-time `polarity_scores`.

    Construction reads no file after the first in a process (the lexicons are the cached
    reference instance's dicts). Pickling sends only the two file names, so a worker
    process rebuilds it from its own cache. `polarity_scores` ends, like the reference's,
    with `self._but_check(words, sentiments)` and `self.score_valence(sentiments, text)`, so
    subclasses that hook those two methods see the same arguments.
    """

    def __init__(self, lexicon_file: str = LEXICON_FILE, emoji_lexicon: str = EMOJI_LEXICON):
        # The reference's __init__ would read and parse both files again: share its dicts instead.
        ref = _loaded(lexicon_file, emoji_lexicon)
        self._files = (lexicon_file, emoji_lexicon)
        self.lexicon_full_filepath = ref.lexicon_full_filepath
        self.emoji_full_filepath = ref.emoji_full_filepath
        self.lexicon = ref.lexicon
        self.emojis = ref.emojis

    def __reduce__(self):
        return type(self), self._files

    def polarity_scores(self, text):
        """Return the reference's {'neg', 'neu', 'pos', 'compound'} for `text`, computed in linear time."""
        if not isinstance(text, str):
            return super().polarity_scores(text)  # the reference's behaviour (an error) on other types
        text = self._replace_emoji(text).strip()
        words = tokens(text)
        is_cap_diff = allcap_differential(words)
        lower = [word.lower() for word in words]  # once per text: the reference redoes it per lexicon word
        lexicon = self.lexicon
        last = len(words) - 1
        sentiments = []
        for i, item in enumerate(lower):
            # Modifiers score nothing themselves; nor does a word outside the lexicon (the int 0, as in the reference).
            if item in BOOSTER_DICT or (item == "kind" and i < last and lower[i + 1] == "of") or item not in lexicon:
                sentiments.append(0)
            else:
                sentiments.append(self._valence(i, words, lower, is_cap_diff))
        # The same two calls as the reference, so a subclass that hooks them (helpers.sentiment's recorder) still works.
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    @staticmethod
    def _but_check(words_and_emoticons, sentiments):
        """The reference's `_but_check` (same arguments, same result), in O(n log n): see `but_rule`."""
        return but_rule([str(w).lower() for w in words_and_emoticons], sentiments)

    def _replace_emoji(self, text: str) -> str:
        """The reference's emoji loop: each emoji becomes its description, after a space unless
        it starts the text or follows a space (a preceding emoji counts as not a space)."""
        # Only one-character keys can match (the reference tests each character); a dict view
        # & a set looks the text's distinct characters up in the dict, in C.
        present = self.emojis.keys() & set(text)
        if not present:
            return text

        def description(match: re.Match) -> str:
            start = match.start()
            space = " " if start > 0 and text[start - 1] != " " else ""
            return space + self.emojis[match.group()]

        # A class of the few emoji present: one of all 1,212 makes the regex engine 50x slower.
        pattern = "[" + "".join(map(re.escape, sorted(present))) + "]"
        return re.sub(pattern, description, text)

    def _valence(self, i: int, words: list[str], lower: list[str], is_cap_diff: bool):
        """The reference's `sentiment_valence` for token `i`, a lexicon word, reading the lower-cased tokens from `lower`."""
        lexicon = self.lexicon
        item = lower[i]
        valence = lexicon[item]
        # "no" just before a lexicon word negates that word instead of scoring itself.
        if item == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lexicon[item] * N_SCALAR
        if words[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(0, 3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                s = reference.scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = special_idioms_check(valence, lower, i)
        return self._least_check(valence, words, i)


def tokens(text: str) -> list[str]:
    """The reference's `SentiText(text).words_and_emoticons`: whitespace tokens with leading and
    trailing punctuation stripped, unless that leaves 2 characters or fewer (an emoticon: kept whole)."""
    return [stripped if len(stripped := token.strip(PUNCTUATION)) > 2 else token for token in text.split()]


def allcap_differential(words: list[str]) -> bool:
    """The reference's `allcap_differential`: True if some, but not all, tokens are ALL CAPS."""
    return 0 < len(words) - sum(map(str.isupper, words)) < len(words)


def is_negation(word: str) -> bool:
    """The reference's `negated([word])`: a word of its NEGATE list, or one containing "n't"."""
    word = word.lower()
    return word in NEGATIONS or "n't" in word


def negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    """The reference's `_negation_check` on tokens already lower-cased (same conditions, same order)."""
    if start_i == 0:
        if is_negation(lower[i - 1]):
            valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif is_negation(lower[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        # The reference's precedence, kept: (never and (so or this)) or (so or this just before).
        if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif is_negation(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    """The reference's `_special_idioms_check` (called only for i >= 3) on lower-cased tokens."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def but_rule(lower: list[str], sentiments: list) -> list:
    """The reference's `_but_check` without its quadratic search, same result element for element.

    The reference loops `for sentiment in sentiments: si = sentiments.index(sentiment)` and
    rescales position si (x0.5 before the first "but", x1.5 after it, unchanged at it). At
    step k the value is still the original sentiments[k] (earlier steps only change positions
    <= their own), and si is the first position <= k whose current value equals it. Here each
    value maps to a heap of the positions before k that hold it now, so finding si is
    O(log n) instead of O(n). Dict keys compare as `list.index` does (0 == 0.0 == -0.0).
    """
    if "but" not in lower:
        return sentiments
    bi = lower.index("but")
    out = list(sentiments)
    holders: dict[float, list[int]] = {}
    first_zero = None
    for k, value in enumerate(sentiments):
        if value == 0:
            # A zero stays zero when rescaled, and no other value becomes zero: every zero's search
            # ends at the first zero of the list.
            if first_zero is None:
                first_zero = k
            si = first_zero
        else:
            heap = holders.get(value)
            si = heapq.heappop(heap) if heap else k
            if si != k:
                heapq.heappush(holders[value], k)  # position k keeps its value
        if si < bi:
            out[si] = value * 0.5
        elif si > bi:
            out[si] = value * 1.5
        if value != 0:
            heapq.heappush(holders.setdefault(out[si], []), si)
    return out


@lru_cache(maxsize=1)
def analyzer() -> FastSentimentIntensityAnalyzer:
    """Return the process's fast analyser (default lexicons)."""
    return FastSentimentIntensityAnalyzer()
