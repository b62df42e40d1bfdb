"""Throughput and memory of the shipped sentence-embedding backends (no torch needed).

Sentences are real: the paragraphs of ``examples/`` and, when present,
``../shared/bench/semeval2023-t3-en`` beside the repo (read in place, never copied), split at
sentence ends, sampled with a fixed seed. Each backend runs in a fresh process, so its load
time and peak RSS are its own (peak RSS is the process's VmHWM, read from /proc).

    python benchmarks/embeddings.py [--n 2000] [--backend minilm --backend static]

Quality against the torch original is measured by scripts/build_embeddings.py (it needs torch)
and recorded in src/newsprism/data/embeddings/MANIFEST.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared" / "bench" / "semeval2023-t3-en" / "train-articles-subtask-1"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z])")
"""Rough, but enough for throughput: quality runs use pysbd (scripts/build_embeddings.py)."""


def sentences(n: int, seed: int = 0) -> list[str]:
    files = sorted(EXAMPLES.glob("*.txt")) + sorted(SHARED.glob("*.txt"))
    seen: dict[str, None] = {}
    for file in files:
        for para in re.split(r"\n\s*\n", file.read_text(encoding="utf-8")):
            for s in SENTENCE_END.split(" ".join(para.split())):
                if len(s.split()) >= 4:
                    seen.setdefault(s.strip(), None)
    pool = list(seen)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def peak_rss_mb() -> float:
    """VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent process."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(backend: str, sentences_file: str, batch_size: int) -> None:
    """One backend in this process: load, warm up, encode all, print a JSON line."""
    batch = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    t = time.perf_counter()
    from newsprism.nlp.embed import encode, load_backend

    load_backend(backend).encode(["warm up"])
    load = time.perf_counter() - t
    t = time.perf_counter()
    vectors = encode(batch, backend=backend, batch_size=batch_size)
    seconds = time.perf_counter() - t
    result = {
        "load_s": round(load, 2),
        "sentences_per_s": round(len(batch) / seconds, 1),
        "words_per_s": round(sum(len(s.split()) for s in batch) / seconds),
        "dims": int(vectors.shape[1]),
        "peak_rss_mb": round(peak_rss_mb()),
        "torch_imported": "torch" in sys.modules,
    }
    print(json.dumps(result))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], argv[2], int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="sentences to encode")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--backend", action="append", choices=["minilm", "static"], help="default: both"
    )
    args = parser.parse_args(argv)
    batch = sentences(args.n)
    print(f"cores {os.cpu_count()}, {len(batch)} sentences, batch size {args.batch_size}")
    with tempfile.TemporaryDirectory(prefix="newsprism-embed-bench-") as tmp:
        file = Path(tmp) / "sentences.json"
        file.write_text(json.dumps(batch), encoding="utf-8")
        for backend in args.backend or ["minilm", "static"]:
            cmd = [sys.executable, __file__, "--child", backend, str(file), str(args.batch_size)]
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{backend:<7} failed:\n{done.stderr}", file=sys.stderr)
                return 1
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{backend:<7} {r['dims']} dims  load {r['load_s']:.2f} s  "
                f"{r['sentences_per_s']:>9,.0f} sentences/s  {r['words_per_s']:>9,} words/s  "
                f"peak RSS {r['peak_rss_mb']} MB  torch imported: {r['torch_imported']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
