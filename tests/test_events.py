"""Real parses: dated events (a sentence's own date, else, for a report of the news, the
article's news day or its publication date, each saying which) and whose voice a claim is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from newsprism.config import default_config
from newsprism.nlp.understand import events_stage, parse_stage, times_stage
from newsprism.records import Event, Found, TextJob
from newsprism.stories.timeline import DatedSentence, merge_events


def _analysed(text: str, published: date | None, stages: Sequence[Any]) -> Found:
    """What parse and then ``stages`` find in ``text`` (paragraphs split at blank lines)."""
    spans = []
    at = 0
    for paragraph in text.split("\n\n"):
        spans.append((at, at + len(paragraph)))
        at += len(paragraph) + 2
    job = TextJob("a1", text, tuple(spans), published)
    config = default_config()
    found: Found = dict(parse_stage([job], [{}], config)[0])
    for stage in stages:
        found.update(stage(job, found, config))
    return found


def _events(text: str, published: date | None) -> list[tuple[str, str, str]]:
    events: tuple[Event, ...] = _analysed(text, published, (times_stage, events_stage))["events"]
    return [(text[e.start : e.end], e.date, e.dated_by) for e in events]


TUESDAY = date(2010, 6, 8)


def test_reports_take_the_news_day_the_article_names() -> None:
    text = (
        "Apple unveils a new phone\n\n"
        "Apple unveiled a new phone on Monday in San Francisco. "
        "Steve Jobs said the phone was the thinnest ever made. "
        "The phone has two cameras."
    )
    found = _events(text, TUESDAY)
    assert ("Apple unveiled a new phone on Monday in San Francisco.", "2010-06-07", "text") in found
    assert ("Apple unveils a new phone", "2010-06-07", "news day") in found
    assert ("Steve Jobs said the phone was the thinnest ever made.", "2010-06-07", "news day") in (
        found
    )
    # a present-tense description reports nothing that happened
    assert not [f for f in found if f[0].startswith("The phone has")]


def test_reports_take_the_publication_date_when_the_article_names_no_recent_day() -> None:
    text = (
        "Court rules on the dispute\n\n"
        "The court ruled against the company. "
        "Apple launched its store on April 28, 2003."
    )
    found = _events(text, TUESDAY)
    assert ("The court ruled against the company.", "2010-06-08", "publication date") in found
    # an old date is no news day
    assert ("Apple launched its store on April 28, 2003.", "2003-04-28", "text") in found


def test_no_publication_date_no_reported_events() -> None:
    text = "Court rules on the dispute\n\nThe court ruled against the company."
    assert _events(text, None) == []


def _sentence(article: str, text: str, dated_by: str, names: set[str]) -> DatedSentence:
    return DatedSentence(article, None, 0, len(text), text, "2010-06-08", "day", frozenset(names),
                         dated_by)  # fmt: skip


def test_reports_of_the_news_day_merge_by_wording_not_by_a_shared_name() -> None:
    import numpy as np

    a = _sentence("a1", "Jobs said the phone was thin.", "news day", {"Steve Jobs"})
    b = _sentence("a2", "Jobs announced a free case.", "news day", {"Steve Jobs"})
    c = _sentence("a3", "Jobs announced a free case for every buyer.", "text", {"Steve Jobs"})
    vectors = np.asarray([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], dtype=np.float32)
    events = merge_events("s1", [a, b, c], vectors)
    tellings = sorted(sorted(r[0] for r in e.reports) for e in events)
    assert tellings == [["a1"], ["a2", "a3"]]
    merged = next(e for e in events if len(e.reports) == 2)
    assert merged.dated_by == "text"  # one telling states the date
    alone = next(e for e in events if len(e.reports) == 1)
    assert alone.dated_by == "news day"


def _claims(text: str) -> list[tuple[str, str | None]]:
    from newsprism.nlp.understand import claims_stage, quotes_stage

    found = _analysed(text, TUESDAY, (quotes_stage, times_stage, claims_stage))
    return [(text[c.start : c.end], c.attributed_to) for c in found["claims"]]


def test_a_sentence_that_attributes_a_short_quote_is_the_speakers_voice() -> None:
    """'On Twitter …, he said: "…"' is the speaker's claim however short the quote (the issue's
    case); so is 'X said in Montgomery that …'."""
    found = _claims(
        "Trump attacks the Times\n\n"
        "President Donald Trump spoke in Washington on Monday. "
        'On Twitter on Monday morning from his golf club in New Jersey, he said: "Fake news." '
        "Later, Senator Luther Strange said in Montgomery that the vote would take place in"
        " December."
    )
    voices = {text.split(",")[0]: who for text, who in found}
    assert voices["On Twitter on Monday morning from his golf club in New Jersey"] is not None
    assert voices["Later"] == "Luther Strange"
    assert voices["President Donald Trump spoke in Washington on Monday."] is None  # the author's
