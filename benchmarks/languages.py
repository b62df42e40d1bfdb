"""Articles/s of `analyze` per language, beside the raw library of that language.

For each language, N documents of the bench in it (English: SemEval-2023 T3 train articles;
Russian: factRuEval-2016 devset; Ukrainian: ner-uk DEV) are analysed into a fresh store by the
real CLI in a subprocess (workers included; memory sampled as ingest.py does). The raw figure
of the same run is the language's parser alone on the same texts in this process, one
thread: spaCy's small English pipeline, natasha's segmenter + morphology + syntax + NER for
Russian, the same natasha structure plus the ner-uk recogniser for Ukrainian; the ratio is
analyze's words/s over it.

    python benchmarks/languages.py [--n 60] [--bench ../shared/bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ingest import _check, _mb, run_cli

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "en": "semeval2023-t3-en/train-articles-subtask-1",
    "ru": "factruEval-2016/devset",
    "uk": "ner-uk/data/ng",
}


def raw_words_per_second(language: str, texts: list[str]) -> float:
    """The language's parser alone over ``texts``, in this process."""
    sys.path.insert(0, str(ROOT / "src"))
    words = sum(len(t.split()) for t in texts)
    if language == "en":
        from newsprism.nlp.models import spacy_pipeline

        nlp = spacy_pipeline()
        nlp("warm up")
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    else:
        from newsprism.nlp.russian import russian_doc
        from newsprism.nlp.ukrainian import ukrainian_doc

        make = russian_doc if language == "ru" else ukrainian_doc
        make("Разогрев.")
        started = time.perf_counter()
        for text in texts:
            make(text)
    return words / (time.perf_counter() - started)


def bench(language: str, n: int, bench_dir: Path, work: Path) -> list[tuple[str, str]]:
    folder = work / language
    folder.mkdir()
    files = sorted((bench_dir / SOURCES[language]).glob("*.txt"))[:n]
    texts = []
    for path in files:
        shutil.copy(path, folder / path.name)
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    words = sum(len(t.split()) for t in texts)
    measured = run_cli(["analyze", str(folder), "--db", str(work / f"{language}.db")], work)
    _check(measured, f"analyze {language}")
    raw = raw_words_per_second(language, texts)
    rate = words / measured.seconds
    return [
        ("articles", str(len(files))),
        ("words", f"{words:,}"),
        ("seconds", f"{measured.seconds:.1f}"),
        ("articles/s", f"{len(files) / measured.seconds:.2f}"),
        ("words/s", f"{rate:,.0f}"),
        ("raw parser words/s (one process)", f"{raw:,.0f}"),
        ("analyze / raw", f"{rate / raw:.2f}"),
        ("peak RSS process tree (MB)", _mb(measured.peak_tree_kb * 1024)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60, help="documents per language")
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--languages", default="en,ru,uk")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    work = Path(tempfile.mkdtemp(prefix="newsprism-bench-languages-"))
    try:
        for language in args.languages.split(","):
            print(f"== {language}")
            rows = bench(language, args.n, args.bench, work)
            width = max(len(name) for name, _ in rows)
            for name, value in rows:
                print(f"{name:<{width}}  {value}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
