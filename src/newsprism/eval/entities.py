"""Entity canonicalisation scored as B-cubed precision and recall over gold mentions.

The gold (``data/eval/entities_conll_valid.json``, written by the team and stated as such)
groups every PER and ORG mention of 42 CoNLL-2003 valid documents into real-world entities,
across documents too (Lebed in five Chechnya stories is one person). The mentions are given
to :func:`newsprism.nlp.canon.canonicalise` as the NER stage would give them: one article per
document, the CoNLL type as PERSON or ORG, character spans into the document's tokens joined
by spaces (sentences by newlines). The gold spans are used, so only the merging is scored, not
the recognition. A mention canonicalise drops (no entity id) is an entity of its own.

B-cubed (Bagga & Baldwin 1998): per mention, precision is the share of its predicted entity
that shares its gold entity, recall the share of its gold entity that its predicted entity
holds; both averaged over mentions. No figure is published for this gold, so there is no
anchor. Baseline: exact surface match, each distinct mention text one entity ("Lebed" and
"Alexander Lebed" two), scored on the same mentions by the same code.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval import f1_score, gold_text
from newsprism.eval.reports import Report, Say
from newsprism.records import Mention

DEFAULT_SUBDIR = "conll2003/valid.txt"
GOLD = "eval/entities_conll_valid.json"
TYPES = {"PER": "PERSON", "ORG": "ORG"}
SHOWN = 5
"""Wrong merges and splits printed under the table (JSON lists them all)."""

Document = list[list[str]]
"""A CoNLL document: its sentences, each a list of tokens."""


@dataclass(frozen=True)
class GoldMention:
    doc: int
    sentence: int
    start: int
    end: int
    text: str
    type: str
    entity: str


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


@dataclass
class EntitiesEval:
    mentions: list[GoldMention]
    predicted: list[str]
    """Each mention's entity id from canonicalise (dropped mentions get their own)."""
    names: dict[str, str] = field(default_factory=dict)
    """Predicted entity id -> canonicalise's canonical name."""
    dropped: int = 0

    @property
    def gold(self) -> list[str]:
        return [m.entity for m in self.mentions]

    @property
    def gold_entities(self) -> int:
        return len(set(self.gold))

    @property
    def documents(self) -> int:
        return len({m.doc for m in self.mentions})

    def score(self) -> BCubed:
        return b_cubed(self.gold, self.predicted)

    def baseline(self) -> BCubed:
        """Exact surface match: each distinct mention text is one entity."""
        return b_cubed(self.gold, [m.text for m in self.mentions])

    def wrong_merges(self) -> list[dict[str, Any]]:
        """Predicted entities holding mentions of several gold entities, the most mentions
        wrongly joined first (those outside the predicted entity's commonest gold entity)."""
        found = []
        for key, members in _clusters(self.predicted).items():
            golds = Counter(self.mentions[i].entity for i in members)
            if len(golds) > 1:
                found.append({
                    "predicted": self.names.get(key, key),
                    "mentions": len(members),
                    "wrong": len(members) - golds.most_common(1)[0][1],
                    "gold": dict(golds.most_common()),
                })  # fmt: skip
        return sorted(found, key=lambda c: (-c["wrong"], -c["mentions"], c["predicted"]))

    def splits(self) -> list[dict[str, Any]]:
        """Gold entities spread over several predicted entities, the most mentions cut off
        first (those outside the gold entity's largest predicted piece)."""
        found = []
        for entity, members in _clusters(self.gold).items():
            pieces: Counter[str] = Counter()
            for i in members:
                pieces[self.names.get(self.predicted[i], self.mentions[i].text)] += 1
            if len(pieces) > 1:
                found.append({
                    "gold": entity,
                    "mentions": len(members),
                    "cut_off": len(members) - pieces.most_common(1)[0][1],
                    "predicted": dict(pieces.most_common()),
                })  # fmt: skip
        return sorted(found, key=lambda c: (-c["cut_off"], -c["mentions"], c["gold"]))


