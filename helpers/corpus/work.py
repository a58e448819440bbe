"""The work of one document, as a worker process does it: bytes in, the run's tables out.

A task carries each text's bytes (the client has read them to hash them for the cache), so a
worker on another machine needs no access to the client's files, and the bytes analysed are
exactly the bytes hashed. The worker writes them to a private temporary file with the
original file name and calls `text.load_document` on it, then `tables.contract_tables` and
`tables.document_record`: the very code path of `python -m helpers run`, so every row equals
what `run` writes for that text alone.

Big resources (the VADER lexicon, the CMU dictionary, the stopword list) are module-level
caches of the compute layer: each worker process loads them once, at its first document,
and no task ever carries them.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import NamedTuple

import pandas as pd

TABLE_NAMES = ("readability", "sentiment", "sentences", "terms", "diversity")  # contract_tables' files, without .csv
DICTIONARY_TABLE = "dictionary"  # also, when a dictionary is given


class Source(NamedTuple):
    """One input text as a task carries it: its file name, its bytes and their SHA-256."""

    name: str
    data: bytes
    sha256: str


class Analysed(NamedTuple):
    """What one document gives: its tables (without `doc`) and its document.json record."""

    name: str
    tables: dict[str, pd.DataFrame]
    record: dict


class Failed(NamedTuple):
    """A document that could not be analysed, with a one-line reason (no path in it)."""

    name: str
    reason: str


def analyse_source(source: Source, dictionary=None) -> Analysed | Failed:
    """Analyse one text as `run` does (with `dictionary`, a `terms.dictionary.Dictionary`, as `run --dictionary`);
    a bad text gives `Failed`, never an exception."""
    from ..tables import contract_tables, document_record
    from ..text import InputError, load_document

    with tempfile.TemporaryDirectory(prefix="corpus-") as folder:
        path = Path(folder) / source.name
        path.write_bytes(source.data)
        try:
            document = load_document(path)
            tables = {name[: -len(".csv")]: table for name, table in contract_tables(document, dictionary).items()}
            return Analysed(source.name, tables, document_record(document))
        except InputError as error:
            return Failed(source.name, one_line(str(error).replace(f"{path}: ", "", 1)))
        except Exception as error:  # a bug on one text must not lose the others: report it in one line
            return Failed(source.name, one_line(f"analysis failed: {type(error).__name__}: {error}"))


def analyse_batch(batch: list[Source], dictionary=None) -> list[Analysed | Failed]:
    """Analyse a batch of texts in order (one Dask task: scheduling costs per task, not per text)."""
    return [analyse_source(source, dictionary) for source in batch]


def one_line(message: str) -> str:
    """Return the first line of `message`, whitespace collapsed."""
    lines = message.strip().splitlines() or [""]
    return " ".join(lines[0].split())
