"""Mapping the per-document work over worker processes, locally or with Dask.

The work is one task per batch of texts, `work.analyse_batch`. Texts are grouped into batches,
largest texts first and batches shrinking towards the end (`make_batches`), so scheduling costs
per batch, not per text, and the last tasks to finish are short ones. Two ways to run them:

* locally (default): `workers` spawned processes (`concurrent.futures.ProcessPoolExecutor`, as
  Dask's multiprocessing scheduler makes it), one task at a time each, fed in that order
  (processes, not threads: the analyses hold the GIL). Dask's local scheduler, used before,
  starts the last task of its list first, so the largest texts ran last. We chose local
  processes over a `distributed.LocalCluster(processes=True, threads_per_worker=1)` because
  they start and stop about 2.5 s sooner on the 2-core machine (measured: 1.8-2.7 s against
  4.2-5.9 s for 2 workers to import the analyses and return; scheduler, nannies and their
  teardown cost the rest) and need no ports;
* with `scheduler="tcp://HOST:PORT"`, a `distributed.Client` on that cluster runs the same
  tasks; its workers need this project installed (same environment), not the files, as
  each task carries its texts' bytes.

Results come back sorted by file name, whatever the number of workers or the order in which
tasks finish. Each task's result carries its worker's `cache.Stamp` (code hash and package
versions); given the client's stamp (`expect`), a batch computed with anything else raises
`cache.WorkerMismatch` before its results reach `on_done` or the caller.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from .cache import Stamp, check_stamp, worker_stamp
from .work import Analysed, Failed, Source, analyse_batch

BATCHES_PER_WORKER = 16  # the smallest batch: a 16th of a worker's share, so the last batches are short
CONNECT_TIMEOUT = "10s"  # a scheduler that does not answer by then is reported, not waited for


@dataclass(frozen=True)
class Batch:
    """Texts analysed by one task (a class, not a tuple, so that Dask passes it through untouched)."""

    sources: tuple[Source, ...]
    dictionary: object = None  # a terms.dictionary.Dictionary, or None


def default_workers() -> int:
    """Return one worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_batches(sources: list[Source], workers: int, dictionary=None) -> list[Batch]:
    """Group texts into batches, largest texts first and batches shrinking (deterministic order).

    Each batch takes about a `3 * workers`-th of the bytes still to batch, and never less than
    a `workers * BATCHES_PER_WORKER`-th of the whole: the first batches are large (few
    dispatches), the last small, so that the workers finish at about the same time.
    """
    ordered = sorted(sources, key=lambda s: (-len(s.data), s.name))
    remaining = sum(len(s.data) for s in sources)
    smallest = max(1, remaining // max(1, workers * BATCHES_PER_WORKER))
    batches: list[list[Source]] = [[]]
    size = 0
    target = max(smallest, remaining // (3 * max(1, workers)))
    for source in ordered:
        if batches[-1] and size + len(source.data) > target:
            batches.append([])
            size = 0
            target = max(smallest, remaining // (3 * max(1, workers)))
        batches[-1].append(source)
        size += len(source.data)
        remaining -= len(source.data)
    return [Batch(tuple(b), dictionary) for b in batches if b]


@dataclass(frozen=True)
class Done:
    """A task's result: the worker's stamp and one result per text of the batch."""

    stamp: Stamp
    results: list


def run_batch(batch: Batch) -> Done:
    """The task: analyse one batch in a worker process (its stamp taken before the analyses are imported)."""
    stamp = worker_stamp()
    return Done(stamp, analyse_batch(list(batch.sources), batch.dictionary))


def run_sources(sources: list[Source], workers: int | None = None, scheduler: str | None = None,
                on_done: Callable[[list], None] = lambda results: None, dictionary=None,
                expect: Stamp | None = None) -> list[Analysed | Failed]:
    """Analyse `sources` on Dask and return one result per source, sorted by file name.

    `on_done(results)` is called in this process as each batch finishes, with its results (for
    a progress bar, and to cache them at once: an interrupted run keeps what was done). With
    `expect`, a batch whose worker stamp differs raises `cache.WorkerMismatch` first.
    `dictionary` (a `terms.dictionary.Dictionary`) travels with each batch and adds its table.
    """
    if not sources:
        return []

    def accept(done: Done) -> list:
        if expect is not None:
            check_stamp(expect, done.stamp)
        on_done(done.results)
        return done.results

    if scheduler:
        results = _on_cluster(sources, scheduler, accept, dictionary)
    else:
        results = _on_local_processes(sources, workers or default_workers(), accept, dictionary)
    return sorted(results, key=lambda r: r.name)


def _on_local_processes(sources: list[Source], workers: int, accept, dictionary=None) -> list[Analysed | Failed]:
    """Run the batches on `workers` spawned processes, in `make_batches`' order (largest first).

    A `concurrent.futures.ProcessPoolExecutor` with the "spawn" context, as Dask's multiprocessing
    scheduler makes it, but fed in our order: Dask's local scheduler starts the last batch of
    its list first, which left the largest texts for the end. Each worker imports the analysis
    code from disk (no fork of this process, whose modules may be older than the files the cache
    key is computed from). PYTHONHASHSEED is set for the pool as Dask sets it, and restored.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    batches = make_batches(sources, workers, dictionary)
    accepted = []
    saved = os.environ.get("PYTHONHASHSEED")
    if saved in (None, "0"):
        os.environ["PYTHONHASHSEED"] = "6640"  # Dask's value, inherited by the spawned workers
    processes = min(workers, len(batches))
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
    try:
        # One batch per free worker at a time (as Dask's chunksize=1), so the queue keeps our order.
        waiting, running = list(reversed(batches)), set()
        while waiting or running:
            while waiting and len(running) < processes:
                running.add(pool.submit(run_batch, waiting.pop()))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                accepted.append(accept(future.result()))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if saved is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = saved
    pool.shutdown()
    assert len(accepted) == len(batches)  # every batch went through accept()
    return [result for batch in accepted for result in batch]


def _on_cluster(sources: list[Source], address: str, accept, dictionary=None) -> list[Analysed | Failed]:
    """Run the batches on the Dask cluster whose scheduler is at `address`."""
    from distributed import Client, as_completed

    results: list[Analysed | Failed] = []
    with Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False) as client:
        count = len(client.scheduler_info()["workers"]) or 1
        futures = [client.submit(run_batch, b, key=f"corpus-batch-{i:05d}", pure=False)
                   for i, b in enumerate(make_batches(sources, count, dictionary))]
        for future in as_completed(futures, loop=client.loop):
            results.extend(accept(future.result()))
    return results
