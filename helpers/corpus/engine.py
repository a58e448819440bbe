"""Mapping the per-document work over worker processes with Dask.

The work is one Dask graph: one task per batch of texts, `work.analyse_batch`. Texts are
grouped into batches of about equal size so scheduling costs per batch, not per text, and the
largest texts go first so the last task to finish is a short one. Two schedulers run it:

* locally (default), Dask's multiprocessing scheduler: `workers` spawned processes, one task
  at a time each (processes, not threads: the analyses hold the GIL). We chose it over a
  `distributed.LocalCluster(processes=True, threads_per_worker=1)` because it starts and
  stops about 2.5 s sooner on the 2-core machine (measured: 1.8-2.7 s against 4.2-5.9 s for
  2 workers to import the analyses and return; scheduler, nannies and their teardown cost
  the rest) and needs no ports;
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

BATCHES_PER_WORKER = 8  # enough to even out uneven texts, few enough that scheduling stays cheap
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
    """Group texts into batches of about equal bytes, largest texts first (deterministic order)."""
    ordered = sorted(sources, key=lambda s: (-len(s.data), s.name))
    target = max(1, sum(len(s.data) for s in sources) // max(1, workers * BATCHES_PER_WORKER))
    batches: list[list[Source]] = [[]]
    size = 0
    for source in ordered:
        if batches[-1] and size + len(source.data) > target:
            batches.append([])
            size = 0
        batches[-1].append(source)
        size += len(source.data)
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
    """Run the batches on Dask's multiprocessing scheduler with `workers` spawned processes."""
    import dask
    from dask.callbacks import Callback

    batches = make_batches(sources, workers, dictionary)
    tasks = [dask.delayed(run_batch, pure=False)(b, dask_key_name=f"corpus-batch-{i:05d}") for i, b in enumerate(batches)]

    accepted = []

    class Progress(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            accepted.append(accept(result))

    saved = os.environ.get("PYTHONHASHSEED")  # dask sets it for its pool; the caller's stays as it was
    try:
        with Progress():
            # chunksize=1: one batch per dispatch, so that a free worker takes the next batch.
            done = dask.compute(*tasks, scheduler="processes", num_workers=min(workers, len(batches)), chunksize=1)
    finally:
        if saved is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = saved
    assert len(accepted) == len(done)  # every batch went through accept()
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
