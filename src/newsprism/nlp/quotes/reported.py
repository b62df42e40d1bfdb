"""Reported speech from the dependency parse: a cue verb, its speaker and its content."""

from __future__ import annotations

from spacy.tokens import Token

from newsprism.nlp.quotes.article import _Article, _Attr
from newsprism.nlp.quotes.lexicon import _ACT_VERBS, _OBJECT_SPEECH, XCOMP_VERBS
from newsprism.nlp.quotes.marks import _QSpan
from newsprism.nlp.quotes.neighbourhood import _para_of_pos, _region_after, _region_before
from newsprism.nlp.quotes.phrases import (
    _cue_span,
    _hull,
    _inherits,
    _is_cue_verb,
    _phrase,
    _snap,
    _speaker_token,
)


def _complements(v: Token) -> list[Token]:
    comps = [c for c in v.children if c.dep_ == "ccomp"]
    if not comps and v.lemma_.lower() in XCOMP_VERBS:
        comps = [c for c in v.children if c.dep_ == "xcomp"]
    if any(c.i > v.i for c in comps):
        # "In a statement released after X suspended his campaign, Cruz said he's certain …":
        # a clause before the cue that the parser also hung on it is not what was said
        comps = [c for c in comps if c.i > v.i]
    return comps


def _reported(art: _Article) -> list[tuple[_Attr, Token]]:
    found: list[tuple[_Attr, Token]] = []
    for p, doc in enumerate(art.docs):
        for v in doc:
            if art.quote_of(v) != -1 or not _is_cue_verb(v):
                continue
            comps = _complements(v)
            subj = _speaker_token(v)
            if not comps:
                aside = _parenthetical(art, v, subj) if subj is not None else None
                quoted = aside is None
                if aside is None:
                    aside = _quoted_object(art, v)
                if aside is None and subj is not None:
                    aside = _speech_act_object(v)
                if aside is None:
                    continue
                content_toks = aside
            else:
                quoted = False
                content_toks = [t for c in comps for t in c.subtree]
            inherit = None
            if subj is None:
                inherit = _inherits(v)
                if inherit is None:
                    continue
            if not quoted and (
                len(content_toks) < 2 or not any(t.pos_ in ("VERB", "AUX") for t in content_toks)
            ):
                continue
            if len(comps) == 1 and _is_cue_verb(comps[0]) and len(content_toks) <= 5:
                continue  # "adding that he had replied:" — the content comes after

            content = _hull(art, content_toks)
            if content is None:
                continue
            content = _snap(art, content)
            speaker = _phrase(art, subj, cue=v) if subj is not None else None
            attr = _Attr(
                content,
                "indirect",
                p,
                cue=_cue_span(art, v),
                speaker=speaker,
                head=subj,
                inherit_from=inherit,
            )
            found.append((attr, v))
    return found


def _quoted_object(art: _Article, v: Token) -> list[Token] | None:
    """The object of a speech verb when it holds a quotation: "condemned ''such an attack''",
    "warned about “NATO at the gates” encroachment" (a quoted fragment, so a mixed quote)."""
    if v.lemma_.lower() not in _OBJECT_SPEECH:
        return None
    for c in v.children:
        if c.i < v.i:
            continue
        if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("about", "of", "on")):
            sub = list(c.subtree)
            if any(art.top_of(t) != -1 for t in sub) and art.top_of(v) == -1:
                return sub
    return None


def _speech_act_object(v: Token) -> list[Token] | None:
    """What a speech act targets: "accused Clinton of lying", "denied the report"."""
    if v.lemma_.lower() not in _ACT_VERBS or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in v.children
    ):
        return None  # "a scheme to deny him a second term": an intent, not a speech act
    right = [
        c
        for c in v.children
        if c.i > v.i and c.dep_ in ("dobj", "dative", "oprd", "xcomp", "prep", "ccomp")
    ]
    if not any(c.dep_ == "dobj" for c in right):
        return None
    return [t for c in right for t in c.subtree]


def _parenthetical(art: _Article, v: Token, subj: Token) -> list[Token] | None:
    """The rest of the sentence around an aside: "The risk, he said, is a clash", "…, said X."."""
    doc = v.doc
    parts = [subj, v, *(c for c in v.children if c.dep_ in ("aux", "neg", "npadvmod", "prt"))]
    lo = min(min(t.i for t in p.subtree) if p is subj else p.i for p in parts)
    hi = max(max(t.i for t in p.subtree) if p is not v else p.i for p in parts)
    sent = v.sent
    left = doc[lo - 1] if lo - 1 >= sent.start else None
    right = doc[hi + 1] if hi + 1 < sent.end else None
    if left is None or left.text != ",":
        return None
    if right is not None and right.text not in (",", ".", "!", "?", ";"):
        return None
    toks = [
        t
        for t in sent
        if (t.i < lo - 1 or t.i > hi + (1 if right is not None and right.text == "," else 0))
        and art.top_of(t) == art.top_of(v)
    ]
    if len(toks) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in toks):
        return None
    return toks


def _mostly(text: str, q: _QSpan, s: int, e: int) -> bool:
    body = len(text[s:e].strip())
    return (min(e, q.end) - max(s, q.start)) >= 0.8 * body


def _beside(art: _Article, q: _QSpan, verb: Token) -> bool:
    """Is ``verb`` the cue nearest to quotation ``q``, right after or right before it?"""
    p = art.para_of(verb)
    if p == _para_of_pos(art, q.end - 1):
        cues = [t for t in _region_after(art, q, p, -1) if _is_cue_verb(t, direct=True)]
        if cues and cues[0].i == verb.i:
            return True
    if p == _para_of_pos(art, q.start):
        cues = [t for t in _region_before(art, q.start, p, -1) if _is_cue_verb(t, direct=True)]
        return bool(cues) and cues[-1].i == verb.i
    return False
