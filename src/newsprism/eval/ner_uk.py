"""Ukrainian named-entity F1 (PER/ORG/LOC, exact character spans) on lang-uk's ner-uk 2.0.

The bench holds ner-uk's DEV part only (391 brat documents, ``data/{bruk,ng}/*.txt+.ann``);
its TEST part is held out and never read. The recogniser (scripts/train_ner_uk.py) trains on
most of DEV, so a fixed ~15% of its documents, chosen by :func:`is_dev` from the file name
alone, is the held-out cut scored here by default. A folder whose documents are all unseen
(a test folder laid out the same way) is scored whole with ``all_documents=True``.

Gold: the brat spans of PERS (-> PER), ORG, LOC and MISC, nested ones dropped (the outermost
kept, as upstream's IOB conversion does, since a flat recogniser cannot give both), then MISC
and the other nine types (DATE, JOB, MON, ...) left out. Predicted MISC is left out too.

Baseline: CoNLL-2003's (Tjong Kim Sang & De Meulder 2003), fitted on the training cut: every
token sequence seen there as an entity is tagged, wherever it occurs, with its most frequent
type, the longest match first, left to right. It is scored by the same code, under
``"baseline"``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval import BENCH
from newsprism.eval.ner import Counts, Lexicon, lexicon_of, lexicon_spans

DEFAULT_FOLDER = BENCH / "ner-uk"
TYPES = ("PER", "ORG", "LOC")
KEPT = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
"""brat types the recogniser learns, as it names them; the other nine are dates, sums, jobs."""
DEV_PERCENT = 15

Span = tuple[int, int, str]
"""(first character, end character, type) in a document's text."""
Recognise = Callable[[list[str]], list[list[Span]]]

_TEXTBOUND = re.compile(r"^T\d+\t(\S+)[ \t](\d+)[ \t](\d+)(?:\t|$)", re.MULTILINE)
"""A brat text-bound line. bruk's files put a space between type and offsets, ng's a tab;
discontinuous spans (``a b;c d``) do not occur in ner-uk 2.0 and would not match."""


