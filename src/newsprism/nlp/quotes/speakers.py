"""Speaker resolution within the article: names to their fullest form, pronouns and titles to
the person or organisation they stand for."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from newsprism.nlp.canon import default_tables
from newsprism.nlp.quotes.article import _Article, _Attr
from newsprism.nlp.quotes.lexicon import (
    _FEMALE_NOUNS,
    _FEMALE_TITLES,
    _GROUP_PRONOUNS,
    _HONORIFICS,
    _KIN_NOUNS,
    _MALE_NOUNS,
    _MALE_TITLES,
    _PERSON_PRONOUNS,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
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
    gender: str = ""
    """"m" or "f" when a title or noun beside the mention says so ("Mr.", "his wife"), else ""."""
    kin: bool = False
    """Named as someone's relative ("his wife Hillary Clinton", "Ivanka Trump, … daughter")."""
    said: str = ""
    """Gender of the pronoun that next refers back in its sentence ("Clinton said she …")."""
    sentence: tuple[int, int] = (0, 0)
    """(paragraph, first token) of the mention's sentence."""
    subject: bool = False
    """The subject of its clause ("Clinton criticized …"), the likelier antecedent."""


_PRONOUN_GENDER = {p: "m" for p in MALE_PRONOUNS} | {p: "f" for p in FEMALE_PRONOUNS}


def _descriptors(doc: Doc, ent: TokenSpan) -> set[str]:
    """Lower-cased nouns describing a mention directly: the word before it ("wife Ivana",
    "Mr. Obama"), the noun it is in apposition to ("the first lady, Michelle Obama") and its
    appositions ("Ivanka Trump, the nominee's eldest daughter")."""
    out: set[str] = set()
    i = ent.start - 1
    if i >= 0 and doc[i].is_punct and doc[i].text in (",", "-", "–", "—"):
        i -= 1
    if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN"):
        out.add(doc[i].lower_.rstrip("."))
    out.update(t.lower_.rstrip(".") for t in ent if t.i < ent.end - 1)  # "Mrs. Clinton"
    root = ent.root
    if root.dep_ == "appos" and not (root.head.i >= ent.start and root.head.i < ent.end):
        out.add(root.head.lower_)
    out.update(c.lower_ for c in root.children if c.dep_ == "appos")
    return out


def _is_subject(t: Token) -> bool:
    while t.dep_ in ("compound", "appos", "flat") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass")


def _vote(tally: Counter[str], m: _Mention) -> None:
    if m.gender:
        tally[m.gender] += 2  # a title or noun says more than a pronoun after the name
    if m.said:
        tally[m.said] += 1


def _majority(tally: Counter[str]) -> str:
    return "" if tally["m"] == tally["f"] else "m" if tally["m"] > tally["f"] else "f"


def _gender_of(words: set[str]) -> str:
    male = bool(words & (_MALE_TITLES | _MALE_NOUNS))
    female = bool(words & (_FEMALE_TITLES | _FEMALE_NOUNS))
    return "m" if male and not female else "f" if female and not male else ""


def _pronoun_after(art: _Article, doc: Doc, ent: TokenSpan) -> str:
    """The gender of the first he/she pronoun after a mention in its sentence, before anyone
    else is named and in the same quotation or outside them all ("Clinton said she …"), or ""."""
    quote = art.quote_of(ent[0])
    for t in doc[ent.end : ent.sent.end]:
        if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
            return ""
        g = _PRONOUN_GENDER.get(t.lower_)
        if g is not None:
            return g if art.quote_of(t) == quote else ""
    return ""


