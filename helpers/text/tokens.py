"""Sentences and words: the one tokenisation every analysis shares.

Sentences come from syntok; words from nltk's Treebank-style tokeniser (no downloaded data).

The word tokeniser runs nltk's own substitutions (the very pattern objects of
`NLTKWordTokenizer`, in its order), but skips each one whose pattern cannot match the current
string because a character it needs is absent (`_GUARDS`: e.g. "[?!]" needs "?" or "!"); the
contractions are tried only when their union matches. A skipped substitution would have returned
its input unchanged, so the tokens are nltk's (tests/test_text.py compares `sentence_tokens` with
`reference_sentence_tokens` on every sentence of the 233 addresses, the seed and fuzzed strings).
A sentence needs about 5 substitutions instead of 24. The guards are checked against a set of the
characters present (the sentence's, plus each template's as a substitution runs), not by scanning.

Sentences are syntok's segmenter's, run by `_segment` (its loop), whose state over a sentence's
inner tokens (`_PlainRun`) moves over a run of plain tokens in one call instead of one call per
token (about 1.4x faster; tests/test_sotu_speed.py compares every sentence's tokens with syntok's).
`split_sentences` goes further (`_Stream`): syntok's tokenizer as an iterator that can jump over
every run of non-space characters holding none of the characters the segmenter stops at (terminals,
opening brackets) in one regex search, tokenising only the last run it passes; the sentence then
holds its first and last tokens, all `split_sentences` reads (about 2x faster again;
tests/test_fast_tokens.py compares the sentences and their first and last tokens with syntok's on
every address and fuzzed strings).
`LETTER` and `APOSTROPHES` are the shared definitions of "a letter" and "an apostrophe":
the terms module and the English check use these, not copies.
"""
from __future__ import annotations

import re
import sys
import types

import regex


def _fisher_exact(*args, **kwargs):
    from scipy.stats import fisher_exact  # the real one, imported on first use

    return fisher_exact(*args, **kwargs)


def _import_nltk() -> None:
    """Import nltk without scipy.stats: nltk's package import runs `from scipy.stats import
    fisher_exact` (nltk.metrics.association, for one collocation measure), which loads all of
    scipy.stats: about 1 s of CPU and 50 MB in every kernel. A stand-in module lends nltk a
    `fisher_exact` that imports the real one when called, and is removed at once; a later
    `import scipy.stats` gets the real module (tests/test_cli.py checks both)."""
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    stand_in = types.ModuleType("scipy.stats")
    stand_in.fisher_exact = _fisher_exact
    sys.modules["scipy.stats"] = stand_in
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get("scipy.stats") is stand_in:
            del sys.modules["scipy.stats"]


_import_nltk()
from nltk.tokenize import NLTKWordTokenizer  # noqa: E402
from syntok import _segmentation_states as _states, segmenter  # noqa: E402
from syntok.tokenizer import Token, Tokenizer  # noqa: E402

LETTER = re.compile(r"[^\W\d_]")  # a letter in any script
WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script
# Curly and modifier apostrophes become the straight one, so "Russia’s" and "Russia's" agree.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_TOKENIZER = NLTKWordTokenizer()

# Each nltk pattern (by its source) -> characters of which at least one must be in the string for
# it to match. A pattern not listed here always runs (so a new nltk pattern is never skipped).
_GUARDS = {
    "([«“‘„]|[`]+)": "«“‘„`",
    r"^\"": '"',
    r"(``)": "`",
    r"([ \(\[{<])(\"|\'{2})": "\"'",
    r"(?i)(?<!\w)(\')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)": "'",
    r'([^\.])(\.)([\]\)}>"\'' "»”’ " r"]*+)\s*$": ".",
    r"([:,])([^\d])": ":,",
    r"([:,])$": ":,",
    r"\.{2,}": ".",
    r"[;@#$%&]": ";@#$%&",
    r"[\u2012-\u2015]": "\u2012\u2013\u2014\u2015",
    r'([^\.])(\.)([\]\)}>"\']*)\s*$': ".",
    r"[?!]": "?!",
    r"([^'])' ": "'",
    r"[*]": "*",
    r"[\]\[\(\)\{\}\<\>]": "[](){}<>",
    r"--": "-",
    "([»”’])": "»”’",
    r"''": "'",
    r'"': '"',
    r"([^' ])('[sS]|'[mM]|'[dD]|') ": "'",
    r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ": "'",
}


