"""Figures of notebook 05 (how far the numbers can be trusted).

Each function takes tables of `helpers.validation.results` and returns `(figure, data)`:
`data` holds exactly the numbers drawn, for `save_figure` to write beside the figure.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import common
from .common import OKABE_ITO

DATASET_LABELS = {"tweets": "Tweets", "movie_reviews": "Movie reviews", "product_reviews": "Product reviews",
                  "nyt_editorials": "NYT editorials"}
OURS, PAPER, HUMAN = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[7]


def tone_scatter(tone_scores: pd.DataFrame, tone_validity: pd.DataFrame, instrument: str = "vader") -> tuple[Figure, pd.DataFrame]:
    """Compound against the human mean, one small transparent point per snippet, one panel per dataset."""
    data = tone_scores[["dataset", "id", "human_mean", instrument]].reset_index(drop=True)
    with common.style():
        fig, axes = common.new_figure("double", 4.4, nrows=2, ncols=2, sharex=True, sharey=True, squeeze=False)
        for ax, dataset in zip(axes.flat, DATASET_LABELS):
            part = data[data["dataset"] == dataset]
            ax.scatter(part[instrument], part["human_mean"], s=2, alpha=0.15, color=OURS, linewidth=0, rasterized=True)
            ax.plot([-1, 1], [-4, 4], color=HUMAN, linestyle="--", linewidth=0.8)
            row = tone_validity[(tone_validity["dataset"] == dataset) & (tone_validity["unit"] == "snippet")
                                & (tone_validity["instrument"] == instrument)].iloc[0]
            ax.set_title(f"{DATASET_LABELS[dataset]} ({len(part):,} snippets): r = {row.pearson_r:.2f}")
            ax.set_xlim(-1.05, 1.05)
            ax.set_ylim(-4.2, 4.2)
        fig.supxlabel("VADER compound (−1 … +1)")
        fig.supylabel("Mean human rating (−4 … +4)")
        handles = [Line2D([], [], marker="o", linestyle="", markersize=3, color=OURS, alpha=0.6,
                          label="one snippet (transparent: dark where many overlap)"),
                   Line2D([], [], color=HUMAN, linestyle="--", label="compound = human mean / 4")]
        fig.legend(handles=handles, loc="outside upper center", ncols=2, frameon=False)
    return fig, data


def tone_r_figure(tone_validity: pd.DataFrame, raters: pd.DataFrame, paper: dict) -> tuple[Figure, pd.DataFrame]:
    """Per dataset: our r with its 95% interval, the paper's r for VADER, one human rater against the rest."""
    rows = []
    for dataset in DATASET_LABELS:
        ours = tone_validity[(tone_validity["dataset"] == dataset) & (tone_validity["unit"] == "snippet")
                             & (tone_validity["instrument"] == "vader")].iloc[0]
        human = raters[raters["dataset"] == dataset].iloc[0]
        rows.append({"dataset": dataset, "vader_r": ours.pearson_r, "vader_r_low": ours.r_low, "vader_r_high": ours.r_high,
                     "paper_vader_r": float(paper[dataset]["VADER"][0]),
                     "paper_individual_humans_r": float(paper[dataset]["Ind. Humans"][0]),
                     "one_rater_vs_rest_r_median": human.r_median})
    data = pd.DataFrame(rows)
    with common.style():
        fig, ax = common.new_figure("single", 2.6)
        y = list(range(len(data)))[::-1]
        ax.errorbar(data["vader_r"], y, xerr=[data["vader_r"] - data["vader_r_low"], data["vader_r_high"] - data["vader_r"]],
                    fmt="o", color=OURS, markersize=4, capsize=2, label="VADER 3.3.2 here (95% interval)")
        ax.scatter(data["paper_vader_r"], y, marker="D", s=16, color=PAPER, label="VADER in the 2014 paper (Table 4)", zorder=3)
        ax.scatter(data["one_rater_vs_rest_r_median"], y, marker="s", s=16, facecolor="none", edgecolor=HUMAN,
                   label="one human rater against the rest (median)", zorder=3)
        ax.scatter(data["paper_individual_humans_r"], y, marker="x", s=16, color=HUMAN,
                   label="individual humans in the paper", zorder=3)
        ax.set_yticks(y, [DATASET_LABELS[d] for d in data["dataset"]])
        ax.set_xlim(0, 1)
        ax.set_xlabel("Pearson r with the mean human rating")
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.3), frameon=False, ncols=1)
    return fig, data


