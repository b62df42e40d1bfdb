"""A hostile pile of ten thousand inputs and more through the real CLI: does it complete?

Generates inputs of every hostile kind (tests/hostile_corpus.py: empty, binary, every
encoding, repeated-cell CSVs, deep markup, entity bombs, pipes, sockets, broken links, names
with control characters) with a share of good articles, runs `newsprism analyze` on them
with default workers, then checks the outcome against the generator's manifest. Prints
inputs, crashes (tracebacks, or an exit other than 0/1), good articles lost, inputs that
vanished without a line, error and warning lines, time and peak RSS of the process tree.

    python benchmarks/hostile.py [--count 10000] [--only-ingest] [--big 30000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ingest import _mb, run_cli
from newsprism.records import IngestError
from newsprism.store.api import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile_corpus import ARTICLE, ERROR, generate, unlock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--good-share", type=float, default=0.1)
    parser.add_argument("--big", type=int, default=30_000, help="bytes of the large inputs")
    parser.add_argument("--only-ingest", action="store_true", help="skip the language stages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsprism-hostile-") as tmp:
        work = Path(tmp)
        pile = work / "pile"
        manifest = generate(pile, args.count, good_share=args.good_share, big=args.big)
        db = work / "hostile.db"
        cli = [
            "analyze",
            str(pile),
            "--db",
            str(db),
            *(["--only-ingest"] if args.only_ingest else []),
        ]
        goods = sum(e.kind == "good" for e in manifest)
        print(f"{len(manifest):,} inputs ({goods:,} good): newsprism {' '.join(cli)}", flush=True)
        measured = run_cli(cli, work)
        crashed = "Traceback" in measured.stderr or measured.returncode not in (0, 1)
        lines = [line for line in measured.stderr.splitlines() if line.startswith(str(pile))]
        named = "\n".join(lines)
        with Store(db, readonly=True) as store:
            stored = {Path(s.article.source.split("#")[0]) for s in store.articles(True)}
        lost = silent = missing_error = 0
        for item in manifest:
            path = item.path.resolve() if item.path.exists() else item.path
            is_named = IngestError(str(item.path), "").line()[:-2] in named
            if item.outcome == ARTICLE and path not in stored:
                lost += 1
            elif item.outcome == ERROR and not is_named:
                missing_error += 1
            elif path not in stored and not is_named:
                silent += 1
        rerun = run_cli(cli, work)
        with Store(db, readonly=True) as store:
            doubled = sum(1 for _ in store.articles(True)) - len(stored)
        unlock(pile)
    errors = sum(": warning: " not in line for line in lines)
    print(f"inputs              {len(manifest):,}")
    print(f"exit code           {measured.returncode}")
    print(f"crashes             {int(crashed)}")
    print(f"good articles lost  {lost}")
    print(f"bad inputs unnamed  {missing_error + silent}")
    print(f"error lines         {errors:,}")
    print(f"warning lines       {len(lines) - errors:,}")
    print(f"time                {measured.seconds:.1f} s ({len(manifest) / measured.seconds:.0f} "
          "inputs/s)")  # fmt: skip
    print(f"peak RSS (tree)     {_mb(measured.peak_tree_kb * 1024)} MB")
    print(f"rerun               {rerun.seconds:.1f} s, exit {rerun.returncode}, "
          f"articles doubled {doubled}")  # fmt: skip
    return 1 if crashed or lost or missing_error or silent or doubled else 0


if __name__ == "__main__":
    raise SystemExit(main())
