"""An article's original text cut into pieces, each with the annotations that cover it.

The template escapes every piece on its own (Jinja2 autoescape), so highlighting never
inserts raw article text into HTML: spans only decide where one piece ends and the next begins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from newsprism.listings import ArticleSpans, LabelListing

SPEAKER_COLOURS = 8
"""Quotes are coloured by speaker with this many CSS classes (q0 ... q7), then reused."""

_CSS_WORD = re.compile(r"[^A-Za-z0-9_-]")


def css_word(value: str) -> str:
    """A value from the store usable as part of a CSS class name."""
    return _CSS_WORD.sub("", value)[:40]


@dataclass(frozen=True)
class Mark:
    """One annotation: a half-open span of the original text and how to show it."""

    start: int
    end: int
    kind: str
    """entity, quote, claim, date or technique (the legend's names)."""
    css: str
    title: str
    href: str | None = None
    entity_id: str | None = None
    entity_name: str | None = None


@dataclass(frozen=True)
class Piece:
    text: str
    css: str
    title: str
    href: str | None
    entity_id: str | None
    entity_name: str | None
    boilerplate: bool


def cut(text: str, marks: list[Mark], clean_spans: list[tuple[int, int]]) -> list[Piece]:
    """``text`` as consecutive pieces; every span boundary (marks and clean spans) starts one."""
    size = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= size]
    spans = [(max(0, s), min(size, e)) for s, e in clean_spans if s < e]
    bounds = {0, size}
    for m in marks:
        bounds.update((m.start, m.end))
    for s, e in spans:
        bounds.update((s, e))
    cuts = sorted(bounds)
    by_start = sorted(marks, key=lambda m: (m.start, -m.end))
    active: list[Mark] = []
    pieces: list[Piece] = []
    i = 0
    for a, b in pairwise(cuts):
        while i < len(by_start) and by_start[i].start <= a:
            active.append(by_start[i])
            i += 1
        active = [m for m in active if m.end > a]
        here = [m for m in active if m.start <= a and m.end >= b]
        link = next((m for m in here if m.href), None)
        pieces.append(
            Piece(
                text=text[a:b],
                css=" ".join(sorted({c for m in here for c in m.css.split()})),
                title="; ".join(dict.fromkeys(m.title for m in here if m.title)),
                href=link.href if link else None,
                entity_id=link.entity_id if link else None,
                entity_name=link.entity_name if link else None,
                boilerplate=not any(s <= a and b <= e for s, e in spans),
            )
        )
    return pieces


def marks_for(
    spans: ArticleSpans,
    labels: Sequence[LabelListing],
    entity_href: Callable[[str], str],
) -> tuple[list[Mark], list[dict[str, str]]]:
    """Marks for an article's mentions, quotes, claims, dates and technique labels, and the
    speaker legend (speaker name -> CSS class). ``entity_href(id)`` makes an entity's link."""
    marks: list[Mark] = []
    for m in spans.mentions:
        eid = m.entity_id
        marks.append(
            Mark(
                m.start,
                m.end,
                "entity",
                f"ent ent-{css_word(m.type or '')}",
                f"{m.entity_name or m.text} ({m.type})",
                entity_href(eid) if eid else None,
                eid,
                m.entity_name or m.text,
            )
        )
    speakers: dict[str, str] = {}
    for q in spans.quotes:
        who = q.speaker or "unknown speaker"
        css = speakers.setdefault(who, f"q{len(speakers) % SPEAKER_COLOURS}")
        marks.append(
            Mark(q.content_start, q.content_end, "quote", f"quote {css}",
                 f"quote ({q.kind}) by {who}")
        )  # fmt: skip
    for c in spans.claims:
        source = c.entity_name or c.attributed_to
        hedges = ", ".join(c.hedges)
        title = f"claim ({'attributed to ' + source if source else 'author'})"
        if hedges:
            title += f", hedged: {hedges}"
        marks.append(Mark(c.start, c.end, "claim", "claim", title))
    for t in spans.times:
        marks.append(Mark(t.start, t.end, "date", "date", f"date {t.value or 'unresolved'}"))
    for label in labels:
        if label.scheme == "technique":
            marks.append(
                Mark(label.start, label.end, "technique", "technique",
                     f"technique: {label.label}")
            )  # fmt: skip
    legend = [{"speaker": name, "css": css} for name, css in speakers.items()]
    return marks, legend
