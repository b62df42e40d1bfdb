"""The story stages as one corpus step: embed new sentences, file new articles under stories,
then redo claim groups and the timeline of the stories that changed (only those)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsprism.nlp.vectors import backend_for, text_vectors
from newsprism.records import IngestError, Story
from newsprism.store.api import Store
from newsprism.store.embeddings import article_sentences
from newsprism.store.stories import (
    STORY_TYPES,
    article_rows,
    claim_rows,
    document_frequencies,
    drop_empty_stories,
    event_rows,
    mention_rows,
    profiles,
    stale_stories,
    story_article_ids,
    story_entity_names,
    unassigned_articles,
    write_story_results,
)
from newsprism.stories.claims import ClaimInput, claim_inputs, group_claims, starting_in
from newsprism.stories.cluster import StoryParams, assign_stories, dims_for
from newsprism.stories.timeline import DatedSentence, merge_events

STAGE = "stories.v4"
"""The registry's tag of the stories stage (pipeline.STAGES; a test keeps them equal): v2 groups
claims with the pair model; v4 compares each language's articles by its own encoder's
vectors, compares claims in English only and dates an undated article's headline by its
story's news day."""
PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
BATCH = 200
"""Articles embedded and filed per transaction (bounds memory on a big first run)."""


@dataclass
class StoriesSummary:
    articles: int = 0
    new_stories: int = 0
    updated_stories: int = 0
    seconds: float = 0.0
    touched: set[str] = field(default_factory=set)
    errors: list[IngestError] = field(default_factory=list)


