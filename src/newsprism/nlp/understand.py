"""The per-article understanding stage: one pure function from an article's text to records.

It runs in worker processes (the spaCy model loads once per process) and never touches the
store. Its version is recorded per article, so a changed stage re-runs only where stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsprism.config import Config
from newsprism.nlp.annotate import parse
from newsprism.nlp.claims import extract_claims
from newsprism.records import Claim, Event, Mention, Quote, Sentence, Span, TimeExpr

STAGE = "understand.v2"
EVENT_GRANULARITIES = frozenset({"day", "week", "month", "range", "year", "time"})


@dataclass(frozen=True)
class TextJob:
    """What the stage needs of an article (small, so it crosses process boundaries cheaply)."""

    article_id: str
    text: str
    spans: tuple[Span, ...]
    published: date | None


@dataclass(frozen=True)
class Understanding:
    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    times: tuple[TimeExpr, ...]
    events: tuple[Event, ...]


def understand(job: TextJob, config: Config) -> Understanding:
    """Sentences, mentions, quotes, claims, time expressions and dated events of one article."""
    from newsprism.nlp.quotes import extract_quotes
    from newsprism.nlp.time import extract_times

    parsed = parse(job.article_id, job.text, job.spans, config)
    quotes = extract_quotes(job.article_id, job.text, parsed.paragraphs)
    times = extract_times(job.article_id, job.text, job.published, job.spans)
    claims = extract_claims(job.article_id, job.text, parsed, quotes, times)
    events = _events(job.article_id, parsed.sentences, times)
    return Understanding(
        job.article_id,
        parsed.sentences,
        parsed.mentions,
        tuple(quotes),
        tuple(claims),
        tuple(times),
        events,
    )


def _events(
    article_id: str, sentences: tuple[Sentence, ...], times: list[TimeExpr]
) -> tuple[Event, ...]:
    """A sentence with a resolved calendar date is a dated event (one per date and sentence)."""
    events: dict[tuple[int, str], Event] = {}
    for t in times:
        if t.value is None or t.granularity not in EVENT_GRANULARITIES or t.value[:1] == "P":
            continue
        if not (t.value[:1].isdigit() or (t.granularity == "day" and t.value[:5] == "XXXX-")):
            continue  # PRESENT_REF and other vague references date nothing
        for sentence in sentences:
            if sentence.start <= t.start < sentence.end:
                key = (sentence.start, t.value)
                events.setdefault(
                    key,
                    Event(article_id, sentence.start, sentence.end, t.value, t.granularity),
                )
    return tuple(sorted(events.values(), key=lambda e: (e.start, e.date)))
