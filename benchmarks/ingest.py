"""Ingest throughput and memory of the real ``newsprism analyze`` CLI on a synthetic corpus.

The project's goal is >= 500 articles/s and <= 300 MB peak RSS on 2 cores. Measuring the CLI
as a subprocess (not the library in-process) is deliberate: start-up, worker processes and
the summary all count, as they do for a user. Memory is reported two ways, because workers
are separate processes and one number alone hides them:

* peak RSS of the largest single process, from ``getrusage(RUSAGE_CHILDREN)`` after exit;
* peak *total* RSS of the process tree (the CLI, its forkserver and workers), sampled from
  ``/proc`` every 50 ms, so short spikes between samples can be missed. A sum of RSS counts
  pages the processes share (libraries, copy-on-write memory) once per process, so the peak
  total PSS (shared pages split between their users) is printed beside it.

MB here are 10^6 bytes.

    python benchmarks/ingest.py [--n 10000] [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
POLL_SECONDS = 0.05


@dataclass
class Measured:
    """What one CLI run cost."""

    seconds: float
    returncode: int
    peak_tree_kb: int
    peak_tree_pss_kb: int
    peak_main_kb: int
    tree_size: int
    """Processes in the tree when its total RSS peaked."""
    stdout: str
    stderr: str


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat (no psutil)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # exited between listing and reading
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _proc_kb(path: str, key: bytes) -> int:
    """The ``key`` line of a /proc file in kB; 0 once the process has exited (or is a zombie)."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class TreeSample:
    """One look at the memory of a process tree, in kB."""

    rss: int
    pss: int
    root_rss: int
    processes: int


def sample_tree(root: int) -> TreeSample:
    """Memory of ``root`` and all its descendants right now."""
    children = _children_map()
    pids = [root]
    for pid in pids:  # grows while iterating: breadth-first walk of the tree
        pids.extend(children.get(pid, ()))
    rss = [_proc_kb(f"/proc/{pid}/status", b"VmRSS:") for pid in pids]
    pss = [_proc_kb(f"/proc/{pid}/smaps_rollup", b"Pss:") for pid in pids]
    return TreeSample(sum(rss), sum(pss), rss[0], sum(1 for r in rss if r))


def newsprism_command() -> list[str]:
    """The installed console script when it sits beside this Python, else ``-m newsprism``."""
    script = Path(sys.executable).with_name("newsprism")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsprism"]


def run_cli(args: list[str], logs: Path) -> Measured:
    """Run ``newsprism ARGS`` to completion, sampling the RSS of its process tree."""
    out_path, err_path = logs / "stdout.txt", logs / "stderr.txt"
    peak_tree = peak_pss = peak_main = tree_size = 0
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        # output goes to files, not pipes: a full pipe would stall the child while we poll
        proc = subprocess.Popen([*newsprism_command(), *args], stdout=out, stderr=err)
        while proc.poll() is None:
            sample = sample_tree(proc.pid)
            if sample.rss > peak_tree:
                peak_tree, tree_size = sample.rss, sample.processes
            peak_pss = max(peak_pss, sample.pss)
            peak_main = max(peak_main, sample.root_rss)
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
    # ru_maxrss (kB on Linux) is the largest of all waited-for children so far; the corpus
    # generator ran earlier but is much smaller than the CLI, so this is the CLI's peak
    peak_main = max(peak_main, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return Measured(
        seconds,
        proc.returncode,
        max(peak_tree, peak_main),
        peak_pss,
        peak_main,
        tree_size,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
    )


def count_words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def store_bytes(db: Path) -> int:
    """The store on disk: the database plus any WAL not yet checkpointed."""
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


def stored_articles(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.1f}"


def _check(measured: Measured, what: str) -> None:
    if measured.returncode != 0:
        sys.stderr.write(measured.stdout + measured.stderr[-4000:])
        raise SystemExit(f"{what} failed with exit code {measured.returncode}")


def bench(n: int, workers: int | None, work: Path, seed: int, dup_rate: float) -> None:
    """Generate the corpus under ``work``, ingest it twice and print the measurements."""
    corpus_dir, db = work / "corpus", work / "bench.db"
    subprocess.run(
        [sys.executable, str(HERE / "corpus.py"), str(corpus_dir), str(n), "--seed", str(seed),
         "--dup-rate", str(dup_rate)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    paths = sorted(corpus_dir.rglob("*.txt"))
    words = count_words(paths)
    # ingest and store only: the language stages have their own benchmark (understand.py)
    args = ["analyze", str(corpus_dir), "--db", str(db), "--only-ingest"]
    if workers is not None:
        args += ["--workers", str(workers)]
    first = run_cli(args, work)
    _check(first, "analyze")
    rerun = run_cli(args, work)
    _check(rerun, "rerun")
    rate = len(paths) / first.seconds
    rows = [
        ("cores", str(os.cpu_count())),
        ("workers", str(workers) if workers is not None else "default (all cores)"),
        ("articles", str(len(paths))),
        ("articles in store", str(stored_articles(db))),
        ("seconds", f"{first.seconds:.2f}"),
        ("articles/s", f"{rate:.0f}"),
        ("words/s", f"{words / first.seconds:,.0f}"),
        ("peak RSS main process (MB)", _mb(first.peak_main_kb * 1024)),
        (
            "peak RSS process tree (MB)",
            f"{_mb(first.peak_tree_kb * 1024)} ({first.tree_size} processes)",
        ),
        ("peak PSS process tree (MB)", _mb(first.peak_tree_pss_kb * 1024)),
        ("store size (MB)", _mb(store_bytes(db))),
        ("rerun (nothing changed) seconds", f"{rerun.seconds:.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--workers", type=int, default=None, help="passed to analyze")
    parser.add_argument("--keep", type=Path, help="work here (must be empty) and keep it")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dup-rate", type=float, default=0.05)
    args = parser.parse_args(argv)
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: folder is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args.n, args.workers, args.keep.resolve(), args.seed, args.dup_rate)
        return 0
    work = Path(tempfile.mkdtemp(prefix="newsprism-bench-"))
    try:
        bench(args.n, args.workers, work, args.seed, args.dup_rate)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
