"""Speaker resolution within the article: names to their fullest form, pronouns and titles to
the person or organisation they stand for."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import cast

from spacy.tokens import Token

from newsprism.nlp.quotes.article import _Article, _Attr
from newsprism.nlp.quotes.lexicon import (
    _GROUP_PRONOUNS,
    _HONORIFICS,
    _PERSON_PRONOUNS,
    ORG_TITLES,
    PERSON_TITLES,
)
from newsprism.nlp.quotes.neighbourhood import _para_of_pos
from newsprism.nlp.quotes.phrases import _phrase, _speaker_token
from newsprism.nlp.spans import SpanIndex
from newsprism.records import Span


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    words: tuple[str, ...]
    context: frozenset[str]
    """Lower-cased title words beside the mention ("president", "belarusian")."""
    quoted: int
    """Index of the quotation holding the mention, or -1."""


def _name_words(text: str) -> tuple[str, ...]:
    text = text.replace("’s", "").replace("'s", "").strip()
    words = [w for w in text.split() if w]
    while words and words[0].lower().rstrip(".") in _HONORIFICS and len(words) > 1:
        words.pop(0)
    while words and words[-1] in ("’", "'"):
        words.pop()
    return tuple(words)


class _Names:
    """The article's PERSON and ORG mentions, for resolving speakers."""

    def __init__(self, art: _Article) -> None:
        self.art = art
        self.mentions: list[_Mention] = []
        for p, doc in enumerate(art.docs):
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                    continue
                context: set[str] = set()
                lo = max(ent.start - 3, 0)
                for t in doc[lo : ent.start]:
                    if t.pos_ in ("PROPN", "NOUN", "ADJ"):
                        context.add(t.lower_)
                root = ent.root
                if root.dep_ == "appos":
                    context.add(root.head.lower_)
                    context.update(c.lower_ for c in root.head.children if c.dep_ == "amod")
                for c in root.children:
                    if c.dep_ == "appos":
                        context.add(c.lower_)
                toks = list(ent)
                while toks and (
                    toks[0].pos_ in ("AUX", "VERB", "DET", "ADP", "PRON") or toks[0].tag_ == "MD"
                ):
                    toks.pop(0)  # "Will Lukashenko", "Preventing Belarus": not part of a name
                if not toks:
                    continue
                words = _name_words(doc[toks[0].i : toks[-1].i + 1].text)
                if not words:
                    continue
                start = art.offsets[p] + toks[0].idx
                self.mentions.append(
                    _Mention(
                        start,
                        art.offsets[p] + ent.end_char,
                        ent.label_,
                        words,
                        frozenset(context),
                        art.quote_of(ent[0]),
                    )
                )
        self._people: set[str] | None = None
        self.full: Counter[tuple[str, ...]] = Counter()
        self.first: dict[tuple[str, ...], int] = {}
        self.quoted_only: dict[tuple[str, ...], bool] = {}
        for m in self.mentions:
            if m.label == "PERSON" and len(m.words) >= 2 and all(w[:1].isupper() for w in m.words):
                self.full[m.words] += 1
                self.first.setdefault(m.words, m.start)
                self.quoted_only[m.words] = self.quoted_only.get(m.words, True) and m.quoted != -1

    def canonical(self, words: tuple[str, ...]) -> tuple[str, int]:
        """Fullest form of a person's name, and how many of ``words`` it keeps (NER noise)."""
        if not words:
            return "", 0
        if len(words) >= 2:
            others = [f for f in self.full if f != words]
            # "Yarosh Sputnik Belarus": a surname known from "Andrei Yarosh" running into
            # other names; "Sergei Lavrov Moscow": a known full name running on
            for k in range(len(words) - 1, 0, -1):
                head = words[:k]
                if any(f[-k:] == head for f in others if len(f) > k) or (
                    k >= 2 and head in self.full
                ):
                    return self._fullest(head), k
        return self._fullest(words), len(words)

    def _fullest(self, words: tuple[str, ...]) -> str:
        last = words[-1]
        forms = [f for f in self.full if f[-1] == last and set(words) <= set(f)]
        if not forms and len(words) == 1:
            forms = [f for f in self.full if last in f]
        if not forms:
            return " ".join(words)
        outside = [f for f in forms if not self.quoted_only[f]] or forms
        best = max(outside, key=lambda f: (len(f), self.full[f], -self.first[f]))
        if len(words) > len(best):
            return " ".join(words)
        return " ".join(best)

    def is_person(self, name: str) -> bool:
        if self._people is None:
            self._people = {
                self.canonical(m.words)[0] for m in self.mentions if m.label == "PERSON"
            }
        return name in self._people

    def is_surname(self, word: str) -> bool:
        return any(f[-1] == word for f in self.full)

    def org_name(self, words: tuple[str, ...]) -> str:
        ws = list(words)
        if ws and ws[0].lower() == "the":
            ws.pop(0)
        return " ".join(ws)

    @functools.cached_property
    def _spans(self) -> SpanIndex:
        return SpanIndex([(m.start, m.end) for m in self.mentions])

    def entity_at(self, start: int, end: int) -> _Mention | None:
        for i in sorted(self._spans.overlapping(start, end)):
            m = self.mentions[i]
            if m.start <= start and end <= m.end:
                return m
        return None

    def mentions_starting(self, start: int, end: int) -> list[_Mention]:
        """Mentions that start in ``[start, end)``, in text order."""
        starts = self._spans.starts
        return [self.mentions[i] for i in sorted(self._spans.order[
            bisect_left(starts, start) : bisect_left(starts, end)
        ])]  # fmt: skip

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        inside = (self.mentions[i] for i in sorted(self._spans.overlapping(start, end)))
        return [m for m in inside if start <= m.start and m.end <= end]


