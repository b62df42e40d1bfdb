"""The trained linear heads: loaded once, lazily, and applied to :class:`Encoded` texts.

Each head is an .npz written by scripts/train_framing.py: feature standardisation (``mean``,
``scale``), weights ``W`` and bias ``b`` of a logistic regression (one-vs-rest sigmoid, or
softmax for single-label heads), the ``labels`` and per-label ``threshold`` tuned by
cross-validation inside the training cut. Inference needs only numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsprism.errors import UsageError
from newsprism.framing.features import (
    Encoded,
    Span,
    article_features,
    genre_features,
    role_features,
    technique_features,
)

MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "framing"
MANIFEST = "MANIFEST.json"
MODEL_SETS = {"en": "en", "ru": "multilingual"}
"""Framed language -> its set of heads (a folder of MODELS_DIR). English has its own set over
MiniLM, which scored higher on every English held-out cut than the multilingual set (README,
Framing); Russian reads the set trained over USE multilingual on all the bench's languages."""
DEFAULT_SET = "en"
HEADS = ("techniques", "frames", "genre", "roles_main", "roles_fine", "narratives_coarse",
         "narratives_fine", "topics")  # fmt: skip
NO_TOPIC = "none"
"""The topics head's answer for news that neither shipped taxonomy is about."""
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    "Protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "Antagonist": (
        "Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
        "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot",
    ),
    "Innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}  # fmt: skip
MAX_FINE_ROLES = 2


@dataclass(frozen=True)
class Head:
    """One linear head; ``proba`` gives sigmoid (one-vs-rest) or softmax probabilities."""

    name: str
    labels: tuple[str, ...]
    W: NDArray[np.float32]
    b: NDArray[np.float32]
    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    threshold: NDArray[np.float32]
    softmax: bool
    calib_a: NDArray[np.float32] | None = None
    """Per-label Platt scaling of a one-vs-rest head's logits (fitted out of fold)."""
    calib_b: NDArray[np.float32] | None = None
    temperature: float = 1.0
    """A softmax head's logits are divided by it (fitted out of fold)."""

    def proba(self, X: NDArray[np.float32]) -> NDArray[np.float32]:
        """Calibrated probabilities: a label given 0.7 is right about 70% of the time on the
        training data's out-of-fold predictions."""
        X = np.atleast_2d(X)
        z = ((X - self.mean) / self.scale) @ self.W + self.b
        if self.softmax:
            z = z / self.temperature
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            p: NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
            return p
        if self.calib_a is not None and self.calib_b is not None:
            z = z * self.calib_a + self.calib_b
        sigmoid: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(
            np.float32
        )
        return sigmoid


def save_head(path: Path, head: Head) -> None:
    """Written by the training script; float16 weights keep the shipped files small."""
    np.savez_compressed(
        path, labels=np.array(head.labels), W=head.W.astype(np.float16),
        b=head.b.astype(np.float32), mean=head.mean.astype(np.float16),
        scale=head.scale.astype(np.float16), threshold=head.threshold.astype(np.float32),
        softmax=np.array(head.softmax), temperature=np.array(head.temperature, np.float32),
        calib_a=(np.ones(len(head.labels), np.float32) if head.calib_a is None
                 else head.calib_a.astype(np.float32)),
        calib_b=(np.zeros(len(head.labels), np.float32) if head.calib_b is None
                 else head.calib_b.astype(np.float32)),
    )  # fmt: skip


def model_set(language: str | None) -> str:
    """The folder of heads that frames ``language`` (English when it is not known)."""
    return MODEL_SETS.get(language or "", DEFAULT_SET)


def load(name: str, language: str | None = None) -> Head:
    """The head ``name`` of ``language``'s set, loaded on first use and kept."""
    return load_from(name, MODELS_DIR / model_set(language))