def build_stories(
    store: Store,
    params: StoryParams | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StoriesSummary:
    """Bring stories up to date with the store's understood articles."""
    started = time.perf_counter()
    params = params or StoryParams()
    summary = StoriesSummary()
    store.tune_for_bulk_reads()
    new = unassigned_articles(store, STAGE)
    # entity document frequencies once per run (a run's own articles barely move them)
    frequencies = document_frequencies(store)
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        ids = [a.article_id for a in chunk]
        with store.transaction():
            result = assign_stories(store, chunk, params, STAGE, frequencies)
            store.clear_errors(STAGE, [f"article {a}" for a in ids if a not in result.failed])
        summary.articles += result.articles
        _record(store, summary, [(f"article {a}", exc) for a, exc in result.failed.items()])
        summary.new_stories += result.new_stories
        summary.touched |= result.touched or set()
        if progress:
            progress(min(start + BATCH, len(new)), len(new))
    summary.touched |= stale_stories(store, STAGE)
    for story_id in sorted(summary.touched):
        try:
            with store.transaction():
                analyse_story(store, story_id)
                store.clear_errors(STAGE, [f"story {story_id}"])
        except Exception as exc:  # its results stay stale: the next run redoes the story
            _record(store, summary, [(f"story {story_id}", exc)])
    with store.transaction():
        drop_empty_stories(store)
    summary.updated_stories = len(summary.touched)
    summary.seconds = time.perf_counter() - started
    return summary


def _record(store: Store, summary: StoriesSummary, failures: list[tuple[str, Exception]]) -> None:
    """Keep one line per failure for the run's report and the store's error list."""
    errors = [IngestError.failed(what, "stories", exc, STAGE) for what, exc in failures]
    if errors:
        summary.errors.extend(errors)
        store.record_errors(errors)


def _source(row: dict[str, object], originals: dict[str, str]) -> str:
    """An article's independent source: its original's outlet for a copy or reprint."""
    canonical = row.get("canonical_id")
    if isinstance(canonical, str) and canonical in originals:
        return originals[canonical]
    outlet = row.get("original_outlet") or row.get("outlet")
    return str(outlet) if outlet else f"article:{row['id']}"


def story_label(names: list[str], first: str | None, last: str | None) -> str:
    """Key entities and dates, e.g. "Lukashenko, KGB, Yarosh (2021-04-17 – 2021-04-28)"."""
    when = "undated" if first is None else first if first == last else f"{first} – {last}"
    return f"{', '.join(names) or 'untitled'} ({when})"


CLAIM_LANGUAGES = frozenset({"en"})
"""Claims are compared across outlets only in English: the claim-pair model and its
thresholds were trained and chosen on English data. A story's articles in other languages
keep their claims (`newsprism claims`) but stand outside its claim groups."""


DATED_BY_STORY = "story"
"""An undated article's headline dated by its story's news day (the day the other tellings'
reports of the news fall on most)."""
REPORT_DATINGS = ("news day", "publication date")


def _undated_tellings(
    store: Store,
    rows: list[dict[str, Any]],
    dated: list[DatedSentence],
    mentions_of: dict[str, list[dict[str, Any]]],
) -> list[DatedSentence]:
    """The headline of each undated article, on the day the story's dated tellings report the
    news most (at least MIN_DATED_TELLINGS of them, and unless the article's own dates name
    other days): an article with no date line tells the story's news too, and the timeline
    cites it there, saying it was dated by its story."""
    days = Counter(
        date_
        for date_, _ in {
            (d.date, d.article_id)
            for d in dated
            if d.dated_by in REPORT_DATINGS and d.granularity == "day"
        }
    )
    if not days:
        return []
    day, tellings = days.most_common(1)[0]
    if tellings < MIN_DATED_TELLINGS:
        return []  # one dated telling does not make a storyline's day
    out: list[DatedSentence] = []
    for row in rows:
        if row["published"] or row.get("canonical_id"):
            continue  # dated, or a copy (its original tells it)
        own = [d.date for d in dated if d.article_id == row["id"] and d.granularity == "day"]
        if own and not any(_near(date_, day) for date_ in own):
            continue  # its own dates name other days: it tells another moment of the story
        sentences = article_sentences(store, str(row["id"]))
        if not sentences:
            continue
        start, end, text = sentences[0]
        mentions = mentions_of.get(str(row["id"]), [])
        out.append(
            DatedSentence(
                str(row["id"]), str(row["outlet"]) if row["outlet"] else None, start, end,
                " ".join(text.split()), day, "day",
                frozenset(m["name"] for m in starting_in(mentions, start, end)
                          if m["type"] in STORY_TYPES),
                DATED_BY_STORY,
            )
        )  # fmt: skip
    return out


NEAR_DAYS = 7
MIN_DATED_TELLINGS = 2
"""Dated articles whose reports fall on one day before that day dates the undated ones: a
story is a storyline, and one dated telling may be of another of its moments."""


def _near(value: str, day: str) -> bool:
    """Whether a day the article names (year possibly unknown: XXXX-04-17) falls within a
    week of the story's news day."""
    try:
        story_day = date.fromisoformat(day)
        month, dom = int(value[5:7]), int(value[8:10])
        year = story_day.year if value.startswith("XXXX") else int(value[:4])
        return abs((date(year, month, dom) - story_day).days) <= NEAR_DAYS
    except ValueError:
        return False


def analyse_story(store: Store, story_id: str) -> None:
    """Label, dates, claim groups and timeline of one story, replacing what was there."""
    ids = story_article_ids(store, story_id)
    rows = article_rows(store, ids)
    originals = {
        str(r["id"]): str(r.get("original_outlet") or r.get("outlet") or f"article:{r['id']}")
        for r in rows
    }
    weights: Counter[str] = Counter()
    for p in profiles(store, ids, dims_for):
        # an entity in more of the story's articles first, then the article's own emphasis
        weights.update({e: 1.0 + w for e, w in p.entities.items()})
    claims: list[ClaimInput] = []
    dated: list[DatedSentence] = []
    mentions_of: dict[str, list[dict[str, Any]]] = {}
    types: dict[str, str] = {}
    for row in rows:
        text = str(row["original_text"])
        mentions = mention_rows(store, str(row["id"]))
        mentions_of[str(row["id"])] = mentions
        title = str(row.get("title") or "")
        types.update({m["entity_id"]: m["type"] for m in mentions})
        # named in a headline: what the outlet itself says the story is about
        weights.update(
            {e: 1.5 for e in {m["entity_id"] for m in mentions if m["text"] in title and title}}
        )
        events = event_rows(store, str(row["id"]))
        outlet = row.get("original_outlet") or row.get("outlet")
        if (row.get("language") or "en") in CLAIM_LANGUAGES:
            claims.extend(
                claim_inputs(claim_rows(store, str(row["id"])), text, _source(row, originals),
                             str(outlet) if outlet else None, mentions, events)
            )  # fmt: skip
        for e in events:
            dated.append(
                DatedSentence(
                    str(row["id"]),
                    str(row["outlet"]) if row["outlet"] else None,
                    e["start"],
                    e["end"],
                    " ".join(text[e["start"] : e["end"]].split()),
                    e["date"],
                    e["granularity"],
                    frozenset(
                        m["name"]
                        for m in starting_in(mentions, e["start"], e["end"])
                        if m["type"] in STORY_TYPES
                    ),
                    str(e["dated_by"]),
                )
            )
    dated += _undated_tellings(store, rows, dated, mentions_of)
    top: list[str] = []
    places = 0
    for entity, _ in weights.most_common():
        place = types.get(entity) in PLACE_TYPES
        if place and places >= 1:
            continue  # one place at most: "Belarus, Minsk, Russia" names no story
        top.append(entity)
        places += place
        if len(top) == 3:
            break
    names = story_entity_names(store, top)
    dates = sorted(str(r["published"]) for r in rows if r["published"])
    story = Story(
        story_id,
        story_label([names[e] for e in top if e in names],
                    dates[0] if dates else None, dates[-1] if dates else None),
        tuple(ids),
        dates[0] if dates else None,
        dates[-1] if dates else None,
    )  # fmt: skip
    sources = sorted({_source(r, originals) for r in rows if (r.get("language") or "en")
                      in CLAIM_LANGUAGES})  # fmt: skip
    groups = group_claims(
        story_id,
        claims,
        text_vectors(store, [c.text for c in claims]),
        story_sources=sources,
    )
    # one encoder for the whole story's sentences: its language's, the multilingual one
    # when its articles are in several
    backends = {backend_for(r.get("language")) for r in rows}
    backend = backends.pop() if len(backends) == 1 else "use"
    events_merged = merge_events(
        story_id, dated, text_vectors(store, [d.text for d in dated], backend)
    )
    outlets = len(sources)
    write_story_results(store, story, outlets, groups, events_merged, STAGE)