def grade_r_figure(grade_validity: pd.DataFrame, labels: dict[str, str]) -> tuple[Figure, pd.DataFrame]:
    """|r| of every formula with the teachers' easiness, all excerpts and per genre, with 95% intervals."""
    data = grade_validity.copy()
    flip = data["pearson_r"] < 0
    data["abs_r"] = data["pearson_r"].abs()
    data["abs_low"] = data["r_low"].where(~flip, -data["r_high"])
    data["abs_high"] = data["r_high"].where(~flip, -data["r_low"])
    measures = list(dict.fromkeys(data["measure"]))
    names = [("CLEAR's column: " + m.split(":", 1)[1]) if m.startswith("published:") else labels.get(m, m) for m in measures]
    subsets = {"all": (OURS, "o", "all excerpts"), "Lit": (PAPER, "^", "literature"), "Info": (OKABE_ITO[2], "s", "informational")}
    with common.style():
        fig, ax = common.new_figure("double", 4.6)
        for k, (subset, (colour, marker, label)) in enumerate(subsets.items()):
            part = data[data["subset"] == subset].set_index("measure").loc[measures]
            y = [len(measures) - 1 - i + (0.22 * (1 - k)) for i in range(len(measures))]
            ax.errorbar(part["abs_r"], y, xerr=[part["abs_r"] - part["abs_low"], part["abs_high"] - part["abs_r"]],
                        fmt=marker, color=colour, markersize=3.5, capsize=1.5, linewidth=0.8, label=label)
        ax.set_yticks(range(len(measures))[::-1], names)
        ax.set_xlim(0, 0.8)
        ax.set_xlabel("|Pearson r| with the teachers' BT easiness (95% interval)")
        ax.set_title("CLEAR corpus (CC BY-NC-SA 4.0, no commercial use): formulas against teachers' judgements")
        fig.legend(loc="outside lower center", ncols=3, frameon=False, title="excerpts")
    return fig, data


def level_order_figure(level_order: pd.DataFrame, labels: dict[str, str]) -> tuple[Figure, pd.DataFrame]:
    """Share of (article, pair of levels) in order, and of articles with all three levels in order."""
    data = level_order[["measure", "articles", "pairs", "pairs_in_order", "articles_in_order", "pairs_share",
                        "articles_share"]].reset_index(drop=True)
    with common.style():
        fig, ax = common.new_figure("single", 3.2)
        y = list(range(len(data)))[::-1]
        ax.barh([v + 0.2 for v in y], 100 * data["pairs_share"], height=0.4, color=OURS, label="pairs of levels in order")
        ax.barh([v - 0.2 for v in y], 100 * data["articles_share"], height=0.4, color=PAPER, label="articles with all three in order")
        ax.set_yticks(y, [labels.get(m, m) for m in data["measure"]])
        ax.set_xlim(0, 100)
        ax.set_xlabel("Share in order (%)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.3, -0.18), frameon=False)
    return fig, data


def editorial_figure(editorials: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Per NYT editorial: the human mean against the mean of sentence compounds and against one whole-text compound."""
    data = editorials[["editorial", "sentences", "human_mean", "vader_sentence_mean", "vader_whole_text"]].reset_index(drop=True)
    with common.style():
        fig, axes = common.new_figure("double", 2.6, ncols=2, sharey=True, squeeze=False)
        for ax, column, title in zip(axes.flat, ("vader_sentence_mean", "vader_whole_text"),
                                     ("Mean of the sentences' compounds", "One compound of the whole editorial")):
            ax.scatter(data[column], data["human_mean"], s=6, alpha=0.5, color=OURS, linewidth=0)
            ax.set_title(title)
            ax.set_xlim(-1.05, 1.05)
            ax.set_xlabel("VADER compound (−1 … +1)")
        axes[0, 0].set_ylabel("Human mean over the sentences (−4 … +4)")
        fig.legend(handles=[Line2D([], [], marker="o", linestyle="", markersize=3, color=OURS, label="one editorial")],
                   loc="outside upper center", frameon=False)
    return fig, data
