"""Quotations by their neighbourhood: the cue right after or before one, "NAME:" paragraphs and
"according to X" clauses."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import cast

from spacy.tokens import Token

from newsprism.nlp.quotes.article import _Article, _Attr
from newsprism.nlp.quotes.lexicon import SPEECH_VERBS
from newsprism.nlp.quotes.marks import _ALL_MARKS, _SENTENCE_END, _QSpan
from newsprism.nlp.quotes.phrases import (
    _cue_span,
    _hull,
    _inherits,
    _is_cue_verb,
    _phrase,
    _snap,
    _speaker_token,
    _subject,
)
from newsprism.records import Span


def _tokens_between(art: _Article, p: int, start: int, end: int) -> list[Token]:
    off = art.offsets[p]
    return [t for t in art.docs[p] if start <= off + t.idx and off + t.idx + len(t.text) <= end]


def _region_after(art: _Article, q: _QSpan, p: int, inside: int) -> list[Token]:
    """Tokens after quote ``q`` up to the end of the sentence or the next quotation."""
    out: list[Token] = []
    for t in art.docs[p]:
        if art.start(t) < q.end:
            continue
        if art.quote_of(t) != inside:
            break
        out.append(t)
        if t.text in _SENTENCE_END:
            break
    return out


def _region_before(art: _Article, pos: int, p: int, inside: int) -> list[Token]:
    """Tokens before text offset ``pos`` back to the sentence start or the last quotation."""
    out: list[Token] = []
    for t in reversed(art.docs[p]):
        if art.end(t) > pos:
            continue
        if art.quote_of(t) != inside or t.text in _SENTENCE_END:
            break
        out.append(t)
    out.reverse()
    return out


def _according(art: _Article, region: Sequence[Token]) -> tuple[Span, Token] | None:
    for t in region:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            to = t.doc[t.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                nxt = [x for x in region if x.i > to.i and not x.is_punct]
                obj = nxt[0] if nxt else None
            if obj is not None:
                return (art.start(t), art.end(to)), obj
    return None


def _cue_after(art: _Article, region: list[Token]) -> _Attr | None:
    """ "…,” Putin said" / "…," said Lavrov / "…”, quotes the words of X" / "…,” according to X"."""
    acc = _according(art, region[:3])
    if acc is not None:
        cue, obj = acc
        return _Attr((0, 0), "direct", 0, cue=cue, speaker=_phrase(art, obj), head=obj)
    ids = {t.i for t in region}
    for k, v in enumerate(region[:10]):
        if not _is_cue_verb(v, direct=True):
            continue
        before = region[:k]
        allowed = {t.i for t in v.subtree}
        if not all(t.is_punct or t.i in allowed or t.pos_ in ("ADV", "AUX") for t in before):
            return None
        speaker = _speaker_token(v)
        if speaker is None and v.lemma_.lower() in SPEECH_VERBS:
            # "…," said Lavrov, parsed with Lavrov as object: the next name after the verb
            after = [t for t in region[k + 1 :] if not t.is_punct]
            if (
                after
                and after[0].pos_ in ("PROPN", "PRON", "NOUN", "DET")
                and (after[0].dep_ not in ("prep",))
            ):
                speaker = after[0] if after[0].pos_ != "DET" else after[0].head
        if speaker is None:
            inherit = _inherits(v)
            if inherit is None:
                return None
            return _Attr((0, 0), "direct", 0, cue=_cue_span(art, v), inherit_from=inherit)
        return _Attr(
            (0, 0),
            "direct",
            0,
            cue=_cue_span(art, v),
            speaker=_phrase(art, speaker, ids, v),
            head=speaker,
        )
    return None


def _cue_before(art: _Article, region: list[Token]) -> _Attr | None:
    """ "X told the media: “…”" / "According to X: “…”" / "…, adding: “…”"."""
    if not region:
        return None
    ids = {t.i for t in region}
    acc = _according(art, region)
    colon = region[-1].text in (":", ",", "—", "–") or region[-1].lower_ == "that"
    for k in range(len(region) - 1, -1, -1):
        v = region[k]
        if not _is_cue_verb(v, direct=True):
            continue
        after = region[k + 1 :]
        allowed = {t.i for t in v.subtree}
        subj = _subject(v)
        subj_ids = {t.i for t in subj.subtree} if subj is not None else set()
        if len(after) > 12 or not all(
            ((t.i in allowed and t.i not in subj_ids) or t.is_punct or t.lower_ == "that")
            and t.pos_ != "VERB"
            for t in after
        ):
            break
        speaker = _speaker_token(v)
        if speaker is None:
            inherit = _inherits(v)
            if inherit is None:
                break
            return _Attr((0, 0), "direct", 0, cue=_cue_span(art, v), inherit_from=inherit)
        return _Attr(
            (0, 0),
            "direct",
            0,
            cue=_colon(art, _cue_span(art, v), region),
            speaker=_phrase(art, speaker, ids, v),
            head=speaker,
        )
    if acc is not None:
        cue, obj = acc
        source = _phrase(art, obj, ids)
        if region[-1].text == ":":  # "According to <everything up to the colon>:"
            left = min(t.i for t in obj.subtree)
            source = _hull(art, [t for t in region if t.i >= left])
        return _Attr((0, 0), "direct", 0, cue=cue, speaker=source, head=obj)
    if colon and region[-1].text == ":":
        # "Cruz called them on it:" — any verb with a subject right before a colon
        for v in reversed(region):
            if v.pos_ == "VERB" and _subject(v) is not None and v.dep_ in ("ROOT", "conj"):
                subj = cast(Token, _subject(v))
                if subj.lower_ in ("it", "there", "this", "that"):
                    break
                cue = (_cue_span(art, v)[0], art.end(region[-1]))  # "called them on it:"
                return _Attr(
                    (0, 0),
                    "direct",
                    0,
                    cue=cue,
                    speaker=_phrase(art, subj, ids, v),
                    head=subj,
                )
    return None


def _colon(art: _Article, cue: Span, region: list[Token]) -> Span:
    """PolNeAR counts a colon right after the cue as part of it: "said:", "tweeted:"."""
    last = region[-1]
    if last.text == ":" and len(region) >= 2 and art.end(region[-2]) == cue[1]:
        return (cue[0], art.end(last))
    return cue


def _para_of_pos(art: _Article, pos: int) -> int:
    """The paragraph holding character ``pos`` (the first one for a position before it)."""
    return max(0, bisect_right(art.offsets, pos) - 1)


def _is_speechlike(art: _Article, q: _QSpan) -> bool:
    """A quotation that can stand as a quote without a cue: a clause, not a scare-quoted term."""
    p = _para_of_pos(art, q.start)
    toks = _tokens_between(art, p, q.start, q.end)
    words = [t for t in toks if not t.is_punct]
    return len(words) >= 5 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _ends_sentence(text: str, q: _QSpan) -> bool:
    inner = text[q.start : q.end].rstrip(_ALL_MARKS + " ")
    return inner.endswith(".") and not inner.endswith("...")


def _clause(tokens: Sequence[Token]) -> bool:
    """Do these words hold a clause of their own (a verb), not just "But" or "Still,"?"""
    words = [t for t in tokens if not t.is_punct]
    return len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _ends_clause(text: str, q: _QSpan) -> bool:
    after = text[q.end : q.end + 3].lstrip(" ")
    return not after or after[0] in ".,;:!?)—–-\n" or after[0] in _ALL_MARKS


def _starts_sentence(art: _Article, qi: int) -> bool:
    q = art.quotes[qi]
    p = _para_of_pos(art, q.start)
    before = art.text[art.offsets[p] : q.start].rstrip()
    return not before or before[-1] in ".!?:" or before[-1] in _ALL_MARKS


def _pure_quote_para(art: _Article, p: int) -> bool:
    """Does paragraph ``p`` open with a quotation (the rest being at most a short tail)?"""
    s = art.docs[p].text
    off = art.offsets[p]
    first = next((q for q in art.quotes if q.parent is None and q.start >= off), None)
    if first is None:
        return False
    return first.start - off == len(s) - len(s.lstrip())


_LABEL = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+\S")


def _labelled(art: _Article) -> list[_Attr]:
    """Paragraphs that open with a speaker's name and a colon: "TAPPER: Do you think …"."""
    found: list[_Attr] = []
    for p, doc in enumerate(art.docs):
        m = _LABEL.match(doc.text)
        if not m:
            continue
        name_end = m.end(1)
        toks = [t for t in doc if t.idx < name_end]
        if not toks or art.quote_of(toks[0]) != -1:
            continue
        label = m.group(1)
        is_name = label.replace(" ", "").replace(".", "").isupper() and len(label) > 1
        is_name = is_name or any(
            e.label_ in ("PERSON", "ORG") and e.start_char == 0 and e.end_char >= name_end - 1
            for e in doc.ents
        )
        if not is_name:
            continue
        off = art.offsets[p]
        start = off + name_end + 1
        while art.text[start].isspace():
            start += 1
        content = (start, off + len(doc.text.rstrip()))
        found.append(
            _Attr(
                content,
                "direct",
                p,
                cue=(off + name_end, off + name_end + 1),
                speaker=(off, off + name_end),
                head=toks[-1],
            )
        )
    return found


def _according_clauses(art: _Article) -> list[_Attr]:
    found: list[_Attr] = []
    for p, doc in enumerate(art.docs):
        for t in doc:
            if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
                continue
            if art.quote_of(t) != -1:
                continue
            to = doc[t.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            head = t.head
            while (
                head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head != head.head
            ):
                head = head.head
            if head.i == t.i:
                continue
            phrase = {x.i for x in t.subtree}
            sub_cues = {
                x.i
                for c in head.children
                if c.dep_ in ("advcl", "conj") and _is_cue_verb(c) and c.i > t.i
                for x in c.subtree
            }
            sent = head.sent
            toks = [
                x
                for x in head.subtree
                if x.i not in phrase and x.i not in sub_cues and sent.start <= x.i < sent.end
            ]
            if not any(x.pos_ in ("VERB", "AUX") for x in toks) or len(toks) < 3:
                continue
            content = _hull(art, toks)
            if content is None:
                continue
            found.append(
                _Attr(
                    _snap(art, content),
                    "according_to",
                    p,
                    cue=(art.start(t), art.end(to)),
                    speaker=_phrase(art, obj),
                    head=obj,
                )
            )
    return found