def is_dev(stem: str) -> bool:
    """Whether a document (by file stem) is in the held-out dev cut: a stable hash of its
    name, so the cut never depends on the order, the folder or the machine (60 of 391)."""
    digest = hashlib.sha256(stem.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100 < DEV_PERCENT


@dataclass
class Document:
    stem: str
    source: str
    """The subfolder (bruk: BRUK's mixed genres; ng: Nashi Groshi journalism)."""
    text: str
    entities: list[Span] = field(default_factory=list)
    """Flat gold in KEPT's names (PER, ORG, LOC, MISC), by start."""


def brat_spans(ann: str) -> list[Span]:
    """Every text-bound annotation of a .ann file, as written (all types, nested too)."""
    return [(int(m[2]), int(m[3]), m[1]) for m in _TEXTBOUND.finditer(ann)]


def outermost(spans: Iterable[Span]) -> list[Span]:
    """The KEPT-type spans not inside another one, renamed; of two equal or crossing spans
    the longer, then the one annotated first, wins."""
    kept = [(s, e, KEPT[kind]) for s, e, kind in spans if kind in KEPT and s < e]
    ranked = sorted(enumerate(kept), key=lambda item: (item[1][0] - item[1][1], item[0]))
    chosen: list[Span] = []
    for _, (s, e, kind) in ranked:
        if all(e <= cs or ce <= s for cs, ce, _ in chosen):
            chosen.append((s, e, kind))
    return sorted(chosen)


def read_documents(folder: Path) -> list[Document]:
    """The brat documents of a folder laid out like ner-uk (``data/<source>/*.txt+.ann``),
    sorted by source and stem."""
    data = folder / "data"
    documents = []
    for ann in sorted(data.glob("*/*.ann")):
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            raise UsageError(f"{ann}: no {txt.name} beside it")
        # newline="" keeps "\r\n" as two characters: brat offsets count them
        with txt.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = outermost(brat_spans(ann.read_text(encoding="utf-8")))
        if any(e > len(text) for _, e, _ in spans):
            raise UsageError(f"{ann}: an annotation ends past the text of {txt.name}")
        documents.append(Document(ann.stem, ann.parent.name, text, spans))
    if not documents:
        raise UsageError(f"{folder}: no brat files in {folder}/data/*/ (the ner-uk layout)")
    return documents


@cache
def _tokenizer() -> Any:
    """spaCy's Ukrainian tokenizer alone (no lemmatizer, so no pymorphy3), as in training."""
    import spacy

    return spacy.blank("uk").tokenizer


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-space token of ``text``."""
    return [(t.idx, t.idx + len(t.text), t.text) for t in _tokenizer()(text) if not t.is_space]


def fit_lexicon(documents: Iterable[Document]) -> Lexicon:
    """The baseline's lexicon: each gold entity's tokens, with its most frequent type (ties to
    the first by name). Entities not on token boundaries are skipped."""
    found: list[tuple[tuple[str, ...], str]] = []
    for doc in documents:
        toks = tokens(doc.text)
        starts = {s: i for i, (s, _, _) in enumerate(toks)}
        ends = {e: i for i, (_, e, _) in enumerate(toks)}
        for s, e, kind in doc.entities:
            if s in starts and e in ends:
                found.append((tuple(t for _, _, t in toks[starts[s] : ends[e] + 1]), kind))
    return lexicon_of(found)


def lexicon_recogniser(lexicon: Lexicon) -> Recognise:
    """The baseline as a recogniser: lexicon matches as character spans."""

    def recognise(texts: list[str]) -> list[list[Span]]:
        found = []
        for text in texts:
            toks = tokens(text)
            words = [t for _, _, t in toks]
            found.append(
                sorted((toks[i][0], toks[j - 1][1], k) for i, j, k in lexicon_spans(words, lexicon))
            )
        return found

    return recognise


def counts(gold: Sequence[Sequence[Span]], found: Sequence[Sequence[Span]]) -> dict[str, Counts]:
    """Exact-span true/false positives and misses per type and overall, PER/ORG/LOC only."""
    by_type = {kind: Counts() for kind in (*TYPES, "overall")}
    for g_doc, f_doc in zip(gold, found, strict=True):
        g = {s for s in g_doc if s[2] in TYPES}
        f = {s for s in f_doc if s[2] in TYPES}
        for kind in TYPES:
            gk = {s for s in g if s[2] == kind}
            fk = {s for s in f if s[2] == kind}
            by_type[kind].tp += len(gk & fk)
            by_type[kind].fp += len(fk - gk)
            by_type[kind].fn += len(gk - fk)
        by_type["overall"].tp += len(g & f)
        by_type["overall"].fp += len(f - g)
        by_type["overall"].fn += len(g - f)
    return by_type


def metrics(c: Counts) -> dict[str, float]:
    """One row: precision, recall, F1 and the counts behind them."""
    return {
        "precision": c.precision, "recall": c.recall, "f1": c.f1,
        "tp": float(c.tp), "fp": float(c.fp), "fn": float(c.fn),
    }  # fmt: skip


def default_recogniser(texts: list[str]) -> list[list[Span]]:
    """The shipped recogniser (src/newsprism/data/ner_uk)."""
    from newsprism.nlp.ner_uk import recognise

    return recognise(texts)


def score(
    folder: Path,
    recognise: Recognise | None = None,
    *,
    all_documents: bool = False,
    train_folder: Path | None = None,
) -> dict[str, dict[str, float]]:
    """Per type (PER, ORG, LOC) and ``"overall"``: precision, recall, F1 (and tp/fp/fn) of
    ``recognise`` (default: the shipped model) on the dev cut of ``folder``, or on all of its
    documents with ``all_documents=True`` (for a folder the model never trained on). Under
    ``"baseline"``, the lexicon baseline's rows flattened (``"PER.f1"``, ``"overall.recall"``),
    fitted on the training cut of ``train_folder`` (default: ``folder``, or the bench's ner-uk
    with ``all_documents``) less any scored document; absent when there is none to fit on."""
    documents = read_documents(folder)
    scored = documents if all_documents else [d for d in documents if is_dev(d.stem)]
    if not scored:
        raise UsageError(
            f"{folder}: none of its documents is in ner-uk's dev cut; to score a folder the"
            " model never trained on, pass all_documents=True"
        )
    texts = [d.text for d in scored]
    gold = [d.entities for d in scored]
    found = (recognise or default_recogniser)(texts)
    if len(found) != len(texts):
        raise UsageError(f"the recogniser answered {len(found)} documents for {len(texts)}")
    result = {kind: metrics(c) for kind, c in counts(gold, found).items()}
    result["overall"]["documents"] = float(len(scored))
    source = train_folder or (DEFAULT_FOLDER if all_documents else folder)
    if source.is_dir():
        names = {d.stem for d in scored}
        train = [d for d in read_documents(source) if not is_dev(d.stem) and d.stem not in names]
        if train:
            guessed = lexicon_recogniser(fit_lexicon(train))(texts)
            result["baseline"] = {
                f"{kind}.{name}": value
                for kind, c in counts(gold, guessed).items()
                for name, value in metrics(c).items()
            }
            result["baseline"]["documents_fitted"] = float(len(train))
    return result
