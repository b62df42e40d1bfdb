"""Named-entity F1 on CoNLL-2003 (4-column IOB files), PER/ORG/LOC only.

spaCy's English pipeline is trained on OntoNotes, whose labels are mapped to CoNLL's:
PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC. MISC has no clean OntoNotes counterpart
(NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE and PRODUCT only partly overlap it), so MISC gold
entities and the spaCy labels that would map to it are left out on both sides. The gold
tokenisation is kept (the pipeline runs on pre-split words), so spans compare exactly.
Published anchor: CoNLL-2003 state of the art about 0.94 F1 (all four types); spaCy reports
about 0.84 F for en_core_web_sm on OntoNotes, a different test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval import f1_score
from newsprism.nlp.models import spacy_pipeline

DEFAULT_SUBDIR = "conll2003/valid.txt"
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
ANCHOR = {"f1": 0.94}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


@dataclass
class NerScore:
    sentences: int = 0
    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)


def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences as (words, IOB tags) from a CoNLL-2003 file (word POS chunk NER)."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if words:
                yield words, tags
            words, tags = [], []
            continue
        if len(parts) < 2:
            raise UsageError(f"{path}: line {line!r} is not CoNLL-2003 (word ... NER-tag)")
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        yield words, tags


def spans_from_iob(tags: list[str]) -> set[tuple[int, int, str]]:
    """(first token, end token, type) of each entity in IOB1 or IOB2 tags."""
    spans = set()
    start = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix in ("O", "B") or label != kind):
            spans.add((start, i, kind))
            start = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label
    return spans


def score(path: Path, limit: int | None = None) -> NerScore:
    """Entity-level exact-match P/R/F1 for PER, ORG and LOC."""
    if path.is_dir():
        path = path / "valid.txt"
    if not path.is_file():
        raise UsageError(f"{path}: no CoNLL-2003 file here; pass --data FILE")
    from spacy.tokens import Doc

    nlp = spacy_pipeline()
    sentences = list(read_conll(path))[:limit]
    result = NerScore(sentences=len(sentences))
    docs = (Doc(nlp.vocab, words=words) for words, _ in sentences)
    for (_, tags), doc in zip(sentences, nlp.pipe(docs, batch_size=256), strict=True):
        gold = {s for s in spans_from_iob(tags) if s[2] in ("PER", "ORG", "LOC")}
        found = {
            (ent.start, ent.end, LABELS[ent.label_]) for ent in doc.ents if ent.label_ in LABELS
        }
        for kind in ("PER", "ORG", "LOC"):
            counts = result.by_type.setdefault(kind, Counts())
            g = {s for s in gold if s[2] == kind}
            f = {s for s in found if s[2] == kind}
            counts.tp += len(g & f)
            counts.fp += len(f - g)
            counts.fn += len(g - f)
        result.overall.tp += len(gold & found)
        result.overall.fp += len(found - gold)
        result.overall.fn += len(gold - found)
    return result
