"""The test suite hands out its longest work units first (tests/conftest.py), so that under
pytest-xdist no long unit starts last while the other worker idles; every notebook is in one unit,
so that one worker runs them all from one kernel template."""
from __future__ import annotations

import json
from types import SimpleNamespace

import conftest

# Interleaved on purpose: a file's items must come out together and in order even then.
ITEMS = ["tests/test_a.py::one", "tests/test_a.py::two", "notebooks/00_x.ipynb::Cell 0", "tests/test_b.py::one",
         "notebooks/04_y.ipynb::Cell 0", "notebooks/00_x.ipynb::Cell 1", "tests/test_c.py::one", "notebooks/04_y.ipynb::Cell 1"]


def order(recorded):
    return [i.nodeid for i in conftest.longest_files_first([SimpleNamespace(nodeid=n) for n in ITEMS], recorded)]


def test_without_a_record_notebooks_first_each_file_whole_and_in_order():
    assert order({}) == ["notebooks/00_x.ipynb::Cell 0", "notebooks/00_x.ipynb::Cell 1", "notebooks/04_y.ipynb::Cell 0",
                         "notebooks/04_y.ipynb::Cell 1", "tests/test_a.py::one", "tests/test_a.py::two",
                         "tests/test_b.py::one", "tests/test_c.py::one"]


def test_recorded_seconds_decide():
    recorded = {"tests/test_c.py": 50.0, "notebooks/04_y.ipynb": 30.0, "notebooks/00_x.ipynb": 4.0, "tests/test_a.py": 33.0,
                "tests/test_b.py": 0.1}
    # the notebooks are one unit of 34 s (more than test_a's 33 s), its longest notebook first
    assert order(recorded) == ["tests/test_c.py::one", "notebooks/04_y.ipynb::Cell 0", "notebooks/04_y.ipynb::Cell 1",
                               "notebooks/00_x.ipynb::Cell 0", "notebooks/00_x.ipynb::Cell 1",
                               "tests/test_a.py::one", "tests/test_a.py::two", "tests/test_b.py::one"]
    recorded["tests/test_a.py"] = 35.0
    assert order(recorded)[1:3] == ["tests/test_a.py::one", "tests/test_a.py::two"]


def test_every_notebook_is_one_work_unit_for_xdist():
    """xdist hands out each unit whole to one worker: all notebooks together, each test file alone."""
    from types import SimpleNamespace as NS

    from xdist.scheduler import LoadFileScheduling

    assert conftest.pytest_xdist_make_scheduler(NS(getvalue=lambda name: "load"), None) is None  # only for loadfile
    config = NS(getvalue=lambda name: "loadfile", option=NS(maxschedchunk=None, loadscopereorder=False))
    scheduler = conftest.pytest_xdist_make_scheduler(config, None)
    assert isinstance(scheduler, LoadFileScheduling)
    units = {scheduler._split_scope(n) for n in ITEMS}
    assert units == {conftest.NOTEBOOKS_UNIT, "tests/test_a.py", "tests/test_b.py", "tests/test_c.py"}


def test_the_session_records_seconds_per_file_and_keeps_other_files(monkeypatch, tmp_path):
    monkeypatch.setenv("TEXT_NOTEBOOKS_CACHE", str(tmp_path))
    (tmp_path / "tests").mkdir()
    (tmp_path / conftest.DURATIONS).write_text(json.dumps({"tests/old.py": 7.5, "tests/test_a.py": 99}), encoding="utf-8")
    monkeypatch.setattr(conftest, "_seconds", {})
    for nodeid, when, duration in (("tests/test_a.py::one", "setup", 1.25), ("tests/test_a.py::one", "call", 2.0),
                                   ("tests/test_a.py::two", "call", 0.5), ("notebooks/00_x.ipynb::Cell 0", "call", 3.0)):
        conftest.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, when=when, duration=duration))
    conftest._record_durations()
    assert json.loads((tmp_path / conftest.DURATIONS).read_text(encoding="utf-8")) == {
        "notebooks/00_x.ipynb": 3.0, "tests/old.py": 7.5, "tests/test_a.py": 3.75}
    (tmp_path / conftest.DURATIONS).write_text("[not a record", encoding="utf-8")
    assert conftest._recorded() == {}
