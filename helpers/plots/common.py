"""One style and one save for every figure.

`STYLE` is applied only inside `style()` (a `matplotlib.rc_context`), never on import, so
importing helpers leaves a user's matplotlib settings alone. Figures are made with
`matplotlib.figure.Figure`, not pyplot: no global state, safe to build many in parallel.
`save_figure` writes PDF, SVG and PNG (300 dpi) plus a CSV of the numbers plotted and a
JSON provenance record, with fixed metadata so the bytes are the same on every run.

Drawing the three formats is most of a warm run's figure time, so a figure whose inputs did not
change is reused instead of redrawn (see `save_figure`): its key covers the data CSV's bytes,
the plotting code (every module of this package: the figure functions and the style), the
source of the code that called `save_figure` (a notebook cell), every rcParam in effect, the
versions of the drawing packages and of Python, the font files the texts resolve to, the provenance
record (input, versions, parameters) and a fingerprint of every artist's state before layout, what
its functions capture included (`state_fingerprint`): a reused figure is never laid out. The key and the SHA-256 of
each drawn file are kept in `figures/` of the cache root (`paths.cache_root()`: `.cache/`, git-ignored), not in the
provenance JSON: there, every edit to the plotting code would rewrite every committed JSON
file. The same figure saved in another folder (`run` on another text, whose notebook 04 and 05
figures are the seed's; a second run on the same text) is copied from the last folders known to
hold it, each file checked against its SHA-256, under the key without the provenance record
(`drawing_key`: the record goes to the JSON file only, never into a drawn byte).
`TEXT_NOTEBOOKS_REDRAW=1` always redraws (CI's CPU variants set it).
"""
from __future__ import annotations

import functools
import hashlib
import json
import linecache
import os
import re
import sys
import tempfile
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from matplotlib.transforms import BboxBase, TransformNode

from ..paths import FIGURES_DIR, PROJECT_ROOT, cache_root, shown
from ..provenance import provenance

REDRAW_ENV = "TEXT_NOTEBOOKS_REDRAW"  # "1": always draw every figure, never reuse the files on disk
REUSE_FOLDER = "figures"  # each figure's key and file hashes, in the cache root (`paths.cache_root()`, git-ignored)
# In REUSE_FOLDER: per drawing key (the reuse key without the provenance record, which no drawn byte
# depends on), the drawn files' SHA-256 and the last folders that held them (see `save_figure`).
DRAWN_FOLDER = "drawn"
KEPT_PLACES = 8  # folders remembered per drawing key, most recent first
DRAWN_FORMATS = ("pdf", "svg", "png")
# Whatever else can change a drawn byte: the packages matplotlib draws and writes with.
DRAWING_PACKAGES = ("matplotlib", "numpy", "pillow", "fonttools", "kiwisolver", "contourpy", "pyparsing")

# Journal column widths in inches (single column, double column).
WIDTH_IN = {"single": 3.5, "double": 7.2}
# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
POSITIVE, NEGATIVE, NEUTRAL = "#0072B2", "#D55E00", "#999999"  # diverging pair + grey
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine draws the same glyphs
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,  # grid lines behind bars and points
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.2,
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 300,
    "pdf.fonttype": 42,  # embed TrueType fonts, as journals ask
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "text-notebooks",  # fixed ids inside the SVG
}
# Display width in notebooks and the site: 200 px per inch of figure, twice the old 100, so
# an 8-pt label is about 22 px, readable on a classroom projector (issue 13). The saved files
# keep their journal sizes; Lab and browsers shrink a wide figure to the page's width.
DISPLAY_PX_PER_IN = 200
_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": {"Software": None}}


# Above this many bars, `bars` draws them as one path per colour: `Axes.bar` makes one artist per
# bar, and 20,000 artists (the paragraphs of a 10 MB text) take minutes to build and save.
MANY_BARS = 150


