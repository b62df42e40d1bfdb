"""Spans of phrases: a speaker phrase, a cue verb's group, a content span snapped to quotes."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from newsprism.nlp.quotes.article import _Article
from newsprism.nlp.quotes.lexicon import _DIRECT_ONLY, _OBJECT_SPEECH, _SPEECH_NOUNS, CUE_VERBS
from newsprism.nlp.quotes.marks import _ALL_MARKS
from newsprism.records import Span


def _hull(art: _Article, tokens: Iterable[Token]) -> Span | None:
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and _trim(toks[0]):
        toks.pop(0)
    while toks and _trim(toks[-1]):
        toks.pop()
    if not toks:
        return None
    return (art.start(toks[0]), art.end(toks[-1]))


def _trim(t: Token) -> bool:
    return t.is_space or (t.is_punct and t.text not in _ALL_MARKS and t.text not in ("''", "``"))


def _subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and v.lemma_ == "quote"):
            return c
    return None


def _speaker_token(v: Token) -> Token | None:
    """The speaker of cue verb ``v`` in the parse, when it has one of its own."""
    # "quotes the words of X", "said in a statement by X"
    source = _speech_noun_source(v)
    if source is not None:
        return source
    if v.lemma_ == "quote":  # "Belta quoted X as saying": X speaks, Belta reports
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
            return obj
    subj = _subject(v)
    if subj is not None:
        return _subject_speaker(v, subj)
    # "a statement by Russia's Defense Ministry saying ..."
    if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
        return _noun_speaker(v.head)
    return None


def _speech_noun_source(v: Token) -> Token | None:
    """X of "quotes the words of X", "said in a statement by X"."""
    for c in v.children:
        if c.dep_ in ("dobj", "pobj", "attr") and c.lemma_.lower() in _SPEECH_NOUNS:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in ("of", "by", "from"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            return o
    return None


DUMMY_SUBJECTS = frozenset({"it", "there", "that", "this", "which", "what", "who"})
"""Subjects that name no speaker of their own ("It said", "there is")."""


def _subject_speaker(v: Token, subj: Token) -> Token | None:
    """The subject of cue verb ``v`` as its speaker, unless it is a dummy ("it", "there")."""
    if subj.lower_ in ("who", "that") and v.dep_ == "relcl":
        return subj  # "the Russians, who say …": resolved through the noun it stands for
    if (
        subj.lower_ == "it"
        and v.lemma_.lower() in _OBJECT_SPEECH
        and not any(c.dep_ in ("auxpass", "acomp", "attr") for c in v.children)
    ):
        return subj  # "It said current officials concealed …": a report, a statement
    if subj.lower_ in DUMMY_SUBJECTS:
        return None
    return subj


def _noun_speaker(noun: Token) -> Token | None:
    """Who speaks in "a statement by X saying ...": X, the noun's possessor, or the noun."""
    for p in noun.children:
        if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "from", "of"):
            for o in p.children:
                if o.dep_ == "pobj":
                    return o
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    if noun.lemma_.lower() in _SPEECH_NOUNS:
        return None
    return noun


def _inherits(v: Token) -> Token | None:
    """The verb whose subject a subjectless cue shares ("X warned ..., adding:")."""
    if v.dep_ not in ("advcl", "conj", "xcomp", "ccomp"):
        return None
    # the nearest cue verb before it in the sentence, when it has a speaker ...
    for t in reversed(v.doc[v.sent.start : v.i]):
        if _is_cue_verb(t, direct=True) and _subject(t) is not None and t.dep_ != "ccomp":
            return t
    # ... else the verb it hangs from
    if v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i:
        return v.head
    return None


def _phrase(
    art: _Article, head: Token, region: set[int] | None = None, cue: Token | None = None
) -> Span | None:
    """The speaker phrase headed by ``head``: its subtree without the cue's own clause
    ("staff members [suggesting …]"), within one stretch of text outside quotations."""
    q = art.top_of(head)
    inside = {t.i for t in head.subtree if art.top_of(t) in (-1, q)}
    if region is not None:
        inside &= region
    if cue is not None and cue.i != head.i and head.is_ancestor(cue):
        inside -= {t.i for t in cue.subtree}
    if head.i not in inside:
        return None
    lo = hi = head.i
    while lo - 1 in inside:
        lo -= 1
    while hi + 1 in inside:
        hi += 1
    doc = head.doc
    dashes = [t.i for t in doc[lo : hi + 1] if t.text in ("—", "--", "–")]
    if len(dashes) == 1 and dashes[0] < head.i:
        lo = dashes[0] + 1  # a dateline: "CLEVELAND, July 19 (UPI) — Former Attorney General …"
    span = _hull(art, doc[lo : hi + 1])
    if span is None:
        return None
    text = art.text
    s, e = span
    body = text[s:e]
    if body.count("(") > body.count(")") and text[e : e + 1] == ")":
        e += 1  # "Governor Mary Fallin (R-OK)"
    elif ", " in body and text[e : e + 1] == "," and hi + 1 < len(doc):
        e += 1  # PolNeAR keeps the comma closing an apposition: "Seth McKee, a professor,"
    return (s, e)


def _cue_span(art: _Article, v: Token) -> Span:
    """The cue verb with its auxiliaries, negation and particle ("has repeatedly warned")."""
    doc = v.doc
    lo = hi = v.i
    own = {c.i: c for c in v.children}
    while lo - 1 >= 0 and lo - 1 in own and own[lo - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        lo -= 1
    while lo < v.i and doc[lo].dep_ == "advmod":  # an adverb only inside the verb group
        lo += 1
    for c in v.children:
        if c.dep_ in ("prt", "neg") and v.i < c.i <= hi + 2:
            hi = c.i
    if v.lemma_ == "quote":  # "was quoted as saying"
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                hi = max([hi, c.i] + [t.i for t in c.children if t.dep_ == "pcomp"])
    # a time phrase right after the verb belongs to the cue: "tweeted Monday"; prepositional
    # phrases ("said in a statement") are in PolNeAR's cues about as often as not
    for c in sorted(v.children, key=lambda c: c.i):
        if c.i <= hi or c.dep_ != "npadvmod":
            continue
        sub = list(c.subtree)
        if sub[0].i != hi + 1 or any(art.quote_of(t) != art.quote_of(v) for t in sub):
            break
        hi = sub[-1].i
    if v.dep_ == "xcomp":
        # "went on to say", "appeared to imply": the governing verb joins the cue
        gov = v.head
        between = doc[gov.i + 1 : lo]
        if gov.i < lo and all(t.dep_ in ("aux", "prt", "advmod") for t in between):
            lo = gov.i
            while (
                lo - 1 >= 0
                and doc[lo - 1].head.i == gov.i
                and doc[lo - 1].dep_
                in (
                    "aux",
                    "auxpass",
                    "neg",
                )
            ):
                lo -= 1
    return (art.start(doc[lo]), art.end(doc[hi]))


def _is_cue_verb(t: Token, direct: bool = False) -> bool:
    if t.pos_ not in ("VERB",) and not t.tag_.startswith("VB"):
        return False
    lemma = t.lemma_.lower()
    if lemma not in CUE_VERBS:
        return False
    return direct or lemma not in _DIRECT_ONLY


def _snap(art: _Article, span: Span) -> Span:
    """Widen a content span that cuts a quotation so that it holds the whole of it."""
    s, e = span
    for q in art.quotes:
        if q.parent is not None:
            continue
        if s < q.start < e < q.end:
            e = q.end
        elif q.start < s < q.end < e:
            s = q.start
    return (s, e)
