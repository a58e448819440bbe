"""Mapping the per-document work over worker processes with Dask.

One code path for both cases: a `distributed.Client`, either on a `LocalCluster` of worker
processes started here (processes, not threads: the analyses hold the GIL; one thread per
worker) or on an existing cluster at `scheduler` ("tcp://HOST:PORT"). Texts are grouped into
batches (one task each) so scheduling costs per batch, not per text; the largest texts go
first so that the last task to finish is a short one. Results are returned sorted by file
name, whatever the number of workers or the order in which tasks finish.
"""
from __future__ import annotations

import logging
import os
from typing import Callable, Iterator

from .work import Analysed, Failed, Source, analyse_batch

BATCHES_PER_WORKER = 4  # enough to balance uneven texts, few enough that scheduling stays cheap


def default_workers() -> int:
    """Return one worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_batches(sources: list[Source], workers: int) -> list[list[Source]]:
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
    return [b for b in batches if b]


def local_cluster(workers: int):
    """Start a LocalCluster of `workers` processes, one thread each, quiet, on free loopback ports."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address=None, silence_logs=logging.ERROR)


def run_sources(sources: list[Source], workers: int | None = None, scheduler: str | None = None,
                on_done: Callable[[int], None] = lambda n: None) -> list[Analysed | Failed]:
    """Analyse `sources` on Dask and return one result per source, sorted by file name.

    `on_done(n)` is called as each batch of n texts finishes (for a progress bar).
    """
    if not sources:
        return []
    from distributed import Client, as_completed

    results: list[Analysed | Failed] = []
    with _client(workers, scheduler) as client:
        count = len(client.scheduler_info()["workers"]) or 1
        futures = [client.submit(analyse_batch, batch, pure=False) for batch in make_batches(sources, count)]
        for future in as_completed(futures, loop=client.loop):
            done = future.result()
            results.extend(done)
            on_done(len(done))
    return sorted(results, key=lambda r: r.name)


def _client(workers: int | None, scheduler: str | None):
    from distributed import Client

    if scheduler:
        return Client(scheduler, set_as_default=False)
    return _LocalClient(workers or default_workers())


class _LocalClient:
    """A client on a LocalCluster that is torn down on exit, even on Ctrl-C."""

    def __init__(self, workers: int):
        self.workers = workers

    def __enter__(self):
        from distributed import Client

        self.cluster = local_cluster(self.workers)
        self.client = Client(self.cluster, set_as_default=False)
        return self.client

    def __exit__(self, *exc_info) -> None:
        self.client.close()
        self.cluster.close()
