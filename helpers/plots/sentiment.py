"""Figures of notebook 02: the tone arc and the words that moved each paragraph's score.

Each function takes the compute layer's tables (`helpers.sentiment`) and returns
`(figure, data)`, `data` being exactly the numbers drawn (saved beside the figure).
"""
from __future__ import annotations

import contextlib
import math

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch

from ..sentiment import agreement, arc_data, top_contributors
from ..sentiment.arc import KEEP
from ..stats import LEVEL
from .common import NEGATIVE, NEUTRAL, POSITIVE, bars, new_figure, style
from .labels import MAX_LABELS, paragraph_ticks

# Above this many paragraphs the sentence dots and their means would cover the axes in black:
# the figure keeps the paragraph bars and the smoothed curve (the data CSV keeps every point).
DENSE_PARAGRAPHS = 150
RULE_GREY = "#bbbbbb"  # the thin line between paragraphs of the attribution figure


def arc_figure(paragraphs: pd.DataFrame, sentences: pd.DataFrame, keep: int = KEEP):
    """Return (figure, data): the tone arc of the body; `data` is `arc_data`, exactly what is drawn.

    Bars: paragraph compounds (blue positive, vermillion negative, grey neutral: Okabe-Ito);
    dots: sentence compounds in reading order within their paragraph; ticks: each paragraph's
    mean sentence compound; line: the DCT-smoothed sentence series.
    """
    keep = min(keep, len(sentences))
    data = arc_data(paragraphs, sentences, keep)
    mark = {kind: data[data["kind"] == kind] for kind in ("paragraph", "sentence_mean", "sentence", "smooth")}
    colours = {"positive": POSITIVE, "negative": NEGATIVE, "neutral": NEUTRAL}
    with style():
        fig, ax = new_figure("single", 3.1)
        with _straight_patch_limits(ax):
            bars(ax, mark["paragraph"]["x"], mark["paragraph"]["compound"], width=0.78, alpha=0.6, zorder=1,
                 color=[colours[v] for v in paragraphs["label"]])
        ax.axhline(0, color="black", linewidth=0.8, zorder=2)
        ax.plot(mark["smooth"]["x"], mark["smooth"]["compound"], color="black", linewidth=1.4, zorder=3)
        dense = len(paragraphs) > DENSE_PARAGRAPHS
        if not dense:
            ax.scatter(mark["sentence"]["x"], mark["sentence"]["compound"], s=9, color="white", edgecolors="black",
                       linewidths=0.6, zorder=4)
            ax.scatter(mark["sentence_mean"]["x"], mark["sentence_mean"]["compound"], marker="_", s=90,
                       color="black", linewidths=1.6, zorder=5)
        shown = paragraph_ticks(paragraphs["paragraph"], MAX_LABELS["single"])
        ax.set_xticks(shown, [f"P{p}" for p in shown])
        ax.set_xlim(0.4, len(paragraphs) + 0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel("Body paragraph (reading order)" + (
            f"\n({len(sentences):,} sentence scores in the data file)" if dense else ""))
        ax.set_ylabel("VADER compound score (\u22121 to +1)")
        present = [v for v in ("positive", "neutral", "negative") if (paragraphs["label"] == v).any()]
        fig.legend(handles=_arc_legend(present, colours, keep, dense), loc="outside upper center", ncol=2, frameon=False,
                   handlelength=1.5, columnspacing=1.0)
    return fig, data


@contextlib.contextmanager
def _straight_patch_limits(ax):
    """While open, a patch added to `ax` widens its data limits by its path's vertices, taken at once.

    Matplotlib's `Axes._update_patch_limits` walks a path segment by segment as Bezier curves (a
    Python loop per segment: 11 s of CPU for the 20,000 bars of a 10 MB text). For a path of
    straight segments, as `bars` draws, the extrema of each segment are its end points, so the
    limits are the same; the arc's limits are set by hand afterwards anyway.
    """
    def update(patch):
        path = patch.get_path()
        codes = path.codes
        if not isinstance(patch, PathPatch) or codes is None or len(codes) == 0 or codes[0] != path.MOVETO \
                or not np.isin(codes, (path.MOVETO, path.LINETO, path.CLOSEPOLY)).all():
            return walk(patch)  # a rectangle (a short text's bars), curves: matplotlib's own walk
        updatex, updatey = patch.get_transform().contains_branch_separately(ax.transData)
        if updatex or updatey:  # a CLOSEPOLY's vertex is ignored: its segment ends at its subpath's start
            to_data = patch.get_transform() - ax.transData
            ax.update_datalim(to_data.transform(path.vertices[codes != path.CLOSEPOLY]), updatex=updatex,
                              updatey=updatey)

    walk = ax._update_patch_limits
    ax._update_patch_limits = update
    try:
        yield
    finally:
        del ax._update_patch_limits  # the class's method again


def _arc_legend(labels: list[str], colours: dict, keep: int, dense: bool = False) -> list:
    sentence_marks = [] if dense else [
        Line2D([], [], marker="o", linestyle="none", markersize=3.5, markerfacecolor="white",
               markeredgecolor="black", label="Sentence"),
        Line2D([], [], marker="_", linestyle="none", markersize=9, markeredgewidth=1.6, color="black",
               label="Mean of its sentences")]
    return [Patch(color=colours[v], alpha=0.6, label=f"Paragraph, {v}") for v in labels] + sentence_marks + [
        Line2D([], [], color="black", linewidth=1.4, label=f"Smoothed (DCT, {keep} terms)")]


def attribution_figure(attributions: pd.DataFrame, paragraphs: pd.DataFrame, n: int = 3,
                       max_paragraphs: int = 12):
    """Return (figure, data): for each paragraph, its `n` strongest tokens (two panels, halves of the text).

    Bars are the valence each token adds to the paragraph's sum after VADER's rules; open
    circles its lexicon valence, so a circle away from its bar's end shows a rule at work.
    Two axes rather than one per paragraph: a figure of 10+ axes takes seconds to draw.
    A text of more than `max_paragraphs` paragraphs shows only those with the largest
    |compound| (ties: the earlier paragraph), in reading order, and says so under the axis
    label (not in a title, which would collide with the legend and with a paper's caption).
    """
    total = len(paragraphs)
    paragraphs = _most_extreme(paragraphs, max_paragraphs)
    top = top_contributors(attributions[attributions["paragraph"].isin(paragraphs["paragraph"])], n)
    limit = float(np.ceil(max(4.0, top["final"].abs().max(), top["lexicon"].abs().max()))) + 0.5
    halves = [h for h in np.array_split(paragraphs["paragraph"].to_numpy(), 2) if len(h)]
    compounds = dict(zip(paragraphs["paragraph"], paragraphs["compound"]))
    rows = max(1, *(len(top[top["paragraph"].isin(h)]) for h in halves))
    with style():
        fig, axes = new_figure("double", 0.9 + 0.16 * rows, ncols=len(halves), sharex=True, squeeze=False)
        for ax, half in zip(axes[0], halves):
            _attribution_panel(ax, top[top["paragraph"].isin(half)], compounds, rows)
            ax.set_xlim(-limit, limit)
        label = "Valence the word adds to its paragraph's sum, after VADER's rules (lexicon units)"
        if total > len(paragraphs):
            label += f"\nShown: the {len(paragraphs)} of {total} paragraphs with the strongest compound scores"
        fig.supxlabel(label, fontsize=8)
        fig.legend(handles=_attribution_legend(), loc="outside upper center", ncol=4, frameon=False)
    data = top[["paragraph", "rank", "position", "token", "lexicon", "valence", "final", "rules", "share"]]
    return fig, data


def _most_extreme(paragraphs: pd.DataFrame, k: int) -> pd.DataFrame:
    """Return the `k` rows with the largest |compound| (ties: earlier paragraph first), in reading order."""
    ranked = paragraphs.assign(strength=paragraphs["compound"].abs())
    ranked = ranked.sort_values(["strength", "paragraph"], ascending=[False, True], kind="stable")
    return ranked.head(k).sort_values("paragraph").drop(columns="strength")


def _attribution_panel(ax, words: pd.DataFrame, compounds: dict, rows: int) -> None:
    """Draw one panel: a bar per word, top to bottom, paragraphs separated and named on the right."""
    if words.empty:
        ax.text(0.5, 0.5, "no word of these paragraphs is in VADER's lexicon", transform=ax.transAxes,
                ha="center", va="center", fontsize=7, bbox={"facecolor": "white", "edgecolor": "none"})
    y = -np.arange(len(words), dtype=float)
    ax.barh(y, words["final"], height=0.72,
            color=[POSITIVE if v > 0 else NEGATIVE for v in words["final"]])
    ax.scatter(words["lexicon"], y, s=14, facecolors="none", edgecolors="black", linewidths=0.8, zorder=3)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y, words["token"].str.lower())
    ax.set_ylim(-rows + 0.4, 0.6)
    ax.grid(axis="y", visible=False)
    paragraphs = list(dict.fromkeys(words["paragraph"]))  # in order, each once
    for p in paragraphs:
        group = y[(words["paragraph"] == p).to_numpy()]
        if p != paragraphs[-1]:
            ax.axhline(group.min() - 0.5, color=RULE_GREY, linewidth=0.5)
        ax.text(1.01, group.mean(), f"P{p}  {compounds[p]:+.2f}".replace("-", "\u2212"),
                transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=7)


