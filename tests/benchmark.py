"""Speed and memory benchmark (run by hand, not by pytest: timings are not tests).

    .venv/bin/python tests/benchmark.py            # main job, and the analyses on a 10 MB text
    .venv/bin/python tests/benchmark.py --full     # also the whole command line on the 10 MB text, and make test

Targets (issue 2 and 6): the main job under 15 s and `make test` under 60 s on 2 cores once set
up; a 10 MB text analysed without exhausting memory. Each measurement runs in a fresh process;
peak memory is the largest resident set of that process or any process it waited for.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
TABLES_ONLY = """
import sys
from pathlib import Path
from helpers.tables import write_tables
from helpers.text import load_document
document = load_document(sys.argv[1])
write_tables(document, Path(sys.argv[2]))
print(len(document.paragraphs), "paragraphs", sum(map(len, document.sentences)), "sentences")
"""


def measure(label: str, command: list[str], target_s: float | None = None) -> None:
    """Run `command` in a child process; print its wall time and peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    verdict = "" if target_s is None else (" (target < %.0f s: %s)" % (target_s, "met" if seconds < target_s else "MISSED"))
    print(f"{label}: {seconds:.1f} s, peak {peak_mb:.0f} MB, exit {result.returncode}{verdict}")
    if result.returncode:
        print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "(no stderr)")


def big_text(path: Path, megabytes: float) -> Path:
    """Write a text of about `megabytes` MB: the seed's paragraphs repeated, numbered so none repeats exactly."""
    sys.path.insert(0, str(ROOT))
    from helpers import paths, text

    paragraphs = text.load_document(paths.SEED_PATH).paragraphs
    chunks, size, i = ["A long test text"], 0, 0
    while size < megabytes * 1_000_000:
        chunk = f"Part {i}. {paragraphs[i % len(paragraphs)]}"
        chunks.append(chunk)
        size += len(chunk.encode("utf-8")) + 2
        i += 1
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big-mb", type=float, default=10.0, help="size of the large text in MB (default 10)")
    parser.add_argument("--full", action="store_true", help="also run every notebook on the large text, and make test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("main job (python -m helpers run)", [PYTHON, "-m", "helpers", "run"], 15)
        big = big_text(Path(folder) / "big.txt", args.big_mb)
        measure(f"{args.big_mb:g} MB text: load + tables", [PYTHON, "-c", TABLES_ONLY, str(big), f"{folder}/tables"])
        if args.full:
            measure(f"{args.big_mb:g} MB text: every notebook", [PYTHON, "-m", "helpers", "run", str(big), "--out", f"{folder}/out"])
            measure("make test", ["make", "test"], 60)


if __name__ == "__main__":
    main()
