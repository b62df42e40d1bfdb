"""Pairs/s and memory of the claim-pair cross-encoder, beside raw onnxruntime on the same run.

Pairs are real: cross-document sentence pairs of the ECB+ dev topics in ../shared/bench
(read in place), sampled with a fixed seed. The model judges them through
``PairModel.judge`` (tokenising, one pair per run, two softmaxes); the raw figure runs the
same ONNX session on the same tokenised pairs, so the ratio is what the wrapper costs. Then the
seeds are analysed, and the stories stage's time (which judges every candidate pair of every
story) is read from its summary line.

    python benchmarks/claim_pairs.py [--n 2000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample(n: int) -> list[tuple[str, str]]:
    from newsprism.eval import BENCH
    from newsprism.eval.ecbplus import DEV_TOPICS, read_topics

    found = []
    for sentences in read_topics(BENCH / "ecbplus", DEV_TOPICS).values():
        for i, a in enumerate(sentences):
            for b in sentences[i + 1 :]:
                if a.document != b.document:
                    found.append((a.text, b.text))
    return random.Random(0).sample(found, min(n, len(found)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    from newsprism.stories import pairs

    found = sample(args.n)
    model = pairs.load()
    a, b = [x for x, _ in found], [y for _, y in found]
    model.judge(a[:32], b[:32])  # warm up
    t = time.perf_counter()
    model.judge(a, b)
    ours = time.perf_counter() - t
    encoded = model.tokenizer.encode_batch(list(zip(a, b, strict=True)))
    ids = [e.ids for e in encoded]
    feeds = [
        {
            "input_ids": np.asarray([e.ids], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids], dtype=np.int64),
        }
        for e in encoded
    ]
    t = time.perf_counter()
    for feed in feeds:
        model.session.run(None, feed)
    raw = time.perf_counter() - t
    tokens = sum(len(x) for x in ids)
    print(f"claim pairs: {len(found)} ECB+ dev pairs, {tokens / len(found):.0f} tokens each")
    print(f"  ours: {len(found) / ours:.0f} pairs/s ({ours:.1f} s); raw onnxruntime "
          f"{len(found) / raw:.0f} pairs/s; ratio {ours / raw:.2f}x; peak RSS "
          f"{peak_rss_mb():.0f} MB")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [str(Path(sys.executable).parent / "newsprism"), "analyze", str(REPO / "examples"),
             "--db", str(Path(tmp) / "b.db")],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        lines = (run.stdout + run.stderr).splitlines()
        for line in lines:
            if re.search(r"understood|filed under stories", line):
                print("  analyze examples/:", line.strip())


if __name__ == "__main__":
    main()
