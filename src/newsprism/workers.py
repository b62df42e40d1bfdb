"""Worker processes for per-item work, and the watch that ends them with the writer.

The writer (the analyze process) owns the store; workers only read inputs or run the
per-article stages and return records. pebble's pool replaces a worker that dies (a C
library's crash) or overruns its time, so such an item costs only itself; closing the
generator early stops every worker, and a worker ends on its own soon after the writer dies.
Items may run in small groups (one model batch over several articles); a group lost that way
is run again item by item, so the item to blame still fails alone.
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
class Chunks(Generic[T, R]):
    """Run several items in one call, e.g. one spaCy stream over a few articles: ``run``
    gives one result per item, in order. Consecutive items are grouped, at most ``items``
    of them and ``weight`` summing to at most ``max_weight`` (an item heavier than that runs
    alone). A group that dies or overruns its time is run again item by item, so an item
    that crashes or hangs still fails alone, with its own time limit."""

    run: Callable[[Sequence[T]], list[R]]
    items: int
    weight: Callable[[T], int]
    max_weight: int


@dataclass(frozen=True)
class Work(Generic[T, R]):
    """A per-item job for worker processes: what to run, what a lost item gives instead (a
    worker killed by a crash in a C library, or past its time), and how long it may take."""

    run: Callable[[T], R]
    failed: Callable[[T, str], R]
    timeout: float
    preload: tuple[str, ...]
    chunks: Chunks[T, R] | None = None
    """How to run items together (None: one at a time)."""


def grouped(items: Sequence[T], chunks: Chunks[T, R] | None) -> Iterator[list[T]]:
    """Consecutive items in groups ``chunks`` allows (each alone without it)."""
    group: list[T] = []
    weight = 0
    for item in items:
        w = chunks.weight(item) if chunks is not None else 0
        if group and (
            chunks is None or len(group) >= chunks.items or weight + w > chunks.max_weight
        ):
            yield group
            group, weight = [], 0
        group.append(item)
        weight += w
    if group:
        yield group


def _run_here(work: Work[T, R], group: list[T]) -> list[R]:
    """``group`` in this process: together if it can be, else (or if that fails) alone."""
    if work.chunks is not None and len(group) > 1:
        try:
            return work.chunks.run(group)
        except UsageError:
            raise
        except Exception:  # each item alone, below, finds the one that broke the group
            pass
    results = []
    for item in group:
        try:
            results.append(work.run(item))
        except UsageError:
            raise
        except Exception as exc:  # a reader's bug must cost its input, not the batch
            results.append(work.failed(item, describe(exc)))
    return results


def parallel(
    work: Work[T, R],
    items: Sequence[T],
    options: ReadOptions,
    config: Config,
    workers: int,
) -> Iterator[tuple[T, R]]:
    """``work`` over ``items`` in order, in worker processes when it pays, read-ahead bounded.

    A worker that dies or overruns its time costs only its item (pebble replaces the
    worker; a group of items is run again one by one); closing this generator early (the
    writer failed, Ctrl-C) stops every worker.
    """
    if workers <= 1 or len(items) < _PARALLEL_FROM:
        start_worker(options, config)
        for group in grouped(items, work.chunks):
            yield from zip(group, _run_here(work, group), strict=True)
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

    def schedule(group: list[T]) -> tuple[list[T], ProcessFuture[list[R]]]:
        if len(group) == 1:
            return group, pool.schedule(_alone, args=(work.run, group[0]), timeout=work.timeout)
        assert work.chunks is not None
        return group, pool.schedule(work.chunks.run, args=(group,), timeout=work.timeout)

    # at most IN_FLIGHT items run ahead of the writer: results waiting here stay bounded
    pending: deque[tuple[list[T], ProcessFuture[list[R]]]] = deque()
    groups = grouped(items, work.chunks)
    in_flight = 0
    finished = False
    try:
        while True:
            for group in groups:
                pending.append(schedule(group))
                in_flight += len(group)
                if in_flight >= IN_FLIGHT:
                    break
            if not pending:
                break
            group, future = pending.popleft()
            in_flight -= len(group)
            why = None
            try:
                results = future.result()
            except TimeoutError:
                why = f"took over {work.timeout:.0f} s; stopped"
            except ProcessExpired as exc:
                why = f"its worker process died ({_exit_reason(exc)})"
            except UsageError:
                raise
            except Exception as exc:
                why = describe(exc)
            if why is not None and len(group) > 1:
                # one of them broke the group: each again alone, ahead of the rest, in order
                retries = [schedule([item]) for item in group]
                pending.extendleft(reversed(retries))
                in_flight += len(group)
                continue
            if why is not None:
                results = [work.failed(group[0], why)]
            yield from zip(group, results, strict=True)
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.stop()
        pool.join()


def _alone(run: Callable[[T], R], item: T) -> list[R]:
    """One item's result as a group of one (what every scheduled call returns)."""
    return [run(item)]


def _exit_reason(exc: BaseException) -> str:
    code = getattr(exc, "exitcode", None)
    if isinstance(code, int) and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
