"""The command line: bad inputs, the table contract, and byte-for-byte reproduction of figures/.

One real run (module fixture) executes every notebook on the seed, with a bad file among
the inputs; the tests below read its results. A small hard-wrapped text's tables are
written in-process (the same `write_tables` the command calls) to test the contract on a
second text without running the notebooks twice.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import textstat
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import cli, paths
from helpers.tables import write_tables
from helpers.text import load_document

WRAPPED = """\
A Small Test

This first paragraph is hard-wrapped at a narrow width, as plain-text
e-mails and old documents often are. It should come out as a single
paragraph, not as three.

The second paragraph is happy and wonderful. It is also wrapped
over two lines.
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run the command on [seed, broken.png]; return (result, out dir, {input: bytes before})."""
    base = tmp_path_factory.mktemp("run")
    broken = base / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = {p: p.read_bytes() for p in (paths.SEED_PATH, broken)}
    out = base / "out"
    # A relative --out, from a folder other than the project's: results must land there.
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "run", str(paths.SEED_PATH), "broken.png", "--out", "out"],
        capture_output=True, text=True, timeout=600, cwd=base,
    )
    return result, out, before


SEED_OUT = paths.SEED_PATH.stem  # the sub-folder of DIR the seed's results go to


def committed_figures() -> list[Path]:
    """The files of figures/, without the hidden temporary files of a save in progress
    (nbval, in another worker, may be rerunning the notebooks, which save into figures/)."""
    return sorted(p for p in paths.FIGURES_DIR.iterdir() if not p.name.startswith("."))


def test_bad_file_among_several_fails_alone(run):
    result, out, _ = run
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["broken.png: is a PNG image, not text"]
    assert sorted(p.name for p in out.iterdir()) == [SEED_OUT]
    assert sorted(p.name for p in out.parent.iterdir()) == ["broken.png", "out"]  # no temporary folder left
    mask = os.umask(0o022)
    os.umask(mask)
    assert (out / SEED_OUT).stat().st_mode & 0o777 == 0o777 & ~mask  # an ordinary folder, not mkdtemp's 0700


def test_inputs_are_untouched(run):
    for path, content in run[2].items():
        assert path.read_bytes() == content


def test_output_layout(run):
    folder = run[1] / SEED_OUT
    notebooks = sorted(p.name for p in (folder / "notebooks").iterdir())
    expected = sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert notebooks == sorted(expected + [n.replace(".ipynb", ".html") for n in expected])
    assert sorted(p.name for p in (folder / "figures").iterdir()) == [p.name for p in committed_figures()]
    tables = sorted(p.name for p in (folder / "tables").iterdir())
    assert tables == ["document.json", "readability.csv", "sentences.csv", "sentiment.csv", "terms.csv"]


def test_seed_run_reproduces_committed_figures_byte_for_byte(run):
    committed = committed_figures()
    assert committed, "figures/ is empty"
    for path in committed:
        produced = run[1] / SEED_OUT / "figures" / path.name
        assert produced.read_bytes() == path.read_bytes(), f"{path.name} differs from the committed figure"


@pytest.fixture(scope="module")
def wrapped_tables(tmp_path_factory) -> Path:
    """The contract tables of a small hard-wrapped text, written in-process (no notebooks)."""
    base = tmp_path_factory.mktemp("wrapped")
    source = base / "wrapped.txt"
    source.write_text(WRAPPED, encoding="utf-8")
    write_tables(load_document(source), base / "tables")
    return base / "tables"


def test_hard_wrapped_paragraphs_are_one_paragraph_each(wrapped_tables):
    sentiment = pd.read_csv(wrapped_tables / "sentiment.csv")
    assert sentiment["paragraph"].tolist() == [1, 2]
    assert sentiment["text"][0].startswith("This first paragraph is hard-wrapped at a narrow width, as plain-text e-mails")


def test_document_json(run):
    record = json.loads((run[1] / SEED_OUT / "tables" / "document.json").read_text(encoding="utf-8"))
    assert record["input"] == {"file": paths.SEED_PATH.name, "sha256": hashlib.sha256(paths.SEED_PATH.read_bytes()).hexdigest()}
    assert record["title"] == "Hamas in Moscow. Meeting of Allies?"
    assert record["counts"]["paragraphs"] == 10 and record["counts"]["sentences"] == 36
    assert record["versions"]["textstat"] == "0.7.8" and record["versions"]["vaderSentiment"] == "3.3.2"


@pytest.fixture(params=["seed, via the command line", "hard-wrapped text, in-process"])
def tables(request, run, wrapped_tables) -> Path:
    return run[1] / SEED_OUT / "tables" if request.param.startswith("seed") else wrapped_tables


def test_sentiment_tables_equal_reference_vader_on_their_own_text(tables):
    analyzer = SentimentIntensityAnalyzer()
    paragraphs = pd.read_csv(tables / "sentiment.csv", keep_default_na=False)
    assert list(paragraphs.columns[:6]) == ["paragraph", "text", "neg", "neu", "pos", "compound"]
    assert paragraphs["paragraph"].tolist() == list(range(1, len(paragraphs) + 1))
    for row in paragraphs.itertuples():
        expected = analyzer.polarity_scores(row.text)
        assert (row.neg, row.neu, row.pos, row.compound) == pytest.approx(
            (expected["neg"], expected["neu"], expected["pos"], expected["compound"]), abs=1e-12)
    sentences = pd.read_csv(tables / "sentences.csv", keep_default_na=False)
    assert list(sentences.columns[:4]) == ["paragraph", "sentence", "text", "compound"]
    for row in sentences.itertuples():
        assert row.compound == pytest.approx(analyzer.polarity_scores(row.text)["compound"], abs=1e-12)


def test_readability_values_equal_textstat_on_the_same_unit(tables):
    paragraphs = pd.read_csv(tables / "sentiment.csv", keep_default_na=False)["text"].tolist()
    readability = pd.read_csv(tables / "readability.csv", dtype={"unit": str})
    assert list(readability.columns) == ["unit", "measure", "value"]
    assert readability["unit"].drop_duplicates().tolist() == ["document"] + [str(i) for i in range(1, len(paragraphs) + 1)]
    for row in readability.itertuples():
        unit_text = "\n\n".join(paragraphs) if row.unit == "document" else paragraphs[int(row.unit) - 1]
        function = getattr(textstat, row.measure)
        expected = function(unit_text, float_output=True) if row.measure == "text_standard" else function(unit_text)
        assert row.value == pytest.approx(float(expected), abs=1e-9), (row.unit, row.measure)


def test_terms_table_order_and_counts(run):
    terms = pd.read_csv(run[1] / SEED_OUT / "tables" / "terms.csv", keep_default_na=False)
    assert list(terms.columns[:3]) == ["term", "count", "per_1000"]
    expected_order = terms.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    assert terms["term"].tolist() == expected_order["term"].tolist()
    counts = dict(zip(terms["term"], terms["count"]))
    assert (counts["hamas"], counts["russia"], counts["moscow"]) == (16, 10, 10)


# Bad inputs, run in-process (they fail before any notebook starts).
BAD = {
    "empty.txt": b"",
    "blank.txt": b" \n\n\t \n",
    "picture.png": b"\x89PNG\r\n\x1a\n" + bytes(100),
    "nul.txt": b"\x00" * 100,
    "latin1.txt": "na\u00efve caf\u00e9 text".encode("latin-1"),
    "nowords.txt": b"123 456\n\n--- ...\n",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_line_nothing_written(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    out = tmp_path / "out"
    status = cli.main(["run", str(path), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert status == 1
    assert len(stderr.strip().splitlines()) == 1 and stderr.startswith(str(path))
    assert not out.exists() and path.read_bytes() == BAD[name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary folder left


@pytest.mark.parametrize("target", ["missing.txt", "."])
def test_missing_path_and_directory(tmp_path, capsys, target):
    status = cli.main(["run", str(tmp_path / target), "--out", str(tmp_path / "out")])
    stderr = capsys.readouterr().err
    assert status == 1 and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_refuses_to_overwrite_a_foreign_folder(tmp_path, capsys):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("keep me")
    assert cli.main(["run", str(paths.SEED_PATH), "--out", str(out)]) == 1
    assert "not an earlier output" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_usage_errors_exit_2():
    for argv in (["run", str(paths.SEED_PATH)], ["run", "--out", "x"], [],
                 ["run", str(paths.SEED_PATH), "--out", "x", "--encoding", "no-such-codec"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 2


def test_help_documents_the_outputs():
    result = subprocess.run([sys.executable, "-m", "helpers", "run", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for word in ("--out", "--encoding", "tables/", "figures/", "Exit status"):
        assert word in result.stdout


def test_a_failing_notebook_is_one_line_and_writes_nothing(tmp_path):
    import nbformat

    source = tmp_path / "99_broken.ipynb"
    cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('boom')")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), source)
    # In a child process: a kernel client leaves sockets for the garbage collector to close.
    script = (f"import sys; from pathlib import Path; from helpers import cli; "
              f"print(cli._execute_all([(Path({str(source)!r}), Path({str(tmp_path / 'out.ipynb')!r}), None)], 'label'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout == "False\n"
    assert result.stderr.splitlines() == ["label: notebook 99_broken.ipynb failed: ValueError: boom"]
    assert not (tmp_path / "out.ipynb").exists()
