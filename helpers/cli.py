"""Command line: `python -m helpers run [TEXT ...] [--out DIR] [-p NAME VALUE ...]`, and
`python -m helpers corpus PATH ... --out DIR` (helpers/corpus/cli.py).

Without TEXT, `run` is the main job: every notebook in notebooks/ is rerun in place on the
seed and figures/ is regenerated. With TEXT, every notebook runs on each TEXT and the
results go to DIR (see `run_on_texts`); notebooks/ and figures/ are left untouched.

Exit status: 0 all done; 1 an input was unusable or a notebook failed (one line on stderr
each, naming the file); 2 the command line itself was wrong. On success, one line per text
on stdout names its output folder.
"""
from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import paths
from .outputs import done as _done, fail as _fail, replace_folder as _replace, umask as _umask, warn as _warn, write_atomically

MARKER = Path("tables") / "document.json"  # what makes a folder an earlier output of ours
# Parameters the command line sets itself (from TEXT, --out and --encoding), never from -p.
RUN_PARAMETERS = ("text_path", "figures_dir", "encoding")
# The notebooks' parameter that --dictionary FILE sets (in the notebooks that have it), never -p.
DICTIONARY_PARAMETER = "dictionary_path"

PROGRAM = """\
Read texts closely and reproducibly: readability, sentiment by paragraph, term frequencies.

  run     run the notebooks on the seed (the main job) or on your texts; see `run --help`
  corpus  analyse every text of a folder in parallel into one set of tables; see `corpus --help`"""

DESCRIPTION = """\
Run the analysis notebooks (readability, sentiment by paragraph, term frequencies).

  run                 rerun notebooks/ in place on the seed, regenerate figures/
  run TEXT --out DIR  run every notebook on TEXT and write into DIR:
        DIR/notebooks/  the executed notebooks, and an HTML export of each
        DIR/figures/    the same figure files (PDF, SVG, PNG, CSV, JSON) as figures/
        DIR/tables/     readability.csv, sentiment.csv, sentences.csv, terms.csv,
                        diversity.csv, document.json (and dictionary.csv, see --dictionary)
  run A.txt B.txt --out DIR
                      one sub-folder of DIR per text, named after the file
  run TEXT --out DIR -p NAME VALUE [-p NAME VALUE ...]
                      set a notebook parameter (papermill's -p: VALUE True, False, None,
                      an int or a float becomes that, anything else a string); it goes to
                      every notebook whose parameters cell has NAME, and a NAME that no
                      notebook has is an error (exit 2); text_path, figures_dir and encoding
                      come from TEXT, --out and --encoding
  run TEXT --out DIR --dictionary FILE
                      count your own categories of words per paragraph into
                      DIR/tables/dictionary.csv (paragraph, category, count, per_1000,
                      matches); FILE is quanteda's YAML (category: [words, patt*]), a CSV
                      with columns category,pattern, or a LIWC .dic file; notebooks with a
                      `dictionary_path` parameter get FILE. A dictionary that cannot be used
                      (unreadable, empty category, invalid pattern, unknown format) is one
                      line on stderr and exit 2

TEXT is UTF-8 (with or without a byte-order mark) unless --encoding names another codec.
DIR is written only when a text's run is complete: it is built in a temporary folder
beside it and moved into place. An existing DIR is replaced only if it is an earlier
output of this command. A bad input prints one line on stderr and the other texts go on.

On success, one line per text on stdout: "TEXT: results in FOLDER".
Exit status: 0 all done, 1 some text or notebook failed, 2 bad command line,
130 interrupted (Ctrl-C)."""


