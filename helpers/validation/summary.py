"""What notebook 05's tables mean for a reader, in one sentence each, written from the tables.

The numbers come from the committed `figures/05_grade_validity.csv` and `figures/05_tone_validity.csv`
(written by notebook 05), never typed: notebooks 01 and 02 and `run`'s `document.json` show these
sentences, so a changed table changes them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..paths import FIGURES_DIR
from ..readability.labels import LABELS

GRADE_TABLE = "05_grade_validity.csv"
TONE_TABLE = "05_tone_validity.csv"
DATASET_WORDS = {
    "tweets": "tweets",
    "movie_reviews": "sentences of movie reviews",
    "product_reviews": "sentences of product reviews",
    "nyt_editorials": "sentences of New York Times opinion editorials",
}
UNIT_WORDS = {
    "snippet": "",
    "editorial_sentence_mean": " (each scored as the mean of its sentences' compounds)",
    "editorial_whole_text": " (each scored as one compound of its whole text)",
}


def _table(name: str, figures_dir: Path) -> pd.DataFrame:
    path = Path(figures_dir) / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: notebook 05's table is missing (run `make` or notebook 05)")
    return pd.read_csv(path)


def _interval(row) -> str:
    return f"r = {row.pearson_r:.2f}, 95% interval {row.r_low:.2f} to {row.r_high:.2f}".replace("-", "−")


def grade_sentence(measure: str = "flesch_kincaid_grade", figures_dir: Path = FIGURES_DIR) -> str:
    """"On N teacher-rated excerpts (CLEAR) this formula explains X% of judged difficulty (r = ...)"."""
    table = _table(GRADE_TABLE, figures_dir)
    rows = table[(table["measure"] == measure) & (table["subset"] == "all")]
    if rows.empty:
        raise ValueError(f"{measure}: not in {GRADE_TABLE}")
    row = rows.iloc[0]
    return (f"On {int(row.n):,} excerpts whose difficulty teachers judged (the CLEAR corpus, CC BY-NC-SA 4.0), "
            f"{LABELS.get(measure, measure)} explains {100 * row.pearson_r ** 2:.0f}% of the variance in judged "
            f"difficulty ({_interval(row)}, with the teachers' easiness score, negative because a higher "
            f"value means harder): it ranks texts only roughly.")


def tone_sentence(dataset: str = "nyt_editorials", unit: str = "snippet", instrument: str = "vader",
                  figures_dir: Path = FIGURES_DIR) -> str:
    """"On N sentences of opinion editorials VADER agrees with the human mean at r = Y (...)"."""
    table = _table(TONE_TABLE, figures_dir)
    rows = table[(table["dataset"] == dataset) & (table["unit"] == unit) & (table["instrument"] == instrument)]
    if rows.empty:
        raise ValueError(f"{dataset}, {unit}, {instrument}: not in {TONE_TABLE}")
    row = rows.iloc[0]
    what = DATASET_WORDS[dataset] if unit == "snippet" else "New York Times opinion editorials"
    name = "VADER's compound" if instrument == "vader" else instrument
    sentence = (f"On {int(row.n):,} {what}{UNIT_WORDS[unit]}, {name} agrees with the mean of the human raters at "
                f"{_interval(row)}")
    if pd.notna(row.accuracy):
        sentence += f"; it gives {100 * row.accuracy:.0f}% of them the raters' class (positive, neutral or negative)"
    return sentence + "."


def validity_record(figures_dir: Path = FIGURES_DIR) -> dict[str, str]:
    """The `validity` entry of `run`'s document.json: the two sentences and where their numbers come from."""
    try:
        return {"readability": grade_sentence(figures_dir=figures_dir), "sentiment": tone_sentence(figures_dir=figures_dir),
                "source": f"figures/{GRADE_TABLE} and figures/{TONE_TABLE} (notebook 05)"}
    except (FileNotFoundError, ValueError) as problem:
        return {"missing": str(problem)}
