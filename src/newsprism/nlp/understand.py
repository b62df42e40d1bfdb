"""The per-article language stages: parse, quotes, times, claims, events (vectors: nlp/vectors.py).

Each is a plain function from an article (and what earlier stages found) to records, or, for
the model stages declared ``batched`` (parse), from a few articles to theirs; the
registry in pipeline.py declares their versions and what each requires and provides, and
runs them in worker processes (the spaCy model loads once per process). None touches the
store; each stage's version is recorded per article, so a changed stage re-runs only it and
the stages that depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.config import Config
from newsprism.nlp.annotate import parse_many
from newsprism.nlp.claims import extract_claims
from newsprism.records import Event, Found, Sentence, TextJob, TimeExpr, Understanding

EVENT_GRANULARITIES = frozenset({"day", "week", "month", "range", "year", "time"})


def parse_stage(jobs: Sequence[TextJob], found: Sequence[Found], config: Config) -> list[Found]:
    """Sentences, paragraphs and entity mentions (spaCy), for several articles in one stream."""
    parsed = parse_many([(job.article_id, job.text, job.spans) for job in jobs], config)
    return [{"parse": p, "sentences": p.sentences, "mentions": p.mentions} for p in parsed]


def quotes_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Direct and reported quotes with their cue and speaker."""
    from newsprism.nlp.quotes import extract_quotes

    return {"quotes": tuple(extract_quotes(job.article_id, job.text, found["parse"].paragraphs))}


def times_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Time expressions, normalised against the publication date."""
    from newsprism.nlp.time import extract_times

    return {"times": tuple(extract_times(job.article_id, job.text, job.published, job.spans))}


def claims_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Checkable claims in the author's voice or attributed to a speaker."""
    claims = extract_claims(
        job.article_id, job.text, found["parse"], list(found["quotes"]), list(found["times"])
    )
    return {"claims": tuple(claims)}


def events_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Dated events: a sentence with a resolved calendar date."""
    return {"events": _events(job.article_id, found["sentences"], list(found["times"]))}


def understanding(job: TextJob, found: Found, ran: frozenset[str]) -> Understanding:
    """The records the stages in ``ran`` made, as one record for the writer."""

    def take(name: str, stage: str) -> tuple[Any, ...]:
        return tuple(found[name]) if stage in ran else ()

    return Understanding(
        job.article_id,
        take("sentences", "parse"),
        take("mentions", "parse"),
        take("quotes", "quotes"),
        take("claims", "claims"),
        take("times", "times"),
        take("events", "events"),
        ran,
        take("vectors", "vectors"),
        found.get("vector_model", "") if "vectors" in ran else "",
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
