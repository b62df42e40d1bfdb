"""The whole `analyze` on generated articles beside the raw floor of its two heavy libraries.

Generates N articles (corpus.py: real paragraphs, boilerplate, a share of copies), runs the
real CLI (`analyze`: ingest, the per-article stages in worker processes, entities, stories,
framing) into a fresh store, sampling the RSS of its process tree, and reads each stage's
seconds from what it prints. In the same run it measures the floor: spaCy's `nlp.pipe` over
the same clean texts and the sentence encoder over their sentences, in this one process.
Prints articles/s, words/s, peak RSS, each stage's share, and analyze's time over the floor,
each with its CPU seconds (user + system of the whole process tree: on a shared machine wall
time also counts the neighbours' load, CPU time far less).

    python benchmarks/pipeline.py [--n 300] [--workers N]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import resource
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


PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> bool:
    """Make this process the subreaper of its descendants (Linux): analyze's forkserver and
    its workers, whose parent does not wait for them, are then reparented here and waited
    for, so their CPU time shows in RUSAGE_CHILDREN (``/usr/bin/time`` alone misses it)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children_cpu() -> float:
    """User + system seconds of every waited-for descendant so far, after reaping orphans."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)  # workers end within a second of the writer
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def floor(texts: list[str]) -> tuple[float, int, float, int, float, float]:
    """(spaCy seconds, words, encoder seconds, sentences, spaCy CPU s, encoder CPU s) for
    ``texts`` in this process."""
    from newsprism.nlp.embed import encode, load_backend
    from newsprism.nlp.models import spacy_pipeline

    nlp = spacy_pipeline()
    nlp("warm up")
    started, cpu = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=64))
    spacy_seconds, spacy_cpu = time.perf_counter() - started, time.process_time() - cpu
    words = sum(len(doc) for doc in docs)
    sentences = sorted({s.text for doc in docs for s in doc.sents if s.text.strip()})
    load_backend()
    encode(["warm up"])
    started, cpu = time.perf_counter(), time.process_time()
    encode(sentences)
    encoder_seconds, encoder_cpu = time.perf_counter() - started, time.process_time() - cpu
    return spacy_seconds, words, encoder_seconds, len(sentences), spacy_cpu, encoder_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    adopted = adopt_orphans()
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
        cpu_before = children_cpu()
        measured = run_cli(cli, work)
        cpu = children_cpu() - cpu_before
        _check(measured, "analyze")
        seconds = {"ingest": float(INGEST_TIME.findall(measured.stdout)[-1])}
        for stage, pattern in STAGE_LINES.items():
            found = pattern.search(measured.stdout)
            seconds[stage] = float(found.group(1)) if found else 0.0
        with Store(db, readonly=True) as store:
            texts = [s.article.clean_text for s in store.articles()]
        spacy_s, spacy_words, encoder_s, sentences, spacy_cpu, encoder_cpu = floor(texts)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = measured.seconds
    raw = spacy_s + encoder_s
    print(f"articles            {len(paths)} ({words:,} words; {len(texts)} not copies)")
    print(f"analyze             {total:.1f} s: {len(paths) / total:.2f} articles/s, "
          f"{words / total:,.0f} words/s, peak RSS {_mb(measured.peak_tree_kb * 1024)} MB "
          f"(tree of {measured.tree_size} processes)")  # fmt: skip
    print(f"analyze CPU         {cpu:.1f} s user+sys of the process tree"
          + ("" if adopted else " (workers not counted: no subreaper here)"))  # fmt: skip
    for stage, value in seconds.items():
        print(f"  {stage:<17} {value:7.1f} s  {100 * value / total:5.1f}%")
    rest = total - sum(seconds.values())
    print(f"  {'start-up, other':<17} {rest:7.1f} s  {100 * rest / total:5.1f}%")
    print(
        f"raw spaCy nlp.pipe  {spacy_words / spacy_s:,.0f} tokens/s ({spacy_s:.1f} s, "
        f"{spacy_cpu:.1f} s CPU, one process)"
    )
    print(f"raw encoder         {sentences / encoder_s:,.0f} sentences/s ({encoder_s:.1f} s, "
          f"{encoder_cpu:.1f} s CPU, {sentences:,} sentences, one process)")  # fmt: skip
    raw_cpu = spacy_cpu + encoder_cpu
    print(f"floor (both)        {raw:.1f} s, {raw_cpu:.1f} s CPU; analyze / floor = "
          f"{total / raw:.2f} (CPU {cpu / raw_cpu:.2f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
