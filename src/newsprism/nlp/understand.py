"""The per-article language stages: parse, quotes, times, claims, events (vectors: nlp/vectors.py).

Each is a plain function from an article (and what earlier stages found) to records, or, for
the model stages declared ``batched`` (parse), from a few articles to theirs; the
registry in pipeline.py declares their versions and what each requires and provides, and
runs them in worker processes (the spaCy model loads once per process). None touches the
store; each stage's version is recorded per article, so a changed stage re-runs only it and
the stages that depend on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from spacy.tokens import Span

from newsprism.config import Config
from newsprism.nlp.annotate import Parsed, parse_many
from newsprism.nlp.claims import extract_claims
from newsprism.records import Event, Found, Sentence, TextJob, TimeExpr, Understanding

EVENT_GRANULARITIES = frozenset({"day", "week", "month", "range", "year", "time"})


def parse_stage(jobs: Sequence[TextJob], found: Sequence[Found], config: Config) -> list[Found]:
    """Sentences, paragraphs and entity mentions (spaCy), for several articles in one stream."""
    parsed = parse_many([(job.article_id, job.text, job.spans) for job in jobs], config)
    return [{"parse": p, "sentences": p.sentences, "mentions": p.mentions} for p in parsed]


def parse_stage_ru(jobs: Sequence[TextJob], found: Sequence[Found], config: Config) -> list[Found]:
    """:func:`parse_stage` of Russian articles: natasha, as spaCy Docs (nlp/russian.py)."""
    from newsprism.nlp.russian import parse_russian

    parsed = parse_russian([(job.article_id, job.text, job.spans) for job in jobs], config)
    return [{"parse": p, "sentences": p.sentences, "mentions": p.mentions} for p in parsed]


def parse_stage_uk(jobs: Sequence[TextJob], found: Sequence[Found], config: Config) -> list[Found]:
    """:func:`parse_stage` of Ukrainian articles (nlp/ukrainian.py)."""
    from newsprism.nlp.ukrainian import parse_ukrainian

    parsed = parse_ukrainian([(job.article_id, job.text, job.spans) for job in jobs], config)
    return [{"parse": p, "sentences": p.sentences, "mentions": p.mentions} for p in parsed]


def quotes_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Direct and reported quotes with their cue and speaker."""
    from newsprism.nlp.quotes import extract_quotes

    return {"quotes": tuple(extract_quotes(job.article_id, job.text, found["parse"].paragraphs))}


def quotes_stage_ru(job: TextJob, found: Found, config: Config) -> Found:
    """:func:`quotes_stage` of a Russian article, from its natasha parse."""
    from newsprism.nlp.quotes.russian import extract_quotes_ru

    paragraphs = found["parse"].paragraphs
    return {"quotes": tuple(extract_quotes_ru(job.article_id, job.text, paragraphs))}


def quotes_stage_uk(job: TextJob, found: Found, config: Config) -> Found:
    """:func:`quotes_stage` of a Ukrainian article, with the Ukrainian cue words."""
    from newsprism.nlp.quotes.russian import extract_quotes_ru

    paragraphs = found["parse"].paragraphs
    return {"quotes": tuple(extract_quotes_ru(job.article_id, job.text, paragraphs, "uk"))}


def times_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Time expressions, normalised against the publication date."""
    from newsprism.nlp.time import extract_times

    return {"times": tuple(extract_times(job.article_id, job.text, job.published, job.spans))}


def times_stage_ru(job: TextJob, found: Found, config: Config) -> Found:
    """:func:`times_stage` of a Russian or Ukrainian article (nlp/time/russian.py)."""
    from newsprism.nlp.time.russian import extract_times_ru

    return {"times": tuple(extract_times_ru(job.article_id, job.text, job.published, job.spans))}


def claims_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Checkable claims in the author's voice or attributed to a speaker."""
    claims = extract_claims(
        job.article_id, job.text, found["parse"], list(found["quotes"]), list(found["times"])
    )
    return {"claims": tuple(claims)}


def events_stage(job: TextJob, found: Found, config: Config) -> Found:
    """Dated events: a sentence with a resolved calendar date, and a report of the news in
    the past tense (or the headline) on the article's news day or publication date."""
    events = _events(job.article_id, found["sentences"], list(found["times"]))
    if job.published is None:
        return {"events": events}
    published = job.published
    if isinstance(published, datetime):
        published = published.date()
    return {"events": events + _reported_events(job.article_id, found["parse"], events, published)}


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


def _reported_events(
    article_id: str, parsed: Parsed, dated: tuple[Event, ...], published: date
) -> tuple[Event, ...]:
    """Sentences with no date of their own that report the news: the headline (headlines tell
    past events in the present tense) and sentences whose main verb is in the past tense or
    the present perfect ("Apple unveiled", "has announced"). They happened on the article's
    news day (:func:`news_day`), else on its publication date, and say so in ``dated_by``.
    SemEval-2015 T4 trial (``newsprism eval timeline``): dating recall 0.277 -> 0.671 at
    precision 0.625 -> 0.752; the publication date alone gave 0.548 at 0.624, as a report
    published the day after a keynote tells the keynote's day."""
    day, how = news_day(dated, published), DATED_BY_NEWS_DAY
    if day is None:
        day, how = published.isoformat(), DATED_BY_PUBLICATION
    has_date = {e.start for e in dated}
    out: list[Event] = []
    first = True
    for offset, doc in parsed.paragraphs:
        for sent in doc.sents:
            start = offset + sent.start_char
            headline, first = first, False
            if start in has_date or not _reports(sent, headline):
                continue
            out.append(Event(article_id, start, offset + sent.end_char, day, "day", dated_by=how))
    return tuple(out)


DATED_BY_PUBLICATION = "publication date"
DATED_BY_NEWS_DAY = "news day"
NEWS_WEEK = timedelta(days=7)


def news_day(dated: Sequence[Event], published: date) -> str | None:
    """The day the article's own dates name most within the week up to its publication (the
    day of the news it reports: "on Monday" in a Tuesday paper), None when they name none."""
    days = Counter(
        e.date
        for e in dated
        if e.granularity == "day"
        and len(e.date) == 10
        and e.date[:1].isdigit()
        and published - NEWS_WEEK <= date.fromisoformat(e.date) <= published
    )
    return days.most_common(1)[0][0] if days else None


def _reports(sent: Span, headline: bool) -> bool:
    """Does the sentence report something that happened: a past-tense or present-perfect main
    verb (a headline: any finite verb)."""
    if sent.doc.lang_ != "en":  # Universal Dependencies morphology (natasha's Russian)
        finite = [
            t for t in sent if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])
        ]
        if headline:
            return bool(finite)
        return sent.root in finite and "Past" in sent.root.morph.get("Tense", [])
    if headline:
        return any(t.tag_ in ("VBD", "VBZ", "VBP") for t in sent)
    root = sent.root
    if root.tag_ == "VBD":
        return True
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in root.children)
    return root.tag_ == "VBN" and perfect


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
