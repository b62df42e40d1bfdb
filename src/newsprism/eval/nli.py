"""The claim-pair model scored on public inference gold, each read in its own layout.

``SICK.txt`` (Marelli et al. 2014, CC BY-NC-SA 3.0): tab-separated, ``entailment_label``
ENTAILMENT / NEUTRAL / CONTRADICTION, split by ``SemEval_set`` (TRAIN / TRIAL / TEST). The model's
"neither" and "unrelated" both answer NEUTRAL. Scored on TRIAL by default (train is trained on).

FNC-1 (the Fake News Challenge's labelled competition set, from Emergent, Ferreira and Vlachos
2016; research use): ``competition_test_stances.csv`` (Headline, Body ID, Stance) beside
``competition_test_bodies.csv`` (Body ID, articleBody). Stances map to the model's labels:
agree → entails, disagree → contradicts, discuss → neither, unrelated → unrelated. A headline is
compared with the body's sentences most like it (:func:`newsprism.stories.pairs.evidence`).
Bodies whose id falls in :func:`fnc_held_out` are never trained on and are the default cut.

Reported: accuracy and per-class F1, beside the majority label of the scored pairs (the
baseline) and the published anchors.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsprism.errors import UsageError
from newsprism.eval import f1_score

if TYPE_CHECKING:
    from newsprism.stories.pairs import PairModel

SICK_LABELS = {"ENTAILMENT": "entails", "CONTRADICTION": "contradicts", "NEUTRAL": "neither"}
FNC_LABELS = {
    "agree": "entails",
    "disagree": "contradicts",
    "discuss": "neither",
    "unrelated": "unrelated",
}
SNLI_LABELS = {"entailment": "entails", "contradiction": "contradicts", "neutral": "neither"}
FNC_STANCES = "competition_test_stances.csv"
FNC_BODIES = "competition_test_bodies.csv"
FNC_HELD_OUT_MODULUS = 7
"""A body is held out when its id is divisible by 7: about a seventh of the bodies, with every
headline compared with them, so no body is seen both in training and in the score. (Not 5:
the bench's copy of the competition set holds no body whose id is a multiple of 5.)"""


@dataclass(frozen=True)
class Pair:
    """Two texts and the gold relation of the second to the first."""

    a: str
    b: str
    label: str
    group: str = ""
    """What ties pairs together (FNC's body id), so cuts never split it."""


def fnc_held_out(body_id: str) -> bool:
    """Whether an FNC-1 body belongs to the cut never trained on (ids divisible by 5 are
    absent from the bench's copy, so never trained on either)."""
    return body_id.isdigit() and (int(body_id) % FNC_HELD_OUT_MODULUS == 0 or int(body_id) % 5 == 0)


def _rows(path: Path, delimiter: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read it ({exc})") from None


def read_sick(path: Path, split: str = "TRIAL") -> list[Pair]:
    """SICK pairs of one ``SemEval_set`` split (TRAIN, TRIAL or TEST)."""
    rows = _rows(path, "\t")
    if (
        rows
        and not {"sentence_A", "sentence_B", "entailment_label", "SemEval_set"} <= rows[0].keys()
    ):
        raise UsageError(
            f"{path}: not SICK's layout"
            " (needs sentence_A, sentence_B, entailment_label, SemEval_set)"
        )
    return [
        Pair(r["sentence_A"], r["sentence_B"], SICK_LABELS[r["entailment_label"]], r["pair_ID"])
        for r in rows
        if r["SemEval_set"] == split and r["entailment_label"] in SICK_LABELS
    ]


def fnc_paths(path: Path) -> tuple[Path, Path]:
    """The stances and bodies CSVs, from either file or their folder."""
    folder = path if path.is_dir() else path.parent
    stances = path if path.is_file() and "stances" in path.name else folder / FNC_STANCES
    bodies = folder / stances.name.replace("stances", "bodies")
    for needed in (stances, bodies):
        if not needed.is_file():
            raise UsageError(f"{needed}: missing (FNC-1 needs the stances and bodies CSV pair)")
    return stances, bodies


def read_fnc(path: Path, held_out: bool | None = True) -> list[Pair]:
    """FNC-1 headline-body pairs: the held-out cut (``True``), the rest (``False``) or all."""
    stances, bodies = fnc_paths(path)
    body_rows = _rows(bodies, ",")
    stance_rows = _rows(stances, ",")
    if not body_rows or "articleBody" not in body_rows[0]:
        raise UsageError(f"{bodies}: not FNC-1's bodies layout (Body ID, articleBody)")
    if not stance_rows or not {"Headline", "Body ID", "Stance"} <= stance_rows[0].keys():
        raise UsageError(f"{stances}: not FNC-1's stances layout (Headline, Body ID, Stance)")
    text = {r["Body ID"]: r["articleBody"] for r in body_rows}
    return [
        Pair(r["Headline"], text[r["Body ID"]], FNC_LABELS[r["Stance"]], r["Body ID"])
        for r in stance_rows
        if r["Body ID"] in text
        and r["Stance"] in FNC_LABELS
        and (held_out is None or fnc_held_out(r["Body ID"]) == held_out)
    ]


def read_snli(folder: Path, split: str) -> list[Pair]:
    """SNLI as e-SNLI ships it: ``s1.<split>``, ``s2.<split>``, ``labels.<split>``, line by line."""
    try:
        columns = [
            (folder / f"{name}.{split}").read_text(encoding="utf-8").splitlines()
            for name in ("s1", "s2", "labels")
        ]
    except OSError as exc:
        raise UsageError(f"{folder}: cannot read SNLI's {split} files ({exc.strerror})") from None
    return [
        Pair(a, b, SNLI_LABELS[label], f"snli-{split}-{i}")
        for i, (a, b, label) in enumerate(zip(*columns, strict=True))
        if label in SNLI_LABELS
    ]


def read_rte(path: Path) -> list[Pair]:
    """RTE as GLUE exports it: sentence1, sentence2, label (0 entailment, 1 not)."""
    return [
        Pair(r["sentence1"], r["sentence2"], "entails" if r["label"] == "0" else "neither")
        for r in _rows(path, "\t")
        if r.get("label") in {"0", "1"}
    ]


_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n?")


def sentences(text: str) -> list[str]:
    """A body's sentences by punctuation and line breaks (FNC bodies are plain text)."""
    return [s.strip() for s in _SPLIT.split(text) if len(s.strip()) > 3]


@dataclass
class NliEval:
    """Gold and predicted labels of the scored pairs."""

    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)

    def accuracy(self) -> float:
        pairs = list(zip(self.gold, self.predicted, strict=True))
        return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0

    def f1(self, label: str) -> float:
        pairs = list(zip(self.gold, self.predicted, strict=True))
        hit = sum(g == p == label for g, p in pairs)
        chosen = sum(p == label for _, p in pairs)
        wanted = sum(g == label for g, _ in pairs)
        return f1_score(hit / chosen if chosen else 0.0, hit / wanted if wanted else 0.0)

    def labels(self) -> list[str]:
        return sorted(set(self.gold))

    def majority(self) -> NliEval:
        counts = Counter(self.gold)
        top = min(counts, key=lambda label: (-counts[label], label)) if counts else ""
        return NliEval(list(self.gold), [top] * len(self.gold))


def score(
    pairs: Sequence[Pair],
    classify: Callable[[Sequence[Pair]], list[str]],
    merge: dict[str, str] | None = None,
) -> NliEval:
    """Gold against predictions, both passed through ``merge`` (e.g. unrelated → neither)."""
    merge = merge or {}
    predicted = classify(pairs)
    return NliEval(
        [merge.get(p.label, p.label) for p in pairs], [merge.get(x, x) for x in predicted]
    )


def is_fnc(path: Path) -> bool:
    """An FNC-1 stances CSV, or a folder holding one."""
    if path.is_dir():
        return any(path.glob("*stances*.csv"))
    return path.suffix == ".csv" and "stances" in path.name


def read_pairs(path: Path) -> tuple[list[Pair], str]:
    """The pairs ``eval nli`` scores and what they are: SICK TRIAL of a SICK.txt (or a folder
    holding it); of FNC-1's competition set, the held-out bodies; of any other FNC-1 stances
    CSV (the training set, never trained on here), every pair."""
    if is_fnc(path):
        stances, _ = fnc_paths(path)
        held = stances.name == FNC_STANCES
        return read_fnc(path, held_out=True if held else None), (
            f"FNC-1 {stances.name}, "
            + ("the held-out bodies (Body ID % 7 == 0)" if held else "all")
        )
    sick = path / "SICK.txt" if path.is_dir() else path
    return read_sick(sick, "TRIAL"), f"SICK {sick.name} TRIAL"


def classify(
    pairs: Sequence[Pair], through_sentences: bool = False, model: PairModel | None = None
) -> list[str]:
    """The claim-pair model's (the shipped one by default) labels; with ``through_sentences``
    the second text (an FNC body) is read through its sentence most like the first, as in
    training."""
    from newsprism.stories import pairs as pair_model

    model = model or pair_model.load()
    right = evidence_sentences(pairs) if through_sentences else [p.b for p in pairs]
    return model.classify([p.a for p in pairs], right)


def evidence_sentences(pairs: Sequence[Pair]) -> list[str]:
    """For each pair, the sentence of its second text (an FNC body) most like its first (the
    headline), by MiniLM cosine: what the model reads, in training as here."""
    from newsprism.nlp.embed import encode
    from newsprism.stories.pairs import evidence

    bodies = {p.b: sentences(p.b) or [p.b[:1000]] for p in pairs}
    texts = list(dict.fromkeys([p.a for p in pairs] + [s for ss in bodies.values() for s in ss]))
    vectors = dict(zip(texts, encode(texts, "minilm"), strict=True))
    return [
        bodies[p.b][evidence(vectors[p.a], np.stack([vectors[s] for s in bodies[p.b]]))]
        for p in pairs
    ]
