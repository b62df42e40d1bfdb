"""The whole `analyze` on generated articles beside the raw floor of its two heavy libraries.

Generates N articles (corpus.py: real paragraphs, boilerplate, a share of copies), runs the
real CLI (`analyze`: ingest, the per-article stages in worker processes, entities, stories,
framing) into a fresh store, sampling the RSS of its process tree, and reads each stage's
seconds from what it prints. In the same run it measures the floor: spaCy's `nlp.pipe` over
the same clean texts and the sentence encoder over their sentences, in this one process.
Prints articles/s, words/s, peak RSS, each stage's share, and analyze's time over the floor.

    python benchmarks/pipeline.py [--n 300] [--workers N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest import HERE, _check, _mb, count_words, run_cli
from newsprism.store.api import Store

STAGE_LINES = {
    "understanding": re.compile(r"understood .* in ([\d.]+)s"),
    "stories": re.compile(r"filed under stories .* in ([\d.]+)s"),
    "framing": re.compile(r"framed .* in ([\d.]+)s"),
}
INGEST_TIME = re.compile(r"│\s*([\d.]+)s\s*│")


def floor(texts: list[str]) -> tuple[float, int, float, int]:
    """(spaCy seconds, words, encoder seconds, sentences) for ``texts`` in this process."""
    from newsprism.nlp.embed import encode, load_backend
    from newsprism.nlp.models import spacy_pipeline

    nlp = spacy_pipeline()
    nlp("warm up")
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    spacy_seconds = time.perf_counter() - started
    words = sum(len(doc) for doc in docs)
    sentences = sorted({s.text for doc in docs for s in doc.sents if s.text.strip()})
    load_backend()
    encode(["warm up"])
    started = time.perf_counter()
    encode(sentences)
    return spacy_seconds, words, time.perf_counter() - started, len(sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsprism-pipeline-"))
    try:
        corpus, db = work / "corpus", work / "bench.db"
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(corpus), str(args.n)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        paths = sorted(corpus.rglob("*.txt"))
        words = count_words(paths)
        cli = ["analyze", str(corpus), "--db", str(db)]
        if args.workers is not None:
            cli += ["--workers", str(args.workers)]
        measured = run_cli(cli, work)
        _check(measured, "analyze")
        seconds = {"ingest": float(INGEST_TIME.findall(measured.stdout)[-1])}
        for stage, pattern in STAGE_LINES.items():
            found = pattern.search(measured.stdout)
            seconds[stage] = float(found.group(1)) if found else 0.0
        with Store(db, readonly=True) as store:
            texts = [s.article.clean_text for s in store.articles()]
        spacy_s, spacy_words, encoder_s, sentences = floor(texts)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = measured.seconds
    raw = spacy_s + encoder_s
    print(f"articles            {len(paths)} ({words:,} words; {len(texts)} not copies)")
    print(f"analyze             {total:.1f} s: {len(paths) / total:.2f} articles/s, "
          f"{words / total:,.0f} words/s, peak RSS {_mb(measured.peak_tree_kb * 1024)} MB "
          f"(tree of {measured.tree_size} processes)")  # fmt: skip
    for stage, value in seconds.items():
        print(f"  {stage:<17} {value:7.1f} s  {100 * value / total:5.1f}%")
    rest = total - sum(seconds.values())
    print(f"  {'start-up, other':<17} {rest:7.1f} s  {100 * rest / total:5.1f}%")
    print(
        f"raw spaCy nlp.pipe  {spacy_words / spacy_s:,.0f} tokens/s ({spacy_s:.1f} s, one process)"
    )
    print(f"raw encoder         {sentences / encoder_s:,.0f} sentences/s ({encoder_s:.1f} s, "
          f"{sentences:,} sentences, one process)")  # fmt: skip
    print(f"floor (both)        {raw:.1f} s; analyze / floor = {total / raw:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
