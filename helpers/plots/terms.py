"""Figures of notebook 03 (terms), drawn from the tables of `helpers.terms`.

Each function returns `(figure, data)`: the data is what is plotted, saved beside the figure.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import terms
from ..text import Document
from . import common
from .labels import MAX_LABELS, label_step

MAX_HEATMAP_COLUMNS = 20  # vertical labels ("P1–4") that fit a single column; more paragraphs are grouped
LABEL_GREY, BOUNDARY_GREY, DARK_GREY, NEUTRAL_GREY = "#333333", "#bbbbbb", "#222222", "#999999"


def top_terms_figure(table: pd.DataFrame, n: int = 20, min_count: int = 2) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars of the `n` most frequent terms of a `term_frequencies` table.

    Only terms seen at least `min_count` times are drawn (see `terms.top_terms`). Bars are
    counts (bottom axis) and the top axis gives the same scale per 1,000 words.
    Returns (figure, the plotted rows: term, count, per_1000, rank).
    """
    data = terms.top_terms(table, n, min_count)[["term", "count", "per_1000", "rank"]].reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("single", 0.6 + 0.14 * max(len(data), 1))
        ax.barh(data["rank"], data["count"], color=common.OKABE_ITO[0], height=0.7)
        ax.set_yticks(data["rank"], data["term"])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Occurrences in the body (count)")
        if len(data):
            scale = data["per_1000"].iloc[0] / data["count"].iloc[0]
            top = ax.secondary_xaxis("top", functions=(lambda x: x * scale, lambda x: x / scale))
            top.set_xlabel("Per 1,000 running words")
    return fig, data


def keyness_figure(table: pd.DataFrame, n: int = 15) -> tuple[Figure, pd.DataFrame]:
    """Bars of Log Ratio for the `n` top key terms of a keyness table (key rows only).

    Each bar is labelled with the term's count in the text. Returns (figure, plotted rows).
    """
    columns = ["term", "count", "per_1000", "reference_per_1000", "log_ratio", "log_likelihood", "p"]
    data = table[table["key"]].head(n)[columns].reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("single", 0.7 + 0.16 * max(len(data), 1))
        y = np.arange(len(data))
        ax.barh(y, data["log_ratio"], color=common.POSITIVE, height=0.7)
        for yi, (lr, count) in enumerate(zip(data["log_ratio"], data["count"])):
            ax.text(lr, yi, f" {count}", va="center", ha="left", fontsize=6.5, color=LABEL_GREY)
        ax.set_yticks(y, data["term"])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, (data["log_ratio"].max() if len(data) else 1) * 1.12)
        ax.set_xlabel("Log Ratio vs general English\n(log$_2$ of the ratio of relative frequencies)")
    return fig, data


BINNED_ABOVE = 50_000  # running words; above, the x-ray is binned (the seed and a 6,467-word address stay below)
DISPERSION_BINS = 400  # bins of a binned x-ray: about one per 0.5 mm of a double column


