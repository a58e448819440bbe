"""Differential tests of the terms' fast paths for long texts (issue 19): each against the plain computation.

The plain computations are written out here as they were before the fast paths (one diversity table per
prefix; a regular expression per token; every paragraph located and matched word by word), so the
expected values come from an independent, obviously correct path, never from the code under test.
Inputs: the seed, a mid-size text (five State of the Union addresses joined: about 26,000 tokens)
and fuzzed token streams with a small vocabulary (many MTLD factors, many coincident resets).
"""
from __future__ import annotations

import math
import random
import re
import struct
from collections import Counter

import pandas as pd
import pytest

from helpers import paths, terms, text
from helpers.plots.terms import prefix_sizes
from helpers.terms import concordance, diversity, where
from helpers.terms import dictionary as dictionaries
from helpers.terms.counts import APOSTROPHE_CLASS, is_term, term_of

ADDRESSES = ["1790_george_washington_n.txt", "1862_abraham_lincoln_r.txt", "1941_franklin_d_roosevelt_d.txt",
             "1974_richard_nixon_r.txt", "2021_joseph_r_biden_d.txt"]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


@pytest.fixture(scope="module")
def seed():
    return text.load_document(paths.SEED_PATH)


@pytest.fixture(scope="module")
def addresses():
    return [text.load_document(paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / name) for name in ADDRESSES[:3]]


def mid_size_tokens() -> list[str]:
    """About 26,000 lower-cased word tokens of five addresses, joined (a plain pattern: any tokens do)."""
    joined = "\n".join((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / name).read_text(encoding="utf-8")
                       for name in ADDRESSES)
    return re.findall(r"[a-z']+", joined.lower())


def fuzzed_tokens(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.randint(3, 400))]
    return [rng.choice(vocabulary[: rng.randint(2, len(vocabulary))]) for _ in range(n)]


def assert_prefixes_equal(tokens: list[str], sizes: list[int]):
    fast = diversity.diversity_on_prefixes(tokens, sizes)
    assert fast["prefix"].tolist() == [m for m in sorted(set(sizes)) for _ in diversity.DIVERSITY_MEASURES]
    for m in sorted(set(sizes)):
        plain = diversity.diversity_table(tokens[:m])
        rows = fast[fast["prefix"] == m]
        assert rows["measure"].tolist() == plain["measure"].tolist()
        for name, a, b in zip(plain["measure"], rows["value"], plain["value"]):
            assert bits(a) == bits(b) or (math.isnan(a) and math.isnan(b)), (m, name, a, b)


def test_diversity_on_prefixes_equals_one_table_per_prefix_on_the_seed(seed):
    words = terms.document_words(seed)
    assert_prefixes_equal(words, prefix_sizes(len(words)) + [0, 1, 2, 41, 42, 49, 50, 51, 100])


