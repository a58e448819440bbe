"""What the corpus command reads: the texts named on the command line and the metadata CSV.

Rules (documented in `--help` and the README):

* A PATH is a text file or a folder; a folder stands for every `*.txt` directly in it,
  sorted by name. A file given twice (or a file and its folder) is read once.
* A document's `doc` is its file name without `.txt`; two inputs with the same `doc` (same
  file name in two folders) are refused before anything runs.
* The metadata CSV must have a `file` column holding file names (not paths), each once. Its
  other columns are joined onto `documents.csv` after `doc, file, sha256`, with pandas'
  type inference (a `year` column of whole numbers stays whole numbers). A metadata row for
  a file that was not given is ignored; a given file without a metadata row gets empty
  metadata cells and a line in `corpus.json` ("missing_metadata"). A `sha256` column, if
  present, is checked: a text whose bytes differ from it fails (the metadata describes
  other bytes). Other columns named like ours are refused.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..text import InputError, load_document
from .work import Source

ENGINE_COLUMNS = ("doc", "file", "sha256", "paragraphs", "sentences", "title_sentences", "words",
                  "running_words", "warnings")


class UsageError(ValueError):
    """A command line or metadata file the corpus command cannot use (one line; exit status 2)."""


def doc_name(name: str) -> str:
    """Return a document's key: its file name without a final `.txt`."""
    return name[: -len(".txt")] if name.lower().endswith(".txt") else name


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Return the text files that `paths` stand for, in the order given (folders: their *.txt, sorted).

    A missing path is kept, so that reading it reports the problem like `run` does. A folder
    without a *.txt file is a `UsageError`.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted((p for p in path.glob("*.txt") if p.is_file()), key=lambda p: p.name)
            if not found:
                raise UsageError(f"{path}: folder holds no .txt file")
            files.extend(found)
        else:
            files.append(path)
    unique: dict[Path, Path] = {}  # resolved path -> the path as given (first mention)
    for file in files:
        unique.setdefault(file.resolve(), file)
    by_doc: dict[str, Path] = {}
    for file in unique.values():
        other = by_doc.setdefault(doc_name(file.name), file)
        if other is not file:
            raise UsageError(f"{file}: has the same file name as {other}; documents are keyed by file name")
    return list(unique.values())


def read_source(path: Path) -> Source | InputError:
    """Return the bytes of `path` as a task carries them, or the one-line error `run` gives for it."""
    try:
        data = path.read_bytes()
    except OSError:
        try:
            load_document(path)  # a missing path, a folder, no permission: the text layer's own message
        except InputError as error:
            return error
        return InputError(f"{path}: cannot be read")
    return Source(path.name, data, hashlib.sha256(data).hexdigest())


def read_metadata(path: str | Path) -> pd.DataFrame:
    """Read the metadata CSV; raise `UsageError` (one line naming it) when it cannot be used."""
    path = Path(path)
    try:
        table = pd.read_csv(path, encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such metadata file") from None
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise UsageError(f"{path}: not a readable metadata CSV ({reason})") from None
    if "file" not in table.columns:
        raise UsageError(f"{path}: metadata CSV has no 'file' column (columns: {', '.join(map(str, table.columns))})")
    clash = [c for c in table.columns if c in ENGINE_COLUMNS and c not in ("file", "sha256")]
    if clash:
        raise UsageError(f"{path}: metadata column {clash[0]!r} clashes with a column of documents.csv; rename it")
    names = table["file"].astype(str)
    if names.duplicated().any():
        raise UsageError(f"{path}: file {names[names.duplicated()].iloc[0]!r} has two metadata rows")
    return table.assign(file=names)
