"""Figures of notebook 04 (a corpus over time and between groups).

Each function takes tables from `helpers.corpus.compare` (or the corpus engine) and returns
`(figure, data)`: `data` holds exactly the numbers drawn, for `save_figure` to write beside it.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import common
from .common import NEGATIVE, OKABE_ITO, POSITIVE

# Delivery colours: written messages and spoken addresses (Okabe-Ito orange and blue).
DELIVERY_COLOURS = {"written": OKABE_ITO[1], "spoken": OKABE_ITO[0], "": OKABE_ITO[7]}
SMOOTH_COLOUR = OKABE_ITO[7]
SEED_COLOUR = OKABE_ITO[3]


def _delivery_legend(owner, present: list[str], extra: list[Line2D] = ()) -> None:
    """One legend entry per delivery present, then `extra`; above the panels when `owner` is a figure."""
    handles = [Line2D([], [], marker="o", linestyle="", markersize=4, color=DELIVERY_COLOURS[d], label=d)
               for d in ("spoken", "written") if d in present]
    handles += list(extra)
    if isinstance(owner, Figure):
        owner.legend(handles=handles, loc="outside upper center", ncols=len(handles), frameon=False)
    else:
        owner.legend(handles=handles, loc="upper right", frameon=False)


def words_figure(documents: pd.DataFrame, words: str = "words") -> tuple[Figure, pd.DataFrame]:
    """Words per document against year, one point per document, coloured by delivery."""
    data = documents[["doc", "file", "year", "delivery", words]].reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("double", 2.4)
        for kind, part in data.groupby("delivery", sort=True):
            ax.scatter(part["year"], part[words], s=9, color=DELIVERY_COLOURS[kind], linewidth=0)
        ax.set_xlabel("Year")
        ax.set_ylabel("Words per address (word tokens)")
        _delivery_legend(ax, sorted(set(data["delivery"])))
    return fig, data


def grades_figure(grades: pd.DataFrame, placed: pd.DataFrame, labels: dict[str, str], placed_label: str,
                  own_scale: tuple[str, ...] = ("linsear_write_formula",)) -> tuple[Figure, pd.DataFrame]:
    """Every grade-level formula per document against year: one panel per formula.

    `grades`: doc, year, delivery, measure, value, smooth (long form); `placed`: measure, value
    (a text placed on the same scale, a dashed line). Panels share one grade scale so that
    formulas compare at a glance, except the `own_scale` ones (Linsear Write, whose textstat
    value reads only the first 100 words, strays far enough to squash the others).
    """
    measures = list(dict.fromkeys(grades["measure"]))
    data = grades.merge(placed.rename(columns={"value": "placed"}), on="measure", how="left")
    shared = data[~data["measure"].isin(own_scale)]
    top = max(float(shared["value"].max()), float(shared["placed"].max())) if len(shared) else 1.0
    with common.style():
        fig, axes = common.new_figure("double", 4.2, nrows=2, ncols=3, sharex=True, squeeze=False)
        for ax, measure in zip(axes.flat, measures):
            part = data[data["measure"] == measure]
            for kind, sub in part.groupby("delivery", sort=True):
                ax.scatter(sub["year"], sub["value"], s=5, color=DELIVERY_COLOURS[kind], linewidth=0, alpha=0.8)
            line = part.sort_values(["year", "doc"])
            ax.plot(line["year"], line["smooth"], color=SMOOTH_COLOUR, linewidth=1.2)
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
        extra = [Line2D([], [], color=SMOOTH_COLOUR, label="running median, ±5 years"),
                 Line2D([], [], color=SEED_COLOUR, linestyle="--", label=placed_label)]
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data


def group_means_figure(means: pd.DataFrame, group: str, xlabel: str, reference: float | None = None,
                       reference_label: str = "") -> tuple[Figure, pd.DataFrame]:
    """Each group's mean with its bootstrap interval, one row per group in `means` order.

    A group with too few documents for an interval is drawn as a hollow point.
    """
    data = means.reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("double", 0.9 + 0.12 * len(data))
        y = list(range(len(data)))
        has = data["low"].notna()
        ax.hlines([y[i] for i in data.index[has]], data.loc[has, "low"], data.loc[has, "high"],
                  color=POSITIVE, linewidth=1.0)
        ax.scatter(data.loc[has, "mean"], [y[i] for i in data.index[has]], s=10, color=POSITIVE, zorder=3)
        ax.scatter(data.loc[~has, "mean"], [y[i] for i in data.index[~has]], s=10, facecolor="white",
                   edgecolor=POSITIVE, zorder=3)
        if reference is not None:
            ax.axvline(reference, color=SEED_COLOUR, linestyle="--", linewidth=0.9, label=reference_label)
            ax.legend(loc="lower right", frameon=False)
        ax.set_yticks(y, [f"{name} ({n})" for name, n in zip(data[group], data["documents"])])
        ax.set_ylim(len(data) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=6)
        ax.set_xlabel(xlabel)
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
            top.scatter(part["year"], part["mean"], s=6, color=colour, linewidth=0)
            bottom.scatter(part["year"], part["negative_share"] * 100, s=6, color=colour, linewidth=0)
        top.plot(data["year"], data["smooth_mean"], color=SMOOTH_COLOUR, linewidth=1.2)
        bottom.plot(data["year"], data["smooth_negative"] * 100, color=SMOOTH_COLOUR, linewidth=1.2)
        top.axhline(0, color="#999999", linewidth=0.6)
        top.set_ylabel("Mean sentence compound\n(VADER, −1 to +1)")
        bottom.set_ylabel("Negative sentences (%)\n(compound ≤ −0.05)")
        bottom.set_xlabel("Year")
        extra = [Line2D([], [], color=SMOOTH_COLOUR, label="running median, ±5 years")]
        _delivery_legend(fig, sorted(set(data["delivery"])), extra)
    return fig, data


def keyness_figure(top: pd.DataFrame, first_label: str, second_label: str) -> tuple[Figure, pd.DataFrame]:
    """Log ratio bars of the key terms of each group (`corpus.compare.top_key_terms`)."""
    data = top.reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("single", 0.8 + 0.13 * len(data))
        colours = [POSITIVE if side == "first" else NEGATIVE for side in data["side"]]
        y = list(range(len(data)))
        ax.barh(y, data["log_ratio"], color=colours, height=0.7)
        ax.set_yticks(y, data["term"])
        ax.set_ylim(len(data) - 0.5, -0.5)
        ax.axvline(0, color="#555555", linewidth=0.6)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=6)
        ax.set_xlabel(f"Log ratio (log$_2$): ← {second_label} | {first_label} →")
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
    return fig, data
