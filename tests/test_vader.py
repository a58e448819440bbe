"""The fast VADER against the reference vaderSentiment 3.3.2: equal dicts (==), never approximately.

The oracle is our own reference instance, built here from the installed package's files. Cases
are hand-picked rule cases (expected values are the reference's, called here) and strings drawn
by a seeded generator over the vocabularies the rules look at.
"""
from __future__ import annotations

import pickle
import random

import pytest
from vaderSentiment import vaderSentiment as vs

from helpers.sentiment import fast_vader as vader

REFERENCE = vs.SentimentIntensityAnalyzer()  # independent of helpers.sentiment.fast_vader's cached instance
FAST = vader.FastSentimentIntensityAnalyzer()



def bits(scores: dict) -> dict:
    """The scores as exact bit patterns (float.hex), keys in order: stricter than == (0.0 vs -0.0, int vs float)."""
    return {key: (type(value).__name__, float(value).hex()) for key, value in scores.items()}


RULE_CASES = [
    # lexicon, punctuation, capitals, boosters, dampeners
    "", "   ", "The book was good.", "The book was good!", "The book was good!!!!!!", "Is it good??",
    "Is it good???", "Is it good?????", "Good?! Bad?!", "The book was GOOD.", "THE BOOK WAS GOOD.",
    "The book was very good.", "The book was VERY good.", "The book was kind of good.",
    "The book was sort of bad.", "It was just enough good.", "kind", "kind of", "good kind of",
    "The book was extremely bad.", "The book was barely good.", "The BOOK was BARELY BAD!",
    # negations: 1, 2 and 3 words back, contractions, "never so/this", "without doubt"
    "The book was not good.", "The book was not very good.", "The book was not at all good.",
    "It isn't a horrible book.", "At least it isn't a horrible book.", "I don't hate it",
    "It wasn't really that good", "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!", "It was never so good.", "never so good",
    "never this bad", "I never thought so good", "this good", "so good", "so very good", "this is good",
    "Without a doubt, excellent idea.", "Without a doubt, an excellent idea.", "without doubt good",
    "without doubt a good idea", "doubt good", "nor good", "uh-uh good", "He can't stand it",
    "It ain't great, nope, not great, never great", "It is not not good", "Despite good reviews, bad.",
    # "least"
    "It was the least good book.", "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.", "least good",
    "very least good", "at least good", "the least bad", "LEAST good",
    # "no"
    "No problem at all.", "no good", "No, good", "no no good", "no or bad", "no nor good", "no way good",
    "no", "It is no", "no fun no joy", "no good no bad no",
    # "but" anywhere, in any case, repeated, and with repeated scores
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "but", "But good", "good but", "good BUT bad", "Good. But bad. But good.", "but but good but bad",
    "good good but good good", "good bad good but bad good bad", "BUT good good good", "good, but",
    "Today only kinda sux! But I'll get by, lol", "nice nice nice nice but nice nice nice",
    "bad good bad good bad good but good bad good bad", "it is fine but ok but fine but ok",
    "Freedom made us capable, but the war was long.", "but the best is capable", "Heart, but accept it, accept",
    # idioms and special cases
    "It was the kiss of death.", "That is the kiss of death for us", "the shit", "With VADER, sentiment analysis is the shit!",
    "Most automated sentiment analysis tools are shit.", "This is the bomb", "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!", "yeah right", "a cake to die for", "a beating heart", "at the bus stop",
    "Not such a badass after all.", "He is under the weather", "cut the mustard",
    # emoticons, emoji (alone, adjacent, after a space, repeated), slang
    "Make sure you :) or :D today!", "Catch utf-8 emoji such as \U0001F498 and \U0001F48B and \U0001F601",
    "\U0001F601", "good\U0001F601", "\U0001F601\U0001F601 good", "a \U0001F622 day", "\u00a9 2014",
    "sad\U0001F622bad", " \U0001F601 ", "Today SUX!", ":( :-( :'( ;)", "lol rofl", "<3 </3",
    # contractions, punctuation-wrapped tokens, odd whitespace
    "I'm surprised to see just how amazingly helpful VADER is!", "(good) [bad] {ok}", "'good'",
    "good...bad", "\tgood\n\nbad\r\n", "GOOD good GOOD", "G", "I", "A B C", "good, bad; ugly: nice.",
    "VADER is smart, handsome, and funny.", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "The book was only kind of good.", "Not bad at all",
]


@pytest.mark.parametrize("text", RULE_CASES)
def test_rule_cases_equal_reference(text):
    assert bits(FAST.polarity_scores(text)) == bits(REFERENCE.polarity_scores(text))


