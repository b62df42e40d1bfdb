"""The CoNLL-trained recogniser decides persons, organisations and places; the small
pipeline keeps its other types (dates, nationalities, numbers) where they do not overlap."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsprism.nlp.models import spacy_pipeline
from newsprism.nlp.ner import merged_entities, recogniser


def test_the_recogniser_loads_with_the_installed_vectors() -> None:
    nlp = recogniser()
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert nlp.vocab.vectors.shape == (20000, 300)
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}


def test_names_come_from_the_recogniser_other_types_from_the_small_pipeline() -> None:
    doc = spacy_pipeline()(
        "German Chancellor Angela Merkel met officials of the European Commission in Brussels "
        "on Monday, and 300 Belarusian workers marched."
    )
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Angela Merkel", "PERSON"), ("European Commission", "ORG"),
            ("Brussels", "GPE"), ("Monday", "DATE"), ("300", "CARDINAL")} <= found  # fmt: skip
    assert "newsprism_names" in spacy_pipeline().pipe_names


def test_the_merge_replaces_overlapping_names_and_keeps_other_types() -> None:
    nlp = recogniser()
    words = ["Fox", "News", "said", "Belarusian", "troops", "left", "Minsk", "on", "Monday"]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="NORP"),
                Span(doc, 6, 7, label="LOC"), Span(doc, 8, 9, label="DATE")]  # fmt: skip
    found = Doc(nlp.vocab, words=words)
    found.ents = [Span(found, 0, 2, label="ORG"), Span(found, 3, 4, label="MISC"),
                  Span(found, 6, 7, label="LOC")]  # fmt: skip
    merged = [(e.start, e.end, e.label_) for e in merged_entities(doc, found)]
    # Fox News an ORG (the small pipeline's PERSON dropped), Belarusian keeps NORP (MISC is
    # not used), Minsk keeps the small pipeline's place label, Monday stays a DATE
    assert merged == [(0, 2, "ORG"), (3, 4, "NORP"), (6, 7, "LOC"), (8, 9, "DATE")]
