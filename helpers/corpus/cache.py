"""The on-disk cache of per-document results, so that adding one text computes one text.

Location: `corpus/` in the cache root, `paths.cache_root()`: `.cache/` under the project root
(git-ignored), or the folder named by the environment variable `TEXT_NOTEBOOKS_CACHE`. It sits
beside the checkout, not in the user's XDG cache, because it belongs to one checkout's code:
`rm -rf .cache` empties it.

Key: the SHA-256 of (the text's SHA-256, its file name, the versions of the analysis packages
(`provenance.package_versions` plus mpmath), `code_hash()`: the source of every compute
module, read from disk at each run, and with `--dictionary` the dictionary file's SHA-256). A changed text, version or line of analysis code gives
another key, so a stale entry is never looked up; an entry also stores its own key, and one
whose stored key differs, or that cannot be read, is a miss. Entries are written to a
temporary file in the same folder and renamed into place (atomic on POSIX), so a reader never
sees half an entry; a run that has texts to compute holds the folder's lock meanwhile
(`Cache.computing`), so concurrent runs compute each text once.

The key is the client's (the process that reads and writes the cache), but the results come
from worker processes, possibly on a cluster with another installation. So each batch's result
carries its worker's `Stamp` (the code hash of the modules that worker loaded, and its
versions), and the client refuses a batch whose stamp differs from its own: it raises
`WorkerMismatch`, and stores and returns nothing from that run.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import pickle
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import paths
from ..outputs import store_pickle
from ..provenance import MORE_PACKAGES, NOT_ANALYSIS, NOT_ANALYSIS_FOLDERS, code_hash, key_versions  # noqa: F401 (re-exported)
from .work import Analysed

ENVIRONMENT_VARIABLE = paths.CACHE_ENV  # names the cache root; this cache is its corpus/ folder
def cache_folder() -> Path:
    """Return the cache folder: `corpus/` in `paths.cache_root()`."""
    return paths.cache_root() / "corpus"


class Stamp(NamedTuple):
    """What a result was computed with: the analysis code's hash and the package versions."""

    code: str
    versions: dict[str, str]


def current_stamp() -> Stamp:
    """The stamp of the code on disk and the packages installed now (a client takes it once per run)."""
    return Stamp(code_hash(), key_versions())


@lru_cache(maxsize=1)
def worker_stamp() -> Stamp:
    """The stamp of the code this worker process runs: taken at its first task, before the task
    imports the analysis modules, and kept for the life of the process (as the modules are)."""
    return current_stamp()


class WorkerMismatch(RuntimeError):
    """A worker computed with other code or package versions than the client's: its results are refused."""

    def __init__(self, expected: Stamp, got: Stamp):
        differences = [f"analysis code {got.code[:12]} (client {expected.code[:12]})"] if got.code != expected.code else []
        for name in sorted(set(expected.versions) | set(got.versions)):
            if expected.versions.get(name) != got.versions.get(name):
                differences.append(f"{name} {got.versions.get(name, 'missing')} "
                                   f"(client {expected.versions.get(name, 'missing')})")
        super().__init__("a worker ran other code or packages than this client, its results are refused "
                         f"(nothing cached): {'; '.join(differences)}")


def check_stamp(expected: Stamp, got: Stamp) -> None:
    """Raise WorkerMismatch unless a worker's stamp equals the client's."""
    if tuple(got) != tuple(expected):
        raise WorkerMismatch(expected, got)


def entry_key(sha256: str, name: str, versions: dict[str, str] | None = None, code: str | None = None,
              dictionary: str | None = None) -> str:
    """Return the cache key of one text (see the module docstring); `dictionary`: the SHA-256 of a
    dictionary file whose table the entry holds (None: none, the key of a run without --dictionary)."""
    parts = {"sha256": sha256, "file": name, "versions": versions or key_versions(), "code": code or code_hash()}
    if dictionary is not None:
        parts["dictionary"] = dictionary
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Cache:
    """Per-document results on disk under `folder`, one file per key (see the module docstring)."""

    def __init__(self, folder: Path | None = None, stamp: Stamp | None = None, dictionary: str | None = None):
        self.folder = folder or cache_folder()
        self.code, self.versions = stamp or current_stamp()
        self.dictionary = dictionary  # the SHA-256 of the dictionary file, when its table is computed too

    @contextlib.contextmanager
    def computing(self):
        """Hold the folder's lock while computing: two processes that start cold on the same texts
        (nbval's notebook 04 and the command-line test, in parallel) compute them once, the second
        waiting and then reading the first's entries. A folder that cannot be locked is not waited on."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = open(self.folder / ".lock", "a")
        except OSError:
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def key(self, sha256: str, name: str) -> str:
        return entry_key(sha256, name, self.versions, self.code, self.dictionary)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, sha256: str, name: str) -> Analysed | None:
        """Return the cached result of this text, or None (a miss) when absent, stale or unreadable."""
        key = self.key(sha256, name)
        try:
            with open(self._path(key), "rb") as file:
                stored_key, result = pickle.load(file)
        except Exception:  # absent, truncated, or written by other code: recompute
            return None
        return result if stored_key == key and isinstance(result, Analysed) else None

    def has(self, sha256: str, name: str) -> bool:
        """Whether an entry for this text exists (without reading it: `get` still checks its key)."""
        return self._path(self.key(sha256, name)).is_file()

    def put(self, sha256: str, result: Analysed) -> None:
        """Store `result` atomically; a cache that cannot be written is skipped, never an error."""
        key = self.key(sha256, result.name)
        target = self._path(key)
        store_pickle(target, (key, result))