@dataclass
class _Person:
    """One person among the full names the article gives a surname (variants of a name, as
    "Donald Trump" and "Donald J. Trump", are one)."""

    forms: list[tuple[str, ...]]
    gender: str = ""
    kin: bool = False
    starts: list[int] = field(default_factory=list)
    """Where the article names them: full-name mentions, and surname mentions titled for
    their gender alone ("Mrs. Clinton" when only Hillary Clinton is a woman)."""


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
                described = _descriptors(doc, ent) if ent.label_ == "PERSON" else set()
                self.mentions.append(
                    _Mention(
                        start,
                        art.offsets[p] + ent.end_char,
                        ent.label_,
                        words,
                        frozenset(context),
                        art.quote_of(ent[0]),
                        _gender_of(described),
                        bool(described & _KIN_NOUNS),
                        _pronoun_after(art, doc, ent) if ent.label_ == "PERSON" else "",
                        (p, ent.sent.start),
                        _is_subject(root),
                    )
                )
        self._people: set[str] | None = None
        self._by_gender: dict[tuple[tuple[str, ...], str], list[int]] | None = None
        self.full: Counter[tuple[str, ...]] = Counter()
        self.first: dict[tuple[str, ...], int] = {}
        self.quoted_only: dict[tuple[str, ...], bool] = {}
        for m in self.mentions:
            if m.label == "PERSON" and len(m.words) >= 2 and all(w[:1].isupper() for w in m.words):
                self.full[m.words] += 1
                self.first.setdefault(m.words, m.start)
                self.quoted_only[m.words] = self.quoted_only.get(m.words, True) and m.quoted != -1
        self.persons: dict[str, list[_Person]] = {}
        """Surname -> the people the article names in full with it."""
        self.bare: dict[str, str] = {}
        """Surname -> the gender the article gives whom it names by surname alone, or ""."""
        self._group_persons()

    def _group_persons(self) -> None:
        """Cluster each surname's full names into people, with their gender (titles, nouns
        and the pronouns that refer back to them) and whether they are named as a relative."""
        person_of = self._cluster()
        votes: dict[int, Counter[str]] = {}
        given: dict[str, list[_Mention]] = {}
        bare: dict[str, Counter[str]] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            if len(m.words) == 1:
                given.setdefault(m.words[0], []).append(m)
                _vote(bare.setdefault(m.words[0], Counter()), m)
            person = person_of.get(m.words)
            if person is not None:
                _vote(votes.setdefault(id(person), Counter()), m)
                person.kin = person.kin or m.kin
                person.starts.append(m.start)
        self.bare = {word: g for word, tally in bare.items() if (g := _majority(tally))}
        for people in self.persons.values():
            for person in people:
                person.gender = _majority(votes.get(id(person), Counter()))
                # a relative named by given name alone ("his divorce from wife Ivana")
                if any(m.kin for f in person.forms for m in given.get(f[0], [])):
                    person.kin = True
        # surname mentions titled for a gender ("Mrs. Clinton"): that person's, when only one
        # of the surname's people has that gender
        for m in self.mentions:
            if m.label != "PERSON" or len(m.words) != 1 or not m.gender:
                continue
            matching = [q for q in self.persons.get(m.words[0], []) if q.gender == m.gender]
            if len(matching) == 1:
                matching[0].starts.append(m.start)
        for people in self.persons.values():
            for person in people:
                person.starts.sort()

    def _cluster(self) -> dict[tuple[str, ...], _Person]:
        """Each surname's full names as people: variants of one name are one person."""
        tables = default_tables()

        def key(form: tuple[str, ...]) -> frozenset[str]:
            # middle initials dropped, nicknames folded: "Joseph R. Biden" is "Joe Biden"
            return frozenset(tables.given(w).lower() for w in form if len(w.rstrip(".")) != 1)

        by_surname: dict[str, list[tuple[str, ...]]] = {}
        for f in self.full:
            by_surname.setdefault(f[-1], []).append(f)
        person_of: dict[tuple[str, ...], _Person] = {}
        for surname, forms in by_surname.items():
            people: list[_Person] = []
            for f in sorted(forms, key=lambda f: (-len(f), self.first[f])):
                k = key(f)
                same = next((q for q in people if any(k <= key(g) for g in q.forms)), None)
                if same is None:
                    same = _Person([])
                    people.append(same)
                same.forms.append(f)
                person_of[f] = same
            self.persons[surname] = people
        return person_of

    def gender(self, name: str) -> str:
        """The gender the article gives the person of a canonical name, or ""."""
        words = tuple(name.split())
        for person in self.persons.get(words[-1], []) if words else []:
            if words in person.forms:
                return person.gender
        return ""

    def canonical(self, words: tuple[str, ...], pos: int = -1, gender: str = "") -> tuple[str, int]:
        """Fullest form of a person's name, and how many of ``words`` it keeps (NER noise);
        ``pos`` and ``gender`` (of a title: "Mr.") choose among people sharing a surname."""
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
                    return self._fullest(head, pos, gender), k
        return self._fullest(words, pos, gender), len(words)

    def _fullest(self, words: tuple[str, ...], pos: int = -1, gender: str = "") -> str:
        last = words[-1]
        forms = [f for f in self.full if f[-1] == last and set(words) <= set(f)]
        if not forms and len(words) == 1:
            forms = [f for f in self.full if last in f]
        if not forms:
            return " ".join(words)
        outside = [f for f in forms if not self.quoted_only[f]] or forms
        person = self._choose(words, outside, pos, gender)
        if person is None:
            return " ".join(words)  # several people share the name and nothing decides
        mine = [f for f in outside if f in person.forms] or person.forms
        best = max(mine, key=lambda f: (len(f), self.full[f], -self.first[f]))
        if len(words) > len(best):
            return " ".join(words)
        return " ".join(best)

    def _gendered_starts(self) -> dict[tuple[tuple[str, ...], str], list[int]]:
        """(name words, gender) -> where a PERSON mention so named and gendered starts; built
        once, as a scan of all mentions per lookup is quadratic on a long article."""
        if self._by_gender is None:
            self._by_gender = {}
            for m in self.mentions:
                if m.label == "PERSON" and m.gender:
                    self._by_gender.setdefault((m.words, m.gender), []).append(m.start)
        return self._by_gender

    def _choose(
        self, words: tuple[str, ...], forms: list[tuple[str, ...]], pos: int, gender: str
    ) -> _Person | None:
        """The person among those with ``forms`` whom ``words`` names, None when unclear:
        a titled name ("Mr. Obama") one of that gender; a bare surname the person the article
        names most (relatives aside: "his wife Hillary Clinton"), else most recently."""
        people: list[_Person] = []
        for f in forms:
            q = next((q for q in self.persons.get(f[-1], []) if f in q.forms), None)
            if q is not None and all(q is not r for r in people):
                people.append(q)
        if len(people) <= 1 and not (people and len(words) == 1):
            return people[0] if people else None
        if gender:
            fit = [q for q in people if q.gender in (gender, "")]
            known = [q for q in fit if q.gender == gender]
            chosen = known or fit
            return chosen[0] if len(chosen) == 1 else None
        if len(words) == 1:
            # a bare surname the article also gives, with a title, to someone of a gender none
            # of the people named in full has ("Mr. Obama" beside only "Michelle Obama")
            seen = {q.gender for q in people}
            for g in ("m", "f"):
                titled = self._gendered_starts().get((words, g), [])
                if titled and "" not in seen and g not in seen:
                    people.append(_Person([words], g, False, titled))
        if len(people) == 1:
            return None if people[0].forms == [words] else people[0]
        plain = [q for q in people if not q.kin]
        if plain:
            people = plain
        # the gender the article gives the bare surname ("Clinton allowed her staff …")
        fit = [q for q in people if q.gender == self.bare.get(words[-1]) and len(words) == 1]
        if len(fit) == 1:
            people = fit

        # most recently: named in this paragraph or the one before
        near = self.art.offsets[max(0, _para_of_pos(self.art, pos) - 1)] if pos >= 0 else pos

        def score(q: _Person) -> tuple[int, int]:
            starts = q.starts or []
            return len(starts), max((s for s in starts if near <= s < pos), default=-1)

        ranked = sorted(people, key=score, reverse=True)
        if len(ranked) > 1 and score(ranked[0]) == score(ranked[1]):
            return None
        best = ranked[0]
        return None if best.forms == [words] else best

    def is_person(self, name: str) -> bool:
        if self._people is None:
            self._people = {
                self.canonical(m.words, m.start, m.gender)[0]
                for m in self.mentions
                if m.label == "PERSON"
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
        title = head.doc[head.i - 1].lower_.rstrip(".") if head.i > 0 else ""
        for word in (head.text, head.text.title()):
            if names.is_surname(word):
                return names.canonical((word,), pos, _gender_of({title}))[0], None
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
        name, keep = names.canonical(m.words, m.start, m.gender)
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
    # "he" is not a woman the article calls "she" or "Mrs."; "they" has no gender
    gender = _PRONOUN_GENDER.get(pronoun.lower_, "") if want == "PERSON" else ""

    def fits(name: str, m: _Mention | None = None) -> bool:
        known = (m.gender if m is not None else "") or names.gender(name)
        if not known and m is not None and len(m.words) == 1 and name == m.words[0]:
            known = names.bare.get(name, "")
        return not gender or not known or known == gender

    # the most recent sentence naming someone who fits, its subject first, else the latest
    cands: list[tuple[tuple[int, int], bool, int, str]] = []
    if want == "PERSON":
        # people named outside quotations and reported contents are the salient ones
        for m in names.mentions_starting(art.offsets[max(0, p - 2)], pos):
            if m.quoted != -1 and m.quoted != own_quote:
                continue
            if own_quote == -1 and any(s <= m.start < e for (s, e), _ in contents):
                continue
            if m.label == "PERSON" or names.is_surname(m.words[-1]):
                name = names.canonical(m.words, m.start, m.gender)[0]
                if fits(name, m):
                    cands.append((m.sentence, m.subject, m.start, name))
    # the speaker of an attribution just before (speaker continuity), when that speaker is
    # not themselves named inside a quotation the pronoun is not in ("'Trump told me …,'
    # Smith said. He added …": he is Smith)
    for b in before:
        if b.entity is None or b.cue is None or b.cue[0] >= pos or b.para < p - 1:
            continue
        where = b.speaker[0] if b.speaker is not None else b.cue[0]
        if _top_quote_at(art, where) not in (-1, own_quote):
            continue
        if own_quote == -1 and any(
            s <= where < e for (s, e), c in contents if c is not b and c.cue != b.cue
        ):
            continue
        if names.is_person(b.entity) == (want == "PERSON") and fits(b.entity):
            said = (art.para_of(b.head), b.head.sent.start) if b.head is not None else (b.para, 0)
            cands.append((said, True, min(where, pos - 1), b.entity))
    cands.sort()
    for *_, name in reversed(cands):
        if name and name != exclude:
            return name
    return None


def _top_quote_at(art: _Article, pos: int) -> int:
    """The outermost quotation holding character ``pos``, or -1."""
    return next((i for i, q in enumerate(art.quotes) if q.start <= pos < q.end), -1)


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
    ranked: list[tuple[int, int, _Mention]] = []
    for m in names.mentions:
        if m.start >= pos:
            continue
        if want == "PERSON" and m.label != "PERSON":
            continue
        if want == "ORG" and m.label not in ("ORG",):
            continue
        if want == "PERSON":
            score = (2 if title in m.context else 0) + len(mods & m.context)
        else:
            score = 2 if title in (w.lower() for w in m.words) else 0
        ranked.append((score, m.start, m))
    # best score, then latest; names are resolved only as far as needed (each costs a look
    # through the article's full names, and a long article has thousands of mentions)
    for _, _, m in sorted(ranked, key=lambda r: (r[0], r[1]), reverse=True):
        if want == "PERSON":
            name = names.canonical(m.words, m.start, m.gender)[0]
        else:
            name = names.org_name(m.words)
        if name != exclude:
            return name
    return None
