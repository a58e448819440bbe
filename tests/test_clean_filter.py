"""Any client leaves the checkout clean: git's clean filter and nbconvert's preprocessor
(helpers/publish/normalise.py) give back the committed bytes of a notebook that another client
rewrote with the same results."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import nbformat
from traitlets.config import Config

from helpers import paths
from helpers.publish import normalise

NOTEBOOK = paths.NOTEBOOKS_DIR / "00_the_text.ipynb"


def as_other_clients_write_it(data: bytes) -> bytes:
    """The notebook as nbconvert --inplace, papermill --inplace and VS Code save it (their
    additions seen on this project's notebooks), re-indented as VS Code does."""
    notebook = json.loads(data)
    notebook["metadata"]["language_info"] |= {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "nbconvert_exporter": "python", "version": "3.11.7"}
    notebook["metadata"]["papermill"] = {"duration": 12.5, "start_time": "2026-11-30T05:30:00"}
    notebook["metadata"]["vscode"] = {"interpreter": {"hash": "ab12"}}
    for cell in notebook["cells"]:
        cell["metadata"].setdefault("tags", [])
        cell["metadata"]["papermill"] = {"status": "completed"}
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-11-30T05:30:01"}
    return json.dumps(notebook, indent=2).encode()


def test_the_filter_gives_back_the_committed_bytes():
    committed = NOTEBOOK.read_bytes()
    assert normalise.clean(committed) == committed  # the identity on what our runner writes
    rewritten = as_other_clients_write_it(committed)
    assert rewritten != committed
    assert normalise.clean(rewritten) == committed
    assert normalise.clean(b"<<<<<<< HEAD\n{") == b"<<<<<<< HEAD\n{"  # no notebook: unchanged


def test_nbconvert_writes_the_committed_bytes_through_the_configured_preprocessor():
    from nbconvert import NotebookExporter

    config = re.search(r"^NBCONVERT_CONFIG = (.*)$", (paths.PROJECT_ROOT / "Makefile").read_text(), re.M).group(1)
    exporter = NotebookExporter(config=Config(json.loads(config)))
    notebook = nbformat.reads(as_other_clients_write_it(NOTEBOOK.read_bytes()).decode(), as_version=4)
    output, _ = exporter.from_notebook_node(notebook)
    assert output.encode() == NOTEBOOK.read_bytes()  # what `nbconvert --inplace` then writes


def test_git_with_the_filter_sees_no_change(tmp_path):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True,
                              env=os.environ | {"PYTHONPATH": str(paths.PROJECT_ROOT)}).stdout

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    git("config", "filter.notebooks.clean", f"{sys.executable} -m helpers.publish.normalise")
    (tmp_path / ".gitattributes").write_bytes((paths.PROJECT_ROOT / ".gitattributes").read_bytes())
    (tmp_path / NOTEBOOK.name).write_bytes(NOTEBOOK.read_bytes())
    git("add", ".")
    git("commit", "-qm", "notebook")
    (tmp_path / NOTEBOOK.name).write_bytes(as_other_clients_write_it(NOTEBOOK.read_bytes()))
    assert git("diff", "--stat") == ""
    git("add", "-A")
    assert git("status", "--porcelain") == ""
    # The same change of a result is seen.
    (tmp_path / NOTEBOOK.name).write_bytes(NOTEBOOK.read_bytes().replace(b'"execution_count": 2', b'"execution_count": 3'))
    assert NOTEBOOK.name in git("status", "--porcelain")
