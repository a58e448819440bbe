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
STARTUP_TIMEOUT_S = 600  # for a kernel to answer (a kernel that dies meanwhile is reported at once)
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
    _run_in_kernel(notebook, source.parent, timeout, environment, server)
    normalise(notebook)
    write_if_changed(notebook, target)
    return notebook


def _run_in_kernel(notebook: nbformat.NotebookNode, folder: Path, timeout: int | None,
                   environment: dict[str, str] | None, server) -> None:
    """Run every cell of `notebook` (in place) in a fresh kernel working in `folder` (see `execute`)."""
    client = NotebookClient(
        notebook,
        timeout=timeout or TIMEOUT_S,
        # A kernel answers once it has imported ipykernel, and a forked one once the template's imports
        # are done (about 6 s of CPU): minutes on a crowded machine, more than nbclient's 60 s.
        startup_timeout=STARTUP_TIMEOUT_S,
        kernel_name="python3",
        record_timing=False,
        # A run writes no IPython history database into the user's home.
        extra_arguments=["--HistoryManager.enabled=False"],
        resources={"metadata": {"path": str(folder)}},
        **({"kernel_manager_class": server.kernel_manager_class()} if server is not None else {}),
    )
    # The kernel process's own log (not the notebook's output, which comes back as cell
    # outputs) goes nowhere: under load a kernel can log a harmless shutdown race, and a run
    # promises exactly one line on stderr per failure. A real failure still surfaces as
    # CellExecutionError or DeadKernelError.
    client.execute(stderr=subprocess.DEVNULL, env=os.environ | (environment or {}))


def run_code(source: str, folder: Path, timeout: int | None = None, environment: dict[str, str] | None = None,
             server=None) -> nbformat.NotebookNode:
    """Run `source` as the one code cell of a notebook in a fresh kernel working in `folder`, as
    `execute` runs a notebook (`server`: default the current `kernel_server.serving` block's, so the
    kernel is a fork of the warm template when it can be); return the executed notebook. Raises
    `CellExecutionError` if it fails. `helpers run` writes a text's tables so, in a process of their
    own beside the kernels (helpers/cli.py)."""
    if server is None:
        from . import kernel_server

        server = kernel_server.current()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    _run_in_kernel(notebook, folder, timeout, environment, server)
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

# A code cell's input in the HTML (nbconvert's lab template: `source | highlight_code(metadata=...) |
# clean_html`, pygments then bleach: most of an export's CPU besides BeautifulSoup) is a pure function of
# the source, the notebook's lexer, the cell's metadata and the code of these packages. The notebooks'
# code is the same for every text, so these pieces are kept (`_RenderedPieces`) in `html/` of the cache
# root and a run renders only the inputs it has not seen (tests/test_runfast_html.py).
HTML_PACKAGES = ("nbconvert", "bleach", "pygments", "ipython", "tinycss2", "markupsafe", "jinja2", "beautifulsoup4",
                 "soupsieve")
PIECES_LIMIT = 4_000  # entries kept on disk at most (each text's parameters cell adds two)


class _RenderedPieces:
    """{key: HTML} of highlighted and cleaned inputs, shared by this process's threads, stored on disk.

    The file's name is the SHA-256 of the packages' versions (`HTML_PACKAGES`), Python's version and
    this module's source, so another version or an edit here reads another file; within it, each
    entry's key is the SHA-256 of the filter's name and every argument it reads.
    """

    def __init__(self):
        import hashlib
        import sys
        from importlib import metadata

        from .. import paths

        digest = hashlib.sha256()
        for name in HTML_PACKAGES:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        digest.update(f"python={sys.version}\0".encode() + Path(__file__).read_bytes())
        self.path = paths.cache_root() / "html" / f"{digest.hexdigest()}.pickle"
        self.lock = threading.Lock()
        self.pieces: dict[str, str] = {}
        self.used: set[str] = set()
        self.added = False
        try:
            import pickle

            with open(self.path, "rb") as file:
                stored = pickle.load(file)
            if isinstance(stored, dict):
                self.pieces = stored
        except Exception:  # absent or unreadable: start empty
            pass

    @staticmethod
    def key(*parts: str) -> str:
        import hashlib

        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0\1")
        return digest.hexdigest()

    def get(self, key: str, compute):
        with self.lock:
            found = self.pieces.get(key)
            self.used.add(key)
        if found is None:
            found = compute()
            with self.lock:
                self.pieces[key] = found
                self.added = True
        return found

    def store(self) -> None:
        """Write the pieces to disk if some were added (atomically; best effort)."""
        from ..outputs import store_pickle

        with self.lock:
            if not self.added:
                return
            if len(self.pieces) > PIECES_LIMIT:
                self.pieces = {k: v for k, v in self.pieces.items() if k in self.used}
            pieces, self.added = dict(self.pieces), False
        store_pickle(self.path, pieces)


