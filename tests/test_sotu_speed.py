"""The corpus engine's shortcuts of issue 19's third round, each compared with the path it replaces.

* `fast_textstat.text_counts` remembers its last two texts: a one-paragraph document (every State of
  the Union address) was counted twice, as its body and as its paragraph.
* `lexicons.block_scores` makes a paragraph's AFINN, Harvard IV and Loughran-McDonald scores from
  its sentences' integer counts when the paragraph is its sentences separated by whitespace; it must
  equal `lexicons.scores` on the paragraph (itself equal to the packages: tests/test_lexicons.py), and
  the packages themselves on fuzzed blocks cut at arbitrary places.

`make test` takes every 12th address; the rest is marked `exhaustive` (.ci/run).
"""
from __future__ import annotations

import random
import struct

import pytest

from helpers import paths, tables
from helpers.readability import fast_textstat
from helpers.sentiment import lexicons
from helpers.text import load_document

ADDRESSES = sorted((paths.PROJECT_ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))
EVERY = 12


def bits(values: dict) -> list:
    return [(name, struct.pack("<d", value)) for name, value in values.items()]


# --- text_counts' memo -------------------------------------------------------------------------

def test_text_counts_memo_returns_each_texts_own_counts():
    a, b = "The cat sat. It was a dreadfully unremarkable day.", "Extraordinary circumstances prevail here today."
    fast_textstat._recent_counts.cache_clear()
    for text in (a, b, a, b, b, a, "", a + " "):
        assert fast_textstat.text_counts(text) == fast_textstat.count_text(text), text


def test_one_paragraph_document_is_counted_once(tmp_path, monkeypatch):
    document_path = tmp_path / "one.txt"
    document_path.write_text("A short text. It has two sentences and one paragraph, no more.\n", encoding="utf-8")
    document = load_document(document_path)
    assert len(document.paragraphs) == 1 and document.body == document.paragraphs[0]
    calls = []
    real = fast_textstat.count_text
    monkeypatch.setattr(fast_textstat, "count_text", lambda text: calls.append(text) or real(text))
    fast_textstat._recent_counts.cache_clear()
    fast_textstat._measures.cache_clear()
    monkeypatch.setenv("TEXT_NOTEBOOKS_NO_MEMO", "1")
    table = tables.contract_tables(document)["readability.csv"]
    assert calls == [document.body]
    # and the values are those of the uncached counts, body and paragraph alike
    expected = fast_textstat.measures_from_counts(real(document.body))
    for unit in ("document", 1):
        rows = table[table["unit"] == unit]
        assert dict(zip(rows["measure"], rows["value"])) == {m: expected[m] for m in rows["measure"]}