def _attribution_legend() -> list:
    return [Patch(color=POSITIVE, label="adds positive valence"),
            Patch(color=NEGATIVE, label="adds negative valence"),
            Line2D([], [], marker="o", linestyle="none", markerfacecolor="none", markeredgecolor="black",
                   label="lexicon valence before rules"),
            Line2D([], [], linestyle="none", label="Pn  \u00b1c: paragraph n, its compound c")]


# One colour, line style and marker per instrument: distinct in colour (Okabe-Ito) and in grayscale.
INSTRUMENT_STYLE = {
    "vader": ("#000000", "-", "o"), "afinn": ("#0072B2", "--", "s"),
    "harvard_iv": ("#D55E00", ":", "^"), "loughran_mcdonald": ("#009E73", "-.", "D"),
}
MARKED_PARAGRAPHS = 60  # above this many paragraphs the lines carry no markers (they would merge)
# Above this many paragraphs each line is drawn through the mean rank of RANK_BINS runs of consecutive
# paragraphs (a 3.5-inch column shows no more): the seed (10) and a State of the Union address (one
# paragraph) are drawn paragraph by paragraph.
BINNED_PARAGRAPHS = 2_000
RANK_BINS = 500


def instruments_figure(scores: pd.DataFrame):
    """Return (figure, data): each instrument's paragraph ranks in reading order, one line each.

    `scores` is `agreement.instrument_scores`; `data` (paragraph, instrument, name, score, rank)
    is exactly what is drawn: rank 1 is the paragraph the instrument finds most negative, ties
    share their mean rank. Above `BINNED_PARAGRAPHS` paragraphs, `data` is `binned_ranks` (first,
    last, paragraph = the run's middle, instrument, name, rank = the run's mean rank), said under the axis.
    """
    ranks = agreement.instrument_ranks(scores)
    names = [c for c in scores.columns if c != "paragraph"]
    count = len(scores)
    binned = count > BINNED_PARAGRAPHS
    if binned:
        data = binned_ranks(ranks, names, RANK_BINS)
    else:
        data = pd.concat([pd.DataFrame({"paragraph": scores["paragraph"], "instrument": name,
                                        "name": agreement.NAMES.get(name, name), "score": scores[name],
                                        "rank": ranks[name]}) for name in names], ignore_index=True)
    with style():
        fig, ax = new_figure("single", 3.0)
        for name in names:
            colour, line, marker = INSTRUMENT_STYLE.get(name, ("#999999", "-", "x"))
            mine = data[data["instrument"] == name]
            ax.plot(mine["paragraph"], mine["rank"], color=colour, linestyle=line, linewidth=1.1,
                    marker=marker if count <= MARKED_PARAGRAPHS else None, markersize=3.5,
                    markerfacecolor="white", label=agreement.NAMES.get(name, name))
        shown = paragraph_ticks(scores["paragraph"], MAX_LABELS["single"])
        ax.set_xticks(shown, [f"P{p}" for p in shown])
        ax.set_xlim(0.5, count + 0.5)
        ax.set_ylim(0.5, count + 0.5)
        ticks = paragraph_ticks(range(1, count + 1), 6)
        ax.set_yticks(ticks, [f"{t:,}" for t in ticks])
        ax.set_xlabel("Body paragraph (reading order)" + (
            f"\n(each point: the mean rank of a run of about {count // RANK_BINS:,} paragraphs)" if binned else ""))
        ax.set_ylabel(f"Rank among the {count:,} paragraphs\n(1 = most negative; ties: mean rank)")
        fig.legend(loc="outside upper center", ncol=2, frameon=False, handlelength=2.6, columnspacing=1.2)
    return fig, data


