"""Russian quotes from natasha's Universal Dependencies parse (nlp/russian.py), as the same
Quote records as the English stage.

Russian reports speech in a few constructions, each read off the parse:

- a cue verb ("заявил", "сообщил", "отметил": ``data/quotes/cues_ru.toml``) with its subject
  (the speaker) and a clausal complement ("…, что …": indirect);
- a quotation beside a cue: after it ("«…», — сказал он", "«…» — добавил Песков") or before
  it, opened by a colon ("Лукашенко заявил: «…»"): direct;
- a parenthetical cue ("как отметил Х", ", — отметил Х, —") or a source phrase ("по словам
  Х", "по мнению Х", "по данным Х", "согласно Х"): the rest of its sentence, according to Х.

A speaker that is a pronoun ("он", "она") is the last person named before it outside
quotations; a description with a name beside it ("пресс-секретарь Кремля Дмитрий Песков") is
that name. Nothing else is guessed: a speaker the text does not name stays unresolved.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from newsprism.nlp.quotes.marks import _find_quotes
from newsprism.records import Quote

_DASHES = "—–-"
CONJUNCTIONS = frozenset({"что", "чтобы", "будто", "якобы", "ли"})
THIRD_PERSON = frozenset({"он", "она", "его", "её", "ее", "ему", "ей", "него", "неё", "нее"})
"""Pronouns of one third person, as subject or possessor ("по его словам")."""


@dataclass(frozen=True)
class _Lexicon:
    verbs: frozenset[str]
    source_nouns: frozenset[str]
    """"по словам", "по мнению": nouns that make "по Х-у Y" a source phrase."""


@cache
def _lexicon() -> _Lexicon:
    path = resources.files("newsprism.data").joinpath("quotes/cues_ru.toml")
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return _Lexicon(frozenset(data["verbs"]), frozenset(data["source_nouns"]))


@dataclass
class _Found:
    content: tuple[int, int]
    kind: str
    cue: tuple[int, int] | None
    speaker: Any
    """The speaker token (None: unresolved)."""
    offset: int
    """Of the speaker token's paragraph."""


def extract_quotes_ru(
    article_id: str, text: str, paragraphs: Sequence[tuple[int, Any]]
) -> list[Quote]:
    """Quotes of a Russian article from its parsed paragraphs (offset, spaCy Doc)."""
    lexicon = _lexicon()
    quotations = [q for q in _find_quotes([(o, d.text) for o, d in paragraphs]) if q.parent is None]
    people: list[tuple[int, str]] = []
    """(start, text) of every person named outside quotations, in text order."""
    inside = [(q.start, q.end) for q in quotations]
    for offset, doc in paragraphs:
        for ent in doc.ents:
            start = offset + ent.start_char
            if ent.label_ == "PERSON" and not any(s <= start < e for s, e in inside):
                people.append((start, ent.text))
    found: list[_Found] = []
    for offset, doc in paragraphs:
        for sent in doc.sents:
            found += _sentence_quotes(offset, sent, quotations, lexicon)
    quotes: list[Quote] = []
    taken: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda f: f.content):
        if any(s < item.content[1] and item.content[0] < e for s, e in taken):
            continue  # one content, one quote: the first construction found keeps it
        taken.append(item.content)
        speaker_span, speaker_text, name = _speaker(item.speaker, item.offset, people)
        cue_text = text[item.cue[0] : item.cue[1]] if item.cue else None
        quotes.append(
            Quote(article_id, item.content, item.kind, item.cue, cue_text, speaker_span,
                  speaker_text, name)
        )  # fmt: skip
    return quotes


def _sentence_quotes(
    offset: int, sent: Any, quotations: Sequence[Any], lexicon: _Lexicon
) -> list[_Found]:
    found: list[_Found] = []
    start, end = offset + sent.start_char, offset + sent.end_char
    here = [q for q in quotations if start <= q.start < end or start < q.end <= end]
    for token in sent:
        at = offset + token.idx
        if any(q.start < at < q.end for q in here):
            continue  # a cue inside a quotation is the quoted speaker's, not the article's
        if token.pos_ == "VERB" and token.lemma_ in lexicon.verbs:
            item = _cue_verb(offset, sent, token, here)
            if item:
                found.append(item)
        elif token.lemma_ in lexicon.source_nouns or token.lemma_ == "согласно":
            item = _source_phrase(offset, sent, token)
            if item:
                found.append(item)
    return found


