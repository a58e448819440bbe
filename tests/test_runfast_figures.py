"""A figure drawn in one folder is copied, not drawn again, when the same drawing is saved in
another folder (`run` on another text: notebook 04's and 05's figures are the seed's; a second
`run` on the same text), and the copy has exactly the bytes a fresh drawing gives.

The key of the drawn bytes (`common.drawing_key`) is the reuse key without the provenance
record: the record goes to NAME.json only. Whether a figure was drawn is seen by counting
`Figure.savefig` calls.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import paths, text
from helpers.plots import common
from helpers.plots.text import paragraph_length_figure

FORMATS = ("pdf", "svg", "png")
NAME = "t_lengths"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(common.REDRAW_ENV, raising=False)
    monkeypatch.delenv(paths.STAGING_ENV, raising=False)
    return tmp_path


@pytest.fixture
def draws(monkeypatch):
    """The number of files drawn so far (Figure.savefig calls)."""
    calls = []
    original = Figure.savefig

    def counted(self, *arguments, **keywords):
        calls.append(keywords.get("format"))
        return original(self, *arguments, **keywords)

    monkeypatch.setattr(Figure, "savefig", counted)
    return calls


@pytest.fixture(scope="module")
def seed():
    return text.load_document(paths.SEED_PATH)


@pytest.fixture(scope="module")
def address():
    return text.load_document(paths.PROJECT_ROOT / "corpora" / "sotu" / "texts" / "1962_john_f_kennedy_d.txt")


def counts(document, change: bool = False) -> pd.DataFrame:
    table = text.paragraph_counts(document)
    if change:
        table.loc[2, "words"] += 1
    return table


def save(shown, recorded, out, title=None, change=False):
    """Save the paragraph-length figure of `shown`'s counts, recorded as a figure of `recorded`."""
    figure, data = paragraph_length_figure(counts(shown, change))
    if title:
        figure.axes[0].set_title(title)
    return common.save_figure(figure, NAME, data, recorded, out)


def files(out: Path) -> dict[str, bytes]:
    return {fmt: (out / f"{NAME}.{fmt}").read_bytes() for fmt in FORMATS}


def test_the_same_drawing_for_another_text_is_copied_with_a_fresh_drawings_bytes(seed, address, cache, draws, monkeypatch):
    first = save(seed, seed, cache / "a")
    assert len(draws) == 3
    # The same drawing (the seed's counts) recorded as a figure of another text, in another folder.
    copied = save(seed, address, cache / "b")
    assert len(draws) == 3, "copied, not drawn"
    assert files(cache / "b") == files(cache / "a")
    assert copied.png == first.png
    # The record is that text's own, not copied.
    assert json.loads((cache / "b" / f"{NAME}.json").read_text())["input"]["sha256"] == address.sha256
    assert json.loads((cache / "a" / f"{NAME}.json").read_text())["input"]["sha256"] == seed.sha256
    # Differential: a forced drawing of the same figure gives the copied bytes.
    monkeypatch.setenv(common.REDRAW_ENV, "1")
    save(seed, address, cache / "c")
    assert len(draws) == 6
    assert files(cache / "c") == files(cache / "b")


@pytest.mark.parametrize("change", ["data", "title"])
def test_another_drawing_is_drawn(seed, cache, draws, change):
    save(seed, seed, cache / "a")
    save(seed, seed, cache / "b", title="Another title" if change == "title" else None, change=change == "data")
    assert len(draws) == 6
    assert files(cache / "b")["png"] != files(cache / "a")["png"]


def test_a_changed_file_is_not_copied(seed, address, cache, draws):
    save(seed, seed, cache / "a")
    original = files(cache / "a")
    (cache / "a" / f"{NAME}.svg").write_bytes(original["svg"] + b" ")
    save(seed, address, cache / "b")
    assert len(draws) == 6, "drawn again: the only folder holding it has a changed file"
    assert files(cache / "b") == original


def test_the_latest_intact_folder_is_used(seed, address, cache, draws):
    save(seed, seed, cache / "a")
    save(seed, address, cache / "b")
    shutil.rmtree(cache / "b")  # the most recent place is gone: the older one still serves
    save(seed, address, cache / "c")
    assert len(draws) == 3
    assert files(cache / "c") == files(cache / "a")


def test_a_staged_run_remembers_its_final_folder(seed, address, cache, draws, monkeypatch):
    final, staging = cache / "out", cache / ".out.partial"
    monkeypatch.setenv(paths.STAGING_ENV, f"{final}{paths.os.pathsep}{staging}")
    save(seed, address, staging / "figures")
    assert len(draws) == 3
    drawn = files(staging / "figures")
    shutil.move(staging, final)  # what `run` does once the whole output is complete
    monkeypatch.delenv(paths.STAGING_ENV)
    save(seed, seed, cache / "other")
    assert len(draws) == 3, "copied from the final folder"
    assert files(cache / "other") == drawn
