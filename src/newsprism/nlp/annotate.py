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
    return parse_many([(article_id, text, spans)], config)[0]


def parse_many(articles: Sequence[tuple[str, str, Sequence[Span]]], config: Config) -> list[Parsed]:
    """:func:`parse` of several (article id, text, clean spans) in one ``nlp.pipe`` stream:
    spaCy spends less per token on batches fuller than one article's paragraphs, and a doc
    does not depend on the batch it was parsed in."""
    nlp = spacy_pipeline()
    cut = [_pieces(text, spans) for _, text, spans in articles]
    docs = iter(nlp.pipe([p for _, pieces in cut for p in pieces], batch_size=64))
    return [
        _parsed(article_id, text, [(span, next(docs)) for span in pieces_spans], config)
        for (article_id, text, _), (pieces_spans, _) in zip(articles, cut, strict=True)
    ]


def _pieces(text: str, spans: Sequence[Span]) -> tuple[list[Span], list[str]]:
    """The spans spaCy parses (each clean span cut to MAX_PIECE) and their texts, the
    headline true-cased."""
    bounded = [piece for span in spans for piece in _bounded(text, span)]
    pieces = [text[s:e] for s, e in bounded]
    if len(pieces) > 1:
        pieces[0] = truecase(pieces[0], " ".join(pieces[1:]))
    return bounded, pieces


def _parsed(article_id: str, text: str, docs: Sequence[tuple[Span, Any]], config: Config) -> Parsed:
    """Sentences, mentions and values of one article from its parsed pieces."""
    spans = [span for span, _ in docs]
    paragraphs = tuple((s, doc) for (s, _), doc in docs)
    _surnames_are_people([doc for _, doc in paragraphs])
    sentences = tuple(
        Sentence(article_id, offset + sent.start_char, offset + sent.end_char)
        for offset, doc in paragraphs
        for sent in doc.sents
        if sent.text.strip()
    )
    org_names = {
        ent.text.lower() for _, doc in paragraphs for ent in doc.ents if ent.label_ in ("ORG",)
    }
    person_words = frozenset(
        t.lower_ for _, doc in paragraphs for ent in doc.ents if ent.label_ == "PERSON" for t in ent
    )
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
                for start, end, label in _repair(ent, org_names | outlet_names, person_words):
                    mentions.append(
                        Mention(
                            article_id, offset + start, offset + end, doc.text[start:end], label
                        )
                    )
    mentions.extend(_role_mentions(article_id, text, spans, mentions))
    mentions.sort(key=lambda m: m.start)
    return Parsed(paragraphs, sentences, tuple(mentions), tuple(values))


def _surnames_are_people(docs: Sequence[Any]) -> None:
    """A lone word tagged ORG that is the surname of a person the article names in full is
    that person ("Lukashenka" beside "Alyaksandr Lukashenka": the recogniser reads
    unfamiliar Slavic surnames as organisations). Changes the docs' entities in place, so
    every later stage reads the same."""
    from spacy.tokens import Span

    surnames = {
        ent[-1].lower_
        for doc in docs
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1
    }
    for doc in docs:
        if any(e.label_ == "ORG" and len(e) == 1 and e[0].lower_ in surnames for e in doc.ents):
            doc.ents = [
                Span(doc, e.start, e.end, label="PERSON")
                if e.label_ == "ORG" and len(e) == 1 and e[0].lower_ in surnames
                else e
                for e in doc.ents
            ]


HEAD_ROLES = frozenset({"president", "prime minister", "premier", "chancellor", "king", "leader"})
_ROLES = (
    r"president|prime minister|premier|chancellor|king|queen|leader|foreign minister|"
    r"defen[cs]e minister|interior minister|finance minister|minister|ambassador|"
    r"spokes(?:man|woman)"
)
_NATION = r"[A-Z][\w.-]*?(?:ian|ese|ish|ean|an|i|ic|'s|’s)"
_TITLED_NAME = re.compile(
    rf"\b(?P<nation>{_NATION})\s+(?:[a-z-]+\s+){{0,3}}(?P<role>{_ROLES}),?\s+$", re.I
)
_NOMINAL = re.compile(rf"\b[Tt]he\s+(?P<nation>{_NATION})\s+(?P<role>{_ROLES})\b")


