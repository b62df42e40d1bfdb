"""Named-entity F1 on CoNLL-2003 (4-column IOB files), PER/ORG/LOC only.

spaCy's English pipeline is trained on OntoNotes, whose labels are mapped to CoNLL's:
PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC. MISC has no clean OntoNotes counterpart
(NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE and PRODUCT only partly overlap it), so MISC gold
entities and the spaCy labels that would map to it are left out on both sides. The gold
tokenisation is kept (the pipeline runs on pre-split words), so spans compare exactly.
Published anchor: CoNLL-2003 state of the art about 0.94 F1 (all four types); spaCy reports
about 0.84 F for en_core_web_sm on OntoNotes, a different test.

Baseline: the CoNLL-2003 shared task's own, fitted on ``train.txt`` beside the scored file:
every word sequence seen as an entity in train is tagged, wherever it occurs, with its most
frequent class there, the longest match first, left to right; all else is O. Tjong Kim Sang
& De Meulder (2003) report 59.61 F1 for it on the English test set and 71.18 (P 78.33, R
65.23) on the development set, all four types; this implementation gives those very dev
figures (``baseline_all_types``). Its MISC answers are dropped like spaCy's, so the rows
score it on PER/ORG/LOC by the same code as the pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval import f1_score
from newsprism.nlp.models import spacy_pipeline

DEFAULT_SUBDIR = "conll2003/valid.txt"
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
ANCHOR = {"f1": 0.94}
BASELINE_TEST_F1 = 0.5961
"""The CoNLL-2003 baseline on the English test set, all four types (Tjong Kim Sang & De
Meulder 2003): quoted for reference, never computed here (the test set is not used)."""
TYPES = ("PER", "ORG", "LOC")


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
    baseline: NerScore | None = None
    """The CoNLL lexicon baseline's counts on the same sentences; None without a train file."""
    baseline_source: str = ""
    """The file the baseline's lexicon was counted on."""
    baseline_all_types: Counts = field(default_factory=Counts)
    """The baseline over all four types, MISC too: the figure the CoNLL-2003 paper reports."""

    def add(self, gold: set[tuple[int, int, str]], found: set[tuple[int, int, str]]) -> None:
        """Count one sentence's gold and found (first token, end token, type) spans."""
        for kind in TYPES:
            counts = self.by_type.setdefault(kind, Counts())
            g = {s for s in gold if s[2] == kind}
            f = {s for s in found if s[2] == kind}
            counts.tp += len(g & f)
            counts.fp += len(f - g)
            counts.fn += len(g - f)
        self.overall.tp += len(gold & found)
        self.overall.fp += len(found - gold)
        self.overall.fn += len(gold - found)


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


Lexicon = dict[tuple[str, ...], str]
"""Word sequence -> the class it most often had as an entity in train."""


def lexicon_of(entities: Iterable[tuple[tuple[str, ...], str]]) -> Lexicon:
    """The CoNLL-style baseline's lexicon (Tjong Kim Sang & De Meulder 2003), shared by every
    language's NER eval: each gold entity's words with their most frequent class (ties to the
    first by name)."""
    seen: dict[tuple[str, ...], Counter[str]] = {}
    for words, kind in entities:
        if words:
            seen.setdefault(words, Counter())[kind] += 1
    return {
        words: min(counts, key=lambda kind: (-counts[kind], kind)) for words, counts in seen.items()
    }


def fit_lexicon(path: Path) -> Lexicon:
    """The lexicon of every entity in a CoNLL file."""
    return lexicon_of(
        (tuple(words[start:end]), kind)
        for words, tags in read_conll(path)
        for start, end, kind in spans_from_iob(tags)
    )


def lexicon_spans(words: Sequence[str], lexicon: Lexicon) -> set[tuple[int, int, str]]:
    """Left to right, the longest word sequence of ``lexicon`` at each position."""
    longest = max((len(k) for k in lexicon), default=0)
    spans = set()
    i = 0
    while i < len(words):
        for end in range(min(len(words), i + longest), i, -1):
            kind = lexicon.get(tuple(words[i:end]))
            if kind is not None:
                spans.add((i, end, kind))
                i = end
                break
        else:
            i += 1
    return spans


def train_file(path: Path) -> Path | None:
    """The ``train.txt`` beside a scored CoNLL file, unless that is the scored file itself
    (a baseline is never fitted on the part it is scored on)."""
    train = path.parent / "train.txt"
    if not train.is_file() or train.resolve() == path.resolve():
        return None
    return train


def score(path: Path, limit: int | None = None) -> NerScore:
    """Entity-level exact-match P/R/F1 for PER, ORG and LOC, with the CoNLL baseline's when
    a ``train.txt`` sits beside ``path``."""
    if path.is_dir():
        path = path / "valid.txt"
    if not path.is_file():
        raise UsageError(f"{path}: no CoNLL-2003 file here; pass --data FILE")
    from spacy.tokens import Doc

    nlp = spacy_pipeline()
    sentences = list(read_conll(path))[:limit]
    result = NerScore(sentences=len(sentences))
    train = train_file(path)
    lexicon = fit_lexicon(train) if train else None
    if train:
        result.baseline = NerScore(sentences=len(sentences))
        result.baseline_source = str(train)
    docs = (Doc(nlp.vocab, words=words) for words, _ in sentences)
    for (words, tags), doc in zip(sentences, nlp.pipe(docs, batch_size=256), strict=True):
        gold = {s for s in spans_from_iob(tags) if s[2] in TYPES}
        found = {
            (ent.start, ent.end, LABELS[ent.label_]) for ent in doc.ents if ent.label_ in LABELS
        }
        result.add(gold, found)
        if result.baseline is not None and lexicon is not None:
            guessed = lexicon_spans(words, lexicon)
            result.baseline.add(gold, {s for s in guessed if s[2] in TYPES})
            everything, all_types = spans_from_iob(tags), result.baseline_all_types
            all_types.tp += len(everything & guessed)
            all_types.fp += len(guessed - everything)
            all_types.fn += len(everything - guessed)
    return result
