"""Throughput of the framing stage (techniques, frames, genre, roles, narratives).

Ingest and understanding run first, unmeasured, on examples/ plus N SemEval-2023 Task 3
articles from the bench (copied to a temporary folder, never into the repository). Then
``frame_corpus`` is timed twice on the same store: cold (sentence vectors encoded on the fly,
as when the vector cache step has not run) and warm (vectors read from the cache, which
``analyze`` fills before framing). Reports articles/s, words/s and peak memory on this
machine's cores, and beside the cold run the framing encoder alone on the same sentences (the
raw library figure) as a ratio.
``--lang ru`` takes the Russian SemEval-2023 articles (framed by the multilingual set over USE).

    python benchmarks/framing.py [--n 60] [--workers 2] [--lang en|ru]
"""

from __future__ import annotations

import argparse
import os
import resource
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
    parser.add_argument("--lang", choices=("en", "ru"), default="en")
    args = parser.parse_args()
    from newsprism.framing import frame_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "examples", corpus)
        folder = "semeval2023-t3-en" if args.lang == "en" else "semeval2023-t3-multilingual/ru"
        source = BENCH / folder / "train-articles-subtask-3"
        for path in sorted(source.glob("*.txt"))[: args.n]:
            shutil.copy(path, corpus / path.name)
        config = default_config()
        with Store(Path(tmp) / "bench.db") as store:
            analyze([str(corpus)], store, ReadOptions(), config, workers=args.workers)
            understand_corpus(store, config, workers=args.workers)
            articles = store.count()["articles"]
            sentences = store.conn.exec_driver_sql("SELECT COUNT(*) FROM sentences").fetchone()[0]
            words = sum(
                len(str(t).split())
                for (t,) in store.conn.exec_driver_sql("SELECT original_text FROM articles")
            )

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
            texts = [
                str(t)
                for (t,) in store.conn.exec_driver_sql(
                    "SELECT substr(a.original_text, s.start + 1, s.end - s.start) FROM sentences s"
                    " JOIN articles a ON a.id = s.article_id WHERE a.language = ?",
                    (args.lang,),
                )
            ]
            from newsprism.framing.encode import backend
            from newsprism.nlp.embed import encode

            encode(texts[:8], backend(args.lang))  # loaded before timing, as in the runs
            started = time.perf_counter()
            encode(texts, backend(args.lang))
            raw_s = time.perf_counter() - started
    assert cold.articles == warm.articles == articles and not cold.errors
    print(f"cores {os.cpu_count()}; {articles} articles, {sentences} sentences, {labels} labels")
    print(f"cold (encoding sentences): {cold_s:.1f}s = {articles / cold_s:.2f} articles/s,"
          f" {words / cold_s:.0f} words/s;"
          f" the {backend(args.lang)} encoder alone on its {len(texts)} {args.lang} sentences"
          f" {raw_s:.1f}s, ratio {cold_s / raw_s:.2f}")  # fmt: skip
    print(f"warm (cached vectors):     {warm_s:.1f}s = {articles / warm_s:.2f} articles/s,"
          f" {words / warm_s:.0f} words/s")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    print(f"peak RSS {peak:.0f} MB (this process: analysis, both framing runs, the encoder)")


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(True)
    main()
