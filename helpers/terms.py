"""Terms: what a text talks about, how varied its vocabulary is, what it over-uses, and where.

Rules (each general, none written for the seed):

1. Tokens are `helpers.text.word_tokens` (nltk's Treebank-style tokeniser; curly apostrophes
   made straight, one syntok sentence at a time), so every notebook splits words the same way.
2. A **term** is a token case-folded (`str.casefold`), with a trailing full stop removed
   ("U.S." -> "u.s", as wordfreq spells it), that holds at least one letter and is not
   a clitic. Numbers ("23", "7") are not terms: they say little about vocabulary and the
   reference list stores them by shape, not by value. Tokens mixing letters and digits ("G7",
   "1990s") are terms. The clitics the tokeniser splits off ("'s", "n't", "'re", "'ve", "'ll",
   "'d", "'m") are not terms either: "Hamas's" counts once, as "hamas", and "don't" as "do".
   That also makes our token count match wordfreq's, where "don't" is one token.
3. **Running words** are all terms of the body, stopwords included: the denominator of every
   "per 1,000 words" (so the rate of a term does not change when the stopword list does).
4. **Stopwords** default to the `stop-words` package, version 2018.7.23 (174 English words,
   the PyPI list closest to nltk's 179). Each entry is tokenised like the text, so "don't"
   filters "do", and "can't"/"won't" filter the fragments "ca"/"wo" the tokeniser makes of
   them; `stopword_additions` lists the words this adds. Pass `stopwords=None` to keep every
   term, or any iterable of words to use another list.
5. Every ranking is sorted by count (or score) descending, then term ascending: ties are
   broken alphabetically, never by dict or set order.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from importlib import metadata
from typing import Iterable, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd
import stop_words
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .plots import common as figures
from .text import Document, word_tokens

MAX_PARAGRAPH_LABELS = 20  # figures of a longer text group or thin their paragraph labels
CLITICS = frozenset({"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"})
_LETTER = re.compile(r"[^\W\d_]")  # a letter in any script
_APOSTROPHE_CLASS = "['\u2018\u2019\u02bc]"  # the apostrophes `word_tokens` makes straight


def is_term(token: str) -> bool:
    """True for a token that counts as a term: it holds a letter and is not a clitic."""
    return bool(_LETTER.search(token)) and token.casefold() not in CLITICS


def term_of(token: str) -> str:
    """Return the term a token stands for: case-folded, trailing full stops removed.

    Treebank tokenisation leaves the stop on abbreviations ("U.S." mid-sentence but "U.S"
    at a sentence end); removing it makes both "u.s", as wordfreq spells it too.
    """
    return token.casefold().rstrip(".")


def terms(text: str) -> list[str]:
    """Return the terms of a string in order: word tokens, case-folded, without numbers and clitics."""
    return [term_of(t) for t in word_tokens(text) if is_term(t)]


def paragraph_terms(document: Document) -> list[list[str]]:
    """Return the terms of each body paragraph (title excluded), in order."""
    return [[term_of(t) for t in words if is_term(t)] for words in document.paragraph_words]


def normalise_stopwords(words: Iterable[str] | None) -> frozenset[str]:
    """Return `words` as the terms our tokeniser makes of them (None or empty: no stopwords).

    "don't" becomes {"do"}, "Can’t" {"ca"}: the same rule as for the text, so a stopword
    entry filters exactly what the tokeniser produces from that word.
    """
    if words is None:
        return frozenset()
    if isinstance(words, str):
        raise TypeError("stopwords must be an iterable of words, not one string")
    return frozenset(term_of(t) for word in words for t in word_tokens(word) if is_term(t))


PACKAGE_STOPWORDS: tuple[str, ...] = tuple(stop_words.get_stop_words("en"))
STOPWORDS: frozenset[str] = normalise_stopwords(PACKAGE_STOPWORDS)


def stopword_additions(words: Iterable[str] = PACKAGE_STOPWORDS) -> list[str]:
    """Return the words normalising `words` adds that are not entries themselves, sorted."""
    entries = {w.casefold() for w in words}
    return sorted(normalise_stopwords(words) - entries)


def stopword_source() -> pd.Series:
    """Describe the default stopword list: package, version, entries, filtered terms, additions."""
    return pd.Series(
        {
            "package": "stop-words",
            "version": metadata.version("stop-words"),
            "entries": len(PACKAGE_STOPWORDS),
            "entries with an apostrophe": sum("'" in w or "\u2019" in w for w in PACKAGE_STOPWORDS),
            "terms filtered": len(STOPWORDS),
            "added by tokenising the entries": ", ".join(stopword_additions()),
        },
        name="default stopwords",
    )


def _ranked(counts: Mapping[str, int], denominator: int, column: str = "term") -> pd.DataFrame:
    """Return counts as a table: COLUMN, count, per_1000, rank; count descending, then COLUMN ascending."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    table = pd.DataFrame(rows, columns=[column, "count"]).astype({column: object, "count": int})
    table["per_1000"] = table["count"] * 1000 / denominator if denominator else np.nan
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def term_frequencies(document: Document, stopwords: Iterable[str] | None = STOPWORDS) -> pd.DataFrame:
    """Return one row per term of the body: term, count, per_1000, rank.

    Stopwords are removed by default (`stopwords=None` keeps every term); per_1000 is per
    1,000 running words (all terms, stopwords included). Sorted by count descending, then
    term ascending; rank is the 1-based row number after that sort.
    """
    running = [t for paragraph in paragraph_terms(document) for t in paragraph]
    stop = normalise_stopwords(stopwords)
    return _ranked(Counter(t for t in running if t not in stop), len(running))


