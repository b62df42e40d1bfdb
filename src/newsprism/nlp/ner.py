"""Person, organisation and place names from a recogniser trained on CoNLL-2003 news.

en_core_web_sm finds persons well but organisations poorly (CoNLL-2003 valid F1: ORG 0.33),
and below the CoNLL lexicon baseline overall. The project's own recogniser
(scripts/train_ner.py: a spaCy CNN over en_core_web_md's word vectors, trained on CoNLL-2003
train) replaces its PERSON, ORG, GPE and LOC spans; the small pipeline keeps every
other type (NORP, FAC, DATE, CARDINAL, EVENT, LAW, ...) where it does not overlap those names.
The merge runs as a component after the small pipeline's own NER, over the same tokens, so
offsets and sentences are untouched. See src/newsprism/data/ner/MODEL_CARD.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError

RECOGNISER_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
COMPONENT = "newsprism_names"
REPLACED = frozenset({"PERSON", "ORG", "GPE", "LOC"})
"""The small pipeline's labels the recogniser decides instead (a FAC it has no name over stays:
CoNLL has no facilities)."""
FROM_CONLL = {"PER": "PERSON", "ORG": "ORG"}
PLACES = frozenset({"GPE", "LOC", "FAC"})
"""A CoNLL LOC keeps the small pipeline's place label for the same span, else it is a GPE
(countries and cities: most places news names)."""


@cache
def recogniser() -> Any:
    """The CoNLL-trained pipeline (tok2vec + ner) with en_core_web_md's vectors attached."""
    try:
        import spacy

        from newsprism.nlp.models import md_model_path

        nlp = spacy.load(RECOGNISER_DIR)
        nlp.vocab.vectors.from_disk(md_model_path() / "vocab")
    except (ImportError, OSError) as exc:
        raise UsageError(
            f"the name recogniser in {RECOGNISER_DIR} cannot load ({exc}); run scripts/setup.sh"
        ) from None
    return nlp


def merged_entities(doc: Any, found: Any) -> list[Any]:
    """``doc``'s entities with the recogniser's names (``found``, a doc of the same tokens)
    in place of the small pipeline's PERSON/ORG/GPE/LOC."""
    from spacy.tokens import Span

    before = {(e.start, e.end): e.label_ for e in doc.ents}
    names = []
    for ent in found.ents:
        label = FROM_CONLL.get(ent.label_)
        if ent.label_ == "LOC":
            label = before.get((ent.start, ent.end))
            label = label if label in PLACES else "GPE"
        if label is None:  # MISC is left to the small pipeline's finer types
            continue
        start, end = _trimmed(doc, ent.start, ent.end, label)
        if start < end:
            names.append(Span(doc, start, end, label=label))
    taken = {i for span in names for i in range(span.start, span.end)}
    kept = [
        e
        for e in doc.ents
        if e.label_ not in REPLACED and not any(i in taken for i in range(e.start, e.end))
    ]
    return sorted([*names, *kept], key=lambda span: span.start)


_EDGE_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "a", "an", "'s", "’s"})
"""Words a name does not end with, nor a person's name begin with ("KGB of the")."""


@cache
def _titles() -> frozenset[str]:
    from newsprism.nlp.canon import default_tables

    return default_tables().titles


def _trimmed(doc: Any, start: int, end: int, label: str) -> tuple[int, int]:
    """A name's tokens without a dangling function word at its end ("KGB of the") and, for a
    person, without leading titles and function words ("Mayor Jane Doe" -> "Jane Doe")."""
    while end > start and doc[end - 1].lower_ in _EDGE_WORDS:
        end -= 1
    if label == "PERSON":
        while end - start > 1 and (
            doc[start].lower_.rstrip(".") in _titles() or doc[start].lower_ in _EDGE_WORDS
        ):
            start += 1
    return start, end


class NameMerger:
    """The spaCy component: runs the recogniser over each doc's tokens and merges."""

    def __init__(self, batch_size: int = 128) -> None:
        self.batch_size = batch_size

    def __call__(self, doc: Any) -> Any:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Any], batch_size: int | None = None) -> Iterator[Any]:
        from spacy.tokens import Doc

        nlp = recogniser()
        stream = iter(docs)
        while batch := list(islice(stream, batch_size or self.batch_size)):
            copies = [
                Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
                for d in batch
            ]
            for doc, found in zip(batch, nlp.pipe(copies), strict=True):
                doc.ents = merged_entities(doc, found)
                yield doc


def add_to(nlp: Any) -> None:
    """Put the merge after ``nlp``'s own NER (registering the factory once)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, func=lambda nlp, name: NameMerger())
    nlp.add_pipe(COMPONENT, after="ner")
