"""Figures of notebook 04 (a corpus over time and between groups).

Each function takes tables from `helpers.corpus.compare` (or the corpus engine) and returns
`(figure, data)`: `data` holds exactly the numbers drawn, for `save_figure` to write beside it.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from . import common
from .common import NEGATIVE, NEUTRAL, OKABE_ITO, POSITIVE

# Delivery colours: written messages and spoken addresses (Okabe-Ito orange and blue); the
# placed text (optional) in bluish green, a hue far from both, dashed.
DELIVERY_COLOURS = {"written": OKABE_ITO[1], "spoken": OKABE_ITO[0], "": OKABE_ITO[7]}
DELIVERY_MARKERS = {"written": "^", "spoken": "o", "": "o"}  # shape too, for grayscale prints
SMOOTH_COLOUR = OKABE_ITO[7]
SEED_COLOUR = OKABE_ITO[2]
THOUSANDS = StrMethodFormatter("{x:,.0f}")  # 1,000 not 1000 on count axes (years keep no separator)


def _delivery_legend(owner, present: list[str], extra: list[Line2D] = ()) -> None:
    """One legend entry per delivery present, then `extra`; above the panels when `owner` is a figure."""
    handles = [Line2D([], [], marker=DELIVERY_MARKERS[d], linestyle="", markersize=4, color=DELIVERY_COLOURS[d],
                      label=f"{d} (one per document)" if d else "one per document")
               for d in ("spoken", "written", "") if d in present]
    handles += list(extra)
    if isinstance(owner, Figure):
        owner.legend(handles=handles, loc="outside upper center", ncols=len(handles) if len(handles) <= 3 else 2,
                     frameon=False)
    else:
        owner.legend(handles=handles, loc="upper right", frameon=False)


def words_figure(documents: pd.DataFrame, words: str = "words", unit: str = "document") -> tuple[Figure, pd.DataFrame]:
    """Words per document against year, one point per document, coloured by delivery."""
    data = documents[["doc", "file", "year", "delivery", words]].reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("double", 2.4)
        for kind, part in data.groupby("delivery", sort=True):
            ax.scatter(part["year"], part[words], s=9, color=DELIVERY_COLOURS[kind], marker=DELIVERY_MARKERS[kind],
                       linewidth=0)
        ax.set_xlabel("Year")
        ax.set_ylabel(f"Words per {unit} (word tokens)")
        ax.yaxis.set_major_formatter(THOUSANDS)
        _delivery_legend(ax, sorted(set(data["delivery"])))
    return fig, data


def grades_figure(grades: pd.DataFrame, placed: pd.DataFrame | None, labels: dict[str, str], placed_label: str = "",
                  own_scale: tuple[str, ...] = ("linsear_write_formula",)) -> tuple[Figure, pd.DataFrame]:
    """Every grade-level formula per document against year: one panel per formula.

    `grades`: doc, year, delivery, measure, value, smooth (long form); `placed`: measure, value
    of a text placed on the same scale (a dashed line), or None for no line (a figure about the
    corpus alone, as for a paper). Panels share one grade scale so that formulas compare at a
    glance, except the `own_scale` ones (Linsear Write, whose textstat value reads only the
    first 100 words, strays far enough to squash the others).
    """
    measures = list(dict.fromkeys(grades["measure"]))
    data = grades.reset_index(drop=True)
    if placed is not None:
        data = data.merge(placed.rename(columns={"value": "placed"}), on="measure", how="left")
    shared = data[~data["measure"].isin(own_scale)]
    top = float(shared["value"].max()) if len(shared) else 1.0
    if placed is not None and len(shared):
        top = max(top, float(shared["placed"].max()))
    with common.style():
        fig, axes = common.new_figure("double", 4.2, nrows=2, ncols=3, sharex=True, squeeze=False)
        for ax, measure in zip(axes.flat, measures):
            part = data[data["measure"] == measure]
            for kind, sub in part.groupby("delivery", sort=True):
                ax.scatter(sub["year"], sub["value"], s=5, color=DELIVERY_COLOURS[kind], marker=DELIVERY_MARKERS[kind],
                           linewidth=0, alpha=0.8)
            line = part.sort_values(["year", "doc"])
            ax.plot(line["year"], line["smooth"], color=SMOOTH_COLOUR, linewidth=1.2)
            if placed is not None:
                ax.axhline(float(part["placed"].iloc[0]), color=SEED_COLOUR, linestyle="--", linewidth=0.9)
            ax.set_title(labels[measure] + (" (own scale)" if measure in own_scale else ""))
            if measure not in own_scale:
                ax.set_ylim(0, top * 1.05)
        for ax in axes.flat[len(measures):]:
            ax.set_visible(False)
        for ax in axes[1]:
            ax.set_xlabel("Year")
        for ax in axes[:, 0]:
            ax.set_ylabel("US grade level")
        extra = [Line2D([], [], color=SMOOTH_COLOUR, label="running median, ±5 years")]
        if placed is not None:
            extra.append(Line2D([], [], color=SEED_COLOUR, linestyle="--", label=placed_label))
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data


def group_points_figure(values: pd.DataFrame, ranges: pd.DataFrame, group: str, xlabel: str,
                        names: dict[str, str] | None = None) -> tuple[Figure, pd.DataFrame]:
    """Every document of each group as a point on the group's row, with the group's range.

    `values`: doc, group, delivery, value (one row per document); `ranges`: one row per group in
    drawing order (`corpus.compare.group_ranges`: group, documents, min, median, max). A grey
    line spans the range, a short black tick marks the median; points are coloured and shaped
    by delivery. No interval: the documents are all there are, nothing is sampled. `names`
    relabels groups (e.g. `compare.display_name`); the number after a name is its documents.
    """
    order = {name: i for i, name in enumerate(ranges[group])}
    data = values[["doc", group, "delivery", "value"]].assign(row=[order[g] for g in values[group]])
    data = data.sort_values(["row", "doc"]).reset_index(drop=True)
    names = names or {}
    with common.style():
        fig, ax = common.new_figure("double", 1.0 + 0.12 * len(ranges))
        y = list(range(len(ranges)))
        ax.hlines(y, ranges["min"], ranges["max"], color=NEUTRAL, linewidth=1.0, zorder=1)
        ax.scatter(ranges["median"], y, marker="|", s=40, color=SMOOTH_COLOUR, linewidth=1.0, zorder=2)
        for kind, part in data.groupby("delivery", sort=True):
            ax.scatter(part["value"], part["row"], s=9, color=DELIVERY_COLOURS[kind], marker=DELIVERY_MARKERS[kind],
                       linewidth=0, alpha=0.85, zorder=3)
        ax.set_yticks(y, [f"{names.get(name, name)} ({n})" for name, n in zip(ranges[group], ranges["documents"])])
        ax.set_ylim(len(ranges) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=6)
        ax.set_xlabel(xlabel)
        extra = [Line2D([], [], color=NEUTRAL, label="range (lowest to highest)"),
                 Line2D([], [], color=SMOOTH_COLOUR, marker="|", linestyle="", markersize=7, label="median")]
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data


def tone_figure(tone: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Two panels against year: mean sentence compound with its interval, and the share of negative sentences.

    `tone`: doc, year, delivery, mean, low, high, smooth_mean, negative_share, smooth_negative.
    """
    data = tone.sort_values(["year", "doc"]).reset_index(drop=True)
    with common.style():
        fig, (top, bottom) = common.new_figure("double", 4.0, nrows=2, sharex=True)
        for kind, part in data.groupby("delivery", sort=True):
            colour = DELIVERY_COLOURS[kind]
            top.vlines(part["year"], part["low"], part["high"], color=colour, linewidth=0.6, alpha=0.6)
            top.scatter(part["year"], part["mean"], s=6, color=colour, marker=DELIVERY_MARKERS[kind], linewidth=0)
            bottom.scatter(part["year"], part["negative_share"] * 100, s=6, color=colour, marker=DELIVERY_MARKERS[kind],
                           linewidth=0)
        top.plot(data["year"], data["smooth_mean"], color=SMOOTH_COLOUR, linewidth=1.2)
        bottom.plot(data["year"], data["smooth_negative"] * 100, color=SMOOTH_COLOUR, linewidth=1.2)
        top.axhline(0, color="#999999", linewidth=0.6)
        top.set_ylabel("Mean sentence compound\n(VADER, −1 to +1)")
        bottom.set_ylabel("Negative sentences (%)\n(compound ≤ −0.05)")
        bottom.set_xlabel("Year")
        extra = [Line2D([], [], color=NEUTRAL, linewidth=0.6, label="95% block-bootstrap interval"),
                 Line2D([], [], color=SMOOTH_COLOUR, label="running median, ±5 years")]
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data