def _steps(pairs) -> tuple:
    """(needed characters or None, pattern, substitution) for nltk's (pattern, substitution) pairs."""
    return tuple((_GUARDS.get(pattern.pattern), pattern, substitution) for pattern, substitution in pairs)


def _guard(needed: str | None) -> frozenset | None:
    """The characters of which one must be present for a step to run (None: it always runs)."""
    return None if needed is None else frozenset(needed)


def _plan(steps) -> tuple:
    """`_apply`'s work list: (guard, kind, pattern, substitution, anchored, added) per step, everything
    `_apply` would otherwise look up per call (the pattern's source, its kind) taken once. `added`:
    every character of the substitution's template, a superset of what a substitution can add to
    the string (the rest of its output are characters of the string itself)."""
    plan = []
    for needed, pattern, substitution in steps:
        source = pattern.pattern
        anchored = _ANCHORED.get(source)
        kind = ("anchored" if anchored is not None else "dots" if source == _DOTS
                else "spaces" if source == _SPACES and substitution == " " else "sub")
        added = frozenset(" " if kind == "spaces" else substitution if isinstance(substitution, str) else "")
        if not isinstance(substitution, str):
            added = None  # a function: its output's characters are taken from the string it returns
        plan.append((_guard(needed), kind, pattern, substitution, anchored, added))
    return tuple(plan)


_BEFORE = _steps([*_TOKENIZER.STARTING_QUOTES, *_TOKENIZER.PUNCTUATION, _TOKENIZER.PARENS_BRACKETS,
                  _TOKENIZER.DOUBLE_DASHES])
_ENDING = _steps(_TOKENIZER.ENDING_QUOTES)
_CONTRACTIONS = (*_TOKENIZER.CONTRACTIONS2, *_TOKENIZER.CONTRACTIONS3)
# Finds a match where one of the contraction patterns finds one (their alternatives written out,
# grouped; tests/test_text.py compares it with the patterns themselves).
_ANY_CONTRACTION = re.compile(r"\b(?:cannot|d'ye|gimme|gonna|gotta|lemme|more'n)\b|\bwanna(?=\s)| 't(?:is|was)\b",
                              re.IGNORECASE)
_CONTRACTION_SOURCES = (r"(?i)\b(can)(?#X)(not)\b", r"(?i)\b(d)(?#X)('ye)\b", r"(?i)\b(gim)(?#X)(me)\b",
                        r"(?i)\b(gon)(?#X)(na)\b", r"(?i)\b(got)(?#X)(ta)\b", r"(?i)\b(lem)(?#X)(me)\b",
                        r"(?i)\b(more)(?#X)('n)\b", r"(?i)\b(wan)(?#X)(na)(?=\s)", r"(?i) ('t)(?#X)(is)\b",
                        r"(?i) ('t)(?#X)(was)\b")
# nltk's own patterns, or None if they changed (then every one is always run).
_CONTRACTED = _CONTRACTIONS if tuple(p.pattern for p in _CONTRACTIONS) == _CONTRACTION_SOURCES else None


# Patterns anchored at the end: a match starts at most `width` characters before the longest
# suffix made of the listed characters and whitespace, so the pattern is run on that suffix only
# (the same leftmost match: nothing before it can start one). `str.isspace` holds every character
# of the regex module's `\s` (tests/test_text.py checks every code point), so the suffix is never
# too short.
_ANCHORED = {
    r'([^\.])(\.)([\]\)}>"\'' "»”’ " r"]*+)\s*$": (2, frozenset(']})>"\'»”’ ')),
    r'([^\.])(\.)([\]\)}>"\']*)\s*$': (2, frozenset(']})>"\'')),
    r"([:,])$": (1, frozenset()),
}
_DOTS = r"\.{2,}"  # needs two full stops in a row
_SPACES = r"\s+"  # -> " ": str.split() gives the same runs unless one of these is present:
SPLIT_ONLY_SPACES = frozenset("\x1c\x1d\x1e\x1f")  # str.isspace(), not the regex module's \s (test)


