"""Claim groups scored two ways: on ECB+ (the default) and on a small hand-made seed gold.

ECB+ (``--data`` a folder laid out like ../shared/bench/ecbplus): each topic is read as one story
of many outlets (one per document), one claim per validated sentence, both subtopics together
(the other subtopic is a similar but different event: the hard negatives). Every pair of
sentences of different documents is scored: gold "same event or claim" when they mention one
cross-document event chain, predicted when group_claims puts them in one group. Reported: pair
precision and recall, and the precision of the pairs inside "corroborated" groups. Only the dev
topics named in the bench's README are scored; the cut-offs were chosen on them. Baseline: each
topic one group (recall 1 at the gold rate).

The seed gold (``data/eval/claims_seeds.json``, written by the team and stated as such) lists
pairs of sentences from two articles with the relation a reader sees: ``corroborated`` (same
proposition, agreeing), ``contradicted`` (opposite facts), ``framed_differently`` (same
proposition, opposite evaluative wording) or ``different``. The pipeline runs on the articles
(``examples/`` by default); each pair's predicted relation is the status of the claim group
holding both sentences, or ``different`` when no group holds both. A sanity check, not a
benchmark: 13 pairs. Its baseline is the majority relation of the very pairs scored
(optimistic, and said so); a label the majority never answers has no precision.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval import analysed_store, f1_score, gold_text
from newsprism.eval.ecbplus import DEV_TOPICS, SENTENCES_CSV, Sentence, read_topics, same_event
from newsprism.nlp.embed import Vectors, encode
from newsprism.store import scoring
from newsprism.stories.claims import (
    ClaimInput,
    Judged,
    candidate_pairs,
    group_claims,
    judge_pairs,
)
from newsprism.stories.pairs import PairModel

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
LABELS = ("corroborated", "contradicted", "framed_differently")


@dataclass
class PairResult:
    a: tuple[str, str]
    b: tuple[str, str]
    gold: str
    predicted: str


@dataclass
class ClaimsEval:
    pairs: list[PairResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Gold sentences found in no claim of the store (reported, scored as ``different``)."""

    def precision(self, label: str) -> float | None:
        chosen = [p for p in self.pairs if p.predicted == label]
        return sum(p.gold == label for p in chosen) / len(chosen) if chosen else None

    def recall(self, label: str) -> float | None:
        wanted = [p for p in self.pairs if p.gold == label]
        return sum(p.predicted == label for p in wanted) / len(wanted) if wanted else None

    def accuracy(self) -> float:
        return (
            sum(p.gold == p.predicted for p in self.pairs) / len(self.pairs) if self.pairs else 0.0
        )

    def majority(self) -> str | None:
        """The most frequent gold relation (ties to the first by name)."""
        counts = Counter(p.gold for p in self.pairs)
        return min(counts, key=lambda label: (-counts[label], label)) if counts else None

    def baseline(self) -> ClaimsEval:
        """The same pairs with the majority relation as every prediction."""
        answer = self.majority() or "different"
        return ClaimsEval([replace(p, predicted=answer) for p in self.pairs])


def load_gold(path: Path | None = None, shipped: str = "eval/claims_seeds.json") -> dict[str, Any]:
    text = gold_text(path, shipped, "claims")
    try:
        data: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path or 'claims gold'}: not JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if not isinstance(data.get("pairs"), list):
        raise UsageError(f"{path or 'claims gold'}: needs a list 'pairs' of {{a, b, relation}}")
    return data


def evaluate(
    articles: Path = EXAMPLES, gold_path: Path | None = None, gold: dict[str, Any] | None = None
) -> ClaimsEval:
    """Analyse ``articles`` into a fresh store and score the gold pairs against its groups.

    A pair names each sentence by the first characters of its file name ("002"; "" for any)
    and a fragment of its text.
    """
    gold = gold or load_gold(gold_path)
    result = ClaimsEval()
    with analysed_store([articles], articles) as store:
        rows = scoring.claim_statuses(store)
    claims = [(Path(r[0]).name, " ".join(r[3][r[1] : r[2]].split()), r[4], r[5]) for r in rows]

    def find(ref: list[str]) -> tuple[str | None, str | None]:
        prefix, fragment = ref
        for name, text, status, group in claims:
            if name.startswith(prefix) and fragment in text:
                return status, group
        result.missing.append(f"{prefix}: {fragment}")
        return None, None

    for pair in gold["pairs"]:
        (_, group_a), (status_b, group_b) = find(pair["a"]), find(pair["b"])
        same = group_a is not None and group_a == group_b
        predicted = str(status_b) if same and status_b in LABELS else "different"
        result.pairs.append(
            PairResult(
                (str(pair["a"][0]), str(pair["a"][1])),
                (str(pair["b"][0]), str(pair["b"][1])),
                str(pair["relation"]),
                predicted,
            )
        )
    return result


CHECKED = "eval/claims_checked.json"
CHECKED_MONTH = ("2016-07-10", "2016-08-10")
"""The PolNeAR train articles of the hand-checked set: the weeks of the two conventions."""


