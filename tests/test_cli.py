"""The command line: bad inputs, the table contract, and byte-for-byte reproduction of figures/.

One real run (module fixture) executes a notebook on the seed, with a bad file among the
inputs; the tests below read its results. It runs notebook 00 alone (the command's notebook
folder pointed at a copy of it): every notebook is already executed on the seed by nbval in
the same `make test`, and tests/conftest.py checks after the session that this left figures/
byte for byte as committed. Running them all here too would pay twice for the same work. A small hard-wrapped text's tables are
written in-process (the same `write_tables` the command calls) to test the contract on a
second text without running the notebooks twice.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import textstat
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import cli, paths
from helpers.publish.notebooks import parse_value
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
    (base / "notebooks").mkdir()
    shutil.copy(paths.NOTEBOOKS_DIR / RUN_NOTEBOOK, base / "notebooks" / RUN_NOTEBOOK)
    # A relative --out, from a folder other than the project's: results must land there.
    script = (f"import sys; from pathlib import Path; from helpers import cli, paths; "
              f"paths.NOTEBOOKS_DIR = Path({str(base / 'notebooks')!r}); "
              f"sys.exit(cli.main(['run', {str(paths.SEED_PATH)!r}, 'broken.png', '--out', 'out']))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=base,
                            env=PLAIN_KERNELS)
    return result, out, before


SEED_OUT = paths.SEED_PATH.stem  # the sub-folder of DIR the seed's results go to
RUN_NOTEBOOK = "00_the_text.ipynb"  # the notebook the command runs here (see the module docstring)
# The command's runs here start their few kernels the plain way: a kernel template imports what every
# notebook needs (about 5 s of CPU), more than one or two plain kernels cost. The runner's forked
# kernels are tested in tests/test_kernel_server.py (test_runner_forks_its_kernels), and every
# notebook runs forked under nbval in this session.
PLAIN_KERNELS = os.environ | {"TEXT_NOTEBOOKS_FORK": "0"}


def git(*args: str) -> str:
    """Run git in the project; skip the calling test when this is not a git checkout."""
    result = subprocess.run(["git", "-C", str(paths.PROJECT_ROOT), *args], capture_output=True, timeout=60)
    if result.returncode != 0:
        pytest.skip("not a git checkout: nothing committed to compare with")
    return result.stdout.decode("utf-8")


def committed_figures() -> dict[str, str]:
    """{file name: git blob id} of notebook 00's figures as committed (HEAD), not the working
    copy, which nbval, in another worker, may be rewriting at this moment."""
    listing = git("ls-tree", "HEAD", "figures/")
    figures = {line.split("\t")[1].split("/")[-1]: line.split()[2] for line in listing.splitlines()}
    return {name: blob for name, blob in figures.items() if name.startswith(RUN_NOTEBOOK[:3])}


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (SHA-1 of a 'blob' header and the bytes)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def committed_bytes(name: str) -> bytes:
    result = subprocess.run(["git", "-C", str(paths.PROJECT_ROOT), "show", f"HEAD:figures/{name}"],
                            capture_output=True, timeout=60, check=True)
    return result.stdout


def test_bad_file_among_several_fails_alone(run):
    result, out, _ = run
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["broken.png: is a PNG image, not text"]
    assert sorted(p.name for p in out.iterdir()) == [SEED_OUT]
    assert sorted(p.name for p in out.parent.iterdir()) == ["broken.png", "notebooks", "out"]  # no temporary folder left
    mask = os.umask(0o022)
    os.umask(mask)
    assert (out / SEED_OUT).stat().st_mode & 0o777 == 0o777 & ~mask  # an ordinary folder, not mkdtemp's 0700


def test_inputs_are_untouched(run):
    for path, content in run[2].items():
        assert path.read_bytes() == content


def test_output_layout(run):
    folder = run[1] / SEED_OUT
    notebooks = sorted(p.name for p in (folder / "notebooks").iterdir())
    expected = [RUN_NOTEBOOK]
    assert notebooks == sorted(expected + [n.replace(".ipynb", ".html") for n in expected])
    assert sorted(p.name for p in (folder / "figures").iterdir()) == sorted(committed_figures())
    tables = sorted(p.name for p in (folder / "tables").iterdir())
    assert tables == ["diversity.csv", "document.json", "readability.csv", "sentences.csv", "sentiment.csv", "terms.csv"]


def test_success_is_one_line_per_text_on_stdout(run):
    assert run[0].stdout.splitlines() == [f"{paths.SEED_PATH}: results in {run[1] / SEED_OUT}"]


def test_parameters_cell_shows_the_paths_the_user_gave(run):
    # The seed was given as an absolute path, --out as "out" from the run's folder: the cell
    # shows those, and figures_dir is the final folder, not the temporary one the run wrote in.
    import nbformat

    for executed in sorted((run[1] / SEED_OUT / "notebooks").glob("*.ipynb")):
        cells = [c for c in nbformat.read(executed, as_version=4).cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, executed.name
        assert cells[0].source.splitlines()[1:4] == [
            f"text_path = {str(paths.SEED_PATH)!r}",
            f"figures_dir = {str(run[1] / SEED_OUT / 'figures')!r}",
            "encoding = 'utf-8'",
        ]
        assert ".partial-" not in executed.read_text(encoding="utf-8")


def test_seed_run_reproduces_committed_figures_byte_for_byte(run):
    """Every figure file of a fresh run equals git's committed copy (blob id), in the run's own
    folder (notebook 00's; every notebook's figures/ in place: tests/conftest.py). The JSON provenance may add only what records the run: its commit and parameters."""
    committed = committed_figures()
    assert committed, "figures/ has no committed files"
    produced_folder = run[1] / SEED_OUT / "figures"
    for name, blob in sorted(committed.items()):
        produced = (produced_folder / name).read_bytes()
        if not name.endswith(".json"):
            assert blob_id(produced) == blob, f"{name} differs from the committed figure"
            continue
        record, expected = json.loads(produced), json.loads(committed_bytes(name))
        head = git("rev-parse", "HEAD").strip()
        assert record.pop("commit") in {head, head + " with uncommitted changes"}, name
        parameters, committed_parameters = record.pop("parameters", None), expected.pop("parameters", None)
        if committed_parameters is not None:
            # The run injects the text and the figures folder; every other parameter keeps its default.
            given = {"text_path": str(paths.SEED_PATH), "figures_dir": str(produced_folder), "encoding": "utf-8"}
            assert parameters == committed_parameters | given, name
        assert record == expected, f"{name} differs from the committed figure beyond commit and parameters"


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
    assert record["removed_lines"] == ["top of page", "Comments", "bottom of page"]
    assert record["removed_stage_directions"] == {}
    head = git("rev-parse", "HEAD").strip()
    assert record["commit"] in {head, head + " with uncommitted changes"}


def test_document_json_counts_stage_directions(tmp_path):
    source = tmp_path / "speech.txt"
    source.write_text("Thank you. (Applause.) We will win. [Laughter] (Applause.) Good night.\n", encoding="utf-8")
    write_tables(load_document(source), tmp_path / "tables")
    record = json.loads((tmp_path / "tables" / "document.json").read_text(encoding="utf-8"))
    assert record["removed_stage_directions"] == {"(Applause.)": 2, "[Laughter]": 1}
    sentiment = pd.read_csv(tmp_path / "tables" / "sentiment.csv")
    assert sentiment["text"].tolist() == ["Thank you. We will win. Good night."]


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
    assert list(readability.columns[:3]) == ["unit", "measure", "value"]  # the contract; extras follow
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
    for argv in (["run", str(paths.SEED_PATH)], ["run", "--out", "x"], [], ["run", "-p", "family_prefix", "war"],
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
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=PLAIN_KERNELS)
    assert result.returncode == 0 and result.stdout == "False\n"
    assert result.stderr.splitlines() == ["label: notebook 99_broken.ipynb failed: ValueError: boom"]
    assert not (tmp_path / "out.ipynb").exists()


@pytest.mark.parametrize("value, parsed", [
    ("True", True), ("False", False), ("None", None), ("3", 3), ("-2", -2), ("0.5", 0.5), ("1e3", 1000.0),
    ("true", "true"), ("war", "war"), ("3 words", "3 words"), ("", ""),
])
def test_parameter_values_are_read_as_papermill_reads_them(value, parsed):
    from papermill.cli import _resolve_type  # the reference: papermill's own -p parser

    assert parse_value(value) == parsed == _resolve_type(value)
    assert type(parse_value(value)) is type(_resolve_type(value))


@pytest.mark.parametrize("argv, message", [
    (["-p", "no_such_parameter", "1"], "no notebook has this parameter"),
    (["-p", "text_path", "x.txt"], "set by TEXT"),
    (["-p", "figures_dir", "x"], "set by TEXT"),
])
def test_bad_parameters_are_usage_errors(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", str(paths.SEED_PATH), "--out", str(tmp_path / "out"), *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


TINY_PARAMETERS = 'text_path = "seeds/x.txt"\nfigures_dir = "figures"\nencoding = "utf-8"\n'
TINY_CODE = """\
from pathlib import Path
from helpers import paths, text
document = text.load_document(paths.resolve(text_path), encoding)
out_dir = paths.figures_folder(figures_dir, document)
out_dir.mkdir(parents=True, exist_ok=True)
(out_dir / (NAME + '.txt')).write_text(str(colour) if 'colour' in dir() else '-')
print('shown:', paths.shown(out_dir))
"""
# Two tiny notebooks stand in for notebooks/: one has the parameter `colour`, the other `dictionary_path`.
TINY_NOTEBOOKS = {"01_colour": TINY_PARAMETERS + 'colour = "red"\n', "02_dictionary": TINY_PARAMETERS + "dictionary_path = None\n"}
OTHER_TEXT = "A Title\n\nWar and peace. The armed forces came home in peace.\n\nNothing else.\n"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One `run` of the two tiny notebooks on another text, with `-p colour blue` and `--dictionary`
    (both options in one run: each notebook has one of the two parameters, so each test below sees a
    parameter reach the notebook that has it and only that one). Returns (result, its folder)."""
    import nbformat

    base = tmp_path_factory.mktemp("tiny")
    folder = base / "notebooks"
    folder.mkdir()
    for name, parameters in TINY_NOTEBOOKS.items():
        seed_only = nbformat.v4.new_markdown_cell("On the seed, this sentence is true.", metadata={"tags": ["seed-only"]})
        cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}), seed_only,
                 nbformat.v4.new_code_cell(f"NAME = {name!r}\n" + TINY_CODE),
                 nbformat.v4.new_code_cell("print('dictionary:', dictionary_path if 'dictionary_path' in dir() else '-')")]
        nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / f"{name}.ipynb")
    (base / "other.txt").write_text(OTHER_TEXT, encoding="utf-8")
    script = (f"import sys; from pathlib import Path; from helpers import cli, paths; "
              f"paths.NOTEBOOKS_DIR = Path({str(folder)!r}); "
              f"sys.exit(cli.main(['run', 'other.txt', '--out', 'res', '-p', 'colour', 'blue', '--dictionary', {str(EXAMPLE)!r}]))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=base,
                            env=PLAIN_KERNELS)
    return result, base


