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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.nlp.quotes.marks import _find_quotes
from newsprism.nlp.quotes.russian_lexicon import DASHES, FIRST_PERSON, Lexicon, lexicon_for
from newsprism.nlp.quotes.russian_speakers import (
    named_nominative,
    names_someone,
    speaker_token,
    subject,
)
from newsprism.records import Quote


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
    article_id: str, text: str, paragraphs: Sequence[tuple[int, Any]], language: str = "ru"
) -> list[Quote]:
    """Quotes of a Russian (or Ukrainian) article from its parsed paragraphs (offset, spaCy
    Doc), with that language's words."""
    lexicon = lexicon_for(language)
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
        last: _Found | None = _labelled(offset, doc)
        if last is not None:
            found.append(last)
            last = None  # the answer's own reported speech has its own subjects
        for sent in doc.sents:
            for item in _sentence_quotes(offset, sent, quotations, lexicon):
                if item.speaker is None and last is not None:
                    # "Он сказал, что … . Добавил, что …": no subject of its own, the same one
                    item.speaker, item.offset = last.speaker, last.offset
                found.append(item)
                last = item if item.speaker is not None else last
        found += _unattached(offset, doc, quotations, found)
    quotes: list[Quote] = []
    taken: list[tuple[int, int]] = []
    outer: dict[tuple[int, int], int] = {}
    """Answers of an interview: quotes others' words inside them nest in."""
    # interview answers first (others' words nest in them), then quotations, then the
    # narrowest content: a wide "rest of the sentence" must not hide a precise one
    ranked = sorted(
        found,
        key=lambda f: (
            not (f.cue and text[f.cue[0] : f.cue[1]] == ":" and f.kind == "direct"),
            f.kind != "direct",
            f.content[1] - f.content[0],
        ),
    )
    kept: list[tuple[_Found, int | None]] = []
    for item in ranked:
        holder = next(
            (i for (s, e), i in outer.items() if s <= item.content[0] and item.content[1] <= e),
            None,
        )
        clash = any(s < item.content[1] and item.content[0] < e for s, e in taken)
        if clash and holder is None:
            continue  # one content, one quote: the first construction found keeps it
        if item.cue is not None and text[item.cue[0] : item.cue[1]] == ":":
            outer[item.content] = len(kept)
        else:
            taken.append(item.content)
        kept.append((item, holder))
    order = sorted(range(len(kept)), key=lambda i: kept[i][0].content)
    position = {old: new for new, old in enumerate(order)}
    for i in order:
        item, holder = kept[i]
        first_person = item.speaker is not None and item.speaker.text.lower() in FIRST_PERSON
        if holder is not None and first_person:  # "я попросил" inside X's answer
            outer_item = kept[holder][0]
            item.speaker, item.offset = outer_item.speaker, outer_item.offset
        holder = position[holder] if holder is not None else None
        speaker_span, speaker_text, name = speaker_token(item.speaker, item.offset, people, lexicon)
        cue_text = text[item.cue[0] : item.cue[1]] if item.cue else None
        quotes.append(
            Quote(article_id, item.content, item.kind, item.cue, cue_text, speaker_span,
                  speaker_text, name, nested_in=holder)
        )  # fmt: skip
    return quotes


def _sentence_quotes(
    offset: int, sent: Any, quotations: Sequence[Any], lexicon: Lexicon
) -> list[_Found]:
    found: list[_Found] = []
    start, end = offset + sent.start_char, offset + sent.end_char
    here = [q for q in quotations if start <= q.start < end or start < q.end <= end]
    for token in sent:
        at = offset + token.idx
        around = next((q for q in here if q.start < at < q.end), None)
        if around is not None:
            # a cue inside a quotation is the quoted speaker's, unless it interrupts the
            # quotation between dashes: «Мне кажется, – продолжил Брод, – что …»
            if token.pos_ == "VERB" and token.lemma_ in lexicon.verbs:
                found += _interrupting(offset, token, around, lexicon)
            continue
        if token.pos_ == "VERB" and token.lemma_ in lexicon.verbs:
            item = _cue_verb(offset, sent, token, here, lexicon)
            if item:
                found.append(item)
        elif token.lemma_ in lexicon.source_nouns | lexicon.according | lexicon.according_nouns:
            item = _source_phrase(offset, sent, token, lexicon)
            if item:
                found.append(item)
    return found