def bars(ax, x, heights, width: float = 0.8, color=None, **properties):
    """Draw vertical bars from 0 to `heights` centred at `x`, as `ax.bar` does (same rectangles, same
    colours); above `MANY_BARS` bars, the bars of each colour as one compound path (`PathPatch`),
    which builds and saves in linear time. Returns the bar container, or the list of patches."""
    x, heights = np.asarray(x, dtype=float), np.asarray(heights, dtype=float)
    if len(x) <= MANY_BARS:
        return ax.bar(x, heights, width=width, color=color, **properties)
    from matplotlib.patches import PathPatch

    colours = [color] * len(x) if color is None or isinstance(color, str) else list(color)
    patches = []
    for colour in dict.fromkeys(colours):
        chosen = np.array([c == colour for c in colours])
        left, right, top = x[chosen] - width / 2, x[chosen] + width / 2, heights[chosen]
        zeros = np.zeros_like(top)
        corners = [(left, zeros), (left, top), (right, top), (right, zeros), (left, zeros)]
        vertices = np.stack([np.column_stack(c) for c in corners], axis=1).reshape(-1, 2)
        codes = np.tile([MplPath.MOVETO] + [MplPath.LINETO] * 3 + [MplPath.CLOSEPOLY], len(top))
        patch = PathPatch(MplPath(vertices, codes), facecolor=colour, edgecolor="none", linewidth=0, **properties)
        patch.sticky_edges.y.append(0)
        ax.add_patch(patch)
        patches.append(patch)
    ax.autoscale_view()
    return patches


@contextmanager
def style() -> Iterator[None]:
    """Apply `STYLE` for the duration of a `with` block, then restore the caller's settings."""
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(width: str = "single", height: float = 2.4, **subplots) -> tuple[Figure, object]:
    """Return (figure, axes) sized for a journal column; call inside `style()`.

    `width` is "single" (3.5 in) or "double" (7.2 in); `height` in inches; `subplots` go to
    `Figure.subplots` (e.g. nrows=2, sharex=True).
    """
    figure = Figure(figsize=(WIDTH_IN[width], height))
    return figure, figure.subplots(**subplots)


@dataclass(frozen=True)
class SavedFigure:
    """What `save_figure` wrote. A notebook displays it as the saved 300-dpi PNG itself, so
    what the reader sees is the file, byte for byte, and the figure is not rendered twice."""

    name: str
    paths: tuple[Path, ...]
    png: bytes
    width_px: int  # display width: the figure's width at DISPLAY_PX_PER_IN
    alt: str = ""  # what the figure shows, in words: the image's alt text in the HTML site

    def _repr_mimebundle_(self, include=None, exclude=None):
        files = ", ".join(p.suffix[1:] for p in self.paths)
        return {"image/png": self.png, "text/plain": f"{self.name} saved as {files}"}, {
            "image/png": {"width": self.width_px, "alt": self.alt}
        }


def describe(figure: Figure) -> str:
    """Words for a figure's alt text, from its own titles and axis labels, in drawing order."""
    texts = [figure.get_suptitle(), figure.get_supxlabel(), figure.get_supylabel()] + [
        label for axes in figure.axes for label in (axes.get_title(), axes.get_xlabel(), axes.get_ylabel())
    ]
    return "; ".join(dict.fromkeys(" ".join(t.split()) for t in texts if t and t.strip()))