def dispersion_bins(data: pd.DataFrame, labels: list[str], total: int, bins: int = DISPERSION_BINS) -> pd.DataFrame:
    """Return `label, bin, start, end, count`: each label's occurrences (a `terms.positions` table) in `bins`
    consecutive stretches of the body's `total` running words (bin b holds positions start..end, 1-based,
    near-equal widths; integer arithmetic). Every bin of every label is a row, zeros included."""
    bins = max(1, min(bins, total))
    edges = [1 + (b * total) // bins for b in range(bins + 1)]  # bin b: edges[b] <= position < edges[b + 1]
    rows = []
    for label in labels:
        counts = [0] * bins
        for position in data.loc[data["label"] == label, "position"]:
            counts[(int(position) * bins - 1) // total if total else 0] += 1
        rows.extend((label, b + 1, edges[b], edges[b + 1] - 1, counts[b]) for b in range(bins))
    return pd.DataFrame(rows, columns=["label", "bin", "start", "end", "count"])


def dispersion_figure(document: Document, selection: terms.TermSets) -> tuple[Figure, pd.DataFrame]:
    """An x-ray plot: one row per selected term (or family), a tick at each occurrence.

    x is the running-word position in the body; dotted lines mark where paragraphs start,
    labelled P1, P2, ... on the top axis; the number at the right of a row is its count.
    A selected term or family that does not occur gets no row (see `terms.present`).
    Returns (figure, `terms.positions` table). A body of more than `BINNED_ABOVE` running words
    is binned instead: each row is a strip of `DISPERSION_BINS` bars, a bar's height the bin's count
    relative to the row's fullest bin, and the data is `dispersion_bins` (one tick per occurrence
    would be more ticks than the figure has points, and slow to save).
    """
    selection = terms.present(document, selection)
    data = terms.positions(document, selection)
    labels = list(selection)
    starts, total = terms.paragraph_starts(document), terms.running_words(document)
    binned = total > BINNED_ABOVE
    if binned:
        counts = [int(c) for c in data["label"].value_counts().reindex(labels, fill_value=0)]
        data = dispersion_bins(data, labels, total)
    step = label_step(len(starts), MAX_LABELS["double"])
    with common.style():
        fig, ax = common.new_figure("double", 0.8 + 0.22 * max(len(labels), 1))
        for row, label in enumerate(labels):
            if binned:
                rows = data[data["label"] == label]
                heights = 0.7 * rows["count"].to_numpy() / max(int(rows["count"].max()), 1)
                edges = np.append(rows["start"].to_numpy() - 0.5, rows["end"].iloc[-1] + 0.5)
                ax.stairs(row + 0.35 - heights, edges, baseline=row + 0.35, fill=True, color=common.OKABE_ITO[0],
                          linewidth=0)
                count = counts[row]
            else:
                x = data.loc[data["label"] == label, "position"]
                ax.vlines(x, row - 0.35, row + 0.35, color=common.OKABE_ITO[0], linewidth=1.0)
                count = len(x)
            ax.text(1.005, row, f"{count:,}" if binned else f"{count}", transform=ax.get_yaxis_transform(),
                    va="center", fontsize=6.5)
        # Paragraph boundaries behind the ticks, so an occurrence on a boundary stays visible;
        # a long text gets every step-th boundary only, so lines and labels stay readable.
        for start in starts[::step]:
            ax.axvline(start - 0.5, color=BOUNDARY_GREY, linewidth=0.6, linestyle=":", zorder=0.5)
        ax.text(1.005, 1.0, "count", transform=ax.transAxes, va="bottom", fontsize=6.5)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)
        ax.set_xlim(0.5, total + 0.5)
        ax.grid(False)
        ax.set_xlabel("Position in the body (running words)")
        if binned:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
        top = ax.secondary_xaxis("top")
        if step == 1:  # each label centred on its paragraph
            ends = starts[1:] + [total + 1]
            top.set_xticks([(s + e - 1) / 2 for s, e in zip(starts, ends)], [f"P{i}" for i in range(1, len(starts) + 1)])
        else:  # each label on the boundary it names
            top.set_xticks([s - 0.5 for s in starts[::step]], [f"P{i}" for i in range(1, len(starts) + 1, step)])
        top.tick_params(length=0)
    return fig, data


def heatmap_figure(matrix: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """A term x paragraph heatmap of counts (a `terms.term_paragraph_matrix`), each cell labelled.

    A text of more than `MAX_HEATMAP_COLUMNS` paragraphs is shown in that many groups of
    consecutive paragraphs (column "P1–50": the counts of paragraphs 1 to 50 added up).
    Returns (figure, the counts in long form: term, paragraph, count).
    """
    matrix = grouped_paragraphs(matrix, MAX_HEATMAP_COLUMNS)
    data = matrix.stack().rename("count").reset_index()
    with common.style():
        fig, ax = common.new_figure("single", 0.9 + 0.17 * max(len(matrix), 1))
        values = matrix.to_numpy()
        top = max(values.max(initial=0), 1)
        # pcolormesh draws vector cells: smaller and faster to save as PDF/SVG than an image
        mesh = ax.pcolormesh(values.reshape(len(matrix), matrix.shape[1]), cmap="Blues", vmin=0, vmax=top,
                             edgecolors="white", linewidth=0.5)
        for (i, j), value in np.ndenumerate(values):
            if value:
                ax.text(j + 0.5, i + 0.5, str(value), ha="center", va="center", fontsize=6,
                        color="white" if value > 0.6 * top else DARK_GREY)
        ax.set_ylim(max(len(matrix), 1), 0)
        # Grouped columns ("P1–4") are strings: upright they would run into each other.
        ax.set_xticks(np.arange(matrix.shape[1]) + 0.5, [f"P{c}" for c in matrix.columns],
                      rotation=0 if pd.api.types.is_integer_dtype(matrix.columns) else 90)
        ax.set_yticks(np.arange(matrix.shape[0]) + 0.5, matrix.index)
        ax.tick_params(length=0)
        ax.grid(False)
        ax.spines[:].set_visible(False)
        ax.set_xlabel("Body paragraph")
        bar = fig.colorbar(mesh, ax=ax, label="Count", shrink=0.8, aspect=25)
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    return fig, data


def grouped_paragraphs(matrix: pd.DataFrame, max_columns: int) -> pd.DataFrame:
    """Return `matrix` (term x paragraph) with at most `max_columns` columns: consecutive
    paragraphs added up into near-equal groups named "first–last" (a group of one keeps its own
    number); unchanged if already narrow."""
    if matrix.shape[1] <= max_columns:
        return matrix
    groups = np.array_split(np.arange(matrix.shape[1]), max_columns)
    names = [f"{matrix.columns[g[0]]}" + (f"\u2013{matrix.columns[g[-1]]}" if len(g) > 1 else "") for g in groups]
    columns = {name: matrix.iloc[:, g].sum(axis=1) for name, g in zip(names, groups)}
    return pd.DataFrame(columns).rename_axis(columns=matrix.columns.name)


DIVERSITY_LABELS = {  # legend entries: what each line is, and which way means "more varied"
    "ttr": "TTR (types / running words)",
    "mattr": f"MATTR, window {terms.MATTR_WINDOW}",
    "mtld": f"MTLD, threshold {terms.MTLD_THRESHOLD}",
    "hdd": f"HD-D, {terms.HDD_DRAWS} draws",
    "yulek": "Yule's K (lower = more varied)",
    "maas": "Maas a² (lower = more varied)",
}
DIVERSITY_STYLES = {"ttr": ("-", "o"), "mattr": ("--", "s"), "mtld": ("-.", "^"), "hdd": (":", "D"),
                    "yulek": ("--", "v"), "maas": (":", "x")}


def prefix_sizes(total: int, start: int = 50, points: int = 30) -> list[int]:
    """Return about `points` prefix lengths from `start` to `total` running words, evenly spaced, ends included."""
    if total < start:
        return [total] if total else []
    step = max(1, round((total - start) / max(points - 1, 1)))
    return sorted(set(range(start, total, step)) | {total})


def prefix_diversity(words: list[str], sizes: list[int]) -> pd.DataFrame:
    """Return `prefix, measure, value, relative`: every diversity measure on the first `prefix` words.

    `relative` is the value divided by the measure's value on all of `words` (1 = the whole
    text's value), so measures on different scales share one axis. The values are
    `terms.diversity_on_prefixes` (one pass over the text; equal to `terms.diversity_table` of each prefix).
    """
    table = terms.diversity_on_prefixes(words, list(sizes) + [len(words)])
    whole = table[table["prefix"] == len(words)].set_index("measure")["value"]
    rows = []
    for size in sizes:
        for measure, value in zip(*(table.loc[table["prefix"] == size, c].tolist() for c in ("measure", "value"))):
            rows.append({"prefix": size, "measure": measure, "value": value, "relative": value / whole[measure]})
    return pd.DataFrame(rows, columns=["prefix", "measure", "value", "relative"])


def diversity_figure(words: list[str], sizes: list[int] | None = None) -> tuple[Figure, pd.DataFrame]:
    """Each diversity measure on growing prefixes of the text, relative to its whole-text value.

    x: the prefix's length in running words (the first x words of the body); y: the measure on that
    prefix divided by its value on the whole body, so every line ends at 1 and a flat line means a
    measure that does not depend on length. Returns (figure, `prefix_diversity` table).
    """
    sizes = prefix_sizes(len(words)) if sizes is None else sizes
    data = prefix_diversity(list(words), sizes)
    with common.style():
        fig, ax = common.new_figure("single", 2.9)
        for i, measure in enumerate(terms.DIVERSITY_MEASURES):
            rows = data[data["measure"] == measure]
            line, marker = DIVERSITY_STYLES[measure]
            ax.plot(rows["prefix"], rows["relative"], linestyle=line, marker=marker, markersize=2.5, linewidth=1.0,
                    color=common.OKABE_ITO[i], label=DIVERSITY_LABELS[measure])
        ax.axhline(1, color=NEUTRAL_GREY, linewidth=0.6, zorder=0.5, label="the whole text's value (= 1)")
        ax.set_xlabel("Length of the prefix (first x running words of the body)")
        ax.set_ylabel("Value / value on the whole text")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
        ax.legend(fontsize=6, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    return fig, data