def _resolve_all(art: _Article, names: _Names, attrs: list[_Attr]) -> None:
    attrs.sort(key=lambda a: a.content[0] if a.cue is None else min(a.cue[0], a.content[0]))
    contents = [(a.content, a) for a in attrs]
    for i, a in enumerate(attrs):
        if a.entity is not None:
            continue
        if a.head is None and a.inherit_from is not None:
            _inherit(art, a, contents)
        if a.head is None or a.entity is not None:
            continue
        exclude: str | None = None
        q = art.quote_of(a.head)
        if q != -1:
            outer = next((b for b in attrs if b.quote == q and b is not a), None)
            if outer is None:
                outer = next((b for b in attrs if b.quote == art.top_of(a.head)), None)
            if outer is not None:
                exclude = outer.entity
        a.entity, trimmed = _resolve(art, names, a.head, a.speaker, attrs[:i], contents, exclude)
        if trimmed is not None:
            a.speaker = trimmed


def _inherit(art: _Article, a: _Attr, contents: list[tuple[Span, _Attr]]) -> None:
    """Speaker of a cue with no subject: the quote whose content holds the verb it hangs from
    ("According to X, they “plan …,” adding:"), the quote whose cue it is, or its subject."""
    verb = cast(Token, a.inherit_from)
    pos = art.start(verb)
    holder = next((b for (s, e), b in contents if s <= pos < e and b is not a), None)
    if holder is not None and holder.speaker is not None:
        a.speaker, a.head, a.entity = holder.speaker, holder.head, holder.entity
        return
    owner = next(
        (b for b in contents if b[1].cue is not None and b[1].cue[0] <= pos < b[1].cue[1]), None
    )
    if owner is not None and owner[1].speaker is not None and owner[1] is not a:
        b = owner[1]
        a.speaker, a.head, a.entity = b.speaker, b.head, b.entity
        return
    subj = _speaker_token(verb)
    while subj is None and verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "… intensified a crackdown and mobilized the army, claiming …"
        subj = _speaker_token(verb)
    if subj is not None:
        a.head = subj
        a.speaker = _phrase(art, subj, cue=verb)


def _resolve(
    art: _Article,
    names: _Names,
    head: Token,
    span: Span | None,
    before: list[_Attr],
    contents: list[tuple[Span, _Attr]],
    exclude: str | None,
) -> tuple[str | None, Span | None]:
    """The speaker's canonical name, and a narrower speaker span when NER noise was cut."""
    if head.lower_ in ("who", "that") and head.head.dep_ == "relcl":
        head = head.head.head  # the noun a relative pronoun stands for
        span = _phrase(art, head, cue=head.head) if head.head.i != head.i else span
    lower = head.lower_
    pos = art.start(head)
    if lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        want = "PERSON" if lower in _PERSON_PRONOUNS else "GROUP"
        return _antecedent(art, names, pos, want, before, contents, exclude, head), None
    if head.pos_ == "PRON":
        return None, None
    # a name, or a phrase in apposition to one ("the official representative …, Andrei Yarosh")
    m = _named(art, names, head)
    if m is None and head.pos_ == "PROPN":
        # a name NER missed: a surname known from a full name in the article ("TAPPER")
        for word in (head.text, head.text.title()):
            if names.is_surname(word):
                return names.canonical((word,))[0], None
    lemma = head.lemma_.lower()
    if m is None and head.pos_ in ("NOUN", "PROPN") and lemma in PERSON_TITLES | ORG_TITLES:
        m, found = _by_title(art, names, head, lemma, pos, exclude)
        if found is not None:
            return found, None
    if m is None and span is not None:
        m = _name_in_phrase(art, names, head, span)
    if m is not None:
        return _name_of(art, names, m)
    return None, None


