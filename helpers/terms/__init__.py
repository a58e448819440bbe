"""Terms: what a text talks about, how varied its vocabulary is, what it over-uses, and where.

The compute layer only (no matplotlib; the figures are in `helpers.plots.terms`), split by
concern: `counts` (terms, stopwords, frequency tables), `diversity` (TTR, MATTR, MTLD, HD-D, Yule's K, Maas), `forms`
(stems, word families), `phrases` (n-grams, collocations), `comparison` (keyness: target vs
reference counts; general English from wordfreq), `where` (positions, dispersion),
`concordance` (KWIC),
`dictionary` (your own categories of words and patterns, counted per paragraph; an example in
`dictionaries/example.yaml`).

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
   the PyPI list closest to nltk's 179; read once in `helpers.stopwords`). Each entry is
   tokenised like the text, so "don't" filters "do", and "can't"/"won't" filter the
   fragments "ca"/"wo" the tokeniser makes of them (notebook 03 lists what this adds).
   Pass `stopwords=None` to keep every term, or any iterable of words to use another list.
5. Every ranking is sorted by count (or score) descending, then term ascending: ties are
   broken alphabetically, never by dict or set order.
"""
from .counts import (  # noqa: F401  (the public names: tables.py and the notebooks use them)
    CLITICS, PACKAGE_STOPWORDS, STOPWORDS, is_term, normalise_stopwords, paragraph_terms, running_words,
    term_frequencies, term_of, terms, top_terms,
)
from .diversity import (  # noqa: F401
    DIVERSITY_MEASURES, HDD_DRAWS, MATTR_WINDOW, MTLD_THRESHOLD, diversity_on_prefixes, diversity_table,
    document_diversity, document_words, window_types,
    hdd, maas, mattr, mtld, mtld_one_way, ttr, vocabulary, yulek,
)
from .forms import family, stem_groups, suggested_family_prefix  # noqa: F401
from .dictionary import (  # noqa: F401
    EXAMPLE as EXAMPLE_DICTIONARY, Dictionary, DictionaryError, dictionary_kwic, dictionary_table, load_dictionary,
)
from .comparison import (  # noqa: F401
    Reference, compare_counts, keyness, log_likelihood, log_ratio, reference_frequency, top_key_terms,
)
from .concordance import kwic  # noqa: F401
from .logs import chi2_1df_p  # noqa: F401
from .phrases import collocations, ngrams, sentence_sequences  # noqa: F401
from .where import (  # noqa: F401
    TermSets, dispersion, paragraph_starts, positions, present, selection, term_paragraph_matrix,
)
