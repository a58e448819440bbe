"""Every number in the notebooks' prose is bound to what it states.

Two rules, one for each kind of number:

1. A number a notebook computes is never typed into a markdown cell. The sentence that states
   it is written by a code cell from the value (`display(Markdown(f"... {value:.2f} ..."))`),
   so it is an output, and nbval compares every output (text/markdown included) with a fresh
   run: a changed pin or a changed digit fails there.
2. Every number that stays in a markdown cell (a year, a count from the literature, a
   library's threshold, a section or paragraph label such as "P4") is declared in that cell's
   metadata, `"numbers": [[number as written, source], ...]`, in order of appearance, with a
   source of one of the kinds in `SOURCE_KINDS` ("literature: Hutto & Gilbert (2014), Table 4
   <URL>"). The check below extracts the numbers of each markdown cell and requires them to be
   exactly the declared ones: change any digit or sign in the prose (or in the declaration)
   and it fails. Numbers inside code spans (names such as `05_validity.csv`) and link targets
   (URLs, DOIs) are not prose and are not read.

`test_every_mutant_fails` proves rule 2 on the committed notebooks: for every number in every
markdown cell, each digit changed and the sign flipped must make the check fail.

A helper for authors: `python tests/test_prose.py --declare notebooks/X.ipynb` lists, per
markdown cell, the numbers found and what is declared, where they differ (it writes nothing).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: `python tests/test_prose.py --declare ...`
    sys.path.insert(0, str(ROOT))

from helpers import paths  # noqa: E402
from helpers.publish.notebooks import notebook_paths  # noqa: E402

# A number as written: digits, groups joined by a decimal point or a thousands comma ("1,500",
# "13.63"), and a sign (ASCII or the minus sign) where one can stand, that is not after a letter
# or digit: "-0.20" and "+0.81" are signed; "SHA-256", "1790-2021" and "P4" are not.
SIGN = r"(?:(?<![\w.,])[+\-−])?"
NUMBER = re.compile(SIGN + r"(?<![\w.,])\d+(?:[.,]\d+)*|(?<=[^\W\d_])\d+(?:[.,]\d+)*")
CODE_SPAN = re.compile(r"`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
DECLARED = "numbers"  # the markdown cell's metadata key
SOURCE_KINDS = ("literature:", "library:", "structure:", "definition:")
# A generated sentence that prints a missing value says nothing true.
NOT_A_NUMBER = re.compile(r"(?<![\w.])(nan|NaN|<NA>)(?!\w)")


def prose(cell: dict) -> str:
    """Return a markdown cell's text with code spans and link targets blanked (same length)."""
    source = "".join(cell["source"])
    blank = lambda match: " " * len(match.group())  # noqa: E731
    return LINK_TARGET.sub(blank, CODE_SPAN.sub(blank, source))


def numbers_in(cell: dict) -> list[str]:
    """Return every number of a markdown cell's prose, as written, in order."""
    return NUMBER.findall(prose(cell))


def cell_problems(cell: dict) -> list[str]:
    """Return what is wrong with one markdown cell's numbers (empty when all are declared)."""
    declared = cell.get("metadata", {}).get(DECLARED, [])
    problems = []
    if not isinstance(declared, list) or not all(isinstance(d, list) and len(d) == 2 for d in declared):
        return [f"metadata {DECLARED!r} must be a list of [number, source] pairs"]
    found = numbers_in(cell)
    written = [number for number, _ in declared]
    if found != written:
        problems.append(f"prose has {found}, declared {written}")
    for number, source in declared:
        if not isinstance(source, str) or not source.startswith(SOURCE_KINDS) or "TODO" in source \
                or len(source.split(":", 1)[1].strip()) < 3:
            problems.append(f"{number}: source {source!r} must start with one of {SOURCE_KINDS} and say where")
    return problems


