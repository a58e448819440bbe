"""`python -m helpers corpus PATH... --out DIR`: the corpus engine's command line.

helpers/cli.py hooks it in with `add_corpus_command(subparsers)`; this module imports only the
standard library at the top, so `run` does not pay for the corpus engine's imports.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

MARKER = Path("tables") / "corpus.json"  # what makes a folder an earlier output of this command

DESCRIPTION = """\
Analyse every text of a corpus, in parallel, into one set of tables (DIR/tables/):

  documents.csv    doc, file, sha256, the metadata columns, paragraphs, sentences, ...
  readability.csv  doc, unit, measure, value, ...   (as `run` writes, per document)
  sentiment.csv    doc, paragraph, text, neg, neu, pos, compound, ...
  sentences.csv    doc, paragraph, sentence, text, compound, neg, neu, pos, ...
  terms.csv        doc, term, count, per_1000, ...
  diversity.csv    doc, measure, value, parameters, tokens
  dictionary.csv   doc, paragraph, category, count, per_1000, matches   (with --dictionary)
  corpus.json      inputs and their SHA-256, metadata file, versions, failed documents

sentiment.csv and sentences.csv end with the scores of AFINN-165, Harvard IV-4 and
Loughran-McDonald (afinn, harvard_iv, harvard_iv_subjectivity, loughran_mcdonald,
loughran_mcdonald_subjectivity). diversity.csv holds ttr, mattr (window 50), mtld
(threshold 0.72), hdd (42 draws), yulek and maas on each body's running words.
--dictionary FILE counts your own categories of words and * patterns per paragraph
(quanteda's YAML, a CSV with columns category,pattern, or LIWC's .dic); a dictionary
that cannot be used is one line on stderr and exit 2.

A PATH is a UTF-8 text file or a folder (every *.txt in it, sorted). `doc` is the file
name without .txt. For every document, its rows are exactly those `run` writes for that
text alone. --metadata names a CSV with a `file` column (file names) and any other columns
(year, author, ...), joined onto documents.csv; a metadata row for a file not given is
ignored, a file without a metadata row gets empty cells (listed in corpus.json); a
`sha256` column is checked against the text.

Work runs on worker processes: --workers N local processes (default: one per core),
or --scheduler tcp://HOST:PORT to use a running Dask cluster (tasks carry the texts'
bytes, so its workers need the same environment but not the files). Per-document results
are cached in .cache/corpus/ of the project (or $TEXT_NOTEBOOKS_CACHE), keyed by the
text's SHA-256, file name, package versions and analysis code; --no-cache skips it.
Tables are identical whatever the workers, scheduler or cache.

DIR is written only when complete (built in a temporary folder beside it, then moved);
an existing DIR is replaced only if it is an earlier output of this command. A bad text
prints one line on stderr and the others still run. Input files are never modified.

Exit status: 0 all done, 1 some document failed (or none could be analysed: nothing
written), 2 bad command line or metadata, 130 interrupted (Ctrl-C)."""


def add_corpus_command(commands: argparse._SubParsersAction) -> None:
    """Add the `corpus` subcommand to the `helpers` command line (its handler is `main`)."""
    parser = commands.add_parser("corpus", help="analyse a corpus of texts into one set of tables",
                                 description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text files and/or folders of *.txt")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--metadata", type=Path, metavar="CSV", help="CSV with a `file` column, joined on")
    parser.add_argument("--workers", type=_positive, metavar="N", help="local worker processes (default: one per core)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, tcp://HOST:PORT")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the per-document cache")
    parser.add_argument("--dictionary", type=Path, metavar="FILE",
                        help="your own word categories (YAML, CSV or LIWC .dic): adds dictionary.csv")
    parser.set_defaults(handler=main)
    commands.metavar = "{run,corpus}"


def main(args: argparse.Namespace) -> int:
    """Run the corpus command; return the exit status (see DESCRIPTION)."""
    from ..outputs import fail as _fail, warn as _warn

    out = args.out.absolute()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        return _fail(f"{out}: exists and is not an earlier output of this command; choose another --out")
    from . import UsageError, analyse_corpus
    from .cache import WorkerMismatch

    try:
        result = analyse_corpus(args.paths, metadata=args.metadata, workers=args.workers,
                                scheduler=args.scheduler, cache=not args.no_cache, progress=True,
                                dictionary=args.dictionary)
    except UsageError as error:
        _warn(str(error))
        return 2
    except WorkerMismatch as error:  # a cluster whose workers run other code or packages
        return _fail(f"{args.scheduler or 'dask'}: {error}")
    except (OSError, TimeoutError) as error:  # a scheduler that cannot be reached
        return _fail(f"{args.scheduler or 'dask'}: cannot run the workers ({' '.join(str(error).split())})")
    for name, reason in result.failed.items():
        _fail(f"{result.inputs.get(name, name)}: {reason}")
    for row in result.tables["documents"].itertuples():
        if row.warnings:
            _warn(f"warning: {result.inputs.get(row.file, row.file)}: {row.warnings}")
    if result.tables["documents"].empty:
        return _fail(f"{out}: no document could be analysed; nothing written")
    write_corpus(result, out)
    print(f"{len(result.tables['documents'])} documents: {out / 'tables'}")
    return 1 if result.failed else 0


def write_corpus(result, out: Path) -> None:
    """Write the tables and corpus.json into a temporary folder beside `out`, then move it to `out`."""
    from ..outputs import replace_folder as _replace, umask as _umask
    from ..tables import CSV_OPTIONS

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        os.chmod(work, 0o777 & ~_umask())  # mkdtemp makes 0700; the result is an ordinary folder
        (work / "tables").mkdir()
        for name in result.tables:  # TABLE_ORDER, then dictionary when given
            result.tables[name].to_csv(work / "tables" / f"{name}.csv", **CSV_OPTIONS)
        record = json.dumps(result.record, indent=2, ensure_ascii=False) + "\n"
        (work / MARKER).write_text(record, encoding="utf-8")
        _replace(work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value
