"""Extraction: every rule's matches, normalised, the longest kept, resolved in text order."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from newsprism.nlp.time.context import _Ctx, _sentence_starts
from newsprism.nlp.time.norm_calendar import _g, _norm_month_day
from newsprism.nlp.time.results import (
    ABSOLUTE,
    NO_DATE,
    PUBLICATION,
    YEAR_UNKNOWN,
    _Cand,
    _Norm,
)
from newsprism.nlp.time.rules import _RULES
from newsprism.nlp.time.vocabulary import _NEEDS
from newsprism.records import TimeExpr


def _year_only_missing(c: _Cand, norm: _Norm) -> bool:
    """Whether only the year came from the (missing) publication date: a month and day."""
    return (
        c.rule.normalise is _norm_month_day
        and norm.granularity == "day"
        and not _g(c.match, "year")
        and not _g(c.match, "rel")
        and not _g(c.match, "yrel")
    )


def _candidates(text: str, start: int, end: int, ctx: _Ctx) -> list[_Cand]:
    # matching on the whole text with pos/endpos keeps offsets absolute; endpos makes the
    # span's end a hard boundary
    out: list[_Cand] = []
    lower = text[start:end].lower()
    for rule in _RULES:
        needs = _NEEDS.get(rule.name)
        if needs and not any(word in lower for word in needs):
            continue
        for m in rule.pattern.finditer(text, start, end):
            if m.end() > m.start():
                out.append(_Cand(m.start(), m.end(), rule, m, _Norm(None, "")))
    return out


def _select(cands: list[_Cand], size: int) -> list[_Cand]:
    """Longest first, then higher priority; no two chosen expressions overlap."""
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start))
    taken = bytearray(size)
    chosen: list[_Cand] = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_TRIM_TRAILING = re.compile(r"[\s,]+$")


def extract_times(
    article_id: str,
    text: str,
    published: date | None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[TimeExpr]:
    """Every temporal expression in ``text`` (inside ``spans`` when given), normalised.

    Offsets always index ``text``. See the module docstring for values, granularities and
    how relative expressions resolve against ``published``.
    """
    if isinstance(published, datetime):
        published = published.date()  # a datetime would leak its clock into day values
    regions = list(spans) if spans is not None else [(0, len(text))]
    ctx = _Ctx(text=text, published=published, sentence_starts=_sentence_starts(text))
    cands: list[_Cand] = []
    for s, e in regions:
        cands.extend(_candidates(text, max(0, s), min(len(text), e), ctx))
    # a first pass in text order normalises every candidate (a rule may reject its match,
    # e.g. "May" as a verb) so that selection only sees real expressions
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cand] = []
    for c in cands:
        ctx.used_pub = False
        norm = c.rule.normalise(c.match, ctx)
        if norm is None:
            continue
        c.norm = norm
        kept.append(c)
    chosen = _select(kept, len(text))
    # second pass in text order with document memory (the quarter and the date last named)
    ctx.last_quarter = None
    out: list[TimeExpr] = []
    for c in chosen:
        ctx.used_pub = False
        norm = c.rule.normalise(c.match, ctx) or c.norm
        relative = ctx.used_pub
        ctx.remember(norm, relative)
        start, end = c.start, c.start + len(_TRIM_TRAILING.sub("", c.match.group(0)))
        if norm.drop_lead and _g(c.match, "lead"):
            start = c.match.end("lead")
        if norm.reason is not None:
            value, resolved = None, f"unresolved: {norm.reason}"
        elif relative and published is None and _year_only_missing(c, norm):
            # "April 17" without a year or publication date: TIMEX3's underspecified form
            value, resolved = "XXXX" + (norm.value or "")[4:10], YEAR_UNKNOWN
        elif relative and published is None:
            value, resolved = None, NO_DATE
        else:
            value, resolved = norm.value, PUBLICATION if relative else ABSOLUTE
        out.append(
            TimeExpr(
                article_id=article_id,
                start=start,
                end=end,
                text=text[start:end],
                value=value,
                granularity=norm.granularity,
                resolved_from=resolved,
            )
        )
    return out