_PIECES: dict[Path, _RenderedPieces] = {}  # by cache root
_PIECES_LOCK = threading.Lock()


def _rendered_pieces() -> _RenderedPieces:
    """This process's pieces for the current cache root (`paths.cache_root()`)."""
    from .. import paths

    with _PIECES_LOCK:
        root = paths.cache_root()
        if root not in _PIECES:
            _PIECES[root] = _RenderedPieces()
        return _PIECES[root]


class _KeptFilters:
    """An exporter's `highlight_code` and `clean_html` whose results come from `pieces` (computed by
    nbconvert's own filters when absent). Installed once per exporter (setting `filters` again would
    make nbconvert rebuild its Jinja environment); `use(notebook)` before each export sets the lexer."""

    def __init__(self, exporter, pieces: _RenderedPieces):
        from nbconvert.filters.strings import clean_html

        self.exporter, self.pieces, self.highlighter, self.options = exporter, pieces, None, None
        self._clean_html = clean_html
        self.highlighted: set[str] = set()  # this export's highlighted inputs
        self.placed: list[str] | None = None  # the cleaned inputs a placeholder stands for, in order
        self.nonce = ""
        exporter.filters = {"highlight_code": self.highlight_code}
        exporter.register_filter("clean_html", self.clean_html)

    def use(self, notebook: nbformat.NotebookNode) -> None:
        import json

        from nbconvert.filters.highlight import Highlight2HTML

        # The lexer as HTMLExporter.from_notebook_node chooses it.
        langinfo = notebook.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.highlighter = Highlight2HTML(pygments_lexer=lexer, parent=self.exporter)
        self.options = json.dumps(self.highlighter.extra_formatter_options, sort_keys=True, default=repr)

    def highlight_code(self, source, language=None, metadata=None):
        import json

        highlighter = self.highlighter
        key = self.pieces.key("highlight_code", str(highlighter.pygments_lexer), repr(language), self.options,
                              json.dumps(metadata, sort_keys=True, default=repr), source)
        found = self.pieces.get(key, lambda: highlighter(source, language=language, metadata=metadata))
        self.highlighted.add(found)
        return found

    def clean_html(self, element):
        text = element.decode() if isinstance(element, bytes) else str(element)
        cleaned = self.pieces.get(self.pieces.key("clean_html", text), lambda: self._clean_html(text))
        if self.placed is not None and text in self.highlighted:
            core = cleaned.rstrip(" \t\n\r\f")
            if self.soup_of(core) is not None:
                self.placed.append(core)
                tag = f"{self.nonce}{len(self.placed) - 1}z"
                return f"<{tag}></{tag}>" + cleaned[len(core):]
        return cleaned

    def soup_of(self, piece: str) -> str | None:
        """`piece` as BeautifulSoup writes it back (`str(BeautifulSoup(piece, "html.parser"))`), or None
        when `piece` is not self-contained (`_self_contained`)."""
        def compute():
            from bs4 import BeautifulSoup

            return str(BeautifulSoup(piece, features="html.parser")) if _self_contained(piece) else ""

        return self.pieces.get(self.pieces.key("soup", piece), compute) or None

    def render(self, notebook: nbformat.NotebookNode) -> str:
        """`exporter.from_notebook_node(notebook)[0]` (nbconvert's HTML, bytes unchanged), with each
        code input's BeautifulSoup round trip read from the pieces.

        HTMLExporter renders the template, then parses the whole page with BeautifulSoup (html.parser),
        adds alt text and tabindex, and writes it back: most of an export's time, and most of the
        page's tags are the highlighted inputs. Each self-contained input (`_self_contained`) is
        rendered as an empty placeholder element (its trailing whitespace kept after it, so the text
        nodes around it are those around the input), then replaced by its own round trip, kept in the
        pieces. A self-contained fragment's tree does not depend on what surrounds it (html.parser's
        tree builder closes a tag only at its end tag), its text is escaped character by character and
        its whitespace-only strings lie in its own <pre>, and nbconvert's selectors match elements by
        their own class or tag, which such an input has none of; tests/test_address_html.py compares
        the bytes with nbconvert's and tries the property on random fragments in several contexts. A
        placeholder that does not come back exactly once falls back to nbconvert's own export.
        """
        import secrets

        self.highlighted, self.placed = set(), []
        self.nonce = f"tnpiece{secrets.token_hex(8)}n"
        try:
            body, _ = self.exporter.from_notebook_node(notebook)
            placed = self.placed
        finally:
            self.placed, self.highlighted = None, set()
        if not placed:
            return body
        parts = body.split(f"<{self.nonce}")
        # Each placeholder must stand where the lab template puts an input (inside the editor's <div>, not in
        # an attribute, a <pre> or raw text as another template might): otherwise nbconvert's own export.
        if len(parts) != len(placed) + 1 or not all(part.endswith(INPUT_CONTEXT) for part in parts[:-1]):
            return self.exporter.from_notebook_node(notebook)[0]
        out = [parts[0]]
        for index, part in enumerate(parts[1:]):
            element = f"{index}z></{self.nonce}{index}z>"
            if not part.startswith(element):
                return self.exporter.from_notebook_node(notebook)[0]
            out += [self.soup_of(placed[index]), part[len(element):]]
        return "".join(out)


