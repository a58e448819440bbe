"""tests/check_skips.py, which `.ci/run` uses to fail on a skip not on the allow-list."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECKER = Path(__file__).with_name("check_skips.py")
REPORT = ('<testsuites><testsuite><testcase classname="tests.test_a" name="test_ran"/>'
          '<testcase classname="tests.test_a" name="test_b[1]"><skipped type="pytest.skip" message="no corpus"/>'
          '</testcase></testsuite></testsuites>')


def check(tmp_path: Path, report: str, allow: str) -> subprocess.CompletedProcess:
    (tmp_path / "report.xml").write_text(report)
    (tmp_path / "allow.txt").write_text(allow)
    return subprocess.run([sys.executable, str(CHECKER), str(tmp_path / "report.xml"), str(tmp_path / "allow.txt")],
                          capture_output=True, text=True)


def test_an_unlisted_skip_fails(tmp_path):
    done = check(tmp_path, REPORT, "# nothing allowed\n")
    assert done.returncode == 1
    assert "skipped, not on the allow-list: tests.test_a::test_b[1] (pytest.skip: no corpus)" in done.stdout


def test_a_listed_skip_with_a_reason_passes_and_one_without_fails(tmp_path):
    assert check(tmp_path, REPORT, "tests.test_a::test_b[1] | needs a GPU\n").returncode == 0
    assert check(tmp_path, REPORT, "tests.test_a::test_b[1]\n").returncode == 1


def test_a_report_without_tests_fails(tmp_path):
    done = check(tmp_path, "<testsuites><testsuite/></testsuites>", "")
    assert done.returncode == 1 and "no test ran" in done.stdout


def test_the_projects_allow_list_is_short_and_every_entry_has_a_reason():
    lines = [line.split("#", 1)[0].strip() for line in CHECKER.with_name("allowed_skips.txt").read_text().splitlines()]
    entries = [line for line in lines if line]
    assert len(entries) <= 5
    assert all(line.partition("|")[2].strip() for line in entries)
