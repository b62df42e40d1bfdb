"""What analyze gives, dumped for comparing two versions of the code ("behaviour kept").

Analyzes the examples and a generated corpus (benchmarks/corpus.py) into fresh stores with
the `newsprism` on this interpreter's path, and writes the JSON export and the JSON of
stories, entities, claims, timeline, quotes and framing to OUTDIR, timestamps and run ids
blanked. Run it once per checkout, then `diff -r` the two folders:

    PYTHONPATH=/old/checkout/src python benchmarks/behaviour.py /tmp/before
    python benchmarks/behaviour.py /tmp/after
    diff -r /tmp/before /tmp/after && echo identical
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
LISTINGS = ("stories", "entities", "claims", "timeline", "quotes", "framing")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")
"""ISO date-times: when a row was written, not what the stages found."""


def newsprism(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", *args], capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"newsprism {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def normalised(text: str) -> str:
    """JSON re-dumped with sorted keys, every ISO date-time blanked."""
    blanked = TIMESTAMP.sub("T", text)
    try:
        return json.dumps(json.loads(blanked), indent=1, sort_keys=True, ensure_ascii=False)
    except json.JSONDecodeError:  # JSON lines
        rows = [json.loads(line) for line in blanked.splitlines() if line.strip()]
        return "\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def dump(corpus: Path, db: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    newsprism("analyze", str(corpus), "--db", str(db), "--quiet")
    export = out / "export.jsonl"
    newsprism("export", "--format", "jsonl", "--db", str(db), "-o", str(export))
    export.write_text(normalised(export.read_text(encoding="utf-8")), encoding="utf-8")
    for listing in LISTINGS:
        text = newsprism(listing, "--db", str(db), "--format", "json")
        (out / f"{listing}.json").write_text(normalised(text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=300, help="generated articles")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "newsprism-behaviour",
        help="where the corpus and stores go (the same for both runs: paths are stored)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        generated = work / "generated"
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(generated), str(args.n)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        dump(EXAMPLES, work / "examples.db", args.outdir / "examples")
        dump(generated, work / "generated.db", args.outdir / "generated")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
