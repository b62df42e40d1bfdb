"""Person, organisation and place names in Ukrainian text, from a recogniser trained on ner-uk.

A spaCy CNN (tok2vec + ner) trained by scripts/train_ner_uk.py on most of lang-uk's ner-uk 2.0
DEV part (CC BY-NC-SA 4.0: the weights are for non-commercial use only, and shared alike; see
src/newsprism/data/ner_uk/MODEL_CARD.md). It needs no Ukrainian package beyond spaCy: the
pipeline has no lemmatizer, so spaCy's "uk" language never asks for pymorphy3.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError

RECOGNISER_DIR = Path(__file__).resolve().parents[1] / "data" / "ner_uk"


@cache
def ukrainian_ner() -> Any:
    """The shipped Ukrainian pipeline, loaded once per process."""
    if not (RECOGNISER_DIR / "config.cfg").is_file():
        raise UsageError(
            f"the Ukrainian name recogniser is not in {RECOGNISER_DIR}; "
            "train and ship it with scripts/train_ner_uk.py"
        )
    try:
        import spacy

        return spacy.load(RECOGNISER_DIR)
    except (ImportError, OSError, ValueError) as exc:
        raise UsageError(
            f"the Ukrainian name recogniser in {RECOGNISER_DIR} cannot load ({exc}); "
            "retrain it with scripts/train_ner_uk.py"
        ) from None


def recognise(texts: list[str], batch_size: int = 32) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) character spans of the names in each text (PER, ORG, LOC, MISC)."""
    nlp = ukrainian_ner()
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]