def test_parameters_reach_only_the_notebooks_that_have_them_and_seed_prose_leaves_html(tiny_run):
    """-p colour reaches the notebook with that parameter, the figures land in the final folder
    (written through the staging one), the parameters cell and the outputs show the final folder,
    and a seed-only cell is in neither notebook nor HTML."""
    import nbformat

    result, base = tiny_run
    assert result.returncode == 0, result.stderr
    out, other = base / "res", base / "other.txt"
    assert result.stdout.splitlines() == [f"other.txt: results in {out}"]
    assert (out / "figures" / "01_colour.txt").read_text() == "blue"
    assert (out / "figures" / "02_dictionary.txt").read_text() == "-"
    for name in TINY_NOTEBOOKS:
        executed = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
        injected = [c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected[0].splitlines()[1:3] == [f"text_path = {str(other)!r}", f"figures_dir = {str(out / 'figures')!r}"]
        assert ("colour = 'blue'" in injected[0]) == (name == "01_colour")
        assert f"shown: {out / 'figures'}" in executed.cells[-2].outputs[0].text
        html = (out / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert "On the seed" not in html and "On the seed" not in json.dumps(executed)
        assert "partial" not in html
    assert sorted(p.name for p in base.iterdir()) == ["notebooks", "other.txt", "res"]


@pytest.mark.exhaustive
def test_papermill_on_another_text_leaves_the_checkout_clean(tmp_path):
    """Papermill, as the README suggests, runs notebook 02 on another text: its figures go to
    out/figures/<stem>/ (git-ignored), and git sees no change.

    nbval, in another worker, may be rewriting figures/ at the same moment, so "nothing went to
    figures/" is proven without racing it: the kernel runs with figures/ mapped to a trap
    folder (`paths.STAGING_ENV`, as a `run` maps its output folder), which must stay empty.
    """
    def status() -> set[str]:
        # figures/ and notebooks/ aside: nbval may be rewriting them in place right now.
        return {line for line in git("status", "--porcelain", "--untracked-files=all").splitlines()
                if not line[3:].startswith(("figures/", "notebooks/"))}

    stem = f"papermill-test-{os.getpid()}"
    other = tmp_path / f"{stem}.txt"
    other.write_text(WRAPPED, encoding="utf-8")
    scratch, trap = paths.SCRATCH_DIR / "figures" / stem, tmp_path / "trap"
    before = status()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "papermill", str(paths.NOTEBOOKS_DIR / "02_sentiment.ipynb"), str(tmp_path / "02.ipynb"),
             "-p", "text_path", str(other), "--kernel", "python3", "--no-progress-bar"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
            env=os.environ | {paths.STAGING_ENV: f"{paths.FIGURES_DIR}{os.pathsep}{trap}"},
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert not trap.exists(), f"the notebook wrote into figures/: {sorted(p.name for p in trap.iterdir())}"
        assert status() == before
        assert sorted(p.name for p in scratch.glob("02_*.png")), "the figures did not go to out/figures/<stem>/"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_licence_and_citation_agree_with_the_package_metadata():
    import tomllib

    import yaml

    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    licence = (paths.PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert project["license"] == "MIT" and licence.startswith("MIT License\n")
    assert "Copyright (c) 2026 text-notebooks contributors" in licence
    citation = yaml.safe_load((paths.PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # The keys CFF 1.2.0 requires, and the values that must agree with pyproject.toml.
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"] and citation["title"].startswith(project["name"])
    assert citation["authors"] == [{"name": "text-notebooks contributors"}]
    assert (citation["version"], citation["license"]) == (project["version"], project["license"])


def test_stream_pieces_are_merged_so_runs_do_not_differ_by_flush_timing():
    import nbformat

    from helpers.publish.notebooks import coalesce_streams

    stream = nbformat.v4.new_output
    outputs = [stream("stream", name="stdout", text="P1 a\n"), stream("stream", name="stdout", text="P2 b\n"),
               stream("stream", name="stderr", text="warn\n"), stream("stream", name="stdout", text="c\n"),
               stream("execute_result", data={"text/plain": "1"}, execution_count=1)]
    merged = coalesce_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "P1 a\nP2 b\n"), ("stream", "stderr", "warn\n"), ("stream", "stdout", "c\n"),
        ("execute_result", None, None)]


def test_text_path_is_shown_as_given_unless_the_notebooks_would_read_another_file(monkeypatch, tmp_path):
    monkeypatch.chdir(paths.PROJECT_ROOT)
    assert paths.as_parameter(Path("seeds") / paths.SEED_PATH.name) == f"seeds/{paths.SEED_PATH.name}"
    monkeypatch.chdir(tmp_path)  # "my.txt" here is not the project root's my.txt
    assert paths.as_parameter(Path("my.txt")) == str(tmp_path / "my.txt")
    assert paths.as_parameter(tmp_path / "a b.txt") == str(tmp_path / "a b.txt")


# --- Issue 17: other lexicons, diversity, --dictionary -----------------------------------------------

EXAMPLE = paths.PROJECT_ROOT / "helpers" / "terms" / "dictionaries" / "example.yaml"


def test_lexicon_extras_equal_the_packages_on_their_own_text(tables, lexicon_packages):
    afinn, hiv4, lm = lexicon_packages
    extras = ["afinn", "harvard_iv", "harvard_iv_subjectivity", "loughran_mcdonald", "loughran_mcdonald_subjectivity"]
    for name, contract in (("sentiment.csv", ["paragraph", "text", "neg", "neu", "pos", "compound", "label", "sentences",
                                              "sentence_mean", "sentence_min", "sentence_max"]),
                           ("sentences.csv", ["paragraph", "sentence", "text", "compound", "neg", "neu", "pos"])):
        table = pd.read_csv(tables / name, keep_default_na=False)
        assert list(table.columns[:len(contract)]) == contract and list(table.columns[-5:]) == extras
        for row in table.itertuples():
            h, m = hiv4.get_score(hiv4.tokenize(row.text)), lm.get_score(lm.tokenize(row.text))
            assert [getattr(row, e) for e in extras] == [afinn.score(row.text), h["Polarity"], h["Subjectivity"],
                                                         m["Polarity"], m["Subjectivity"]]


def test_diversity_table_is_the_running_words(tables):
    from lexicalrichness import LexicalRichness

    table = pd.read_csv(tables / "diversity.csv", keep_default_na=False)
    assert list(table.columns) == ["measure", "value", "parameters", "tokens"]
    assert table["measure"].tolist() == ["ttr", "mattr", "mtld", "hdd", "yulek", "maas"]
    record = json.loads((tables / "document.json").read_text(encoding="utf-8"))
    assert set(table["tokens"]) == {record["counts"]["running_words"]}
    sentiment = pd.read_csv(tables / "sentiment.csv", keep_default_na=False)
    from helpers.terms import terms as terms_of

    words = [t for paragraph in sentiment["text"] for t in terms_of(paragraph)]
    assert len(words) == record["counts"]["running_words"]
    ttr = table.set_index("measure").loc["ttr", "value"]
    assert float(ttr) == LexicalRichness(words, preprocessor=None, tokenizer=None).ttr


def test_bad_dictionary_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("war: [war, 'battle(']\n", encoding="utf-8")
    for dictionary, message in ((bad, "invalid pattern 'battle('"), (tmp_path / "none.yaml", "cannot read it"),
                                (tmp_path / "words.txt", "unknown dictionary format '.txt'")):
        status = cli.main(["run", str(paths.SEED_PATH), "--out", str(tmp_path / "out"), "--dictionary", str(dictionary)])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and err.startswith(f"{dictionary}: ") and message in err
    assert not (tmp_path / "out").exists()
    for argv, message in ((["run", "--dictionary", str(EXAMPLE)], "need at least one TEXT"),
                          (["run", str(paths.SEED_PATH), "--out", str(tmp_path / "out"), "-p", "dictionary_path", "x.yaml"],
                           "--dictionary FILE")):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_help_names_the_new_tables_and_dictionary():
    for command in ("run", "corpus"):
        result = subprocess.run([sys.executable, "-m", "helpers", command, "--help"], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0
        for word in ("--dictionary", "diversity.csv", "dictionary.csv"):
            assert word in result.stdout, (command, word)


def test_dictionary_reaches_the_tables_and_only_the_notebooks_that_have_it(tiny_run):
    """--dictionary FILE writes tables/dictionary.csv and sets `dictionary_path` in the notebook that
    has that parameter only (the run of tiny_run, above)."""
    import nbformat

    result, base = tiny_run
    assert result.returncode == 0, result.stderr
    out = base / "res"
    table = pd.read_csv(out / "tables" / "dictionary.csv", keep_default_na=False)
    assert list(table.columns) == ["paragraph", "category", "count", "per_1000", "matches"]
    first = table[table.paragraph == 1].set_index("category")
    assert first.loc["war", "matches"] == "armed forces x1; war x1" and first.loc["peace", "count"] == 2
    for name, shown in (("01_colour", "-"), ("02_dictionary", str(EXAMPLE))):
        executed = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
        assert executed.cells[-1].outputs[0].text == f"dictionary: {shown}\n"


# --- Issue 19: at most as many kernels as cores, the longest notebook first ------------------------

def _fake_runs(monkeypatch, tmp_path, kernels: str, names: list[str], recorded: dict | None = None, fail: str = ""):
    """Run `cli._execute_all` on notebooks `names` with `execute` replaced by a fake that sleeps
    (no kernel); return (start order, largest number running at once, the durations file)."""
    import threading
    import time

    from helpers.publish import notebooks

    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(cli.KERNELS_ENV, kernels)
    if recorded is not None:
        (tmp_path / "cache" / cli.DURATIONS).parent.mkdir(parents=True)
        (tmp_path / "cache" / cli.DURATIONS).write_text(json.dumps(recorded), encoding="utf-8")
    lock, state = threading.Lock(), {"running": 0, "most": 0, "order": []}

    def fake_execute(source, target, parameters, timeout, seed, environment):
        with lock:
            state["running"] += 1
            state["most"] = max(state["most"], state["running"])
            state["order"].append(source.name)
        time.sleep(0.2)
        with lock:
            state["running"] -= 1
        if source.name == fail:
            raise RuntimeError("kernel died")

    monkeypatch.setattr(notebooks, "execute", fake_execute)
    def last():  # the run's tables, computed in this process in one of the slots
        fake_execute(tmp_path / "tables", None, None, None, None, None)

    jobs = [(tmp_path / name, tmp_path / "out" / name, None) for name in names]
    ok = cli._execute_all(jobs, "label", size=1000, last=last)
    return ok, state["order"], state["most"], tmp_path / "cache" / cli.DURATIONS


NAMES = ["00_a.ipynb", "00a_b.ipynb", "01_c.ipynb", "02_d.ipynb", "03_e.ipynb", "05_f.ipynb"]


@pytest.mark.parametrize("kernels", ["1", "2", "3"])
def test_at_most_as_many_kernels_as_allowed_run_at_once(monkeypatch, tmp_path, kernels):
    ok, order, most, _ = _fake_runs(monkeypatch, tmp_path, kernels, NAMES)
    assert ok and sorted(order[:-1]) == NAMES and order[-1] == "tables"  # the tables after every notebook started
    assert most == int(kernels)  # never more, the tables included; and the slots are used (6 jobs, 0.2 s each)


def test_default_is_the_usable_cores(monkeypatch):
    monkeypatch.delenv(cli.KERNELS_ENV, raising=False)
    assert cli.max_kernels() == len(os.sched_getaffinity(0))
    for bad in ("", "zero", "0", "-3"):
        monkeypatch.setenv(cli.KERNELS_ENV, bad)
        assert cli.max_kernels() == (1 if bad in ("0", "-3") else len(os.sched_getaffinity(0)))


def test_longest_expected_first_from_the_budget_then_from_recorded_times(monkeypatch, tmp_path):
    # No record: issue 19's budget, by hand: 02 and 03 (40 s) before 01 (35), 00 (15), 00a and 05 (10).
    _, order, _, durations = _fake_runs(monkeypatch, tmp_path / "a", "1", NAMES)
    assert order == ["02_d.ipynb", "03_e.ipynb", "01_c.ipynb", "00_a.ipynb", "00a_b.ipynb", "05_f.ipynb", "tables"]
    # The run recorded each notebook's time under its size class (1000 bytes: 10 binary digits).
    record = json.loads(durations.read_text(encoding="utf-8"))
    assert list(record) == ["10"] and sorted(record["10"]) == NAMES
    assert all(0.2 <= s < 60 for s in record["10"].values())
    # A record for this size class decides; notebooks without one keep the budget.
    recorded = {"10": {"05_f.ipynb": 99, "00a_b.ipynb": 37.5}, "20": {"00_a.ipynb": 1000}}
    _, order, _, _ = _fake_runs(monkeypatch, tmp_path / "b", "1", NAMES, recorded)
    assert order == ["05_f.ipynb", "02_d.ipynb", "03_e.ipynb", "00a_b.ipynb", "01_c.ipynb", "00_a.ipynb", "tables"]


def test_a_broken_durations_record_is_ignored_and_a_failure_still_reported(monkeypatch, tmp_path, capsys):
    (tmp_path / "cache" / cli.DURATIONS).parent.mkdir(parents=True)
    (tmp_path / "cache" / cli.DURATIONS).write_text("{half a record", encoding="utf-8")
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    assert cli.expected_seconds(Path("01_x.ipynb"), 1000) == 35.0
    ok, order, most, durations = _fake_runs(monkeypatch, tmp_path / "c", "2", NAMES, fail="01_c.ipynb")
    assert not ok and sorted(set(order) - {"tables"}) == NAMES and most == 2
    assert capsys.readouterr().err.splitlines() == ["label: notebook 01_c.ipynb failed: kernel died"]
    assert "01_c.ipynb" not in json.loads(durations.read_text(encoding="utf-8"))["10"]  # no time for a failed run


def test_a_rerun_that_changes_nothing_leaves_the_notebook_file_alone(tmp_path):
    """The runner writes what nbformat.write writes, and only when the bytes change: an unchanged
    notebook keeps its modification time (git's clean filter and editors see nothing to do)."""
    import nbformat

    from helpers.publish.notebooks import write_if_changed

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Caf\u00e9 \u2014 a test")])
    reference, target = tmp_path / "reference.ipynb", tmp_path / "sub" / "target.ipynb"
    nbformat.write(notebook, reference)
    assert write_if_changed(notebook, target) and target.read_bytes() == reference.read_bytes()
    os.utime(target, (1_000_000_000, 1_000_000_000))
    assert not write_if_changed(nbformat.read(reference, as_version=4), target)
    assert target.stat().st_mtime == 1_000_000_000
    notebook.cells[0].source += "!"
    assert write_if_changed(notebook, target) and target.stat().st_mtime != 1_000_000_000
    nbformat.write(notebook, reference)
    assert target.read_bytes() == reference.read_bytes()


def test_kernels_import_the_text_layer_without_scipy_stats_and_nltk_still_has_fisher(imports_by_stage):
    """helpers.text imports nltk without loading scipy.stats (about 1 s of CPU per kernel); nltk's
    Fisher measure still gives scipy's value, and a later `import scipy.stats` is the real module
    (in a fresh process: tests/conftest.py's import stages)."""
    imports_by_stage.present("text", "nltk")
    imports_by_stage.absent("text", "scipy.stats")
    after = imports_by_stage.stages["nltk fisher"]
    assert after["scipy.stats real"]
    fisher, expected = after["fisher"]
    assert fisher == expected, (fisher, expected)
