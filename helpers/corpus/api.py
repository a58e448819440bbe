"""`analyse_corpus`: every text of a corpus analysed as `run` analyses one, in one set of tables.

Each table is the concatenation, in `doc` order, of the per-document tables that
`tables.contract_tables` gives for that text alone, with a first column `doc` (the file name
without `.txt`); `documents` has one row per document (see `documents_table`).
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..provenance import package_versions
from .cache import Cache, Stamp, current_stamp
from .engine import run_sources
from .inputs import UsageError, doc_name, expand_paths, read_metadata, read_source
from .work import DICTIONARY_TABLE, TABLE_NAMES, Analysed, Failed, Source, one_line

TABLE_ORDER = ("documents",) + TABLE_NAMES
SCHEDULER_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/]+:\d+")  # tcp://HOST:PORT (or tls://, ...)


@dataclass
class CorpusResult:
    """The corpus tables ({name: DataFrame}), the failed files ({file: reason}), what corpus.json holds,
    and the path each input file was given as ({file: path}, for messages only)."""

    tables: dict[str, pd.DataFrame]
    failed: dict[str, str]
    record: dict
    inputs: dict[str, str] = field(default_factory=dict)


def analyse_corpus(paths: str | Path | Iterable[str | Path], metadata: str | Path | None = None,
                   workers: int | None = None, scheduler: str | None = None, cache: bool = True,
                   progress: bool = False, dictionary=None) -> CorpusResult:
    """Analyse every text of `paths` (files and/or folders: their *.txt, sorted).

    metadata: a CSV path with a `file` column, joined onto `documents`; workers: local worker
    processes (None: one per core); scheduler: "tcp://HOST:PORT" of a Dask cluster to use
    instead; cache: read and write the per-document cache; progress: a progress bar on
    stderr when it is a terminal; dictionary: a dictionary file (or a loaded
    `terms.dictionary.Dictionary`) whose counts go into `tables["dictionary"]`. Raises
    `inputs.UsageError` (one line) for unusable paths, metadata or dictionary; a bad text is
    reported in `failed`, never raised.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if scheduler is not None and not SCHEDULER_ADDRESS.fullmatch(str(scheduler)):
        raise UsageError(f"{scheduler}: not a Dask scheduler address (expected tcp://HOST:PORT)")
    files = expand_paths(list(paths))
    dictionary = _dictionary(dictionary)
    meta = read_metadata(metadata) if metadata is not None else None
    inputs = {f.name: str(f) for f in files}
    failed: dict[str, str] = {}
    sources: list[Source] = []
    for file in files:
        source = read_source(file)
        if isinstance(source, str):
            failed[file.name] = one_line(source.replace(f"{file}: ", "", 1))
        else:
            sources.append(source)
    sources = _check_against_metadata(sources, meta, failed)
    stamp = current_stamp()  # this run's code and versions: the cache key, and what every worker must report
    store = Cache(stamp=stamp, dictionary=dictionary.sha256 if dictionary is not None else None) if cache else None
    results = _analyse(sources, workers, scheduler, store, progress, stamp, dictionary)
    for result in results:
        if isinstance(result, Failed):
            failed[result.name] = result.reason
    analysed = sorted((r for r in results if isinstance(r, Analysed)), key=lambda r: doc_name(r.name))
    tables = {"documents": documents_table(analysed, meta)}
    names = TABLE_NAMES + ((DICTIONARY_TABLE,) if dictionary is not None else ())
    tables |= {name: _stacked(analysed, name) for name in names}
    record = corpus_record(sources, analysed, failed, meta, metadata, tables, stamp)
    if dictionary is not None:
        record["dictionary"] = {"file": dictionary.name, "sha256": dictionary.sha256,
                                "categories": dictionary.category_names}
    return CorpusResult(tables, dict(sorted(failed.items())), record, inputs)


def _dictionary(dictionary):
    """A dictionary path loaded (its errors as `UsageError`), a `Dictionary` or None as given."""
    if dictionary is None or not isinstance(dictionary, (str, Path)):
        return dictionary
    from ..terms.dictionary import DictionaryError, load_dictionary

    try:
        return load_dictionary(dictionary)
    except DictionaryError as error:
        raise UsageError(str(error)) from None


def _analyse(sources: list[Source], workers, scheduler, store: Cache | None, progress: bool, stamp: Stamp,
             dictionary=None) -> list:
    """Return one result per source: from the cache when it holds it, else computed (and stored);
    a worker whose stamp differs from `stamp` raises cache.WorkerMismatch (nothing of it stored)."""
    def lookup(wanted: list[Source]) -> list[Source]:
        missing = []
        for source in wanted:
            hit = store.get(source.sha256, source.name) if store else None
            (results.append(hit) if hit is not None else missing.append(source))
        return missing

    results: list = []
    todo = lookup(sources)
    if store is None or not todo:
        return results + _compute(todo, workers, scheduler, store, progress, stamp, len(sources), dictionary)
    with store.computing():  # another run may be computing the same texts: wait, then read its entries
        todo = lookup(todo)
        return results + _compute(todo, workers, scheduler, store, progress, stamp, len(sources), dictionary)