def test_long_texts_are_not_held():
    fast_textstat._recent_counts.cache_clear()
    long_text = "word " * (fast_textstat.RECENT_COUNTS_CHARACTERS // 5 + 1)
    fast_textstat.text_counts(long_text)
    assert fast_textstat._recent_counts.cache_info().currsize == 0


# --- block_scores -------------------------------------------------------------------------------

def _addresses(part: str):
    chosen = ADDRESSES[::EVERY]
    return chosen if part == "sample" else [a for a in ADDRESSES if a not in chosen]


@pytest.mark.parametrize("part", ["sample", pytest.param("rest", marks=pytest.mark.exhaustive)])
def test_block_scores_equal_whole_paragraph_scores_on_the_addresses(part):
    composed = 0
    unequal = []
    for path in _addresses(part):
        document = load_document(path)
        for paragraph, sentences in zip(document.paragraphs, document.sentences, strict=True):
            composed += lexicons.composes(paragraph, sentences)
            whole = lexicons._from_parts(lexicons.parts.__wrapped__(paragraph))  # no memo: counted whole
            if bits(lexicons.block_scores(paragraph, sentences)) != bits(whole):
                unequal.append(path.name)
    assert unequal == []
    assert composed >= len(_addresses(part)) * 0.9  # the sums were used, not only the fallback


# AFINN phrases' words are half of the pieces, so that phrases fall across the cuts
PHRASE_WORDS = ["does", "not", "work", "kind", "of", "fed", "up", "no", "fun", "can't", "stand", "self", "deluded",
                "dont", "like", "bad", "luck", "good"]
PIECES = PHRASE_WORDS + ["good", "bad", "self-deluded", "Happy", "HAPPY", "İstanbul", "ΣΑΣ", "K", "wow!",
                         "(great)", "x", "outstanding.", "hope", "abandon", "loss", "gain", "1,000", "don't"]
GAPS = [" ", "  ", "\n\n", "\t", "\x1c", "\u2028", "\u00a0", "", "", ".", "-", " , ", " good ", " bad. "]


def _fuzzed_block(rng: random.Random):
    """A block and a cut of it into 'sentences': pieces separated by random gaps, some not whitespace."""
    sentences = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(PIECES) for _ in range(rng.randint(1, 5))]
        sentences.append(" ".join(words) + rng.choice(["", ".", "!", "?\"", ".)"]))
    for k in range(len(sentences) - 1):  # now and then an AFINN phrase cut between two sentences
        if rng.random() < 0.3:
            left, right = rng.choice(["does not work", "fed up", "no fun", "kind of", "bad luck", "can't stand"]).split(" ", 1)
            sentences[k], sentences[k + 1] = f"{sentences[k]} {left}", f"{right} {sentences[k + 1]}"
    gaps = [rng.choice(["", " ", "\n"])] + [rng.choice(GAPS) for _ in sentences[1:]] + [rng.choice(["", " ", "\n"])]
    text = gaps[0] + "".join(s + g for s, g in zip(sentences, gaps[1:]))
    return text, tuple(sentences)


@pytest.mark.parametrize("part", ["sample", pytest.param("rest", marks=pytest.mark.exhaustive)])
def test_block_scores_equal_the_packages_on_fuzzed_blocks(part, lexicon_packages):
    afinn, hiv4, lm = lexicon_packages
    rng = random.Random(19)
    blocks = [_fuzzed_block(rng) for _ in range(3000)]
    blocks = blocks[:400] if part == "sample" else blocks[400:]
    composed = unequal = 0
    for text, sentences in blocks:
        composed += lexicons.composes(text, sentences)
        h, m = hiv4.get_score(hiv4.tokenize(text)), lm.get_score(lm.tokenize(text))
        expected = {"afinn": float(afinn.score(text)), "harvard_iv": h["Polarity"],
                    "harvard_iv_subjectivity": h["Subjectivity"], "loughran_mcdonald": m["Polarity"],
                    "loughran_mcdonald_subjectivity": m["Subjectivity"]}
        got = lexicons.block_scores(text, sentences)
        unequal += bits(got) != bits({k: float(v) for k, v in expected.items()})
    assert unequal == 0
    assert len(blocks) * 0.2 < composed < len(blocks) * 0.9  # both paths taken


def test_a_phrase_across_two_sentences_is_scored_whole():
    # "does not work" is one AFINN entry (-3); cut between its words, the sentences alone give -0 ... -1.
    text, sentences = "It does not work today.", ("It does", "not work today.")
    assert lexicons.scores(text)["afinn"] == -3.0
    assert not lexicons.composes(text, sentences)
    assert lexicons.block_scores(text, sentences) == lexicons.scores(text)
    # ended by punctuation, the same cut composes, and the phrase is in neither sentence
    assert lexicons.composes("It does. Not work.", ("It does.", "Not work."))
    assert lexicons.block_scores("It does. Not work.", ("It does.", "Not work.")) == lexicons.scores("It does. Not work.")


