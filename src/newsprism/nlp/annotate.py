"""Sentences and named-entity mentions of one article, from spaCy over its clean paragraphs.

Each clean span (title, paragraphs) is parsed on its own, so offsets map straight back to
the original text and a headline never runs into the first paragraph. Two kinds of NER noise
are repaired with general evidence: leading words that are not names ("Will Lukashenko",
"Preventing Belarus") and a person span swallowing a following organisation ("Yarosh Sputnik
Belarus", where the tail is a known outlet or an organisation named elsewhere in the text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.config import Config
from newsprism.nlp.models import spacy_pipeline
from newsprism.records import Mention, Sentence, Span

ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
"""spaCy labels that name things; DATE, CARDINAL and the like are values, kept apart."""
VALUE_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})


@dataclass(frozen=True)
class Parsed:
    """What the parser gives one article: paragraphs as (offset, Doc), sentences, mentions."""

    paragraphs: tuple[tuple[int, Any], ...]
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    values: tuple[tuple[int, int, str], ...]
    """(start, end, label) of numbers, dates and amounts, for claim detection."""


def parse(article_id: str, text: str, spans: Sequence[Span], config: Config) -> Parsed:
    """Parse the clean spans of ``text`` (one spaCy Doc per span)."""
    nlp = spacy_pipeline()
    pieces = [text[s:e] for s, e in spans]
    if len(pieces) > 1:
        pieces[0] = truecase(pieces[0], " ".join(pieces[1:]))
    docs = list(nlp.pipe(pieces, batch_size=64))
    paragraphs = tuple((s, doc) for (s, _), doc in zip(spans, docs, strict=True))
    sentences = tuple(
        Sentence(article_id, offset + sent.start_char, offset + sent.end_char)
        for offset, doc in paragraphs
        for sent in doc.sents
        if sent.text.strip()
    )
    org_names = {
        ent.text.lower() for _, doc in paragraphs for ent in doc.ents if ent.label_ in ("ORG",)
    }
    outlet_names = {o.name.lower() for o in config.outlets.values()} | {
        a.lower() for o in config.outlets.values() for a in o.aliases
    }
    mentions: list[Mention] = []
    values: list[tuple[int, int, str]] = []
    for offset, doc in paragraphs:
        for ent in doc.ents:
            if ent.label_ in VALUE_TYPES:
                values.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
            elif ent.label_ in ENTITY_TYPES:
                for start, end, label in _repair(ent, org_names | outlet_names):
                    mentions.append(
                        Mention(
                            article_id, offset + start, offset + end, doc.text[start:end], label
                        )
                    )
    return Parsed(paragraphs, sentences, tuple(mentions), tuple(values))


def truecase(title: str, body: str) -> str:
    """A Title Case Headline with each word lower-cased unless the body capitalises it too.

    NER reads every capitalised headline word as a name ("Lukashenko Says", "Belarus
    Looks"); the body shows which words are names: those it capitalises mid-sentence. The
    result has the same length, so offsets into the title still hold.
    """
    words = title.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    if len(words) < 3 or capitalised < 0.6 * len(words):
        return title
    names = set(re.findall(r"(?<![.!?:“\"]\s)(?<!^)(?<!\n)\b([A-Z][\w'’-]*)", body))
    return re.sub(
        r"\b[A-Z][a-z'’-]*\b",
        lambda m: m.group(0) if m.start() == 0 or m.group(0) in names else m.group(0).lower(),
        title,
    )


def _repair(ent: Any, org_names: set[str]) -> list[tuple[int, int, str]]:
    """The entity as (start, end, label) pieces after fixing the two common NER slips."""
    tokens = list(ent)
    while tokens and tokens[0].pos_ not in ("PROPN", "NOUN", "ADJ", "NUM") and len(tokens) > 1:
        tokens = tokens[1:]  # "Will Lukashenko", "Preventing Belarus"
    if tokens and tokens[0].tag_ in ("MD", "VBG", "VB", "VBD", "VBZ", "VBP") and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens:
        return []
    if ent.label_ == "PERSON" and len(tokens) >= 3:
        for cut in range(1, len(tokens) - 0):
            tail = " ".join(t.text for t in tokens[cut:]).lower()
            if cut < len(tokens) and tail in org_names:
                head = tokens[:cut]
                return [
                    (head[0].idx, head[-1].idx + len(head[-1].text), "PERSON"),
                    (tokens[cut].idx, tokens[-1].idx + len(tokens[-1].text), "ORG"),
                ]
    return [(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), ent.label_)]
