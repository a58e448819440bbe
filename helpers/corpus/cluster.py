"""A throw-away Dask cluster on this machine: `dask scheduler` + `dask worker`s from this environment.

For the tests and the benchmark of `--scheduler` (and for trying it by hand): everything
listens on loopback on free ports, starts within `timeout` seconds or is torn down, and is
always torn down on exit (terminate, then kill).
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

DASK = Path(sys.executable).with_name("dask")  # the `dask` command of the running environment


@contextlib.contextmanager
def local_dask_cluster(workers: int = 2, timeout: float = 60.0, worker_environment: dict[str, str] | None = None
                       ) -> Iterator[str]:
    """Start a scheduler and `workers` one-thread workers on 127.0.0.1; yield the scheduler's address.

    `worker_environment` is added to the workers' environment (e.g. PYTHONPATH to a copy of the code)."""
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="dask-cluster-") as folder:
        scheduler_file = Path(folder) / "scheduler.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
        try:
            processes.append(subprocess.Popen(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file)], **quiet))
            address = _wait_for_address(scheduler_file, processes[0], timeout)
            for _ in range(workers):
                processes.append(subprocess.Popen(
                    [str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                     "--no-dashboard", "--death-timeout", str(int(timeout))],
                    env=os.environ | (worker_environment or {}), **quiet))
            _wait_for_workers(address, workers, timeout)
            yield address
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in reversed(processes):
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for_address(scheduler_file: Path, process: subprocess.Popen, timeout: float) -> str:
    """Return the scheduler's address once it has written its file (or raise after `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with status {process.returncode}")
        try:
            return json.loads(scheduler_file.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    raise TimeoutError(f"dask scheduler did not start within {timeout:g} s")


def _wait_for_workers(address: str, workers: int, timeout: float) -> None:
    """Return once `workers` workers have joined the scheduler at `address`."""
    from distributed import Client

    with Client(address, timeout=f"{timeout}s", set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=timeout)