def evaluate_checked(bench: Path, gold_path: Path | None = None) -> ClaimsEval:
    """The hand-checked cross-outlet pairs (``data/eval/claims_checked.json``): the examples,
    PolNeAR dev and the PolNeAR train articles of CHECKED_MONTH, read from ``bench`` (each as
    a JSON line with its publisher as outlet and its date, from the file name) and analysed in
    one store; each pair scored as :func:`evaluate` does."""
    import re
    import shutil
    import tempfile

    gold = load_gold(gold_path, CHECKED)
    with tempfile.TemporaryDirectory(prefix="newsprism-claims-checked-") as tmp:
        folder = Path(tmp)
        for example in sorted(EXAMPLES.glob("*.txt")):
            shutil.copy(example, folder / example.name)
        for split, (first, last) in (("dev", ("", "9999")), ("train", CHECKED_MONTH)):
            texts = bench / "polnear" / split / "text"
            if not texts.is_dir():
                raise UsageError(f"{texts}: not found (PolNeAR {split}, as in ../shared/bench)")
            with (folder / f"polnear-{split}.jsonl").open("w", encoding="utf-8") as out:
                for path in sorted(texts.glob("*.txt")):
                    named = re.match(r"([a-z-]+)_(\d{4}-\d{2}-\d{2})_", path.name)
                    if named is None or not first <= named.group(2) <= last:
                        continue
                    text = path.read_text(encoding="utf-8")
                    row = {
                        "url": f"polnear/{split}/{path.stem}",
                        "outlet": named.group(1),
                        "published": named.group(2),
                        "title": text.split("\n", 1)[0].strip(),
                        "text": text,
                    }
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return evaluate(folder, gold=gold)


ECB_DATA = "ecbplus"
"""The bench folder of ECB+ (topic folders plus ECBplus_coreference_sentences.csv)."""


@dataclass
class EcbScores:
    """Cross-document sentence pairs of ECB+ topics: gold "same event" against "one group"."""

    pairs: int = 0
    gold: int = 0
    linked: int = 0
    linked_right: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    """Groups by status."""
    by_status: Counter[str] = field(default_factory=Counter)
    """Linked pairs by their group's status."""
    right_by_status: Counter[str] = field(default_factory=Counter)
    """Of those, the pairs that tell one gold event."""

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    def pair_precision(self) -> float:
        return self._ratio(self.linked_right, self.linked)

    def pair_recall(self) -> float:
        return self._ratio(self.linked_right, self.gold)

    def status_precision(self, status: str) -> float:
        """Of the pairs in groups of ``status``, the share telling one gold event."""
        return self._ratio(self.right_by_status[status], self.by_status[status])

    def corroborated_precision(self) -> float:
        return self.status_precision("corroborated")

    def pair_f1(self) -> float:
        return f1_score(self.pair_precision(), self.pair_recall())


def ecb_claims(found: Sequence[Sentence]) -> list[ClaimInput]:
    """One claim per validated sentence, each document its own outlet (ECB+ documents come
    from many outlets; the corpus does not name them)."""
    return [
        ClaimInput(
            claim_id=i, article_id=s.document, source=s.document, outlet=s.document,
            text=s.text, start=s.number, end=s.number + 1, attributed_to=None, hedges=(),
            entities=frozenset(), dates=frozenset(),
        )
        for i, s in enumerate(found)
    ]  # fmt: skip


def score_ecb(
    topics: dict[str, list[Sentence]],
    vectors: dict[str, Vectors],
    cutoffs: tuple[float, float] | None = None,
    model: PairModel | None = None,
    verdicts: dict[str, list[Judged]] | None = None,
) -> EcbScores:
    """Each topic read as one story (both subtopics: the hard negatives) through
    stories.claims.group_claims; every cross-document pair scored. ``verdicts`` keeps the
    model's verdicts per topic across calls (for trying many cut-offs)."""
    scores = EcbScores()
    for topic, found in topics.items():
        claims = ecb_claims(found)
        judged = None if verdicts is None else verdicts.get(topic)
        if judged is None:
            judged = judge_pairs(claims, candidate_pairs(claims, vectors[topic]), model)
            if verdicts is not None:
                verdicts[topic] = judged
        groups = group_claims(
            topic, claims, vectors[topic], cutoffs=cutoffs, model=model, judged=judged
        )
        group_of: dict[int, tuple[str, str]] = {}
        for g in groups:
            scores.statuses[g.status] += 1
            for m in g.members:
                group_of[m.claim_id] = (g.id, g.status)
        for i, a in enumerate(found):
            for k in range(i + 1, len(found)):
                b = found[k]
                if a.document == b.document:
                    continue
                gold = same_event(a, b)
                scores.pairs += 1
                scores.gold += gold
                if group_of[i][0] == group_of[k][0]:
                    scores.linked += 1
                    scores.linked_right += gold
                    scores.by_status[group_of[i][1]] += 1
                    scores.right_by_status[group_of[i][1]] += gold
    return scores


def ecb_vectors(topics: dict[str, list[Sentence]]) -> dict[str, Vectors]:
    """Sentence vectors per topic (what proposes candidate pairs), as the pipeline's."""
    return {t: encode([s.text for s in found]) for t, found in topics.items()}


def is_ecb(folder: Path) -> bool:
    return (folder / SENTENCES_CSV).is_file()


def evaluate_ecb(folder: Path, topics: frozenset[str] = DEV_TOPICS) -> EcbScores:
    """Claim grouping on ECB+ topics (the dev topics by default: thresholds are chosen on
    them, never on test)."""
    found = read_topics(folder, topics)
    return score_ecb(found, ecb_vectors(found))