def test_diversity_on_prefixes_equals_one_table_per_prefix_on_a_mid_size_text():
    words = mid_size_tokens()
    assert len(words) > 25_000
    assert_prefixes_equal(words, prefix_sizes(len(words)) + [len(words) // 2, 777])


@pytest.mark.parametrize("case", range(12))
def test_diversity_on_prefixes_equals_one_table_per_prefix_on_fuzzed_tokens(case):
    tokens = fuzzed_tokens(case, 3_000 + 700 * case)
    rng = random.Random(100 + case)
    assert_prefixes_equal(tokens, prefix_sizes(len(tokens)) + rng.sample(range(len(tokens) + 1), 15))


def test_backward_passes_share_tails_yet_equal_the_plain_pass():
    tokens = fuzzed_tokens(7, 20_000)
    ends = list(range(1, 20_001, 613))
    shared = diversity._backward_factors(tokens, ends, terms.MTLD_THRESHOLD)
    for m in ends:
        assert bits(shared[m]) == bits(diversity.mtld_one_way(tokens[:m][::-1])), m


def test_diversity_figure_data_is_the_plain_prefix_tables(seed):
    from helpers.plots import terms as term_plots

    words = terms.document_words(seed)
    sizes = prefix_sizes(len(words))
    data = term_plots.prefix_diversity(words, sizes)
    whole = diversity.diversity_table(words).set_index("measure")["value"]
    for size in sizes:
        plain = diversity.diversity_table(words[:size]).set_index("measure")["value"]
        rows = data[data["prefix"] == size].set_index("measure")
        for measure in diversity.DIVERSITY_MEASURES:
            assert bits(rows.loc[measure, "value"]) == bits(plain[measure])
            assert bits(rows.loc[measure, "relative"]) == bits(plain[measure] / whole[measure])


# --- where terms fall, concordances, dictionaries: the plain computations ---------------------------------

def plain_token_spans(paragraph, words):
    spans, cursor = [], 0
    for token in words:
        pattern = "".join(APOSTROPHE_CLASS if ch == "'" else re.escape(ch) for ch in token)
        match = re.compile(pattern).search(paragraph, cursor)
        start, end = (match.start(), match.end()) if match else (cursor, cursor)
        spans.append((token, start, end))
        cursor = end
    return spans


def plain_kwic(document, selection, width=40, quotes=False):
    wanted = {t.casefold() for t in selection}
    rows, index = [], 0
    for number, (paragraph, words) in enumerate(zip(document.paragraphs, document.paragraph_words), 1):
        for token, start, end in plain_token_spans(paragraph, words):
            if not is_term(token):
                continue
            index += 1
            if term_of(token) in wanted:
                rows.append({"paragraph": number, "position": index,
                             "left": concordance.clip(paragraph[:start], width, left=True),
                             "keyword": paragraph[start:end], "right": concordance.clip(paragraph[end:], width, left=False)})
                if quotes:
                    rows[-1]["quoted"] = concordance.in_quotation(paragraph, start)
    return pd.DataFrame(rows, columns=["paragraph", "position", "left", "keyword", "right"] + (["quoted"] if quotes else []))


def plain_glob(pattern):
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def plain_matches(dictionary, terms_):
    found = {}
    for name, patterns in dictionary.categories:
        multi = sorted((tuple(plain_glob(part) for part in p.split()) for p in patterns if " " in p), key=len, reverse=True)
        single = [plain_glob(p) for p in patterns if " " not in p]
        spans, i = [], 0
        while i < len(terms_):
            for parts in multi:
                n = len(parts)
                if i + n <= len(terms_) and all(p.fullmatch(terms_[i + k]) for k, p in enumerate(parts)):
                    spans.append((i, n))
                    i += n
                    break
            else:
                if any(g.fullmatch(terms_[i]) for g in single):
                    spans.append((i, 1))
                i += 1
        found[name] = spans
    return found


def plain_positions(document, selection):
    rows, offset = [], 0
    for number, paragraph in enumerate(terms.paragraph_terms(document), 1):
        for index, term in enumerate(paragraph, offset + 1):
            rows.extend({"label": label, "term": term, "position": index, "paragraph": number}
                        for label, group in where.term_sets(selection) if term in group)
        offset += len(paragraph)
    return pd.DataFrame(rows, columns=["label", "term", "position", "paragraph"])


TRICKY = dictionaries.Dictionary("tricky", "", (
    ("war", ("war", "wars", "battle*", "armed forces", "armed", "forces of *", "the united states")),
    ("people", ("people", "americ?n*", "the people")),
    ("none", ("zzzz", "qq* rr")),
    ("phrases only", ("united states", "of the", "the * of")),
))


def test_fast_paths_equal_the_plain_computations(seed, addresses):
    fast_paths_equal_the_plain_computations([seed, addresses[0]])


@pytest.mark.exhaustive  # about 3 s of CPU: .ci/run's exhaustive step
def test_fast_paths_equal_the_plain_computations_on_two_more_addresses(addresses):
    fast_paths_equal_the_plain_computations(addresses[1:])


def fast_paths_equal_the_plain_computations(documents):
    example = dictionaries.load_dictionary(dictionaries.EXAMPLE)
    for document in documents:
        selection = terms.selection(["the", "war", "hamas", "people"], {"terror-": terms.family(document, "terror"),
                                                                      "state-": terms.family(document, "state")})
        for paragraph, words in zip(document.paragraphs, document.paragraph_words):
            assert concordance.token_spans(paragraph, words) == plain_token_spans(paragraph, words)
        for chosen in (["the"], ["war", "peace", "hamas"], terms.family(document, "terror"), ["nothing-like-it"]):
            pd.testing.assert_frame_equal(terms.kwic(document, chosen, quotes=True), plain_kwic(document, chosen, quotes=True))
        pd.testing.assert_frame_equal(terms.kwic(document, ["war"]), plain_kwic(document, ["war"]))
        pd.testing.assert_frame_equal(terms.positions(document, selection), plain_positions(document, selection))
        lengths = [len(p) for p in terms.paragraph_terms(document)]
        assert terms.paragraph_starts(document) == [1 + sum(lengths[:i]) for i in range(len(lengths))]
        for dictionary in (example, TRICKY):
            for paragraph in terms.paragraph_terms(document):
                assert dictionary.matches(paragraph) == plain_matches(dictionary, paragraph)


def test_dictionary_kwic_equals_its_plain_computation(seed, addresses):
    dictionary_kwic_equals_its_plain_computation([seed, addresses[0]])


@pytest.mark.exhaustive  # about 1.5 s of CPU: .ci/run's exhaustive step
def test_dictionary_kwic_equals_its_plain_computation_on_two_more_addresses(addresses):
    dictionary_kwic_equals_its_plain_computation(addresses[1:])


def dictionary_kwic_equals_its_plain_computation(documents):
    for document in documents:
        for dictionary in (dictionaries.load_dictionary(dictionaries.EXAMPLE), TRICKY):
            rows, offset = [], 0
            for number, (paragraph, words) in enumerate(zip(document.paragraphs, document.paragraph_words), 1):
                spans = [(s, e) for token, s, e in plain_token_spans(paragraph, words) if is_term(token)]
                terms_ = [term_of(t) for t in words if is_term(t)]
                found = plain_matches(dictionary, terms_)
                hits = sorted((s, order, c, n) for order, c in enumerate(dictionary.category_names) for s, n in found[c])
                for s, _, c, n in hits:
                    left, right = spans[s][0], spans[s + n - 1][1]
                    rows.append({"paragraph": number, "position": offset + s + 1, "category": c,
                                 "left": concordance.clip(paragraph[:left], 40, left=True), "keyword": paragraph[left:right],
                                 "right": concordance.clip(paragraph[right:], 40, left=False)})
                offset += len(terms_)
            expected = pd.DataFrame(rows, columns=["paragraph", "position", "category", "left", "keyword", "right"])
            pd.testing.assert_frame_equal(dictionaries.dictionary_kwic(document, dictionary), expected)


def test_token_spans_on_fuzzed_tokens():
    rng = random.Random(3)
    pieces = ["war", "war's", "don't", "can’t", "U.S.", "``", "''", "a", "toward", "’s", "'s", "n't", "(", "rock'n'roll"]
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 25))]
        paragraph = " ".join(w.replace("'", rng.choice("'\u2019")) if rng.random() < 0.5 else w for w in words)
        if rng.random() < 0.3:
            paragraph = "towards " + paragraph
        assert concordance.token_spans(paragraph, words) == plain_token_spans(paragraph, words)


