"""Readability figures, drawn from the tables of `helpers.readability` (which draws nothing)."""
from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D

from ..readability import GRADE_MEASURES, LABELS, LINSEAR_WRITE_WORDS, SHORT_LABELS, Limits
from . import common
from .labels import MAX_LABELS, paragraph_ticks

MARKERS = ("o", "s", "^", "D", "v", "P")  # one per GRADE_MEASURES, so formulas differ in grey print too
KEY_GREY, RULE_GREY = "#555555", "#bbbbbb"  # legend keys and notes; the rule before the whole-text column


def paragraph_figure(grades: pd.DataFrame, whole: pd.DataFrame, limits: Limits = Limits()):
    """Plot the grade-level formulas by paragraph, each with its whole-text value as a reference.

    `grades` is `paragraph_grades`, `whole` is `whole_text_table`. One panel (six panels cost
    several seconds to draw): at each paragraph the formulas sit side by side, one colour and
    marker each; hollow markers are unreliable values (shown, not hidden); each formula's
    whole-text value is a dashed line in its colour, ending at the "Whole text" column.
    Returns (Figure, DataFrame of the plotted numbers: paragraph, measure, formula, grade,
    unreliable, whole_text, whole_text_unreliable).
    """
    whole_values, whole_reliable = whole.set_index("measure")["value"], whole.set_index("measure")["reliable"]
    flag_column = {"smog_index": "smog_unreliable", "linsear_write_formula": "linsear_unreliable"}
    data = pd.DataFrame([
        {"paragraph": int(row.paragraph), "measure": m, "formula": LABELS[m], "grade": float(getattr(row, m)),
         "unreliable": bool(getattr(row, flag_column.get(m, "unreliable"))),
         "whole_text": float(whole_values[m]), "whole_text_unreliable": not bool(whole_reliable[m])}
        for m in GRADE_MEASURES for row in grades.itertuples()
    ], columns=["paragraph", "measure", "formula", "grade", "unreliable", "whole_text", "whole_text_unreliable"])
    n = len(grades)
    # The "Whole text" column is set apart by a gap of about a tenth of the axis whatever the
    # number of paragraphs (1.2 paragraph widths up to 10 paragraphs), so that on a long text
    # its label does not run into the last paragraph's and its markers have room.
    gap = 1.2 if n <= 10 else 0.12 * n
    column = n + gap
    width = 0.72 if n <= 20 else 0.0  # dodge formulas apart only while paragraphs are few enough to see
    whole_width = 0.72 * gap / 1.2  # the whole-text column always has room to dodge
    with common.style():
        fig, ax = common.new_figure("double", 3.0)
        for k, measure in enumerate(GRADE_MEASURES):
            part = data[data["measure"] == measure]
            colour, marker = common.OKABE_ITO[k], MARKERS[k]
            slot = (k - (len(GRADE_MEASURES) - 1) / 2) / len(GRADE_MEASURES)
            offset, whole_offset = slot * width, slot * whole_width
            reference = float(whole_values[measure])
            ax.plot([0.5, column + whole_offset], [reference, reference], color=colour, linestyle="--",
                    linewidth=0.7, alpha=0.7, zorder=1)
            for flag in (False, True):
                sub = part[part["unreliable"] == flag]
                ax.scatter(sub["paragraph"] + offset, sub["grade"], s=16, marker=marker, linewidth=0.9,
                           facecolor="white" if flag else colour, edgecolor=colour, zorder=3)
            ax.scatter([column + whole_offset], [reference], s=22, marker=marker, linewidth=0.9, edgecolor=colour,
                       facecolor="white" if not whole_reliable[measure] else colour, zorder=3)
        ax.axvline(n + gap / 2, color=RULE_GREY, linewidth=0.6)
        # 15, not 20, on a double column: the "Whole text" column and its gap take the room of five labels.
        ticks = paragraph_ticks(range(1, n + 1), MAX_LABELS["double"] - 5)
        ax.set_xticks(ticks + [column], [f"P{i}" for i in ticks] + ["Whole\ntext"])
        ax.set_xlim(0.5, column + gap / 2)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("Body paragraph")
        ax.set_ylabel("US grade level")
        _paragraph_legend(fig, limits)
    return fig, data


