"""Your own dictionary: reading (YAML, CSV, LIWC .dic), matching worked by hand, and bad files."""
from __future__ import annotations

import pytest

from helpers.tables import contract_tables
from helpers.terms.dictionary import (
    EXAMPLE, Dictionary, DictionaryError, dictionary_kwic, dictionary_table, load_dictionary,
)
from helpers.text.parsing import parse_document

# Two paragraphs (no title: the first line is long). The running words (terms) of paragraph 1, in
# order, are the 18 of `test_terms_of_the_example_text`: "Don't" is the term "do" (the clitic "n't" is
# not a term), "1914" is a number (not a term), "peace-time" one token.
TEXT = ("War and WARS: the warfare of Battles, the Armed Forces and the armed men. Don't stop in 1914, "
        "peace-time.\n\nNothing to count here at all.\n")


def write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def document():
    return parse_document(TEXT, "t.txt")


@pytest.fixture
def war(tmp_path):
    return load_dictionary(write(tmp_path, "war.yaml", (
        "war:\n  - war\n  - battle*\n  - armed forces\n  - armed\n"
        "plural: ['WAR?']\n"
        "peace:\n  - peace*\n  - DON'T\n")))


def test_terms_of_the_example_text(document):
    from helpers.terms import paragraph_terms

    assert paragraph_terms(document)[0] == ["war", "and", "wars", "the", "warfare", "of", "battles", "the", "armed",
                                            "forces", "and", "the", "armed", "men", "do", "stop", "in", "peace-time"]


def test_matching_worked_by_hand(document, war):
    table = dictionary_table(document, war)
    assert list(table.columns) == ["paragraph", "category", "count", "per_1000", "matches"]
    assert table[["paragraph", "category"]].values.tolist() == [
        [1, "war"], [1, "plural"], [1, "peace"], [2, "war"], [2, "plural"], [2, "peace"]]
    first = table[table.paragraph == 1].set_index("category")
    # war: "War" (case ignored), "Battles" (battle*), "Armed Forces" once (the longest pattern, not
    # also "armed"), "armed" alone; not "WARS" (no wildcard) nor "warfare"
    assert first.loc["war", "count"] == 4
    assert first.loc["war", "matches"] == "armed x1; armed forces x1; battles x1; war x1"
    # plural: war? is "war" + exactly one character: "wars" only
    assert (first.loc["plural", "count"], first.loc["plural", "matches"]) == (1, "wars x1")
    # peace: "peace-time" (peace*); "DON'T" never matches (the text's "Don't" is the term "do")
    assert (first.loc["peace", "count"], first.loc["peace", "matches"]) == (1, "peace-time x1")
    assert first.loc["war", "per_1000"] == 4 * 1000 / 18
    second = table[table.paragraph == 2]
    assert second["count"].tolist() == [0, 0, 0] and second["matches"].tolist() == ["", "", ""]
    assert second["per_1000"].tolist() == [0.0, 0.0, 0.0]


def test_kwic_shows_each_match_as_written(document, war):
    kwic = dictionary_kwic(document, war)
    assert list(kwic.columns) == ["paragraph", "position", "category", "left", "keyword", "right"]
    assert kwic[["position", "category", "keyword"]].values.tolist() == [
        [1, "war", "War"], [3, "plural", "WARS"], [7, "war", "Battles"], [9, "war", "Armed Forces"],
        [13, "war", "armed"], [18, "peace", "peace-time"]]
    assert kwic.loc[3, "left"].endswith("the warfare of Battles, the")
    assert kwic.loc[3, "right"].startswith("and the armed men.")


def test_in_the_run_tables_only_when_given(document, war):
    assert "dictionary.csv" not in contract_tables(document)
    assert contract_tables(document, war)["dictionary.csv"].equals(dictionary_table(document, war))


