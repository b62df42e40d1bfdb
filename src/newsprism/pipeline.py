"""The analyze job: find inputs, read them in worker processes, store them in batches.

One writer (this process) owns the store; workers only read files and return records, so a
worker may die without touching the store, and a killed run loses at most one batch.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from newsprism.config import Config
from newsprism.errors import UsageError
from newsprism.ingest import read_input
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.sources import Input, find_inputs
from newsprism.nlp.understand import STAGE, TextJob, Understanding, understand
from newsprism.records import Article, IngestError
from newsprism.store.api import BatchResult, FileDone, Store

BATCH_SIZE = 64
IN_FLIGHT = 4 * BATCH_SIZE
NLP_BATCH_SIZE = 16
CANON_STAGE = "canon.v1"
_PARALLEL_FROM = 16
"""Below this many inputs, worker start-up costs more than it saves."""


@dataclass
class Summary:
    """What one analyze run did."""

    db: Path | str
    """The store's file, or its PostgreSQL URL (without the password)."""
    inputs: int = 0
    skipped: int = 0
    """Files unchanged since an earlier run, not read again."""
    result: BatchResult = field(default_factory=BatchResult)
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


_worker_state: tuple[ReadOptions, Config] | None = None
T = TypeVar("T")
R = TypeVar("R")


def _init_worker(options: ReadOptions, config: Config) -> None:
    global _worker_state
    _worker_state = (options, config)


def _read_work(inp: Input) -> list[Article | IngestError]:
    assert _worker_state is not None
    return read_input(inp, *_worker_state)


def _understand_work(job: TextJob) -> Understanding | IngestError:
    """Understand one article; a failure becomes an error for that article, never the run's."""
    assert _worker_state is not None
    try:
        return understand(job, _worker_state[1])
    except UsageError:
        raise  # a missing model is the user's to fix, for every article alike
    except Exception as exc:  # hostile text must not stop the batch
        return IngestError.failed(f"article {job.article_id}", "language stages", exc, STAGE)


class Runner(Protocol):
    """Runs per-article work elsewhere (Dask: ``newsprism.scale``) for the one writer here.

    ``map`` yields each item with its result in input order, so the store is written in the
    same order, and ends up with the same contents, as with local worker processes.
    """

    def map(
        self, work: Callable[[T], R], items: Sequence[T], options: ReadOptions, config: Config
    ) -> Iterator[tuple[T, R]]: ...


def _parallel(
    work: Callable[[T], R],
    items: Sequence[T],
    options: ReadOptions,
    config: Config,
    workers: int,
    preload: Sequence[str],
) -> Iterator[tuple[T, R]]:
    """``work`` over ``items`` in order, in worker processes when it pays, read-ahead bounded."""
    if workers <= 1 or len(items) < _PARALLEL_FROM:
        _init_worker(options, config)
        for item in items:
            yield item, work(item)
        return
    context = multiprocessing.get_context("forkserver")
    # workers forked from a server that already imported these share their pages
    context.set_forkserver_preload(list(preload))
    # at most IN_FLIGHT items run ahead of the writer: results waiting in this process stay
    # bounded however large the corpus (imap's feeder would otherwise run ahead freely)
    window = threading.BoundedSemaphore(IN_FLIGHT)

    def throttled() -> Iterator[T]:
        for item in items:
            window.acquire()
            yield item

    with context.Pool(workers, initializer=_init_worker, initargs=(options, config)) as pool:
        for item, result in zip(items, pool.imap(work, throttled(), chunksize=4), strict=False):
            yield item, result
            window.release()


def _results(
    inputs: Sequence[Input],
    options: ReadOptions,
    config: Config,
    workers: int,
    stdin: bytes | None,
    runner: Runner | None = None,
) -> Iterator[tuple[Input, list[Article | IngestError]]]:
    """Each input with what reading it gave, in input order."""
    for inp in inputs:
        if inp.kind == "stdin":
            yield inp, read_input(inp, options, config, data=stdin)
    rest = [i for i in inputs if i.kind != "stdin"]
    if runner is not None:
        yield from runner.map(_read_work, rest, options, config)
        return
    preload = ["newsprism.ingest", "newsprism.ingest.text", "numpy"]
    yield from _parallel(_read_work, rest, options, config, workers, preload)


