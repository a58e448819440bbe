"""Time `make test` (a script, not a test): wall and CPU seconds, the load around it, the slowest items.

    .venv/bin/python tests/benchmark_test_suite.py [--runs N]

Run it warm (a `make test` or `make` before, so the corpus cache holds the current code's
results). CPU seconds (user + system of `make test` and every process it waited for) are the
steadier measure on a shared machine; the load average says how shared it was.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        start = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True,
                              env=os.environ | {"PYTEST_ADDOPTS": "--durations=8"})
        wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = done.stdout.splitlines()
        summary = next((line for line in reversed(lines) if " in " in line and ("passed" in line or "failed" in line)), "")
        print(f"run {run}: make test exit {done.returncode}, {wall:.1f} s wall, "
              f"{usage.ru_utime + usage.ru_stime - cpu:.1f} s CPU, load average {load:.1f} at start, "
              f"{os.getloadavg()[0]:.1f} at end; {summary.strip('= ')}")
        slowest = [i for i, line in enumerate(lines) if "slowest" in line]
        if slowest:
            print("\n".join(lines[slowest[0]: slowest[0] + 10]))
        for line in lines:
            if "figures/" in line and ("committed" in line or "compared" in line) or line.startswith("FAILED"):
                print(line.strip())


if __name__ == "__main__":
    main()
