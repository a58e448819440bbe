"""git's clean filter for notebooks: any client's save is stored as our runner writes it.

    git config filter.notebooks.clean '.venv/bin/python -m helpers.publish.normalise'

(`make` sets it; `.gitattributes` applies it to `*.ipynb`.) git pipes a notebook's bytes in
and stores what comes out, for `git add`, `git status` and `git diff`: so a notebook that
nbconvert `--execute --inplace`, papermill `--inplace`, VS Code or JupyterLab rewrote with
the same cells and outputs counts as unchanged. The working file itself is not touched.

What is dropped is what changes between clients, runs or machines and is no result:
`publish.notebooks.normalise` (the kernel's `language_info` beyond name and lexer, the
Python patch level, timings, cell ids, split streams), plus what editors and papermill
record about themselves (`EDITOR_KEYS`, in the notebook's and each cell's metadata).
Anything that is not a notebook (a merge conflict, a half-written file) passes unchanged.
"""
from __future__ import annotations

import sys

EDITOR_KEYS = ("papermill", "vscode")


def clean(data: bytes) -> bytes:
    """Return the notebook in `data` as our runner writes it (or `data` if it is no notebook)."""
    import nbformat

    from .notebooks import normalise

    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # not a notebook: git stores it as it is
        return data
    for metadata in (notebook.metadata, *(cell.metadata for cell in notebook.cells)):
        for key in EDITOR_KEYS:
            metadata.pop(key, None)
    return (nbformat.writes(normalise(notebook)) + "\n").encode("utf-8")


def main() -> int:
    sys.stdout.buffer.write(clean(sys.stdin.buffer.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