# --- Vocabulary diversity ------------------------------------------------------------------

def mtld_one_way(tokens: Sequence[str], threshold: float = 0.72) -> float:
    """Return the number of factors of one MTLD pass (McCarthy & Jarvis 2010).

    A factor ends when the running type-token ratio of the current stretch falls to
    `threshold` or below; the stretch left at the end adds the partial factor
    (1 - TTR) / (1 - threshold).
    """
    factors, types, length, ttr = 0.0, set(), 0, 1.0
    for token in tokens:
        types.add(token)
        length += 1
        ttr = len(types) / length
        if ttr <= threshold:
            factors, types, length, ttr = factors + 1, set(), 0, 1.0
    if length:
        factors += (1 - ttr) / (1 - threshold)
    return factors


def mtld(tokens: Sequence[str], threshold: float = 0.72) -> float:
    """Return MTLD, the measure of textual lexical diversity (McCarthy & Jarvis 2010).

    Written here because no installed library computes it. It is the mean of a forward and
    a backward pass, each N / factors; higher means more varied vocabulary, and unlike the
    type-token ratio it hardly depends on text length for texts of 100+ words. NaN when a
    pass has no factor at all (every token distinct: the measure is not defined).
    """
    passes = [mtld_one_way(tokens, threshold), mtld_one_way(tokens[::-1], threshold)]
    if not tokens or min(passes) == 0:
        return math.nan
    return float(np.mean([len(tokens) / f for f in passes]))


def vocabulary(document: Document) -> pd.Series:
    """Return the vocabulary summary of the body.

    word tokens (as counted everywhere in the project), clitics and numbers among them,
    running words (the terms), types, hapax legomena (terms occurring once), type-token
    ratio and MTLD, all on running words with stopwords included.
    """
    tokens = document.words
    running = [t for paragraph in paragraph_terms(document) for t in paragraph]
    counts = Counter(running)
    return pd.Series(
        {
            "word tokens": len(tokens),
            "clitics (not terms)": sum(t.casefold() in CLITICS for t in tokens),
            "numbers (not terms)": sum(not _LETTER.search(t) for t in tokens),
            "running words": len(running),
            "types": len(counts),
            "hapax legomena": sum(c == 1 for c in counts.values()),
            "type-token ratio": len(counts) / len(running) if running else math.nan,
            "MTLD": mtld(running),
        },
        name="body",
        dtype=object,
    )


# --- Grouped forms -------------------------------------------------------------------------

