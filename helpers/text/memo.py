"""A long document's tables computed once, whichever process asks first.

`run TEXT` starts one kernel per notebook, and several notebooks ask for the same table of the
same document (the sentences' VADER scores, each paragraph's readability, the term counts). On a
10 MB text each such table costs tens of seconds, so `per_document` keeps it on disk: the first
process computes it while holding the entry's lock, the others wait on the lock and read it.

Key: the SHA-256 of (the document's SHA-256 and paragraphs, the function's module and name, the
repr of its other arguments, `provenance.code_hash()` of the analysis code read from disk at each
call, and `provenance.key_versions()`). A changed text, argument, line of analysis code or package
version gives another key, so a stale entry is never looked up; an entry stores its key and one
whose stored key differs, or that cannot be read, is a miss. Entries live in `memo/` of the cache
root (`paths.cache_root()`), are written atomically (`outputs.store_pickle`), and every caller
gets its own unpickled copy, so no caller can change what another reads.

Short documents (under `MEMO_MIN_CHARACTERS`) are computed directly: a file per table would cost
more than the table.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import pickle
from pathlib import Path

from .. import paths
from ..outputs import store_pickle
from ..provenance import code_hash, key_versions

MEMO_MIN_CHARACTERS = 200_000  # about 33,000 words: the largest State of the Union addresses and up
ENVIRONMENT_OFF = "TEXT_NOTEBOOKS_NO_MEMO"  # set to 1: every table is computed (differential tests)


def cache_folder() -> Path:
    """Return `memo/` in the cache root (`paths.cache_root()`)."""
    return paths.cache_root() / "memo"


def memo_key(document, function, arguments: tuple, keywords: dict) -> str:
    """Return the key of `function(document, *arguments, **keywords)` (see the module docstring)."""
    digest = hashlib.sha256()
    digest.update(document.sha256.encode() + b"\0")
    for paragraph in document.paragraphs:
        digest.update(paragraph.encode("utf-8") + b"\0")
    parts = {"function": f"{function.__module__}.{function.__qualname__}",
             "arguments": repr(arguments), "keywords": repr(sorted(keywords.items())),
             "code": code_hash(), "versions": key_versions()}
    digest.update(json.dumps(parts, sort_keys=True).encode())
    return digest.hexdigest()


def per_document(function=None, *, min_characters: int | None = None):
    """Decorate `function(document, ...)` so that a long document's result is computed once (see above).

    The arguments after the document must have a repr that names their value (numbers, strings,
    tuples of them); the result must pickle. `min_characters` (default `MEMO_MIN_CHARACTERS`): the
    shortest document kept (`@per_document(min_characters=0)` keeps every document's).
    """
    if function is None:
        return functools.partial(per_document, min_characters=min_characters)

    @functools.wraps(function)
    def memoised(document, *arguments, **keywords):
        import os

        shortest = MEMO_MIN_CHARACTERS if min_characters is None else min_characters
        if os.environ.get(ENVIRONMENT_OFF) == "1" or sum(map(len, document.paragraphs)) < shortest:
            return function(document, *arguments, **keywords)
        key = memo_key(document, function, arguments, keywords)
        path = cache_folder() / key[:2] / f"{key}.pickle"
        found = _read(path, key)
        if found is not None:
            return found[0]
        with locked(path):
            found = _read(path, key)  # another process may have computed it while we waited
            if found is not None:
                return found[0]
            result = function(document, *arguments, **keywords)
            store_pickle(path, (key, result))
        return result

    memoised.uncached = function  # the computation itself, for differential tests
    return memoised


def _read(path: Path, key: str) -> tuple[object] | None:
    """(the stored result,) or None when absent, unreadable or stored under another key."""
    try:
        with open(path, "rb") as file:
            stored_key, result = pickle.load(file)
    except Exception:  # absent, truncated or unreadable: a miss
        return None
    return (result,) if stored_key == key else None


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on `path`'s lock file (a cache folder that cannot be written: no lock)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_suffix(".lock"), "a+b")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
