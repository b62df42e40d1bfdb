"""Who speaks a Russian or Ukrainian quote: the cue verb's subject, followed through
conjoined and relative clauses, a pronoun resolved to the last person named before it, a
description to the name beside it (nlp/quotes/russian.py finds the quotes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.nlp.quotes.russian_lexicon import Lexicon

MAX_HOPS = 8
"""Conjoined or complement verbs followed up to a subject (spaCy Tokens are new objects at
each access, so only indices tell a token from its head)."""


def subject(verb: Any, lex: Lexicon, depth: int = 0) -> Any:
    """Who speaks: the verb's subject; for "цитирует" the one quoted; for a participle
    ("политика, считающего, что …") the noun it describes; for a gerund or a conjoined verb,
    its head's subject; for "как пояснили в милиции" the place that speaks."""
    if verb.lemma_ in lex.quoting:
        quoted = next((c for c in verb.children if c.dep_ == "obj"), None)
        if quoted is not None and quoted.pos_ in ("PROPN", "NOUN"):
            return quoted
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):
            return child
    for after in verb.doc[verb.i + 1 : verb.i + 3]:  # "– сказав він", however it was parsed
        if after.text.lower() in lex.third_person:
            return after
    for child in verb.rights:  # "– сказал Белов": an inverted subject the parser missed
        nominative = "Case=Nom" in str(child.morph)
        if child.i - verb.i <= 3 and child.pos_ in ("PROPN", "NOUN", "PRON") and nominative:
            return child
    form = str(verb.morph.get("VerbForm"))
    if "Part" in form and verb.dep_ in ("acl", "amod", "acl:relcl") and verb.head.i != verb.i:
        return verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i and depth < MAX_HOPS:
        return subject(verb.head, lex, depth + 1)
    if any(c.lemma_ in lex.as_word for c in verb.children):
        place = next(
            (c for c in verb.children if c.dep_ == "obl"
             and any(m.dep_ == "case" and m.lemma_ in lex.places for m in c.children)),
            None,
        )  # fmt: skip
        if place is not None:
            return place
    return None


def speaker_token(
    token: Any, offset: int, people: Sequence[tuple[int, str]], lex: Lexicon
) -> tuple[tuple[int, int] | None, str | None, str | None]:
    """The speaker's span and text as written, and, for a pronoun, the name it stands for
    (a name in the span is resolved to its entity by the store; None: not named)."""
    if token is None:
        return None, None, None
    at = offset + token.idx
    before = [name for start, name in people if start < at]
    if token.text.lower() in lex.third_person:  # whatever the tagger made of it
        return (at, at + len(token.text)), token.text, (before[-1] if before else None)
    if token.pos_ in ("PRON", "DET"):
        return (at, at + len(token.text)), token.text, None
    named = name_near(token) or token
    description = (
        named.i == token.i
        and token.pos_ == "NOUN"
        and token.ent_type_ == ""
        and "Animacy=Anim" in str(token.morph)
        and "Number=Sing" in str(token.morph)
    )
    entity = next((e for e in token.doc.ents if e.start <= named.i < e.end), None)
    if entity is not None:
        first, last = entity[0], entity[-1]
    else:
        words = [t for t in token.subtree if t.dep_ not in ("acl:relcl", "acl") or t.i == token.i]
        run = compact(token, words)
        first, last = run[0], run[-1]
    start, end = offset + first.idx, offset + last.idx + len(last.text)
    shown = token.doc.text[first.idx : last.idx + len(last.text)]
    # a person described ("протоиерей", "бывший соратник вождя"): the person named last
    return (start, end), shown, (before[-1] if description and before else None)


def named_nominative(offset: int, sent: Any, verb: Any, quotations: Sequence[Any]) -> Any:
    """A name in the nominative next to a cue whose subject the parse lost: just after it
    ("– сказал Белов"), else the nearest before it in its sentence, outside quotations."""

    def free(t: Any) -> bool:
        at = offset + t.idx
        return (
            t.ent_type_ in ("PERSON", "ORG")
            and "Case=Nom" in str(t.morph)
            and not any(q.start < at < q.end for q in quotations)
        )

    def speaker_like(t: Any) -> bool:  # an animate noun or a name, in the nominative
        at = offset + t.idx
        return (
            t.pos_ in ("NOUN", "PROPN")
            and "Case=Nom" in str(t.morph)
            and ("Animacy=Anim" in str(t.morph) or t.ent_type_ in ("PERSON", "ORG"))
            and not any(q.start < at < q.end for q in quotations)
        )

    after = [t for t in sent if verb.i < t.i and speaker_like(t)]
    if after:
        return after[0]
    before = [t for t in sent if t.i < verb.i and free(t)]
    return before[-1] if before else None


def names_someone(token: Any, lex: Lexicon) -> bool:
    """A source that can speak: a name, a pronoun, or an animate noun or organisation."""
    if token.ent_type_ in ("PERSON", "ORG") or token.pos_ in ("PROPN", "PRON"):
        return True
    return (token.pos_ == "DET" and token.text.lower() in lex.third_person) or (
        token.pos_ == "NOUN" and "Animacy=Anim" in str(token.morph)
    )


def name_near(token: Any) -> Any:
    """A person named in a description ("пресс-секретарь Кремля Дмитрий Песков", "писатель
    и журналист Виктор Шендерович"): the first person within its phrase, relative clauses
    aside."""
    if token.ent_type_ in ("PERSON", "ORG"):
        return None
    phrase = [
        t for t in token.subtree
        if abs(t.i - token.i) <= 8 and not any(a.dep_ in ("acl", "acl:relcl") and a.i != token.i
                                                for a in t.ancestors if a.i in range(
                                                    min(t.i, token.i), max(t.i, token.i) + 1))
    ]  # fmt: skip
    return next((t for t in phrase if t.ent_type_ == "PERSON"), None)


def compact(token: Any, words: list[Any]) -> list[Any]:
    """The speaker phrase without a trailing clause: its contiguous run around the head."""
    ordered = sorted(words, key=lambda t: t.i)
    run = [t for t in ordered if abs(t.i - token.i) <= 6 and t.pos_ != "PUNCT"]
    return run or [token]