@dataclass
class UnderstandSummary:
    articles: int = 0
    entities: int = 0
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)


def understand_corpus(
    store: Store,
    config: Config,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> UnderstandSummary:
    """Run the understanding stage on every article that lacks it (or has a stale version),
    then rebuild the corpus-wide entities from all mentions."""
    from newsprism.nlp.canon import canonicalise, default_tables, tables_from
    from newsprism.store.understanding import (
        all_mentions,
        replace_entities,
        stale_jobs,
        write_understanding,
    )

    started = time.perf_counter()
    summary = UnderstandSummary()
    jobs = list(stale_jobs(store, STAGE))
    pending: list[Understanding] = []
    workers = workers or os.cpu_count() or 1
    preload = ["newsprism.nlp.understand", "spacy"]
    results = (
        runner.map(_understand_work, jobs, ReadOptions(), config)
        if runner is not None
        else _parallel(_understand_work, jobs, ReadOptions(), config, workers, preload)
    )
    for done, (_, result) in enumerate(results, start=1):
        if isinstance(result, IngestError):
            summary.errors.append(result)
            store.record_errors([result])
            continue
        pending.append(result)
        if len(pending) >= NLP_BATCH_SIZE:
            write_understanding(store, pending, STAGE)
            pending.clear()
        if progress:
            progress(done, len(jobs))
    write_understanding(store, pending, STAGE)
    summary.articles = len(jobs)
    row_ids, mentions = all_mentions(store)
    tables = tables_from(config.entities, default_tables())
    entities, assignment = canonicalise(mentions, tables)
    replace_entities(store, entities, row_ids, assignment, CANON_STAGE)
    summary.entities = len(entities)
    summary.seconds = time.perf_counter() - started
    return summary


def analyze(
    names: Iterable[str],
    store: Store,
    options: ReadOptions,
    config: Config,
    workers: int | None = None,
    stdin: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
    arguments: Sequence[str] = (),
    runner: Runner | None = None,
) -> Summary:
    """Read every input under ``names`` into ``store``; return what happened.

    ``progress(done, total)`` is called after each input. Files whose size and modification
    time match a finished earlier run are skipped without being read. With a ``runner`` (Dask)
    the inputs are read there instead of in local worker processes.
    """
    started = time.perf_counter()
    summary = Summary(db=store.path if store.dialect == "sqlite" else store.location)
    run_id = store.start_run(list(arguments) or list(names))
    found = list(find_inputs(list(names)))
    walk_errors = [f for f in found if isinstance(f, IngestError)]
    inputs = [f for f in found if isinstance(f, Input)]
    summary.inputs = len(inputs)
    known = store.known_files()
    todo = []
    for inp in inputs:
        if inp.kind == "file" and known.get(str(Path(inp.name).resolve())) == inp.fingerprint:
            summary.skipped += 1
        else:
            todo.append(inp)
    summary.errors.extend(walk_errors)
    pending_articles: list[Article] = []
    pending_errors: list[IngestError] = list(walk_errors)
    pending_files: list[FileDone] = []
    attempted: list[str] = [e.path for e in walk_errors]
    status = "failed"
    done = summary.skipped

    def flush() -> None:
        summary.result.add(
            store.write_batch(run_id, pending_articles, pending_errors, pending_files, attempted)
        )
        pending_articles.clear()
        pending_errors.clear()
        pending_files.clear()
        attempted.clear()

    try:
        workers = workers or os.cpu_count() or 1
        for inp, results in _results(todo, options, config, workers, stdin, runner):
            errors = [r for r in results if isinstance(r, IngestError)]
            articles = [r for r in results if isinstance(r, Article)]
            pending_articles.extend(articles)
            pending_errors.extend(errors)
            summary.errors.extend(errors)
            attempted.append(inp.name)
            if inp.kind == "file" and not errors:
                pending_files.append(
                    FileDone(str(Path(inp.name).resolve()), inp.fingerprint, len(articles))
                )
            if len(pending_articles) + len(pending_errors) >= BATCH_SIZE:
                flush()
            done += 1
            if progress:
                progress(done, len(inputs))
        flush()
        status = "done"
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.result, status)
    return summary
