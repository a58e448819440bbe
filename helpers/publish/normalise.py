"""git's clean filter for notebooks: any client's save is stored as our runner writes it.

    git config filter.notebooks.clean '.venv/bin/python -m helpers.publish.normalise'

(`make` sets it; `.gitattributes` applies it to `*.ipynb`.) git pipes a notebook's bytes in
and stores what comes out, for `git add`, `git diff` and `git status`: so a notebook that
papermill `--inplace`, VS Code or JupyterLab rewrote with the same cells and outputs has no
diff and `git add` stores nothing new. The working file itself is not touched, so `git status`
still lists a file whose size changed until `git add` (git compares contents only when the
size is the one it recorded). nbconvert in the project's environments does not even change
the file: `make` gives them a `jupyter_nbconvert_config.json` that runs `NormalisePreprocessor`
(the same cleaning) after `--execute`.

What is dropped is what changes between clients, runs or machines and is no result:
`publish.notebooks.normalise` (the kernel's `language_info` beyond name and lexer, the
Python patch level, timings, cell ids, split streams), plus what editors and papermill
record about themselves (`EDITOR_KEYS`, in the notebook's and each cell's metadata) and
papermill's empty `tags` lists.
Anything that is not a notebook (a merge conflict, a half-written file) passes unchanged.
"""
from __future__ import annotations

import sys

EDITOR_KEYS = ("papermill", "vscode")


def clean(data: bytes) -> bytes:
    """Return the notebook in `data` as our runner writes it (or `data` if it is no notebook)."""
    import nbformat

    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # not a notebook: git stores it as it is
        return data
    return (nbformat.writes(clean_notebook(notebook)) + "\n").encode("utf-8")


def clean_notebook(notebook):
    """Clean a notebook node in place (see the module docstring) and return it."""
    from .notebooks import normalise

    for metadata in (notebook.metadata, *(cell.metadata for cell in notebook.cells)):
        for key in EDITOR_KEYS:
            metadata.pop(key, None)
        if metadata.get("tags") == []:  # papermill gives every cell an empty list
            del metadata["tags"]
    return normalise(notebook)


def __getattr__(name: str):
    if name == "NormalisePreprocessor":  # built on first use: importing nbconvert is slow
        from nbconvert.preprocessors import Preprocessor

        class NormalisePreprocessor(Preprocessor):
            """nbconvert: write the notebook as our runner does (runs after --execute)."""

            def preprocess(self, nb, resources):
                return clean_notebook(nb), resources

        globals()[name] = NormalisePreprocessor
        return NormalisePreprocessor
    raise AttributeError(name)


def main() -> int:
    sys.stdout.buffer.write(clean(sys.stdin.buffer.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
