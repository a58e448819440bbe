"""Notebook 04 on another corpus: no word about the State of the Union, no `nan` (issue 18, item 11)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.publish.notebooks import CORPUS_ONLY, drop_corpus_only, execute

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "04_corpus.ipynb"
# Words true of the State of the Union only: none may reach the output on another corpus.
SOTU_WORDS = re.compile(r"president|address|nineteenth|State of the Union|Washington|Congress|Madison|Lincoln|"
                        r"Guardian|Economist|1913|Democratic|Republican", re.IGNORECASE)
NOT_A_NUMBER = re.compile(r"(?<![\w.])(nan|NaN|<NA>)(?!\w)")
SENTENCES = ["The committee met on a quiet morning and agreed on the plan.", "Rivers rose and the farms were flooded.",
             "We welcome the new library, and we thank every volunteer.", "Prices fell sharply; the markets were afraid.",
             "The school opened a garden, and the children loved it.", "A terrible storm destroyed the old bridge."]


def _corpus(folder: Path) -> Path:
    texts = folder / "texts"
    texts.mkdir()
    rows = ["file,year,author"]
    for k in range(24):
        body = " ".join(SENTENCES[(k + j) % len(SENTENCES)] for j in range(8))
        extra = " The harbour and the vessels were busy." if k < 12 else " The budget and the program grew."
        name = f"doc_{k:02d}.txt"
        (texts / name).write_text(f"Letter {k}\n\n{body}{extra * 3}\n", encoding="utf-8")
        rows.append(f"{name},{2000 + k},{'ABC'[k % 3]}")
    (folder / "meta.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return texts


def test_corpus_only_cells_are_dropped_only_for_another_corpus():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    tagged = sum(CORPUS_ONLY in c.metadata.get("tags", []) for c in notebook.cells)
    assert tagged >= 5
    same = drop_corpus_only(nbformat.read(NOTEBOOK, as_version=4), {"corpus_dir": "corpora/sotu/texts"})
    assert len(same.cells) == len(notebook.cells)
    other = drop_corpus_only(nbformat.read(NOTEBOOK, as_version=4), {"corpus_dir": "/data/letters"})
    assert len(other.cells) == len(notebook.cells) - tagged


@pytest.mark.exhaustive
def test_notebook_04_on_another_corpus_speaks_of_that_corpus(tmp_path):
    texts = _corpus(tmp_path)
    target = tmp_path / "04_corpus.ipynb"
    parameters = {"corpus_dir": str(texts), "metadata_path": str(tmp_path / "meta.csv"), "group_column": "author",
                  "written_years": None, "written_files": [], "split_year": 2012, "compare_since": None,
                  "figures_dir": str(tmp_path / "figures")}
    executed = execute(NOTEBOOK, target, parameters, environment={"TEXT_NOTEBOOKS_CACHE": str(tmp_path / "cache")})
    shown = []
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            shown.append(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            shown += [data.get("text/markdown", ""), data.get("text/plain", ""), output.get("text", "")]
    text = "\n".join(s if isinstance(s, str) else "".join(s) for s in shown)
    assert not SOTU_WORDS.findall(text), sorted(set(SOTU_WORDS.findall(text)))
    assert not NOT_A_NUMBER.findall(text)
    assert "24 documents" in text  # a generated sentence about this corpus
    assert (tmp_path / "figures" / "04_keyness.png").is_file()


def test_placed_grades_from_the_whole_text_equal_readability_long(tmp_path):
    """Notebook 04 places its text with `whole_text_table` (the body only), not `readability_long` (every paragraph
    too, costly on a long text): the document rows must be the same values, on the seed and on a longer text."""
    from helpers import readability, text

    seed = text.load_document(paths.SEED_PATH)
    longer = tmp_path / "longer.txt"  # the seed's paragraphs, numbered, 40 times: 400 paragraphs
    longer.write_text("\n\n".join(f"{k}. {p}" for k in range(40) for p in seed.paragraphs) + "\n", encoding="utf-8")
    for document in (seed, text.load_document(longer)):
        rows = readability.readability_long(document)
        slow = rows[(rows["unit"] == "document") & rows["measure"].isin(readability.GRADE_MEASURES)]
        whole = readability.whole_text_table(document)
        fast = whole[whole["measure"].isin(readability.GRADE_MEASURES)]
        assert fast["measure"].to_list() == slow["measure"].to_list() == list(readability.GRADE_MEASURES)
        assert fast["value"].to_list() == slow["value"].to_list()
