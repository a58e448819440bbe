"""`run TEXT` computes the State of the Union corpus first, in a slot of its own, and starts the
notebooks that read it (04, 04a, 05) only after it (helpers/cli.py: `shared_computations`,
`_execute_all(prepare=...)`); the entries it leaves are those `analyse_corpus` reads."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from helpers import cli


def _fake_run(monkeypatch, tmp_path, names, prepare_names, waiting, fail_prepare=False, kernels="2"):
    """`_execute_all` on fake notebooks (execute sleeps 0.3 s) with one fake shared computation
    (0.75 s) that `waiting` wait for; return (ok, events [(what, name, time)], most running at once)."""
    from helpers.publish import notebooks

    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(cli.KERNELS_ENV, kernels)
    lock, state, events = threading.Lock(), {"running": 0, "most": 0}, []

    def enter(name):
        with lock:
            state["running"] += 1
            state["most"] = max(state["most"], state["running"])
            events.append(("start", name, time.perf_counter()))

    def leave(name):
        with lock:
            state["running"] -= 1
            events.append(("end", name, time.perf_counter()))

    def fake_execute(source, target, parameters, timeout, seed, environment):
        enter(source.name)
        time.sleep(0.3)
        leave(source.name)

    def shared():
        enter("corpus")
        time.sleep(0.75)
        leave("corpus")
        if fail_prepare:
            raise RuntimeError("the corpus failed")

    monkeypatch.setattr(notebooks, "execute", fake_execute)
    jobs = [(tmp_path / name, tmp_path / "out" / name, None) for name in names]
    prepare = [(name, shared, waiting) for name in prepare_names]
    ok = cli._execute_all(jobs, "label", size=1000, last=lambda: (enter("tables"), leave("tables")), prepare=prepare)
    return ok, events, state["most"]


NAMES = ["00_a.ipynb", "01_b.ipynb", "02_c.ipynb", "03_d.ipynb", "04_corpus.ipynb", "05_validity.ipynb"]
READERS = ("04_corpus.ipynb", "05_validity.ipynb")


def _when(events, what, name):
    return next(t for w, n, t in events if w == what and n == name)


def test_readers_start_after_the_shared_computation_and_before_the_others(monkeypatch, tmp_path):
    ok, events, most = _fake_run(monkeypatch, tmp_path, NAMES, ["corpus"], READERS)
    assert ok and most == 2  # the computation takes one of the two slots: never three at once
    starts = [n for w, n, _ in events if w == "start"]
    assert starts[0] == "corpus" and sorted(starts) == sorted(NAMES + ["corpus", "tables"])
    done = _when(events, "end", "corpus")
    for reader in READERS:
        assert _when(events, "start", reader) >= done
    # The other slot worked meanwhile (0.75 s: three notebooks of 0.3 s started), longest expected first
    # (issue 19's budget: 02 and 03, 40 s; then 01, 35 s).
    assert [n for w, n, t in events if w == "start" and t < done][1:] == ["02_c.ipynb", "03_d.ipynb", "01_b.ipynb"]
    # Once the corpus is there, its readers go first; the tables last, after every notebook started.
    assert starts[4:6] == ["04_corpus.ipynb", "05_validity.ipynb"] and starts[-1] == "tables"


def test_a_failed_shared_computation_is_not_reported_and_its_readers_still_run(monkeypatch, tmp_path, capsys):
    ok, events, most = _fake_run(monkeypatch, tmp_path, NAMES, ["corpus"], READERS, fail_prepare=True)
    assert ok and most == 2 and capsys.readouterr().err == ""
    assert {n for w, n, _ in events if w == "end"} == set(NAMES) | {"corpus", "tables"}


def test_one_slot_runs_everything_in_turn(monkeypatch, tmp_path):
    ok, events, most = _fake_run(monkeypatch, tmp_path, NAMES, ["corpus"], READERS, kernels="1")
    starts = [n for w, n, _ in events if w == "start"]
    assert ok and most == 1
    assert starts == ["corpus", "04_corpus.ipynb", "05_validity.ipynb", "02_c.ipynb", "03_d.ipynb", "01_b.ipynb",
                      "00_a.ipynb", "tables"]


def _jobs(names, parameters=None):
    return [(Path("notebooks") / name, Path("out") / name, parameters) for name in names]


def test_shared_computations_only_for_the_default_corpus(monkeypatch):
    monkeypatch.setenv(cli.KERNELS_ENV, "2")
    every = ["00_the_text.ipynb", "04_corpus.ipynb", "04a_published.ipynb", "05_validity.ipynb"]
    [(name, function, waiting)] = cli.shared_computations(_jobs(every, {"text_path": "x"}), 10_000)
    assert name == "corpus" and waiting == ("04_corpus.ipynb", "04a_published.ipynb", "05_validity.ipynb")
    assert function.args == (2, None)  # a small text: one worker per core
    [(_, function, _)] = cli.shared_computations(_jobs(every), 1_000_000, {"X": "1"})
    assert function.args == (1, {"X": "1"})  # 1 MB and more: one worker, in its slot
    [(_, _, waiting)] = cli.shared_computations(_jobs(["05_validity.ipynb", "01_readability.ipynb"]), 10)
    assert waiting == ("05_validity.ipynb",)
    assert cli.shared_computations(_jobs(["00_the_text.ipynb", "01_readability.ipynb"]), 10) == []
    for other in ("corpus_dir", "sotu_dir", "dictionary_path"):  # the notebooks would compute something else
        assert cli.shared_computations(_jobs(every, {"text_path": "x", other: "y"}), 10) == []


def test_the_prepared_corpus_is_what_analyse_corpus_reads(monkeypatch, tmp_path):
    """compute_corpus fills the cache; corpus_is_cached sees it, and analyse_corpus (as 04 calls it,
    with the metadata) then computes nothing; a changed text is a miss again."""
    from helpers.corpus import api

    texts = tmp_path / "texts"
    texts.mkdir()
    for name, body in (("1990_a.txt", "The first address. It is short.\n\nA second paragraph here."),
                       ("1991_b.txt", "Another address, also short!\n\nIt ends here.")):
        (texts / name).write_text(body, encoding="utf-8")
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cli, "SOTU_TEXTS", texts)  # absolute: PROJECT_ROOT / SOTU_TEXTS is this folder
    assert not cli.corpus_is_cached()
    cli.compute_corpus(1)
    assert cli.corpus_is_cached()

    def no_work(sources, *args, **kwargs):
        assert not sources, f"computed again: {[s.name for s in sources]}"
        return []

    monkeypatch.setattr(api, "run_sources", no_work)
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("file,year\n1990_a.txt,1990\n1991_b.txt,1991\n", encoding="utf-8")
    result = api.analyse_corpus(sorted(texts.glob("*.txt")), metadata=metadata)
    assert list(result.tables["documents"]["file"]) == ["1990_a.txt", "1991_b.txt"] and not result.failed
    (texts / "1991_b.txt").write_text("Another address, changed.\n", encoding="utf-8")
    assert not cli.corpus_is_cached()


def test_make_corpus_starts_a_process_only_on_a_miss(monkeypatch):
    import subprocess

    started = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: started.append((command, kwargs)))
    monkeypatch.setattr(cli, "corpus_is_cached", lambda: True)
    cli._make_corpus(1, {"X": "1"})
    assert started == []
    monkeypatch.setattr(cli, "corpus_is_cached", lambda: False)
    cli._make_corpus(1, {"X": "1"})
    [(command, kwargs)] = started
    assert command[-1] == "from helpers.cli import compute_corpus; compute_corpus(1)"
    assert kwargs["env"]["X"] == "1" and kwargs["cwd"] == cli.paths.PROJECT_ROOT
