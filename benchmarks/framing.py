"""Throughput of the framing stage (techniques, frames, genre, roles, narratives).

Ingest and understanding run first, unmeasured, on examples/ plus N SemEval-2023 Task 3
articles from the bench (copied to a temporary folder, never into the repository). Then
``frame_corpus`` is timed twice on the same store: cold (sentence vectors encoded on the fly,
as when the vector cache step has not run) and warm (vectors read from the cache, which
``analyze`` fills before framing). Reports articles/s on this machine's cores.

    python benchmarks/framing.py [--n 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from newsprism.config import default_config
from newsprism.eval import BENCH
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze, understand_corpus
from newsprism.store.api import Store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=60, help="bench articles added to examples/")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from newsprism.framing import frame_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "examples", corpus)
        source = BENCH / "semeval2023-t3-en" / "train-articles-subtask-3"
        for path in sorted(source.glob("*.txt"))[: args.n]:
            shutil.copy(path, corpus / path.name)
        config = default_config()
        with Store(Path(tmp) / "bench.db") as store:
            analyze([str(corpus)], store, ReadOptions(), config, workers=args.workers)
            understand_corpus(store, config, workers=args.workers)
            articles = store.count()["articles"]
            sentences = store.conn.exec_driver_sql("SELECT COUNT(*) FROM sentences").fetchone()[0]

            # the vectors stage filled the cache: warm first, then without it (cold)
            started = time.perf_counter()
            warm = frame_corpus(store, config)
            warm_s = time.perf_counter() - started

            with store.transaction():
                store.conn.exec_driver_sql("DELETE FROM article_stages WHERE stage='framing'")
                store.conn.exec_driver_sql("DELETE FROM sentence_vectors")
            started = time.perf_counter()
            cold = frame_corpus(store, config)
            cold_s = time.perf_counter() - started
            labels = store.conn.exec_driver_sql("SELECT COUNT(*) FROM labels").fetchone()[0]
    assert cold.articles == warm.articles == articles and not cold.errors
    print(f"cores {os.cpu_count()}; {articles} articles, {sentences} sentences, {labels} labels")
    print(f"cold (encoding sentences): {cold_s:.1f}s = {articles / cold_s:.2f} articles/s")
    print(f"warm (cached vectors):     {warm_s:.1f}s = {articles / warm_s:.2f} articles/s")


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(True)
    main()