def test_seed_body_paragraphs_and_sentences_equal_reference(seed):
    units = [seed.body, *seed.paragraphs, *(s for sentences in seed.sentences for s in sentences)]
    assert [u for u in units if bits(FAST.polarity_scores(u)) != bits(REFERENCE.polarity_scores(u))] == []


def _vocabulary() -> list[str]:
    """Words the rules look at, plus a seeded sample of the lexicon and emoji."""
    rng = random.Random(20140601)
    lexicon = rng.sample(sorted(REFERENCE.lexicon), 400)
    emoji = rng.sample(sorted(k for k in REFERENCE.emojis if len(k) == 1), 30)
    idiom_words = sorted({w for phrase in [*vs.SPECIAL_CASES, *vs.SENTIMENT_LADEN_IDIOMS] for w in phrase.split()})
    boosters = sorted(w for phrase in vs.BOOSTER_DICT for w in phrase.split())
    rule_words = ["but", "BUT", "But", "no", "No", "never", "so", "this", "without", "doubt", "least", "at",
                  "very", "kind", "of", "sort", "or", "nor", "not", "isn't", "don't", "can't", "the", "a"]
    punctuation = ["!", "!!", "!!!", "?", "??", "???", ",", ".", "...", ":)", ":(", ":D", "<3", "'", "-"]
    return [*lexicon, *emoji, *idiom_words, *boosters, *sorted(vs.NEGATE), *rule_words * 4, *punctuation * 2]


def _fuzzed(count: int, max_tokens: int, seed: int) -> list[str]:
    """`count` strings of 1..max_tokens tokens: random case, glued or spaced, some scores repeated."""
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    texts = []
    for _ in range(count):
        tokens = []
        for _ in range(rng.randint(1, max_tokens)):
            word = rng.choice(tokens) if tokens and rng.random() < 0.15 else rng.choice(vocabulary)
            shape = rng.random()
            word = word.upper() if shape < 0.1 else word.title() if shape < 0.15 else word
            tokens.append(word)
        separators = [rng.choice(["", " ", " ", " ", " ", "  ", "\n"]) for _ in tokens]
        texts.append("".join(s + t for s, t in zip(separators, tokens)))
    return texts


def test_fuzzed_short_strings_equal_reference():
    texts = _fuzzed(4000, 25, seed=1)
    unequal = [t for t in texts if bits(FAST.polarity_scores(t)) != bits(REFERENCE.polarity_scores(t))]
    assert unequal == []


def test_tokens_and_capitals_equal_the_reference_sentitext():
    for t in RULE_CASES + _fuzzed(1000, 25, seed=3):
        reference_text = vs.SentiText(t)
        assert vader.tokens(t) == reference_text.words_and_emoticons
        assert vader.allcap_differential(vader.tokens(t)) == reference_text.is_cap_diff


def test_fuzzed_long_strings_equal_reference():
    texts = _fuzzed(40, 400, seed=2)
    unequal = [t for t in texts if bits(FAST.polarity_scores(t)) != bits(REFERENCE.polarity_scores(t))]
    assert unequal == []


def _naive_but(lower: list[str], sentiments: list) -> list:
    """The "but" rule as documented (x0.5 before the first "but", x1.5 after), without the search by value."""
    bi = lower.index("but")
    return [v * 0.5 if k < bi else v * 1.5 if k > bi else v for k, v in enumerate(sentiments)]


def test_fuzz_covers_the_rules(monkeypatch):
    # The generator must reach the rules it is meant to test, the by-value quirk of "but" included.
    texts = _fuzzed(4000, 25, seed=1)
    token_lists = [[w.lower() for w in vs.SentiText(t).words_and_emoticons] for t in texts]
    assert sum("but" in tokens for tokens in token_lists) > 400
    assert sum("never" in tokens and ("so" in tokens or "this" in tokens) for tokens in token_lists) > 20
    assert sum(any(ch in REFERENCE.emojis for ch in t) for t in texts) > 500
    assert sum("!!" in t or "??" in t for t in texts) > 400
    quirky = []
    real_but_rule = vader.but_rule

    def spy(lower, sentiments):
        result = real_but_rule(lower, sentiments)
        if "but" in lower and result != _naive_but(lower, sentiments):
            quirky.append(lower)
        return result

    monkeypatch.setattr(vader, "but_rule", spy)
    for t in texts:
        FAST.polarity_scores(t)
    assert len(quirky) >= 10


