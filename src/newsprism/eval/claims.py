"""Claim matching scored on a small hand-made gold of sentence pairs from the seeds.

The gold (``data/eval/claims_seeds.json``, written by the team and stated as such) lists pairs
of sentences from two articles with the relation a reader sees: ``corroborated`` (same
proposition, agreeing), ``contested`` (same proposition, contradicting) or ``different``.
The pipeline runs on the articles (``examples/`` by default); each pair's predicted relation
is the status of the claim group holding both sentences, or ``different`` when no group holds
both. Reported: precision and recall of the corroborated and contested labels. A sanity
check, not a benchmark: 13 pairs, some of them proposed by the matcher and judged by hand.

Baseline: the majority relation of the gold pairs answered for every pair. The gold has no
train part, so the majority is counted on the pairs being scored (optimistic, and said so).
A label the majority never answers has no precision (None, as for the matcher).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval import analysed_store, gold_text
from newsprism.store import scoring

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
LABELS = ("corroborated", "contested")


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


def load_gold(path: Path | None = None) -> dict[str, Any]:
    text = gold_text(path, "eval/claims_seeds.json", "claims")
    try:
        data: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path or 'claims gold'}: not JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if not isinstance(data.get("pairs"), list):
        raise UsageError(f"{path or 'claims gold'}: needs a list 'pairs' of {{a, b, relation}}")
    return data


def evaluate(articles: Path = EXAMPLES, gold_path: Path | None = None) -> ClaimsEval:
    """Analyse ``articles`` into a fresh store and score the gold pairs against its groups.

    A pair names each sentence by the first characters of its file name ("002") and a
    fragment of its text.
    """
    gold = load_gold(gold_path)
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