def test_nested_yaml_csv_and_liwc_give_the_same_dictionary(tmp_path):
    nested = load_dictionary(write(tmp_path, "d.yml", "conflict:\n  war: [war, 'battle*']\n  terror: terror*\n"))
    assert nested.categories == (("conflict.war", ("war", "battle*")), ("conflict.terror", ("terror*",)))
    table = load_dictionary(write(tmp_path, "d.csv", "category,pattern\nconflict.war,war\nconflict.war,Battle*\n"
                                                     "conflict.terror,terror*\n"))
    assert table.categories == nested.categories
    liwc = load_dictionary(write(tmp_path, "d.dic", "%\n1\tconflict.war\n2\tconflict.terror\n%\nwar\t1\n"
                                                   "battle*\t1\nterror*\t2\n"))
    assert liwc.categories == nested.categories
    both = load_dictionary(write(tmp_path, "e.dic", "%\n1\ta\n2\tb\n%\nhappy\t1\t2\n"))
    assert both.categories == (("a", ("happy",)), ("b", ("happy",)))


def test_example_dictionary_ships_with_source_and_licence():
    example = load_dictionary(EXAMPLE)
    assert example.category_names == ["war", "peace", "economy", "future"]
    header = EXAMPLE.read_text(encoding="utf-8")
    assert "Source:" in header and "Licence: CC0" in header
    assert "armed forces" in dict(example.categories)["war"]


@pytest.mark.parametrize("name, content, message", [
    ("a.yaml", "war: []\n", "category 'war' is empty"),
    ("a.yaml", "war:\n", "category 'war' is empty"),
    ("a.yaml", "war: {}\n", "category 'war' is empty"),
    ("a.yaml", "war: [war]\nwar: [battle]\n", "category 'war' appears twice"),
    ("a.yaml", "war: [war(]\n", "invalid pattern 'war('"),
    ("a.yaml", "war: ['***']\n", "invalid pattern '***'"),
    ("a.yaml", "war: ['']\n", "an empty pattern"),
    ("a.yaml", "war: [1914]\n", "is not a word"),
    ("a.yaml", "- war\n- peace\n", "expected a mapping"),
    ("a.yaml", "war: [war\n", "not valid YAML at line"),
    ("a.yaml", "", "expected a mapping"),
    ("a.csv", "", "no category found"),
    ("a.csv", "name,word\nwar,war\n", "must name the columns 'category' and 'pattern'"),
    ("a.csv", "category,pattern\n,war\n", "line 2: a pattern without a category"),
    ("a.csv", "category,pattern\n", "no category found"),
    ("a.dic", "war\t1\n", "not a LIWC .dic file"),
    ("a.dic", "%\n1\twar\n%\nlike\t(02 134)125/464\t1\n", "a LIWC conditional entry (not supported)"),
    ("a.dic", "%\n1\twar\n%\nbattle\t7\n", "'7' is an unknown category number"),
    ("a.dic", "%\n1\twar\n2\tpeace\n%\nbattle\t1\n", "category 'peace' is empty"),
    ("a.txt", "war: [war]\n", "unknown dictionary format '.txt'"),
    ("a", "war: [war]\n", "unknown dictionary format '(no extension)'"),
])
def test_bad_dictionaries_are_one_line_errors(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(DictionaryError) as error:
        load_dictionary(path)
    text = str(error.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_unreadable_files(tmp_path):
    with pytest.raises(DictionaryError, match="cannot read it"):
        load_dictionary(tmp_path / "missing.yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(DictionaryError, match="is a folder"):
        load_dictionary(folder)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("caf\u00e9: [caf\u00e9]\n".encode("latin-1"))
    with pytest.raises(DictionaryError, match="not valid UTF-8"):
        load_dictionary(latin)


def test_dictionary_is_plain_data():
    d = Dictionary("x.yaml", "0" * 64, (("a", ("b*",)),))
    assert d.matches(["bee", "cat", "b"]) == {"a": [(0, 1), (2, 1)]}
    assert d.matches([]) == {"a": []}
    # the longest multiword pattern first, whatever the file's order
    city = Dictionary("x.yaml", "0" * 64, (("a", ("new york", "new york city", "york")),))
    assert city.matches("new york city new york york".split()) == {"a": [(0, 3), (3, 2), (5, 1)]}


def test_compute_module_imports_no_matplotlib(imports_by_stage):
    imports_by_stage.absent("dictionary", "matplotlib")  # after load_dictionary(EXAMPLE) (tests/conftest.py)
