"""ECB+ read in its own layout: which sentences of which documents tell the same event.

ECB+ (Cybulska and Vossen, LREC 2014; CC BY 3.0) groups news documents by topic, and each topic
into two subtopics about two similar but different seminal events (``<n>ecb.xml`` and
``<n>ecbplus.xml``: two earthquakes, two Oscar hosts). Its annotators linked event mentions
across documents (``CROSS_DOC_COREF`` relations over ``ACTION_*`` and ``NEG_*`` markables) in the
sentences listed by ``ECBplus_coreference_sentences.csv``; only those sentences are read.

Two sentences of different documents *tell the same event* when they hold mentions of one
cross-document event chain: the gold of "same event or claim across articles". The other
subtopic of the same topic is the hard negative: the same kind of event, different facts.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.errors import UsageError

SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
DOCS_DIR = "train-dev"
DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})
"""The dev topics named in the bench's README; every other topic present is train."""

EVENT_TAGS = ("ACTION", "NEG_ACTION")
_FILE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}'’”]|n't|'s|'re|'ve|'ll|'d|'m)(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$“]) ")


@dataclass(frozen=True)
class Sentence:
    """One validated sentence of one document, with the event chains it mentions."""

    topic: str
    subtopic: str
    """``ecb`` or ``ecbplus``: which of the topic's two seminal events the document is about."""
    document: str
    number: int
    text: str
    events: frozenset[str]
    """Instance ids (the relation's ``note``) of the cross-document event chains mentioned."""


def detokenise(tokens: Sequence[str]) -> str:
    """Tokens joined back into readable text (no space before punctuation or clitics)."""
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def _document(path: Path) -> tuple[dict[int, list[str]], dict[int, set[str]]]:
    """Tokens by sentence number, and the event chains each sentence mentions."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise UsageError(f"{path}: not readable as ECB+ XML ({exc})") from None
    tokens: dict[int, list[str]] = {}
    sentence_of: dict[str, int] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "0"))
        tokens.setdefault(number, []).append(token.text or "")
        sentence_of[token.get("t_id", "")] = number
    events: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        if isinstance(markable.tag, str) and markable.tag.startswith(EVENT_TAGS):
            anchors = {sentence_of[a.get("t_id", "")] for a in markable.iter("token_anchor")
                       if a.get("t_id", "") in sentence_of}  # fmt: skip
            events[markable.get("m_id", "")] = anchors
    chains: dict[int, set[str]] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        note = relation.get("note", "")
        for source in relation.iter("source"):
            for number in events.get(source.get("m_id", ""), ()):
                chains.setdefault(number, set()).add(note)
    return tokens, chains


def _validated(folder: Path) -> dict[tuple[str, str], set[int]]:
    path = folder / SENTENCES_CSV
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ECB+'s sentence list ({exc.strerror})") from None
    found: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        try:
            found.setdefault((row["Topic"], row["File"]), set()).add(int(row["Sentence Number"]))
        except (KeyError, ValueError):
            raise UsageError(
                f"{path}: needs the columns Topic, File and Sentence Number (ECB+'s layout)"
            ) from None
    return found


def read_topics(folder: Path, topics: frozenset[str] | None = None) -> dict[str, list[Sentence]]:
    """The validated sentences of each topic (all topics present, or only ``topics``), in
    document and sentence order. ``folder`` holds ``train-dev/<topic>/`` (or the topic folders
    themselves) and ``ECBplus_coreference_sentences.csv``."""
    validated = _validated(folder)
    docs = folder / DOCS_DIR if (folder / DOCS_DIR).is_dir() else folder
    found: dict[str, list[Sentence]] = {}
    for path in sorted(docs.glob("*/*.xml")):
        name = _FILE.match(path.name)
        if not name or (topics is not None and name.group(1) not in topics):
            continue
        topic, number, subtopic = name.groups()
        keep = validated.get((topic, f"{number}{subtopic}"), set())
        if not keep:
            continue
        tokens, chains = _document(path)
        for sentence in sorted(keep & tokens.keys()):
            found.setdefault(topic, []).append(
                Sentence(
                    topic,
                    subtopic,
                    path.stem,
                    sentence,
                    detokenise(tokens[sentence]),
                    frozenset(chains.get(sentence, ())),
                )
            )
    if not found:
        raise UsageError(
            f"{folder}: no ECB+ documents with validated sentences "
            f"(expected {DOCS_DIR}/<topic>/<topic>_<n>ecb[plus].xml and {SENTENCES_CSV})"
        )
    return found


def same_event(a: Sentence, b: Sentence) -> bool:
    """The gold relation: sentences of different documents sharing an event chain."""
    return a.document != b.document and bool(a.events & b.events)


def gold_pairs(sentences: Sequence[Sentence]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < k) of sentences that tell the same event."""
    for i, a in enumerate(sentences):
        for k in range(i + 1, len(sentences)):
            if same_event(a, sentences[k]):
                yield i, k
