"""A figure whose inputs did not change is reused, not redrawn; anything that changes it redraws.

`save_figure` skips drawing PDF/SVG/PNG when the reuse key (data CSV, plotting code, calling
code, rcParams, versions, provenance, every artist's state) equals the recorded one and every
file on disk still has its recorded SHA-256. Whether a file was drawn again is seen from its
inode: each drawn file is written to a temporary name and renamed into place.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, text
from helpers.plots import common
from helpers.plots.text import paragraph_length_figure

FORMATS = ("pdf", "svg", "png")


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(common.REDRAW_ENV, raising=False)
    return tmp_path / "figures"


@pytest.fixture(scope="module")
def document():
    return text.load_document(paths.SEED_PATH)


def counts(document, change: bool = False) -> pd.DataFrame:
    table = text.paragraph_counts(document)
    if change:  # one value changed: paragraph 3 one word longer
        table.loc[2, "words"] += 1
    return table


def save(document, out, change_data=False, title=None):
    figure, data = paragraph_length_figure(counts(document, change_data))
    if title:
        figure.axes[0].set_title(title)
    return common.save_figure(figure, "t_lengths", data, document, out)


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {fmt: ((out / f"t_lengths.{fmt}").stat().st_ino, (out / f"t_lengths.{fmt}").read_bytes()) for fmt in FORMATS}


def redrawn(before, after) -> bool:
    inodes = {fmt: before[fmt][0] != after[fmt][0] for fmt in FORMATS}
    assert len(set(inodes.values())) == 1, inodes  # all three formats or none
    return inodes["pdf"]


def test_unchanged_figure_is_reused_and_forced_redraw_gives_the_same_bytes(document, folders, monkeypatch):
    first = save(document, folders)
    drawn = snapshot(folders)
    second = save(document, folders)
    reused = snapshot(folders)
    assert not redrawn(drawn, reused)
    assert second.png == first.png == drawn["png"][1]
    monkeypatch.setenv(common.REDRAW_ENV, "1")
    third = save(document, folders)
    forced = snapshot(folders)
    assert redrawn(reused, forced)
    assert {f: b for f, (_, b) in forced.items()} == {f: b for f, (_, b) in drawn.items()}
    assert third.png == first.png


@pytest.mark.parametrize("change", ["data", "title"])
def test_a_changed_value_or_drawing_redraws(document, folders, change):
    save(document, folders)
    before = snapshot(folders)
    save(document, folders, change_data=change == "data", title="Another title" if change == "title" else None)
    after = snapshot(folders)
    assert redrawn(before, after)
    assert after["png"][1] != before["png"][1]


def test_changed_plotting_code_redraws(document, folders, monkeypatch, tmp_path):
    save(document, folders)
    before = snapshot(folders)
    copy = tmp_path / "plots"
    shutil.copytree(Path(common.__file__).parent, copy)
    with open(copy / "text.py", "a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    monkeypatch.setattr(common, "__file__", str(copy / "common.py"))
    save(document, folders)
    assert redrawn(before, snapshot(folders))


def test_changed_calling_code_redraws(document, folders, tmp_path):
    def caller(source: str, name: str):
        path = tmp_path / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.run

    source = ("from helpers.plots import common\n"
              "def run(figure, data, document, out):\n"
              "    return common.save_figure(figure, 't_lengths', data, document, out)\n")
    figure, data = paragraph_length_figure(counts(document))
    caller(source, "first_caller")(figure, data, document, folders)
    before = snapshot(folders)
    figure, data = paragraph_length_figure(counts(document))
    caller(source, "same_caller")(figure, data, document, folders)
    assert not redrawn(before, snapshot(folders))
    figure, data = paragraph_length_figure(counts(document))
    caller(source + "# edited\n", "edited_caller")(figure, data, document, folders)
    assert redrawn(before, snapshot(folders))


def test_a_file_changed_on_disk_is_redrawn(document, folders):
    save(document, folders)
    before = snapshot(folders)
    (folders / "t_lengths.svg").write_bytes(before["svg"][1] + b" ")
    save(document, folders)
    after = snapshot(folders)
    assert after["svg"][1] == before["svg"][1]
    assert redrawn(before, after)


def test_fingerprint_sees_a_colour(document):
    figure, _ = paragraph_length_figure(counts(document))
    other, _ = paragraph_length_figure(counts(document))
    assert common.fingerprint(figure) == common.fingerprint(other)
    other.axes[0].patches[0].set_facecolor("red")
    assert common.fingerprint(figure) != common.fingerprint(other)
