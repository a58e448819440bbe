"""The text layer: the seed's structure, the parsing rules on hand-made texts, bad input."""
from __future__ import annotations

import csv
import hashlib
import re
import time

import pytest

from helpers import paths, text

SEED_SHA256 = "6f137a1fbebc94136a87118d7965403aa8bdd404c2a841ff671580411dd33ec3"  # the checksum published with the seed (issue 2)


def test_seed_is_byte_for_byte_the_shared_copy():
    assert hashlib.sha256(paths.SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_structure(seed):
    assert seed.sha256 == SEED_SHA256
    assert seed.title == "Hamas in Moscow. Meeting of Allies?"
    assert len(seed.paragraphs) == 10
    assert seed.paragraphs[0].startswith("Do all roads")
    assert seed.paragraphs[-1].startswith("Unpunished tyranny")
    assert seed.removed == ("top of page", "Comments", "bottom of page")


def test_seed_sentence_counts(seed):
    # Counted by hand from the seed: 2+2+5+3+5+4+6+4+2+3 = 36 body sentences, and the title
    # "Hamas in Moscow. Meeting of Allies?" is 2 more: 38 in all.
    assert [len(s) for s in seed.sentences] == [2, 2, 5, 3, 5, 4, 6, 4, 2, 3]
    assert seed.title_sentences == ("Hamas in Moscow.", "Meeting of Allies?")
    assert sum(len(s) for s in seed.sentences) + len(seed.title_sentences) == 38


def test_seed_sentences_are_exact_substrings(seed):
    for paragraph, sentences in zip(seed.paragraphs, seed.sentences):
        assert " ".join(sentences) == paragraph


# Fifteen hand-made cases that break naive splitters: abbreviations, initials, decimals,
# quotations, ellipses, and sentence ends that look like abbreviations.
TRICKY = [
    ("Mr. Smith went home. He slept.", ["Mr. Smith went home.", "He slept."]),
    ("Dr. Jones arrived at 5 p.m. on Monday.", ["Dr. Jones arrived at 5 p.m. on Monday."]),
    ("The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
    ("Prices rose 3.5 percent. Wages did not.", ["Prices rose 3.5 percent.", "Wages did not."]),
    ("Use tools, e.g. hammers, with care. Then rest.", ["Use tools, e.g. hammers, with care.", "Then rest."]),
    ('"Is it over?" she asked. Nobody answered.', ['"Is it over?" she asked.', "Nobody answered."]),
    ('He said, "Go now." They went.', ['He said, "Go now."', "They went."]),
    ("It cost $4.20. That was cheap.", ["It cost $4.20.", "That was cheap."]),
    ("J. R. R. Tolkien wrote it. Many read it.", ["J. R. R. Tolkien wrote it.", "Many read it."]),
    ("Wait... what happened? Tell me!", ["Wait... what happened?", "Tell me!"]),
    ("See Fig. 2 for details. It is clear.", ["See Fig. 2 for details.", "It is clear."]),
    ("Version 2.0 ships today. Update now.", ["Version 2.0 ships today.", "Update now."]),
    ("She works at Acme Inc. in Boston.", ["She works at Acme Inc. in Boston."]),
    ("The meeting (at 10 a.m.) ran late. We left.", ["The meeting (at 10 a.m.) ran late.", "We left."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
]


@pytest.mark.parametrize("source, expected", TRICKY, ids=[c[0][:24] for c in TRICKY])
def test_tricky_sentence_splits(source, expected):
    assert text.split_sentences(source) == expected


def test_word_tokens_treat_curly_and_straight_apostrophes_alike():
    assert text.word_tokens("Russia’s war") == text.word_tokens("Russia's war") == ["Russia", "'s", "war"]


def test_word_tokens_split_full_stops_inside_a_paragraph():
    assert text.word_tokens("We went to Moscow. Then home.") == ["We", "went", "to", "Moscow", "Then", "home"]


def test_word_tokens_drop_punctuation_keep_numbers():
    assert text.word_tokens('"Unite!" -- 23 citizens, (at least).') == ["Unite", "23", "citizens", "at", "least"]


def test_paragraph_counts_by_hand():
    # Two paragraphs: "One two. Three." has 2 sentences, 3 words; "Four five six." has 1 and 3.
    document = text.parse_document("Title line\n\nOne two. Three.\n\nFour five six.\n")
    counts = text.paragraph_counts(document)
    assert counts["sentences"].tolist() == [2, 1]
    assert counts["words"].tolist() == [3, 3]


def test_hard_wrapped_lines_join_and_crlf_and_bom(tmp_path):
    raw = "\ufeffA Title\r\n\r\nThe first paragraph is\r\nwrapped over\r\nthree lines.\r\n\r\nThe second one is not.\r\n"
    path = tmp_path / "wrapped.txt"
    path.write_bytes(raw.encode("utf-8"))
    document = text.load_document(path)
    assert document.title == "A Title"
    assert document.paragraphs == ("The first paragraph is wrapped over three lines.", "The second one is not.")


def test_long_lines_without_blank_lines_are_one_paragraph_each():
    first, second = "word " * 30, "other " * 30
    document = text.parse_document(f"{first.strip()}\n{second.strip()}\n")
    assert document.paragraphs == (first.strip(), second.strip())
    assert document.notes  # the fallback is reported, not silent


def test_markdown_and_underlined_headings():
    document = text.parse_document("# The Title\n\nIntro text here.\n\nA Section\n---------\n\nMore text.\n\n## Next\n\nEnd.")
    assert document.title == "The Title"
    assert document.headings == ("A Section", "Next")
    assert document.paragraphs == ("Intro text here.", "More text.", "End.")


def test_chrome_only_trimmed_at_the_edges():
    document = text.parse_document("top of page\n\nTitle\n\nFirst.\n\nComments\n\nLast.\n\nComments\n\nbottom of page\n")
    assert document.paragraphs == ("First.", "Comments", "Last.")
    assert document.removed == ("top of page", "Comments", "bottom of page")


def test_long_first_line_is_not_a_title():
    first = "This opening sentence is far too long to be the title of anything, it just goes on and on and on."
    document = text.parse_document(f"{first}\n\nSecond paragraph.")
    assert document.title is None and document.paragraphs[0] == first


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n", "only whitespace"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "png image"),
        ("zeros.txt", b"\x00" * 64, "binary"),
        ("latin1.txt", "Caf\u00e9 au lait.".encode("latin-1"), "not valid utf-8"),
        ("numbers.txt", b"12 34 56\n\n!!! ???\n", "no words"),
    ],
)
def test_bad_input_gives_one_line_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(text.InputError) as error:
        text.load_document(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(str(path)) and problem in message.lower()
    assert path.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(text.InputError, match=re.escape(f"{tmp_path / 'nope.txt'}: no such file")):
        text.load_document(tmp_path / "nope.txt")
    with pytest.raises(text.InputError, match="is a directory"):
        text.load_document(tmp_path)


def test_other_encoding_when_named(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Un caf\u00e9 noir, s'il vous pla\u00eet.".encode("latin-1"))
    assert text.load_document(path, encoding="latin-1").paragraphs == ("Un caf\u00e9 noir, s'il vous pla\u00eet.",)


def test_likely_english():
    english = text.parse_document("The cat sat on the mat and it was happy with all of the things that it had. " * 3)
    german = text.parse_document("Der Hund lief schnell über die Straße und bellte laut gegen Mittag. " * 4)
    assert text.likely_english(english) and not text.likely_english(german)


def test_cached_words_equal_tokenising_each_paragraph_afresh(seed):
    assert seed.paragraph_words == tuple(tuple(text.word_tokens(p)) for p in seed.paragraphs)
    assert seed.words == tuple(text.word_tokens(seed.body))
    assert [len(w) for p in seed.sentence_words for w in p] == [len(text.word_tokens(s)) for p in seed.sentences for s in p]


def test_letter_and_apostrophes_are_the_shared_public_definitions():
    assert text.LETTER.search("é") and not text.LETTER.search("7") and not text.LETTER.search("_")
    assert "Russia\u2019s \u2018quote\u2019 \u02bcokina".translate(text.APOSTROPHES) == "Russia's 'quote' 'okina"


def test_compute_layer_imports_no_matplotlib(imports_by_stage):
    # helpers.text, readability, sentiment and terms, and every module of them (tests/conftest.py).
    assert imports_by_stage.stages["terms"]["matplotlib modules"] == []


# Stage directions: bracketed audience reactions are removed, counted by spelling; other brackets stay.
STAGE = [
    ("We won. (Applause.) Thank you.", "We won. Thank you.", {"(Applause.)": 1}),
    ("Yes (applause) and yes (applause).", "Yes and yes .", {"(applause)": 2}),
    ("He paused. [Laughter and applause] Then he went on.", "He paused. Then he went on.",
     {"[Laughter and applause]": 1}),
    ("Good evening. ( Laughter. ) (Cheers) (Standing ovation.)", "Good evening.",
     {"( Laughter. )": 1, "(Cheers)": 1, "(Standing ovation.)": 1}),
    ("The river (or Creek) and [the States] and (applause is due) stay.",
     "The river (or Creek) and [the States] and (applause is due) stay.", {}),
    ("Mismatched (applause] stays.", "Mismatched (applause] stays.", {}),
]


@pytest.mark.parametrize("source, kept, counted", STAGE, ids=[c[0][:20] for c in STAGE])
def test_stage_directions_removed_and_counted(source, kept, counted):
    document = text.parse_document(f"A title\n\n{source}\n\nSecond paragraph.")
    assert document.paragraphs == (kept, "Second paragraph.")
    assert dict(document.stage_directions) == counted


def test_a_paragraph_that_is_only_a_stage_direction_disappears():
    document = text.parse_document("A Title\n\nWe are here.\n\n(Applause.)\n\nAnd we stay.\n")
    assert document.paragraphs == ("We are here.", "And we stay.")
    assert document.stage_directions == (("(Applause.)", 1),)


def test_stage_directions_are_in_the_summary():
    document = text.parse_document("Hi. (Applause.) Bye. (Applause.) (Laughter.)")
    assert text.summary(document)["removed stage directions"] == "(Applause.) x2; (Laughter.) x1"


def test_a_long_single_line_parses_in_linear_time():
    # Two MB on one line (a corpus text is up to 220 KB); a quadratic rule would take hours.
    line = "We met the people of the town. They said hello (Applause.) and went home. " * 28000
    started = time.perf_counter()
    document = text.parse_document(line)
    assert time.perf_counter() - started < 20
    assert len(document.paragraphs) == 1 and document.stage_directions == (("(Applause.)", 28000),)


SOTU = paths.PROJECT_ROOT / "corpora" / "sotu"


def test_corpus_texts_match_the_sha256_in_metadata():
    with open(SOTU / "metadata.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 233
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in (SOTU / "texts").iterdir())
    for row in rows:
        assert hashlib.sha256((SOTU / "texts" / row["file"]).read_bytes()).hexdigest() == row["sha256"], row["file"]
    for kept in ("LICENSE", "NOTICE", "README.md"):
        assert (SOTU / kept).is_file()


# The audience reactions of the corpus, each spelling's total as `grep -oF SPELLING texts/*.txt | wc -l`
# counts it; `grep -o '[[(][^][()]*[])]'` filtered for applause|laugh|cheer|boo|ovation|groan finds
# these 243 and no other (the corpus README lists the same eight spellings and counts).
CORPUS_REACTIONS = {"(Applause.)": 64, "(applause)": 16, "(Laughter.)": 2, "(laughs)": 1,
                    "[Applause]": 51, "[applause]": 6, "[Laughter]": 87, "[laughter]": 16}


def test_corpus_stage_directions_counted_as_grep_counts_them():
    totals = dict.fromkeys(CORPUS_REACTIONS, 0)
    for path in sorted((SOTU / "texts").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        expected = {s: raw.count(s) for s in CORPUS_REACTIONS if s in raw}
        document = text.load_document(path)
        assert dict(document.stage_directions) == expected, path.name
        assert not any(s in document.body for s in CORPUS_REACTIONS)
        for spelling, n in document.stage_directions:
            totals[spelling] += n
    assert totals == CORPUS_REACTIONS


def test_long_text_tokenised_on_every_core_equals_one_process(seed, tmp_path, monkeypatch):
    """A long text's sentences and words (helpers.text.bulk: worker processes, a disk cache) are the
    tuples the one-process path gives, paragraph by paragraph (computed here with tokens.py directly)."""
    from helpers.text import bulk, tokens

    paragraphs = tuple(f"Part {i}. {p}" for i in range(12) for p in seed.paragraphs)
    expected_sentences = tuple(tuple(tokens.split_sentences(p)) for p in paragraphs)
    expected_words = tuple(tuple(tuple(tokens.sentence_tokens(s)) for s in group) for group in expected_sentences)
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path))  # the cache root: bulk's entries go to tmp_path/text/
    assert bulk.tokenise(paragraphs, workers=2) == (expected_sentences, expected_words)
    assert len(list(tmp_path.rglob("*.pickle"))) == 1  # stored once ...
    assert bulk.tokenise(paragraphs, workers=2) == (expected_sentences, expected_words)  # ... and read back
    # A Document long enough takes this path, and gives the same tuples.
    monkeypatch.setattr(bulk, "LONG_TEXT_CHARACTERS", 1000)
    document = text.parse_document("A title\n\n" + "\n\n".join(paragraphs))
    assert document.paragraphs == paragraphs
    assert document.sentences == expected_sentences and document.sentence_words == expected_words
    # An unreadable cache entry is recomputed, never an error.
    next(tmp_path.rglob("*.pickle")).write_bytes(b"truncated")
    assert bulk.tokenise(paragraphs, workers=1) == (expected_sentences, expected_words)


def test_appendix_00a_compares_the_splitters_on_these_same_cases():
    # The appendix notebook holds its own copy of the cases (a notebook imports no test);
    # this keeps the two lists from drifting apart.
    import ast
    import json
    notebook = json.loads((paths.NOTEBOOKS_DIR / "00a_sentence_splitters.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    source = next(s for s in sources if s.startswith("TRICKY = ["))
    assignment = next(node for node in ast.parse(source).body if isinstance(node, ast.Assign))
    assert [tuple(case) for case in ast.literal_eval(assignment.value)] == TRICKY


def test_paragraph_length_ticks_have_thousands_separators():
    import pandas as pd
    from helpers.plots.text import paragraph_length_figure
    counts = pd.DataFrame({"paragraph": range(1, 1201), "words": [2500] * 1200, "sentences": [90] * 1200})
    fig, _ = paragraph_length_figure(counts)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert "2,000" in [t.get_text() for t in ax.get_yticklabels()]
    assert "P1,000" in [t.get_text() for t in ax.get_xticklabels()]
