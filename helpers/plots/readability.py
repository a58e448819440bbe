"""Readability figures, drawn from the tables of `helpers.readability` (which draws nothing)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..readability import GRADE_MEASURES, LABELS, LINSEAR_WRITE_WORDS, SHORT_LABELS, Limits
from . import common
from .labels import MAX_LABELS, paragraph_ticks

MARKERS = ("o", "s", "^", "D", "v", "P")  # one per GRADE_MEASURES, so formulas differ in grey print too
KEY_GREY, RULE_GREY = "#555555", "#bbbbbb"  # legend keys and notes; reference lines
MAX_POINTS = 50  # paragraphs drawn one by one up to this many; a longer text is drawn in at most this many bins
PANEL_COLUMNS = 3  # small multiples: one panel per formula, three to a row


def paragraph_bins(count: int, max_bins: int = MAX_POINTS) -> list[tuple[int, int]]:
    """Return (first, last) paragraph numbers of consecutive bins covering 1..count.

    Each bin holds ceil(count / max_bins) paragraphs (the last one may hold fewer), so there
    are at most `max_bins` bins; with count <= max_bins every paragraph is its own bin.
    """
    size = max(1, math.ceil(count / max_bins))
    return [(first, min(first + size - 1, count)) for first in range(1, count + 1, size)]


def binned_grades(data: pd.DataFrame, max_bins: int = MAX_POINTS) -> pd.DataFrame:
    """Summarise the per-paragraph rows of `paragraph_figure` in bins of consecutive paragraphs.

    Columns: measure, formula, bin (1-based), first and last paragraph, paragraphs, unreliable
    (how many of the bin's values are flagged), median, low and high (the smallest and largest
    value in the bin: the range, not an interval), whole_text. Each bin's rows are found by
    position in the measure's rows sorted by paragraph (the same rows as selecting each bin's
    paragraph range; the statistics do not depend on the rows' order).
    """
    bins = paragraph_bins(int(data["paragraph"].max()), max_bins)
    firsts, lasts = [first for first, _ in bins], [last for _, last in bins]
    rows = []
    for measure, part in data.groupby("measure", sort=False):
        part = part.sort_values("paragraph", kind="stable")
        numbers = part["paragraph"].to_numpy()
        begins, ends = numbers.searchsorted(firsts, "left"), numbers.searchsorted(lasts, "right")
        grade, flags = part["grade"], part["unreliable"].to_numpy()
        formula, whole_text = part["formula"].iloc[0], float(part["whole_text"].iloc[0])
        for number, (first, last, begin, end) in enumerate(zip(firsts, lasts, begins, ends), 1):
            values = grade.iloc[begin:end]
            rows.append({"measure": measure, "formula": formula, "bin": number, "first": first,
                         "last": last, "paragraphs": int(end - begin), "unreliable": int(flags[begin:end].sum()),
                         "median": float(values.median()), "low": float(values.min()),
                         "high": float(values.max()), "whole_text": whole_text})
    return pd.DataFrame(rows)


POINT_COLUMNS = ["paragraph", "measure", "formula", "grade", "unreliable", "whole_text", "whole_text_unreliable"]


def paragraph_points(grades: pd.DataFrame, whole: pd.DataFrame) -> pd.DataFrame:
    """Return one row per paragraph and GRADE_MEASURES formula (formula by formula, paragraphs in order):
    paragraph, measure, formula, grade, unreliable (the formula's own flag), whole_text, whole_text_unreliable.

    Built a column at a time (the same table as a row per (formula, paragraph): tests/test_readability_counting.py).
    """
    whole_values, whole_reliable = whole.set_index("measure")["value"], whole.set_index("measure")["reliable"]
    flag_column = {"smog_index": "smog_unreliable", "linsear_write_formula": "linsear_unreliable"}
    n = len(grades)
    parts = [pd.DataFrame({
        "paragraph": grades["paragraph"].to_numpy(dtype="int64"), "measure": [m] * n, "formula": [LABELS[m]] * n,
        "grade": grades[m].to_numpy(dtype="float64"), "unreliable": grades[flag_column.get(m, "unreliable")].to_numpy(dtype=bool),
        "whole_text": np.full(n, float(whole_values[m])), "whole_text_unreliable": np.full(n, not bool(whole_reliable[m])),
    }, columns=POINT_COLUMNS) for m in GRADE_MEASURES]
    return pd.concat(parts, ignore_index=True)


def paragraph_figure(grades: pd.DataFrame, whole: pd.DataFrame, limits: Limits = Limits(),
                     max_points: int = MAX_POINTS):
    """Plot the grade-level formulas by paragraph: one small panel per formula, same axes.

    `grades` is `paragraph_grades`, `whole` is `whole_text_table`. In each panel a formula's
    paragraph values are markers joined by a thin line in paragraph order (filled: long enough
    to trust; hollow: flagged, shown, not hidden), and its whole-text value is a dashed
    line. A text of more than `max_points` paragraphs is drawn in at most `max_points` bins of
    consecutive paragraphs: the median of each bin as a line with markers and the range of its
    values as a band (a cloud of thousands of points shows nothing).
    Returns (Figure, DataFrame of the plotted numbers): per paragraph (paragraph, measure,
    formula, grade, unreliable, whole_text, whole_text_unreliable), or per bin (`binned_grades`).
    """
    whole_values, whole_reliable = whole.set_index("measure")["value"], whole.set_index("measure")["reliable"]
    points = paragraph_points(grades, whole)
    n = len(grades)
    binned = n > max_points
    data = binned_grades(points, max_points) if binned else points
    size = paragraph_bins(n, max_points)[0][1] if n else 1
    rows = math.ceil(len(GRADE_MEASURES) / PANEL_COLUMNS)
    colour = common.OKABE_ITO[0]
    with common.style():
        fig, axes = common.new_figure("double", 1.55 * rows + 0.75, nrows=rows, ncols=PANEL_COLUMNS,
                                      sharex=True, sharey=True, squeeze=False)
        for k, (measure, ax) in enumerate(zip(GRADE_MEASURES, axes.flat)):
            marker = MARKERS[k]
            ax.axhline(float(whole_values[measure]), color=KEY_GREY, linestyle="--", linewidth=0.8, zorder=1)
            if binned:
                part = data[data["measure"] == measure]
                middle = (part["first"] + part["last"]) / 2
                ax.fill_between(middle, part["low"], part["high"], color=colour, alpha=0.18, linewidth=0, zorder=2)
                ax.plot(middle, part["median"], color=colour, linestyle="-", linewidth=0.8, marker=marker,
                        markersize=2.5, zorder=3)
            else:
                part = data[data["measure"] == measure]
                ax.plot(part["paragraph"], part["grade"], color=colour, linestyle="-", linewidth=0.5, alpha=0.6,
                        zorder=2)
                for flag in (False, True):
                    sub = part[part["unreliable"] == flag]
                    ax.scatter(sub["paragraph"], sub["grade"], s=14, marker=marker, linewidth=0.8,
                               facecolor="white" if flag else colour, edgecolor=colour, zorder=3)
            whole_text = f"{float(whole_values[measure]):,.1f}" + ("" if whole_reliable[measure] else ", unreliable")
            ax.set_title(f"{SHORT_LABELS[measure]} (whole text {whole_text})", fontsize=7, loc="left")
        for ax in axes.flat[len(GRADE_MEASURES):]:
            ax.set_visible(False)
        shown = paragraph_ticks(range(1, n + 1), MAX_LABELS["single"] * 2 // 3)
        axes.flat[0].set_xticks(shown, [f"P{i:,}" for i in shown])
        axes.flat[0].set_xlim(0.5, n + 0.5)
        axes.flat[0].yaxis.set_major_formatter(_thousands())
        for ax in axes[:, 0]:
            ax.set_ylabel("US grade level")
        for ax in axes[-1, :]:
            ax.set_xlabel("Body paragraph" + (f" (bins of {size:,})" if binned else ""))
        _paragraph_legend(fig, limits, binned, size)
    return fig, data


def _thousands() -> FuncFormatter:
    """A tick formatter with thousands separators (1,000) that keeps decimals only when needed."""
    return FuncFormatter(lambda value, _: f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}")


def _paragraph_legend(fig, limits: Limits, binned: bool, size: int) -> None:
    """Add the legend under the panels: what every mark means (each panel's title names its formula)."""
    colour = common.OKABE_ITO[0]
    if binned:
        handles = [
            Line2D([], [], color=colour, linestyle="-", linewidth=0.8, marker="o", markersize=3,
                   label=f"median of a bin of {size:,} paragraphs\n(marker differs by formula)"),
            Patch(facecolor=colour, alpha=0.18, label="range of the bin's paragraph values\n(smallest to largest)"),
        ]
    else:
        handles = [
            Line2D([], [], color=colour, marker="o", markersize=4, linestyle="-", linewidth=0.5,
                   label="paragraph value, joined in order\n(marker differs by formula)"),
            Line2D([], [], marker="o", markersize=4, linestyle="", markerfacecolor="white", markeredgecolor=colour,
                   label=f"hollow: unreliable, < {limits.min_sentences} sentences or < {limits.min_words} words\n"
                         f"(SMOG: < {limits.smog_sentences} sentences; Linsear Write: > {LINSEAR_WRITE_WORDS} words)"),
        ]
    handles.append(Line2D([], [], color=KEY_GREY, linestyle="--", linewidth=0.8, label="whole-text value"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)


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
