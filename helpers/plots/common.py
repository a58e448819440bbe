"""One style and one save for every figure.

`STYLE` is applied only inside `style()` (a `matplotlib.rc_context`), never on import, so
importing helpers leaves a user's matplotlib settings alone. Figures are made with
`matplotlib.figure.Figure`, not pyplot: no global state, safe to build many in parallel.
`save_figure` writes PDF, SVG and PNG (300 dpi) plus a CSV of the numbers plotted and a
JSON provenance record, with fixed metadata so the bytes are the same on every run.
"""
from __future__ import annotations

import json
import os
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from ..paths import FIGURES_DIR
from ..provenance import provenance

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
    written = []
    with style():
        # Lay the figure out once and keep that layout for every format: constrained layout
        # would otherwise be recomputed at each savefig.
        with warnings.catch_warnings():
            # On a tiny text an axes can collapse; the figure is still drawn, just not tightened.
            warnings.filterwarnings("ignore", message="constrained_layout not applied")
            figure.draw_without_rendering()
        figure.set_layout_engine("none")
        for fmt in ("pdf", "svg", "png"):
            written.append(_atomic(out_dir / f"{name}.{fmt}", lambda p: figure.savefig(p, format=fmt, metadata=_METADATA[fmt])))
    written.append(_atomic(out_dir / f"{name}.csv", lambda p: data.to_csv(p, index=False, lineterminator="\n")))
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    written.append(_atomic(out_dir / f"{name}.json", lambda p: p.write_text(text, encoding="utf-8")))
    width_px = round(figure.get_figwidth() * DISPLAY_PX_PER_IN)
    alt = ": ".join(filter(None, (f"Figure {name}", caption or describe(figure))))
    return SavedFigure(name, tuple(written), written[2].read_bytes(), width_px, alt)


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