INPUT_CONTEXT = '<div class="cm-editor cm-s-jupyter">\n'  # what precedes a code input in the lab template's page
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
NOT_IN_PIECES = ("jp-Cell-inputWrapper", "jp-OutputArea-output", "jp-Notebook")  # classes nbconvert's selectors name


def _self_contained(piece: str) -> bool:
    """Whether `piece` is markup that html.parser reads the same whatever surrounds it: it starts with a
    start tag and ends with an end tag; every end tag closes the innermost open element; no element is left
    open; no void, raw-text (script, style, textarea, title) or img element, no comment, declaration or
    processing instruction, no "<" that starts no tag, no whitespace-only string outside its own <pre>; no class that nbconvert's
    post-processing selects."""
    from html.parser import HTMLParser

    if not (piece.startswith("<") and piece.endswith(">")) or any(name in piece for name in NOT_IN_PIECES):
        return False
    if re.search(r"<(?![a-zA-Z]|/[a-zA-Z])", piece):  # a "<" that starts no tag: html.parser reads on past it
        return False

    class Checker(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.stack, self.ok = [], True

        def handle_starttag(self, tag, attrs):
            if tag in VOID_TAGS or tag in {"script", "style", "textarea", "title", "img", "svg", "math"}:
                self.ok = False
            self.stack.append(tag)

        def handle_startendtag(self, tag, attrs):
            self.ok = False

        def handle_data(self, data):
            # BeautifulSoup turns a whitespace-only string into one space or newline, except in <pre> or
            # <textarea>, which may be the context: only such strings inside the piece's own <pre> are kept.
            if not data.strip(" \t\n\r\f") and "pre" not in self.stack:
                self.ok = False

        def handle_endtag(self, tag):
            if not self.stack or self.stack[-1] != tag:
                self.ok = False
            else:
                self.stack.pop()

        def handle_comment(self, data):
            self.ok = False

        handle_decl = handle_pi = unknown_decl = handle_comment

    checker = Checker()
    try:
        checker.feed(piece)
        leftover = checker.rawdata
        checker.close()
    except Exception:  # noqa: BLE001 - unreadable: not self-contained
        return False
    return checker.ok and not checker.stack and not leftover


def export_html(notebook: nbformat.NotebookNode, target: Path) -> Path:
    """Write an HTML rendering of an executed notebook to `target` (nbconvert's lab template).

    Each thread keeps one exporter (an exporter's filters are set per call, so it is not shared
    between threads); it gives the same bytes as a new exporter per notebook
    (tests/test_runfast_html.py). The code cells' highlighted and cleaned inputs are kept on disk
    (`_RenderedPieces`): equal to nbconvert's, same test.
    """
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:
        from nbconvert import HTMLExporter  # imported here: nbconvert is slow to import

        exporter = _EXPORTERS.html = HTMLExporter()
        _EXPORTERS.kept = _KeptFilters(exporter, _rendered_pieces())
    _EXPORTERS.kept.pieces = _rendered_pieces()
    _EXPORTERS.kept.use(notebook)
    body = _EXPORTERS.kept.render(notebook)
    _EXPORTERS.kept.pieces.store()
    target.write_text(body, encoding="utf-8")
    return target