def _clusters(labels: Sequence[Hashable]) -> dict[Any, list[int]]:
    found: dict[Any, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        found[label].append(i)
    return found


def b_cubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> BCubed:
    """Mention-averaged B-cubed precision and recall of ``predicted`` against ``gold``
    (parallel lists of cluster labels; equal labels, one cluster)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must label the same mentions")
    if not gold:
        return BCubed(0.0, 0.0)
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in pairs.items())
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pairs.items())
    return BCubed(precision / len(gold), recall / len(gold))


def load_gold(path: Path | None = None) -> list[GoldMention]:
    """The gold mentions: the shipped file, or ``path`` in the same format."""
    text = gold_text(path, GOLD, "entities")
    try:
        data = json.loads(text)
        return [GoldMention(**m) for m in data["mentions"]]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise UsageError(
            f"{path or GOLD}: not an entities gold ({exc}); it needs a list 'mentions' of"
            " {doc, sentence, start, end, text, type, entity}"
        ) from None


def read_documents(path: Path) -> list[Document]:
    """CoNLL-2003 documents in file order (split at -DOCSTART-), as sentences of tokens:
    the gold counts documents this way."""
    documents: list[Document] = []
    sentence: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            sentence.append(parts[0])
            continue
        if sentence:
            if not documents:  # a file without -DOCSTART-: one document
                documents.append([])
            documents[-1].append(sentence)
            sentence = []
        if parts:
            documents.append([])
    return documents


def as_mention(gold: GoldMention, documents: Sequence[Document]) -> Mention:
    """The gold mention as the NER stage would record it, its span checked against the
    CoNLL file (a gold made on another file is refused, not scored)."""
    try:
        sentences = documents[gold.doc]
        tokens = sentences[gold.sentence]
    except IndexError:
        raise UsageError(
            f"entities gold: document {gold.doc} sentence {gold.sentence} is not in the CoNLL"
            " file; pass --data the conll2003/valid.txt it was made on"
        ) from None
    if " ".join(tokens[gold.start : gold.end]) != gold.text or gold.type not in TYPES:
        raise UsageError(
            f"entities gold: {gold.text!r} ({gold.type}) is not at document {gold.doc} sentence"
            f" {gold.sentence} tokens {gold.start}-{gold.end}; pass --data the"
            " conll2003/valid.txt it was made on"
        )
    offset = sum(len(" ".join(s)) + 1 for s in sentences[: gold.sentence])
    start = offset + len(" ".join(tokens[: gold.start])) + (1 if gold.start else 0)
    return Mention(str(gold.doc), start, start + len(gold.text), gold.text, TYPES[gold.type])


def score(path: Path, gold_path: Path | None = None) -> EntitiesEval:
    """Canonicalise the gold mentions of the CoNLL file at ``path`` with the default name
    tables and keep each mention's predicted entity."""
    from newsprism.nlp.canon import canonicalise

    if path.is_dir():
        path = path / "valid.txt"
    if not path.is_file():
        raise UsageError(f"{path}: no CoNLL-2003 file here; pass --data FILE")
    gold = load_gold(gold_path)
    documents = read_documents(path)
    mentions = [as_mention(m, documents) for m in gold]
    entities, assignment = canonicalise(mentions)
    predicted = [a if a is not None else f"dropped:{i}" for i, a in enumerate(assignment)]
    return EntitiesEval(
        gold,
        predicted,
        {e.id: e.canonical_name for e in entities},
        sum(a is None for a in assignment),
    )


@dataclass
class EntitiesReport(Report):
    details: dict[str, Any] = field(default_factory=dict)
    """Counts, the baseline's figures and every wrong merge and split, for ``--format json``."""


def _merge_line(merge: dict[str, Any]) -> str:
    parts = ", ".join(f"{name} ×{n}" for name, n in merge["gold"].items())
    return f"wrong merge: {merge['predicted']!r} ({merge['mentions']} mentions) holds {parts}"


def _split_line(split: dict[str, Any]) -> str:
    parts = ", ".join(f"{name!r} ×{n}" for name, n in split["predicted"].items())
    return f"split: {split['gold']} ({split['mentions']} mentions) is cut into {parts}"


def report(data: Path | None, say: Say) -> EntitiesReport:
    """`newsprism eval entities`: B-cubed rows beside the exact-match baseline."""
    from newsprism.eval import BENCH

    result = score(data or BENCH / DEFAULT_SUBDIR)
    ours, base = result.score(), result.baseline()
    merges, splits = result.wrong_merges(), result.splits()
    return EntitiesReport(
        "entities",
        f"entity canonicalisation on {len(result.mentions)} hand-grouped PER/ORG mentions of"
        f" {result.documents} CoNLL-2003 valid documents, {result.gold_entities} gold entities"
        " (gold spans; anchor: none published for this gold; baseline: exact surface string"
        " match)",
        [
            ("B3 precision", ours.precision, None, base.precision),
            ("B3 recall", ours.recall, None, base.recall),
            ("B3 F1", ours.f1, None, base.f1),
        ],
        [_merge_line(m) for m in merges[:SHOWN]] + [_split_line(s) for s in splits[:SHOWN]],
        details={
            "mentions": len(result.mentions),
            "gold_entities": result.gold_entities,
            "predicted_entities": len(set(result.predicted)),
            "dropped": result.dropped,
            "anchor": None,
            "baseline": {
                "what": "exact surface string match",
                "B3 precision": round(base.precision, 4),
                "B3 recall": round(base.recall, 4),
                "B3 F1": round(base.f1, 4),
            },
            "wrong_merges": merges,
            "splits": splits,
        },
    )