def stem_groups(document: Document, stopwords: Iterable[str] | None = STOPWORDS, stemmer=None) -> pd.DataFrame:
    """Return one row per stem: stem, head, count, per_1000, rank, forms, n_forms.

    `stemmer` is any object with `.stem(word)` (default nltk's Snowball English stemmer,
    which needs no downloaded data). `head` is the group's most frequent form (ties:
    alphabetical), a readable label for stems like "diplomaci"; `forms` lists each member
    form with its count, most frequent first.
    """
    if stemmer is None:
        from nltk.stem import SnowballStemmer

        stemmer = SnowballStemmer("english")
    table = term_frequencies(document, stopwords)
    table["stem"] = [stemmer.stem(t) for t in table["term"]]
    grouped = _ranked(table.groupby("stem")["count"].sum().to_dict(), _running_words(document), "stem")
    members = {stem: group for stem, group in table.groupby("stem")}  # table order: count desc, term asc
    grouped.insert(1, "head", [members[s]["term"].iloc[0] for s in grouped["stem"]])
    grouped["forms"] = [", ".join(f"{t} ({c})" for t, c in zip(members[s]["term"], members[s]["count"]))
                        for s in grouped["stem"]]
    grouped["n_forms"] = [len(members[s]) for s in grouped["stem"]]
    return grouped


def family(document: Document, prefix: str) -> list[str]:
    """Return the terms of the body that start with `prefix` (case-folded), sorted.

    A transparent way to gather a word family a stemmer splits (Snowball gives "terror"
    for terror/terrorism but "terrorist" for terrorist/terrorists).
    """
    prefix = prefix.casefold()
    return sorted({t for paragraph in paragraph_terms(document) for t in paragraph if t.startswith(prefix)})


def _running_words(document: Document) -> int:
    return sum(len(p) for p in paragraph_terms(document))


# --- N-grams and collocations -----------------------------------------------------------------

def sentence_sequences(document: Document) -> list[list[str | None]]:
    """Return the terms of each body sentence, with None where a number stood.

    N-grams never cross a sentence boundary or a number: "at least 23 Russian" gives no
    "least russian". Clitics are dropped without a gap, so "Hamas's leaders" gives
    "hamas leaders".
    """
    sequences = []
    for words in (s for paragraph in document.sentence_words for s in paragraph):
        tokens = [t for t in words if t.casefold() not in CLITICS]
        sequences.append([term_of(t) if _LETTER.search(t) else None for t in tokens])
    return sequences


def ngrams(document: Document, n: int = 2, stopwords: Iterable[str] | None = STOPWORDS,
           min_count: int = 2) -> pd.DataFrame:
    """Return n-grams of terms seen at least `min_count` times: ngram, count, per_1000, rank.

    N-grams stay inside a sentence. With stopwords, an n-gram that begins or ends with one
    is dropped ("of the" goes, "president of russia" stays). per_1000 is per 1,000 running words.
    """
    stop = normalise_stopwords(stopwords)
    counts: Counter[str] = Counter()
    for sequence in sentence_sequences(document):
        for i in range(len(sequence) - n + 1):
            gram = sequence[i:i + n]
            if None not in gram and gram[0] not in stop and gram[-1] not in stop:
                counts[" ".join(gram)] += 1
    kept = {g: c for g, c in counts.items() if c >= min_count}
    return _ranked(kept, _running_words(document), "ngram")


def chi2_1df_p(statistic: float) -> float:
    """Return the upper-tail p-value of a chi-square statistic with 1 degree of freedom.

    Exact: a chi-square variable with 1 df is Z squared, so P(X > x) = erfc(sqrt(x / 2)).
    """
    return math.erfc(math.sqrt(max(statistic, 0.0) / 2))