def save_figure(figure: Figure, name: str, data: pd.DataFrame, document, out_dir: str | Path = FIGURES_DIR,
                parameters: dict[str, object] | None = None, caption: str | None = None) -> SavedFigure:
    """Save `figure` as NAME.pdf/.svg/.png, `data` as NAME.csv and provenance as NAME.json.

    `document` is the `Document` the figure shows (its name and SHA-256 are recorded), and
    `parameters` the notebook's parameters (recorded as given, when passed). The project's
    commit is recorded too, except in the committed `figures/`: a file there that named the
    commit it was made at would change at every commit, so the main job could never leave
    the checkout clean; there, git itself says which commit holds the file.
    Each file is written to a temporary name and renamed, so a failure leaves no half-file.
    Returns a `SavedFigure` (paths in a fixed order), which a notebook displays as the PNG;
    `caption` (default: the figure's titles and axis labels) becomes its alt text.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    committed = out_dir.resolve() == FIGURES_DIR.resolve()
    record = provenance(document.name, document.sha256, parameters, commit=not committed) | {"figure": name}
    csv = data.to_csv(index=False, lineterminator="\n").encode("utf-8")
    written = [out_dir / f"{name}.{fmt}" for fmt in DRAWN_FORMATS]
    with style():
        # The key is taken before layout (`state_fingerprint`): a reused figure is never laid out.
        parts = _key_parts(figure, name, csv, _caller_source(sys._getframe(1)))
        key, drawing = _digest(parts | {"record": record}), _digest(parts)
        # Under `run TEXT` the files are written in a temporary folder: remember the final one.
        final = Path(PROJECT_ROOT, shown(out_dir.absolute())).resolve()
        reuse_record = cache_root() / REUSE_FOLDER / f"{hashlib.sha256(str(final / name).encode()).hexdigest()}.json"
        redraw = os.environ.get(REDRAW_ENV) == "1"
        redraw = redraw or parts["figure"] is None  # a state too deep to fingerprint: draw it
        found = None if redraw else _reusable(reuse_record, key, written)
        if found is None:
            # The same drawing saved elsewhere (another text's run, the seed's figures/, an earlier
            # run on this text): copy its files, each checked against its recorded SHA-256.
            found = None if redraw else _copy_drawn(drawing, written)
            if found is None:
                # Lay the figure out once and keep that layout for every format: constrained layout
                # would otherwise be recomputed at each savefig.
                with warnings.catch_warnings():
                    # On a tiny text an axes can collapse; the figure is still drawn, just not tightened.
                    warnings.filterwarnings("ignore", message="constrained_layout not applied")
                    figure.draw_without_rendering()
                figure.set_layout_engine("none")
                for path, fmt in zip(written, DRAWN_FORMATS):
                    _atomic(path, lambda p: figure.savefig(p, format=fmt, metadata=_METADATA[fmt]))
                found = written[2].read_bytes(), {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in written}
            if parts["figure"] is not None:
                _remember(reuse_record, {"key": key, "files": found[1]})
        png, files = found
        if parts["figure"] is not None:
            _remember_drawn(drawing, files, final)
    written.append(_atomic(out_dir / f"{name}.csv", lambda p: p.write_bytes(csv)))
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    written.append(_atomic(out_dir / f"{name}.json", lambda p: p.write_text(text, encoding="utf-8")))
    width_px = round(figure.get_figwidth() * DISPLAY_PX_PER_IN)
    alt = ": ".join(filter(None, (f"Figure {name}", caption or describe(figure))))
    return SavedFigure(name, tuple(written), png, width_px, alt)


def reuse_key(figure: Figure, name: str, csv: bytes, record: dict, caller: str) -> str:
    """Return the key under which a drawn figure may be reused (see the module docstring)."""
    return _digest(_key_parts(figure, name, csv, caller) | {"record": record})


def drawing_key(figure: Figure, name: str, csv: bytes, caller: str) -> str:
    """Return `reuse_key` without the provenance record: the key of the drawn bytes alone (the
    record is written to NAME.json, never drawn), under which another folder's files may be copied."""
    return _digest(_key_parts(figure, name, csv, caller))