def test_composes_needs_whitespace_between_and_the_sentences_in_order():
    assert lexicons.composes(" a.  b. ", ("a.", "b."))
    assert not lexicons.composes("a.b.", ("a.", "b."))  # no whitespace between
    assert not lexicons.composes("a. x b.", ("a.", "b."))  # something else between
    assert not lexicons.composes("b. a.", ("a.", "b."))  # not in order
    assert not lexicons.composes("a. b. c", ("a.", "b."))  # text left over
    assert not lexicons.composes("a.", ("a.", ""))


# --- the segmenter's run over plain tokens --------------------------------------------------------

BRACKETY = ["(", ")", "[", "]", "{", "}", "\uff08", "\u3018", "(see p. 4.)", "(A. Author et al.)", ".", "!", "?", ";",
            "...", ",", ":", "\"", "'", "\u201d", "Mr.", "No.", "no", "1", "12", "1990", "Jan.", "May", "U.S.", "e.g.",
            "I.", "IV.", "b.", "The", "However", "it", "word", "Word", "x", "a" * 80, "\n", "\n\n", "  "]


def _brackety(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(BRACKETY) + rng.choice(("", " ", " ", " ")) for _ in range(rng.randint(0, 60)))
            for _ in range(count)]


def _sentence_tokens(segment, text: str) -> list:
    from helpers.text import tokens

    return [[[(t.spacing, t.value, t.offset) for t in sentence] for sentence in segment(tokens._SYNTOK.tokenize(p, o))]
            for o, p in tokens.segmenter.preprocess_with_offsets(text)]


@pytest.mark.parametrize("part", ["sample", pytest.param("rest", marks=pytest.mark.exhaustive)])
def test_segmenter_gives_syntoks_sentences_token_for_token(part):
    from test_fast_tokens import syntok_fuzzed

    from helpers.text import tokens

    chosen = ADDRESSES[::EVERY * 2]  # half of the sample of the other tests: each address takes about 0.3 s
    strings = [p.read_text(encoding="utf-8") for p in ADDRESSES if (p in chosen) == (part == "sample")]
    fuzzed = syntok_fuzzed(2_000, seed=31) + _brackety(2_000, seed=37)
    strings += fuzzed[:400] if part == "sample" else fuzzed[400:]
    unequal = [s for s in strings
               if _sentence_tokens(tokens._segment, s) != _sentence_tokens(tokens.segmenter.segment, s)]
    assert not unequal, f"{len(unequal)} of {len(strings)} differ, e.g. {unequal[:2]!r}"


# --- the engine's order ------------------------------------------------------------------------------

def test_batches_largest_texts_first_and_shrinking():
    from helpers.corpus.engine import make_batches
    from helpers.corpus.work import Source

    sources = [Source(p.name, p.read_bytes(), "") for p in ADDRESSES]
    batches = make_batches(sources, 2)
    sizes = [sum(len(s.data) for s in b.sources) for b in batches]
    flat = [s for b in batches for s in b.sources]
    assert sorted(s.name for s in flat) == sorted(s.name for s in sources)  # each text once
    assert [len(s.data) for s in flat] == sorted((len(s.data) for s in sources), reverse=True)
    assert sizes[0] > 3 * sizes[-1]  # the last batches are short
    assert max(sizes[len(sizes) // 2:]) < sizes[0]


def test_local_engine_runs_batches_in_order(tmp_path):
    from helpers.corpus import engine
    from helpers.corpus.work import Source

    texts = {f"t{i:02d}.txt": ("Word and words. " * (40 * i + 1)).encode() for i in range(1, 9)}
    sources = [Source(name, data, "") for name, data in texts.items()]
    finished = []
    results = engine.run_sources(sources, workers=1, on_done=lambda batch: finished.append([r.name for r in batch]))
    expected = [[s.name for s in b.sources] for b in engine.make_batches(sources, 1)]
    assert len(expected) > 2 and finished == expected  # one worker: the batches finish in the order given
    assert [r.name for r in results] == sorted(texts)