def test_plain_match_reference_agrees_with_hand_counts():
    """The reference itself, on a case worked by hand: 'armed forces' counts once, as the longest pattern."""
    found = plain_matches(TRICKY, ["the", "armed", "forces", "of", "the", "united", "states", "war", "americans"])
    assert found["war"] == [(1, 2), (4, 3), (7, 1)]
    assert found["people"] == [(8, 1)]
    assert found["phrases only"] == [(3, 2), (5, 2)]
    assert Counter(n for spans in found.values() for _, n in spans) == Counter({1: 2, 2: 3, 3: 1})


def test_dispersion_bins_count_each_occurrence_in_the_bin_whose_bounds_hold_it():
    from helpers.plots import terms as term_plots

    rng = random.Random(11)
    for total, bins in ((1_000, 7), (999, 400), (400, 400), (123_457, 400), (5, 3)):
        positions = sorted(rng.sample(range(1, total + 1), min(total, 300))) + [1, total]
        data = pd.DataFrame({"label": ["x"] * len(positions), "term": "x", "position": positions, "paragraph": 1})
        table = term_plots.dispersion_bins(data, ["x"], total, bins)
        assert table["bin"].tolist() == list(range(1, bins + 1))
        assert table["start"].iloc[0] == 1 and table["end"].iloc[-1] == total
        assert (table["start"].iloc[1:].to_numpy() == table["end"].iloc[:-1].to_numpy() + 1).all()  # no gap, no overlap
        widths = table["end"] - table["start"] + 1
        assert widths.max() - widths.min() <= 1
        for start, end, count in zip(table["start"], table["end"], table["count"]):
            assert count == sum(start <= p <= end for p in positions)