def notebook_problems(notebook: dict) -> list[str]:
    """Return every problem of a notebook's prose numbers and generated sentences."""
    problems = []
    if "prose_numbers_not_computed" in notebook.get("metadata", {}):
        problems.append("notebook metadata 'prose_numbers_not_computed' is replaced by per-cell 'numbers'")
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            problems += [f"markdown cell {index}: {p}" for p in cell_problems(cell)]
        for output in cell.get("outputs", []):
            generated = "".join(output.get("data", {}).get("text/markdown", ""))
            if NOT_A_NUMBER.search(generated):
                problems.append(f"cell {index}: a generated sentence prints a missing value: "
                                f"{NOT_A_NUMBER.search(generated).group()!r}")
    return problems


def mutants(cell: dict):
    """Yield (description, mutated cell) for each digit of each number changed, and each sign flipped."""
    source = "".join(cell["source"])
    blanked = prose(cell)
    for match in NUMBER.finditer(blanked):
        start, end = match.span()
        for position in range(start, end):
            if source[position].isdigit():
                digit = str((int(source[position]) + 1) % 10)
                yield (f"{match.group()} digit {position - start}",
                       dict(cell, source=source[:position] + digit + source[position + 1:]))
        if source[start] in "+-−":
            yield f"{match.group()} sign", dict(cell, source=source[:start] + source[start + 1:])
        elif start == 0 or not re.match(r"[\w.,]", source[start - 1]):  # where a sign can stand
            yield f"{match.group()} sign", dict(cell, source=source[:start] + "-" + source[start:])


NOTEBOOKS = notebook_paths(paths.NOTEBOOKS_DIR)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_check_reads_numbers_as_written():
    cell = {"cell_type": "markdown", "source": "In 1913 P4 fell by −0.20 (1,500 words; 1.9–6.1); `x = 1.5` "
                                               "is code and [a link](https://doi.org/10.1/23) is not read.",
            "metadata": {}}
    assert numbers_in(cell) == ["1913", "4", "−0.20", "1,500", "1.9", "6.1"]
    assert numbers_in({"source": "SHA-256, 1790-2021, G2 and +0.81"}) == ["256", "1790", "2021", "2", "+0.81"]
    assert cell_problems(cell)  # nothing declared
    cell["metadata"] = {DECLARED: [[n, "structure: a test"] for n in numbers_in(cell)]}
    assert cell_problems(cell) == []
    cell["metadata"][DECLARED][0][1] = "TODO"
    assert cell_problems(cell)
    cell["metadata"][DECLARED][0][1] = "somewhere: 1913"
    assert cell_problems(cell)  # an unknown kind of source


def test_a_generated_nan_fails():
    notebook = {"metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": "The median scores nan."}}]}]}
    assert notebook_problems(notebook)
    notebook["cells"][0]["outputs"][0]["data"]["text/markdown"] = "The median scores 9.5 (financial)."
    assert notebook_problems(notebook) == []


def test_notebooks_are_found():
    assert len(NOTEBOOKS) >= 5, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_prose_number_is_declared_or_generated(path: Path):
    problems = notebook_problems(_load(path))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_mutant_fails(path: Path):
    """For every number in every markdown cell: each digit changed, and the sign flipped, fails."""
    notebook = _load(path)
    survivors, tried = [], 0
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown" or cell_problems(cell):
            continue  # a cell that already fails is reported by the test above
        for description, mutated in mutants(cell):
            tried += 1
            if not cell_problems(mutated):
                survivors.append(f"markdown cell {index}: {description}")
    assert not survivors, f"{path.name}: {len(survivors)} of {tried} mutants pass the check: {survivors[:10]}"


def declare_report(path: Path) -> int:
    """Print, per markdown cell, the numbers found and the declared ones where they differ."""
    notebook = _load(path)
    differing = 0
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        problems = cell_problems(cell)
        if problems:
            differing += 1
            first = "".join(cell["source"]).strip().splitlines()[0][:70] if "".join(cell["source"]).strip() else ""
            print(f"cell {index} ({first!r}):")
            print(f"  found:    {json.dumps(numbers_in(cell), ensure_ascii=False)}")
            for problem in problems:
                print(f"  {problem}")
    print(f"{path}: {differing} markdown cell(s) to fix")
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--declare":
        sys.exit(max(declare_report(Path(p)) for p in sys.argv[2:]))
    print("usage: python tests/test_prose.py --declare NOTEBOOK.ipynb [...]", file=sys.stderr)
    sys.exit(2)
