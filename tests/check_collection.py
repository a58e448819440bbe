"""Fail unless the given pytest runs, together, ran every test that pytest collects (`.ci/run` calls it).

    .venv/bin/python tests/check_collection.py REPORT.xml [REPORT.xml ...] [-- PYTEST ARGUMENTS]

Each REPORT.xml is the JUnit report (`--junitxml`) of one run: in `.ci/run`, `make test` (which
deselects the tests marked `exhaustive`) and the exhaustive step (`pytest -m exhaustive`). The
script collects every test with no marker selection (`pytest --collect-only -m ""`, the project's
settings otherwise; arguments after `--` are passed on, e.g. one file) and fails, printing each on one
line, when a collected test is in no report (deselected by every step, or its step not run: it would
vanish from CI), when a report holds a test that is not collected, or when no test was collected.
Test ids are compared as JUnit writes them, `classname::name` (pytest's own mangling of node ids).
"""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def junit_id(nodeid: str) -> str:
    """`classname::name` as pytest's JUnit report writes the test with this node id."""
    from _pytest.junitxml import mangle_test_address

    names = mangle_test_address(nodeid)
    return f"{'.'.join(names[:-1])}::{names[-1]}"


def reported(report: Path) -> set[str]:
    """The tests of a JUnit report, as `classname::name`."""
    return {f"{case.get('classname')}::{case.get('name')}"
            for case in ElementTree.parse(report).getroot().iter("testcase")}


def collected(pytest_args: list[str]) -> list[str]:
    """Node ids of every test pytest collects here with no marker selection (one process, no run)."""
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "-m", "", *pytest_args],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"FAIL: pytest --collect-only exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return [line for line in done.stdout.splitlines() if "::" in line]


def compare(every: set[str], runs: dict[str, set[str]]) -> list[str]:
    """The problems: collected tests that no run ran, tests ran but not collected, nothing collected."""
    ran = set().union(*runs.values())
    problems = [f"in no run (it would vanish from CI): {test}" for test in sorted(every - ran)]
    problems += [f"ran but not collected: {test} ({', '.join(n for n, r in runs.items() if test in r)})"
                 for test in sorted(ran - every)]
    if not every:
        problems.append("no test collected")
    return problems


def main(argv: list[str]) -> int:
    reports, _, pytest_args = (argv[:argv.index("--")], None, argv[argv.index("--") + 1:]) if "--" in argv else (argv, None, [])
    if not reports:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    runs = {report: reported(Path(report)) for report in reports}
    every = {junit_id(nodeid) for nodeid in collected(pytest_args)}
    problems = compare(every, runs)
    for problem in problems:
        print(f"FAIL: {problem}")
    print(f"{len(every)} tests collected; " + "; ".join(f"{Path(n).name}: {len(r)}" for n, r in runs.items())
          + f"; in none of them: {len(every - set().union(*runs.values()))}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
