"""Build the background vectors that story clustering subtracts from article vectors.

Mean sentence vectors of news are all alike (cosine ≈ 0.8 between unrelated articles: the
"news" direction dominates). Subtracting the mean vector of a large, varied news sample
leaves what is particular to each article. The sample: 4,000 sentences drawn with a fixed
seed from the PolNeAR training articles (US political news, 7 outlets, 2015-16) and the
SemEval-2023 Task 3 training articles (multi-topic news and opinion), both in ../shared/bench.
Only the mean is shipped, no text.

Run from the repository root with the project's venv:
    .venv/bin/python scripts/build_story_background.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np

from newsprism.nlp.embed import encode

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
OUT = ROOT / "src" / "newsprism" / "data" / "stories"
SAMPLE = 4000
SEED = 20201109


def sentences() -> list[str]:
    files = sorted((BENCH / "polnear" / "train" / "text").glob("*.txt"))
    files += sorted((BENCH / "semeval2023-t3-en" / "train-articles-subtask-3").glob("*.txt"))
    found: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
            piece = " ".join(piece.split())
            if 40 <= len(piece) <= 400:
                found.append(piece)
    return found


def main() -> None:
    pool = sentences()
    random.Random(SEED).shuffle(pool)
    sample = pool[:SAMPLE]
    OUT.mkdir(parents=True, exist_ok=True)
    meta: dict[str, object] = {
        "sentences": len(sample),
        "pool": len(pool),
        "seed": SEED,
        "sources": ["polnear/train/text", "semeval2023-t3-en/train"],
    }
    for backend in ("minilm", "static"):
        mean = encode(sample, backend).mean(axis=0).astype(np.float32)
        np.save(OUT / f"background-{backend}.npy", mean)
        meta[backend] = {"dims": int(mean.shape[0]), "norm": round(float(np.linalg.norm(mean)), 4)}
    (OUT / "background.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
