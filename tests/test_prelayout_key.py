"""The figure reuse key is taken before layout (`common.state_fingerprint`), so it must see
everything that reaches a drawn byte without the laid-out texts and positions: what a tick
formatter's function captured (closure cells, defaults, the globals it names, a bound method's
object, a partial's arguments), a colour, a label, the data, an SVG id. A reused figure (never
laid out) has the same bytes as one drawn again.
"""
from __future__ import annotations

import functools
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.ticker import FuncFormatter

from helpers import paths, text
from helpers.plots import common
from helpers.plots.common import new_figure, style

SCALE = 1.0  # read as a global by `_global_formatter`


def _global_formatter(value, _):
    return f"{value * SCALE:,.1f}"


def figure(formatter=None, colour="#0072B2", label="words", values=(3, 1, 2), gid=None, secondary=None):
    with style():
        fig, ax = new_figure()
        bars = ax.bar(range(len(values)), values, color=colour)
        ax.set_ylabel(label)
        if formatter is not None:
            ax.yaxis.set_major_formatter(formatter)
        if gid is not None:
            bars[0].set_gid(gid)
        if secondary is not None:
            ax.secondary_xaxis("top", functions=(lambda x: x * secondary, lambda x: x / secondary))
    return fig


def closure_formatter(scale):
    return FuncFormatter(lambda value, _: f"{value * scale:,.1f}")


def default_formatter(scale):
    def format_value(value, _, scale=scale):
        return f"{value * scale:,.1f}"
    return FuncFormatter(format_value)


def partial_formatter(scale):
    return FuncFormatter(functools.partial(lambda scale, value, _: f"{value * scale:,.1f}", scale))


class Scaler:
    def __init__(self, scale):
        self.scale = scale

    def format(self, value, _):
        return f"{value * self.scale:,.1f}"


def key(fig):
    value = common.state_fingerprint(fig)
    assert value is not None
    return value


@pytest.mark.parametrize("make", [closure_formatter, default_formatter, partial_formatter,
                                  lambda s: FuncFormatter(Scaler(s).format),
                                  lambda s: FuncFormatter(("{:,.1f}" if s == 1 else "{:,.2f}").format)])
def test_a_formatters_captured_value_changes_the_key(make):
    same = key(figure(make(1))), key(figure(make(1)))
    assert same[0] == same[1]
    assert key(figure(make(2))) != same[0]


def test_the_code_only_fingerprint_misses_a_captured_value_before_layout():
    # Why the pre-layout key follows closures: `fingerprint` hashes a function by its code, and
    # before layout no tick label has been written out, so it cannot tell these two apart.
    assert common.fingerprint(figure(closure_formatter(1))) == common.fingerprint(figure(closure_formatter(2)))


def test_a_global_named_by_the_formatter_changes_the_key(monkeypatch):
    first = key(figure(FuncFormatter(_global_formatter)))
    assert key(figure(FuncFormatter(_global_formatter))) == first
    monkeypatch.setattr(sys.modules[__name__], "SCALE", 2.0)
    assert key(figure(FuncFormatter(_global_formatter))) != first


def test_secondary_axis_functions_captured_scale_changes_the_key():
    # helpers/plots/terms.py draws a secondary axis whose functions capture a scale.
    assert key(figure(secondary=2.0)) == key(figure(secondary=2.0))
    assert key(figure(secondary=2.0)) != key(figure(secondary=3.0))


@pytest.mark.parametrize("change", [{"colour": "#D55E00"}, {"label": "tokens"}, {"values": (3, 1, 2.5)},
                                    {"gid": "first-bar"}])
def test_a_colour_label_data_or_id_changes_the_key(change):
    assert key(figure()) == key(figure())
    assert key(figure(**change)) != key(figure())


def test_too_deep_a_state_gives_no_key_and_the_figure_is_drawn(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(common.REDRAW_ENV, raising=False)

    class Node:
        def __init__(self, below):
            self.below = below

    chain = None
    for _ in range(common._DEEP_DEPTH + 2):
        chain = Node(chain)
    fig = figure(FuncFormatter(lambda value, _, chain=chain: f"{value:.1f}"))
    assert common.state_fingerprint(fig) is None
    document = text.load_document(paths.SEED_PATH)
    data = __import__("pandas").DataFrame({"x": [1]})
    common.save_figure(fig, "t_deep", data, document, tmp_path / "out")
    inode = (tmp_path / "out" / "t_deep.png").stat().st_ino
    fig = figure(FuncFormatter(lambda value, _, chain=chain: f"{value:.1f}"))
    common.save_figure(fig, "t_deep", data, document, tmp_path / "out")
    assert (tmp_path / "out" / "t_deep.png").stat().st_ino != inode  # drawn again: nothing remembered
    assert not (tmp_path / "cache" / common.REUSE_FOLDER).exists()


def test_the_key_is_the_same_in_another_process():
    # No memory address or hash seed reaches the key: two fresh processes agree (else no reuse).
    code = ("import sys; sys.path.insert(0, 'tests'); from test_prelayout_key import figure, closure_formatter, key;"
            "print(key(figure(closure_formatter(3), secondary=2.0)))")
    runs = [subprocess.run([sys.executable, "-c", code], cwd=paths.PROJECT_ROOT, capture_output=True, text=True,
                           check=True, env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout.strip()
            for seed in ("1", "2")]
    assert len(runs[0]) == 64 and runs[0] == runs[1]


def test_a_reused_figure_has_the_bytes_of_one_drawn_again(tmp_path, monkeypatch):
    # The faster path (reuse without layout) against the slow one (layout and draw), on figures
    # with a closure formatter and a secondary axis.
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(common.REDRAW_ENV, raising=False)
    document = text.load_document(paths.SEED_PATH)
    data = __import__("pandas").DataFrame({"x": np.arange(3)})
    out = tmp_path / "out"
    formats = ("pdf", "svg", "png")
    for make in (lambda: figure(closure_formatter(3), secondary=2.0), lambda: figure(default_formatter(2))):
        common.save_figure(make(), "t_fig", data, document, out)
        inodes = {f: (out / f"t_fig.{f}").stat().st_ino for f in formats}
        reused = common.save_figure(make(), "t_fig", data, document, out)
        assert inodes == {f: (out / f"t_fig.{f}").stat().st_ino for f in formats}  # not drawn
        kept = {f: (out / f"t_fig.{f}").read_bytes() for f in formats}
        monkeypatch.setenv(common.REDRAW_ENV, "1")
        drawn = common.save_figure(make(), "t_fig", data, document, out)
        monkeypatch.delenv(common.REDRAW_ENV)
        assert {f: (out / f"t_fig.{f}").read_bytes() for f in formats} == kept
        assert reused.png == drawn.png
