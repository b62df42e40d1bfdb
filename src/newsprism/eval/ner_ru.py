"""Russian named-entity F1 on factRuEval-2016, read in its own layout (``*.txt`` beside
``*.spans`` and ``*.objects``), PER / ORG / LOC on exact character spans.

An object (the second layer) is one mention: the hull of its name spans (the first layer
tells names, "Левый фронт", from the descriptors around them, "движения", which a name
recogniser does not tag; an object with no name span, "мэрии Москвы" as an organisation, is
left out, its LocOrg "Москвы" kept). Person -> PER, Org -> ORG, Location and LocOrg -> LOC,
as natasha's own factRuEval evaluation maps them.
factRuEval nests mentions ("мэрии Москвы" holds the LocOrg "Москвы"); a flat recogniser can
give only one, so a gold mention inside another gold mention is left out and the outer one
kept. The recogniser is the one `analyze` runs on Russian articles (nlp/russian.py), on each
whole document.

Anchor: slovnet on the factRuEval test set, PER 0.959, LOC 0.915, ORG 0.825 (slovnet's
README; a different split from the devset scored here). Baseline: the CoNLL-style lexicon
baseline (every word sequence seen as a gold mention in the other half of the devset tagged
with its commonest type, longest match first), fitted on the documents of the half not
scored and scored on each half in turn, so no document is scored by a lexicon that saw it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval.ner import Counts, Lexicon, lexicon_of, lexicon_spans

DEFAULT_SUBDIR = "factruEval-2016/devset"
TYPES = ("PER", "ORG", "LOC")
GOLD_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
ANCHOR = {"PER": 0.959, "ORG": 0.825, "LOC": 0.915}
NAME_SPANS = frozenset({"name", "surname", "patronymic", "nickname", "org_name", "loc_name"})
"""The first layer's name spans; descriptors (org_descr "мэрии", loc_descr, job, geo_adj)
are words about a name, not part of it."""
NER_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}

Mentions = set[tuple[int, int, str]]


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: frozenset[tuple[int, int, str]]


@dataclass
class RuNerScore:
    documents: int = 0
    by_type: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    baseline: dict[str, Counts] = field(default_factory=dict)
    baseline_overall: Counts = field(default_factory=Counts)


def documents(folder: Path) -> Iterator[Document]:
    """Each document of a factRuEval folder with its gold PER / ORG / LOC mentions."""
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise UsageError(f"no factRuEval documents (*.txt with *.spans, *.objects) in {folder}")
    for path in texts:
        spans_file, objects_file = path.with_suffix(".spans"), path.with_suffix(".objects")
        if not spans_file.exists() or not objects_file.exists():
            continue
        text = path.read_text(encoding="utf-8")
        spans: dict[str, tuple[int, int]] = {}
        for line in spans_file.read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) >= 4 and fields[1] in NAME_SPANS:
                start = int(fields[2])
                spans[fields[0]] = (start, start + int(fields[3]))
        mentions: set[tuple[int, int, str]] = set()
        for line in objects_file.read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) < 3 or fields[1] not in GOLD_TYPES:
                continue
            parts = [spans[s] for s in fields[2:] if s in spans]
            if parts:
                start, end = min(p[0] for p in parts), max(p[1] for p in parts)
                mentions.add((start, end, GOLD_TYPES[fields[1]]))
        outermost = {
            m
            for m in mentions
            if not any(o != m and o[0] <= m[0] and m[1] <= o[1] for o in mentions)
        }
        yield Document(path.stem, text, frozenset(outermost))


def recognise(text: str) -> Mentions:
    from newsprism.nlp.russian import russian_doc

    _, names = russian_doc(text)
    return {(s, e, NER_LABELS[label]) for s, e, label, _ in names if label in NER_LABELS}


def score(
    folder: Path,
    found: Callable[[str], Mentions] = recognise,
    say: Callable[[str], None] | None = None,
) -> RuNerScore:
    docs = list(documents(folder))
    result = RuNerScore(len(docs))
    halves = (docs[0::2], docs[1::2])
    for n, doc in enumerate(docs):
        _count(result.by_type, result.overall, set(doc.gold), found(doc.text))
        if say and (n + 1) % 20 == 0:
            say(f"  {n + 1}/{len(docs)} documents")
    for scored, fitted in (halves, halves[::-1]):
        lexicon = _lexicon(fitted)
        for doc in scored:
            _count(
                result.baseline, result.baseline_overall, set(doc.gold), _match(doc.text, lexicon)
            )
    return result


def _count(by_type: dict[str, Counts], overall: Counts, gold: Mentions, found: Mentions) -> None:
    for kind in TYPES:
        counts = by_type.setdefault(kind, Counts())
        g = {m for m in gold if m[2] == kind}
        f = {m for m in found if m[2] == kind}
        counts.tp += len(g & f)
        counts.fp += len(f - g)
        counts.fn += len(g - f)
    overall.tp += len(gold & found)
    overall.fp += len(found - gold)
    overall.fn += len(gold - found)


def _words(text: str) -> list[tuple[int, int]]:
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]


def _lexicon(docs: Sequence[Document]) -> Lexicon:
    """Word sequence -> its commonest gold type in ``docs`` (the shared CoNLL-style lexicon)."""
    return lexicon_of(
        (tuple(piece[s:e] for s, e in _words(piece)), kind)
        for doc in docs
        for start, end, kind in doc.gold
        for piece in (doc.text[start:end],)
    )


def _match(text: str, lexicon: Lexicon) -> Mentions:
    """The lexicon's longest matches, left to right, as character spans."""
    words = _words(text)
    found = lexicon_spans([text[s:e] for s, e in words], lexicon)
    return {(words[i][0], words[j - 1][1], kind) for i, j, kind in found}