def _apply(plan, text: str, present: set) -> str:
    """Run `plan` (`_plan` of `_BEFORE` or `_ENDING`) on `text` as nltk does, skipping each step whose
    guard shares no character with `present`: a set holding every character of `text` (perhaps more),
    kept so as each step runs (it adds the characters of the step's template)."""
    for guard, kind, pattern, substitution, anchored, added in plan:
        if guard is not None and guard.isdisjoint(present):
            continue
        if kind == "sub":
            text = pattern.sub(substitution, text)
        elif kind == "anchored":
            width, allowed = anchored
            start = len(text)
            while start and (text[start - 1] in allowed or text[start - 1].isspace()):
                start -= 1
            start = max(0, start - width)
            text = text[:start] + pattern.sub(substitution, text[start:])
        elif kind == "dots":
            if ".." not in text:
                continue
            text = pattern.sub(substitution, text)
        elif SPLIT_ONLY_SPACES.isdisjoint(present):  # "spaces": str.split gives the same runs
            words = text.split()
            text = " " + " ".join(words) + " " if words else " "
        else:
            text = pattern.sub(substitution, text)
        if added is None:
            present.update(text)
        else:
            present |= added
    return text


_BEFORE_PLAN, _ENDING_PLAN = _plan(_BEFORE), _plan(_ENDING)


def _ascii_plan(plan) -> tuple | None:
    """`plan` with each pattern compiled by the standard `re` module (None if one does not compile or
    carries a flag other than the regex module's defaults and a leading "(?i)"). On a string of ASCII characters without
    \\x1c-\\x1f, `re` and `regex` match these patterns alike: \\w, \\d and \\b are [A-Za-z0-9_] and
    [0-9] in both, \\s differs only on \\x1c-\\x1f (`re` takes them), and the case-insensitive pattern
    folds ASCII letters alike (tests/test_fast_tokens.py compares the tokens on the addresses and on
    fuzzed ASCII strings). `re` costs less per call than the regex module behind nltk's patterns."""
    out = []
    for guard, kind, pattern, substitution, anchored, added in plan:
        inline = regex.IGNORECASE if pattern.pattern.startswith("(?i)") else 0  # re reads the same "(?i)"
        if pattern.flags & ~(regex.UNICODE | regex.VERSION0 | inline):
            return None
        try:
            compiled = re.compile(pattern.pattern)
        except re.error:
            return None
        out.append((guard, kind, compiled, substitution, anchored, added))
    return tuple(out)


_BEFORE_ASCII, _ENDING_ASCII = _ascii_plan(_BEFORE_PLAN), _ascii_plan(_ENDING_PLAN)
_ASCII = _BEFORE_ASCII is not None and _ENDING_ASCII is not None


def treebank_tokens(text: str) -> list[str]:
    """`NLTKWordTokenizer().tokenize(text)`, skipping the substitutions that cannot match (see above)."""
    present = set(text)
    present.add(" ")
    if _ASCII and text.isascii() and SPLIT_ONLY_SPACES.isdisjoint(present):
        before, ending = _BEFORE_ASCII, _ENDING_ASCII
    else:
        before, ending = _BEFORE_PLAN, _ENDING_PLAN
    text = " " + _apply(before, text, present) + " "
    text = _apply(ending, text, present)
    if _CONTRACTED is None or _ANY_CONTRACTION.search(text):
        for pattern in _CONTRACTIONS:
            text = pattern.sub(r" \1 \2 ", text)
    return text.split()


class _SyntokTokenizer(Tokenizer):
    """syntok's tokenizer (`Tokenizer.tokenize`, whose steps are copied here in order), with two
    shortcuts for the common case: a run that starts (ends) with an alphanumeric character has
    nothing to strip there, and a word that cannot hold a separator is a token as it stands
    instead of going through the separator pattern. A separator is an apostrophe, bracket, dot,
    comma, semicolon, underscore or hyphen (none alphanumeric, but for two modifier-letter
    apostrophes), or an upper-case letter after the first character (a case transition); so an
    alphanumeric word without those two apostrophes whose tail has no upper-case letter has none
    (`_plain_word`; `str.islower` or `str.isalnum` is False on any string holding one of the regex
    module's `\\p{Lu}` or separators: tests check every code point). tests/test_fast_tokens.py compares the tokens (value, spacing,
    offset) with syntok's."""

    def tokenize(self, text: str, base_offset: int = 0):
        if base_offset > 0:
            text = " " * base_offset + text
        offset = base_offset
        for mo in Tokenizer._spaces.finditer(text):
            yield from self._chunk(text, mo, offset)
            offset = mo.end()
        if offset < len(text):
            yield Token(text[offset:], "", len(text))

    def _chunk(self, text: str, mo, offset: int) -> list:
        """The tokens of one run of non-space characters (`mo`, a match of `Tokenizer._spaces`), the
        previous run ending at `offset`: the body of syntok's loop in `Tokenizer.tokenize`."""
        run_start, run_end = mo.span()
        start = run_start if text[run_start].isalnum() else Tokenizer._find_start(run_start, run_end, text)
        if start == run_end:
            return [Token(text[offset:run_start], mo.group(0), run_start)]
        out = []
        end = run_end if text[run_end - 1].isalnum() else Tokenizer._find_end(start, run_end, text)
        if start > run_start:
            offset = _drain(self._split_nonword_prefix(mo, offset, start, text), out)
        if start != end:
            word = text[start:end]
            if _plain_word(word):
                out.append(Token(text[offset:start], word, start))
            else:
                out.extend(self._split_word(text[offset:start], word, start))
        if end < run_end:
            tail = text[end:run_end]
            if tail.startswith("..."):
                out.append(Token("", "...", end))
                end += 3
                tail = tail[3:]
            out.extend([Token("", c, idx + end) for idx, c in enumerate(tail)])
        return out


