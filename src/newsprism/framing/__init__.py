"""How each article frames its story: persuasion techniques, frames, genre, entity roles and
narratives, each a :class:`~newsprism.records.Label` with an evidence span and a probability.

Frozen MiniLM sentence vectors feed small linear heads trained by scripts/train_framing.py on
SemEval-2023 Task 3 and SemEval-2025 Task 10 (shipped in newsprism/data/framing/); user
narrative taxonomies without training data are matched zero-shot (:mod:`.taxonomy`).
"""

from __future__ import annotations

from newsprism.framing.corpus import FramingSummary, frame_corpus
from newsprism.framing.frame import STAGE, frame, frame_text
from newsprism.records import FramingDoc

__all__ = ["STAGE", "FramingDoc", "FramingSummary", "frame", "frame_corpus", "frame_text"]
