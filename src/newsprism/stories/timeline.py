"""The story timeline: dated events of its articles merged into one list.

Two dated sentences tell the same event when their dates are the same at the same
granularity (XXXX-04-17, April 17 of an unknown year, is 2021-04-17) and they share a
participant or say much the same (cosine of their sentence vectors). Dates of different
granularity never merge: "in 2010" agrees with every day of that year, and joining through it
chained different days into one event (SemEval-2015 Task 4 trial, ``newsprism eval
timeline``). A sentence meets the latest tellings of the latest events of its own date, so
merging stays linear in the story's size. Each merged event keeps every telling, so the
timeline shows which outlets report it and how.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.records import TimelineEvent

if TYPE_CHECKING:  # `compare` reads date_order from here and needs no numpy
    from newsprism.nlp.embed import Vectors

SAME_WORDING = 0.6
"""Cosine at which two dated sentences with no shared participant still tell one event."""
RECENT_EVENTS = 400
RECENT_TELLINGS = 3
"""A sentence is compared with the latest tellings of the latest events of its date, not with
every sentence: a story whose every sentence names the same day stays linear."""


@dataclass(frozen=True)
class DatedSentence:
    article_id: str
    outlet: str | None
    start: int
    end: int
    text: str
    date: str
    granularity: str
    participants: frozenset[str]
    """Canonical names of the entities in the sentence."""
    dated_by: str = "text"


def dates_agree(a: str, b: str) -> bool:
    """The same date at the same granularity; XXXX matches any year."""
    if len(a) != len(b):
        return False
    if "/" in a or "/" in b or "W" in a or "W" in b:
        return a == b
    return all(x == y or "X" in (x, y) for x, y in zip(a, b, strict=True))


def _date_block(date: str) -> str:
    """Dates that can agree share a block: the date with its year left out."""
    return f"{len(date)}:{date[4:]}"


def _same_event(a: DatedSentence, i: int, b: DatedSentence, k: int, vectors: Vectors) -> bool:
    """Same date, and a shared participant or alike wording; a sentence dated only by its
    article (a report of the news day) needs the alike wording: everything a paper reports
    falls on its one news day, so a shared name says little there."""
    if not dates_agree(a.date, b.date):
        return False
    alike = float(vectors[i] @ vectors[k]) >= SAME_WORDING
    if a.dated_by != "text" or b.dated_by != "text":
        return alike
    return bool(a.participants & b.participants) or alike


def merge_events(
    story_id: str, dated: Sequence[DatedSentence], vectors: Vectors
) -> list[TimelineEvent]:
    """Merge the story's dated sentences into events, in date order."""
    blocks: dict[str, list[list[int]]] = {}
    for i, a in enumerate(dated):
        events_of_date = blocks.setdefault(_date_block(a.date), [])
        joined = [
            event
            for event in events_of_date[-RECENT_EVENTS:]
            if any(_same_event(a, i, dated[k], k, vectors) for k in event[-RECENT_TELLINGS:])
        ]
        if not joined:
            events_of_date.append([i])
            continue
        first = joined[0]
        for other in joined[1:]:
            first.extend(other)
        events_of_date[:] = [e for e in events_of_date if not any(e is o for o in joined[1:])]
        first.sort()
        first.append(i)
    groups = [[dated[i] for i in event] for block in blocks.values() for event in block]
    events = []
    for members in groups:
        # known years over XXXX
        best = max(members, key=lambda d: (len(d.date), "X" not in d.date, d.date))
        participants: list[str] = []
        for d in members:
            participants.extend(p for p in sorted(d.participants) if p not in participants)
        summary = min((d.text for d in members), key=len)
        reports = tuple(sorted({(d.article_id, d.start, d.end) for d in members}))
        key = best.date + "|" + "|".join(f"{a}:{s}" for a, s, _ in reports)
        events.append(
            TimelineEvent(
                id=f"{story_id}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
                story_id=story_id,
                date=best.date,
                granularity=best.granularity,
                summary=summary if len(summary) <= 240 else summary[:239] + "…",
                participants=tuple(participants),
                reports=reports,
                dated_by="text" if any(d.dated_by == "text" for d in members) else best.dated_by,
            )
        )
    return sorted(events, key=lambda e: (date_order(e.date), e.id))


def date_order(value: str) -> tuple[bool, str]:
    """Known dates in calendar order, then dates of unknown year (XXXX-04-17)."""
    return (value.startswith("X"), value)
