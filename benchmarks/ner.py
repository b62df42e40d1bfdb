"""Name recognition speed on CoNLL-2003 valid: the small pipeline, the recogniser, both merged.

The sentences are the ones `newsprism eval ner` scores (read by its own reader from
``../shared/bench/conll2003/valid.txt`` beside the repo, or ``--data``), on their gold words,
as the eval runs them (pre-split words, ``nlp.pipe`` in batches of 256). Three
configurations, each in a fresh process so its load time and peak RSS (VmHWM, read from
/proc) are its own:

* ``sm``: the raw en_core_web_sm pipeline (tagger, parser, NER), the library floor;
* ``names``: the shipped CoNLL-trained recogniser alone (src/newsprism/data/ner/, with
  en_core_web_md's vectors);
* ``parse``: the project's parse pipeline, sm + ``newsprism_names`` (``spacy_pipeline()``).

Each prints words/s (CoNLL tokens), sentences/s, CPU seconds and the PER/ORG/LOC F1 of its
own answers, scored as `eval ner` scores them; then the parse pipeline over the floor, in
wall and CPU time. On a shared machine wall time counts the neighbours' load, CPU time far
less. Whole articles (spaCy's own tokens, the parse stage's paragraphs) are measured by
pipeline.py.

    python benchmarks/ner.py [--limit N] [--data FILE] [--only sm --only names --only parse]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from embeddings import peak_rss_mb

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "bench" / "conll2003" / "valid.txt"
CONFIGS = {
    "sm": "raw en_core_web_sm (floor)",
    "names": "recogniser alone",
    "parse": "parse: sm + newsprism_names",
}
PROGRESS_SECONDS = 5.0


def load(config: str) -> Any:
    """The pipeline ``config`` names, warmed up (models loaded, first batch run)."""
    if config == "sm":
        import spacy

        from newsprism.nlp.models import SPACY_MODEL

        nlp = spacy.load(SPACY_MODEL)
    elif config == "names":
        from newsprism.nlp.ner import recogniser

        nlp = recogniser()
    else:
        from newsprism.nlp.models import spacy_pipeline

        nlp = spacy_pipeline()
    nlp("Warm up in London with Jane Doe of Acme Corp.")
    return nlp


def progress(docs: Iterable[Any], config: str, total: int) -> Iterator[Any]:
    """``docs`` unchanged, with a line on stderr every few seconds."""
    started = last = time.perf_counter()
    words = 0
    for done, doc in enumerate(docs, 1):
        words += len(doc)
        now = time.perf_counter()
        if now - last >= PROGRESS_SECONDS:
            last, rate = now, done / (now - started)
            print(
                f"ner: {config} {done}/{total} sentences ({100 * done // total}%), "
                f"{words / (now - started):,.0f} words/s, eta {(total - done) / rate:.0f}s",
                file=sys.stderr,
            )
        yield doc


def child(config: str, data: Path, limit: int | None, batch_size: int) -> None:
    """One configuration in this process: load, run every sentence, print a JSON line."""
    from spacy.tokens import Doc

    from newsprism.eval.ner import LABELS, TYPES, NerScore, read_conll, spans_from_iob

    sentences = list(read_conll(data))[:limit]
    t = time.perf_counter()
    nlp = load(config)
    load_s = time.perf_counter() - t
    rss_loaded = peak_rss_mb()
    docs = [Doc(nlp.vocab, words=words) for words, _ in sentences]
    labels = {kind: kind for kind in TYPES} if config == "names" else LABELS  # CoNLL's own labels
    score = NerScore(sentences=len(sentences))
    t, cpu = time.perf_counter(), time.process_time()
    out = list(progress(nlp.pipe(docs, batch_size=batch_size), config, len(docs)))
    seconds, cpu_s = time.perf_counter() - t, time.process_time() - cpu
    for (_, tags), doc in zip(sentences, out, strict=True):
        gold = {s for s in spans_from_iob(tags) if s[2] in TYPES}
        found = {(e.start, e.end, labels[e.label_]) for e in doc.ents if e.label_ in labels}
        score.add(gold, found)
    result = {
        "sentences": len(sentences),
        "words": sum(len(words) for words, _ in sentences),
        "load_s": load_s,
        "seconds": seconds,
        "cpu_s": cpu_s,
        "rss_loaded_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "f1": score.overall.f1,
        "f1_by_type": {kind: counts.f1 for kind, counts in score.by_type.items()},
        "pipes": list(nlp.pipe_names),
    }
    print(json.dumps(result))


def run_child(config: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", config, str(args.data), str(args.limit or 0)]
    cmd.append(str(args.batch_size))
    print(f"ner: {config} ({CONFIGS[config]}) ...", file=sys.stderr)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # stderr: its progress
    if done.returncode != 0:
        raise SystemExit(f"{config} failed with exit code {done.returncode}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(results: dict[str, dict[str, Any]]) -> None:
    for config, r in results.items():
        by_type = ", ".join(f"{k} {v:.3f}" for k, v in r["f1_by_type"].items())
        print(
            f"{config:<6} {CONFIGS[config]:<28} {r['words'] / r['seconds']:>7,.0f} words/s  "
            f"{r['sentences'] / r['seconds']:>6,.0f} sentences/s  {r['seconds']:5.1f} s "
            f"({r['cpu_s']:.1f} s CPU)  load {r['load_s']:.1f} s  peak RSS "
            f"{r['peak_rss_mb']:.0f} MB ({r['rss_loaded_mb']:.0f} after load)  "
            f"F1 {r['f1']:.3f} ({by_type})"
        )
    if "sm" in results and "parse" in results:
        sm, parse = results["sm"], results["parse"]
        print(
            f"parse / floor       {parse['seconds'] / sm['seconds']:.2f}x the time "
            f"(CPU {parse['cpu_s'] / sm['cpu_s']:.2f}x): "
            f"{(parse['words'] / parse['seconds']) / (sm['words'] / sm['seconds']):.2f} "
            "of the floor's words/s"
        )
        if "names" in results:
            names = results["names"]
            merge = parse["cpu_s"] - sm["cpu_s"] - names["cpu_s"]
            print(f"merge and copies    {merge:+.1f} s CPU (parse − sm − names)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]), int(argv[3]) or None, int(argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a CoNLL-2003 file")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences (all)")
    parser.add_argument("--batch-size", type=int, default=256, help="as eval ner: 256")
    parser.add_argument("--only", action="append", choices=list(CONFIGS), help="default: all")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        raise SystemExit(f"{args.data}: no CoNLL-2003 file; pass --data FILE")
    results = {config: run_child(config, args) for config in args.only or CONFIGS}
    first = next(iter(results.values()))
    print(
        f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; {args.data.name}: "
        f"{first['sentences']:,} sentences, {first['words']:,} words, batch {args.batch_size}"
    )
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
