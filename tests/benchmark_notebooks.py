"""Each notebook's time and memory on three texts, and the whole `run` (by hand, not by pytest).

    .venv/bin/python tests/benchmark_notebooks.py                  # seed, 6,467-word address, 10 MB
    .venv/bin/python tests/benchmark_notebooks.py --texts seed address --notebooks 02
    .venv/bin/python tests/benchmark_notebooks.py --run-only --texts big

Texts: `seed` (the seed article), `address` (1962_john_f_kennedy_d.txt of the State of the Union
corpus: 6,467 word tokens, the issue's "6,467-word address"), `big` (about 10 MB: the seed's
paragraphs repeated, numbered so none repeats exactly; as `tests/benchmark.py` writes it).

For each text: each notebook alone (a fresh process running `publish.notebooks.execute` on it,
one kernel), then the whole `python -m helpers run TEXT --out DIR` (every notebook at once, as a
user runs it). Peak memory is sampled every 0.1 s as the sum of the resident sets of the process
and all its descendants (the kernels run at the same time, so the largest single process would
understate it), and also as the largest single process of this benchmark so far (getrusage: a maximum over every child waited for, so it never goes down). CPU time (user +
system, of the process and every child it waited for: the kernels, the tokenising workers) is
printed beside the wall time, and the machine's load average after each line: on a shared
machine a wall time means little without them.
Caches (corpus, text, figures) are used as they are; `--cold` points them at empty folders.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmark import big_text  # the same 10 MB text as tests/benchmark.py (tests/ is this script's folder)

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SEED = ROOT / "seeds" / "000_ed85ea188c043cd3.txt"
ADDRESS = ROOT / "corpora" / "sotu" / "texts" / "1962_john_f_kennedy_d.txt"
ONE_NOTEBOOK = """
import sys
from pathlib import Path
from helpers.publish.notebooks import execute
source, target, text, figures = sys.argv[1:5]
from helpers.paths import SEED_PATH
execute(Path(source), Path(target), {"text_path": text, "figures_dir": figures}, timeout=6000,
        seed=Path(text) == SEED_PATH)
"""


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process] + process.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(command: list[str], environment: dict[str, str]) -> tuple[float, float, float, float, int, str]:
    """Run `command`; return (seconds, CPU seconds of it and its children, peak MB of the process tree, largest single process MB, exit, stderr tail)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=os.environ | environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        handle = psutil.Process(child.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], tree_rss(handle))
            except psutil.Error:
                pass
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    single = max(usage.ru_maxrss, before) / 1024
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    tail = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return seconds, cpu, peak[0] / 2**20, single, child.returncode, tail


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", nargs="+", default=["seed", "address", "big"], choices=["seed", "address", "big"])
    parser.add_argument("--notebooks", nargs="*", default=None, help="name prefixes (default: every notebook)")
    parser.add_argument("--big-mb", type=float, default=10.0)
    parser.add_argument("--run-only", action="store_true", help="only the whole `run`, not each notebook alone")
    parser.add_argument("--no-run", action="store_true", help="only each notebook alone")
    parser.add_argument("--cold", action="store_true", help="empty caches (corpus, text, figures)")
    parser.add_argument("--figures", type=Path, default=None,
                        help="a lasting folder for the figures (run twice: the second run reuses unchanged figures)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from helpers.publish.notebooks import notebook_paths

    notebooks = [nb for nb in notebook_paths(ROOT / "notebooks")
                 if args.notebooks is None or nb.name.startswith(tuple(args.notebooks))]
    print(f"load average at start: {load()} ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        environment = {}
        if args.cold:
            environment = {"TEXT_NOTEBOOKS_CACHE": str(folder / "cache"), "TEXT_NOTEBOOKS_REDRAW": "1"}
        texts = {"seed": SEED, "address": ADDRESS}
        if "big" in args.texts:
            texts["big"] = big_text(folder / "big.txt", args.big_mb)
        for name in args.texts:
            text = texts[name]
            if not args.run_only:
                for nb in notebooks:
                    target = folder / "out" / name / nb.name
                    figures = str((args.figures or folder / "figures") / name)
                    # The seed too runs from notebooks/ into a temporary target, its figures into a
                    # temporary folder: notebooks/ and figures/ stay untouched.
                    command = [PYTHON, "-c", ONE_NOTEBOOK, str(nb), str(target), str(text or SEED), figures]
                    environment_here = environment
                    seconds, cpu, peak, single, code, tail = measure(command, environment_here)
                    print(f"{name:8} {nb.name:32} {seconds:7.1f} s (CPU {cpu:6.1f} s)  peak {peak:6.0f} MB (largest single process so far {single:5.0f} MB)"
                          f"  exit {code} {tail if code else ''}  load {load()}", flush=True)
            if not args.no_run:
                command = [PYTHON, "-m", "helpers", "run", str(text), "--out", str(folder / "run" / name)]
                seconds, cpu, peak, single, code, tail = measure(command, environment)
                print(f"{name:8} {'run (every notebook at once)':32} {seconds:7.1f} s (CPU {cpu:6.1f} s)  peak {peak:6.0f} MB"
                      f" (largest single process so far {single:5.0f} MB)  exit {code} {tail if code else ''}  load {load()}", flush=True)
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
