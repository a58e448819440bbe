"""The on-disk cache of per-document results, so that adding one text computes one text.

Location: `.cache/corpus/` under the project root (git-ignored), or the folder named by the
environment variable `TEXT_NOTEBOOKS_CACHE`. It sits beside the checkout, not in the user's
XDG cache, because it belongs to one checkout's code: `rm -rf .cache` empties it.

Key: the SHA-256 of (the text's SHA-256, its file name, the analysis package versions of
`provenance.package_versions`, `code_hash()`: the source of every compute module, and with
`--dictionary` the dictionary file's SHA-256). A
changed text, version or line of analysis code gives another key, so a stale entry is never
looked up; an entry also stores its own key, and one whose stored key differs, or that
cannot be read, is a miss. Entries are written to a temporary file in the same folder and
renamed into place (atomic on POSIX), so a reader never sees half an entry.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..provenance import package_versions
from .work import Analysed

ENVIRONMENT_VARIABLE = "TEXT_NOTEBOOKS_CACHE"
DEFAULT_FOLDER = paths.PROJECT_ROOT / ".cache" / "corpus"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # helpers/
# Modules that cannot change a per-document result: notebook execution, the command lines, the
# classroom, site and JupyterLab tooling (publish/), the comparisons notebook 04 draws from the tables (and plots/).
NOT_ANALYSIS = ("cli.py", "__main__.py", "outputs.py", "corpus/cli.py", "corpus/compare.py")
NOT_ANALYSIS_FOLDERS = ("plots/", "publish/")


def cache_folder() -> Path:
    """Return the cache folder: $TEXT_NOTEBOOKS_CACHE if set, else `.cache/corpus/` in the project."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(configured).expanduser().absolute() if configured else DEFAULT_FOLDER


@lru_cache(maxsize=1)
def code_hash() -> str:
    """Return the SHA-256 of every analysis module's path and source under helpers/, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        if relative in NOT_ANALYSIS or relative.startswith(NOT_ANALYSIS_FOLDERS):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def entry_key(sha256: str, name: str, versions: dict[str, str] | None = None, code: str | None = None,
              dictionary: str | None = None) -> str:
    """Return the cache key of one text (see the module docstring); `dictionary`: the SHA-256 of a
    dictionary file whose table the entry holds (None: none, the key of a run without --dictionary)."""
    parts = {"sha256": sha256, "file": name, "versions": versions or package_versions(), "code": code or code_hash()}
    if dictionary is not None:
        parts["dictionary"] = dictionary
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Cache:
    """Per-document results on disk under `folder`, one file per key (see the module docstring)."""

    def __init__(self, folder: Path | None = None, dictionary: str | None = None):
        self.folder = folder or cache_folder()
        self.versions, self.code = package_versions(), code_hash()
        self.dictionary = dictionary  # the SHA-256 of the dictionary file, when its table is computed too

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

    def put(self, sha256: str, result: Analysed) -> None:
        """Store `result` atomically; a cache that cannot be written is skipped, never an error."""
        key = self.key(sha256, result.name)
        target = self._path(key)
        temporary = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as file:
                temporary = Path(file.name)
                pickle.dump((key, result), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except OSError:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
