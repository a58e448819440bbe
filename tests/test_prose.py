"""Numbers quoted in the notebooks' prose are the numbers the notebooks compute.

A markdown cell that says "FK grade 13.63" is checked against the stored outputs of the
same notebook; nbval checks those outputs against a fresh run. So a changed pin that moves
a result fails here instead of leaving a wrong sentence behind.

Rule: every decimal number in a markdown cell (like 13.63, +0.81, −0.20, 0.5) must equal
some number printed in the notebook's text outputs, rounded to as many decimals as the
prose gives (sign ignored: prose says "falls by 0.20" of a -0.2). A number that comes from
the literature or from a library's source, not from a computation shown, is listed in the
notebook's own metadata, `"prose_numbers_not_computed": {"0.058": "textstat's source"}`,
with where it comes from (kept in the notebook so the list travels with the prose). Integers are not checked (too many are labels:
"P4", "2,000 resamples", "section 7").
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import paths
from helpers.publish.notebooks import notebook_paths

DECIMAL = re.compile(r"(?<![\w.])[+\-−]?(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(?![\w.]*\d)")
NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+\-]?\d+)?")
EXEMPT_KEY = "prose_numbers_not_computed"  # notebook metadata: {number as written: its source}


def _outputs_text(notebook: dict) -> str:
    parts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            for kind in ("text/plain", "text/html", "text/markdown"):
                parts.append("".join(data.get(kind, "")))
    return "\n".join(parts)


def _values(text: str) -> set[float]:
    values = set()
    for match in NUMBER.finditer(text):
        try:
            values.add(abs(float(match.group(0).replace(",", "").replace("−", "-"))))
        except ValueError:
            pass
    return values


def prose_numbers(notebook: dict) -> list[tuple[str, int]]:
    """Return (number as written, decimals) for every decimal number in the markdown cells."""
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = re.sub(r"`[^`]*`", " ", "".join(cell["source"]))  # code spans are names, not results
        source = re.sub(r"\]\([^)]*\)", "]", source)  # link targets (DOIs, URLs)
        for match in DECIMAL.finditer(source):
            found.append((match.group(0), len(match.group(2))))
    return found


def unmatched(notebook: dict, exempt: dict[str, str]) -> list[str]:
    """Return the prose numbers found neither in the outputs (at their precision) nor in `exempt`."""
    values = _values(_outputs_text(notebook))
    missing = []
    for written, decimals in prose_numbers(notebook):
        if written.lstrip("+-−") in exempt or written in exempt:
            continue
        target = abs(float(written.replace(",", "").replace("−", "-")))
        if not any(abs(round(v, decimals) - target) < 10 ** -(decimals + 3) for v in values):
            missing.append(written)
    return missing


def test_the_rule_catches_a_wrong_number():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "The grade is 13.63 and the mean −0.20; `x = 1.5` is code."},
        {"cell_type": "code", "source": "", "outputs": [{"output_type": "execute_result",
                                                          "data": {"text/plain": "13.6321  -0.199"}}]},
    ]}
    assert unmatched(notebook, {}) == []
    notebook["cells"][0]["source"] = "The grade is 13.64."
    assert unmatched(notebook, {}) == ["13.64"]


@pytest.mark.parametrize("path", notebook_paths(paths.NOTEBOOKS_DIR), ids=lambda p: p.name)
def test_every_decimal_in_the_prose_is_computed_in_the_notebook(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    missing = unmatched(notebook, notebook["metadata"].get(EXEMPT_KEY, {}))
    assert not missing, f"{path.name}: prose numbers not found in any output: {missing}"