def _cue_verb(
    offset: int, sent: Any, verb: Any, quotations: Sequence[Any], lex: Lexicon
) -> _Found | None:
    text = sent.doc.text
    speaker = subject(verb, lex)
    if speaker is None:
        speaker = named_nominative(offset, sent, verb, quotations)
    cue = (offset + verb.idx, offset + verb.idx + len(verb.text))
    cue_at = verb.idx
    # a quotation just before the cue: «…», — сказал он
    for q in quotations:
        between = text[q.end - offset : cue_at] if q.end - offset <= cue_at else None
        if (
            between is not None
            and _only_marks(between)
            and (any(c in between for c in DASHES) or between.strip() in (",", ""))
        ):
            return _Found((q.start + 1, q.end - 1), "direct", cue, speaker, offset)
    # a quotation opened by a colon after the cue: заявил: «…»
    for q in quotations:
        before = q.start - offset
        if before >= cue_at + len(verb.text):
            between = text[cue_at + len(verb.text) : before]
            if ":" in between and len(between) < 80 and "." not in between:
                return _Found((q.start + 1, q.end - 1), "direct", cue, speaker, offset)
    clauses = sorted((c for c in verb.children if c.dep_ == "ccomp"), key=lambda c: c.i < verb.i)
    clause = clauses[0] if clauses else None  # the complement after the verb first
    if clause is None:  # ", что …" the parser attached otherwise
        clause = next(
            (c for c in verb.children if c.i > verb.i and c.pos_ in ("VERB", "ADJ", "NOUN")
             and any(m.dep_ == "mark" and m.lemma_ in lex.conjunctions for m in c.children)),
            None,
        )  # fmt: skip
    this = next(
        (c for c in verb.children if c.dep_ == "obl" and c.lemma_ in ("это", "цей", "це")
         and any(m.dep_ == "case" and m.lemma_ in lex.about for m in c.children)),
        None,
    )  # fmt: skip
    if clause is None and this is not None:
        # "Об этом сообщает КЗЖ": what it says is the sentence before
        before = _sentence_before(sent)
        if before is not None:
            span = (offset + before.start_char, offset + before.end_char)
            return _Found(span, "indirect", cue, speaker, offset)
    if clause is None:  # "сообщил об обнаружении …": the matter spoken about
        clause = next(
            (c for c in verb.children if c.dep_ == "obl" and c.i > verb.i
             and any(m.dep_ == "case" and m.lemma_ in lex.about for m in c.children)),
            None,
        )  # fmt: skip
    if clause is None:
        said = _said_object(verb, lex)
        if said:
            span = (offset + said[0].idx, offset + said[-1].idx + len(said[-1].text))
            quoted = any(span[0] <= q.start < span[1] for q in quotations)
            return _Found(span, "mixed" if quoted else "indirect", cue, speaker, offset)
    if clause is not None:
        tokens = list(clause.subtree)
        while tokens and (
            tokens[0].pos_ in ("PUNCT", "SPACE")
            or tokens[0].dep_ == "mark"
            or tokens[0].lemma_ in lex.conjunctions
        ):
            tokens.pop(0)  # ", что …": the content starts after the conjunction
        while tokens and tokens[-1].pos_ in ("PUNCT", "SPACE"):
            tokens.pop()
        if tokens:
            span = (offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text))
            quoted = any(span[0] <= q.start < span[1] for q in quotations)
            return _Found(span, "mixed" if quoted else "indirect", cue, speaker, offset)
    if verb.dep_ == "parataxis" or any(c.lemma_ in lex.as_word for c in verb.children):
        # "как отметил Х, …", "…, — отметил Х": the rest of the sentence is Х's
        aside = {t.i for t in verb.subtree}
        rest = [
            t for t in _running_on(sent) if t.i not in aside and t.pos_ not in ("PUNCT", "SPACE")
        ]
        if len(rest) >= 3:
            span = (offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1].text))
            return _Found(span, "according_to", cue, speaker, offset)
    return None


