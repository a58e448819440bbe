"""Executing notebooks: top to bottom, in a fresh kernel, with byte-stable results.

Parameters are injected the way papermill does it (a cell tagged `injected-parameters`
after the cell tagged `parameters`), so the notebooks also run under papermill. We do not
call papermill itself because it records start and end times in every cell, which would
make two runs of the same notebook differ.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import threading
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
TIMEOUT_S = 300  # per cell
SEED_ONLY = "seed-only"  # the tag of a markdown cell that is true of the seed article alone
CORPUS_ONLY = "sotu-only"  # the tag of a cell true of the default corpus (the State of the Union) alone
# A widget's view holds its model's random id; our widgets also display a static rendering (helpers/plots/live.py).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# A notebook's file name: two digits, an optional letter for an appendix, then its topic
# ("01_readability.ipynb", and its appendix "01a_readability_tools.ipynb").
NOTEBOOK_NAME = re.compile(r"\d\d[a-z]?_[^/]+\.ipynb")


def notebook_paths(folder: Path) -> list[Path]:
    """Return the notebooks of `folder` in reading order: each main notebook, then its appendices."""
    return sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_NAME.fullmatch(p.name))


def parameter_names(notebook: nbformat.NotebookNode) -> list[str]:
    """Return the names the notebook's `parameters` cell assigns, in order (none without that cell)."""
    names: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for statement in ast.parse(cell.source).body:
                targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
                names += [t.id for t in targets if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def parse_value(value: str) -> object:
    """Return a -p VALUE as papermill's command line reads it: True, False, None, int, float, else str."""
    constants = {"True": True, "False": False, "None": None}
    if value in constants:
        return constants[value]
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def parameter_problem(extra: dict[str, object], reserved: tuple[str, ...], notebooks: list[Path]) -> str | None:
    """Return why parameters `extra` cannot be passed to `notebooks`, or None if each is some notebook's.

    A name in `reserved` is set by the caller itself; a name no notebook has would be silently
    ignored (papermill only warns), so it is refused: it is most likely a typo.
    """
    taken = [name for name in extra if name in reserved]
    if taken:
        return f"-p {taken[0]}: set by TEXT, --out and --encoding, not by -p"
    known = {n for nb in notebooks for n in parameter_names(nbformat.read(nb, as_version=4))} if extra else set()
    unknown = [name for name in extra if name not in known]
    if unknown:
        return f"-p {unknown[0]}: no notebook has this parameter (they have: {', '.join(sorted(known))})"
    return None


def inject_parameters(notebook: nbformat.NotebookNode, parameters: dict[str, object]) -> None:
    """Insert a cell assigning `parameters` after the cell tagged `parameters` (in place)."""
    tagged = [i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])]
    if not tagged:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    source = "# Injected parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(tagged[0] + 1, cell)


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes between runs or machines: timings, Python patch level, random cell ids,
    widget state and widget views (random model ids; the static rendering beside a view is kept)."""
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNEL, "language_info": {"name": "python", "pygments_lexer": "ipython3"}}
        | {k: v for k, v in notebook.metadata.items() if k not in {"kernelspec", "language_info", "widgets"}}
    )
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.get("data", {}).pop(WIDGET_VIEW, None)
            cell.outputs = coalesce_streams(cell.outputs)
    return notebook


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same stream (stdout, stderr) into one.

    The kernel flushes a long print in pieces whose boundaries depend on timing (seen under
    load: one print became two outputs), so the pieces would make two runs differ.
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def drop_seed_only(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove the cells tagged `seed-only` (in place): prose that is true of the seed alone.

    A notebook run on another text must not show, under that text's results, sentences
    written about the seed ("On the seed, P4 scores +0.81"). Such passages sit in their own
    markdown cells, tagged `seed-only`, and start with "On the seed".
    """
    notebook.cells = [c for c in notebook.cells if SEED_ONLY not in c.metadata.get("tags", [])]
    return notebook


def parameter_defaults(notebook: nbformat.NotebookNode) -> dict[str, object]:
    """Return the literal values the notebook's `parameters` cell assigns (names it cannot evaluate are left out)."""
    values: dict[str, object] = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for statement in ast.parse(cell.source).body:
                if isinstance(statement, ast.Assign):
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            try:
                                values[target.id] = ast.literal_eval(statement.value)
                            except ValueError:
                                pass
    return values