def test_hand_case_where_the_reference_but_rule_departs_from_its_description():
    # freedom 3.2 = 2 x capable 1.6: halving freedom makes it equal to capable, so the
    # reference halves position 0 twice and leaves capable whole.
    text = "Freedom made us capable, but the war was long."
    assert REFERENCE.lexicon["freedom"] == 2 * REFERENCE.lexicon["capable"]
    tokens = [w.lower() for w in vs.SentiText(text).words_and_emoticons]
    valences = [3.2, 0, 0, 1.6, 0, 0, -2.9, 0, 0]  # freedom, capable, war from the lexicon file
    assert [REFERENCE.lexicon.get(w, 0) for w in tokens] == valences
    assert vader.but_rule(tokens, valences) == [0.8, 0.0, 0, 1.6, 0, 0, -2.9 * 1.5, 0, 0]
    assert bits(FAST.polarity_scores(text)) == bits(REFERENCE.polarity_scores(text))


def test_but_rule_searches_by_value_as_the_reference_does():
    # Hand computation of the reference's loop on [4.0, 2.0, 0, 1.0] with "but" at 2: step 0
    # halves position 0 (-> 2.0); step 1 finds 2.0 first at position 0 (-> 1.0), position 1 is
    # left at 2.0; step 2 is the "but" itself; step 3 finds 1.0 first at position 0 (-> 0.5).
    lower = ["great", "good", "but", "ok"]
    assert vader.but_rule(lower, [4.0, 2.0, 0, 1.0]) == [0.5, 2.0, 0, 1.0]
    # After the "but": 1.0 -> 1.5 at position 1, then 1.5 is found there first (-> 2.25).
    assert vader.but_rule(["but", "x", "y"], [0, 1.0, 1.5]) == [0, 2.25, 1.5]
    # The first "but" in any case; later ones are ordinary tokens.
    assert vader.but_rule(["a", "but", "b", "but"], [1.0, 0, 3.0, 0]) == [0.5, 0, 4.5, 0]
    for lower, sentiments in ((["great", "good", "but", "ok"], [4.0, 2.0, 0, 1.0]), (["but", "x", "y"], [0, 1.0, 1.5])):
        assert vader.but_rule(lower, list(sentiments)) == vs.SentimentIntensityAnalyzer._but_check(lower, list(sentiments))


def test_quadratic_reference_methods_are_not_called(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("quadratic reference method called")

    for name in ("_negation_check", "_special_idioms_check", "_but_check", "sentiment_valence"):
        monkeypatch.setattr(vs.SentimentIntensityAnalyzer, name, forbidden)
    FAST.polarity_scores("It was never so good, but not very bad, the kiss of death without a doubt")


def _recorder(base: type) -> vs.SentimentIntensityAnalyzer:
    """A subclass of `base` hooking `_but_check` and `score_valence` as helpers.sentiment's recorder does."""

    class Recorder(base):
        def __init__(self):
            self.lexicon, self.emojis = REFERENCE.lexicon, REFERENCE.emojis  # no file read, no base __init__
            self.record = {}

        def _but_check(self, words_and_emoticons, sentiments):
            self.record |= {"words": list(words_and_emoticons), "valences": list(sentiments)}
            final = base._but_check(words_and_emoticons, sentiments)
            self.record["final"] = list(final)
            return final

        def score_valence(self, sentiments, text):
            self.record["text"] = text
            return super().score_valence(sentiments, text)

    return Recorder()


def test_subclasses_hooking_but_check_and_score_valence_see_what_the_reference_passes():
    for text in RULE_CASES + _fuzzed(300, 25, seed=4):
        ref, fast = _recorder(vs.SentimentIntensityAnalyzer), _recorder(vader.FastSentimentIntensityAnalyzer)
        assert fast.polarity_scores(text) == ref.polarity_scores(text)
        assert fast.record == ref.record
        assert [type(v) for v in fast.record.get("final", [])] == [type(v) for v in ref.record.get("final", [])]


def test_lexicons_are_loaded_once_and_shared():
    other = vader.FastSentimentIntensityAnalyzer()
    assert other.lexicon is FAST.lexicon is vader.reference_analyzer().lexicon
    assert other.emojis is FAST.emojis
    assert FAST.lexicon == REFERENCE.lexicon and FAST.emojis == REFERENCE.emojis


def test_pickles_small_and_scores_the_same():
    payload = pickle.dumps(FAST)
    assert len(payload) < 500  # only the class and the two file names, not the 7,500-word lexicon
    copy = pickle.loads(payload)
    assert isinstance(copy, vs.SentimentIntensityAnalyzer)
    assert copy.polarity_scores("not bad but great") == REFERENCE.polarity_scores("not bad but great")


def test_non_text_behaves_as_reference():
    with pytest.raises(TypeError):
        REFERENCE.polarity_scores(b"good")
    with pytest.raises(TypeError):
        FAST.polarity_scores(b"good")


def test_compute_module_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("fast_vader", "matplotlib")  # tests/conftest.py