def _drain(generator, out: list):
    """Append what `generator` yields to `out`; return what it returns."""
    while True:
        try:
            out.append(next(generator))
        except StopIteration as stop:
            return stop.value


def _plain_word(word: str) -> bool:
    """True when syntok's separator pattern cannot match in `word` (see `_SyntokTokenizer`)."""
    tail = word[1:]
    return (not tail or tail.islower()) and word.isalnum() and "\u02b9" not in word and "\u02bc" not in word


_SYNTOK = _SyntokTokenizer(replace_not_contraction=False)  # as segmenter.analyze makes it


def _analyze(text: str):
    """`syntok.segmenter.analyze(text)`, with the tokenizer above and the segmenter below, except that
    a sentence's list holds its first and last tokens but not necessarily every one between them
    (`_Stream.skip_plain`): all that `split_sentences` reads of it."""
    for offset, paragraph in segmenter.preprocess_with_offsets(text):
        yield _segment(_Stream(paragraph, offset))


# Characters of the tokens at which syntok's InnerToken state stops (its terminals, "(" and the
# opening brackets): a token is a substring of its run of non-space characters, so a run holding
# none of these characters gives none of those tokens.
_STOPS = frozenset("".join(_states.State.terminals) + "".join(_states.State.opening_brackets) + "(")
_STOP = regex.compile("[" + "".join(regex.escape(c) for c in sorted(_STOPS)) + "]")
_LAST_SPACE = regex.compile(r"(?r)[\s\u200b]")  # the space class of Tokenizer._spaces, searched backwards
_LAST_RUN = regex.compile(r"(?r)[^\s\u200b]+")  # Tokenizer._spaces, searched backwards


class _Stream:
    """`_SYNTOK.tokenize(text, base_offset)` as an iterator (the same tokens, in order), which can also
    move over every token up to the run of non-space characters that holds the next `_STOPS` character
    in one call (`skip_plain`), tokenising only the last run it passes."""

    def __init__(self, text: str, base_offset: int = 0):
        if base_offset > 0:
            text = " " * base_offset + text
        self._text, self._offset, self._pending, self._ended = text, base_offset, [], False

    def __iter__(self):
        return self

    def __next__(self) -> Token:
        pending, text = self._pending, self._text
        while not pending:
            mo = None if self._ended else Tokenizer._spaces.search(text, self._offset)
            if mo is None:
                if self._ended:
                    raise StopIteration
                self._ended = True
                if self._offset < len(text):
                    return Token(text[self._offset:], "", len(text))
                raise StopIteration
            pending.extend(reversed(_SYNTOK._chunk(text, mo, self._offset)))
            self._offset = mo.end()
        return pending.pop()

    def skip_plain(self) -> Token | None:
        """Consume the tokens of every run of non-space characters before the one holding the next
        `_STOPS` character (or before the end); return the last token consumed, or None (nothing
        consumed: tokens of the current run are still pending, or no run lies before that one)."""
        if self._pending or self._ended:
            return None
        text, offset = self._text, self._offset
        stop = _STOP.search(text, offset)
        limit = len(text)
        if stop is not None:
            space = _LAST_SPACE.search(text, offset, stop.start())
            limit = space.end() if space is not None else offset  # where the run holding it starts
        last = _LAST_RUN.search(text, offset, limit)
        if last is None:
            return None
        before = _LAST_RUN.search(text, offset, last.start())  # the run before it, for the spacing
        tokens = _SYNTOK._chunk(text, last, before.end() if before is not None else offset)
        if not tokens:
            return None
        self._offset = last.end()
        return tokens[-1]