def _paragraph_legend(fig, limits: Limits) -> None:
    """Add the legend: one entry per formula, then what hollow markers and dashed lines mean."""
    handles = [Line2D([], [], marker=MARKERS[k], markersize=5, linestyle="", color=common.OKABE_ITO[k],
                      label=SHORT_LABELS[m]) for k, m in enumerate(GRADE_MEASURES)]
    handles += [
        Line2D([], [], marker="o", markersize=5, linestyle="", markerfacecolor="white", markeredgecolor=KEY_GREY,
               label=f"hollow: unreliable, < {limits.min_sentences} sentences or\n< {limits.min_words} words"
                     f" (SMOG: < {limits.smog_sentences} sentences;\nLinsear Write: > {LINSEAR_WRITE_WORDS} words)"),
        Line2D([], [], color=KEY_GREY, linestyle="--", linewidth=0.7, label="whole-text value"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)


def comparison_figure(whole: pd.DataFrame, intervals: pd.DataFrame):
    """Plot the whole-text grade-level formulas with their bootstrap intervals, one row each.

    `whole` is `whole_text_table`, `intervals` is `bootstrap_intervals`. A row with an interval
    plots the estimate the interval belongs to (the formula on the pooled sentence counts) and
    the interval as a bar from low to high; textstat's value on the body is a tick on the same
    row (on most texts it sits on the point). Linsear Write and the consensus have no interval
    (Linsear Write reads only the first 100 words; the consensus is a vote of rounded grades):
    their point is textstat's value. Returns (Figure, DataFrame: measure, formula, point, low,
    high, value, reliable).
    """
    shown = list(GRADE_MEASURES) + ["text_standard"]
    bounds = intervals.set_index("measure")[["estimate", "low", "high"]]
    data = whole.set_index("measure").loc[shown, ["formula", "value", "reliable"]].join(bounds).reset_index()
    data["point"] = data["estimate"].where(data["estimate"].notna(), data["value"])
    data = data[["measure", "formula", "point", "low", "high", "value", "reliable"]]
    colour = common.OKABE_ITO[0]
    with common.style():
        fig, ax = common.new_figure("single", 2.8)
        y = list(range(len(data)))[::-1]
        for row, height in zip(data.itertuples(), y):
            if not pd.isna(row.low):
                # A bar drawn from low to high, not an error bar around the point: it never fails,
                # even if a percentile interval were to leave out the point.
                ax.plot([row.low, row.high], [height, height], color=colour, linewidth=1.2, zorder=2)
                ax.scatter([row.low, row.high], [height, height], marker="|", s=25, color=colour, zorder=2)
                ax.scatter([row.value], [height], marker="|", s=60, color=KEY_GREY, linewidth=1.0, zorder=4)
            ax.scatter([row.point], [height], s=22, facecolor=colour if row.reliable else "white",
                       edgecolor=colour, linewidth=1.0, zorder=3)
        ax.set_yticks(y, [SHORT_LABELS[m] for m in data["measure"]])
        ax.set_ylim(-0.6, len(data) - 0.4)
        ax.set_xlabel("US grade level (whole text)")
        ax.grid(axis="y", visible=False)
        extent = data[["point", "low", "high", "value"]].stack()
        ax.set_xlim(math.floor(extent.min()) - 0.5, math.ceil(extent.max()) + 0.5)
        # The numbers themselves, on the right, so a reader can quote them from the figure.
        # As tick labels of a twin axis, so that the layout makes room for them (annotations
        # outside the axes are not in the layout and get cut off by a tight bounding box).
        right = ax.twinx()
        right.set_ylim(ax.get_ylim())
        right.set_yticks(y, [_value_text(row) for row in data.itertuples()])
        right.tick_params(axis="y", length=0)
        right.grid(False)
        right.spines[["right", "top"]].set_visible(False)
        # A key under the axis, not a title: a paper puts its own caption above. supxlabel,
        # unlike fig.text, gets room from the constrained layout. (Figure texts avoid "fi" and
        # "fl": their ligature glyphs make the PDF embed the font twice, ~0.3 s a save.)
        fig.supxlabel(f"Point: the formula on the pooled counts of all sentences; bar: its\n"
                      f"{level_label(intervals)} bootstrap interval over sentences; grey tick: textstat on\n"
                      "the whole text. No bar: Linsear Write reads only the opening 100\n"
                      "words; the consensus is a vote among rounded grades. Hollow\n"
                      "point: unreliable value.",
                      x=0.02, ha="left", fontsize=6, color=KEY_GREY)
    return fig, data


def _value_text(row) -> str:
    """E.g. "13.6 [12.1, 15.1]", or "14.6" without an interval; the textstat value when it differs."""
    if pd.isna(row.low):
        text = f"{row.point:.1f}"
    else:
        text = f"{row.point:.1f} [{row.low:.1f}, {row.high:.1f}]"
        if f"{row.value:.1f}" != f"{row.point:.1f}":
            text += f", textstat {row.value:.1f}"
    return text if row.reliable else f"{text} (unreliable)"


def level_label(intervals: pd.DataFrame) -> str:
    """Return e.g. "95%" from the level column of `bootstrap_intervals`."""
    return f"{intervals['level'].iloc[0] * 100:.0f}%"