def keyness_figure(top: pd.DataFrame, first_label: str, second_label: str,
                   unit: str = "documents") -> tuple[Figure, pd.DataFrame]:
    """Share of documents using each key term in each group (`corpus.compare.top_key_terms`).

    One row per term: a filled point for the first group, a hollow one for the second, joined
    by a line (the share difference, the effect size); at the right, the counts behind them:
    documents using the term of the documents in each group, and its occurrences (tokens).
    """
    data = top.reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("double", 1.0 + 0.16 * len(data))
        y = list(range(len(data)))
        colours = [POSITIVE if side == "first" else NEGATIVE for side in data["side"]]
        ax.hlines(y, data["share_second"] * 100, data["share_first"] * 100, color=colours, linewidth=1.0)
        ax.scatter(data["share_first"] * 100, y, s=14, color=colours, zorder=3)
        ax.scatter(data["share_second"] * 100, y, s=14, facecolor="white", edgecolor=colours, zorder=3)
        ax.set_yticks(y, data["term"])
        ax.set_ylim(len(data) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=6)
        counts = ax.twinx()  # the counts behind each row, as right-hand tick labels
        counts.set_ylim(ax.get_ylim())
        counts.set_yticks(y, [f"{r.docs_first:,} of {r.n_first:,} | {r.docs_second:,} of {r.n_second:,}; "
                              f"{r.count_first:,} | {r.count_second:,}" for r in data.itertuples()])
        counts.tick_params(axis="y", labelsize=5.5, length=0)
        counts.grid(False)
        counts.set_ylabel(f"{unit} using it; occurrences\n({first_label} | {second_label})", fontsize=6)
        ax.set_xlabel(f"Share of {unit} using the term (%)")
        handles = [Line2D([], [], marker="o", linestyle="", color="#555555", markersize=4, label=first_label),
                   Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color="#555555", markersize=4,
                          label=second_label),
                   Line2D([], [], color=POSITIVE, label=f"more {unit} {first_label}"),
                   Line2D([], [], color=NEGATIVE, label=f"more {unit} {second_label}")]
        fig.legend(handles=handles, loc="outside upper center", ncols=4, frameon=False)
    return fig, data


