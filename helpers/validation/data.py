"""Loaders of the validation data in `corpora/validation/` (see its README.md): tidy pandas tables.

Every text is returned exactly as the dataset gives it (no cleaning), so a score computed here is
the score of the dataset's own string. Licences: Hutto & Gilbert (2014) MIT; CLEAR **CC BY-NC-SA
4.0 (no commercial use)**; OneStopEnglish CC BY-SA 4.0.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths

DATA_DIR = paths.PROJECT_ROOT / "corpora" / "validation"
HUTTO_DIR = DATA_DIR / "hutto-gilbert-2014"
CLEAR_FILE = DATA_DIR / "clear-corpus" / "CLEAR_corpus_final.xlsx"
ONESTOP_DIR = DATA_DIR / "onestopenglish"
MANIFEST = DATA_DIR / "SHA256SUMS"

# dataset name in our tables -> the file prefix of Hutto & Gilbert's files
TONE_DATASETS = {
    "tweets": "tweets",
    "movie_reviews": "movieReviewSnippets",
    "product_reviews": "amazonReviewSnippets",
    "nyt_editorials": "nytEditorialSnippets",
}
CLEAR_LICENCE = "CC BY-NC-SA 4.0 (research and teaching allowed, no commercial use)"
# The CLEAR authors' own formula columns (sheet "Data"), as published in the corpus.
CLEAR_PUBLISHED = (
    "Flesch-Reading-Ease", "Flesch-Kincaid-Grade-Level", "Automated Readability Index", "SMOG Readability",
    "New Dale-Chall Readability Formula", "CAREC", "CAREC_M", "CML2RI",
)
LEVELS = ("ele", "int", "adv")  # OneStopEnglish: elementary < intermediate < advanced
LEVEL_FOLDERS = {"ele": "Ele-Txt", "int": "Int-Txt", "adv": "Adv-Txt"}


def _lines(path: Path) -> list[str]:
    """The file's lines: UTF-8, CRLF line ends (the last line has none)."""
    return [line for line in path.read_bytes().decode("utf-8").split("\r\n") if line]


@lru_cache(maxsize=None)
def _tone(dataset: str) -> pd.DataFrame:
    rows = []
    for line in _lines(HUTTO_DIR / f"{TONE_DATASETS[dataset]}_GroundTruth.txt"):
        identifier, mean, text = line.split("\t", 2)
        rows.append({"id": identifier, "human_mean": float(mean), "text": text})
    table = pd.DataFrame(rows)
    if dataset == "nyt_editorials":  # ids are EDITORIAL_SENTENCE
        parts = table["id"].str.split("_", expand=True)
        table.insert(1, "editorial", parts[0].astype(int))
        table.insert(2, "sentence", parts[1].astype(int))
    return table


def tone_dataset(dataset: str) -> pd.DataFrame:
    """One row per rated snippet: id, (for nyt_editorials: editorial, sentence,) human_mean, text.

    `human_mean` is the mean of the human ratings on -4 ... +4 as the file gives it.
    """
    if dataset not in TONE_DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}: one of {', '.join(TONE_DATASETS)}")
    return _tone(dataset).copy()


def individual_ratings(dataset: str) -> pd.DataFrame:
    """One row per individual rating: id, position (1-based place in the file's list), rating.

    The README warns that a position is not the same person across rows, and the number of
    ratings per snippet varies (20 in most files; 15 to 29 for movie reviews, up to 99 for some tweets).
    """
    if dataset not in TONE_DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}: one of {', '.join(TONE_DATASETS)}")
    rows = []
    for line in _lines(HUTTO_DIR / f"{TONE_DATASETS[dataset]}_anonDataRatings.txt"):
        identifier, _mean, _sd, listed = line.split("\t")
        for position, value in enumerate(listed.strip("[]").split(","), start=1):
            rows.append((identifier, position, int(value)))
    return pd.DataFrame(rows, columns=["id", "position", "rating"])


def _read_clear() -> pd.DataFrame:
    # pandas reads the cached values of the two formula columns (openpyxl data_only), never recomputes them.
    return pd.read_excel(CLEAR_FILE, sheet_name="Data", engine="openpyxl")


@lru_cache(maxsize=1)
def _clear() -> pd.DataFrame:
    # The sheet as pandas reads it, kept on disk (`text.resources.derived`: about 2.5 s of parsing
    # XML saved; key: the file's bytes, pandas' and openpyxl's versions, this module's source).
    from ..text.resources import derived

    return derived("clear-sheet", _read_clear, ("pandas", "openpyxl"), (CLEAR_FILE,))


def clear() -> pd.DataFrame:
    """The CLEAR corpus's sheet "Data", one row per excerpt (4,724), columns as the authors named them.

    Among them: `ID`, `Categ` (Lit/Info), `Pub Year`, `Excerpt` (the text), `BT_easiness` (higher
    is easier), `s.e.`, and the published formula columns `CLEAR_PUBLISHED`. Licence: CC BY-NC-SA 4.0.
    """
    return _clear().copy()


def onestopenglish() -> pd.DataFrame:
    """One row per text (189 articles x 3 levels): article, level (ele/int/adv), file, text.

    The files are read as UTF-8 with the byte-order mark that 364 of them start with removed
    (an encoding mark, not text); `article` is the file name without `-LEVEL.txt` and without the
    space one name has before its suffix (`climate change -int.txt`).
    """
    rows = []
    for level in LEVELS:
        for path in sorted((ONESTOP_DIR / LEVEL_FOLDERS[level]).glob("*.txt")):
            suffix = f"-{level}.txt"
            if not path.name.endswith(suffix):
                raise ValueError(f"{path}: not named NAME{suffix}")
            rows.append({"article": path.name[: -len(suffix)].rstrip(), "level": level, "file": path.name,
                         "text": path.read_bytes().decode("utf-8-sig")})
    return pd.DataFrame(rows).sort_values(["article", "level"], key=lambda s: s.map(LEVELS.index) if s.name == "level" else s,
                                          kind="mergesort", ignore_index=True)


def data_sha256() -> str:
    """SHA-256 of every data file's path and bytes (manifest order): the cache key's data part."""
    digest = hashlib.sha256()
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        name = line.split("  ", 1)[1]
        digest.update(name.encode() + b"\0" + (DATA_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()
