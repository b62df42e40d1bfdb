"""Throughput and memory of the language stages (parse, entities, quotes, claims, time).

Ingest runs first, unmeasured (``analyze --only-ingest``); then ``analyze`` on the same
store does only the understanding stage and the corpus-wide entity pass, measured as the
real CLI in a subprocess, workers included (see ingest.py for how memory is sampled).

    python benchmarks/understand.py [--n 300] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ingest import HERE, _check, _mb, count_words, run_cli


def bench(n: int, workers: int | None, work: Path) -> None:
    corpus_dir, db = work / "corpus", work / "bench.db"
    subprocess.run(
        [sys.executable, str(HERE / "corpus.py"), str(corpus_dir), str(n), "--dup-rate", "0"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    paths = sorted(corpus_dir.rglob("*.txt"))
    words = count_words(paths)
    _check(run_cli(["analyze", str(corpus_dir), "--db", str(db), "--only-ingest"], work), "ingest")
    args = ["analyze", str(corpus_dir), "--db", str(db)]
    if workers is not None:
        args += ["--workers", str(workers)]
    measured = run_cli(args, work)
    _check(measured, "understand")
    rows = [
        ("cores", str(os.cpu_count())),
        ("workers", str(workers) if workers is not None else "default (all cores)"),
        ("articles", str(len(paths))),
        ("seconds", f"{measured.seconds:.2f}"),
        ("articles/s", f"{len(paths) / measured.seconds:.1f}"),
        ("words/s", f"{words / measured.seconds:,.0f}"),
        ("peak RSS main process (MB)", _mb(measured.peak_main_kb * 1024)),
        (
            "peak RSS process tree (MB)",
            f"{_mb(measured.peak_tree_kb * 1024)} ({measured.tree_size} processes)",
        ),
        ("peak PSS process tree (MB)", _mb(measured.peak_tree_pss_kb * 1024)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="articles to generate")
    parser.add_argument("--workers", type=int, default=None, help="passed to analyze")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsprism-understand-"))
    try:
        bench(args.n, args.workers, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
