"""Student copies, solutions and the site (helpers.publish.classroom, helpers.publish.site), and the metadata
JupyterLab sees and saves (helpers.publish.lab), on small hand-made notebooks."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.publish import classroom, lab, notebooks, site

QUESTION = "**Question.** How long is the text?"


def make_notebook(exercises: int = 2) -> nbformat.NotebookNode:
    """A notebook with a question, code with outputs, and `exercises` exercises with solutions."""
    cells = [new_markdown_cell(f"# 00 · A test\n\n{QUESTION}\n\n**Data.** None. Next: [01](01_b.ipynb)."),
             new_code_cell("x = 2", execution_count=1)]
    for number in range(exercises):
        cells += [new_markdown_cell(f"**Exercise {number}.** What is x + {number}?", metadata={"tags": ["exercise"]}),
                  new_code_cell(f"answer = x + {number}", metadata={"tags": ["solution"]}, execution_count=2)]
    cells.append(new_code_cell("x * 3", execution_count=3,
                               outputs=[new_output("execute_result", {"text/plain": "6"}, execution_count=3)]))
    notebook = new_notebook(cells=cells)
    return notebooks.normalise(notebook)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """notebooks/ with two notebooks of two exercises each, and figures/ with one figure's files."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "figures").mkdir()
    for name in ("00_a.ipynb", "01_b.ipynb"):
        nbformat.write(make_notebook(), tmp_path / "notebooks" / name)
    for suffix in ("png", "csv"):
        (tmp_path / "figures" / f"00_lengths.{suffix}").write_bytes(b"figure " + suffix.encode())
    return tmp_path


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_student_copy_has_exercises_but_no_solutions_or_outputs():
    student = classroom.student_copy(make_notebook(exercises=3))
    tags = [t for cell in student.cells for t in cell.metadata.get("tags", [])]
    assert tags == ["exercise"] * 3
    code = [cell for cell in student.cells if cell.cell_type == "code"]
    assert [c.source for c in code] == ["x = 2", "x * 3"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_student_copy_runs_top_to_bottom(tmp_path: Path):
    source = tmp_path / "student.ipynb"
    nbformat.write(classroom.student_copy(make_notebook()), source)
    executed = notebooks.execute(source, tmp_path / "executed.ipynb")
    assert executed.cells[-1].outputs[0]["data"]["text/plain"] == "6"


def test_too_few_exercises_fail_the_build_with_one_line_each(folder: Path, capsys):
    nbformat.write(make_notebook(exercises=1), folder / "notebooks" / "01_b.ipynb")
    out = folder / "classroom"
    assert classroom.main(["--notebooks", str(folder / "notebooks"), "--out", str(out)]) == 1
    assert capsys.readouterr().err == ("classroom: 01_b.ipynb has 1 cells tagged 'exercise' "
                                       "(at least 2 needed)\n")
    assert not out.exists()


def test_classroom_build_is_byte_stable_and_solutions_are_the_executed_notebooks(folder: Path):
    args = ["--notebooks", str(folder / "notebooks")]
    assert classroom.main(args + ["--out", str(folder / "first")]) == 0
    assert classroom.main(args + ["--out", str(folder / "second")]) == 0
    first = tree(folder / "first")
    assert first == tree(folder / "second")
    assert sorted(first) == ["solutions/00_a.ipynb", "solutions/01_b.ipynb", "student/00_a.ipynb", "student/01_b.ipynb"]
    assert first["solutions/00_a.ipynb"] == (folder / "notebooks" / "00_a.ipynb").read_bytes()
    assert '"solution"' not in first["student/00_a.ipynb"].decode()


def test_title_and_question():
    assert site.title_and_question(make_notebook()) == ("00 · A test", "How long is the text?")


def test_site_is_offline_byte_stable_and_links_pages_and_figures(folder: Path):
    # A stand-in for jupyter-server-mathjax's static/ folder (the real one is in .venv-lab only).
    for name, content in (("MathJax.js", "mathjax"), ("config/Safe.js", "safe"), ("localization/de/de.js", "de")):
        (folder / "mathjax" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "mathjax" / name).write_text(content)
    figure = new_output("display_data", {"image/png": "iVBORw0KGgo=", "text/plain": "00_lengths saved as png"},
                        metadata={"image/png": {"width": 700, "alt": "Figure 00_lengths: words per paragraph"}})
    notebook = make_notebook()
    notebook.cells[1].outputs = [figure]
    notebook.cells[0].source += "\n\n$$\\text{compound} = \\frac{x}{\\sqrt{x^2 + 15}}$$"
    nbformat.write(notebook, folder / "notebooks" / "00_a.ipynb")
    args = ["--notebooks", str(folder / "notebooks"), "--figures", str(folder / "figures"),
            "--mathjax", str(folder / "mathjax")]
    assert site.main(args + ["--out", str(folder / "first")]) == 0
    assert site.main(args + ["--out", str(folder / "second")]) == 0
    first = tree(folder / "first")
    assert first == tree(folder / "second")
    assert sorted(first) == ["00_a.html", "01_b.html", "figures/00_lengths.csv", "figures/00_lengths.png", "index.html",
                             "mathjax/MathJax.js", "mathjax/config/Safe.js"]
    index = first["index.html"].decode()
    for link in ('href="00_a.html"', 'href="01_b.html"', 'href="figures/00_lengths.png"', "How long is the text?"):
        assert link in index
    page = first["00_a.html"].decode()
    assert 'alt="Figure 00_lengths: words per paragraph"' in page and 'width="700"' in page
    assert 'href="01_b.html"' in page and "01_b.ipynb" not in page  # links between pages
    # Scripts and styles only from the site itself: MathJax from mathjax/, nothing from a network.
    sources = re.findall(r'<(?:script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]*)"', page)
    assert [s for s in sources if re.match(r"[a-z][a-z0-9+.-]*:|//", s) and not s.startswith("data:")] == []
    assert re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', page) == [site.MATHJAX_URL]
    assert site.MATHJAX_URL.startswith("mathjax/MathJax.js?") and "cdnjs" not in page
    assert "$$\\text{compound}" in page  # the formula is left for MathJax to typeset


def test_site_refuses_to_build_without_mathjax(folder: Path, capsys):
    assert site.main(["--notebooks", str(folder / "notebooks"), "--figures", str(folder / "figures"),
                      "--out", str(folder / "site"), "--mathjax", str(folder / "nothing")]) == 1
    assert "no MathJax.js" in capsys.readouterr().err and not (folder / "site").exists()


def test_lab_sees_the_kernels_language_info_and_saves_the_runners():
    from ipykernel.ipkernel import IPythonKernel  # what the kernel reports to Lab

    stored = make_notebook()
    content = json.loads(nbformat.writes(stored))
    lab.with_kernel_language_info(content)
    assert content["metadata"]["language_info"] == IPythonKernel.language_info
    model = {"type": "notebook", "content": content}
    lab.keep_stored_metadata(model, "notebooks/00_a.ipynb", None)
    assert nbformat.writes(model["content"]) == nbformat.writes(stored)