def _compute(todo: list[Source], workers, scheduler, store: Cache | None, progress: bool, stamp: Stamp,
             total: int, dictionary=None) -> list:
    """Compute `todo` on the engine (storing each batch's results as it arrives)."""
    from tqdm import tqdm

    hashes = {s.name: s.sha256 for s in todo}
    with tqdm(total=total, initial=total - len(todo), unit="doc", desc="documents", file=sys.stderr,
              disable=None if progress else True) as bar:

        def done(batch: list) -> None:
            bar.update(len(batch))
            for result in batch:
                if store and isinstance(result, Analysed):
                    store.put(hashes[result.name], result)

        return run_sources(todo, workers, scheduler, done, dictionary, expect=stamp)


def _check_against_metadata(sources: list[Source], meta: pd.DataFrame | None, failed: dict) -> list[Source]:
    """Fail the texts whose SHA-256 differs from the metadata's `sha256` column (when there is one)."""
    if meta is None or "sha256" not in meta.columns:
        return sources
    expected = dict(zip(meta["file"], meta["sha256"].astype(str).str.strip().str.lower()))
    kept = []
    for source in sources:
        if source.name in expected and expected[source.name] != source.sha256:
            failed[source.name] = f"SHA-256 {source.sha256} differs from the metadata's {expected[source.name]}"
        else:
            kept.append(source)
    return kept


def documents_table(analysed: list[Analysed], meta: pd.DataFrame | None) -> pd.DataFrame:
    """One row per document: doc, file, sha256, the metadata columns, the counts, warnings, then title, notes
    and the stage directions removed (`spelling xN; ...`, see helpers.text)."""
    rows = []
    for result in analysed:
        record = result.record
        rows.append({"doc": doc_name(result.name), "file": result.name, "sha256": record["input"]["sha256"],
                     **record["counts"], "stage_directions": sum(record["removed_stage_directions"].values()),
                     "warnings": "; ".join(record["warnings"]), "title": record["title"],
                     "notes": "; ".join(record["notes"]),
                     "removed_stage_directions": "; ".join(f"{spelling} x{n}" for spelling, n in
                                                           record["removed_stage_directions"].items())})
    table = pd.DataFrame(rows, columns=["doc", "file", "sha256"] + (list(rows[0])[3:] if rows else []))
    if meta is None:
        return table
    extra = meta.drop(columns=[c for c in ("sha256",) if c in meta.columns])
    joined = table[["doc", "file", "sha256"]].merge(extra, on="file", how="left", validate="one_to_one")
    for column in extra.columns.drop("file"):  # whole numbers stay whole when a row has no metadata
        if pd.api.types.is_integer_dtype(extra[column]) and not pd.api.types.is_integer_dtype(joined[column]):
            joined[column] = joined[column].astype("Int64")
    return pd.concat([joined, table.drop(columns=["doc", "file", "sha256"])], axis=1)


def _stacked(analysed: list[Analysed], name: str) -> pd.DataFrame:
    """Concatenate one per-document table over the documents, in order, with `doc` first."""
    parts = [result.tables[name].assign(doc=doc_name(result.name)) for result in analysed]
    if not parts:
        return pd.DataFrame(columns=["doc"])
    table = pd.concat(parts, ignore_index=True)
    return table[["doc"] + [c for c in table.columns if c != "doc"]]


def corpus_record(sources, analysed, failed, meta, metadata, tables, stamp: Stamp) -> dict:
    """What corpus.json holds: inputs, metadata, versions, parameters, the failures, the table sizes.

    Engine settings (workers, scheduler, cache) are not recorded: they change no byte of the tables.
    """
    metadata_record = None
    if meta is not None:
        given = {s.name for s in sources} | set(failed)
        path = Path(metadata)
        metadata_record = {
            "file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "columns": [c for c in meta.columns if c != "file"],
            "missing_metadata": sorted(given - set(meta["file"])),
            "rows_not_used": int((~meta["file"].isin(given)).sum()),
        }
    return {
        "inputs": [{"doc": doc_name(s.name), "file": s.name, "sha256": s.sha256}
                   for s in sorted(sources, key=lambda s: doc_name(s.name))],
        "metadata": metadata_record,
        "parameters": {"encoding": "utf-8"},
        "versions": package_versions(),
        "analysis_code_sha256": stamp.code,
        "documents": len(analysed),
        "failed": dict(sorted(failed.items())),
        "rows": {f"{name}.csv": len(table) for name, table in tables.items()},
    }
