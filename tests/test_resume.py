"""Kill ``newsprism analyze`` mid-run with SIGKILL, rerun it, and find every file stored once.

The store promises that a run killed at any moment loses at most the batch in flight and
that a rerun skips what was committed. SIGKILL is the honest test of that promise: no
``finally``, no atexit, workers killed alongside the writer (the whole process group goes).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus.py"
N_ARTICLES = 2000
ATTEMPTS = 3
POLL_SECONDS = 0.01
RUN_TIMEOUT = 300.0
"""A generous ceiling so a hung run fails the test instead of hanging CI."""


def committed(db: Path) -> int | None:
    """Articles committed so far, read the way a second process would; None if not yet known.

    The writer may be creating or migrating the store, or holding a lock: none of that is
    an error here, only "ask again later".
    """
    if not db.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # locked, not yet WAL, no table yet
        return None


def count_after_kill(db: Path) -> int:
    """Articles the killed run left behind (the writer is dead, so no retries are needed)."""
    if not db.exists():
        return 0
    with closing(sqlite3.connect(db)) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # killed before the tables existed
            return 0


def kill_mid_run(command: list[str], db: Path, target: int) -> int:
    """Start ``command``, SIGKILL its process group once ``target`` articles are committed.

    Returns the number of articles in the store after the kill, or -1 when the run finished
    before the kill could land.
    """
    log = db.with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            count = committed(db)
            if count is not None and count >= target:
                break
            time.sleep(POLL_SECONDS)
        if proc.poll() is not None:
            assert proc.returncode == 0, log.read_text(encoding="utf-8", errors="replace")
            return -1  # finished on its own: too late to kill
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    return count_after_kill(db)


def last_run(db: Path) -> dict[str, object]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT stored, updated, unchanged, copies, errors, status FROM runs"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return dict(row)


@pytest.mark.slow
def test_killed_run_resumes_and_stores_every_file_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    # keep the default share of duplicates: copies are stored too, each under its own source
    subprocess.run(
        [sys.executable, str(CORPUS), str(corpus), str(N_ARTICLES), "--seed", "7"],
        check=True,
        capture_output=True,
    )
    files = {str(p.resolve()) for p in corpus.rglob("*.txt")}
    assert len(files) == N_ARTICLES

    # kill a quarter of the way in; if the run outpaces the polling, kill earlier next time
    target = N_ARTICLES // 4
    for attempt in range(ATTEMPTS):
        db = tmp_path / f"store-{attempt}.db"
        command = [
            sys.executable, "-m", "newsprism", "analyze", str(corpus), "--db", str(db),
            "--only-ingest",
        ]  # fmt: skip
        at_kill = kill_mid_run(command, db, target)
        if 0 < at_kill < N_ARTICLES:
            break
        target = max(1, target // 8)
    else:
        pytest.fail(f"could not kill the run mid-way in {ATTEMPTS} attempts (last: {at_kill})")

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    second = last_run(db)
    assert second["status"] == "done"
    # only what the killed run had not committed is read and stored again
    assert (second["stored"], second["updated"]) == (N_ARTICLES - at_kill, 0), second

    with closing(sqlite3.connect(db)) as conn:
        total, distinct = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT source) FROM articles"
        ).fetchone()
        sources = {row[0] for row in conn.execute("SELECT source FROM articles")}
        recorded = conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert (total, distinct) == (N_ARTICLES, N_ARTICLES)
    assert sources == files
    assert recorded == N_ARTICLES

    again = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert again.returncode == 0, again.stdout + again.stderr
    third = last_run(db)
    assert third["status"] == "done"
    assert (third["stored"], third["updated"], third["errors"]) == (0, 0, 0), third