def collocations(document: Document, stopwords: Iterable[str] | None = STOPWORDS,
                 min_count: int = 2) -> pd.DataFrame:
    """Return adjacent-term bigrams seen at least `min_count` times, with association measures.

    Columns: bigram, count, pmi (pointwise mutual information, bits; Church & Hanks 1990),
    log_likelihood (G2 of the 2x2 table; Dunning 1993), p (chi-square, 1 df), rank. nltk
    computes both measures; bigrams stay inside a sentence; a bigram holding a stopword is
    dropped (marginal counts still include every term). Sorted by log_likelihood, then bigram.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    finder = BigramCollocationFinder.from_documents(sentence_sequences(document))
    finder.apply_freq_filter(min_count)
    stop = normalise_stopwords(stopwords)
    finder.apply_word_filter(lambda w: w in stop)
    measures = BigramAssocMeasures()
    rows = [
        {
            "bigram": f"{w1} {w2}",
            "count": int(finder.ngram_fd[(w1, w2)]),
            "pmi": finder.score_ngram(measures.pmi, w1, w2),
            "log_likelihood": finder.score_ngram(measures.likelihood_ratio, w1, w2),
        }
        for w1, w2 in finder.ngram_fd
    ]
    table = pd.DataFrame(rows, columns=["bigram", "count", "pmi", "log_likelihood"])
    table["p"] = [chi2_1df_p(g) for g in table["log_likelihood"]]
    table = table.sort_values(["log_likelihood", "bigram"], ascending=[False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


# --- Keyness against general English ----------------------------------------------------------

class Reference(NamedTuple):
    """How wordfreq's English frequencies become a reference corpus for keyness."""

    language: str = "en"
    # wordfreq gives proportions, not counts. Its 'large' list holds words seen at least once
    # per 100 million words, so we take it as a corpus of 1e8 words: the rarest listed word
    # then counts about 1. (G2 barely moves with this size; the notebook shows 1e9 too.)
    size: float = 1e8
    # An unlisted word (frequency 0) is given 0.5 occurrences: Hardie's (2014) adjustment
    # for zero counts, and half of the rarest listed word's count.
    zero_count: float = 0.5
    alpha: float = 0.05  # family-wise error rate, Bonferroni-corrected over the terms tested
    min_count: int = 3  # a key term must occur at least this often in the text


def reference_frequency(term: str, language: str = "en") -> float:
    """Return wordfreq's frequency of `term` (a proportion of tokens; 0 if unlisted).

    wordfreq keeps clitics on their word ("hamas's" is one wordfreq token) while our terms
    count "Hamas's" as "hamas", so the frequencies of TERM+clitic forms listed as one
    token ("hamas's", "don't" for "do") are added to TERM's own.
    """
    import wordfreq

    listed = wordfreq.get_frequency_dict(language)  # cached by wordfreq; the keys are its tokens
    forms = [term] + [term + c for c in sorted(CLITICS) if term + c in listed]
    return sum(wordfreq.word_frequency(form, language) for form in forms)


def log_likelihood(a: float, b: float, n1: float, n2: float) -> float:
    """Return the keyness log-likelihood G2 of Rayson & Garside (2000).

    a, b: the term's counts in the text and the reference; n1, n2: their sizes.
    G2 = 2 * (a ln(a/E1) + b ln(b/E2)), with E1 = n1 (a+b)/(n1+n2), E2 = n2 (a+b)/(n1+n2);
    a zero count contributes 0 (the limit of x ln x).
    """
    e1, e2 = n1 * (a + b) / (n1 + n2), n2 * (a + b) / (n1 + n2)
    return 2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o > 0)


def log_ratio(a: float, b: float, n1: float, n2: float) -> float:
    """Return Hardie's (2014) Log Ratio: log2 of the ratio of relative frequencies.

    +1 means twice as frequent in the text as in the reference, -1 half as frequent.
    Zero counts must be adjusted by the caller (we use 0.5, as Hardie suggests).
    """
    return math.log2((a / n1) / (b / n2))


