"""`export_html` keeps one nbconvert exporter per thread (its templates compiled once) and `run`
exports each notebook in its kernel slot as soon as it has run: the bytes must be those of a new
`HTMLExporter()` per notebook, whatever the order and with two threads exporting at once."""
from __future__ import annotations

import threading
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

from helpers import paths
from helpers.publish import notebooks

# Three committed notebooks with markdown, code, tables (HTML outputs), images and widgets' static renderings.
NAMES = ("00a_sentence_splitters.ipynb", "02a_sentiment_tools.ipynb", "06_live_demo.ipynb")


@pytest.fixture(scope="module")
def executed():
    return {name: nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4) for name in NAMES}


@pytest.fixture(scope="module")
def expected(executed):
    """The reference: a new exporter for each notebook, as `run` did before."""
    return {name: HTMLExporter().from_notebook_node(nb)[0] for name, nb in executed.items()}


def test_one_exporter_per_thread_gives_a_new_exporters_bytes(executed, expected, tmp_path):
    # forward then back: each notebook after each other one, and one (the last) twice in a row
    for order in (NAMES, tuple(reversed(NAMES))):
        for name in order:
            target = notebooks.export_html(executed[name], tmp_path / f"{name}.html")
            assert target.read_text(encoding="utf-8") == expected[name], name


def test_two_threads_exporting_at_once(executed, expected, tmp_path):
    results: dict[tuple[int, str], str] = {}

    def export(thread: int, order):
        for name in order:
            target = notebooks.export_html(executed[name], tmp_path / f"{thread}-{name}.html")
            results[thread, name] = target.read_text(encoding="utf-8")

    threads = [threading.Thread(target=export, args=(i, order)) for i, order in enumerate((NAMES, NAMES[::-1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 * len(NAMES)
    assert all(body == expected[name] for (_, name), body in results.items())


def test_run_exports_each_notebook_in_its_slot(tmp_path, monkeypatch):
    """`_execute_all` calls `each` with every executed notebook's path, after it was written."""
    from helpers import cli

    def fake_execute(source, target, parameters=None, timeout=None, seed=True, environment=None):
        Path(target).write_text(source.name, encoding="utf-8")

    monkeypatch.setattr(notebooks, "execute", fake_execute)
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    seen = []
    jobs = [(Path(f"{n:02d}_x.ipynb"), tmp_path / f"{n:02d}_x.ipynb", None) for n in range(5)]
    assert cli._execute_all(jobs, "t", each=lambda target: seen.append(target.read_text(encoding="utf-8")))
    assert sorted(seen) == sorted(source.name for source, _, _ in jobs)
