"""Fixtures shared by the test files (one definition each)."""
from __future__ import annotations

import pytest

from helpers import paths, text


@pytest.fixture(scope="session")
def seed() -> text.Document:
    """The seed article as the notebooks read it."""
    return text.load_document(paths.SEED_PATH)


# --- After a session that ran every notebook under nbval: figures/ as committed -------------
# nbval executes each notebook in notebooks/, which rewrites its figures in figures/. When every
# notebook was run, the files there must be git's committed ones byte for byte, no more, no
# less (the command-line test runs one notebook only, so this is where all figures are checked).
_notebooks_run: set[str] = set()


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb") and report.when == "call":
        _notebooks_run.add(path.rsplit("/", 1)[-1])


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
