"""The analyze job: find inputs, read them in worker processes, store them in batches.

One writer (this process) owns the store; workers only read files and return records, so a
worker may die without touching the store, and a killed run loses at most one batch.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.config import Config
from newsprism.errors import StoreError, UsageError
from newsprism.ingest import read_input, storing
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.sources import Input, find_inputs
from newsprism.nlp.language import ANALYSED
from newsprism.nlp.understand import understanding
from newsprism.records import Article, Found, IngestError, TextJob, Understanding, describe
from newsprism.stages import Stage, check, dependants, needed
from newsprism.store.api import BatchResult, FileDone, Store
from newsprism.workers import Chunks, R, Runner, T, Work, grouped, parallel, worker_state

if TYPE_CHECKING:
    from newsprism.framing.corpus import FramingSummary
    from newsprism.stories.run import StoriesSummary

STAGES: tuple[Stage, ...] = (
    Stage("ingest", 1, "input", (), ("articles",), "newsprism.pipeline:ingest_stage"),
    Stage("furniture", 1, "writer", ("articles",), ("furniture",),
          "newsprism.ingest.furniture:strip_known"),
    Stage("copies", 1, "writer", ("articles",), ("copies",),
          "newsprism.ingest.copies:store_linked"),
    Stage("parse", 2, "article", ("articles",), ("parse", "sentences", "mentions"),
          "newsprism.nlp.understand:parse_stage", batched=True,
          per_language=(("ru", "newsprism.nlp.understand:parse_stage_ru"),
                        ("uk", "newsprism.nlp.understand:parse_stage_uk"))),
    Stage("vectors", 2, "article", ("sentences",), ("vectors",),
          "newsprism.nlp.vectors:vectors_stage", batched=True),
    Stage("quotes", 2, "article", ("parse",), ("quotes",), "newsprism.nlp.understand:quotes_stage",
          per_language=(("ru", "newsprism.nlp.understand:quotes_stage_ru"),
                        ("uk", "newsprism.nlp.understand:quotes_stage_uk"))),
    Stage("times", 1, "article", ("articles",), ("times",), "newsprism.nlp.understand:times_stage",
          per_language=(("ru", "newsprism.nlp.understand:times_stage_ru"),
                        ("uk", "newsprism.nlp.understand:times_stage_ru"))),
    Stage("claims", 3, "article", ("parse", "quotes", "times"), ("claims",),
          "newsprism.nlp.understand:claims_stage"),
    Stage("events", 2, "article", ("parse", "sentences", "times"), ("events",),
          "newsprism.nlp.understand:events_stage"),
    Stage("entities", 2, "corpus", ("mentions",), ("entities",),
          "newsprism.pipeline:entities_stage"),
    Stage("stories", 4, "corpus", ("entities", "events", "claims", "quotes", "vectors"),
          ("stories", "claim_groups", "timeline"), "newsprism.pipeline:stories_stage"),
    Stage("framing", 1, "corpus", ("sentences", "vectors", "mentions", "entities"), ("labels",),
          "newsprism.pipeline:framing_stage"),
)  # fmt: skip
"""The whole chain, in order: a newcomer reads the pipeline here."""
check(STAGES)
# The chain analyses the languages of nlp/language.ANALYSED (ISO 639-1). An article identified
# as another is stored and searchable but not analysed, and the run says so; one of no
# identified language (too few letters, or stored before languages were identified) is
# analysed as English.
ARTICLE_STAGES = tuple(s for s in STAGES if s.kind == "article")
ARTICLE_DEPENDANTS = dependants(ARTICLE_STAGES)
UNDERSTOOD = "+".join(s.tag for s in ARTICLE_STAGES)
"""Recorded per article (stage 'understand') once every per-article stage is current: what
the corpus stages wait for."""
UNDERSTAND_ERRORS = "understand"
"""The stage name on errors of the per-article stages."""

BATCH_SIZE = 64
NLP_BATCH_SIZE = 16
CANON_STAGE = next(s.tag for s in STAGES if s.name == "entities")


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

    warnings: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def note(self, found: Iterable[IngestError]) -> None:
        for item in found:
            (self.warnings if item.is_warning else self.errors).append(item)


@dataclass
class _Read:
    """What reading one input gave, waiting for the writer."""

    name: str
    articles: list[Article]
    errors: list[IngestError]
    """Errors and warnings."""
    done: FileDone | None
    """Set when the input is a file read without error: skipped next time while unchanged."""

    @classmethod
    def of(cls, inp: Input, results: list[Article | IngestError]) -> _Read:
        errors = [r for r in results if isinstance(r, IngestError)]
        articles = [r for r in results if isinstance(r, Article)]
        done = None
        if inp.kind == "file" and not any(not e.is_warning for e in errors):
            done = FileDone(str(Path(inp.name).resolve()), inp.fingerprint, len(articles))
        return cls(inp.name, articles, errors, done)


def write_isolated(
    items: Sequence[T], write: Callable[[Sequence[T]], R], refused: Callable[[T, Exception], R]
) -> list[R]:
    """``write(items)`` in one go; if the store refuses it, each item alone, so only the one
    it cannot take fails (``refused`` records why) and the batch goes on. A StoreError means
    the store itself is unusable (full disk, locked): every write would fail, so it stops."""
    try:
        return [write(items)]
    except StoreError:
        raise
    except Exception:
        pass  # find the item it refuses
    results = []
    for item in items:
        try:
            results.append(write([item]))
        except StoreError:
            raise
        except Exception as exc:
            results.append(refused(item, exc))
    return results


def _write(store: Store, run_id: int, reads: Sequence[_Read], summary: Summary) -> BatchResult:
    """Write a batch of inputs in one transaction (an input the store refuses fails alone)."""

    def attempt(group: Sequence[_Read]) -> BatchResult:
        return storing.write_batch(
            store,
            run_id,
            [a for r in group for a in r.articles],
            [e for r in group for e in r.errors],
            [r.done for r in group if r.done is not None],
            [r.name for r in group],
        )

    def refused(read: _Read, exc: Exception) -> BatchResult:
        error = IngestError(read.name, f"could not be stored: {describe(exc)}")
        summary.note([error])
        return attempt([_Read(read.name, [], [error], None)])

    result = BatchResult()
    for part in write_isolated(reads, attempt, refused):
        result.add(part)
    return result


def _read_work(inp: Input) -> list[Article | IngestError]:
    options, config = worker_state()
    return read_input(inp, options, config)


def _read_failed(inp: Input, why: str) -> list[Article | IngestError]:
    return [IngestError(inp.name, why)]


def run_article_stages(jobs: Sequence[TextJob], config: Config) -> list[Understanding]:
    """The stale per-article stages of a few articles, with what they need computed first: a
    batched stage (parse, vectors) runs once over every article that needs it."""
    plans = [needed(ARTICLE_STAGES, job.stale) for job in jobs]
    found: list[Found] = [{} for _ in jobs]
    for stage in ARTICLE_STAGES:
        by_target: dict[str, list[int]] = {}
        for i, plan in enumerate(plans):
            if stage in plan:
                by_target.setdefault(stage.target_for(jobs[i].language), []).append(i)
        for todo in by_target.values():
            function = stage.function(jobs[todo[0]].language)
            if stage.batched:
                made = function([jobs[i] for i in todo], [found[i] for i in todo], config)
                for i, provided in zip(todo, made, strict=True):
                    found[i].update(provided)
            else:
                for i in todo:
                    found[i].update(function(jobs[i], found[i], config))
    return [understanding(job, f, job.stale) for job, f in zip(jobs, found, strict=True)]


def _understand_group(jobs: Sequence[TextJob]) -> list[Understanding | IngestError]:
    """Understand a few articles together; if they fail together, each alone, so a failure
    becomes an error for its own article, never the group's or the run's."""
    try:
        return list(run_article_stages(jobs, worker_state()[1]))
    except UsageError:
        raise  # a missing model is the user's to fix, for every article alike
    except Exception as exc:  # hostile text must not stop the batch
        if len(jobs) > 1:
            return [result for job in jobs for result in _understand_group([job])]
        return [
            IngestError.failed(
                f"article {jobs[0].article_id}", "language stages", exc, UNDERSTAND_ERRORS
            )
        ]


def _understand_work(job: TextJob) -> Understanding | IngestError:
    return _understand_group([job])[0]


def _understand_failed(job: TextJob, why: str) -> Understanding | IngestError:
    reason = f"language stages failed: {why}"
    return IngestError(f"article {job.article_id}", reason, UNDERSTAND_ERRORS)


READ_TIMEOUT = 300.0
"""Seconds one input may take to read before its worker is killed and the input failed."""
UNDERSTAND_TIMEOUT = 1800.0
"""Seconds one article's language stages may take (an 800k-character article takes ~80 s)."""
READ_WORK = Work(
    _read_work, _read_failed, READ_TIMEOUT, ("newsprism.ingest", "newsprism.ingest.text", "numpy")
)
UNDERSTAND_GROUP = 8
"""Articles understood together (one spaCy stream, one encoder batch), with at most
UNDERSTAND_GROUP_CHARS of text between them (a longer article runs alone)."""
UNDERSTAND_GROUP_CHARS = 40_000
UNDERSTAND_WORK = Work(
    _understand_work, _understand_failed, UNDERSTAND_TIMEOUT,
    ("newsprism.nlp.understand", "newsprism.nlp.vectors", "spacy"),
    Chunks(_understand_group, UNDERSTAND_GROUP, lambda job: len(job.text), UNDERSTAND_GROUP_CHARS),
)  # fmt: skip


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
    yield from parallel(READ_WORK, rest, options, config, workers)


