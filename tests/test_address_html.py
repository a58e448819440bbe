"""`export_html` keeps each code cell's highlighted and cleaned input (`notebooks._RenderedPieces`, in
`html/` of the cache root): the HTML must be byte for byte nbconvert's own (a new `HTMLExporter()` per
notebook), with the pieces computed, read from this process's memory, or read from disk by a new process,
and for a notebook whose lexer differs (the lexer is part of each piece's key)."""
from __future__ import annotations

import copy
import threading

import nbformat
import pytest
from nbconvert import HTMLExporter

from helpers import paths
from helpers.publish import notebooks

NAMES = ("00a_sentence_splitters.ipynb", "02a_sentiment_tools.ipynb", "06_live_demo.ipynb")


@pytest.fixture(scope="module")
def executed():
    found = {name: nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4) for name in NAMES}
    # The same cells under another lexer: pygments writes the lexer's name into each input's HTML.
    other = copy.deepcopy(found["02a_sentiment_tools.ipynb"])
    other.metadata["language_info"] = {"name": "python", "pygments_lexer": "python"}
    found["python_lexer"] = other
    return found


@pytest.fixture(scope="module")
def expected(executed):
    return {name: HTMLExporter().from_notebook_node(nb)[0] for name, nb in executed.items()}


def fresh_process_state(monkeypatch):
    """Forget the exporters and the pieces held in memory, as a new process would."""
    monkeypatch.setattr(notebooks, "_EXPORTERS", threading.local())
    monkeypatch.setattr(notebooks, "_PIECES", {})


def test_kept_inputs_give_nbconverts_bytes(executed, expected, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process_state(monkeypatch)
    assert "hl-python" in expected["python_lexer"] and "hl-python" not in expected["02a_sentiment_tools.ipynb"].replace("hl-python3", "")
    for name in ("02a_sentiment_tools.ipynb", "python_lexer", *NAMES):  # computed, then from memory
        target = notebooks.export_html(executed[name], tmp_path / "out.html")
        assert target.read_text(encoding="utf-8") == expected[name], name
    stored = list((tmp_path / "cache" / "html").glob("*.pickle"))
    assert len(stored) == 1
    # A new process reads every piece from disk: nbconvert's filters are not called at all.
    fresh_process_state(monkeypatch)

    def refused(*args, **kwargs):
        raise AssertionError("a piece was computed again")

    import nbconvert.filters.highlight
    import nbconvert.filters.strings

    monkeypatch.setattr(nbconvert.filters.strings, "clean_html", refused)
    monkeypatch.setattr(nbconvert.filters.highlight.Highlight2HTML, "__call__", refused)
    for name in ("python_lexer", *NAMES):
        target = notebooks.export_html(executed[name], tmp_path / "out.html")
        assert target.read_text(encoding="utf-8") == expected[name], name


def test_a_changed_input_is_rendered_again(executed, expected, tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process_state(monkeypatch)
    notebooks.export_html(executed["02a_sentiment_tools.ipynb"], tmp_path / "out.html")
    changed = copy.deepcopy(executed["02a_sentiment_tools.ipynb"])
    code = [cell for cell in changed.cells if cell.cell_type == "code"]
    code[3].source = code[3].source.replace("=", "= 1 +", 1)
    code[4].metadata["magics_language"] = "bash"  # pygments then highlights the cell as shell
    target = notebooks.export_html(changed, tmp_path / "out.html")
    assert target.read_text(encoding="utf-8") == HTMLExporter().from_notebook_node(changed)[0]


def test_inputs_are_placed_and_written_back(executed, expected, tmp_path, monkeypatch):
    """Nearly every code input goes through a placeholder (so the test above covers that path)."""
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process_state(monkeypatch)
    placed = []
    original = notebooks._KeptFilters.soup_of

    def counting(self, piece):
        found = original(self, piece)
        placed.append(found is not None)
        return found

    monkeypatch.setattr(notebooks._KeptFilters, "soup_of", counting)
    for name in NAMES:
        placed.clear()
        target = notebooks.export_html(executed[name], tmp_path / "out.html")
        assert target.read_text(encoding="utf-8") == expected[name]
        code = sum(cell.cell_type == "code" for cell in executed[name].cells)
        assert sum(placed) >= 2 * (code - 1), name  # looked up when placed, then when written back


SELF_CONTAINED = ['<div class=" highlight hl-ipython3"><pre><span></span><span class="n">x</span> <span>y</span></pre></div>',
                  "<div><span>a</span><span>b &lt; c</span></div>", "<pre>\n\n text</pre>"]
NOT_SELF_CONTAINED = ["<div><span></div>", "<div>", "</span><div></div>", "<div><img src=x></div>", "<div><br></div>",
                      "<div><!-- c --></div>", '<div class="jp-OutputArea-output"></div>', "text<div></div>",
                      "<div></div>text", "<div>&amp</div>x", "<div><script>x</script></div>", "<div><style></style></div>",
                      "<div>a<</div>", "<div><span>a</span> <span>b</span></div>", "<div>\n<pre>x</pre></div>"]


def test_self_contained_by_hand():
    assert all(notebooks._self_contained(piece) for piece in SELF_CONTAINED)
    assert not any(notebooks._self_contained(piece) for piece in NOT_SELF_CONTAINED)


def test_self_contained_fragments_round_trip_alone():
    """The property `render` relies on, on random tag soup: when a fragment is self-contained, the page's
    round trip equals the page with a placeholder, then the fragment's own round trip put in its place."""
    import random

    from bs4 import BeautifulSoup

    def soup(html):
        return str(BeautifulSoup(html, features="html.parser"))

    tokens = ["<div>", "</div>", '<span class=" a  b">', "</span>", "<pre>", "</pre>", "<p>", "</p>", "text",
              "&amp;", "&", "&#39;", "&quot", "<", ">", "<br>", "<!-- x -->", "\n", " ", "<b>", "</b>", "é"]
    contexts = [('<div class="cm-editor">\n', "\n     </div>"), ("<div>\n", "\n</div>"), ("\n", "  "), ("<p>x ", " y</p>"), ("<pre>", "</pre>"),
                ("<span>", ""), ("a &amp", ";b"), ("<div><b>", "</b></div></div>")]
    rng = random.Random(19)
    accepted = 0
    for _ in range(4000):
        piece = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.5:
            piece = "<div>" + piece + "</div>"
        if not notebooks._self_contained(piece):
            continue
        accepted += 1
        for before, after in contexts:
            for tail in ("", "\n", " \n "):
                placeholder = "<tnpiece0123456789abcdefn0z></tnpiece0123456789abcdefn0z>"
                page = soup(before + placeholder + tail + after)
                assert page.count(placeholder) == 1
                assert soup(before + piece + tail + after) == page.replace(placeholder, soup(piece)), repr((before, piece))
    assert accepted >= 100


def test_placeholders_elsewhere_fall_back_to_nbconvert(executed, expected, tmp_path, monkeypatch):
    """A page where the inputs do not stand in the lab template's editor <div> (another template) is
    exported by nbconvert alone: same bytes, and the fallback was taken."""
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process_state(monkeypatch)
    monkeypatch.setattr(notebooks, "INPUT_CONTEXT", '<div class="another-template">\n')
    calls = []
    from nbconvert import HTMLExporter as Exporter

    original = Exporter.from_notebook_node

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Exporter, "from_notebook_node", counted)
    name = "02a_sentiment_tools.ipynb"
    target = notebooks.export_html(executed[name], tmp_path / "out.html")
    assert target.read_text(encoding="utf-8") == expected[name]
    assert len(calls) == 2  # the page with placeholders, refused; then nbconvert's own
