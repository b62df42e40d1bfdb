"""Which framing labels are findings: a scheme (per language) or a label whose measured quality
does not beat the majority answer by :data:`MARGIN` is shown as unreliable, with the reason.

The figures are the training script's out-of-fold ones (scripts/train_framing.py writes them
into the heads' MANIFEST.json): per head and language the CV score beside the score of giving
every item that language's most frequent answer, and per label its CV F1 beside the F1 of
giving it to every item (per label over all the languages of the head's set: a Russian
label is judged with the other languages of the multilingual set, too few Russian items
having each label to judge it alone). The held-out figures of ``newsprism eval`` are never
read here, so the gate is not tuned on what scores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

MARGIN = 0.05
"""How far (absolute, same metric) a head or label must beat the majority answer to count."""

SCHEME_HEADS = {
    "technique": "techniques", "frame": "frames", "genre": "genre", "role": "roles_main",
    "role_fine": "roles_fine", "narrative": "narratives_coarse",
    "narrative_fine": "narratives_fine", "topic": "topics",
}  # fmt: skip
"""Label scheme (records.Label.scheme) -> the head that gives it."""


DEPENDS_ON = {"role_fine": "role", "narrative_fine": "narrative"}
"""A fine label is chosen under its coarse one: it is no finding when that is none."""


@dataclass(frozen=True)
class Reliability:
    reliable: bool
    reason: str
    """Why not (or the figures that make it reliable), in a sentence a reader can check."""


RELIABLE = Reliability(True, "")


def _heads(language: str | None) -> dict[str, Any]:
    """The CV figures of the set of heads that frames ``language``."""
    from newsprism.framing.heads import manifest

    heads: dict[str, Any] = manifest(language).get("heads", {})
    return heads


@cache
def scheme_reliability(scheme: str, language: str | None) -> Reliability:
    """Whether the head of ``scheme`` beats its majority answer in ``language``."""
    head = SCHEME_HEADS.get(scheme)
    entry = _heads(language).get(head or "", {})
    languages: dict[str, dict[str, Any]] = entry.get("languages", {})
    if head is None or not entry:
        return RELIABLE
    figures = languages.get(language or "")
    if figures is None:
        return Reliability(False, f"no {head} training data in {language or 'this language'}")
    metric = entry.get("metric", "micro_f1" if entry.get("kind") == "one-vs-rest" else "")
    score, baseline = float(figures["score"]), float(figures["baseline"])
    if score < baseline + MARGIN:
        return Reliability(
            False,
            f"{head} {metric} {score:.2f} in {language} (cross-validated) does not beat the"
            f" majority answer's {baseline:.2f} by {MARGIN:.2f}",
        )
    return Reliability(True, f"{head} {metric} {score:.2f} against the majority's {baseline:.2f}")


@cache
def label_reliability(scheme: str, label: str, language: str | None) -> Reliability:
    """The scheme's reliability, then the label's own: a label the head cannot find better
    than by giving it to everything is not a finding either."""
    gate = scheme_reliability(scheme, language)
    if scheme in DEPENDS_ON and gate.reliable:
        gate = scheme_reliability(DEPENDS_ON[scheme], language)
    if not gate.reliable:
        return gate
    entry = _heads(language).get(SCHEME_HEADS.get(scheme, ""), {})
    figures = entry.get("per_label", {}).get(_base_label(label))
    if figures is None:
        return gate
    f1, baseline = float(figures["f1"]), float(figures["baseline"])
    if f1 < baseline + MARGIN:
        return Reliability(
            False,
            f"{label!r} F1 {f1:.2f} (cross-validated) does not beat giving it to every item"
            f" ({baseline:.2f}) by {MARGIN:.2f}",
        )
    return gate


def _base_label(label: str) -> str:
    """A sub-narrative shown as '<narrative>: Other' is judged as its narrative."""
    return label.removesuffix(": Other")