def test_dispersion_figure_bins_only_above_the_threshold(seed):
    from helpers.plots import terms as term_plots

    assert terms.running_words(seed) < term_plots.BINNED_ABOVE
    _, data = term_plots.dispersion_figure(seed, terms.selection(["hamas"], {}))
    assert list(data.columns) == ["label", "term", "position", "paragraph"]  # one tick per occurrence
    assert 6_467 < term_plots.BINNED_ABOVE  # the 6,467-word address keeps its ticks too


def plain_ngrams(document, n, stop, min_count):
    counts = Counter()
    for words in (s for paragraph in document.sentence_words for s in paragraph):
        sequence = [term_of(t) if re.search(r"[^\W\d_]", t) else None for t in words if t.casefold() not in terms.CLITICS]
        for i in range(len(sequence) - n + 1):
            gram = sequence[i:i + n]
            if None not in gram and gram[0] not in stop and gram[-1] not in stop:
                counts[" ".join(gram)] += 1
    return {g: c for g, c in counts.items() if c >= min_count}


@pytest.mark.parametrize("n, stop, min_count", [(2, terms.STOPWORDS, 2), (3, terms.STOPWORDS, 2), (2, frozenset(), 1),
                                                (4, frozenset({"the"}), 1), (1, terms.STOPWORDS, 1)])
def test_ngrams_equal_the_plain_count(seed, addresses, n, stop, min_count):
    for document in [seed, *addresses]:
        table = terms.ngrams(document, n, stopwords=stop or None, min_count=min_count)
        assert dict(zip(table["ngram"], table["count"])) == plain_ngrams(document, n, stop, min_count)
        assert table["rank"].tolist() == list(range(1, len(table) + 1))


@pytest.mark.parametrize("stop", [terms.STOPWORDS, None, ("the", "don't")])
def test_term_frequencies_kept_per_document_equal_the_plain_count_and_cannot_be_changed_by_a_caller(addresses, stop):
    for document in addresses:
        running = [t for paragraph in terms.paragraph_terms(document) for t in paragraph]
        removed = terms.normalise_stopwords(stop)
        plain = Counter(t for t in running if t not in removed)
        first = terms.term_frequencies(document, stop)
        first.loc[0, "count"] = -1  # a caller changing its copy
        again = terms.term_frequencies(document, stop)
        assert dict(zip(again["term"], again["count"])) == plain
        assert sorted(plain.items(), key=lambda kv: (-kv[1], kv[0])) == list(zip(again["term"], again["count"]))
        assert (again["per_1000"] == again["count"] * 1000 / len(running)).all()


