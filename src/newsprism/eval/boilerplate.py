"""How much real article text survives boilerplate removal.

No public gold marks page furniture in plain-text news, but SemEval-2023 Task 3 annotators
marked persuasion-technique spans in the body of 446 real articles, many of which still carry
their sites' tails (bios, donation pleas, copyright lines). Every such span is article text,
so the share of spans left inside the clean text measures body recall: removal that eats
body text shows up here. It cannot measure precision (furniture left in); the example-corpus
tests check that side. Published anchor: none (this is newsprism's own check).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsprism.config import Config
from newsprism.errors import UsageError
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.prepare import prepare
from newsprism.ingest.text import read_text
from newsprism.records import Article, IngestError

DEFAULT_SUBDIR = "semeval2023-t3-en"


@dataclass(frozen=True)
class BoilerplateScore:
    articles: int
    spans: int
    spans_kept: int
    words: int
    words_removed: int
    lost: tuple[tuple[str, str, str], ...]
    """(article file, technique, span text) of each gold span the cleaning removed."""

    @property
    def body_recall(self) -> float:
        return self.spans_kept / self.spans if self.spans else 0.0

    @property
    def removed_share(self) -> float:
        return self.words_removed / self.words if self.words else 0.0


def _inside(article: Article, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in article.clean_spans)


def score(data: Path, config: Config) -> BoilerplateScore:
    """Score on a SemEval-2023 Task 3 folder (train-articles-subtask-3/ + span labels)."""
    articles_dir = data / "train-articles-subtask-3"
    labels_dir = data / "train-labels-subtask-3-spans"
    if not articles_dir.is_dir() or not labels_dir.is_dir():
        raise UsageError(
            f"{data}: expected train-articles-subtask-3/ and train-labels-subtask-3-spans/ "
            "(the SemEval-2023 Task 3 layout)"
        )
    n = spans = kept = words = removed = 0
    lost = []
    for path in sorted(articles_dir.glob("article*.txt")):
        labels = labels_dir / f"{path.stem}-labels-subtask-3.txt"
        if not labels.exists():
            continue
        doc = next(read_text(path.read_bytes(), str(path), ReadOptions()))
        if isinstance(doc, IngestError):
            continue
        article = prepare(doc, config)
        n += 1
        words += len(article.original_text.split())
        removed += sum(len(article.original_text[s:e].split()) for s, e, _ in article.boilerplate)
        for line in labels.read_text().splitlines():
            _, technique, start, end = line.split("\t")
            spans += 1
            if _inside(article, int(start), int(end)):
                kept += 1
            else:
                lost.append((path.name, technique, article.original_text[int(start) : int(end)]))
    return BoilerplateScore(n, spans, kept, words, removed, tuple(lost))