def _stem(nation: str) -> str:
    """ "Belarusian", "Belarus's" and "Belarus" share a stem; so do "Russian" and "Russia's"."""
    return re.sub(r"(?:'s|’s)$", "", nation).lower()[:6]


def _role_mentions(
    article_id: str, text: str, spans: Sequence[Span], mentions: list[Mention]
) -> list[Mention]:
    """Descriptions such as "the Belarusian leader" that stand for one person of the article.

    The article itself says who holds which role: "Belarusian President Alexander
    Lukashenko", "Belarus's authoritarian leader, Alyaksandr Lukashenka". A description is
    kept only when exactly one person of the article fits it (a head-of-state "leader" fits
    a president or prime minister of that country).
    """
    holders: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m.type != "PERSON" or len(m.text.split()) < 2:
            continue
        before = text[max(0, m.start - 80) : m.start]
        match = _TITLED_NAME.search(before)
        if match:
            role = match.group("role").lower()
            holders.setdefault((_stem(match.group("nation")), role), set()).add(m.text)
    found = []
    for start, end in spans:
        for match in _NOMINAL.finditer(text, start, end):
            stem, role = _stem(match.group("nation")), match.group("role").lower()
            people: set[str] = set()
            for (held_stem, held_role), names in holders.items():
                fits = held_role == role or (role == "leader" and held_role in HEAD_ROLES)
                if held_stem == stem and fits:
                    people |= names
            if len({n.split()[-1] for n in people}) == 1:
                found.append(
                    Mention(
                        article_id, match.start(), match.end(), match.group(0), "PERSON",
                        refers_to=max(people, key=len),
                    )
                )  # fmt: skip
    return found


MAX_PIECE = 50_000
"""Longest text handed to spaCy at once: its parser needs about 1 GB per 100,000 characters,
and a pasted transcript with no blank lines can be a single "paragraph" of megabytes."""


def _bounded(text: str, span: Span) -> list[Span]:
    """``span`` cut at whitespace into pieces of at most MAX_PIECE characters."""
    start, end = span
    pieces = []
    while end - start > MAX_PIECE:
        cut = text.rfind(" ", start + MAX_PIECE // 2, start + MAX_PIECE)
        cut = cut if cut > start else start + MAX_PIECE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


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


def _repair(
    ent: Any, org_names: set[str], person_words: frozenset[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """The entity as (start, end, label) pieces after fixing the two common NER slips."""
    tokens = list(ent)
    while tokens and tokens[0].pos_ not in ("PROPN", "NOUN", "ADJ", "NUM") and len(tokens) > 1:
        tokens = tokens[1:]  # "Will Lukashenko", "Preventing Belarus"
    if tokens and tokens[0].tag_ in ("MD", "VBG", "VB", "VBD", "VBZ", "VBP") and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens:
        return []
    if ent.label_ in ("PERSON", "ORG") and len(tokens) >= 3:
        for cut in range(1, len(tokens) - 0):
            tail = " ".join(t.text for t in tokens[cut:]).lower()
            # an ORG span is a person before an organisation only if the person's words are
            # a person's elsewhere in the text ("Yarosh Sputnik Belarus" beside Andrei Yarosh)
            person = ent.label_ == "PERSON" or all(t.lower_ in person_words for t in tokens[:cut])
            if cut < len(tokens) and tail in org_names and person:
                head = tokens[:cut]
                return [
                    (head[0].idx, head[-1].idx + len(head[-1].text), "PERSON"),
                    (tokens[cut].idx, tokens[-1].idx + len(tokens[-1].text), "ORG"),
                ]
    return [(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), ent.label_)]
