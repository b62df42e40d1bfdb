"""Narrative taxonomies: the shipped SemEval-2025 one, or the user's own (YAML or JSON).

A taxonomy maps each narrative to its sub-narratives, optionally with descriptions::

    narratives:
      "Energy: Renewables are unreliable":
        description: "Wind and solar cannot keep the lights on"
        subnarratives: ["Energy: Renewables are unreliable: Blackouts"]
      "Energy: Nuclear is the answer": []

The shipped heads were trained for the shipped taxonomy only. A user taxonomy has no training
data, so it is matched zero-shot: each label's name (and description) is embedded and compared
with the article's sentences; the mean of the three best cosines, rescaled to [0, 1], is the
label's score, and labels over ``threshold`` are kept. That score is a similarity, not a
calibrated probability, and no figure of its accuracy exists: measure it on your own gold first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.errors import UsageError
from newsprism.framing.features import Encoded, Span

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "framing" / "narratives.json"
ZERO_SHOT_THRESHOLD = 0.5
"""On the rescaled similarity: (cosine - 0.1) / 0.6, i.e. a mean top-3 cosine of 0.4."""
TOP_SENTENCES = 3


@dataclass(frozen=True)
class Narrative:
    name: str
    description: str
    parent: str | None


@dataclass(frozen=True)
class Taxonomy:
    name: str
    narratives: tuple[Narrative, ...]

    def coarse(self) -> list[Narrative]:
        return [n for n in self.narratives if n.parent is None]

    def children(self, parent: str) -> list[Narrative]:
        return [n for n in self.narratives if n.parent == parent]


def _read(path: Path) -> Any:
    text = path.read_text("utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]  # PyYAML ships no type hints
        except ImportError:
            raise UsageError(f"{path}: reading YAML needs PyYAML; pip install pyyaml, or"
                             " write the taxonomy as JSON") from None  # fmt: skip
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"{path}: not valid YAML ({exc}); fix the file") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not valid JSON ({exc}); fix the file") from None


def _entry(name: str, value: Any, path: Path) -> tuple[str, list[Any]]:
    if value is None:
        return "", []
    if isinstance(value, list):
        return "", value
    if isinstance(value, dict):
        subs = value.get("subnarratives", [])
        if not isinstance(subs, list | dict):
            raise UsageError(f"{path}: subnarratives of {name!r} must be a list")
        items = list(subs.items()) if isinstance(subs, dict) else subs
        return str(value.get("description", "")), items
    raise UsageError(f"{path}: {name!r} must map to a list of sub-narratives or a table with"
                     " description and subnarratives")  # fmt: skip


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (YAML or JSON), or the shipped SemEval-2025 one."""
    path = path or SHIPPED
    if not path.is_file():
        raise UsageError(f"taxonomy file {path} not found; pass an existing .json or .yaml")
    data = _read(path)
    table = data.get("narratives", data) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not table:
        raise UsageError(f"{path}: expected a table 'narratives: {{name: [sub-narratives]}}'")
    found: list[Narrative] = []
    for name, value in table.items():
        description, subs = _entry(str(name), value, path)
        found.append(Narrative(str(name), description, None))
        for sub in subs:
            if isinstance(sub, tuple):  # {name: description}
                found.append(Narrative(str(sub[0]), str(sub[1] or ""), str(name)))
            elif isinstance(sub, dict) and "name" in sub:
                found.append(Narrative(str(sub["name"]), str(sub.get("description", "")),
                                       str(name)))  # fmt: skip
            else:
                found.append(Narrative(str(sub), "", str(name)))
    label = str(data.get("name", path.stem)) if isinstance(data, dict) else path.stem
    return Taxonomy(label, tuple(found))


@dataclass(frozen=True)
class ZeroShotHit:
    narrative: Narrative
    score: float
    evidence: Span


def zero_shot(
    encoded: Encoded, taxonomy: Taxonomy, threshold: float = ZERO_SHOT_THRESHOLD
) -> list[ZeroShotHit]:
    """Narratives whose name/description resembles the article's best sentences."""
    from newsprism.framing.encode import encode_strings

    if not encoded.sentences or not taxonomy.narratives:
        return []
    texts = [f"{n.name.rsplit(': ', 1)[-1]}. {n.description}".strip() for n in taxonomy.narratives]
    sims = encoded.vectors @ encode_strings(texts, encoded.language).T
    k = min(TOP_SENTENCES, sims.shape[0])
    top = -np.sort(-sims, axis=0)[:k]
    scores = np.clip((top.mean(axis=0) - 0.1) / 0.6, 0.0, 1.0)
    hits = []
    coarse_ok = set()
    for j, n in enumerate(taxonomy.narratives):
        if n.parent is None and scores[j] >= threshold:
            coarse_ok.add(n.name)
    for j, n in enumerate(taxonomy.narratives):
        if scores[j] < threshold or (n.parent is not None and n.parent not in coarse_ok):
            continue
        best = encoded.sentences[int(np.argmax(sims[:, j]))]
        hits.append(ZeroShotHit(n, float(scores[j]), best))
    return sorted(hits, key=lambda h: -h.score)