def dispersion_figure(rates: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Per-1,000-word rate of a few terms in each document against year, one panel per term."""
    data = rates.reset_index(drop=True)
    selected = list(dict.fromkeys(data["term"]))
    with common.style():
        fig, axes = common.new_figure("double", 0.6 + 0.55 * len(selected), nrows=len(selected), sharex=True,
                                      squeeze=False)
        for k, (ax, term) in enumerate(zip(axes[:, 0], selected)):
            part = data[data["term"] == term]
            ax.vlines(part["year"], 0, part["per_1000"], color=OKABE_ITO[k % 7], linewidth=0.9)
            ax.set_ylabel(term, rotation=0, ha="right", va="center")
            ax.set_ylim(bottom=0)
        axes[-1, 0].set_xlabel("Year")
        fig.supylabel("Occurrences per 1,000 words", fontsize=7)
        handles = [Line2D([], [], color="#555555", linewidth=0.9, label="one line per document: its rate")]
        fig.legend(handles=handles, loc="outside upper center", frameon=False)
    return fig, data


def measure_years_figure(values: pd.DataFrame, ylabel: str) -> tuple[Figure, pd.DataFrame]:
    """One measure per document against year, coloured and shaped by delivery, with its running median.

    `values`: doc, year, delivery, value, smooth.
    """
    data = values.sort_values(["year", "doc"]).reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("double", 2.6)
        for kind, part in data.groupby("delivery", sort=True):
            ax.scatter(part["year"], part["value"], s=9, color=DELIVERY_COLOURS[kind], marker=DELIVERY_MARKERS[kind],
                       linewidth=0)
        ax.plot(data["year"], data["smooth"], color=SMOOTH_COLOUR, linewidth=1.2)
        ax.set_xlabel("Year")
        ax.set_ylabel(ylabel)
        extra = [Line2D([], [], color=SMOOTH_COLOUR, label="running median, ±5 years")]
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data
