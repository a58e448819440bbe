"""`run TEXT` writes the text's tables in a kernel forked from the warm template (helpers/cli.py:
`_write_tables`), once the notebooks that compute the long tables they read have ended, in the
order of their expected time (`_execute_all(last_after=...)`)."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from helpers import cli


def _fake_run(monkeypatch, tmp_path, names, recorded=None):
    """`_execute_all` on fake notebooks (each 0.3 s) and fake tables (0.3 s) that wait for TABLES_AFTER;
    return (ok, events [(what, name, time)], the durations recorded)."""
    from helpers.publish import notebooks

    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(cli.KERNELS_ENV, "2")
    if recorded is not None:
        path = tmp_path / "cache" / cli.DURATIONS
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({cli.size_class(1000): recorded}), encoding="utf-8")
    lock, events = threading.Lock(), []

    def event(what, name):
        with lock:
            events.append((what, name, time.perf_counter()))

    def fake_execute(source, target, parameters, timeout, seed, environment):
        event("start", source.name)
        time.sleep(0.3)
        event("end", source.name)

    def tables():
        event("start", "tables")
        time.sleep(0.3)
        event("end", "tables")

    monkeypatch.setattr(notebooks, "execute", fake_execute)
    jobs = [(tmp_path / name, tmp_path / "out" / name, None) for name in names]
    ok = cli._execute_all(jobs, "label", size=1000, last=tables, last_after=cli.TABLES_AFTER)
    record = json.loads((tmp_path / "cache" / cli.DURATIONS).read_text(encoding="utf-8"))
    return ok, events, record[cli.size_class(1000)]


# Issue 19's budget orders them 02 (40 s), 03 (40), 01 (35), 00 (15), then 06_b and 06_c (10 each);
# the tables' default (12 s) goes before the two short ones.
NAMES = ["00_a.ipynb", "01_readability.ipynb", "02_sentiment.ipynb", "03_d.ipynb", "06_b.ipynb", "06_c.ipynb"]


def _when(events, what, name):
    return next(t for w, n, t in events if w == what and n == name)


def test_tables_go_by_their_expected_time_not_last(monkeypatch, tmp_path):
    ok, events, record = _fake_run(monkeypatch, tmp_path, NAMES)
    assert ok
    # Waves of two: (02, 03), (01, 00), (tables, 06_b), (06_c): the run does not end with the tables alone.
    assert _when(events, "start", "tables") < _when(events, "start", "06_c.ipynb") - 0.1
    assert 0.25 < record[cli.TABLES] < 5 and set(record) == set(NAMES) | {cli.TABLES}


def test_tables_wait_for_the_notebooks_whose_tables_they_read(monkeypatch, tmp_path):
    # Recorded as the longest, the tables come first in the order, but start only after 01 and 02 ended.
    ok, events, _ = _fake_run(monkeypatch, tmp_path, NAMES, recorded={cli.TABLES: 100})
    started = _when(events, "start", "tables")
    assert ok and started >= max(_when(events, "end", name) for name in cli.TABLES_AFTER)
    assert started < _when(events, "start", "06_b.ipynb") + 0.1  # and then before the shorter ones


def test_without_those_notebooks_the_tables_do_not_wait(monkeypatch, tmp_path):
    ok, events, _ = _fake_run(monkeypatch, tmp_path, ["00_a.ipynb", "06_b.ipynb", "06_c.ipynb"],
                              recorded={cli.TABLES: 100})
    assert ok and _when(events, "start", "tables") < _when(events, "end", "00_a.ipynb")


@pytest.fixture(scope="module")
def latin1_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text")
    text = folder / "café.txt"
    body = ("Le café était très bon. The waiter said it was the best in town, and we agreed!\n\n"
            "But the bill was terrible: 40 € for two cups. (Laughter.) We will not return.\n\n"
            "Still, the view over the harbour was lovely, and the music was not bad at all.\n")
    text.write_bytes(body.replace("€", "EUR").encode("latin-1"))
    return text


def test_tables_in_a_forked_kernel_are_the_tables_written_here(monkeypatch, tmp_path, latin1_text):
    """The kernel writes the same bytes as `write_tables` in this process (the encoding reaches it),
    and not through this process's `write_tables`; a failure there is raised here."""
    from nbclient.exceptions import CellExecutionError

    from helpers import tables
    from helpers.publish import kernel_server
    from helpers.text import load_document

    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(kernel_server.SWITCH_ENV, "1")
    document = load_document(latin1_text, "latin-1")
    here = tables.write_tables(document, tmp_path / "here", "latin-1")

    def not_here(*args, **kwargs):
        raise AssertionError("the tables were written in the runner's process")

    monkeypatch.setattr(tables, "write_tables", not_here)
    import os

    with kernel_server.serving(dict(os.environ)):
        cli._write_tables(latin1_text, document, tmp_path / "kernel", "latin-1", None, {}, 600)
        assert sorted(p.name for p in (tmp_path / "kernel").iterdir()) == sorted(p.name for p in here)
        for path in here:
            assert (tmp_path / "kernel" / path.name).read_bytes() == path.read_bytes(), path.name
        (tmp_path / "blocked").write_text("a file where the folder goes", encoding="utf-8")
        with pytest.raises(CellExecutionError):
            cli._write_tables(latin1_text, document, tmp_path / "blocked", "latin-1", None, {}, 600)