def test_term_paragraph_matrix_equals_counts_per_paragraph(seed, addresses):
    for document in [seed, *addresses]:
        selection = {"the": ["the"], "war": ["war"], "absent-term": ["absent-term"],  # "the" in two rows
                     "terror-": terms.family(document, "terror"), "of/the": ["of", "the"]}
        per_paragraph = [Counter(p) for p in terms.paragraph_terms(document)]
        sets = where.term_sets(selection)
        expected = pd.DataFrame([[sum(c[t] for t in group) for c in per_paragraph] for _, group in sets],
                                index=pd.Index([label for label, _ in sets], name="term"),
                                columns=pd.Index(range(1, len(per_paragraph) + 1), name="paragraph"), dtype=int)
        pd.testing.assert_frame_equal(terms.term_paragraph_matrix(document, selection), expected)
        pd.testing.assert_frame_equal(terms.positions(document, selection), plain_positions(document, selection))


def test_paragraph_terms_are_each_token_made_a_term(seed, addresses):
    for document in [seed, *addresses]:
        expected = [[t.casefold().rstrip(".") for t in words
                     if re.search(r"[^\W\d_]", t) and t.casefold() not in terms.CLITICS] for words in document.paragraph_words]
        assert terms.paragraph_terms(document) == expected


# --- round 4 (issue 19): quotation depth by str.count, spans kept per document, matches in one pass -------

def plain_in_quotation(paragraph, start):
    before = paragraph[:start]
    depth = sum(ch in "\u201c\u00ab" for ch in before) - sum(ch in "\u201d\u00bb" for ch in before)
    return before.count('"') % 2 == 1 or depth > 0