def _segment(tokens):
    """`syntok.segmenter.segment(tokens)` (no bracket_skip_len): its loop over `Begin(tokens)`'s states,
    each InnerToken state made a `_PlainRun` (the same state, with a shortcut over plain tokens)."""
    state = _states.Begin(tokens)
    while state is not None:
        if state.at_sentence:
            history = state.collect_history()
            if history and (len(history) > 1 or history[0].value):
                yield history
        state = next(state, None)
        if state.__class__ is _states.InnerToken:
            state.__class__ = _PlainRun


class _PlainRun(_states.InnerToken):
    """syntok's `InnerToken` state, moving over a run of plain tokens in one call.

    `InnerToken.__next__` moves one token into the history (`_move_and_skip_bracketed_text`) and,
    when the next token is neither a terminal, nor "(", nor an opening bracket, returns itself: the
    segmenter then asks it again, and nothing else happens in between (an InnerToken is never
    `at_sentence`). Here those calls are one loop, on the same queue, history and stream; at any
    other next token (or none) the rest of `InnerToken.__next__` runs as syntok writes it.
    tests/test_sotu_speed.py compares every sentence's tokens with syntok's segmenter.
    """

    def __next__(self):
        stream, history = self._State__stream, self._State__history
        skip = getattr(stream, "skip_plain", None)
        while True:
            queue = self._State__queue
            if not queue:
                token = next(stream, None)
                if token is None:
                    return _states.End(stream, queue, history)
                queue.append(token)
            history.append(queue.pop(0))  # _move
            if not queue:
                if skip is not None:  # plain tokens would each be moved into the history: keep the last
                    last = skip()
                    if last is not None:
                        history.append(last)
                token = next(stream, None)
                if token is None:
                    continue  # _move is False; InnerToken returns itself, then ends at its next call
                queue.append(token)
            value = queue[0].value
            if value in _OPENING_BRACKETS:  # the rest of _move_and_skip_bracketed_text and of __next__
                self._skip_bracketed_text()
                if not self._State__queue:
                    self._fetch_next()
                if self.next_is_a_terminal or self.next_is_an_opening_bracket:
                    return self._move_and_maybe_extract_terminal()
                return self
            if value in _TERMINALS or value == "(":
                return self._move_and_maybe_extract_terminal()


_OPENING_BRACKETS = _states.State.opening_brackets
_TERMINALS = _states.State.terminals


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` (syntok), each an exact, stripped substring of it."""
    return _sentences(text, _analyze(text))


def reference_split_sentences(text: str) -> list[str]:
    """`split_sentences` through syntok's own `analyze` (the differential tests' reference)."""
    return _sentences(text, segmenter.analyze(text))


def _sentences(text: str, paragraphs) -> list[str]:
    sentences = []
    for paragraph in paragraphs:
        for sentence in paragraph:
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            sentences.append(text[start:end].strip())
    return [s for s in sentences if s]


def word_tokens(text: str) -> list[str]:
    """Return the word tokens of `text`: nltk Treebank-style tokens holding a letter or digit.

    Curly apostrophes count as straight ones, so "Russia’s" and "Russia's" both give
    ["Russia", "'s"]. Punctuation-only tokens are dropped; case is kept.
    """
    # The Treebank tokeniser expects one sentence: given a paragraph it splits off only the
    # last full stop and leaves "Moscow." inside it, so we feed it syntok's sentences.
    return [t for sentence in split_sentences(text) for t in sentence_tokens(sentence)]


def sentence_tokens(sentence: str) -> list[str]:
    """Return the word tokens of one sentence (as `word_tokens`, without splitting sentences)."""
    # t.isalnum(): every character a letter or digit, so WORD_CHAR finds one (tests/test_fast_tokens.py
    # checks that WORD_CHAR matches exactly the characters for which str.isalnum() holds).
    return [t for t in treebank_tokens(sentence.translate(APOSTROPHES)) if t.isalnum() or WORD_CHAR.search(t)]


def reference_sentence_tokens(sentence: str) -> list[str]:
    """`sentence_tokens` through nltk's own `tokenize` (the differential tests' reference)."""
    return [t for t in _TOKENIZER.tokenize(sentence.translate(APOSTROPHES)) if WORD_CHAR.search(t)]
