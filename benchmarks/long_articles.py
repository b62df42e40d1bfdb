"""Time and memory of the whole pipeline on one long article, at growing lengths.

A pasted transcript or a report can be one "article" of hundreds of thousands of characters;
the per-article stages must grow about linearly with it, not with its square. Each length is
one .txt article made of SemEval-2025 Task 10 bench texts (paragraphs kept, in a temporary
folder, never in the repository), run through the real CLI (`analyze`: ingest,
understanding, stories, framing) into a fresh store. Prints seconds, articles/s, words/s,
peak memory and the growth exponent between the shortest and the longest.

    python benchmarks/long_articles.py [--lengths 50000 100000 200000 400000 800000]
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from pathlib import Path

from ingest import _check, _mb, run_cli
from newsprism.eval import BENCH


def bench_text(length: int) -> str:
    """``length`` characters of bench articles, paragraph by paragraph."""
    text = ""
    for path in sorted((BENCH / "semeval2025-t10-en" / "raw-documents").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        text += "\n\n".join(line for line in lines if line.strip()) + "\n\n"
        if len(text) >= length:
            break
    if len(text) < length:
        raise SystemExit(f"the bench holds only {len(text):,} characters")
    return "A long article\n\n" + text[:length]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lengths", type=int, nargs="+", default=[50_000, 100_000, 200_000, 400_000, 800_000]
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsprism-long-"))
    rows = []
    try:
        for length in args.lengths:
            folder = work / f"n{length}"
            folder.mkdir()
            (folder / "long.txt").write_text(bench_text(length), encoding="utf-8")
            measured = run_cli(["analyze", str(folder), "--db", str(work / f"{length}.db")], work)
            _check(measured, f"analyze ({length:,} characters)")
            rows.append((length, measured.seconds, measured.peak_tree_pss_kb))
            words = len(bench_text(length).split())
            print(
                f"{length:>9,} characters ({words:,} words)  {measured.seconds:7.1f} s  "
                f"{1 / measured.seconds:.3f} articles/s  {words / measured.seconds:6,.0f} words/s  "
                f"peak PSS {_mb(measured.peak_tree_pss_kb * 1024)} MB",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(rows) >= 2:
        (n0, t0, _), (n1, t1, _) = rows[0], rows[-1]
        exponent = math.log(t1 / t0) / math.log(n1 / n0)
        print(f"growth exponent of time, {n0:,} -> {n1:,} characters: {exponent:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
