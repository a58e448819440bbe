"""Writing results: one line per problem on stderr, and output folders moved into place whole.

Shared by both command lines (`helpers/cli.py` for `run`, `helpers/corpus/cli.py` for
`corpus`), so neither imports the other.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path


def warn(message: str) -> None:
    """Print one line on stderr, below any progress bar."""
    from tqdm import tqdm

    tqdm.write(" ".join(message.split()), file=sys.stderr)


def done(message: str) -> None:
    """Print one line on stdout (below any progress bar on stderr)."""
    from tqdm import tqdm

    tqdm.write(message, file=sys.stdout)


def fail(message: str) -> int:
    """Print one line on stderr (below any progress bar); return the failure exit status."""
    warn(message)
    return 1


def replace_folder(work: Path, target: Path) -> None:
    """Move the finished `work` folder to `target`, replacing an earlier output there."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        target.rename(old / target.name)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(target)


def umask() -> int:
    """Return the process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write) -> bool:
    """Call write(open binary file) on a temporary file beside `path`, then rename it into place, so a
    reader never sees half a file; a cache that cannot be written is skipped: returns False."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as file:
            temporary = Path(file.name)
            write(file)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False


def kept_table(path: Path, key: str, compute):
    """The DataFrame pickled at `path` with `key` beside it, or else `compute()`, then stored there
    with its key (`store_pickle`: best effort, a cache that cannot be written is skipped). An entry
    stored under another key, not a DataFrame, or unreadable is computed again; each caller gets
    its own unpickled copy. Used by the memos of `corpus.compare.document_keyness` and
    `terms.register.document_rates`."""
    import pickle

    import pandas as pd

    try:
        stored_key, table = pickle.loads(path.read_bytes())
        if stored_key == key and isinstance(table, pd.DataFrame):
            return table
    except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    table = compute()
    store_pickle(path, (key, table))
    return table


def store_pickle(path: Path, value: object) -> bool:
    """Pickle `value` to `path` atomically (`write_atomically`); False when it cannot be written."""
    import pickle

    return write_atomically(path, lambda file: pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL))