def drop_corpus_only(notebook: nbformat.NotebookNode, parameters: dict[str, object] | None) -> nbformat.NotebookNode:
    """Remove the cells tagged `sotu-only` (in place) when `parameters` set another `corpus_dir`.

    Notebook 04 reads the State of the Union corpus by default; passages about presidents,
    addresses and published analyses of that corpus sit in cells tagged `sotu-only`. Run on
    another corpus (a `corpus_dir` other than the parameters cell's default), they would
    describe texts that are not there, so they are left out.
    """
    if parameters and "corpus_dir" in parameters:
        default = parameter_defaults(notebook).get("corpus_dir")
        if parameters["corpus_dir"] != default:
            notebook.cells = [c for c in notebook.cells if CORPUS_ONLY not in c.metadata.get("tags", [])]
    return notebook


def execute(source: Path, target: Path, parameters: dict[str, object] | None = None,
            timeout: int | None = None, seed: bool = True,
            environment: dict[str, str] | None = None, server=None) -> nbformat.NotebookNode:
    """Run notebook `source` top to bottom in a fresh kernel and write it to `target`.

    `timeout` is the limit for one cell, in seconds (default `TIMEOUT_S`). `seed` says the
    text is the seed article; when False, the cells tagged `seed-only` are left out. Cells
    tagged `sotu-only` are left out when `parameters` give another `corpus_dir`.
    `environment` adds variables to the kernel's environment (not to this process's).
    `server` (a `kernel_server.KernelServer`; default: the one of the `kernel_server.serving`
    block this runs in, as in `helpers run`) forks the kernel from its warm template when it can
    (same results, see kernel_server.py); without one the kernel starts the plain way.
    The kernel's working folder is the source notebook's folder. Raises
    `nbclient.exceptions.CellExecutionError` if a cell fails; `target` is then not written.
    """
    if server is None:
        from . import kernel_server

        server = kernel_server.current()
    notebook = nbformat.read(source, as_version=4)
    if not seed:
        drop_seed_only(notebook)
    drop_corpus_only(notebook, parameters)
    if parameters:
        inject_parameters(notebook, parameters)
    client = NotebookClient(
        notebook,
        timeout=timeout or TIMEOUT_S,
        kernel_name="python3",
        record_timing=False,
        # A run writes no IPython history database into the user's home.
        extra_arguments=["--HistoryManager.enabled=False"],
        resources={"metadata": {"path": str(source.parent)}},
        **({"kernel_manager_class": server.kernel_manager_class()} if server is not None else {}),
    )
    # The kernel process's own log (not the notebook's output, which comes back as cell
    # outputs) goes nowhere: under load a kernel can log a harmless shutdown race, and a run
    # promises exactly one line on stderr per failure. A real failure still surfaces as
    # CellExecutionError or DeadKernelError.
    client.execute(stderr=subprocess.DEVNULL, env=os.environ | (environment or {}))
    normalise(notebook)
    write_if_changed(notebook, target)
    return notebook


def write_if_changed(notebook: nbformat.NotebookNode, target: Path) -> bool:
    """Write `notebook` to `target` as `nbformat.write` does, unless `target` already holds exactly
    these bytes; return True if it wrote.

    A rerun that changes nothing then leaves the file's modification time alone, so git (whose
    clean filter for notebooks starts a Python process per notebook whose time changed) and
    editors see no change.
    """
    text = nbformat.writes(notebook)
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


_EXPORTERS = threading.local()  # one HTML exporter per thread: its templates are compiled once


def export_html(notebook: nbformat.NotebookNode, target: Path) -> Path:
    """Write an HTML rendering of an executed notebook to `target` (nbconvert's lab template).

    Each thread keeps one exporter (an exporter's filters are set per call, so it is not shared
    between threads); it gives the same bytes as a new exporter per notebook
    (tests/test_runfast_html.py).
    """
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:
        from nbconvert import HTMLExporter  # imported here: nbconvert is slow to import

        exporter = _EXPORTERS.html = HTMLExporter()
    body, _ = exporter.from_notebook_node(notebook)
    target.write_text(body, encoding="utf-8")
    return target
