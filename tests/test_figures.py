"""The shared figure helper: style applied only inside style(), byte-identical saves, sidecars."""
from __future__ import annotations

import json

import matplotlib
import pandas as pd

from helpers import text
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


def test_a_caption_replaces_the_labels_in_the_alt_text(tmp_path):
    fig, data = _figure()
    saved = figures.save_figure(fig, "demo", data, DOCUMENT, tmp_path, caption="Words per paragraph")
    assert saved._repr_mimebundle_()[1]["image/png"]["alt"] == "Figure demo: Words per paragraph"
