"""``analyze --dask``: the same store as local worker processes, and a killed worker loses
nothing. Everything runs on a real Dask LocalCluster of worker processes."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import default_config
from newsprism.errors import UsageError
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze
from newsprism.scale import DaskRunner, dask_runner
from newsprism.store.api import Store

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT / "benchmarks" / "corpus.py"
LISTINGS = ("entities", "quotes", "claims", "timeline", "stories", "framing")


def generate(out: Path, n: int, seed: int) -> Path:
    subprocess.run(
        [sys.executable, str(CORPUS), str(out), str(n), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )
    return out


def local_cluster() -> distributed.LocalCluster:
    return distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # a free port: never collide with another cluster
        silence_logs=40,  # logging.ERROR: a killed worker's restart is expected here
    )


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with local_cluster() as cluster:
        yield cluster.scheduler_address


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def contents(db: Path, stages: bool) -> dict[str, str]:
    """Everything a user can read out of the store: the export and, when the language stages
    ran, every listing (none of them carries a run timestamp)."""
    found = {"export": run("export", "--format", "jsonl", "--db", str(db))}
    if stages:
        for listing in LISTINGS:
            found[listing] = run(listing, "--format", "json", "--db", str(db))
    return found


def assert_same_store(corpus: Path, tmp_path: Path, scheduler: str, stages: bool) -> None:
    tmp_path.mkdir(exist_ok=True)
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    extra = [] if stages else ["--only-ingest"]
    run("analyze", str(corpus), "--db", str(local), "--workers", "2", *extra)
    run("analyze", str(corpus), "--db", str(dask), "--dask", scheduler, *extra)
    expected, got = contents(local, stages), contents(dask, stages)
    assert expected["export"].count("\n") > 0
    for name, text in expected.items():
        assert got[name] == text, name
    if stages:  # the language stages really ran: there is something to compare
        assert json.loads(expected["entities"]) and json.loads(expected["quotes"])
        # the vectors stage ran as Dask tasks too: the cache is as full as after a local run
        cached = []
        for db in (local, dask):
            with sqlite3.connect(db) as conn:
                cached.append(conn.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0])
        assert cached[0] == cached[1] > 0


def test_examples_give_the_same_store_on_dask(tmp_path: Path, scheduler: str) -> None:
    # every stage: the language stages run as Dask tasks too
    assert_same_store(EXAMPLES, tmp_path, scheduler, stages=True)


@pytest.mark.slow
def test_generated_corpus_with_copies_ingests_the_same_on_dask(
    tmp_path: Path, scheduler: str
) -> None:
    # many partitions, near and exact copies, outlet furniture: all order-sensitive
    corpus = generate(tmp_path / "corpus", 800, seed=11)
    assert_same_store(corpus, tmp_path, scheduler, stages=False)


def test_dask_local_makes_its_own_cluster(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    command = [sys.executable, "-m", "newsprism", "analyze", str(EXAMPLES), "--db", str(db),
               "--dask", "local", "--workers", "2", "--only-ingest"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5


def test_unreachable_scheduler_is_a_usage_error() -> None:
    message = re.escape("cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'")
    with pytest.raises(UsageError, match=message), dask_runner("tcp://127.0.0.1:9", timeout=1.0):
        pass


@pytest.mark.slow
def test_killed_worker_loses_and_doubles_nothing(tmp_path: Path) -> None:
    n = 1000
    corpus = generate(tmp_path / "corpus", n, seed=5)
    files = {str(p.resolve()) for p in corpus.rglob("*.txt")}
    killed: list[tuple[str, int]] = []
    with local_cluster() as cluster, distributed.Client(cluster) as client:
        runner = DaskRunner(client)

        def kill_one_busy_worker(done: int, total: int) -> None:
            if killed or done < total // 4:
                return
            processing = client.processing()
            busy = [w for w, keys in processing.items() if keys]
            assert busy, "no worker had a task to lose: the kill would prove nothing"
            pids = client.run(os.getpid, workers=busy[:1])
            address, pid = next(iter(pids.items()))
            os.kill(pid, signal.SIGKILL)
            killed.append((address, pid))

        with Store(tmp_path / "store.db") as store:
            summary = analyze(
                [str(corpus)], store, ReadOptions(), default_config(),
                progress=kill_one_busy_worker, runner=runner,
            )  # fmt: skip
            assert killed, "the run ended before a worker could be killed"
            assert summary.ok, summary.errors[:3]
            assert summary.result.stored == n
            db = store.conn
            total, distinct = db.exec_driver_sql(
                "SELECT COUNT(*), COUNT(DISTINCT source) FROM articles"
            ).fetchone()
            assert (total, distinct) == (n, n)
            assert {r[0] for r in db.exec_driver_sql("SELECT source FROM articles")} == files
            assert db.exec_driver_sql("SELECT COUNT(*) FROM files").fetchone()[0] == n
            bands = db.exec_driver_sql("SELECT COUNT(*) FROM lsh_bands").fetchone()[0]
            assert (
                bands
                == n
                * db.exec_driver_sql(
                    "SELECT COUNT(*) FROM lsh_bands WHERE article_id=(SELECT MIN(id) FROM articles)"
                ).fetchone()[0]
            )
        # the killed process is gone for good; its nanny started a fresh one
        _, pid = killed[0]
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
