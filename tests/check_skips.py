"""Fail when pytest skipped a test that is not on the allow-list (`.ci/run` calls it).

    .venv/bin/python tests/check_skips.py REPORT.xml [ALLOW-LIST]

REPORT.xml is pytest's JUnit report (`--junitxml`); ALLOW-LIST defaults to
tests/allowed_skips.txt: one test a line, `ID | reason`, where ID is `classname::name` as this
script prints it (e.g. `tests.test_cli::test_x`); `#` starts a comment. A skipped or xfailed
test not listed, a listed entry without a reason, or a report with no test at all exits 1,
each printed on one line. A skip that happens only on some machines is a test that proves
nothing there: make it read what the repository holds instead of listing it.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

DEFAULT_LIST = Path(__file__).with_name("allowed_skips.txt")


def allowed(path: Path) -> tuple[dict[str, str], list[str]]:
    """Return ({test id: reason}, [problems]) from the allow-list."""
    entries, problems = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        test, _, reason = (part.strip() for part in line.partition("|"))
        if not reason:
            problems.append(f"{path.name}:{number}: {test}: no reason given")
        entries[test] = reason
    return entries, problems


def skipped(report: Path) -> tuple[int, dict[str, str]]:
    """Return (number of tests, {test id: skip message}) from a JUnit XML report."""
    cases = list(ElementTree.parse(report).getroot().iter("testcase"))
    found = {}
    for case in cases:
        for mark in case.findall("skipped"):
            found[f"{case.get('classname')}::{case.get('name')}"] = \
                f"{mark.get('type', 'skipped')}: {mark.get('message', '')}"
    return len(cases), found


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    report = Path(argv[0])
    entries, problems = allowed(Path(argv[1]) if len(argv) > 1 else DEFAULT_LIST)
    count, found = skipped(report)
    if count == 0:
        problems.append(f"{report}: no test ran")
    problems += [f"skipped, not on the allow-list: {test} ({why})" for test, why in sorted(found.items())
                 if test not in entries]
    for problem in problems:
        print(f"FAIL: {problem}")
    listed = sorted(set(found) & set(entries))
    print(f"{count} tests, {len(found)} skipped ({len(listed)} allowed: {', '.join(listed) or 'none'})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