def keyness(document: Document, stopwords: Iterable[str] | None = None,
            reference: Reference = Reference()) -> pd.DataFrame:
    """Return every term of the body tested against general English (wordfreq).

    Columns: term, count, per_1000, reference_per_1000, log_ratio (Hardie 2014, effect size),
    log_likelihood (G2, Rayson & Garside 2000), p (chi-square, 1 df), key (p below the
    Bonferroni-corrected alpha, count >= min_count and over-used), rank. Sorted by key first,
    then log_ratio descending, then term: Hardie's advice, filter by significance, rank by
    effect size. Stopwords are kept by default (the reference includes them).
    """
    table = term_frequencies(document, stopwords)
    n1 = _running_words(document)
    frequency = np.array([reference_frequency(t, reference.language) for t in table["term"]])
    b = np.where(frequency > 0, frequency * reference.size, reference.zero_count)
    table["reference_per_1000"] = b * 1000 / reference.size
    table["log_ratio"] = [log_ratio(a, r, n1, reference.size) for a, r in zip(table["count"], b)]
    table["log_likelihood"] = [log_likelihood(a, r, n1, reference.size) for a, r in zip(table["count"], b)]
    table["p"] = [chi2_1df_p(g) for g in table["log_likelihood"]]
    cutoff = reference.alpha / max(len(table), 1)
    table["key"] = (table["p"] < cutoff) & (table["count"] >= reference.min_count) & (table["log_ratio"] > 0)
    table = table.drop(columns="rank").sort_values(
        ["key", "log_ratio", "term"], ascending=[False, False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


def top_key_terms(table: pd.DataFrame, n: int = 8) -> list[str]:
    """Return the `n` key terms of a `keyness` table with the largest G2 (ties: alphabetical)."""
    key = table[table["key"]].sort_values(["log_likelihood", "term"], ascending=[False, True], kind="mergesort")
    return key["term"].head(n).tolist()


def reference_size_check(document: Document, selected: Sequence[str],
                         sizes: Sequence[float] = (1e8, 1e9)) -> pd.DataFrame:
    """Return G2 and Log Ratio of the `selected` terms under each assumed reference size.

    wordfreq gives no corpus size, so this shows how much the assumption matters.
    """
    columns = {}
    for size in sizes:
        table = keyness(document, reference=Reference(size=size)).set_index("term").loc[list(selected)]
        columns[f"G2, N_ref={size:.0e}"] = table["log_likelihood"]
        columns[f"log ratio, N_ref={size:.0e}"] = table["log_ratio"]
    return pd.DataFrame(columns).rename_axis("term").reset_index()


# --- Where terms fall ----------------------------------------------------------------------

TermSets = Sequence[str] | Mapping[str, Iterable[str]]


def _term_sets(selection: TermSets) -> list[tuple[str, frozenset[str]]]:
    """Return (label, terms) pairs: a plain term is its own label; a mapping names families."""
    if isinstance(selection, Mapping):
        return [(label, frozenset(t.casefold() for t in group)) for label, group in selection.items()]
    return [(t, frozenset({t.casefold()})) for t in selection]


def selection(plain: Sequence[str], families: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """Return {label: terms} for the figures: each plain term alone, then each family.

    A plain term that belongs to a family is left out, so no occurrence is drawn twice.
    """
    families = {label: sorted(group) for label, group in (families or {}).items()}
    in_family = {t for group in families.values() for t in group}
    return {t: [t] for t in plain if t not in in_family} | families


def positions(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return every occurrence of the selected terms: label, term, position, paragraph.

    position is the 1-based index among the body's running words; paragraph is 1-based.
    A mapping {label: terms} gathers a family under one label.
    """
    rows, offset = [], 0
    for number, paragraph in enumerate(paragraph_terms(document), 1):
        for index, term in enumerate(paragraph, offset + 1):
            rows.extend({"label": label, "term": term, "position": index, "paragraph": number}
                        for label, group in _term_sets(selection) if term in group)
        offset += len(paragraph)
    return pd.DataFrame(rows, columns=["label", "term", "position", "paragraph"])


def paragraph_starts(document: Document) -> list[int]:
    """Return the running-word position (1-based) at which each body paragraph starts."""
    lengths = [len(p) for p in paragraph_terms(document)]
    return [1 + sum(lengths[:i]) for i in range(len(lengths))]


def term_paragraph_matrix(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return counts of the selected terms (rows, in the given order) by body paragraph (columns 1..n)."""
    per_paragraph = [Counter(p) for p in paragraph_terms(document)]
    sets = _term_sets(selection)
    data = [[sum(counts[t] for t in group) for counts in per_paragraph] for _, group in sets]
    return pd.DataFrame(data, index=pd.Index([label for label, _ in sets], name="term"),
                        columns=pd.Index(range(1, len(per_paragraph) + 1), name="paragraph"), dtype=int)


def present(document: Document, selection: TermSets) -> dict[str, frozenset[str]]:
    """Return {label: terms} of the selected terms or families that occur in the body at least once.

    A figure or table row with a count of 0 (a word family the text does not have) says
    nothing and reads like a finding, so the dispersion figure and table leave it out.
    """
    counts = Counter(t for paragraph in paragraph_terms(document) for t in paragraph)
    return {label: group for label, group in _term_sets(selection) if any(counts[t] for t in group)}


def dispersion(document: Document, selection: TermSets) -> pd.DataFrame:
    """Return how evenly each selected term spreads over the paragraphs.

    Columns: term, count, paragraphs (how many hold it), dp and dp_norm. DP is Gries's (2008)
    deviation of proportions, 0.5 * sum |v_i/f - s_i| (v_i the term's count in paragraph i,
    f its total, s_i the paragraph's share of running words): 0 when the term is spread in
    proportion to paragraph length, near 1 when bunched in one place. dp_norm divides by
    1 - min(s_i) so the maximum is 1 (Lijffijt & Gries 2012); it is NaN for a text of one
    paragraph, where that maximum is 0 and evenness means nothing. Terms (or families) that
    do not occur are left out (see `present`).
    """
    matrix = term_paragraph_matrix(document, present(document, selection))
    sizes = np.array([len(p) for p in paragraph_terms(document)], dtype=float)
    rows = []
    if len(matrix):  # a selected term occurs, so the body has running words to share out
        shares = sizes / sizes.sum()
        room = 1 - shares.min()  # the largest DP possible; 0 with one paragraph
        for label, counts in matrix.iterrows():
            dp = float(0.5 * np.abs(counts.to_numpy() / counts.sum() - shares).sum())
            rows.append({"term": label, "count": int(counts.sum()), "paragraphs": int((counts > 0).sum()),
                         "dp": dp, "dp_norm": dp / room if room > 0 else math.nan})
    return pd.DataFrame(rows, columns=["term", "count", "paragraphs", "dp", "dp_norm"])


def kwic(document: Document, selection: Iterable[str], width: int = 40) -> pd.DataFrame:
    """Return a keyword-in-context concordance: paragraph, position, left, keyword, right.

    Every occurrence of the selected terms, with up to `width` characters of the paragraph's
    own text (punctuation and case kept, cut at a space, "…" where cut) on either side.
    position is the running-word index, as in `positions`.
    """
    wanted = {t.casefold() for t in selection}
    rows, index = [], 0
    for number, (paragraph, words) in enumerate(zip(document.paragraphs, document.paragraph_words), 1):
        for token, start, end in _token_spans(paragraph, words):
            if not is_term(token):
                continue
            index += 1
            if term_of(token) in wanted:
                rows.append({"paragraph": number, "position": index,
                             "left": _clip(paragraph[:start], width, left=True),
                             "keyword": paragraph[start:end],
                             "right": _clip(paragraph[end:], width, left=False)})
    return pd.DataFrame(rows, columns=["paragraph", "position", "left", "keyword", "right"])


def _token_spans(paragraph: str, words: Sequence[str]) -> list[tuple[str, int, int]]:
    """Return (token, start, end) for each of a paragraph's word tokens `words`, located in order.

    The tokeniser returns substrings of the text, except that curly apostrophes became
    straight ones, so each token is searched from where the previous one ended with any
    apostrophe matching any apostrophe. (A token not found keeps the previous end as an
    empty span, so positions still count it.)
    """
    spans, cursor = [], 0
    for token in words:
        pattern = "".join(_APOSTROPHE_CLASS if ch == "'" else re.escape(ch) for ch in token)
        match = re.compile(pattern).search(paragraph, cursor)
        start, end = (match.start(), match.end()) if match else (cursor, cursor)
        spans.append((token, start, end))
        cursor = end
    return spans


def _clip(context: str, width: int, left: bool) -> str:
    """Return at most `width` characters of `context` on the keyword's side, cut at a space."""
    context = " ".join(context.split())
    if len(context) <= width:
        return context
    if left:
        cut = context[-width:]
        return "…" + (cut[cut.find(" ") + 1:] if context[-width - 1] != " " and " " in cut else cut)
    cut = context[:width]
    return (cut[:cut.rfind(" ")] if context[width] != " " and " " in cut else cut) + "…"


# --- Figures -------------------------------------------------------------------------------

def top_terms(table: pd.DataFrame, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Return the first `n` rows of a `term_frequencies` table among terms seen `min_count`+ times.

    On a short text the top `n` run into terms seen once, which tie and so come in
    alphabetical order: an arbitrary pick, not a finding. They are left out, unless fewer
    than 2 terms reach `min_count` (then the top `n`, so a very short text still shows some).
    """
    frequent = table[table["count"] >= min_count]
    return (frequent if len(frequent) >= 2 else table).head(n)


def top_terms_figure(table: pd.DataFrame, n: int = 20, min_count: int = 2) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars of the `n` most frequent terms of a `term_frequencies` table.

    Only terms seen at least `min_count` times are drawn (see `top_terms`). Bars are counts
    (bottom axis) and the top axis gives the same scale per 1,000 words.
    Returns (figure, the plotted rows: term, count, per_1000, rank).
    """
    data = top_terms(table, n, min_count)[["term", "count", "per_1000", "rank"]].reset_index(drop=True)
    with figures.style():
        fig, ax = figures.new_figure("single", 0.6 + 0.14 * max(len(data), 1))
        ax.barh(data["rank"], data["count"], color=figures.OKABE_ITO[0], height=0.7)
        ax.set_yticks(data["rank"], data["term"])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Occurrences in the body (count)")
        if len(data):
            scale = data["per_1000"].iloc[0] / data["count"].iloc[0]
            top = ax.secondary_xaxis("top", functions=(lambda x: x * scale, lambda x: x / scale))
            top.set_xlabel("Per 1,000 running words")
    return fig, data


def keyness_figure(table: pd.DataFrame, n: int = 15) -> tuple[Figure, pd.DataFrame]:
    """Bars of Log Ratio for the `n` top key terms of a `keyness` table (key rows only).

    Each bar is labelled with the term's count in the text. Returns (figure, plotted rows).
    """
    columns = ["term", "count", "per_1000", "reference_per_1000", "log_ratio", "log_likelihood", "p"]
    data = table[table["key"]].head(n)[columns].reset_index(drop=True)
    with figures.style():
        fig, ax = figures.new_figure("single", 0.7 + 0.16 * max(len(data), 1))
        y = np.arange(len(data))
        ax.barh(y, data["log_ratio"], color=figures.POSITIVE, height=0.7)
        for yi, (lr, count) in enumerate(zip(data["log_ratio"], data["count"])):
            ax.text(lr, yi, f" {count}", va="center", ha="left", fontsize=6.5, color="#333333")
        ax.set_yticks(y, data["term"])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, (data["log_ratio"].max() if len(data) else 1) * 1.12)
        ax.set_xlabel("Log Ratio vs general English\n(log$_2$ of the ratio of relative frequencies)")
    return fig, data


def dispersion_figure(document: Document, selection: TermSets) -> tuple[Figure, pd.DataFrame]:
    """An x-ray plot: one row per selected term (or family), a tick at each occurrence.

    x is the running-word position in the body; dotted lines mark where paragraphs start,
    labelled P1, P2, ... on the top axis; the number at the right of a row is its count.
    A selected term or family that does not occur gets no row (see `present`).
    Returns (figure, `positions` table).
    """
    selection = present(document, selection)
    data = positions(document, selection)
    labels = list(selection)
    starts, total = paragraph_starts(document), _running_words(document)
    with figures.style():
        fig, ax = figures.new_figure("double", 0.8 + 0.22 * max(len(labels), 1))
        for row, label in enumerate(labels):
            x = data.loc[data["label"] == label, "position"]
            ax.vlines(x, row - 0.35, row + 0.35, color=figures.OKABE_ITO[0], linewidth=1.0)
            ax.text(1.005, row, f"{len(x)}", transform=ax.get_yaxis_transform(), va="center", fontsize=6.5)
        # Paragraph boundaries behind the ticks, so an occurrence on a boundary stays visible;
        # a long text gets every step-th boundary only, so lines and labels stay readable.
        step = max(1, math.ceil(len(starts) / MAX_PARAGRAPH_LABELS))
        for start in starts[::step]:
            ax.axvline(start - 0.5, color="#bbbbbb", linewidth=0.6, linestyle=":", zorder=0.5)
        ax.text(1.005, 1.0, "count", transform=ax.transAxes, va="bottom", fontsize=6.5)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)
        ax.set_xlim(0.5, total + 0.5)
        ax.grid(False)
        ax.set_xlabel("Position in the body (running words)")
        top = ax.secondary_xaxis("top")
        if step == 1:
            ends = starts[1:] + [total + 1]
            top.set_xticks([(s + e - 1) / 2 for s, e in zip(starts, ends)], [f"P{i}" for i in range(1, len(starts) + 1)])
        else:
            top.set_xticks([s - 0.5 for s in starts[::step]], [f"P{i}" for i in range(1, len(starts) + 1, step)])
        top.tick_params(length=0)
    return fig, data


def heatmap_figure(matrix: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """A term x paragraph heatmap of counts (a `term_paragraph_matrix`), each cell labelled.

    A text of more than `MAX_PARAGRAPH_LABELS` paragraphs is shown in that many groups of
    consecutive paragraphs (column "P1–50": the counts of paragraphs 1 to 50 added up).
    Returns (figure, the counts in long form: term, paragraph, count).
    """
    matrix = _grouped_paragraphs(matrix, MAX_PARAGRAPH_LABELS)
    data = matrix.stack().rename("count").reset_index()
    with figures.style():
        fig, ax = figures.new_figure("single", 0.9 + 0.17 * max(len(matrix), 1))
        values = matrix.to_numpy()
        top = max(values.max(initial=0), 1)
        # pcolormesh draws vector cells: smaller and faster to save as PDF/SVG than an image
        mesh = ax.pcolormesh(values.reshape(len(matrix), matrix.shape[1]), cmap="Blues", vmin=0, vmax=top,
                             edgecolors="white", linewidth=0.5)
        for (i, j), value in np.ndenumerate(values):
            if value:
                ax.text(j + 0.5, i + 0.5, str(value), ha="center", va="center", fontsize=6,
                        color="white" if value > 0.6 * top else "#222222")
        ax.set_ylim(max(len(matrix), 1), 0)
        # Grouped columns ("P1–4") are strings: upright they would run into each other.
        ax.set_xticks(np.arange(matrix.shape[1]) + 0.5, [f"P{c}" for c in matrix.columns],
                      rotation=0 if pd.api.types.is_integer_dtype(matrix.columns) else 90)
        ax.set_yticks(np.arange(matrix.shape[0]) + 0.5, matrix.index)
        ax.tick_params(length=0)
        ax.grid(False)
        ax.spines[:].set_visible(False)
        ax.set_xlabel("Body paragraph")
        bar = fig.colorbar(mesh, ax=ax, label="Count", shrink=0.8, aspect=25)
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    return fig, data


def _grouped_paragraphs(matrix: pd.DataFrame, max_columns: int) -> pd.DataFrame:
    """Return `matrix` (term x paragraph) with at most `max_columns` columns: consecutive
    paragraphs added up into near-equal groups named "first–last" (a group of one keeps its own
    number); unchanged if already narrow."""
    if matrix.shape[1] <= max_columns:
        return matrix
    groups = np.array_split(np.arange(matrix.shape[1]), max_columns)
    names = [f"{matrix.columns[g[0]]}" + (f"\u2013{matrix.columns[g[-1]]}" if len(g) > 1 else "") for g in groups]
    columns = {name: matrix.iloc[:, g].sum(axis=1) for name, g in zip(names, groups)}
    return pd.DataFrame(columns).rename_axis(columns=matrix.columns.name)
