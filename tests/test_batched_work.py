"""Articles run in groups (one spaCy stream and one encoder batch over several articles) and
still fail alone: a group that crashes or hangs is run again item by item; what a group
gives is what each article alone gives."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import cast

from newsprism import workers
from newsprism.config import default_config
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import ARTICLE_STAGES, _understand_group, run_article_stages
from newsprism.records import IngestError, Span, TextJob

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STALE = frozenset(s.name for s in ARTICLE_STAGES)


def _one(item: int) -> str:
    if item == 13:
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == 17:
        time.sleep(60)
    if item == 21:
        raise ValueError("bad 21")
    return f"ok {item}"


def _many(items: list[int]) -> list[str]:
    return [_one(i) for i in items]  # no isolation of its own: a crash takes the group


def _failed(item: int, why: str) -> str:
    return f"failed: {why}"


CHUNKED = workers.Work(_one, _failed, 2.0, (), workers.Chunks(_many, 4, lambda i: 1, 10))


def test_a_group_that_crashes_or_hangs_costs_only_its_bad_item() -> None:
    items = list(range(40))
    started = time.perf_counter()
    results = list(workers.parallel(CHUNKED, items, ReadOptions(), default_config(), 2))
    assert time.perf_counter() - started < 40
    assert [i for i, _ in results] == items  # in input order
    found = dict(results)
    assert found[13].startswith("failed: its worker process died (killed by SIGSEGV")
    assert found[17] == "failed: took over 2 s; stopped"
    assert found[21] == "failed: ValueError: bad 21"
    assert [found[i] for i in items if i not in (13, 17, 21)] == [
        f"ok {i}" for i in items if i not in (13, 17, 21)
    ]


def test_groups_follow_the_count_and_the_weight() -> None:
    chunks = workers.Chunks(_many, 3, lambda i: i, 10)
    assert list(workers.grouped([1, 2, 3, 4, 5, 20, 1], chunks)) == [
        [1, 2, 3], [4, 5], [20], [1],
    ]  # fmt: skip
    assert list(workers.grouped([1, 2], None)) == [[1], [2]]


def test_in_process_a_failing_group_runs_its_items_alone() -> None:
    work = workers.Work(_one, _failed, 2.0, (), workers.Chunks(_many, 4, lambda i: 1, 10))
    results = dict(workers.parallel(work, [20, 21, 22], ReadOptions(), default_config(), 1))
    assert results == {20: "ok 20", 21: "failed: ValueError: bad 21", 22: "ok 22"}


def _jobs() -> list[TextJob]:
    jobs = []
    for i, path in enumerate(sorted(EXAMPLES.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        spans, at = [], 0
        for line in text.split("\n"):
            if line.strip():
                spans.append((at, at + len(line)))
            at += len(line) + 1
        jobs.append(TextJob(f"a{i}", text, tuple(spans), None, STALE))
    return jobs


def test_articles_understood_together_give_what_each_alone_gives() -> None:
    from newsprism.workers import start_worker

    config = default_config()
    start_worker(ReadOptions(), config)
    jobs = _jobs()
    assert len(jobs) >= 3
    alone = [run_article_stages([job], config)[0] for job in jobs]
    together = run_article_stages(jobs, config)
    assert [u.sentences for u in together] == [u.sentences for u in alone]
    assert [u.mentions for u in together] == [u.mentions for u in alone]
    assert [u.quotes for u in together] == [u.quotes for u in alone]
    assert [u.claims for u in together] == [u.claims for u in alone]
    assert [dict(u.vectors).keys() for u in together] == [dict(u.vectors).keys() for u in alone]
    assert all(u.vectors and u.vector_model for u in together)
    assert together == alone  # vectors too: a text's vector does not depend on its batch


def test_a_bad_article_in_a_group_fails_alone() -> None:
    from newsprism.workers import start_worker

    config = default_config()
    start_worker(ReadOptions(), config)
    jobs = _jobs()[:2]
    spans = cast(tuple[Span, ...], (("0", 5),))  # a span no stage can cut the text with
    broken = TextJob("bad", "short", spans, None, STALE)
    results = _understand_group([jobs[0], broken, jobs[1]])
    assert [getattr(r, "article_id", None) for r in results] == [jobs[0].article_id, None,
                                                                 jobs[1].article_id]  # fmt: skip
    assert isinstance(results[1], IngestError) and results[1].path == "article bad"
    assert results[1].reason.startswith("language stages failed: TypeError"), results[1].reason
