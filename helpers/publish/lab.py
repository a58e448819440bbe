"""JupyterLab leaves the checkout clean: what `.jupyter/jupyter_server_config.py` plugs in.

What Lab changes in a notebook (measured with JupyterLab 4.6 and ipykernel, headless
Chromium): nothing in the cells, ids, `nbformat_minor` or trailing newline; only the
notebook's `language_info`. When the kernel starts, Lab copies the kernel's `language_info`
into the notebook (`codemirror_mode`, `file_extension`, `mimetype`, `nbconvert_exporter` and
`version`, the Python patch level); the notebook is then marked modified, closing it asks to
save, and a save rewrites the committed file.

Lab writes that metadata only when it differs from what the notebook holds (JupyterLab's
shared model compares the values before setting them). So the server hands Lab each notebook
with the language_info its kernel will report (`ProjectContentsManager.get`), and takes it
out again on save (`keep_stored_metadata`, a `pre_save_hook`), normalising exactly as our
runner does: the file on disk never holds the machine's Python patch level. The contents
manager that calls `with_kernel_language_info` is in `.jupyter/jupyter_server_config.py`
(jupyter_server is installed in the Lab environment only).
"""
from __future__ import annotations

import nbformat

from . import notebooks


def kernel_language_info() -> dict:
    """Return the `language_info` that this environment's ipykernel reports to Lab."""
    from ipykernel.ipkernel import IPythonKernel  # imported on first use: it loads IPython

    return dict(IPythonKernel.language_info)


def with_kernel_language_info(content: dict) -> dict:
    """Fill in the kernel's language_info in a notebook written by our runner (in place)."""
    metadata = content.get("metadata", {})
    stored = metadata.get("language_info", {})
    ours = metadata.get("kernelspec", {}).get("name") == notebooks.KERNEL["name"]
    if ours and stored.get("name") == "python":
        metadata["language_info"] = kernel_language_info() | stored
    return content


def keep_stored_metadata(model: dict, path: str, contents_manager, **kwargs) -> None:
    """`pre_save_hook`: write a notebook as our runner does (same metadata, same cell ids)."""
    if model.get("type") == "notebook" and model.get("content") is not None:
        model["content"] = notebooks.normalise(nbformat.from_dict(model["content"]))

