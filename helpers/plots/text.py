"""Figures of the text layer's tables (notebook 00)."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from . import common
from .labels import MAX_LABELS, paragraph_ticks

MAX_BAR_LABELS = 20  # sentence counts are written on the bars only up to this many paragraphs


def paragraph_length_figure(counts: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Return (figure, plotted numbers): words per body paragraph as bars, sentences written on each.

    `counts` is `helpers.text.paragraph_counts(document)`.
    """
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