def _cue_verb(offset: int, sent: Any, verb: Any, quotations: Sequence[Any]) -> _Found | None:
    text = sent.doc.text
    speaker = _subject(verb)
    cue = (offset + verb.idx, offset + verb.idx + len(verb.text))
    cue_at = verb.idx
    # a quotation just before the cue: «…», — сказал он
    for q in quotations:
        between = text[q.end - offset : cue_at] if q.end - offset <= cue_at else None
        if between is not None and _only_marks(between) and any(c in between for c in _DASHES):
            return _Found((q.start + 1, q.end - 1), "direct", cue, speaker, offset)
    # a quotation opened by a colon after the cue: заявил: «…»
    for q in quotations:
        before = q.start - offset
        if before >= cue_at + len(verb.text):
            between = text[cue_at + len(verb.text) : before]
            if ":" in between and len(between) < 80 and "." not in between:
                return _Found((q.start + 1, q.end - 1), "direct", cue, speaker, offset)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:  # ", что …" the parser attached otherwise
        clause = next(
            (c for c in verb.children if c.i > verb.i and c.pos_ in ("VERB", "ADJ", "NOUN")
             and any(m.dep_ == "mark" and m.lemma_ in CONJUNCTIONS for m in c.children)),
            None,
        )  # fmt: skip
    if clause is None:  # "сообщил об обнаружении …": the matter spoken about
        clause = next(
            (c for c in verb.children if c.dep_ == "obl" and c.i > verb.i
             and any(m.dep_ == "case" and m.lemma_ in ("о", "об", "обо") for m in c.children)),
            None,
        )  # fmt: skip
    if clause is not None:
        tokens = list(clause.subtree)
        while tokens and (tokens[0].pos_ in ("PUNCT", "SPACE") or tokens[0].dep_ == "mark"):
            tokens.pop(0)  # ", что …": the content starts after the conjunction
        while tokens and tokens[-1].pos_ in ("PUNCT", "SPACE"):
            tokens.pop()
        if tokens:
            span = (offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text))
            quoted = any(span[0] <= q.start < span[1] for q in quotations)
            return _Found(span, "mixed" if quoted else "indirect", cue, speaker, offset)
    if verb.dep_ == "parataxis" or any(c.lemma_ == "как" for c in verb.children):
        # "как отметил Х, …", "…, — отметил Х": the rest of the sentence is Х's
        aside = {t.i for t in verb.subtree}
        rest = [t for t in sent if t.i not in aside and t.pos_ not in ("PUNCT", "SPACE")]
        if len(rest) >= 3:
            span = (offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1].text))
            return _Found(span, "according_to", cue, speaker, offset)
    return None


def _source_phrase(offset: int, sent: Any, noun: Any) -> _Found | None:
    """ "по словам Х, …", "по мнению Х", "согласно Х": the rest of the sentence is Х's."""
    if noun.lemma_ == "согласно":
        source = noun.head
        if source.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = {t.i for t in source.subtree}
        cue = (offset + noun.idx, offset + noun.idx + len(noun.text))
        speaker = next((c for c in source.children if c.dep_ in ("nmod", "det")), source)
    else:
        if not any(c.lemma_ == "по" and c.dep_ == "case" for c in noun.children):
            return None
        speaker = next((c for c in noun.children if c.dep_ in ("nmod", "det")), None)
        if speaker is None or speaker.pos_ not in ("NOUN", "PROPN", "PRON", "DET"):
            return None
        phrase = {t.i for t in noun.subtree}
        first = min(phrase)
        cue = (offset + sent.doc[first].idx, offset + noun.idx + len(noun.text))
    rest = [t for t in sent if t.i not in phrase and t.pos_ not in ("PUNCT", "SPACE")]
    if len(rest) < 3:
        return None
    span = (offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1].text))
    return _Found(span, "according_to", cue, speaker, offset)


def _only_marks(between: str) -> bool:
    return all(c in ',.!?…—–- \u00a0»”"' for c in between) and len(between) <= 6


def _subject(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):
            return child
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _speaker(
    token: Any, offset: int, people: Sequence[tuple[int, str]]
) -> tuple[tuple[int, int] | None, str | None, str | None]:
    """The speaker's span and text as written, and, for a pronoun, the name it stands for
    (a name in the span is resolved to its entity by the store; None: not named)."""
    if token is None:
        return None, None, None
    at = offset + token.idx
    before = [name for start, name in people if start < at]
    if token.pos_ in ("PRON", "DET") and token.text.lower() in THIRD_PERSON:
        return (at, at + len(token.text)), token.text, (before[-1] if before else None)
    if token.pos_ in ("PRON", "DET"):
        return (at, at + len(token.text)), token.text, None
    named = _name_near(token) or token
    description = (
        named is token
        and token.pos_ == "NOUN"
        and token.ent_type_ == ""
        and "Animacy=Anim" in str(token.morph)
        and "Number=Sing" in str(token.morph)
    )
    entity = next((e for e in token.doc.ents if e.start <= named.i < e.end), None)
    if entity is not None:
        first, last = entity[0], entity[-1]
    else:
        words = [t for t in token.subtree if t.dep_ not in ("acl:relcl", "acl") or t is token]
        run = _compact(token, words)
        first, last = run[0], run[-1]
    start, end = offset + first.idx, offset + last.idx + len(last.text)
    shown = token.doc.text[first.idx : last.idx + len(last.text)]
    # a person described ("протоиерей", "бывший соратник вождя"): the person named last
    return (start, end), shown, (before[-1] if description and before else None)


def _name_near(token: Any) -> Any:
    """A name in apposition to a description ("пресс-секретарь Кремля Дмитрий Песков")."""
    if token.ent_type_ in ("PERSON", "ORG"):
        return None
    for child in token.children:
        if child.dep_ in ("appos", "flat:name", "nmod") and child.ent_type_ == "PERSON":
            return child
    return None


def _compact(token: Any, words: list[Any]) -> list[Any]:
    """The speaker phrase without a trailing clause: its contiguous run around the head."""
    ordered = sorted(words, key=lambda t: t.i)
    run = [t for t in ordered if abs(t.i - token.i) <= 6 and t.pos_ != "PUNCT"]
    return run or [token]