def main(argv: list[str] | None = None, prog: str = "text-notebooks") -> int:
    """Parse the command line, run it, and return the exit status."""
    parser = argparse.ArgumentParser(
        prog=prog, description=PROGRAM, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{run,corpus}")
    run = commands.add_parser(
        "run", help="run the notebooks", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    run.add_argument("texts", nargs="*", metavar="TEXT", help="text files to analyse (default: the seed, in place)")
    run.add_argument("--out", type=Path, metavar="DIR", help="output folder (required with TEXT)")
    run.add_argument("--encoding", default="utf-8", help="encoding of the TEXT files (default: utf-8)")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a notebook parameter (repeatable; see above)")
    run.add_argument("--dictionary", type=Path, metavar="FILE",
                     help="your own word categories (YAML, CSV or LIWC .dic): adds tables/dictionary.csv")
    from .corpus.cli import add_corpus_command  # `corpus`: helpers/corpus/cli.py

    add_corpus_command(commands)
    args = parser.parse_args(argv)
    if args.command == "corpus":
        try:
            return args.handler(args)
        except KeyboardInterrupt:
            return _fail("interrupted: nothing was moved into place") + 129
    if args.texts and args.out is None:
        run.error("--out DIR is required when TEXT is given")
    if not args.texts and (args.out is not None or args.parameter or args.dictionary is not None):
        run.error("--out, -p and --dictionary need at least one TEXT (the main job runs the notebooks as committed)")
    from .publish.notebooks import notebook_paths, parameter_problem, parse_value

    extra = {name: parse_value(value) for name, value in args.parameter}
    if DICTIONARY_PARAMETER in extra:
        run.error(f"-p {DICTIONARY_PARAMETER}: give the file with --dictionary FILE (it also writes tables/dictionary.csv)")
    problem = parameter_problem(extra, RUN_PARAMETERS, notebook_paths(paths.NOTEBOOKS_DIR))
    if problem:
        run.error(problem)
    dictionary = None
    if args.dictionary is not None:
        from .terms.dictionary import DictionaryError, load_dictionary

        try:
            dictionary = load_dictionary(args.dictionary)
        except DictionaryError as error:
            _warn(str(error))
            return 2
        if _notebooks_with(DICTIONARY_PARAMETER):  # only notebooks that have it get it (never an unknown -p)
            extra[DICTIONARY_PARAMETER] = paths.as_parameter(args.dictionary)
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        run.error(f"unknown encoding {args.encoding!r}")
    try:
        if not args.texts:
            return run_main_job()
        return run_on_texts([Path(t) for t in args.texts], args.out.absolute(), args.encoding, extra, dictionary)
    except KeyboardInterrupt:
        return _fail("interrupted: nothing was moved into place") + 129  # 130, as shells report Ctrl-C


def run_main_job() -> int:
    """Rerun every notebook in notebooks/ in place (on the seed); return the exit status."""
    from .publish.notebooks import notebook_paths

    notebooks = notebook_paths(paths.NOTEBOOKS_DIR)
    if not _execute_all([(nb, nb, None) for nb in notebooks], "notebooks"):
        return 1
    _done(f"{paths.shown(paths.SEED_PATH)}: results in {paths.shown(paths.NOTEBOOKS_DIR)}/ and {paths.shown(paths.FIGURES_DIR)}/")
    return 0


def run_on_texts(texts: list[Path], out: Path, encoding: str, extra: dict[str, object] | None = None,
                 dictionary=None) -> int:
    """Run every notebook on each text into `out` (one sub-folder each if several); return the status.

    `extra` are notebook parameters (-p NAME VALUE), each given to the notebooks that have it;
    `dictionary` (a `terms.dictionary.Dictionary`) adds tables/dictionary.csv.
    """
    from .text import InputError, load_document

    names = [t.stem for t in texts]
    if len(texts) > 1 and len(set(names)) < len(names):
        duplicate = sorted({n for n in names if names.count(n) > 1})[0]
        return _fail(f"{out}: two inputs would both write to {out / duplicate}; rename one")
    status = 0
    for text in _progress(texts, "texts") if len(texts) > 1 else texts:
        target = out if len(texts) == 1 else out / text.stem
        try:
            document = load_document(text, encoding)
            _check_target(target)
        except InputError as error:
            status = _fail(str(error))
            continue
        if _run_one(text, document, target, encoding, extra or {}, dictionary):
            _done(f"{text}: results in {target}")
        else:
            status = 1
    return status


def _run_one(text: Path, document, target: Path, encoding: str, extra: dict[str, object], dictionary=None) -> bool:
    """Build the whole output for one text in a temporary folder, then move it to `target`.

    The parameters cell shows the text as given and `figures_dir` as its final place; the
    kernels write into the temporary folder through `paths.STAGING_ENV` (see `paths.resolve`).
    """
    from .publish.notebooks import TIMEOUT_S, notebook_paths, parameter_names

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    os.chmod(work, 0o777 & ~_umask())  # mkdtemp makes 0700; the result is an ordinary folder
    try:
        given = {"text_path": paths.as_parameter(text), "figures_dir": str(target / "figures"), "encoding": encoding}
        jobs = []
        for nb in notebook_paths(paths.NOTEBOOKS_DIR):
            names = parameter_names(_read(nb))
            jobs.append((nb, work / "notebooks" / nb.name, given | {k: v for k, v in extra.items() if k in names}))
        environment = {paths.STAGING_ENV: f"{target}{os.pathsep}{work}"}
        # A cell may take long on a long text: allow 10 minutes per MB, at least the default.
        timeout = max(TIMEOUT_S, round(600 * text.stat().st_size / 1e6))
        return _run_jobs(text, document, work, target, jobs, environment, timeout, encoding, dictionary)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_jobs(text: Path, document, work: Path, target: Path, jobs: list, environment: dict[str, str], timeout: int,
              encoding: str, dictionary) -> bool:
    """`_run_one`'s work once the folder and the jobs are set: the language check (which splits a long
    text into sentences and words, kept in the cache for the kernels), then every notebook."""
    from .publish import kernel_server
    from .publish.notebooks import export_html
    from .text import likely_english

    # The kernels' template starts first: its imports then fill the cores that splitting the text
    # leaves idle (this process gathers the split and stores it alone), and the first kernels need not
    # wait for it afterwards. The shared computations (the corpus) start after the split (this process
    # starts no thread before the split forks its workers).
    with kernel_server.serving(os.environ | environment) as server:
        if server is not None:
            server.start()
        if not likely_english(document):
            _warn(f"warning: {text}: does not look like English; the analyses are English-only")
        if dictionary is None and server is not None:
            _forget_tokens(document)  # the tables are written in a kernel (`_write_tables`): not needed here
        # The tables are computed in a kernel of their own (`_write_tables`), in one of the kernels'
        # slots, once the notebooks that compute the long tables they read have ended (TABLES_AFTER:
        # those are then in the memo cache, text.memo), in the order of their expected time among the
        # notebooks still waiting (so the run does not end with the tables alone); the run never
        # holds more than one computation per core in memory.
        # Each notebook's HTML is exported in its slot as soon as it has run (while the other
        # kernels run), not all at the end.
        if not _execute_all(jobs, str(text), timeout, paths.is_seed(document), environment, text.stat().st_size,
                            last=lambda: _write_tables(text, document, work / "tables", encoding, dictionary,
                                                       environment, timeout),
                            last_after=TABLES_AFTER,
                            each=lambda executed: export_html(_read(executed), executed.with_suffix(".html")),
                            prepare=shared_computations(jobs, text.stat().st_size, environment)):
            return False
    _replace(work, target)
    return True


def _write_tables(text: Path, document, out_dir: Path, encoding: str, dictionary, environment: dict[str, str],
                  timeout: int) -> None:
    """Write the text's tables (`tables.write_tables`). When the run's kernels are forked from the warm
    template, in a kernel of their own (`notebooks.run_code`): pandas, VADER's and the other lexicons
    are loaded there already, and the lexicon scores and CSV writes run beside the other kernels
    instead of in this process, which relays every kernel's messages and exports their HTML (one
    interpreter: those threads take turns). Otherwise, or with a dictionary, in this process."""
    from .publish import kernel_server
    from .tables import write_tables

    if dictionary is not None or kernel_server.current() is None:
        write_tables(document, out_dir, encoding, dictionary)
        return
    from .publish.notebooks import run_code

    run_code(f"from helpers.cli import write_text_tables\n"
             f"write_text_tables({str(text.absolute())!r}, {encoding!r}, {str(out_dir)!r})\n",
             paths.NOTEBOOKS_DIR, timeout, environment)


def _forget_tokens(document) -> None:
    """Drop what `document` computed and keeps (its `functools.cached_property` values: a long text's
    sentences and words, hundreds of MB on 10 MB); asked again, they are read from the cache."""
    import functools

    for name, attribute in vars(type(document)).items():
        if isinstance(attribute, functools.cached_property):
            vars(document).pop(name, None)


def write_text_tables(text: str, encoding: str, out_dir: str) -> None:
    """`tables.write_tables` of the text at `text` into `out_dir` (the cell `_write_tables` runs in a kernel)."""
    from .tables import write_tables
    from .text import load_document

    write_tables(load_document(Path(text), encoding), Path(out_dir), encoding)


# Expected CPU-heavy order when no run was recorded yet: issue 19's budget per notebook on a
# 10 MB text (CPU seconds). Only the order matters: the longest notebooks start first, so the
# run does not end with one long notebook running alone.
DEFAULT_SECONDS = {"00": 15, "00a": 10, "01": 35, "01a": 15, "02": 40, "02a": 15, "03": 40, "03a": 15}
DEFAULT_OTHER_SECONDS = 10
TABLES = "tables"  # the tables' name among the recorded durations (`_execute_all`'s `last`)
DEFAULT_TABLES_SECONDS = 12  # issue 19's 10 MB run: about 8 s of CPU
# The notebooks that compute (and keep in the memo cache) the long tables `run`'s tables read: each
# paragraph's readability (01) and sentiment, each sentence's sentiment (02). The tables start after them.
TABLES_AFTER = ("01_readability.ipynb", "02_sentiment.ipynb")
KERNELS_ENV = "TEXT_NOTEBOOKS_KERNELS"  # at most this many kernels at once (default: the usable cores)
DURATIONS = Path("runs") / "durations.json"  # in the cache root: each notebook's last time per text size


def max_kernels() -> int:
    """How many notebooks run at once: $TEXT_NOTEBOOKS_KERNELS if set (>= 1), else the cores this
    process may use. More kernels than cores would not finish sooner, only hold more memory."""
    configured = os.environ.get(KERNELS_ENV, "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            pass
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def size_class(size: int) -> str:
    """A text size's class for the recorded durations: its number of binary digits (a factor of 2)."""
    return str(max(0, int(size)).bit_length())


def _recorded_durations() -> dict:
    import json

    try:
        record = json.loads((paths.cache_root() / DURATIONS).read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError):
        return {}


def expected_seconds(notebook: Path, size: int, recorded: dict | None = None) -> float:
    """How long `notebook` is expected to take on a text of `size` bytes: its last recorded time
    for that size class, else the default budget (`DEFAULT_SECONDS`)."""
    recorded = _recorded_durations() if recorded is None else recorded
    value = recorded.get(size_class(size), {}).get(notebook.name)
    if isinstance(value, (int, float)) and value >= 0:
        return float(value)
    if notebook.name == TABLES:
        return float(DEFAULT_TABLES_SECONDS)
    return float(DEFAULT_SECONDS.get(notebook.name.split("_")[0], DEFAULT_OTHER_SECONDS))


def longest_first(jobs: list, size: int, recorded: dict | None = None) -> list:
    """`jobs` (source, target, parameters) sorted by expected duration, longest first (ties: reading order)."""
    recorded = _recorded_durations() if recorded is None else recorded
    return sorted(jobs, key=lambda job: -expected_seconds(job[0], size, recorded))


def _record_durations(seconds: dict[str, float], size: int) -> None:
    """Remember each notebook's wall time for this size class (best effort: a cache that cannot be
    written is skipped; two runs writing at once keep one of the records whole)."""
    import json

    record = _recorded_durations()
    record.setdefault(size_class(size), {}).update({name: round(s, 2) for name, s in seconds.items()})
    write_atomically(paths.cache_root() / DURATIONS,
                     lambda file: file.write(json.dumps(record, indent=1, sort_keys=True).encode("utf-8")))


def _execute_all(jobs: list[tuple[Path, Path, dict | None]], label: str, timeout: int | None = None,
                 seed: bool = True, environment: dict[str, str] | None = None, size: int | None = None,
                 last=None, each=None, prepare: list[tuple[str, object, tuple[str, ...]]] | None = None,
                 last_after: tuple[str, ...] | None = None) -> bool:
    """Run (source, target, parameters) notebook jobs, one kernel each, at most `max_kernels()` at
    once, the longest expected first; report failures. `last` (a function of no arguments) runs in
    this process in the same slots, after every notebook has started; its exception is raised
    once the notebooks are done (only if they all ran). With `last_after` (notebook names), `last`
    starts instead once those of them among the jobs have ended, in the order of its expected
    duration (recorded as `TABLES`) among the notebooks still waiting, and its time is recorded. `each` (a function of the executed
    notebook's path) runs in the notebook's slot right after it ran (its time is not recorded).
    `prepare` ((name, function of no arguments, names of the notebooks that wait for it) each)
    run first, each in a slot of its own; a notebook named by one starts only after it ended
    (`shared_computations`; a failure is not reported: the notebook then computes it itself), and
    a notebook whose waits are over starts before those that never waited.

    `size` is the text's size in bytes (default: the seed's), for the expected durations; each
    notebook's wall time is recorded for the next run. Each failing notebook prints one line
    naming `label` and the error; returns True if all ran.
    """
    import time
    from concurrent.futures import FIRST_COMPLETED, wait

    from nbclient.exceptions import CellControlSignal, CellExecutionError, DeadKernelError

    from .publish.notebooks import execute

    size = paths.SEED_PATH.stat().st_size if size is None else size
    seconds: dict[str, float] = {}

    def timed_last():
        start = time.perf_counter()
        result = last()
        seconds[TABLES] = time.perf_counter() - start
        return result

    def timed(source: Path, target: Path, parameters: dict | None):
        start = time.perf_counter()
        result = execute(source, target, parameters, timeout, seed, environment)
        seconds[source.name] = time.perf_counter() - start
        if each is not None:
            each(target)
        return result

    def quietly(function):
        def run():
            try:
                function()
            except Exception:  # noqa: BLE001 - the notebooks that need it compute it and report its failure
                pass
        return run

    ok = True
    prepare = list(prepare or [])
    waits = {name: {key for key, _, names in prepare if name in names} for name in (job[0].name for job in jobs)}
    ordered = longest_first(jobs, size)
    ordered = [job for job in ordered if waits[job[0].name]] + [job for job in ordered if not waits[job[0].name]]
    # What waits to start, in the order it is started: (key, function, what it waits for); the
    # first whose waits are over takes a free slot; `last` only once every notebook has started.
    waiting = [(key, quietly(function), set()) for key, function, _ in prepare]
    waiting += [(("notebook", source), lambda job=(source, target, parameters): timed(*job), waits[source.name])
                for source, target, parameters in ordered]
    if last is not None and last_after is not None:
        # Before the first notebook that never waited and is expected to take less time.
        after = {("notebook", source) for source, _, _ in jobs if source.name in last_after}
        recorded = _recorded_durations()
        expected = expected_seconds(Path(TABLES), size, recorded)
        place = next((i for i, (key, _, waits_for) in enumerate(waiting) if isinstance(key, tuple) and not waits_for
                      and expected_seconds(key[1], size, recorded) < expected), len(waiting))
        waiting.insert(place, ("last", timed_last, after))
    elif last is not None:
        waiting.append(("last", last, set()))
    slots = max(1, min(len(jobs), max_kernels()))
    finished: set = set()
    running: dict = {}
    last_future = None
    # `execute` forks the kernels from one warm template, started with the kernels' environment at
    # the first kernel and stopped after the last (helpers/publish/kernel_server.py; TEXT_NOTEBOOKS_FORK=0: plain).
    from .publish import kernel_server

    # A template already serving this process (`_run_jobs` starts it early) is used as it is.
    outer = kernel_server.current()
    serving = contextlib.nullcontext(outer) if outer is not None else kernel_server.serving(os.environ | (environment or {}))
    with serving, ThreadPoolExecutor(max_workers=slots) as pool, \
            _progress(None, "notebooks", total=len(jobs)) as bar:

        def start_ready() -> None:
            nonlocal last_future
            while len(running) < slots:
                ready = [i for i, (key, _, after) in enumerate(waiting)
                         if after <= finished and (key != "last" or last_after is not None or len(waiting) == 1)]
                if not ready:
                    return
                key, function, _ = waiting.pop(ready[0])
                future = pool.submit(function)
                running[future] = key
                if key == "last":
                    last_future = future

        try:
            start_ready()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    key = running.pop(future)
                    finished.add(key)
                    if isinstance(key, tuple):  # a notebook
                        bar.update(1)
                        try:
                            future.result()
                        except (CellExecutionError, CellControlSignal, DeadKernelError, TimeoutError, RuntimeError) as error:
                            # A failing cell, a cell over the time limit, or a kernel that died.
                            if isinstance(error, CellExecutionError):
                                lines = f"{error.ename}: {error.evalue}".strip().splitlines()
                            else:
                                lines = str(error).strip().splitlines() or [type(error).__name__]
                            _fail(f"{label}: notebook {key[1].name} failed: {lines[0]}")
                            ok = False
                start_ready()
        finally:
            for future in running:
                future.cancel()
        if last_future is not None:
            last_future.result() if ok else last_future.exception()
    if seconds:
        _record_durations(seconds, size)
    return ok


# The State of the Union corpus's per-document results, cached on disk, which notebooks 04 and 04a
# compute on first use (`analyse_corpus` on its texts; it also keeps their tokens, which 05's
# diversity table reads). With an empty cache, `run TEXT` computes them first, in a process of its
# own in one slot, while the other slots run notebooks that do not need them; 04, 04a and 05 start
# after it (and read the cache), instead of one kernel computing the corpus while another waits
# for it in a slot and a third tokenises the same texts. With a warm cache it is a check that
# every entry exists.
CORPUS_READERS = ("04_corpus.ipynb", "04a_published.ipynb", "05_validity.ipynb")
SOTU_TEXTS = Path("corpora") / "sotu" / "texts"  # the default corpus_dir of 04 and 04a, sotu_dir of 05
OTHER_CORPUS = ("corpus_dir", "sotu_dir", "dictionary_path")  # parameters that give those notebooks other work
# From this text size (bytes) on, the corpus is computed on one worker process: one process per
# slot (no core shared by two), and each kernel on such a text holds hundreds of MB.
ONE_WORKER_SIZE = 1_000_000


def shared_computations(jobs: list, size: int, environment: dict[str, str] | None = None) -> list:
    """The `prepare` of `_execute_all` for `jobs`: [("corpus", function, the notebooks that wait
    for it)] when a notebook of `CORPUS_READERS` is among them with the default corpus; [] when
    a job's parameters name another corpus or a dictionary (OTHER_CORPUS)."""
    import functools

    waiting = tuple(nb for nb in CORPUS_READERS if nb in {source.name for source, _, _ in jobs})
    if not waiting or any(set(parameters or ()) & set(OTHER_CORPUS) for _, _, parameters in jobs):
        return []
    workers = 1 if size >= ONE_WORKER_SIZE else max_kernels()
    return [("corpus", functools.partial(_make_corpus, workers, environment), waiting)]


def corpus_is_cached() -> bool:
    """Whether the corpus cache holds every State of the Union text for the code on disk now."""
    from .corpus.cache import Cache
    from .corpus.inputs import read_source

    store = Cache()
    for file in sorted((paths.PROJECT_ROOT / SOTU_TEXTS).glob("*.txt")):
        source = read_source(file)
        if isinstance(source, str) or not store.has(source.sha256, source.name):
            return False
    return True


def compute_corpus(workers: int) -> None:
    """Compute the State of the Union corpus into the cache (in the process `_make_corpus` starts)."""
    from .corpus import analyse_corpus

    analyse_corpus(sorted((paths.PROJECT_ROOT / SOTU_TEXTS).glob("*.txt")), workers=workers)


def _make_corpus(workers: int, environment: dict[str, str] | None = None) -> None:
    """Compute the corpus in a process of its own, unless it is cached: the engine changes its
    process's environment while it runs, which kernels started from this process would inherit."""
    import subprocess

    if corpus_is_cached():
        return
    subprocess.run([sys.executable, "-c", f"from helpers.cli import compute_corpus; compute_corpus({int(workers)})"],
                   cwd=paths.PROJECT_ROOT, env=os.environ | (environment or {}), stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def _check_target(target: Path) -> None:
    """Refuse to overwrite a folder that is not empty and not an earlier output of ours."""
    from .text import InputError

    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise InputError(f"{target}: exists and is not an earlier output of this command; choose another --out")



def _notebooks_with(name: str) -> list[Path]:
    """The notebooks of notebooks/ whose parameters cell has `name`."""
    from .publish.notebooks import notebook_paths, parameter_names

    return [nb for nb in notebook_paths(paths.NOTEBOOKS_DIR) if name in parameter_names(_read(nb))]


def _read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _progress(items, unit: str, total: int | None = None):
    """Wrap `items` in a progress bar on stderr, shown only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(items, unit=unit[:-1], desc=unit, total=total, disable=None, file=sys.stderr)
