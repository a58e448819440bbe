"""Terms: counts on hand-made texts, the seed's counts checked independently, keyness, MTLD, figures."""
from __future__ import annotations

import math
import re
import socket

import matplotlib
import mpmath
import pytest
import stop_words
import wordfreq
from matplotlib.figure import Figure

from helpers import paths, stopwords, terms, text
from helpers.plots import labels
from helpers.terms import logs
from helpers.plots import terms as term_plots


def doc(*paragraphs: str) -> text.Document:
    """A Document from hand-written body paragraphs (no title)."""
    return text.Document(name="hand.txt", sha256="0" * 64, title=None, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def seed_keyness(seed):
    return terms.keyness(seed)


# --- The seed: counts agree with an independent whole-word count -------------------------------

@pytest.mark.parametrize("word, expected", [("hamas", 16), ("russia", 10), ("moscow", 10), ("israel", 5), ("iran", 4)])
def test_seed_counts_equal_case_insensitive_whole_word_count(seed, word, expected):
    independent = len(re.findall(rf"\b{word}\b", seed.body, flags=re.IGNORECASE))
    counts = terms.term_frequencies(seed).set_index("term")["count"]
    assert independent == expected
    assert counts[word] == independent


def test_seed_terror_family_and_running_words(seed):
    assert terms.family(seed, "terror") == ["terror", "terrorism", "terrorist", "terrorists"]
    body = seed.body
    # independent: whole words starting with "terror", and every word token that is not a number
    assert sum(terms.term_frequencies(seed).set_index("term")["count"][terms.family(seed, "terror")]) == len(
        re.findall(r"\bterror\w*", body, flags=re.IGNORECASE))
    tokens = text.word_tokens(body)
    assert terms.vocabulary(seed)["running words"] == len([t for t in tokens if re.search(r"[A-Za-z]", t)])


# --- Terms and stopwords ------------------------------------------------------------------------

def test_terms_rules_clitics_numbers_case_and_trailing_stop():
    # "Hamas's" -> hamas ('s dropped); "don't" -> do (n't dropped); 23 dropped; G7 kept; U.S. -> u.s
    assert terms.terms("Hamas's leaders don't count 23 votes. The G7 met the U.S. team in Moscow.") == [
        "hamas", "leaders", "do", "count", "votes", "the", "g7", "met", "the", "u.s", "team", "in", "moscow"]


def test_curly_and_straight_apostrophes_give_the_same_terms():
    straight = terms.terms("Russia's ally can't say it's 'fine'.")
    assert terms.terms("Russia’s ally can’t say it’s ‘fine’.") == straight
    assert terms.terms("Russia\u02bcs ally can\u02bct say it\u02bcs \u2018fine\u2019.") == straight
    assert straight == ["russia", "ally", "ca", "say", "it", "fine"]


def test_sentence_final_words_lose_their_full_stop():
    # a paragraph of three sentences: each final word must count as the bare word
    assert terms.paragraph_terms(doc("I met Moscow. Moscow met Iran. Iran met Moscow.")) == [
        ["i", "met", "moscow", "moscow", "met", "iran", "iran", "met", "moscow"]]


def test_stopword_list_is_the_pinned_package_normalised():
    package = stop_words.get_stop_words("en")
    assert len(package) == 174 and terms.PACKAGE_STOPWORDS == tuple(package)
    assert "don't" in package and not any("\u2019" in w for w in package)  # straight forms only
    # each entry tokenised like the text: don't -> do, can't -> ca, won't -> wo, cannot -> can + not
    assert {"do", "ca", "wo", "can", "not"} <= terms.STOPWORDS
    assert not any("'" in w for w in terms.STOPWORDS)
    assert {"sha", "let", "must"} <= terms.STOPWORDS  # from "shan't", "let's", "mustn't"
    assert terms.normalise_stopwords(["Don’t", "THE"]) == {"do", "the"}


def test_term_frequencies_hand_counts_and_contract():
    d = doc("The cat sat. The cat ran!", "A dog saw the cat.")
    # running words: the cat sat the cat ran | a dog saw the cat = 6 + 5 = 11
    every = terms.term_frequencies(d, stopwords=None)
    assert list(every.columns[:4]) == ["term", "count", "per_1000", "rank"]
    assert list(zip(every["term"], every["count"])) == [
        ("cat", 3), ("the", 3), ("a", 1), ("dog", 1), ("ran", 1), ("sat", 1), ("saw", 1)]
    assert every["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert every["per_1000"].iloc[0] == pytest.approx(3 * 1000 / 11)
    default = terms.term_frequencies(d)  # "the" and "a" are stopwords; the denominator stays 11
    assert default["term"].tolist() == ["cat", "dog", "ran", "sat", "saw"]
    assert default["per_1000"].tolist() == pytest.approx([3000 / 11] + [1000 / 11] * 4)
    assert terms.term_frequencies(d, stopwords=[]).equals(every)
    custom = terms.term_frequencies(d, stopwords=["cat", "The"])
    assert custom["term"].tolist() == ["a", "dog", "ran", "sat", "saw"]


def test_ties_are_alphabetical_whatever_the_order_of_appearance():
    for sample in ("b a c b a c", "c c b a b a", "a b c c b a"):
        table = terms.term_frequencies(doc(sample), stopwords=None)
        assert table["term"].tolist() == ["a", "b", "c"]
        assert table["rank"].tolist() == [1, 2, 3]


# --- Diversity ----------------------------------------------------------------------------------

def test_mtld_hand_worked_examples():
    # a b a b a b a b: TTR hits 2/3 <= 0.72 at the 3rd and 6th token -> 2 factors, the rest
    # (a b, TTR 1) adds (1-1)/0.28 = 0; 8/2 = 4 both ways
    assert terms.mtld(list("abababab")) == pytest.approx(4.0)
    # a b c a: TTR 1, 1, 1, 3/4 = 0.75 (above 0.72) -> partial (1-0.75)/0.28 = 0.892857; 4/0.892857 = 4.48
    assert terms.mtld(list("abca")) == pytest.approx(4.48)
    # a a b c: forward, a a (TTR 1/2) is one factor, b c partial 0 -> 4/1 = 4;
    # backward c b a a: TTR 3/4 -> 4.48; MTLD is the mean, 4.24
    assert terms.mtld_one_way(list("aabc")) == pytest.approx(1.0)
    assert terms.mtld(list("aabc")) == pytest.approx((4 + 4.48) / 2)
    # every token distinct: no factor in either pass; lexicalrichness's convention (which mtld
    # follows) counts the whole text as one factor, so MTLD = N = 4
    assert terms.mtld(list("abcd")) == 4.0
    assert math.isnan(terms.mtld([]))


def test_vocabulary_hand_counts():
    v = terms.vocabulary(doc("The cat sat on 2 mats. The cat's mat."))
    # tokens: The cat sat on 2 mats The cat 's mat = 10; numbers 1; clitics 1
    # running words: the cat sat on mats the cat mat = 8; types 6; hapax: sat on mats mat = 4
    assert (v["word tokens"], v["numbers (not terms)"], v["clitics (not terms)"]) == (10, 1, 1)
    assert (v["running words"], v["types"], v["hapax legomena"]) == (8, 6, 4)
    assert v["type-token ratio"] == pytest.approx(6 / 8)


# --- Stems --------------------------------------------------------------------------------------

def test_stem_groups_show_members_sorted():
    d = doc("Terrorists and terrorists. A terrorist. Terrorism, terror.")
    groups = terms.stem_groups(d).set_index("stem")
    # Snowball: terrorist(s) -> "terrorist"; terrorism and terror -> "terror"
    assert groups.loc["terrorist", "count"] == 3 and groups.loc["terrorist", "head"] == "terrorists"
    assert groups.loc["terrorist", "forms"] == "terrorists (2), terrorist (1)"
    assert groups.loc["terror", "forms"] == "terror (1), terrorism (1)"  # tie: alphabetical
    assert groups.loc["terror", "n_forms"] == 2


# --- N-grams and collocations -------------------------------------------------------------------

def test_ngrams_stay_inside_sentences_and_skip_numbers():
    d = doc("At least 23 Russian citizens died. Russian citizens wait. Citizens of the world wait.")
    bigrams = terms.ngrams(d, 2, min_count=1).set_index("ngram")["count"]
    assert bigrams["russian citizens"] == 2
    assert "least russian" not in bigrams  # a number breaks the run
    assert "died russian" not in bigrams and "wait citizens" not in bigrams  # sentence boundaries
    assert "of the" not in bigrams and "citizens of" not in bigrams  # stopword at an edge
    trigrams = terms.ngrams(d, 3, min_count=1, stopwords=None)["ngram"].tolist()
    assert "citizens of the" in trigrams
    assert terms.ngrams(d, 2, min_count=2)["ngram"].tolist() == ["russian citizens"]


def test_collocation_scores_match_hand_computation():
    d = doc("Gaza strip is here. Gaza strip was there.")
    # N = 8 terms; f(gaza) = f(strip) = f(gaza strip) = 2
    # PMI = log2(2 * 8 / (2 * 2)) = 2
    # 2x2 table: [2, 0; 0, 6]; expected [0.5, 1.5; 1.5, 4.5]
    # G2 = 2 * (2 ln(2/0.5) + 6 ln(6/4.5)) = 2 * (2.772589 + 1.726092) = 8.997362
    table = terms.collocations(d, min_count=2)
    assert table["bigram"].tolist() == ["gaza strip"]  # the others hold a stopword
    row = table.iloc[0]
    assert row["count"] == 2
    assert row["pmi"] == pytest.approx(2.0)
    assert row["log_likelihood"] == pytest.approx(8.997362, abs=1e-6)
    assert row["p"] == pytest.approx(math.erfc(math.sqrt(8.997362 / 2)))


def test_chi_square_one_df_tail_matches_published_critical_values():
    # chi-square 1 df critical values: 3.841 (p = 0.05), 6.635 (0.01), 10.828 (0.001)
    assert terms.chi2_1df_p(3.841459) == pytest.approx(0.05, rel=1e-5)
    assert terms.chi2_1df_p(6.634897) == pytest.approx(0.01, rel=1e-5)
    assert terms.chi2_1df_p(10.827566) == pytest.approx(0.001, rel=1e-5)
    assert terms.chi2_1df_p(0.0) == 1.0


# --- Keyness ------------------------------------------------------------------------------------

def test_log_likelihood_and_log_ratio_by_hand():
    # a = 10 in n1 = 1,000; b = 100 in n2 = 100,000
    # E1 = 1000 * 110 / 101000 = 1.089109; E2 = 100000 * 110 / 101000 = 108.910891
    # G2 = 2 * (10 ln(10 / 1.089109) + 100 ln(100 / 108.910891)) = 2 * (22.17224 - 8.53597) = 27.2725
    assert terms.log_likelihood(10, 100, 1000, 100000) == pytest.approx(27.2725, abs=1e-4)
    # Log Ratio = log2((10/1000) / (100/100000)) = log2(10) = 3.321928
    assert terms.log_ratio(10, 100, 1000, 100000) == pytest.approx(3.321928, abs=1e-6)
    assert terms.log_likelihood(0, 5, 100, 1000) > 0  # a zero count contributes 0, no error


def test_keyness_sign_on_a_text_built_to_over_use_one_word():
    # "zebra" 30 times among 36 running words: far above its general-English rate;
    # "the" once: 1/36 = 2.8% against about 5% in general English, so under-used
    d = doc(" ".join(["Zebra zebra zebra."] * 10), "The cat sat on a mat.")
    table = terms.keyness(d).set_index("term")
    assert table.loc["zebra", "log_ratio"] > 0 and table.loc["zebra", "key"]
    assert table.loc["the", "log_ratio"] < 0 and not table.loc["the", "key"]
    assert table.index[0] == "zebra"  # key terms first
    assert table["key"].sum() == 1  # only zebra: the other terms occur once (a key term needs 3+)


def test_keyness_reference_counts_and_smoothing():
    d = doc("Galuzin met Hamas's envoy. Hamas left.")
    table = terms.keyness(d).set_index("term")
    # our "hamas" includes "Hamas's", so the reference adds wordfreq's "hamas's" to "hamas"
    expected = wordfreq.word_frequency("hamas", "en") + wordfreq.word_frequency("hamas's", "en")
    assert table.loc["hamas", "reference_per_1000"] == pytest.approx(expected * 1000)
    assert wordfreq.word_frequency("galuzin", "en") == 0.0  # unlisted: given 0.5 in 1e8 words
    assert table.loc["galuzin", "reference_per_1000"] == pytest.approx(0.5 * 1000 / 1e8)
    n1 = 6  # galuzin met hamas envoy hamas left
    assert table.loc["hamas", "log_ratio"] == pytest.approx(math.log2((2 / n1) / expected))


def test_keyness_works_offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    wordfreq._wf_cache.clear()
    table = terms.keyness(doc("Moscow hosted the delegation."))
    assert table.set_index("term").loc["moscow", "reference_per_1000"] > 0


def test_seed_keyness_puts_hamas_first_and_flags_the_terror_family(seed_keyness):
    key = seed_keyness[seed_keyness["key"]]
    assert key["term"].iloc[0] == "hamas"
    assert {"terrorists", "terrorist", "terrorism"} <= set(key["term"])
    assert key["log_ratio"].is_monotonic_decreasing
    assert terms.top_key_terms(seed_keyness, 2) == ["hamas", "russian"]  # largest G2


# --- Where terms fall ---------------------------------------------------------------------------

def test_positions_matrix_and_dispersion_by_hand():
    d = doc("Iran met Iran here.", "Moscow met them there.")
    # running words: iran met iran here | moscow met them there (positions 1..8)
    pos = terms.positions(d, ["iran", "met"])
    assert pos[["label", "position", "paragraph"]].values.tolist() == [
        ["iran", 1, 1], ["met", 2, 1], ["iran", 3, 1], ["met", 6, 2]]
    assert terms.paragraph_starts(d) == [1, 5]
    matrix = terms.term_paragraph_matrix(d, {"both": ["iran", "moscow"], "met": ["met"]})
    assert matrix.values.tolist() == [[2, 1], [1, 1]]
    table = terms.dispersion(d, ["iran", "met"]).set_index("term")
    # iran: v = (2, 0), f = 2, s = (0.5, 0.5): DP = 0.5 * (|1 - 0.5| + |0 - 0.5|) = 0.5; / (1 - 0.5) = 1
    assert table.loc["iran", "dp"] == pytest.approx(0.5) and table.loc["iran", "dp_norm"] == pytest.approx(1.0)
    assert table.loc["met", "dp"] == pytest.approx(0.0)  # spread exactly in proportion


def test_selection_does_not_draw_family_members_twice():
    chosen = terms.selection(["hamas", "terrorists", "moscow"], {"terror-": ["terrorists", "terror"]})
    assert chosen == {"hamas": ["hamas"], "moscow": ["moscow"], "terror-": ["terror", "terrorists"]}


def test_kwic_keeps_the_original_text_around_the_keyword():
    d = doc("First words here. Russia’s ally, Iran, met Russia in Moscow.")
    rows = terms.kwic(d, ["russia"], width=12)
    assert rows["keyword"].tolist() == ["Russia", "Russia"]
    assert rows["right"].iloc[0] == "’s ally,…"  # the curly apostrophe is kept as written
    assert rows["left"].iloc[0] == "…words here."
    assert rows["left"].iloc[1] == "…Iran, met"
    assert rows["right"].iloc[1] == "in Moscow."
    # running words: first words here russia ally iran met russia -> positions 4 and 8
    assert rows["position"].tolist() == [4, 8]
    assert terms.kwic(d, ["absent"]).empty


# --- Figures ------------------------------------------------------------------------------------

def test_figures_return_figure_and_plotted_numbers_and_leave_rcparams_alone(seed, seed_keyness):
    before = dict(matplotlib.rcParams)
    frequencies = terms.term_frequencies(seed)
    shown = terms.selection(["hamas", "iran"], {"terror-": terms.family(seed, "terror")})
    made = {
        "top": term_plots.top_terms_figure(frequencies, n=20),
        "keyness": term_plots.keyness_figure(seed_keyness, n=15),
        "dispersion": term_plots.dispersion_figure(seed, shown),
        "heatmap": term_plots.heatmap_figure(terms.term_paragraph_matrix(seed, ["hamas", "iran"])),
    }
    assert dict(matplotlib.rcParams) == before
    for fig, data in made.values():
        assert isinstance(fig, Figure) and not data.empty
    assert made["top"][1]["term"].tolist() == frequencies["term"].head(20).tolist()
    assert made["keyness"][1]["term"].tolist() == seed_keyness[seed_keyness["key"]]["term"].head(15).tolist()
    assert (made["dispersion"][1]["label"] == "terror-").sum() == 15
    heat = made["heatmap"][1].set_index(["term", "paragraph"])["count"]
    assert heat[("iran", 6)] == 4 and heat.groupby(level="term").sum()["hamas"] == 16
    assert tuple(made["dispersion"][0].get_size_inches())[0] == 7.2


def test_figures_cope_with_nothing_to_show():
    d = doc("The and of.")
    frequencies = terms.term_frequencies(d)  # every term is a stopword
    assert frequencies.empty
    term_plots.top_terms_figure(frequencies)
    term_plots.keyness_figure(terms.keyness(d))
    term_plots.dispersion_figure(d, terms.selection([], {"terror-": terms.family(d, "terror")}))
    term_plots.heatmap_figure(terms.term_paragraph_matrix(d, frequencies["term"].tolist()))


def test_dispersion_leaves_out_terms_and_families_that_do_not_occur():
    d = doc("Iran met Iran here.", "Moscow met them there.")
    chosen = terms.selection(["iran", "absent"], {"terror-": terms.family(d, "terror")})
    assert terms.family(d, "terror") == []
    assert terms.dispersion(d, chosen)["term"].tolist() == ["iran"]
    fig, data = term_plots.dispersion_figure(d, chosen)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["iran"]
    assert data["label"].tolist() == ["iran", "iran"]
    assert terms.dispersion(d, ["absent"]).empty


def test_dispersion_of_a_one_paragraph_text_is_zero_and_its_normalised_value_undefined(recwarn):
    d = doc("Iran met Iran here.")
    row = terms.dispersion(d, ["iran"]).iloc[0]
    # one paragraph: v/f = 2/2 = 1 and s = 4/4 = 1, so DP = 0.5 * |1 - 1| = 0; the maximum 1 - min(s) is 0
    assert row["dp"] == 0.0 and math.isnan(row["dp_norm"])
    assert len(recwarn) == 0


def test_top_terms_keep_terms_seen_twice_or_fall_back_to_the_top_n():
    d = doc("Moscow met Moscow. Iran met Iran. Apple banana cherry.")
    frequencies = terms.term_frequencies(d)
    # counts by hand: iran 2, met 2, moscow 2, apple 1, banana 1, cherry 1 (ties alphabetical)
    assert terms.top_terms(frequencies, n=20)["term"].tolist() == ["iran", "met", "moscow"]
    assert terms.top_terms(frequencies, n=2)["term"].tolist() == ["iran", "met"]
    assert term_plots.top_terms_figure(frequencies, n=20)[1]["term"].tolist() == ["iran", "met", "moscow"]
    once = terms.term_frequencies(doc("Apple apple banana cherry."))  # only apple is seen twice: fall back
    assert terms.top_terms(once, n=20)["term"].tolist() == ["apple", "banana", "cherry"]


def test_heatmap_of_a_long_text_groups_paragraphs_under_vertical_labels():
    d = doc(*[f"Iran met Moscow in part {i}." for i in range(25)])
    fig, data = term_plots.heatmap_figure(terms.term_paragraph_matrix(d, ["iran"]))
    labels = fig.axes[0].get_xticklabels()
    # 25 paragraphs in 20 groups: the first 5 groups hold 2 paragraphs, the rest 1 (numpy's array_split)
    assert len(labels) == 20 and labels[0].get_text() == "P1\u20132" and labels[-1].get_text() == "P25"
    assert {label.get_rotation() for label in labels} == {90.0}
    assert data["count"].sum() == 25


# --- Layers, shared definitions, choices made from the text ---------------------------------------

def test_the_terms_compute_layer_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("terms", "matplotlib")  # helpers.text, helpers.stopwords, helpers.terms (tests/conftest.py)


def test_the_stopword_list_is_read_once_and_shared():
    assert stopwords.package_stopwords("en") == tuple(stop_words.get_stop_words("en"))
    assert terms.PACKAGE_STOPWORDS is stopwords.package_stopwords("en")  # the cached tuple itself
    assert text.document._english_function_words() == frozenset(
        w.replace("\u2019", "'") for w in stop_words.get_stop_words("en"))


def test_compare_counts_of_two_groups_by_hand():
    # target: 1,000 running words; reference: 10,000 ("tea" is missing there: 0.5 occurrences)
    table = terms.compare_counts({"war": 30, "peace": 5, "tea": 1}, 1000, {"war": 10, "peace": 50}, 10000)
    assert table["term"].tolist() == ["war", "tea", "peace"]  # key first, then Log Ratio descending
    row = table.set_index("term")
    # war: E1 = 1000 * 40 / 11000 = 3.636364, E2 = 36.363636;
    # G2 = 2 * (30 ln 8.25 + 10 ln 0.275) = 2 * (63.306396 - 12.909842) = 100.793108; LR = log2(30) = 4.906891
    assert row.loc["war", "log_likelihood"] == pytest.approx(100.793108, abs=1e-5)
    assert row.loc["war", "log_ratio"] == pytest.approx(4.906891, abs=1e-6)
    assert row.loc["war", "key"] and row.loc["war", "per_1000"] == 30.0
    # peace: 5 per 1,000 in both: E1 = 1000 * 55 / 11000 = 5 exactly, so G2 = 0, LR = 0, p = 1
    assert row.loc["peace", "log_likelihood"] == 0.0 and row.loc["peace", "log_ratio"] == 0.0
    assert row.loc["peace", "p"] == 1.0
    # tea: b = 0.5 -> 0.05 per 1,000; LR = log2((1/1000) / (0.5/10000)) = log2(20) = 4.321928; once: not key
    assert row.loc["tea", "reference_per_1000"] == pytest.approx(0.05)
    assert row.loc["tea", "log_ratio"] == pytest.approx(4.321928, abs=1e-6) and not row.loc["tea", "key"]
    assert table["rank"].tolist() == [1, 2, 3]
    assert terms.compare_counts({}, 0, {}, 1).empty


def test_suggested_family_prefix_takes_the_family_the_stemmer_splits():
    counts = {"terrorists": 6, "terrorist": 5, "terrorism": 3, "russia": 10, "russian": 13, "hamas": 16}
    # Snowball: terrorism -> terror, terrorist(s) -> terrorist, russian -> russian, russia -> russia.
    # "terror" starts 3 candidates, "russia" 2, "terrorist" 2, "hama" 1
    assert terms.suggested_family_prefix(list(counts), counts) == "terror"
    # 2 members each ("russia" and "terrorist"): the larger total count wins (23 against 11)
    assert terms.suggested_family_prefix(["russia", "russian", "terrorist", "terrorists"], counts) == "russia"
    assert terms.suggested_family_prefix(["of", "off"], {"of": 9, "off": 1}) is None  # prefixes under 4 letters
    assert terms.suggested_family_prefix([], {}) is None


def test_seed_family_chosen_from_its_key_terms_is_terror(seed, seed_keyness):
    counts = dict(zip(seed_keyness["term"], seed_keyness["count"]))
    key = seed_keyness.loc[seed_keyness["key"], "term"].tolist()
    assert terms.suggested_family_prefix(key, counts) == "terror"


def test_one_label_thinning_rule():
    assert labels.label_step(20, 20) == 1 and labels.label_step(21, 20) == 2 and labels.label_step(0, 10) == 1
    # 25 paragraphs, room for 10 labels of 3 characters: raw step 3, rounded up to 5.
    assert labels.paragraph_ticks(range(1, 26), 10) == [1, 5, 10, 15, 20, 25]
    assert labels.paragraph_ticks(range(1, 11), 10) == list(range(1, 11))  # all fit
    # 13,103 paragraphs: "P13103" is 6 characters, so room for 5; step 2,621 rounds up to 5,000.
    assert labels.paragraph_ticks(range(1, 13104), 10) == [1, 5000, 10000]
    assert [labels.round_step(k) for k in (1, 3, 7, 11, 2621)] == [1, 5, 10, 20, 5000]


def test_dispersion_by_hand_on_unequal_paragraphs():
    # sizes 2, 6 (s = 0.25, 0.75); "iran" 1 + 1: v/f = (0.5, 0.5); DP = 0.5 * (0.25 + 0.25) = 0.25
    d = doc("Iran met.", "Iran met them there at last.")
    row = terms.dispersion(d, ["iran"]).set_index("term").loc["iran"]
    assert row["dp"] == 0.25 and row["dp_norm"] == pytest.approx(0.25 / 0.75)
    assert (row["count"], row["paragraphs"]) == (2, 2)


def test_logs_are_the_correctly_rounded_values():
    # the reference: mpmath at 300 bits, rounded once to a float (not our 80-bit context)
    precise = mpmath.MPContext()
    precise.prec = 300
    for x in (1e-9, 0.275, 0.9999999, 1.0, 2.0, 8.25, 1234.5678, 1e8, 3.7e15):
        assert logs.ln(x) == float(precise.log(x))
        assert logs.log2(x) == float(precise.log(x, 2))
    for g2 in (0.0, 0.5, 3.841459, 27.2725, 238.391):
        # the argument is the float sqrt(g2 / 2) (IEEE square root, correctly rounded everywhere)
        assert logs.chi2_1df_p(g2) == float(precise.erfc(math.sqrt(g2 / 2)))
    assert logs.log2(1024.0) == 10.0 and logs.ln(1.0) == 0.0


def test_collocation_measures_are_nltks_formulas(seed):
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    finder = BigramCollocationFinder.from_documents(terms.sentence_sequences(seed))
    measures = BigramAssocMeasures()
    table = terms.collocations(seed, stopwords=None, min_count=1).set_index("bigram")
    assert len(table) > 500
    for bigram, row in table.iterrows():
        w1, w2 = bigram.split(" ")
        # nltk's own scores use glibc's logs: equal up to the last bit or two
        assert row["pmi"] == pytest.approx(finder.score_ngram(measures.pmi, w1, w2), rel=1e-14, abs=1e-14)
        assert row["log_likelihood"] == pytest.approx(
            finder.score_ngram(measures.likelihood_ratio, w1, w2), rel=1e-13, abs=1e-13)


def test_notebook_03_exercises_are_followed_by_executed_solutions():
    import json

    cells = json.loads((paths.NOTEBOOKS_DIR / "03_terms.ipynb").read_text(encoding="utf-8"))["cells"]
    tags = [c["metadata"].get("tags", []) for c in cells]
    exercises = [i for i, t in enumerate(tags) if "exercise" in t]
    assert len(exercises) >= 2
    for i in exercises:
        assert cells[i]["cell_type"] == "markdown" and "solution" in tags[i + 1]
        assert cells[i + 1]["cell_type"] == "code" and cells[i + 1]["outputs"]  # executed, with its answer
    seed_only = [c for c, t in zip(cells, tags) if "seed-only" in t]
    assert seed_only and all("".join(c["source"]).startswith("On the seed") for c in seed_only)


def test_kwic_marks_occurrences_inside_quotation_marks():
    d = doc('War is "war, not peace" said one. A war “of war” and war.')
    rows = terms.kwic(d, ["war"], quotes=True)
    # by hand: War (outside), "war (inside), A war (outside), “of war” (inside), and war (outside)
    assert rows["quoted"].tolist() == [False, True, False, True, False]
    assert "quoted" not in terms.kwic(d, ["war"]).columns


def test_register_rates_count_whole_words_per_thousand():
    from helpers.terms import register

    n, counts = register.word_counts("Of the OF offer, of; don’t of-course", ["of", "don't"])
    # by hand: tokens of, the, of, offer, of, don't, of, course -> 8 words; "of" 4 times, "don't" once
    assert n == 8 and counts == {"don't": 1, "of": 4}
    assert register.share_below([1.0, 2.0, 2.0, 3.0, float("nan")], 2.0) == (1, 2, 4)


def test_diversity_prefixes_are_measured_on_the_first_words_and_end_at_one():
    from helpers.plots import terms as term_figures

    # by hand: from 50 to 120 in about 4 points -> step round(70 / 3) = 23: 50, 73, 96, 119, and the end 120
    assert term_figures.prefix_sizes(120, start=50, points=4) == [50, 73, 96, 119, 120]
    assert term_figures.prefix_sizes(30) == [30] and term_figures.prefix_sizes(0) == []
    words = ["a", "b", "a", "c"] * 20  # 80 words, 3 types
    data = term_figures.prefix_diversity(words, [4, 80])
    ttr = data[data["measure"] == "ttr"].set_index("prefix")
    # by hand: TTR of "a b a c" = 3/4; of all 80 words 3/80; relative = (3/4) / (3/80) = 20
    assert ttr.loc[4, "value"] == 0.75 and ttr.loc[80, "value"] == 3 / 80
    assert ttr.loc[4, "relative"] == 20 and (data.loc[data["prefix"] == 80, "relative"].dropna() == 1).all()


def test_register_document_rates_one_row_per_file(tmp_path):
    from helpers.terms import register

    (tmp_path / "a.txt").write_text("of of the end", encoding="utf-8")  # 4 words, "of" twice -> 500 per 1,000
    (tmp_path / "b.txt").write_text("nothing here at all now", encoding="utf-8")  # 5 words, no "of" -> 0
    rates = register.document_rates(sorted(tmp_path.glob("*.txt")), ["Of"])
    assert rates.to_dict("list") == {"doc": ["a", "b"], "words": [4, 5], "of": [500.0, 0.0]}