@cache
def load_from(name: str, directory: Path) -> Head:
    path = directory / f"{name}.npz"
    if not path.is_file():
        raise UsageError(
            f"framing model {path} is missing; reinstall newsprism or run"
            " scripts/train_framing.py to build it"
        )
    with np.load(path, allow_pickle=False) as z:
        return Head(
            name, tuple(str(x) for x in z["labels"]), z["W"].astype(np.float32),
            z["b"].astype(np.float32), z["mean"].astype(np.float32),
            np.maximum(z["scale"].astype(np.float32), 1e-6), z["threshold"].astype(np.float32),
            bool(z["softmax"]), z["calib_a"].astype(np.float32), z["calib_b"].astype(np.float32),
            float(z["temperature"]),
        )  # fmt: skip


def manifest(language: str | None = None) -> dict[str, Any]:
    """The training manifest of ``language``'s set: version, encoder, CV figures."""
    return manifest_from(MODELS_DIR / model_set(language))


@cache
def manifest_from(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise UsageError(f"{path} is missing; run scripts/train_framing.py to build it")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def model_name(head: str, language: str | None = None) -> str:
    """``name-encoder-linear@version`` recorded on every label the head makes."""
    found = manifest(language)
    return f"{head}-{found.get('backend', 'minilm')}-linear@{found['version']}"


@dataclass(frozen=True)
class TechniqueHit:
    paragraph: int
    """Index into ``Encoded.paragraphs``."""
    label: str
    score: float
    sentence: int
    """Index of the sentence scoring highest for this technique: the evidence."""


@dataclass(frozen=True)
class LabelScore:
    label: str
    score: float


@dataclass(frozen=True)
class RolePrediction:
    main: str
    main_score: float
    fine: tuple[str, ...]
    fine_scores: tuple[float, ...]


@dataclass(frozen=True)
class NarrativePrediction:
    coarse: tuple[LabelScore, ...]
    fine: tuple[LabelScore, ...]
    topic: LabelScore | None = None
    """The shipped taxonomy that applies (URW, CC) or NO_TOPIC, with its probability."""

    def coarse_labels(self) -> list[str]:
        return [c.label for c in self.coarse] or ["Other"]

    def fine_labels(self) -> list[str]:
        return [f.label for f in self.fine] or ["Other"]


def techniques(encoded: Encoded) -> list[TechniqueHit]:
    """Techniques over threshold per paragraph, each with its best sentence as evidence."""
    head = load("techniques", encoded.language)
    para_X, kept, sent_X = technique_features(encoded)
    if not kept:
        return []
    para_p = head.proba(para_X)
    sent_p = head.proba(sent_X) if len(sent_X) else np.zeros((0, len(head.labels)), np.float32)
    hits = []
    for row, p in enumerate(kept):
        members = encoded.paragraph_rows(p)
        for j in np.flatnonzero(para_p[row] >= head.threshold):
            best = members[int(np.argmax(sent_p[members, j]))]
            hits.append(TechniqueHit(p, head.labels[j], float(para_p[row, j]), best))
    return hits


def _multi(head: Head, X: NDArray[np.float32]) -> list[LabelScore]:
    p = head.proba(X)[0]
    chosen = np.flatnonzero(p >= head.threshold)
    return sorted((LabelScore(head.labels[j], float(p[j])) for j in chosen),
                  key=lambda s: -s.score)  # fmt: skip


def frames(encoded: Encoded) -> list[LabelScore]:
    return _multi(load("frames", encoded.language), article_features(encoded))


def genre(encoded: Encoded) -> LabelScore:
    head = load("genre", encoded.language)
    p = head.proba(genre_features(encoded))[0]
    best = int(np.argmax(p))
    return LabelScore(head.labels[best], float(p[best]))


def name_vectors(names: list[str], language: str | None = None) -> NDArray[np.float32]:
    """One vector per mention text; a name is encoded once per process (the same names
    recur across a corpus's articles: 14,294 mentions, 3,366 distinct texts in 300 news
    articles)."""
    from newsprism.framing.encode import encode_strings

    return encode_strings(names, language)


def role_probabilities(
    encoded: Encoded, mentions: list[Span]
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """(main-role, fine-role) probabilities of each mention, from its context and its name."""
    main_head, fine_head = (
        load("roles_main", encoded.language),
        load("roles_fine", encoded.language),
    )
    if not mentions:
        return (np.zeros((0, len(main_head.labels)), np.float32),
                np.zeros((0, len(fine_head.labels)), np.float32))  # fmt: skip
    names = name_vectors([encoded.text[s:e] for s, e in mentions], encoded.language)
    article = encoded.mean()
    X = np.stack([role_features(encoded, s, e, names[i], article)
                  for i, (s, e) in enumerate(mentions)])  # fmt: skip
    return main_head.proba(X), fine_head.proba(X)


def decide_role(
    main_p: NDArray[np.float32], fine_p: NDArray[np.float32], language: str | None = None
) -> RolePrediction:
    """The likeliest main role, its likeliest fine role, and a second one over threshold."""
    main_head, fine_head = load("roles_main", language), load("roles_fine", language)
    m = int(np.argmax(main_p))
    main = main_head.labels[m]
    allowed = [j for j, lab in enumerate(fine_head.labels) if lab in ROLE_GROUPS[main]]
    ranked = sorted(allowed, key=lambda j: -fine_p[j])
    chosen = ranked[:1] + [j for j in ranked[1:MAX_FINE_ROLES]
                           if fine_p[j] >= fine_head.threshold[j]]  # fmt: skip
    return RolePrediction(main, float(main_p[m]), tuple(fine_head.labels[j] for j in chosen),
                          tuple(float(fine_p[j]) for j in chosen))  # fmt: skip


def roles(encoded: Encoded, mentions: list[Span]) -> list[RolePrediction]:
    """Main and fine role of each mention, from the sentences around it and its name."""
    main_p, fine_p = role_probabilities(encoded, mentions)
    return [decide_role(main_p[i], fine_p[i], encoded.language) for i in range(len(mentions))]


def parent(fine_label: str) -> str:
    """'URW: Blaming the war on others: Ukraine is the aggressor' -> its narrative."""
    return fine_label.rsplit(": ", 1)[0]


def topic(encoded: Encoded) -> LabelScore:
    """Which shipped narrative taxonomy the article is about: URW (the war in Ukraine), CC
    (climate change) or NO_TOPIC, from a head that also saw off-topic news."""
    head = load("topics", encoded.language)
    p = head.proba(article_features(encoded))[0]
    best = int(np.argmax(p))
    return LabelScore(head.labels[best], float(p[best]))


def narratives(encoded: Encoded) -> NarrativePrediction:
    """Narratives over threshold and, under each, its sub-narratives (or '<narrative>: Other'),
    only from the taxonomy of the article's topic: none for an article on another subject (a
    user taxonomy covers those, framing/taxonomy.py)."""
    about = topic(encoded)
    if about.label == NO_TOPIC:
        return NarrativePrediction((), (), about)
    X = article_features(encoded)
    prefix = f"{about.label}: "
    coarse_head = load("narratives_coarse", encoded.language)
    coarse = [c for c in _multi(coarse_head, X) if c.label.startswith(prefix)]
    fine_head = load("narratives_fine", encoded.language)
    p = fine_head.proba(X)[0]
    fine: list[LabelScore] = []
    for c in coarse:
        children = [j for j, lab in enumerate(fine_head.labels) if parent(lab) == c.label]
        chosen = [j for j in children if p[j] >= fine_head.threshold[j]]
        if chosen:
            fine += [LabelScore(fine_head.labels[j], float(p[j])) for j in chosen]
        else:
            fine.append(LabelScore(f"{c.label}: Other", c.score))
    return NarrativePrediction(tuple(coarse), tuple(fine), about)
