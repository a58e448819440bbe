"""The VADER analyser, created in one place, and a recorder of what it computes.

`analyzer()` is the only function that creates the scorer: every table, attribution and
comparison follows it. It is `helpers.sentiment.fast_vader`'s linear-time subclass of the reference
(vaderSentiment 3.3.2), whose scores equal the reference's float for float
(tests/test_vader.py; tests/bench_reference_equality.py on the State of the Union): the
reference re-lower-cases the whole text for every lexicon word, so a long block is quadratic. `Recorder` runs the library's own `polarity_scores`
and keeps the per-token valences it computes (before and after its "but" rule).
"""
from __future__ import annotations


from vaderSentiment import vaderSentiment as vader

from . import fast_vader

# The class whose rule methods we call (never copy): vaderSentiment 3.3.2 (Hutto & Gilbert 2014).
REFERENCE = vader.SentimentIntensityAnalyzer


def analyzer() -> fast_vader.FastSentimentIntensityAnalyzer:
    """Return the analyser (lexicons read once per process from the installed package, offline)."""
    return fast_vader.analyzer()


class ButRecorder:
    """Mixin for a VADER analyser: keep the token valences before and after the "but" rule.

    Both implementations' `polarity_scores` call `self._but_check(words, sentiments)` once,
    after the word-level rules and before summing; the mixin records its input and output
    in `self.record` ("words", "valences", "final") and changes nothing.
    """

    record: dict

    def _but_check(self, words_and_emoticons, sentiments):
        self.record |= {"words": list(words_and_emoticons), "valences": list(sentiments)}
        final = super()._but_check(words_and_emoticons, sentiments)
        self.record["final"] = list(final)
        return final


class Recorder(ButRecorder, fast_vader.FastSentimentIntensityAnalyzer):
    """The analyser of `analyzer()`, unchanged, except that it records what it computes (`ButRecorder`)
    and the text it scores after emoji were replaced by their descriptions ("text")."""

    def __init__(self, reference: vader.SentimentIntensityAnalyzer):
        self.lexicon, self.emojis = reference.lexicon, reference.emojis  # shared, never modified
        self.record = {}

    def score_valence(self, sentiments, text):
        self.record["text"] = text
        return super().score_valence(sentiments, text)


def recorded(text: str) -> tuple[dict, dict, float, float]:
    """Run the reference `polarity_scores` on `text`, recording; return (record, scores, punctuation, valence_sum).

    `record` holds the tokens ("words"), their valences after the word rules ("valences") and
    after 'but' ("final"); `valence_sum` is the signed sum the library squashes into compound
    (its '!'/'?' emphasis `punctuation` added away from zero, as `score_valence` does).
    """
    recorder = Recorder(analyzer())
    result = recorder.polarity_scores(text)
    record = recorder.record
    punctuation = float(recorder._punctuation_emphasis(record["text"]))
    return record, result, punctuation, signed_sum(record["final"], punctuation)


def signed_sum(valences, punctuation: float) -> float:
    """The library's sum before squashing: the valences' sum, moved `punctuation` away from zero."""
    total = float(sum(valences))  # the library's own order (a left-to-right sum), so the same float
    return total + punctuation if total > 0 else total - punctuation if total < 0 else total
