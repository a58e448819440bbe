"""tests/check_collection.py, with which `.ci/run` proves that `make test` and its exhaustive step,
together, run every test (a test deselected by both would vanish from CI unseen)."""
from __future__ import annotations

import re

from check_collection import compare, junit_id, reported

from helpers import paths

REPORT = ('<testsuites><testsuite><testcase classname="tests.test_a" name="test_b[x-1]"/>'
          '<testcase classname="notebooks.04_corpus.ipynb" name="Cell 7"/></testsuite></testsuites>')


def test_node_ids_become_the_junit_ids():
    # By hand, from pytest's JUnit format: the path dotted, ".py" dropped, classes joined, params kept.
    assert junit_id("tests/test_a.py::test_b[x-1]") == "tests.test_a::test_b[x-1]"
    assert junit_id("tests/test_a.py::TestC::test_d[a.py]") == "tests.test_a.TestC::test_d[a.py]"
    assert junit_id("notebooks/04_corpus.ipynb::Cell 7") == "notebooks.04_corpus.ipynb::Cell 7"


def test_a_test_in_no_run_fails_and_a_complete_split_passes(tmp_path):
    (tmp_path / "first.xml").write_text(REPORT)
    first = reported(tmp_path / "first.xml")
    assert first == {"tests.test_a::test_b[x-1]", "notebooks.04_corpus.ipynb::Cell 7"}
    every = first | {"tests.test_a::test_slow"}
    # The deliberate mistake: test_slow is marked exhaustive, and no step runs the exhaustive tests.
    assert compare(every, {"first.xml": first}) == ["in no run (it would vanish from CI): tests.test_a::test_slow"]
    assert compare(every, {"first.xml": first, "exhaustive.xml": {"tests.test_a::test_slow"}}) == []
    # A report naming a test that is not collected (ids mangled differently, say) fails too.
    assert compare(first, {"first.xml": every}) == ["ran but not collected: tests.test_a::test_slow (first.xml)"]
    assert compare(set(), {"first.xml": set()}) == ["no test collected"]


def test_ci_runs_the_exhaustive_step_and_checks_the_union():
    ci = (paths.PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^make_test first$", ci, re.M)
    assert re.search(r"^make_test exhaustive test-exhaustive$", ci, re.M)
    assert re.search(r'^\.venv/bin/python tests/check_collection\.py "\$REPORTS/first\.xml" "\$REPORTS/exhaustive\.xml"$', ci, re.M)
    assert "make test-all" in ci  # the offline reruns run everything
    assert re.search(r"^test-exhaustive:.*\n\t\$\(PYTEST\) -m exhaustive$", makefile, re.M)
    assert re.search(r"^PYTEST = (env -u PYTHONDONTWRITEBYTECODE )?\$\(VENV\)/bin/python -m pytest$", makefile, re.M)
    assert re.search(r'^test-all:.*\n\t\$\(PYTEST\) -m ""$', makefile, re.M)
