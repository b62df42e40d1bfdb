"""A ``pipeline.Runner`` that sends partitions of work to a Dask cluster."""

from __future__ import annotations

import logging
import math
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from newsprism.config import Config
from newsprism.errors import UsageError
from newsprism.ingest.options import ReadOptions

T = TypeVar("T")
R = TypeVar("R")

PARTITION_SIZE = 32
"""Most items per task: large enough that scheduling costs little beside the work, small
enough that a killed worker loses little and results reach the writer steadily."""
CONNECT_TIMEOUT = 20.0
"""Seconds to wait for a remote scheduler before giving up."""


def _partition(
    work: Callable[[T], R], items: Sequence[T], options: ReadOptions, config: Config
) -> list[R]:
    """One Dask task: ``work`` over a partition, with the worker state local workers get."""
    from newsprism import workers

    workers.start_worker(options, config)
    return [work(item) for item in items]


class DaskRunner:
    """Runs work on the cluster behind ``client``; see ``workers.Runner``.

    At most ``window`` partitions are submitted and not yet handed to the writer, so memory
    on both sides stays bounded however large the corpus.
    """

    def __init__(
        self, client: Any, partition_size: int = PARTITION_SIZE, window: int | None = None
    ) -> None:
        self.client = client
        self.partition_size = partition_size
        self.window = window

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    def map(
        self, work: Callable[[T], R], items: Sequence[T], options: ReadOptions, config: Config
    ) -> Iterator[tuple[T, R]]:
        from distributed import as_completed

        if not items:
            return
        workers = self.workers()
        # small corpora still spread over every worker
        size = max(1, min(self.partition_size, math.ceil(len(items) / (2 * workers))))
        parts = [items[i : i + size] for i in range(0, len(items), size)]
        window = self.window or 2 * workers + 2
        shared = self.client.scatter([options, config], broadcast=True, hash=False)
        prefix = f"newsprism-{getattr(work, '__name__', 'work')}-{uuid.uuid4().hex[:8]}"
        pending = as_completed()
        index: dict[str, int] = {}
        futures: dict[int, Any] = {}

        def submit(i: int) -> None:
            future = self.client.submit(_partition, work, parts[i], *shared, key=f"{prefix}-{i}")
            index[future.key] = i
            futures[i] = future
            pending.add(future)

        submitted = 0
        while submitted < min(window, len(parts)):
            submit(submitted)
            submitted += 1
        ready: dict[int, list[R]] = {}
        following = 0
        try:
            while following < len(parts):
                future = next(pending)
                i = index.pop(future.key)
                ready[i] = future.result()  # a task's own exception is raised here
                del futures[i]
                # hand results over in input order: the writer stores what a local run stores
                while following in ready:
                    results = ready.pop(following)
                    yield from zip(parts[following], results, strict=True)
                    following += 1
                    if submitted < len(parts):
                        submit(submitted)
                        submitted += 1
        finally:
            if futures:
                self.client.cancel(list(futures.values()))
            self.client.cancel(shared)


@contextmanager
def dask_runner(
    address: str, workers: int | None = None, timeout: float = CONNECT_TIMEOUT
) -> Iterator[DaskRunner]:
    """A runner on the scheduler at ``address``, or on a new LocalCluster of ``workers``
    single-threaded worker processes (default: one per core) when ``address`` is "local"."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError(
            f"--dask needs Dask ({exc}); install it with pip install 'newsprism[scale]'"
        ) from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,  # the stages are CPU-bound Python: processes, not threads
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # a free port: never collide with another cluster
            silence_logs=logging.ERROR,
        )
        try:
            # results come straight from the workers, not through the scheduler, which
            # runs in this process beside the writer
            with Client(cluster, direct_to_workers=True) as client:
                yield DaskRunner(client)
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"cannot reach a Dask scheduler at {address!r} ({exc}); start one with "
            "`dask scheduler` and `dask worker ADDRESS`, or pass --dask local"
        ) from None
    with client:
        yield DaskRunner(client)