def _unattached(
    offset: int, doc: Any, quotations: Sequence[Any], found: Sequence[_Found]
) -> list[_Found]:
    """Quotations of the paragraph no cue claimed: one opened by a colon after a sentence
    whose subject names someone ("Белов оказался более дипломатичным: «…»") is theirs; one
    that stands as a sentence after another quote of the paragraph keeps that quote's speaker
    (the newspaper convention: «…», — сказал он. «…»)."""
    start, end = offset, offset + len(doc.text)
    mine = sorted((f for f in found if start <= f.content[0] < end), key=lambda f: f.content)
    out: list[_Found] = []
    for q in quotations:
        if not start <= q.start < end:
            continue
        if any(f.content[0] <= q.start + 1 < f.content[1] for f in [*found, *out]):
            continue
        before = doc.text[: q.start - offset].rstrip()
        if before.endswith(":"):
            colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
            root = colon.sent.root if colon is not None else None
            subject = (
                next((c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
                if root is not None
                else None
            )
            if subject is not None and (subject.ent_type_ in ("PERSON", "ORG")
                                        or "Animacy=Anim" in str(subject.morph)):  # fmt: skip
                cue = (offset + len(before) - 1, offset + len(before))
                out.append(_Found((q.start + 1, q.end - 1), "direct", cue, subject, offset))
                continue
        earlier = [f for f in mine if f.content[1] <= q.start and f.speaker is not None]
        stands = not before or before[-1] in '.!?…»"”'
        if earlier and stands and q.end - q.start > 20:
            previous = earlier[-1]
            out.append(
                _Found((q.start + 1, q.end - 1), "direct", previous.cue, previous.speaker,
                       previous.offset)
            )  # fmt: skip
    return out


def _labelled(offset: int, doc: Any) -> _Found | None:
    """An interview's answer: a paragraph opening with a person's name and a colon
    ("Мустафа Джемилев: Да, всё верно.") is that person's words."""
    first = next(iter(doc.ents), None)
    if first is None or first.label_ != "PERSON" or first.start_char > 0:
        return None
    rest = doc.text[first.end_char :]
    stripped = rest.lstrip()
    if not stripped.startswith(":"):
        return None
    at = first.end_char + len(rest) - len(stripped)
    start = at + 1
    while start < len(doc.text) and doc.text[start] in " \u00a0":
        start += 1
    end = len(doc.text.rstrip())
    if end - start < 3:
        return None
    colon = (offset + at, offset + at + 1)
    return _Found((offset + start, offset + end), "direct", colon, first.root, offset)


_INTERRUPTION = re.compile(r"[,.!?…]?\s*[—–-]\s*$")


def _interrupting(offset: int, verb: Any, quotation: Any, lex: Lexicon) -> list[_Found]:
    """The two parts of a quotation a dash-set cue interrupts, each a direct quote."""
    text = verb.doc.text
    at = offset + verb.idx
    before = text[max(0, verb.idx - 4) : verb.idx]
    if not _INTERRUPTION.search(before):
        return []
    full = verb.doc.text
    local_start, local_end = quotation.start - offset + 1, quotation.end - offset - 1
    dash = max(full.rfind(d, local_start, verb.idx) for d in DASHES)
    after = min(
        (i for i in (full.find(d, verb.idx, local_end) for d in DASHES) if i >= 0),
        default=-1,
    )
    cue = (at, at + len(verb.text))
    speaker = subject(verb, lex)
    found = []
    first = full[local_start:dash].rstrip(" ,\u00a0")
    if dash > local_start and first:
        found.append(_Found((quotation.start + 1, offset + local_start + len(first)), "direct",
                            cue, speaker, offset))  # fmt: skip
    if after >= 0:
        rest_start = after + 1
        while rest_start < local_end and full[rest_start] in " \u00a0":
            rest_start += 1
        if local_end - rest_start > 2:
            found.append(_Found((offset + rest_start, quotation.end - 1), "direct", cue,
                                speaker, offset))  # fmt: skip
    return found


def _said_object(verb: Any, lex: Lexicon) -> list[Any]:
    """What a speech act says when it takes no clause: its object and what completes it
    ("назвал итоги выборов подтасованными", "призвал сторонников собраться", "выступают за
    полный запрет"), from the first such dependent after the verb to the last one's end."""
    parts = [
        c for c in verb.rights
        if c.dep_ in ("obj", "xcomp")
        or (c.dep_ == "obl" and any(m.dep_ == "case" and m.lemma_ in lex.stance | lex.about
                                     for m in c.children))
    ]  # fmt: skip
    if not parts:
        return []
    tokens = sorted({t for part in parts for t in part.subtree}, key=lambda t: t.i)
    tokens = [t for t in tokens if t.i > verb.i]
    while tokens and tokens[-1].pos_ in ("PUNCT", "SPACE"):
        tokens.pop()
    if len(tokens) < 2:
        return []
    span = [t for t in verb.doc[tokens[0].i : tokens[-1].i + 1]]
    return span


def _source_phrase(offset: int, sent: Any, noun: Any, lex: Lexicon) -> _Found | None:
    """ "по словам Х, …", "по мнению Х", "согласно Х": the rest of the sentence is Х's."""
    if noun.lemma_ in lex.according or noun.lemma_ in lex.according_nouns:
        if noun.lemma_ in lex.according:  # "согласно решению суда": согласно is the case
            source, first = noun.head, noun
        elif noun.dep_ == "fixed":  # "в соответствии с прогнозом ФАО": one multiword case
            first, source = noun.head, noun.head.head
        else:  # the same parsed as a noun with its own "с" phrase
            source = next((c for c in noun.children if c.dep_ == "nmod"), noun)
            first = next((c for c in noun.children if c.dep_ == "case"), noun)
        if source.i == noun.i or source.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = {noun.i, first.i, *(t.i for t in _noun_phrase(source))}
        cue = (offset + first.idx, offset + noun.idx + len(noun.text))
        # whose decision or forecast it is, else the document itself ("согласно закону")
        speaker = next(
            (c for c in source.children if c.dep_ in ("nmod", "det") and names_someone(c, lex)),
            source,
        )
    else:
        if not any(c.lemma_ in lex.source_case and c.dep_ == "case" for c in noun.children):
            return None
        speaker = next((c for c in noun.children if c.dep_ in ("nmod", "det")), None)
        if speaker is None or speaker.pos_ not in ("NOUN", "PROPN", "PRON", "DET"):
            return None
        if speaker.pos_ == "DET" and speaker.text.lower() not in lex.third_person:
            return None  # "по некоторым данным": no one
        # the phrase is the preposition, the noun and whose words they are, never the clause
        # a parser may have hung under the noun
        phrase = {noun.i, *(t.i for t in _noun_phrase(speaker))} | {
            c.i for c in noun.children if c.dep_ in ("case", "amod", "det") and c.i < noun.i
        }
        first = min(phrase)
        cue = (offset + sent.doc[first].idx, offset + noun.idx + len(noun.text))
    # the rest of the sentence, up to a colon that opens the source's own words; a sentence
    # the segmenter cut after the phrase's comma ("По словам Х," | "Крым …") runs on
    words = _running_on(sent)
    colon = next((t.i for t in words if t.i > max(phrase) and t.text == ":"), words[-1].i + 1)
    rest = [
        t for t in words
        if t.i not in phrase and t.i < colon and t.pos_ not in ("PUNCT", "SPACE")
    ]  # fmt: skip
    if len(rest) < 3:
        return None
    span = (offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1].text))
    return _Found(span, "according_to", cue, speaker, offset)


