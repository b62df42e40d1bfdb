"""The stage: the passes that attribute an article's quotations, then its Quote records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from newsprism.nlp.models import spacy_pipeline
from newsprism.nlp.quotes.article import _Article, _Attr, _build
from newsprism.nlp.quotes.learned import cue_model, learned_attributions
from newsprism.nlp.quotes.neighbourhood import (
    _according_clauses,
    _clause,
    _cue_after,
    _cue_before,
    _ends_clause,
    _ends_sentence,
    _is_speechlike,
    _labelled,
    _para_of_pos,
    _pure_quote_para,
    _region_after,
    _region_before,
    _starts_sentence,
)
from newsprism.nlp.quotes.reported import _beside, _mostly, _reported
from newsprism.nlp.quotes.speakers import _Names, _resolve_all
from newsprism.records import Quote, Span


def extract_quotes(
    article_id: str, text: str, paragraphs: Sequence[tuple[int, Doc]]
) -> list[Quote]:
    """Quotes of one article from the spaCy parses of its paragraphs (title first).

    ``paragraphs`` holds (offset, Doc) pairs, each Doc the parse of
    ``text[offset : offset + len(doc.text)]``; every returned span indexes ``text``.
    """
    if not paragraphs:
        return []
    art = _build(text, paragraphs)
    found = _Found(art, [i for i, q in enumerate(art.quotes) if q.parent is None])
    _attribute_reported(found)
    _attribute_labelled(found)
    _attribute_according(found)
    _attribute_by_neighbourhood(found)
    _continuity(art, found.attrs, found.by_quote, found.top_quotes, found.claimed)
    _keep_unattributed(found)
    _attribute_learned(found)
    _attribute_nested(found)
    names = _Names(art)
    _resolve_all(art, names, found.attrs)
    return _records(article_id, art, found.attrs, found.by_quote)


@dataclass
class _Found:
    """What the passes of :func:`extract_quotes` build up, in order."""

    art: _Article
    top_quotes: list[int]
    """The quotations not inside another one."""
    attrs: list[_Attr] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    """Quotations attributed or absorbed into a mixed quote."""
    by_quote: dict[int, _Attr] = field(default_factory=dict)
    """Quotation -> the attribution that holds it (from pass 4 on)."""


def _attribute_reported(found: _Found) -> None:
    """1. Reported speech from the parse."""
    art, text = found.art, found.art.text
    for a, verb in _reported(art):
        s, e = a.content
        inside = [i for i in found.top_quotes if art.quotes[i].start < e and s < art.quotes[i].end]
        if inside:
            q = art.quotes[inside[0]]
            if len(inside) == 1 and ((q.start <= s and e <= q.end) or _mostly(text, q, s, e)):
                # the "reported" clause is a quotation: direct, if the cue stands beside it
                if inside[0] in found.claimed or not _beside(art, q, verb):
                    continue
                a.kind, a.content, a.quote = "direct", (q.start, q.end), inside[0]
            else:
                a.kind = "mixed"
                a.holds = inside
            found.claimed.update(inside)
        found.attrs.append(a)


def _attribute_labelled(found: _Found) -> None:
    """2. "NAME: words" (transcripts, and headlines such as "Lavrov: 'We will respond'")."""
    art = found.art
    for a in _labelled(art):
        inside = [i for i in found.top_quotes if a.content[0] <= art.quotes[i].start < a.content[1]]
        inside = [i for i in inside if i not in found.claimed]
        if len(inside) == 1 and _mostly(art.text, art.quotes[inside[0]], *a.content):
            q = art.quotes[inside[0]]
            a.content, a.quote = (q.start, q.end), inside[0]
        else:
            a.holds = inside
        found.claimed.update(inside)
        found.attrs.append(a)


def _attribute_according(found: _Found) -> None:
    """3. "according to X"."""
    art = found.art
    for a in _according_clauses(art):
        if any(b.cue is not None and b.cue == a.cue for b in found.attrs):
            continue
        inside = [i for i in found.top_quotes if a.content[0] <= art.quotes[i].start < a.content[1]]
        if inside and all(
            art.quotes[i].start <= a.content[0] and a.content[1] <= art.quotes[i].end
            for i in inside
        ):
            a.kind, a.quote = "direct", inside[0]
        found.claimed.update(inside)
        found.attrs.append(a)


def _attribute_by_neighbourhood(found: _Found) -> None:
    """4. Quotations by their neighbourhood (continuity follows in :func:`_continuity`)."""
    art, text, attrs, by_quote = found.art, found.art.text, found.attrs, found.by_quote
    by_quote.update({a.quote: a for a in attrs if a.quote is not None})
    for a in attrs:
        for qi in a.holds:
            by_quote.setdefault(qi, a)
    for qi in found.top_quotes:
        if qi in found.claimed:
            continue
        q = art.quotes[qi]
        p = _para_of_pos(art, q.start)
        pe = _para_of_pos(art, q.end - 1)
        cued = None
        if not _ends_sentence(text, q):
            # '“…,” X said' — but after '“….”' a new sentence starts, about something else
            cued = _cue_after(art, _region_after(art, q, pe, -1))
        if cued is None and (_is_speechlike(art, q) or _ends_clause(text, q)):
            # a quoted fragment inside a phrase ("criticized "destructive" Western criticism")
            # is a scare quote, not the object of the verb before it
            cued = _cue_before(art, _region_before(art, q.start, p, -1))
        if cued is not None:
            cued.content, cued.quote, cued.para = (q.start, q.end), qi, p
            lead = _region_before(art, q.start, p, -1)
            if cued.cue is not None and cued.cue[0] > q.start and _clause(lead):
                # "People should not wave around words like “maybe”, he told reporters": the
                # sentence is reported, the quotation only a fragment of it
                cued.content = (art.start(lead[0]), q.end)
                cued.kind, cued.holds = "mixed", [qi]
            attrs.append(cued)
            by_quote[qi] = cued
            found.claimed.add(qi)


def _keep_unattributed(found: _Found) -> None:
    """5. Remaining quotations that read as speech and stand as sentences, unattributed."""
    art = found.art
    for qi in found.top_quotes:
        if (
            qi not in found.claimed
            and _is_speechlike(art, art.quotes[qi])
            and _starts_sentence(art, qi)
        ):
            q = art.quotes[qi]
            a = _Attr((q.start, q.end), "direct", _para_of_pos(art, q.start), quote=qi)
            found.attrs.append(a)
            found.by_quote[qi] = a


def _attribute_learned(found: _Found) -> None:
    """5b. Cues the word lists miss, by the model learned on PolNeAR train (see ``learned``)."""
    model = cue_model()
    if model is None:
        return
    taken = [s for a in found.attrs for s in (a.content, a.cue, a.speaker) if s is not None]
    found.attrs += learned_attributions(found.art, taken, model)


def _attribute_nested(found: _Found) -> None:
    """6. Quotes inside quotes."""
    art, by_quote = found.art, found.by_quote
    for qi, q in enumerate(art.quotes):
        if q.parent is None:
            continue
        parent = outer = q.parent
        while (up := art.quotes[outer].parent) is not None:
            outer = up
        if outer not in by_quote:
            continue
        p = _para_of_pos(art, q.start)
        cued = _cue_before(art, _region_before(art, q.start, p, parent))
        if cued is None:
            cued = _cue_after(art, _region_after(art, q, p, parent))
        if cued is None:
            if not _is_speechlike(art, q):
                continue
            cued = _Attr((0, 0), "direct", p)
        cued.content, cued.quote, cued.para = (q.start, q.end), qi, p
        cued.nested_parent = parent
        found.attrs.append(cued)
        by_quote[qi] = cued


def _continuity(
    art: _Article,
    attrs: list[_Attr],
    by_quote: dict[int, _Attr],
    top_quotes: list[int],
    claimed: set[int],
) -> None:
    """Quotations with no cue of their own take the speaker of the one they continue."""

    def share(qi: int, src: _Attr) -> None:
        q = art.quotes[qi]
        a = _Attr(
            (q.start, q.end),
            "direct",
            _para_of_pos(art, q.start),
            cue=src.cue,
            speaker=src.speaker,
            head=src.head,
            inherit_from=src.inherit_from,
            quote=qi,
        )
        attrs.append(a)
        by_quote[qi] = a
        claimed.add(qi)

    # within a paragraph: forwards ("A," she said. "B.") and backwards ("A." "B," she said.)
    for _ in range(2):
        for k, qi in enumerate(top_quotes):
            if qi in claimed:
                continue
            q = art.quotes[qi]
            p = _para_of_pos(art, q.start)
            prev = top_quotes[k - 1] if k > 0 else None
            nxt = top_quotes[k + 1] if k + 1 < len(top_quotes) else None
            same_para = prev is not None and _para_of_pos(art, art.quotes[prev].start) == p
            if prev is not None and prev in by_quote and same_para and _starts_sentence(art, qi):
                src = by_quote[prev]
                if src.kind in ("direct", "mixed") and src.cue is not None:
                    share(qi, src)
                    continue
            if (
                nxt is not None
                and nxt in by_quote
                and _para_of_pos(art, art.quotes[nxt].start) == p
            ):
                gap = art.text[q.end : art.quotes[nxt].start]
                if not gap.strip():
                    share(qi, by_quote[nxt])
    # across paragraphs: a paragraph that is only quotation continues the speaker before
    for k, qi in enumerate(top_quotes):
        if qi in claimed:
            continue
        q = art.quotes[qi]
        p = _para_of_pos(art, q.start)
        if p == 0 or not _pure_quote_para(art, p) or art.offsets[p] + _lead(art, p) != q.start:
            continue
        prev_text = art.docs[p - 1].text.rstrip()
        if prev_text.endswith(":"):
            intro = _cue_before(
                art, _region_before(art, art.offsets[p - 1] + len(prev_text), p - 1, -1)
            )
            if intro is not None:
                intro.content, intro.quote, intro.para = (q.start, q.end), qi, p
                attrs.append(intro)
                by_quote[qi] = intro
                claimed.add(qi)
                continue
        prev_q = top_quotes[k - 1] if k > 0 else None
        if prev_q is None or prev_q not in by_quote:
            continue
        prev_para = _para_of_pos(art, art.quotes[prev_q].start)
        if prev_para != p - 1 and _para_of_pos(art, art.quotes[prev_q].end - 1) != p - 1:
            continue
        src = by_quote[prev_q]
        if src.kind not in ("direct", "mixed") or src.cue is None:
            continue
        # the previous paragraph must end with that quotation or its attribution
        tail = art.text[art.quotes[prev_q].end : art.offsets[p - 1] + len(prev_text)]
        if src.cue[0] >= art.quotes[prev_q].end or not tail.strip():
            share(qi, src)


def _lead(art: _Article, p: int) -> int:
    s = art.docs[p].text
    return len(s) - len(s.lstrip())


def _records(
    article_id: str, art: _Article, attrs: list[_Attr], by_quote: dict[int, _Attr]
) -> list[Quote]:
    seen: set[tuple[Span, Span | None]] = set()
    keep: list[_Attr] = []
    for a in attrs:
        key = (a.content, a.cue)
        if key in seen or a.content[1] <= a.content[0]:
            continue
        seen.add(key)
        keep.append(a)
    keep.sort(key=lambda a: (a.content[0], -a.content[1]))
    index = {id(a): i for i, a in enumerate(keep)}
    out: list[Quote] = []
    for a in keep:
        nested = None
        if a.nested_parent is not None and a.nested_parent in by_quote:
            nested = index.get(id(by_quote[a.nested_parent]))
        else:
            # reported speech inside another quote's content ("He said that if Moscow thought
            # …") is nested in the innermost quote holding both its cue and its content
            lo, hi = a.content
            if a.cue is not None:
                lo, hi = min(lo, a.cue[0]), max(hi, a.cue[1])
            holders = [
                b
                for b in keep
                if b is not a
                and b.content[0] <= lo
                and hi <= b.content[1]
                and b.content != a.content
            ]
            if holders:
                inner = min(holders, key=lambda b: b.content[1] - b.content[0])
                nested = index[id(inner)]
        out.append(
            Quote(
                article_id=article_id,
                content=a.content,
                kind=a.kind,
                cue=a.cue,
                cue_text=art.text[a.cue[0] : a.cue[1]] if a.cue is not None else None,
                speaker=a.speaker,
                speaker_text=art.text[a.speaker[0] : a.speaker[1]] if a.speaker else None,
                speaker_entity=a.entity or None,
                nested_in=nested,
            )
        )
    return out


def quotes_for_text(article_id: str, text: str, spans: Sequence[tuple[int, int]]) -> list[Quote]:
    """Parse ``text``'s paragraph spans with the shared spaCy pipeline and extract quotes."""
    nlp = cast(Language, spacy_pipeline())
    docs = list(nlp.pipe(text[s:e] for s, e in spans))
    return extract_quotes(article_id, text, [(s, d) for (s, _), d in zip(spans, docs, strict=True)])