def test_without_a_template_the_tables_are_written_here(monkeypatch, tmp_path, latin1_text):
    from helpers import tables
    from helpers.publish import kernel_server
    from helpers.text import load_document

    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(kernel_server.SWITCH_ENV, "0")
    calls = []
    monkeypatch.setattr(tables, "write_tables", lambda *args: calls.append(args))
    document = load_document(latin1_text, "latin-1")
    with kernel_server.serving():
        cli._write_tables(latin1_text, document, tmp_path / "t", "latin-1", None, {}, 600)
    assert calls == [(document, tmp_path / "t", "latin-1", None)]


def test_the_template_starts_before_the_text_is_split_and_serves_the_notebooks(monkeypatch, tmp_path):
    from helpers import text as text_layer
    from helpers.publish import kernel_server

    monkeypatch.setenv(kernel_server.SWITCH_ENV, "1")
    order = []

    class FakeServer:
        def __init__(self, environment):
            order.append(("template", environment.get("STAGED")))

        def kernel_manager_class(self):
            return None

        def stop(self):
            order.append(("stopped", None))

    def split(document):
        order.append(("split", kernel_server.current().server is not None))
        return True

    def execute_all(jobs, label, timeout, seed, environment, size, last, last_after, each, prepare):
        order.append(("notebooks", kernel_server.current() is outer[0]))
        return True

    outer = []
    original_serving = kernel_server.serving

    def serving(environment=None):
        context = original_serving(environment)

        class Wrapped:
            def __enter__(self):
                outer.append(context.__enter__())
                return outer[0]

            def __exit__(self, *exc):
                return context.__exit__(*exc)

        return Wrapped()

    monkeypatch.setattr(kernel_server, "KernelServer", FakeServer)
    monkeypatch.setattr(kernel_server, "serving", serving)
    monkeypatch.setattr(text_layer, "likely_english", split)
    monkeypatch.setattr(cli, "_execute_all", execute_all)
    monkeypatch.setattr(cli, "_replace", lambda work, target: order.append(("moved", None)))
    source = tmp_path / "a.txt"
    source.write_text("One sentence here.\n", encoding="utf-8")
    from types import SimpleNamespace

    assert cli._run_jobs(source, SimpleNamespace(sha256="0" * 64), tmp_path / "work", tmp_path / "target", [], {"STAGED": "x"}, 60,
                         "utf-8", None)
    assert order == [("template", "x"), ("split", True), ("notebooks", True), ("stopped", None), ("moved", None)]
