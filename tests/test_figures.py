"""The shared figure helper: style applied only inside style(), byte-identical saves, sidecars."""
from __future__ import annotations

import json
import os
import subprocess

import matplotlib
import pandas as pd

from helpers import paths, provenance, text
from helpers.plots import common as figures

DOCUMENT = text.parse_document("A title\n\nOne short paragraph. Two sentences.", name="tiny.txt", sha256="ab" * 32)


def _figure():
    with figures.style():
        fig, ax = figures.new_figure("single", 2.0)
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_xlabel("Body paragraph")
    return fig, pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})


def test_importing_and_styling_leave_global_rcparams_alone():
    before = dict(matplotlib.rcParams)
    _figure()
    assert dict(matplotlib.rcParams) == before


def test_figure_is_journal_column_width():
    fig, _ = _figure()
    assert tuple(fig.get_size_inches()) == (3.5, 2.0)


def test_save_writes_every_format_and_is_byte_deterministic(tmp_path):
    fig, data = _figure()
    first = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path / "a").paths
    again = figures.save_figure(_figure()[0], "demo", data, DOCUMENT, tmp_path / "b").paths
    assert [p.name for p in first] == ["demo.pdf", "demo.svg", "demo.png", "demo.csv", "demo.json"]
    for a, b in zip(first, again):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert not list((tmp_path / "a").glob(".*"))  # no temporary files left behind


def test_saved_files_carry_no_date_and_fonts_are_embedded_truetype(tmp_path):
    fig, data = _figure()
    saved = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path)
    pdf, svg, png, csv, provenance = saved.paths
    assert b"CreationDate" not in pdf.read_bytes() and b"/FontFile2" in pdf.read_bytes()  # Type 42 = FontFile2
    assert b"<dc:date>" not in svg.read_bytes()
    assert png.read_bytes().startswith(b"\x89PNG") and b"Software" not in png.read_bytes()
    assert pd.read_csv(csv).equals(data)
    record = json.loads(provenance.read_text())
    assert record["input"] == {"file": "tiny.txt", "sha256": "ab" * 32}
    assert set(record["versions"]) >= {"python", "textstat", "vaderSentiment", "nltk", "matplotlib"}


def test_a_notebook_displays_the_saved_png_without_any_path(tmp_path):
    fig, data = _figure()
    saved = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path)
    bundle, metadata = saved._repr_mimebundle_()
    assert bundle["image/png"] == (tmp_path / "demo.png").read_bytes()
    assert metadata["image/png"]["width"] == 700  # 3.5 in at 200 px per inch (projector-readable)
    assert metadata["image/png"]["alt"] == "Figure demo: Body paragraph"  # its only label
    assert str(tmp_path) not in bundle["text/plain"] and "pdf" in bundle["text/plain"]


def _git_head() -> str:
    result = subprocess.run(["git", "-C", str(paths.PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else provenance.NOT_A_CHECKOUT


def test_provenance_outside_figures_records_commit_and_parameters(tmp_path):
    fig, data = _figure()
    parameters = {"text_path": "my text.txt", "family_prefix": "war", "ratio": 0.5, "flag": None}
    saved = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path, parameters=parameters)
    record = json.loads(saved.paths[-1].read_text())
    assert record["parameters"] == parameters
    # The commit git names, marked when tracked files differ from it (`git diff --quiet HEAD`).
    head = _git_head()
    assert record["commit"] in {head, head + provenance.MODIFIED}


def test_committed_figures_record_no_commit(tmp_path, monkeypatch):
    # A file in figures/ naming the commit it was made at would change at every commit.
    monkeypatch.setattr(figures, "FIGURES_DIR", tmp_path)
    fig, data = _figure()
    record = json.loads(figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path).paths[-1].read_text())
    assert "commit" not in record and "parameters" not in record


def test_not_a_git_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(provenance, "PROJECT_ROOT", tmp_path)
    provenance.project_commit.cache_clear()
    try:
        assert provenance.project_commit() == "not a git checkout"
    finally:
        provenance.project_commit.cache_clear()


def test_figures_of_another_text_go_to_out_and_a_run_writes_into_its_staging_folder(monkeypatch, tmp_path):
    other = text.parse_document("Another text entirely.", name="other.txt", sha256="cd" * 32)
    assert paths.figures_folder("figures", other) == paths.PROJECT_ROOT / "out" / "figures" / "other"
    seed_like = text.Document("s.txt", paths.SEED_SHA256, None, ("x",))
    assert paths.figures_folder("figures", seed_like) == paths.FIGURES_DIR
    final, staging = tmp_path / "results", tmp_path / ".results.partial-x"
    monkeypatch.setenv(paths.STAGING_ENV, f"{final}{os.pathsep}{staging}")
    assert paths.figures_folder(final / "figures", other) == staging / "figures"
    assert paths.shown(staging / "figures") == str(final / "figures")
    assert paths.shown(paths.FIGURES_DIR) == "figures"  # no absolute path in committed outputs
    # figures/ itself mapped (as the papermill test traps it): another text still goes to out/.
    monkeypatch.setenv(paths.STAGING_ENV, f"{paths.FIGURES_DIR}{os.pathsep}{staging}")
    assert paths.resolve("figures") == staging
    assert paths.figures_folder("figures", other) == paths.PROJECT_ROOT / "out" / "figures" / "other"


def test_a_caption_replaces_the_labels_in_the_alt_text(tmp_path):
    fig, data = _figure()
    saved = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path, caption="Words per paragraph")
    assert saved._repr_mimebundle_()[1]["image/png"]["alt"] == "Figure demo: Words per paragraph"
