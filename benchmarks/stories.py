"""Time and memory of story clustering at 10k, 50k and 100k articles, and its growth exponent.

The language stages cost ~0.1 s per article (benchmarks/understand.py), so a 100k corpus is
not parsed here: each size gets a generated store holding what the story stage reads -
articles with dates and outlets, sentences whose vectors are in the cache, entity mentions and
dated events - with a known story structure: stories of 1-20 articles over a few days, each
with its own entities and a centroid its sentences scatter around, plus corpus-wide common
entities (Zipf). The story stage (`build_stories`: blocking, alignment, claim groups,
timelines) then runs on it; each size in a fresh process for its own peak RSS (VmHWM).
The sentence-vector cache is filled by the generator, so the figure excludes encoding; the
embedding paths' sentences/s are measured on real sentences by benchmarks/embeddings.py and
repeated here with `--embeddings`. Wall time suffers when the machine is shared; the
exponent is also given for the process's CPU time.

    python benchmarks/stories.py [--sizes 10000 50000 100000] [--embeddings]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SENTENCES = 12
DIMS = 384


def generate(path: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Write a store of ``n`` understood articles with a known story structure."""
    from newsprism.nlp.vectors import model_name
    from newsprism.store.api import Store
    from newsprism.store.embeddings import sentence_key

    rng = np.random.default_rng(seed)
    store = Store(path)
    db = store.conn
    model = model_name()
    common = [f"common{i}" for i in range(200)]
    db.exec_driver_sql("BEGIN")
    for name in common:
        db.exec_driver_sql(
            "INSERT INTO entities(id, canonical_name, type, aliases, key, mentions, stage)"
            " VALUES (?,?,?,?,?,?,?)",
            (name, name, "GPE", "[]", name, 0, "bench"),
        )
    made = stories = 0
    day0 = np.datetime64("2020-01-01")
    while made < n:
        size = int(min(20, rng.geometric(0.25)))
        centroid = rng.standard_normal(DIMS).astype(np.float32)
        centroid /= np.linalg.norm(centroid)
        start_day = int(rng.integers(0, 1500))
        own = [f"s{stories}e{k}" for k in range(4)]
        for name in own:
            db.exec_driver_sql(
                "INSERT INTO entities(id, canonical_name, type, aliases, key, mentions, stage)"
                " VALUES (?,?,?,?,?,?,?)",
                (name, name, "PERSON", "[]", name, 0, "bench"),
            )
        event_day = str(day0 + np.timedelta64(start_day, "D"))
        for _ in range(min(size, n - made)):
            article_id = f"a{made:07d}"
            sentences = [f"Story {stories} article {made} sentence {k}." for k in range(SENTENCES)]
            text = " ".join(sentences)
            published = str(day0 + np.timedelta64(start_day + int(rng.integers(0, 4)), "D"))
            db.exec_driver_sql(
                "INSERT INTO articles(id, source, format, original_text, encoding, clean_spans,"
                " clean_text, content_hash, title, outlet, published, provenance, boilerplate,"
                " metadata, fingerprint, minhash, stage, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, f"/bench/{article_id}.txt", "txt", text, "utf-8",
                 json.dumps([[0, len(text)]]), text, article_id, sentences[0],
                 f"outlet{int(rng.integers(0, 50))}", published, "{}", "[]", "{}", "", b"",
                 "bench", "2026-11-23"),
            )  # fmt: skip
            db.exec_driver_sql(
                "INSERT INTO article_stages(article_id, stage, version, at) VALUES (?,?,?,?)",
                (article_id, "understand", "bench", "2026-11-23"),
            )
            offset = 0
            noise = rng.standard_normal((SENTENCES, DIMS)).astype(np.float32) * 0.045
            vectors = centroid + noise
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            for k, sentence in enumerate(sentences):
                db.exec_driver_sql(
                    'INSERT INTO sentences(article_id, start, "end", stage) VALUES (?,?,?,?)',
                    (article_id, offset, offset + len(sentence), "bench"),
                )
                db.exec_driver_sql(
                    "INSERT INTO sentence_vectors(text_hash, model, vector) VALUES (?,?,?)",
                    (sentence_key(sentence), model, vectors[k].astype(np.float16).tobytes()),
                )
                offset += len(sentence) + 1
            names = own[: int(rng.integers(2, 5))] + list(
                rng.choice(common, size=3, p=_zipf(len(common)))
            )
            for name in names:
                db.exec_driver_sql(
                    'INSERT INTO mentions(article_id, start, "end", text, type, entity_id, stage)'
                    " VALUES (?,?,?,?,?,?,?)",
                    (article_id, 0, 5, name, "PERSON", name, "bench"),
                )
            db.exec_driver_sql(
                'INSERT INTO events(article_id, start, "end", date, granularity, stage)'
                " VALUES (?,?,?,?,?,?)",
                (article_id, 0, len(sentences[0]), event_day, "day", "bench"),
            )
            made += 1
        stories += 1
    db.exec_driver_sql("COMMIT")
    store.close()
    return {"articles": made, "stories": stories}


def _zipf(k: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, k + 1)
    return weights / weights.sum()


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_one(n: int) -> dict[str, float]:
    """Generate a store of ``n`` articles and time the story stage on it (this process)."""
    from newsprism.eval.stories import bcubed
    from newsprism.store.api import Store
    from newsprism.stories.run import build_stories

    with tempfile.TemporaryDirectory(prefix="newsprism-bench-stories-") as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        made = generate(path, n)
        generated = time.perf_counter() - t0
        store = Store(path)
        t0, c0 = time.perf_counter(), time.process_time()
        summary = build_stories(store)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows = store.conn.exec_driver_sql(
            "SELECT a.title, sa.story_id FROM articles a JOIN story_articles sa"
            " ON sa.article_id = a.id"
        ).fetchall()
        gold = {r[0]: r[0].split()[1] for r in rows}
        score = bcubed(gold, {r[0]: r[1] for r in rows})
        store.close()
        size_mb = path.stat().st_size / 1e6
    return {
        "articles": made["articles"],
        "gold_stories": made["stories"],
        "stories": summary.new_stories,
        "generate_s": round(generated, 1),
        "cluster_s": round(seconds, 2),
        "cluster_cpu_s": round(cpu, 2),
        "articles_per_s": round(made["articles"] / seconds, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "store_mb": round(size_mb, 1),
        "b3_precision": round(score.precision, 3),
        "b3_recall": round(score.recall, 3),
    }


def embeddings() -> None:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "embeddings.py"), "--n", "1000"], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--embeddings", action="store_true", help="also time both embedders")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) >= 2:
        xs = [math.log(r["articles"]) for r in results]
        for key in ("cluster_s", "cluster_cpu_s"):
            ys = [math.log(r[key]) for r in results]
            slope = float(np.polyfit(xs, ys, 1)[0])
            print(f"growth exponent of {key} (log-log slope): {slope:.2f}")
    if args.embeddings:
        embeddings()


if __name__ == "__main__":
    main()
