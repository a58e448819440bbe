"""Student copies and solutions of the notebooks: `make classroom`.

`classroom/student/` holds every notebook with its outputs cleared and the cells tagged
`solution` removed, ready to hand out; `classroom/solutions/` holds the executed notebooks
as committed, answers included. Tags follow nbgrader's and Jupyter Book's use: an exercise
is a markdown cell tagged `exercise`, its worked answer the cells tagged `solution` after it.
Built with nbconvert's own preprocessors; the same notebooks give the same bytes.

Usage: python -m helpers.publish.classroom [--out classroom]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

from .. import paths
from . import notebooks

EXERCISE, SOLUTION = "exercise", "solution"
MIN_EXERCISES = 2  # issue 13: two or three exercises in every notebook
CLASSROOM_DIR = paths.PROJECT_ROOT / "classroom"


def tagged(notebook: nbformat.NotebookNode, tag: str) -> int:
    """How many cells of `notebook` carry `tag`."""
    return sum(tag in cell.metadata.get("tags", []) for cell in notebook.cells)


def missing_exercises(sources: list[Path]) -> list[str]:
    """One line per notebook with fewer than MIN_EXERCISES exercise cells."""
    lines = []
    for source in sources:
        count = tagged(nbformat.read(source, as_version=4), EXERCISE)
        if count < MIN_EXERCISES:
            lines.append(f"{source.name} has {count} cells tagged '{EXERCISE}' (at least {MIN_EXERCISES} needed)")
    return lines


def student_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return `notebook` without outputs, execution counts and `solution` cells."""
    remover = TagRemovePreprocessor(remove_cell_tags={SOLUTION})
    notebook, _ = remover.preprocess(notebook, {})
    notebook, _ = ClearOutputPreprocessor().preprocess(notebook, {})
    return notebook


def build(sources: list[Path], out_dir: Path) -> None:
    """Write out_dir/student/ and out_dir/solutions/ (replacing them only when complete)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".classroom-", dir=out_dir) as scratch:
        student, solutions = Path(scratch) / "student", Path(scratch) / "solutions"
        student.mkdir()
        solutions.mkdir()
        for source in sources:
            shutil.copyfile(source, solutions / source.name)  # executed, as committed
            nbformat.write(student_copy(nbformat.read(source, as_version=4)), student / source.name)
        for built in (student, solutions):
            shutil.rmtree(out_dir / built.name, ignore_errors=True)
            built.rename(out_dir / built.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.publish.classroom", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CLASSROOM_DIR, help="output folder (default: classroom/)")
    parser.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sources = notebooks.notebook_paths(args.notebooks)
    problems = missing_exercises(sources) if sources else [f"no notebooks in {args.notebooks}"]
    for problem in problems:
        print(f"classroom: {problem}", file=sys.stderr)
    if problems:
        return 1
    build(sources, args.out)
    print(f"classroom: {len(sources)} notebooks in {args.out / 'student'} and {args.out / 'solutions'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
