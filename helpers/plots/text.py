"""Figures of the text layer's tables (notebook 00)."""
from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from . import common
from .labels import MAX_LABELS, paragraph_ticks

MAX_BAR_LABELS = 20  # sentence counts are written on the bars only up to this many paragraphs
MAX_BARS = 150  # paragraphs drawn one bar each up to this many; a longer text in bins
MAX_BINS = 50  # at most this many bins: a single column shows 50 bars with their range lines distinctly
RANGE_GREY = "#555555"  # the line from a bin's shortest to its longest paragraph


def paragraph_length_figure(counts: pd.DataFrame, max_bars: int = MAX_BARS) -> tuple[Figure, pd.DataFrame]:
    """Return (figure, plotted numbers): words per body paragraph as bars, sentences written on each.

    `counts` is `helpers.text.paragraph_counts(document)`. A text of more than `max_bars`
    paragraphs is drawn in at most `MAX_BINS` bins of consecutive paragraphs (`length_bins`):
    a bar for each bin's median length and a line from its shortest to its longest paragraph
    (20,000 bars one column wide would show nothing but a wall).
    """
    if len(counts) > max_bars:
        return _binned_length_figure(counts, MAX_BINS)
    data = counts[["paragraph", "words", "sentences"]]
    with common.style():
        fig, ax = common.new_figure("single", 2.2)
        bars = common.bars(ax, data["paragraph"], data["words"], color=common.OKABE_ITO[0])
        labelled = len(data) <= MAX_BAR_LABELS  # sentence counts on the bars only while there is room
        if labelled:
            ax.bar_label(bars, labels=[str(n) for n in data["sentences"]], fontsize=6, padding=1)
        shown = paragraph_ticks(data["paragraph"], MAX_LABELS["single"])
        ax.set_xlabel("Body paragraph" + (" (number on a bar: its sentences)" if labelled else ""))
        ax.set_ylabel("Length (words)")
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 1,000, not 1000
        ax.set_xticks(shown, [f"P{p:,}" for p in shown])
        ax.set_ylim(0, data["words"].max() * 1.15)
    return fig, data


def length_bins(counts: pd.DataFrame, max_bins: int = MAX_BINS) -> pd.DataFrame:
    """Summarise `paragraph_counts` in bins of ceil(n / max_bins) consecutive paragraphs (the last may hold fewer).

    Columns: bin (1-based), first and last paragraph, paragraphs, sentences and words (the
    bin's totals), median_words, shortest and longest (words of its shortest and longest paragraph).
    """
    size = max(1, math.ceil(len(counts) / max_bins))
    numbers = counts["paragraph"].to_numpy()
    groups = counts.assign(bin=(numbers - numbers[0]) // size + 1).groupby("bin", sort=True)
    data = pd.DataFrame({
        "first": groups["paragraph"].min(), "last": groups["paragraph"].max(), "paragraphs": groups.size(),
        "sentences": groups["sentences"].sum(), "words": groups["words"].sum(),
        "median_words": groups["words"].median().astype(float), "shortest": groups["words"].min(),
        "longest": groups["words"].max(),
    }).reset_index()
    return data


def _binned_length_figure(counts: pd.DataFrame, max_bins: int) -> tuple[Figure, pd.DataFrame]:
    data = length_bins(counts, max_bins)
    size = int(data["paragraphs"].iloc[0])
    colour = common.OKABE_ITO[0]
    with common.style():
        fig, ax = common.new_figure("single", 2.6)
        middle = (data["first"] + data["last"]) / 2
        width = (data["last"] - data["first"] + 1) * 0.8
        ax.bar(middle, data["median_words"], width=width, color=colour, linewidth=0)
        ax.vlines(middle, data["shortest"], data["longest"], color=RANGE_GREY, linewidth=0.6)
        n = int(data["last"].iloc[-1])
        shown = paragraph_ticks(range(1, n + 1), MAX_LABELS["single"])
        ax.set_xticks(shown, [f"P{p:,}" for p in shown])
        ax.set_xlim(0.5, n + 0.5)
        ax.set_xlabel(f"Body paragraph (bins of {size:,} consecutive paragraphs)")
        ax.set_ylabel("Length (words)")
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_ylim(0, data["longest"].max() * 1.15)
        handles = [Patch(facecolor=colour, label="median paragraph length in the bin"),
                   Line2D([], [], color=RANGE_GREY, linewidth=0.6, label="shortest to longest paragraph in the bin")]
        fig.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False, fontsize=6)
    return fig, data