@dataclass
class UnderstandSummary:
    articles: int = 0
    entities: int = 0
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)


def understand_articles(
    store: Store,
    config: Config,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> UnderstandSummary:
    """Run the per-article stages where they are missing or stale (and their dependants),
    in worker processes or on Dask, writing in batches."""
    from newsprism.store.understanding import stale_jobs

    started = time.perf_counter()
    summary = UnderstandSummary()
    jobs = list(stale_jobs(store, ARTICLE_STAGES, ARTICLE_DEPENDANTS, ANALYSED))
    if progress:
        progress(0, len(jobs))
    pending: list[Understanding] = []
    workers = workers or os.cpu_count() or 1
    results = (
        _flat(runner.map(_understand_group, list(grouped(jobs, UNDERSTAND_WORK.chunks)),
                         ReadOptions(), config))
        if runner is not None
        else parallel(UNDERSTAND_WORK, jobs, ReadOptions(), config, workers)
    )  # fmt: skip
    for done, (_, result) in enumerate(results, start=1):
        if isinstance(result, IngestError):
            summary.errors.append(result)
            store.record_errors([result])
        else:
            pending.append(result)
        if len(pending) >= NLP_BATCH_SIZE:
            _write_understood(store, pending, summary)
            pending.clear()
        if progress:
            progress(done, len(jobs))
    _write_understood(store, pending, summary)
    summary.articles = len(jobs)
    summary.seconds = time.perf_counter() - started
    return summary


def _flat(
    groups: Iterator[tuple[list[TextJob], list[Understanding | IngestError]]],
) -> Iterator[tuple[TextJob, Understanding | IngestError]]:
    """Each job with its result, from groups run elsewhere (Dask) with their results."""
    for jobs, results in groups:
        yield from zip(jobs, results, strict=True)


def canonicalise_corpus(store: Store, config: Config) -> int:
    """Rebuild the corpus-wide entities from every mention; returns how many there are."""
    from newsprism.nlp.canon import canonicalise, default_tables, tables_from
    from newsprism.store.understanding import all_mentions, replace_entities

    row_ids, mentions = all_mentions(store)
    tables = tables_from(config.entities, default_tables())
    entities, assignment = canonicalise(mentions, tables)
    replace_entities(store, entities, row_ids, assignment, CANON_STAGE)
    return len(entities)


def understand_corpus(
    store: Store,
    config: Config,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> UnderstandSummary:
    """The chain from the per-article stages through the entities, on what is stored: what
    the evaluations and tests need of a store without stories and framing."""
    started = time.perf_counter()

    def report(stage: str, done: int, total: int | None) -> None:
        if progress is not None and total is not None:
            progress(done, total)

    context = Context((), store, ReadOptions(), config, workers, runner=runner, progress=report)
    run = run_pipeline(context, until="entities", start=ARTICLE_STAGES[0].name)
    summary = run.understood or UnderstandSummary()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_understood(
    store: Store, results: Sequence[Understanding], summary: UnderstandSummary
) -> None:
    """Write a batch of understandings (an article the store refuses fails alone and is
    retried by the next run)."""
    from newsprism.store.understanding import write_understanding

    def refused(result: Understanding, exc: Exception) -> None:
        error = IngestError.failed(
            f"article {result.article_id}", "storing its language stages", exc, UNDERSTAND_ERRORS
        )
        summary.errors.append(error)
        store.record_errors([error])

    if results:
        write_isolated(
            results, lambda batch: write_understanding(store, batch, ARTICLE_STAGES, UNDERSTOOD),
            refused,
        )  # fmt: skip


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
    # every argument and every file found counts, read or not
    summary.inputs = len(found)
    known = store.known_files()
    todo = []
    for inp in inputs:
        if inp.kind == "file" and known.get(str(Path(inp.name).resolve())) == inp.fingerprint:
            summary.skipped += 1
        else:
            todo.append(inp)
    summary.note(walk_errors)
    pending: list[_Read] = [_Read(e.path, [], [e], None) for e in walk_errors]
    status = "failed"
    done = summary.skipped + len(walk_errors)

    def flush() -> None:
        summary.result.add(_write(store, run_id, pending, summary))
        pending.clear()

    try:
        workers = workers or os.cpu_count() or 1
        for inp, results in _results(todo, options, config, workers, stdin, runner):
            read = _Read.of(inp, results)
            summary.note(read.errors)
            pending.append(read)
            if sum(len(r.articles) + len(r.errors) for r in pending) >= BATCH_SIZE:
                flush()
            done += 1
            if progress:
                progress(done, summary.inputs)
        flush()
        status = "done"
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, summary.result, status)
    return summary


StageProgress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: total None while unknown."""


@dataclass
class Context:
    """What the input and corpus stages run with."""

    names: Sequence[str]
    store: Store
    options: ReadOptions
    config: Config
    workers: int | None = None
    stdin: bytes | None = None
    arguments: Sequence[str] = ()
    runner: Runner | None = None
    progress: StageProgress | None = None

    def reporter(self, stage: str) -> Callable[[int, int], None] | None:
        progress = self.progress
        if progress is None:
            return None
        return lambda done, total: progress(stage, done, total)


@dataclass
class PipelineRun:
    """What one `analyze` did, stage by stage (None: the stage did not run)."""

    ingest: Summary
    understood: UnderstandSummary | None = None
    entities: int | None = None
    storied: StoriesSummary | None = None
    framed: FramingSummary | None = None

    @property
    def failed(self) -> bool:
        later = (self.understood, self.storied, self.framed)
        return not self.ingest.ok or any(s is not None and bool(s.errors) for s in later)


def ingest_stage(ctx: Context, run: PipelineRun | None) -> PipelineRun:
    summary = analyze(
        ctx.names, ctx.store, ctx.options, ctx.config, workers=ctx.workers, stdin=ctx.stdin,
        progress=ctx.reporter("ingest"), arguments=ctx.arguments, runner=ctx.runner,
    )  # fmt: skip
    return PipelineRun(summary)


def entities_stage(ctx: Context, run: PipelineRun) -> PipelineRun:
    run.entities = canonicalise_corpus(ctx.store, ctx.config)
    if run.understood is not None:
        run.understood.entities = run.entities
    return run


def stories_stage(ctx: Context, run: PipelineRun) -> PipelineRun:
    from newsprism.stories.run import build_stories

    run.storied = build_stories(ctx.store, progress=ctx.reporter("stories"))
    return run


def framing_stage(ctx: Context, run: PipelineRun) -> PipelineRun:
    from newsprism.framing import frame_corpus

    run.framed = frame_corpus(ctx.store, ctx.config, progress=ctx.reporter("framing"))
    return run


def run_pipeline(
    ctx: Context, until: str = STAGES[-1].name, start: str = STAGES[0].name
) -> PipelineRun:
    """Every stage of the chain from ``start`` to ``until``, in order: the input stage, the
    per-article stages together (one pass of worker processes over the stale articles), then
    each corpus stage. Started after the input stage, it works on what is stored."""
    names = [s.name for s in STAGES]
    for name in (start, until):
        if name not in names:
            raise UsageError(f"no stage {name!r}; the stages are {', '.join(names)}")
    chain = STAGES[names.index(start) : names.index(until) + 1]
    run = None
    if chain and chain[0].kind != "input":
        store = ctx.store
        run = PipelineRun(Summary(db=store.path if store.dialect == "sqlite" else store.location))
    understood = False
    for stage in chain:
        if stage.kind == "writer":
            continue  # run by the input stage's writer as each article is stored
        if stage.kind == "article":
            if not understood and run is not None:
                run.understood = understand_articles(
                    ctx.store, ctx.config, ctx.workers, ctx.reporter("understanding"),
                    ctx.runner,
                )  # fmt: skip
                understood = True
            continue
        run = stage.function()(ctx, run)
    assert run is not None
    return run