def test_in_quotation_equals_the_character_by_character_count():
    rng = random.Random(7)
    alphabet = ['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "'", "a", " ", "\u2019"]
    for _ in range(400):
        paragraph = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for start in range(len(paragraph) + 1):
            assert concordance.in_quotation(paragraph, start) == plain_in_quotation(paragraph, start)
    assert concordance.in_quotation('He said "war', 10) and not concordance.in_quotation('"war" and', 7)  # by hand


def test_term_spans_kept_per_document_locate_each_term_as_the_plain_spans_do(seed, addresses):
    for document in [seed, addresses[0]]:
        for number, (paragraph, words) in enumerate(zip(document.paragraphs, document.paragraph_words), 1):
            expected = [(s, e) for token, s, e in plain_token_spans(paragraph, words) if is_term(token)]
            assert concordance.term_spans(document, number) == expected
            assert concordance.term_spans(document, number) == expected  # the kept copy
            assert len(expected) == len(terms.paragraph_terms(document)[number - 1])


def test_matches_in_one_pass_equal_the_plain_scan_on_fuzzed_terms():
    rng = random.Random(11)
    vocabulary = ["war", "wars", "battles", "armed", "forces", "of", "the", "united", "states", "people", "american",
                  "americans", "qqx", "rr", "peace", "x"]
    dictionary = dictionaries.Dictionary("fuzz", "", TRICKY.categories + (("again", ("war", "the * of", "x")),))
    for _ in range(600):
        terms_ = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        assert dictionary.matches(terms_) == plain_matches(dictionary, terms_)


def test_positions_of_absent_terms_and_of_no_selection_are_empty_tables_as_before(seed):
    for selection in (["absent-term"], [], {"x-": []}):
        pd.testing.assert_frame_equal(terms.positions(seed, selection), plain_positions(seed, selection))
        pd.testing.assert_frame_equal(terms.term_paragraph_matrix(seed, selection).reset_index(drop=True),
                                      pd.DataFrame([[0] * len(seed.paragraphs)] * len(list(selection)),
                                                   columns=pd.Index(range(1, len(seed.paragraphs) + 1), name="paragraph"),
                                                   dtype=int).reset_index(drop=True))


def plain_sentence_sequences(document):
    return [[term_of(t) if re.search(r"[^\W\d_]", t) else None for t in words if t.casefold() not in terms.CLITICS]
            for paragraph in document.sentence_words for words in paragraph]


def test_sentence_sequences_equal_the_token_by_token_rule(seed, addresses):
    for document in [seed, *addresses]:
        assert terms.sentence_sequences(document) == plain_sentence_sequences(document)
        assert terms.sentence_sequences(document) == plain_sentence_sequences(document)  # the kept copy
    tricky = text.parse_document("Hamas's 23 leaders don't ‘wait’. The U.S. and G7's 1990s: at least 23 Russian soldiers. HAMAS'S LEADERS DON'T WAIT.")
    assert terms.sentence_sequences(tricky) == plain_sentence_sequences(tricky)


def nltk_finder(sequences, min_count, stop):
    from nltk.collocations import BigramCollocationFinder

    finder = BigramCollocationFinder.from_documents(sequences)
    finder.apply_freq_filter(min_count)
    finder.apply_word_filter(lambda w: w in stop)
    return finder


def assert_same_finder(fast, slow):
    assert list(fast.ngram_fd.items()) == list(slow.ngram_fd.items())  # the same counts in the same order
    assert dict(fast.word_fd) == dict(slow.word_fd) and fast.N == slow.N and fast.window_size == slow.window_size
    from helpers.terms.phrases import bigram_log_likelihood, pmi
    for pair in slow.ngram_fd:
        for score in (pmi, bigram_log_likelihood):
            assert outcome(fast.score_ngram, score, pair) == outcome(slow.score_ngram, score, pair)


def outcome(method, score, pair):
    try:
        return repr(method(score, *pair))
    except Exception as error:  # a fuzzed table may have no real logarithm: both must fail alike
        return type(error).__name__


@pytest.mark.parametrize("min_count, stop", [(2, terms.STOPWORDS), (1, frozenset()), (3, frozenset({"the", "of"}))])
def test_bigram_finder_counts_as_nltk_finder_from_documents(seed, addresses, min_count, stop):
    from helpers.terms.phrases import bigram_finder

    for document in [seed, addresses[0]]:
        sequences = plain_sentence_sequences(document)
        assert_same_finder(bigram_finder(sequences, min_count, stop), nltk_finder(sequences, min_count, stop))
    rng = random.Random(5)
    for _ in range(200):  # gaps (None) anywhere, empty and one-word sequences
        sequences = [[rng.choice(["a", "b", "c", "the", None]) for _ in range(rng.randint(0, 8))] for _ in range(rng.randint(0, 6))]
        assert_same_finder(bigram_finder(sequences, min_count, stop), nltk_finder(sequences, min_count, stop))


def test_ngrams_by_integer_keys_equal_the_plain_count_on_fuzzed_texts():
    rng = random.Random(13)
    pieces = ["war", "the", "of", "peace", "23", "Hamas's", "don't", "U.S.", "people", "1990s", "a", "7"]
    for _ in range(60):
        body = "\n\n".join(" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) + "." for _ in range(rng.randint(1, 4)))
        if not re.search(r"[a-z]", body, re.IGNORECASE):
            continue  # no words: not a document
        document = text.parse_document("Title\n\n" + body)
        for n, stop, min_count in [(1, terms.STOPWORDS, 1), (2, terms.STOPWORDS, 1), (3, frozenset(), 1), (2, frozenset({"war"}), 2)]:
            table = terms.ngrams(document, n, stopwords=stop or None, min_count=min_count)
            assert dict(zip(table["ngram"], table["count"])) == plain_ngrams(document, n, stop, min_count)


def test_window_types_kept_for_a_long_text_are_given_only_for_equal_tokens():
    tokens = fuzzed_tokens(17, diversity.REMEMBERED_ABOVE + 500)
    plain = [len(set(tokens[i:i + 5])) for i in range(len(tokens) - 4)]
    assert diversity.window_types(tokens, 5) == plain
    first = diversity.window_types(list(tokens), 5)
    assert first == plain
    first[0] = -1  # a caller changing its list changes nothing kept
    assert diversity.window_types(tokens, 5) == plain
    changed = list(tokens)
    changed[len(tokens) // 2] = "a new type"
    assert diversity.window_types(changed, 5) == [len(set(changed[i:i + 5])) for i in range(len(changed) - 4)]
    assert diversity.window_types(tokens, 6) == [len(set(tokens[i:i + 6])) for i in range(len(tokens) - 5)]