def _digest(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()


def _key_parts(figure: Figure, name: str, csv: bytes, caller: str) -> dict:
    """Everything a drawn byte can depend on (see the module docstring), but the provenance record."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "absent"

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return {
        "name": name, "csv": hashlib.sha256(csv).hexdigest(), "plots code": digest.hexdigest(),
        "caller": hashlib.sha256(caller.encode()).hexdigest(),
        "rc": repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())),
        "packages": {p: installed(p) for p in DRAWING_PACKAGES} | {"python": sys.version},
        "figure": state_fingerprint(figure),
        "fonts": _fonts(figure),
    }


def fingerprint(figure: Figure) -> str:
    """Return the SHA-256 of every artist's state in the laid-out figure (texts, data, colours,
    positions, transforms), in drawing-tree order, without memory addresses or ids.

    The bytes are gathered in a list and hashed once (a digest of the concatenation is the digest
    of the pieces fed one by one), and each value's kind is looked up by its type once
    (`_KIND`): the same bytes as feeding `hashlib` value by value through the chain of
    isinstance tests (tests/test_hot_paths.py compares the two on the figures of every kind).
    A function is hashed by its code only; `state_fingerprint` also follows what it captured.
    """
    out: list[bytes] = []
    for artist in figure.findobj():
        out.append(type(artist).__qualname__.encode() + b"\0")
        _state(vars(artist), out, 0, set())
    return hashlib.sha256(b"".join(out)).hexdigest()


def state_fingerprint(figure: Figure) -> str | None:
    """Return the SHA-256 of everything a drawn byte can depend on in `figure` as it stands, before
    layout: every artist's state as `fingerprint` walks it, and also what its functions capture
    (a tick formatter's closure cells, default arguments and the globals its code names; a bound
    method's object; a `functools.partial`'s arguments; nested code objects), the attributes that
    `fingerprint` skips but that reach a drawn byte (gid, url, sketch, path effects, filters),
    the state of objects without a `__dict__` (their slots, else their repr without addresses)
    (an object nested deeper than `_DEEP_DEPTH` levels gives None: the figure is drawn). Layout and tick labels are functions of this state,
    the rcParams and the drawing packages (all in the reuse key), so the key is taken without
    laying the figure out (tests/test_prelayout_key.py)."""
    out: list[bytes] = []
    seen: set[int] = set()  # one for the whole figure: a shared object (a transform, a colour map) once
    try:
        for artist in figure.findobj():
            out.append(type(artist).__qualname__.encode() + b"\0")
            _state(vars(artist), out, 0, seen, True)
    except _TooDeep:
        return None
    return hashlib.sha256(b"".join(out)).hexdigest()


class _TooDeep(Exception):
    """An object nested deeper than `_DEEP_DEPTH`: its state is not all seen, so the figure is drawn."""


_FONT_FILES: dict[str, str] = {}  # font file -> its SHA-256, once per process


def _fonts(figure: Figure) -> list[tuple[str, str]]:
    """The font files the figure's texts resolve to, with their SHA-256 (a font installed on the
    system under the same family name would change the drawn glyphs)."""
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    found = set()
    for text in figure.findobj(Text):
        path = findfont(text.get_fontproperties())
        if path not in _FONT_FILES:
            _FONT_FILES[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        found.add((Path(path).name, _FONT_FILES[path]))
    return sorted(found)


_SKIPPED = {"figure", "_axes", "axes", "_parent_figure", "_callbacks", "callbacks", "stale_callback",
            "_remove_method", "_parents", "_cachedRenderer", "_renderer", "canvas", "_mouseover_set",
            "_cursorProps", "_shared_axes", "_twinned_axes", "_stale_viewlims", "_localaxes",
            "_axobservers", "_button_pick_id", "_scroll_pick_id", "_id_norm", "_fig_callbacks",
            "_get_lines", "_get_patches_for_fill", "_gid", "_url", "_picker", "_animated", "_agg_filter",
            "_sketch", "_path_effects", "_in_layout", "_children", "child_axes", "_invalid"}
# In `state_fingerprint`: what can reach a drawn byte is not skipped (an SVG id, a link, a sketch,
# path effects, an image filter, whether the artist takes part in layout).
_SKIPPED_DEEP = _SKIPPED - {"_gid", "_url", "_agg_filter", "_sketch", "_path_effects", "_in_layout", "_animated"}
_DEPTH, _DEEP_DEPTH = 6, 16  # how deep nested plain objects are followed
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Modules whose functions' code is fixed by a version in the key (Python's for the standard library).
_VERSIONED = frozenset(sys.stdlib_module_names) | {
    "matplotlib", "mpl_toolkits", "numpy", "PIL", "fontTools", "kiwisolver", "contourpy", "pyparsing"}

# The kinds `_state` tells apart by type, in the order it tests them; a type matching none is "other".
_KIND_TESTS = (("scalar", (type(None), bool, int, float, str, bytes, complex)), ("array", (np.ndarray,)),
               ("numpy scalar", (np.generic,)), ("sequence", (list, tuple)), ("dict", (dict,)),
               ("set", (set, frozenset)), ("artist", (Artist, Figure)), ("bbox", (BboxBase,)),
               ("path", (MplPath,)), ("transform", (TransformNode,)))
_KIND: dict[type, str] = {}


def _kind(cls: type) -> str:
    kind = _KIND.get(cls)
    if kind is None:
        kind = _KIND[cls] = next((k for k, classes in _KIND_TESTS if issubclass(cls, classes)), "other")
    return kind


def _state(value, out: list, depth: int, seen: set, deep: bool = False) -> None:
    """Append a canonical form of `value` to `out` (artists are visited apart, by `findobj`).
    `deep`: as `state_fingerprint` (functions' captured values too), else as `fingerprint`."""
    kind = _KIND.get(type(value)) or _kind(type(value))
    if kind == "scalar":
        out.append(repr(value).encode() + b"\1")
    elif kind == "dict":
        out.append(b"{")
        skipped = _SKIPPED_DEEP if deep else _SKIPPED
        for key in sorted(value, key=repr):
            if key in skipped:
                continue
            _state(key, out, depth, seen, deep)
            _state(value[key], out, depth, seen, deep)
        out.append(b"}")
    elif kind == "sequence":
        out.append(b"[")
        for item in value:
            _state(item, out, depth, seen, deep)
        out.append(b"]")
    elif kind == "array":
        if np.ma.isMaskedArray(value):
            _state(np.ma.getmaskarray(value), out, depth, seen, deep)
            value = np.ma.getdata(value)
        array = np.ascontiguousarray(value)
        out.append(f"{array.dtype.str}{array.shape}".encode())
        out.append(array.tobytes() if array.dtype != object else repr(array.tolist()).encode())
    elif kind == "numpy scalar":
        out.append(repr(value.item()).encode() + b"\1")
    elif kind == "set":
        out.extend(item.encode() + b"\1" for item in sorted(map(repr, value)))
    elif kind == "artist":
        out.append(type(value).__qualname__.encode())  # its own state is visited by findobj
    elif kind == "bbox":
        _state(np.asarray(value.get_points()), out, depth, seen, deep)
    elif kind == "path":
        _state(value.vertices, out, depth, seen, deep)
        _state(value.codes, out, depth, seen, deep)
    elif kind == "transform":
        try:
            _state(np.asarray(value.get_matrix()), out, depth, seen, deep)
        except Exception:  # a non-affine transform: its type, and its parts below
            out.append(type(value).__qualname__.encode())
        # A transform's matrix stands for its parts (which a deeper walk would visit at every artist).
        if id(value) not in seen and (deep or depth < _DEPTH):
            seen.add(id(value))
            _state({k: v for k, v in vars(value).items() if k not in {"_parents", "_invalid"}}, out, depth + 1, seen,
                   deep)
    elif deep:
        _deep_other(value, out, depth, seen)
    elif callable(value) and hasattr(value, "__code__"):
        code = value.__code__
        out.append(f"{getattr(value, '__qualname__', '')}".encode() + code.co_code + repr(code.co_consts).encode())
    elif hasattr(value, "__dict__") and id(value) not in seen and depth < _DEPTH:
        seen.add(id(value))
        out.append(type(value).__qualname__.encode())
        _state(vars(value), out, depth + 1, seen)
    else:
        out.append(type(value).__qualname__.encode())


def _deep_other(value, out: list, depth: int, seen: set) -> None:
    """`_state` in `deep` mode for a value of no listed kind: functions with what they capture,
    modules and classes by name, other objects by their attributes, slots or repr."""
    if isinstance(value, types.ModuleType):
        out.append(b"module " + value.__name__.encode() + b"\1")
        return
    if isinstance(value, type):
        out.append(f"class {value.__module__}.{value.__qualname__}".encode() + b"\1")
        return
    if id(value) in seen:
        out.append(b"seen " + type(value).__qualname__.encode())
        return
    if depth >= _DEEP_DEPTH:
        raise _TooDeep
    seen.add(id(value))
    out.append(type(value).__qualname__.encode() + b"(")
    if isinstance(value, types.MethodType):  # a bound method: its object and its function
        _state(value.__self__, out, depth + 1, seen, True)
        _state(value.__func__, out, depth + 1, seen, True)
    elif isinstance(value, types.FunctionType):
        out.append(f"{value.__module__}.{value.__qualname__}".encode() + b"\1")
        library = str(value.__module__).split(".")[0] in _VERSIONED
        if not library:  # a library's code and globals are fixed by its version (in the key)
            _code(value.__code__, out)
        for cell in value.__closure__ or ():
            try:
                _state(cell.cell_contents, out, depth + 1, seen, True)
            except ValueError:  # an empty cell
                out.append(b"empty cell")
        _state(value.__defaults__, out, depth + 1, seen, True)
        _state(value.__kwdefaults__, out, depth + 1, seen, True)
        if not library:
            names = sorted(_names(value.__code__))
            _state({n: value.__globals__[n] for n in names if n in value.__globals__}, out, depth + 1, seen, True)
    elif isinstance(value, (types.BuiltinMethodType, types.MethodWrapperType)):  # "{:,}".format, len
        out.append(value.__name__.encode() + b"\1")
        owner = getattr(value, "__self__", None)
        if not isinstance(owner, types.ModuleType):
            _state(owner, out, depth + 1, seen, True)
    elif isinstance(value, functools.partial):
        _state(value.func, out, depth + 1, seen, True)
        _state(value.args, out, depth + 1, seen, True)
        _state(value.keywords, out, depth + 1, seen, True)
    elif isinstance(value, types.CodeType):
        _code(value, out)
    else:
        slots = [n for cls in type(value).__mro__ for n in getattr(cls, "__slots__", ()) if n not in ("__dict__", "__weakref__")]
        if hasattr(value, "__dict__"):
            _state(vars(value), out, depth + 1, seen, True)
        if slots:
            _state({n: getattr(value, n, None) for n in slots}, out, depth + 1, seen, True)
        if not slots and not hasattr(value, "__dict__"):
            out.append(_ADDRESS.sub("", repr(value)).encode() + b"\1")
    out.append(b")")


def _code(code: types.CodeType, out: list) -> None:
    """A code object's bytecode, names and constants, nested code objects included (no addresses)."""
    out.append(code.co_code + repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            _code(constant, out)
        else:
            out.append(repr(constant).encode() + b"\1")


def _names(code: types.CodeType) -> set[str]:
    """Every global name a code object (or one nested in it) may read."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _names(constant)
    return names


def _caller_source(frame) -> str:
    """The source of the file (a notebook cell, in a kernel) whose code called `save_figure`."""
    return "".join(linecache.getlines(frame.f_code.co_filename)) + frame.f_code.co_name


def _reusable(record_path: Path, key: str, paths: list[Path]) -> tuple[bytes, dict[str, str]] | None:
    """Return (the PNG's bytes, {file name: SHA-256}) when the files on disk are those drawn under
    `key`, else None."""
    try:
        recorded = json.loads(record_path.read_text(encoding="utf-8"))
        if recorded["key"] != key or sorted(recorded["files"]) != sorted(p.name for p in paths):
            return None
        contents = {p.name: p.read_bytes() for p in paths}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(hashlib.sha256(contents[n]).hexdigest() != h for n, h in recorded["files"].items()):
        return None
    return contents[paths[2].name], dict(recorded["files"])


def _drawn_record(drawing: str) -> Path:
    return cache_root() / REUSE_FOLDER / DRAWN_FOLDER / f"{drawing}.json"


def _copy_drawn(drawing: str, paths: list[Path]) -> tuple[bytes, dict[str, str]] | None:
    """Copy into `paths` the files drawn under `drawing` from the first remembered folder whose
    files all still have their recorded SHA-256; return (the PNG's bytes, {file name: SHA-256}),
    or None when no folder does."""
    try:
        recorded = json.loads(_drawn_record(drawing).read_text(encoding="utf-8"))
        files, places = dict(recorded["files"]), [Path(p) for p in recorded["places"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if sorted(files) != sorted(p.name for p in paths):
        return None
    for place in places:
        try:
            contents = {p.name: (place / p.name).read_bytes() for p in paths}
        except OSError:
            continue
        if all(hashlib.sha256(contents[n]).hexdigest() == h for n, h in files.items()):
            for path in paths:
                if place / path.name != path:
                    _atomic(path, lambda p: p.write_bytes(contents[path.name]))
            return contents[paths[2].name], files
    return None


def _remember_drawn(drawing: str, files: dict[str, str], folder: Path) -> None:
    """Note that `folder` holds the files drawn under `drawing` (most recent first, at most
    `KEPT_PLACES` folders); a folder that cannot be written is skipped."""
    record_path = _drawn_record(drawing)
    try:
        recorded = json.loads(record_path.read_text(encoding="utf-8"))
        places = [str(folder)] + [p for p in recorded["places"] if p != str(folder)] if recorded["files"] == files else [str(folder)]
    except (OSError, ValueError, KeyError, TypeError):
        recorded, places = None, [str(folder)]
    entry = {"files": files, "places": places[:KEPT_PLACES]}
    if entry != recorded:
        _remember(record_path, entry)


def _remember(record_path: Path, entry: dict) -> None:
    """Write a figure's key and file hashes (atomically); a folder that cannot be written is skipped."""
    try:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        _atomic(record_path, lambda p: p.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8"))
    except OSError:
        pass


def _atomic(path: Path, write) -> Path:
    """Call write(temporary path), then rename it to `path`; return `path`."""
    # A unique temporary name, so two runs saving the same figure at once cannot collide.
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; figures are for sharing
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