def _named(art: _Article, names: _Names, head: Token) -> _Mention | None:
    """The PERSON or ORG mention at ``head``, or at a phrase in apposition to it."""
    m = names.entity_at(art.start(head), art.end(head))
    if m is None:
        for c in head.children:
            if c.dep_ == "appos":
                m = names.entity_at(art.start(c), art.end(c))
                if m is not None and m.label in ("PERSON", "ORG"):
                    break
                m = None
    return m


def _by_title(
    art: _Article, names: _Names, head: Token, lemma: str, pos: int, exclude: str | None
) -> tuple[_Mention | None, str | None]:
    """A title's holder: the mention of its possessor ("the Kremlin's press service"), else
    the name last named with that title ("the Belarusian leader"), as (mention, name)."""
    m = None
    # "the Kremlin's press service" -> the Kremlin
    for c in head.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            m = names.entity_at(art.start(c), art.end(c))
            if m is not None:
                break
    if m is None and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "his", "her", "its", "their")
        for c in head.children
    ):
        want = "PERSON" if lemma in PERSON_TITLES else "ORG"
        mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
        found = _titled(art, names, pos, want, lemma, mods, exclude)
        if found is not None:
            return None, found
    return m, None


def _name_in_phrase(art: _Article, names: _Names, head: Token, span: Span) -> _Mention | None:
    """A name inside the speaker phrase outside its relative clauses ("a Belarusian Interior
    Ministry press release"; "former Deputy Prosecutor-General …, MP … Renat Kuzmin")."""
    skip = {
        art.start(t)
        for c in head.children
        if c.dep_ in ("relcl", "acl")
        or (c.dep_ == "prep" and c.lower_ in ("including", "like", "among", "with", "besides"))
        for t in c.subtree
    }
    inner = [
        x for x in names.mentions_in(*span) if x.start not in skip and x.label in ("PERSON", "ORG")
    ]
    return next((x for x in inner if x.label == "PERSON"), inner[0] if inner else None)


def _name_of(art: _Article, names: _Names, m: _Mention) -> tuple[str, Span | None]:
    """A mention's canonical name, and the span of just its name part when NER noise was cut."""
    # an ORG that starts with a surname known from a full name runs a person into an
    # organisation ("Yarosh Sputnik Belarus" beside "Andrei Yarosh")
    runs_on = m.label == "ORG" and len(m.words) >= 3 and names.is_surname(m.words[0])
    if m.label == "PERSON" or names.is_surname(m.words[-1]) or runs_on:
        name, keep = names.canonical(m.words)
        trimmed = None
        if keep < len(m.words):
            # keep just the name part of a noisy mention ("Yarosh" of "Yarosh Sputnik …")
            text = art.text[m.start : m.end]
            idx = text.find(m.words[keep - 1])
            if idx >= 0:
                trimmed = (m.start, m.start + idx + len(m.words[keep - 1]))
        return name, trimmed
    return names.org_name(m.words), None


def _antecedent(
    art: _Article,
    names: _Names,
    pos: int,
    want: str,
    before: list[_Attr],
    contents: list[tuple[Span, _Attr]],
    exclude: str | None,
    pronoun: Token,
) -> str | None:
    p = _para_of_pos(art, pos)
    own_quote = art.top_of(pronoun)
    cands: list[tuple[int, str]] = []
    if want == "PERSON":
        # people named outside quotations and reported contents are the salient ones
        for m in names.mentions_starting(art.offsets[max(0, p - 2)], pos):
            if m.quoted != -1 and m.quoted != own_quote:
                continue
            if own_quote == -1 and any(s <= m.start < e for (s, e), _ in contents):
                continue
            if m.label == "PERSON" or names.is_surname(m.words[-1]):
                cands.append((m.start, names.canonical(m.words)[0]))
    # the speaker of an attribution just before (speaker continuity)
    for b in before:
        if b.entity is None or b.cue is None or b.cue[0] >= pos or b.para < p - 1:
            continue
        if names.is_person(b.entity) == (want == "PERSON"):
            where = b.speaker[0] if b.speaker is not None else b.cue[0]
            cands.append((min(where, pos - 1), b.entity))
    cands.sort()
    for _, name in reversed(cands):
        if name and name != exclude:
            return name
    return None


def _titled(
    art: _Article,
    names: _Names,
    pos: int,
    want: str,
    title: str,
    mods: set[str],
    exclude: str | None,
) -> str | None:
    """ "the Belarusian leader" -> the last PERSON named with that title or those modifiers."""
    best: tuple[int, int, str] | None = None
    for m in names.mentions:
        if m.start >= pos:
            continue
        if want == "PERSON" and m.label != "PERSON":
            continue
        if want == "ORG" and m.label not in ("ORG",):
            continue
        if want == "PERSON":
            name = names.canonical(m.words)[0]
            score = (2 if title in m.context else 0) + len(mods & m.context)
        else:
            name = names.org_name(m.words)
            score = 2 if title in (w.lower() for w in m.words) else 0
        if name == exclude:
            continue
        key = (score, m.start, name)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else None
