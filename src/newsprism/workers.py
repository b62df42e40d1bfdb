"""Worker processes for per-item work, and the watch that ends them with the writer.

The writer (the analyze process) owns the store; workers only read inputs or run the
per-article stages and return records. pebble's pool replaces a worker that dies (a C
library's crash) or overruns its time, so such an item costs only itself; closing the
generator early stops every worker, and a worker ends on its own soon after the writer dies.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future as ProcessFuture
from dataclasses import dataclass
from itertools import islice
from typing import Generic, Protocol, TypeVar

from newsprism.config import Config
from newsprism.errors import UsageError
from newsprism.ingest.options import ReadOptions
from newsprism.records import describe

IN_FLIGHT = 256
"""Items sent ahead of the writer: results waiting in the writer stay bounded."""
_PARALLEL_FROM = 16
"""Below this many inputs, worker start-up costs more than it saves."""
_WATCH_SECONDS = 0.5

_worker_state: tuple[ReadOptions, Config] | None = None
T = TypeVar("T")
R = TypeVar("R")


def worker_state() -> tuple[ReadOptions, Config]:
    """The options and configuration this worker was started with."""
    assert _worker_state is not None, "not in a worker started by parallel()"
    return _worker_state


def start_worker(options: ReadOptions, config: Config, writer_pid: int | None = None) -> None:
    """Set this process up as a worker (a pool's, or a Dask task's for its partition)."""
    global _worker_state
    _worker_state = (options, config)
    if writer_pid is not None:
        _watch_writer(writer_pid)


def _watch_writer(writer_pid: int) -> None:
    """End this worker soon after the writer dies (even by SIGKILL, which runs no clean-up):
    nobody is left to take its results, and writing to the dead pipe prints tracebacks."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            try:
                os.kill(writer_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            if os.getppid() != parent:  # the forkserver went with the writer
                os._exit(1)

    threading.Thread(target=watch, name="newsprism-writer-watch", daemon=True).start()


class Runner(Protocol):
    """Runs per-article work elsewhere (Dask: ``newsprism.scale``) for the one writer here.

    ``map`` yields each item with its result in input order, so the store is written in the
    same order, and ends up with the same contents, as with local worker processes.
    """

    def map(
        self, work: Callable[[T], R], items: Sequence[T], options: ReadOptions, config: Config
    ) -> Iterator[tuple[T, R]]: ...


@dataclass(frozen=True)
class Work(Generic[T, R]):
    """A per-item job for worker processes: what to run, what a lost item gives instead (a
    worker killed by a crash in a C library, or past its time), and how long it may take."""

    run: Callable[[T], R]
    failed: Callable[[T, str], R]
    timeout: float
    preload: tuple[str, ...]


def parallel(
    work: Work[T, R],
    items: Sequence[T],
    options: ReadOptions,
    config: Config,
    workers: int,
) -> Iterator[tuple[T, R]]:
    """``work`` over ``items`` in order, in worker processes when it pays, read-ahead bounded.

    A worker that dies or overruns its time costs only its item (pebble replaces the
    worker); closing this generator early (the writer failed, Ctrl-C) stops every worker.
    """
    if workers <= 1 or len(items) < _PARALLEL_FROM:
        start_worker(options, config)
        for item in items:
            try:
                result = work.run(item)
            except UsageError:
                raise
            except Exception as exc:  # a reader's bug must cost its input, not the batch
                result = work.failed(item, describe(exc))
            yield item, result
        return
    from pebble import ProcessExpired, ProcessPool

    context = multiprocessing.get_context("forkserver")
    # workers forked from a server that already imported these share their pages
    context.set_forkserver_preload(list(work.preload))
    pool = ProcessPool(
        max_workers=workers,
        initializer=start_worker,
        initargs=(options, config, os.getpid()),
        context=context,
    )
    # at most IN_FLIGHT items run ahead of the writer: results waiting here stay bounded
    pending: deque[tuple[T, ProcessFuture[R]]] = deque()
    upcoming = iter(items)
    finished = False
    try:
        for item in islice(upcoming, IN_FLIGHT):
            pending.append((item, pool.schedule(work.run, args=(item,), timeout=work.timeout)))
        while pending:
            item, future = pending.popleft()
            try:
                result = future.result()
            except TimeoutError:
                result = work.failed(item, f"took over {work.timeout:.0f} s; stopped")
            except ProcessExpired as exc:
                result = work.failed(item, f"its worker process died ({_exit_reason(exc)})")
            except UsageError:
                raise
            except Exception as exc:
                result = work.failed(item, describe(exc))
            for more in islice(upcoming, 1):
                pending.append((more, pool.schedule(work.run, args=(more,), timeout=work.timeout)))
            yield item, result
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.stop()
        pool.join()


def _exit_reason(exc: BaseException) -> str:
    code = getattr(exc, "exitcode", None)
    if isinstance(code, int) and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