def binned_ranks(ranks: pd.DataFrame, names: list[str], bins: int) -> pd.DataFrame:
    """Each instrument's mean rank over `bins` runs of consecutive paragraphs (as equal as possible).

    Columns: first, last (paragraph numbers), paragraph (the run's middle, (first + last) / 2),
    instrument, name, rank. Ranks are multiples of 1/2, so each mean is an exact sum divided once.
    """
    paragraphs = ranks["paragraph"].to_numpy()
    runs = [run for run in np.array_split(np.arange(len(paragraphs)), bins) if len(run)]
    frames = []
    for name in names:
        values = ranks[name].to_numpy(dtype=float)
        frames.append(pd.DataFrame({
            "first": [int(paragraphs[r[0]]) for r in runs], "last": [int(paragraphs[r[-1]]) for r in runs],
            "paragraph": [(int(paragraphs[r[0]]) + int(paragraphs[r[-1]])) / 2 for r in runs],
            "instrument": name, "name": agreement.NAMES.get(name, name),
            "rank": [math.fsum(values[r]) / len(r) for r in runs]}))
    return pd.concat(frames, ignore_index=True)


def agreement_figure(agreement_table: pd.DataFrame, level: float = LEVEL, total: int | None = None):
    """Return (figure, data): Kendall's tau-b of each pair of instruments with its bootstrap interval.

    `agreement_table` is `agreement.rank_agreement`; `data` (pair, tau_b, low, high, paragraphs,
    resamples) is what is drawn, one row per pair, top to bottom in the table's order. `total`, the
    text's paragraphs when the table covers only the first ones (`agreement.bounded`), is named
    under the axis label.
    """
    names = agreement.NAMES
    data = pd.DataFrame({
        "pair": [f"{names.get(a, a)} vs\n{names.get(b, b)}" for a, b in
                 zip(agreement_table["instrument"], agreement_table["other"])],
        "tau_b": agreement_table["tau_b"], "low": agreement_table["low"], "high": agreement_table["high"],
        "paragraphs": agreement_table["paragraphs"], "resamples": agreement_table["resamples"]})
    y = -np.arange(len(data), dtype=float)
    drawn = f"{int(agreement_table['resamples'].iloc[0]):,}" if len(data) else "no"
    with style():
        fig, ax = new_figure("single", 1.0 + 0.36 * len(data))
        ax.hlines(y, data["low"], data["high"], color="black", linewidth=1.4)
        ax.scatter(data["tau_b"], y, s=22, color="black", zorder=3)
        ax.axvline(0, color=RULE_GREY, linewidth=0.8, zorder=0)
        ax.set_yticks(y, data["pair"])
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(y.min() - 0.6 if len(y) else -1, 0.6)
        ax.grid(axis="y", visible=False)
        label = "Kendall's \u03c4-b of the two instruments'\nranks of the paragraphs"
        used = int(agreement_table["paragraphs"].iloc[0]) if len(data) else 0
        if total is not None and total > used:
            label += f"\n(the first {used:,} of {total:,} paragraphs)"
        ax.set_xlabel(label)
        fig.legend(handles=[
            Line2D([], [], marker="o", linestyle="none", color="black", markersize=4,
                   label="\u03c4-b over the paragraphs"),
            Line2D([], [], color="black", linewidth=1.4,
                   label=f"{level:.0%} interval: {drawn} resamples of the paragraphs"),
            Line2D([], [], color=RULE_GREY, linewidth=0.8, label="\u03c4-b = 0: no association")],
            loc="outside upper center", ncol=1, frameon=False)
    return fig, data