def _sentence_before(sent: Any) -> Any:
    """The sentence before ``sent`` in its paragraph, trimmed of whitespace (None: first)."""
    if sent.start == 0:
        return None
    before = sent.doc[sent.start - 1].sent
    tokens = [t for t in before if t.pos_ != "SPACE"]
    if len(tokens) < 3:
        return None
    return sent.doc[tokens[0].i : tokens[-1].i + 1]


def _running_on(sent: Any) -> list[Any]:
    """The sentence's tokens, and the next sentence's when the segmenter cut this one at a
    comma ("Как отметил Х," | "Москва …")."""
    words = list(sent)
    ending = [t for t in words if t.pos_ != "SPACE"]
    if ending and ending[-1].text == "," and sent.end < len(sent.doc):
        words += list(sent.doc[sent.end].sent)
    return words


def _noun_phrase(token: Any) -> list[Any]:
    """A noun with the words that modify it up to the first punctuation after it: a clause a
    parser hung under it (", делегация прибудет …") is not part of the name."""
    words = sorted(token.subtree, key=lambda t: t.i)
    end = next((t.i for t in words if t.i > token.i and t.pos_ == "PUNCT"), words[-1].i + 1)
    return [t for t in words if t.i < end]


def _only_marks(between: str) -> bool:
    return all(c in ',.!?…—–- \u00a0»”"' for c in between) and len(between) <= 6
