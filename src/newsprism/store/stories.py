"""Store access for the corpus-level story stages: profiles, blocking keys, stories, claim
groups and the merged timeline.

Part of the store layer (the only modules that touch the database; statements are built with
SQLAlchemy Core over store/tables.py). Story assignment is incremental: an article's profile
and keys are written once, when it joins a story; a story's claim groups and timeline are
replaced as a unit when one of its articles changes. The results are read back as the typed
view records of newsprism.listings; what the story stages read of an article stays plain rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Select, delete, func, or_, select, update

from newsprism.listings import ClaimGroupListing, GroupedClaim, StoryHeader, TimelineEntry
from newsprism.nlp.embed import Vectors
from newsprism.records import ClaimGroup, Story, TimelineEvent
from newsprism.store import database, tables
from newsprism.store.api import Store

STORY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "LAW", "PRODUCT")
"""Entity types that say what a story is about (dates and numbers do not)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class NewArticle:
    """An understood article that belongs to no story yet."""

    article_id: str
    published: date | None
    outlet: str | None
    canonical_id: str | None
    title: str | None


def unassigned_articles(store: Store, stage: str) -> list[NewArticle]:
    """Understood articles without a story, oldest first (undated ones last)."""
    a, s, sa = tables.articles, tables.article_stages, tables.story_articles
    statement = (
        select(
            a.c.id,
            a.c.published,
            func.coalesce(a.c.original_outlet, a.c.outlet).label("outlet"),
            a.c.canonical_id,
            a.c.title,
        )
        .select_from(
            a.join(s, (s.c.article_id == a.c.id) & (s.c.stage == "understand")).outerjoin(
                sa, sa.c.article_id == a.c.id
            )
        )
        .where(sa.c.article_id.is_(None))
        .order_by(a.c.published.is_(None), a.c.published, database.rowid(a))
    )
    rows = store.conn.execute(statement).mappings().all()
    return [
        NewArticle(
            r["id"],
            date.fromisoformat(r["published"]) if r["published"] else None,
            r["outlet"],
            r["canonical_id"],
            r["title"],
        )
        for r in rows
    ]


def entity_counts(store: Store, article_id: str) -> dict[str, int]:
    """Mentions per canonical entity in one article (story-bearing types only)."""
    m, e = tables.mentions, tables.entities
    rows = store.conn.execute(
        select(m.c.entity_id, func.count())
        .select_from(m.join(e, e.c.id == m.c.entity_id))
        .where(m.c.article_id == article_id, e.c.type.in_(STORY_TYPES))
        .group_by(m.c.entity_id)
    ).all()
    return {r[0]: int(r[1]) for r in rows}


def document_frequencies(store: Store) -> tuple[int, dict[str, int]]:
    """Number of articles and, per entity, the number of articles mentioning it."""
    m = tables.mentions
    total = int(store.conn.execute(select(func.count()).select_from(tables.articles)).scalar_one())
    rows = store.conn.execute(
        select(m.c.entity_id, func.count(m.c.article_id.distinct()))
        .where(m.c.entity_id.is_not(None))
        .group_by(m.c.entity_id)
    ).all()
    return total, {r[0]: int(r[1]) for r in rows}


def key_postings(store: Store, keys: Sequence[str], cap: int) -> dict[str, list[str]]:
    """Articles filed under each key; a key with more than ``cap`` articles is left out
    (it is too common to say which story an article belongs to)."""
    k = tables.story_keys
    found: dict[str, list[str]] = {}
    for key in keys:
        rows = (
            store.conn.execute(select(k.c.article_id).where(k.c.key == key).limit(cap + 1))
            .scalars()
            .all()
        )
        if 0 < len(rows) <= cap:
            found[key] = list(rows)
    return found


@dataclass(frozen=True, eq=False)
class StoryProfile:
    """What story assignment compares of an article, as filed under its story."""

    article_id: str
    lead: Vectors
    """Vectors of the headline and first sentences."""
    entities: dict[str, float]
    """Canonical entity -> tf-idf weight (L2-normalised)."""
    event_dates: frozenset[str]
    """Calendar days the article dates events on (the August 9 election, a summit)."""
    published: date | None
    outlet: str | None
    story_id: str | None = None
    """The story it is filed under (None while it is being placed)."""


def event_days(store: Store, article_id: str) -> frozenset[str]:
    """Calendar days (YYYY-MM-DD) on which the article dates events."""
    e = tables.events
    days = (
        store.conn.execute(
            select(e.c.date)
            .distinct()
            .where(e.c.article_id == article_id, e.c.granularity == "day")
        )
        .scalars()
        .all()
    )
    return frozenset(d for d in days if len(d) == 10 and d[:1].isdigit())


def profiles(
    store: Store, article_ids: Iterable[str], dims: int = 384, with_entities: bool = True
) -> list[StoryProfile]:
    """The stored profiles of articles already in stories, in the order asked for
    (``entities`` left empty unless asked for: comparing candidates does not need them)."""
    sa = tables.story_articles
    ids = list(article_ids)
    found = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = store.conn.execute(
            select(
                sa.c.article_id,
                sa.c.story_id,
                sa.c.vector,
                sa.c.entities,
                sa.c.event_dates,
                sa.c.date,
                sa.c.outlet,
            ).where(sa.c.article_id.in_(chunk))
        ).mappings()
        for r in rows:
            found.append(
                StoryProfile(
                    r["article_id"],
                    np.frombuffer(r["vector"], dtype=np.float16)
                    .astype(np.float32)
                    .reshape(-1, dims),
                    json.loads(r["entities"]) if with_entities else {},
                    frozenset(json.loads(r["event_dates"])),
                    date.fromisoformat(r["date"]) if r["date"] else None,
                    r["outlet"],
                    r["story_id"],
                )
            )
    order = {a: i for i, a in enumerate(ids)}
    return sorted(found, key=lambda p: order[p.article_id])


def story_of(store: Store, article_id: str) -> str | None:
    sa = tables.story_articles
    row = store.conn.execute(select(sa.c.story_id).where(sa.c.article_id == article_id)).first()
    return None if row is None else str(row[0])


def add_to_story(
    store: Store,
    story_id: str,
    profile: StoryProfile,
    similarity: float | None,
    keys: Sequence[str],
    stage: str,
) -> None:
    """File an article under a story (creating the story row if new) with its profile/keys."""
    conn = store.conn
    conn.execute(
        database.insert_ignore(conn, tables.stories),
        {
            "id": story_id,
            "label": "",
            "first_date": None,
            "last_date": None,
            "articles": 0,
            "outlets": 0,
            "updated_at": _now(),
            "stage": stage,
        },
    )
    conn.execute(
        database.upsert(conn, tables.story_articles, ["article_id"]),
        {
            "article_id": profile.article_id,
            "story_id": story_id,
            "similarity": similarity,
            "vector": profile.lead.astype(np.float16).tobytes(),
            "entities": json.dumps(profile.entities, sort_keys=True),
            "event_dates": json.dumps(sorted(profile.event_dates)),
            "date": profile.published.isoformat() if profile.published else None,
            "outlet": profile.outlet,
            "stage": stage,
        },
    )
    if keys:
        conn.execute(
            database.insert_ignore(conn, tables.story_keys),
            [{"key": k, "article_id": profile.article_id} for k in keys],
        )


def story_article_ids(store: Store, story_id: str) -> list[str]:
    sa, a = tables.story_articles, tables.articles
    rows = store.conn.execute(
        select(sa.c.article_id)
        .select_from(sa.join(a, a.c.id == sa.c.article_id))
        .where(sa.c.story_id == story_id)
        .order_by(a.c.published.is_(None), a.c.published, database.rowid(a))
    ).scalars()
    return list(rows)


def story_entity_names(store: Store, entity_ids: Sequence[str]) -> dict[str, str]:
    e = tables.entities
    names = {}
    for entity_id in entity_ids:
        row = store.conn.execute(select(e.c.canonical_name).where(e.c.id == entity_id)).first()
        if row is not None:
            names[entity_id] = row[0]
    return names


def write_story_results(
    store: Store,
    story: Story,
    outlets: int,
    groups: Sequence[ClaimGroup],
    events: Sequence[TimelineEvent],
    stage: str,
) -> None:
    """Replace a story's label, dates, claim groups and timeline (inside the caller's
    transaction)."""
    conn = store.conn
    conn.execute(
        update(tables.stories)
        .where(tables.stories.c.id == story.id)
        .values(
            label=story.label,
            first_date=story.first_date,
            last_date=story.last_date,
            articles=len(story.article_ids),
            outlets=outlets,
            updated_at=_now(),
            stage=stage,
        )
    )
    conn.execute(delete(tables.claim_groups).where(tables.claim_groups.c.story_id == story.id))
    conn.execute(
        delete(tables.timeline_events).where(tables.timeline_events.c.story_id == story.id)
    )
    for g in groups:
        conn.execute(
            database.insert(conn, tables.claim_groups),
            {
                "id": g.id,
                "story_id": story.id,
                "status": g.status,
                "summary": g.summary,
                "outlets": json.dumps(g.outlets),
                "reasons": json.dumps(g.reasons),
                "stage": stage,
            },
        )
        if g.members:
            conn.execute(
                database.insert_ignore(conn, tables.claim_group_members),
                [
                    {
                        "group_id": g.id,
                        "claim_id": m.claim_id,
                        "article_id": m.article_id,
                        "polarity": m.polarity,
                    }
                    for m in g.members
                ],
            )
    if events:
        conn.execute(
            database.insert(conn, tables.timeline_events),
            [
                {
                    "id": e.id,
                    "story_id": story.id,
                    "date": e.date,
                    "granularity": e.granularity,
                    "summary": e.summary,
                    "participants": json.dumps(e.participants),
                    "reports": json.dumps(e.reports),
                    "stage": stage,
                }
                for e in events
            ],
        )


def stale_stories(store: Store, stage: str) -> set[str]:
    """Stories whose results are missing (a run stopped after filing their articles) or were
    made by another stage version."""
    t = tables.stories
    rows = store.conn.execute(select(t.c.id).where(or_(t.c.label == "", t.c.stage != stage)))
    return set(rows.scalars())


def drop_empty_stories(store: Store) -> None:
    filed = select(tables.story_articles.c.story_id).distinct()
    store.conn.execute(delete(tables.stories).where(tables.stories.c.id.not_in(filed)))


# reading what the story stages need of an article


def article_rows(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Title, outlet (the original's for a reprint), date, url and text of articles."""
    a = tables.articles
    found = []
    for article_id in article_ids:
        r = (
            store.conn.execute(
                select(
                    a.c.id,
                    a.c.title,
                    a.c.outlet,
                    a.c.original_outlet,
                    a.c.published,
                    a.c.url,
                    a.c.original_text,
                    a.c.canonical_id,
                ).where(a.c.id == article_id)
            )
            .mappings()
            .first()
        )
        if r is not None:
            found.append(dict(r))
    return found


def _dicts(store: Store, statement: Select[Any]) -> list[dict[str, Any]]:
    """The rows of a query as plain dicts (what the story stages and the API hand on)."""
    return [dict(r) for r in store.conn.execute(statement).mappings()]


def claim_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    c, e = tables.claims, tables.entities
    return _dicts(
        store,
        select(
            c.c.id,
            c.c.article_id,
            c.c.start,
            c.c.end,
            c.c.attributed_to,
            c.c.hedges,
            c.c.kind,
            e.c.canonical_name.label("entity_name"),
        )
        .select_from(c.outerjoin(e, e.c.id == c.c.attributed_entity_id))
        .where(c.c.article_id == article_id)
        .order_by(c.c.start),
    )


def mention_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    m, e = tables.mentions, tables.entities
    return _dicts(
        store,
        select(
            m.c.start,
            m.c.end,
            m.c.text,
            m.c.entity_id,
            e.c.canonical_name.label("name"),
            e.c.type,
        )
        .select_from(m.join(e, e.c.id == m.c.entity_id))
        .where(m.c.article_id == article_id)
        .order_by(m.c.start),
    )


def event_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    e = tables.events
    return _dicts(
        store,
        select(e.c.start, e.c.end, e.c.date, e.c.granularity)
        .where(e.c.article_id == article_id)
        .order_by(e.c.start),
    )


def quote_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    q, e = tables.quotes, tables.entities
    return _dicts(
        store,
        select(
            q.c.idx,
            q.c.kind,
            q.c.content_start,
            q.c.content_end,
            q.c.speaker_text,
            q.c.speaker_name,
            q.c.speaker_entity_id,
            e.c.canonical_name.label("entity_name"),
        )
        .select_from(q.outerjoin(e, e.c.id == q.c.speaker_entity_id))
        .where(q.c.article_id == article_id)
        .order_by(q.c.idx),
    )


# reading the results


def _story_columns() -> Select[Any]:
    t = tables.stories
    return select(t.c.id, t.c.label, t.c.first_date, t.c.last_date, t.c.articles, t.c.outlets)


def list_story_rows(store: Store) -> list[StoryHeader]:
    t = tables.stories
    statement = _story_columns().order_by(
        t.c.articles.desc(), t.c.first_date.is_(None), t.c.first_date, t.c.id
    )
    return [StoryHeader(**r) for r in store.conn.execute(statement).mappings()]


def story_row(store: Store, story_id: str) -> StoryHeader | None:
    """A story by id or unique id prefix (ASCII case ignored, as SQLite's LIKE did)."""
    statement = _story_columns().where(tables.stories.c.id.istartswith(story_id, autoescape=True))
    rows = store.conn.execute(statement.limit(2)).mappings().all()
    return StoryHeader(**rows[0]) if len(rows) == 1 else None


def claim_group_rows(store: Store, story_id: str) -> list[ClaimGroupListing]:
    cg, m, c = tables.claim_groups, tables.claim_group_members, tables.claims
    a, e = tables.articles, tables.entities
    groups = (
        store.conn.execute(
            select(cg.c.id, cg.c.status, cg.c.summary, cg.c.outlets, cg.c.reasons)
            .where(cg.c.story_id == story_id)
            .order_by(database.rowid(cg))
        )
        .mappings()
        .all()
    )
    members_of = (
        select(
            m.c.claim_id,
            m.c.article_id,
            m.c.polarity,
            c.c.start,
            c.c.end,
            c.c.attributed_to,
            c.c.hedges,
            e.c.canonical_name.label("entity_name"),
            a.c.original_text,
            func.coalesce(a.c.original_outlet, a.c.outlet).label("outlet"),
        )
        .select_from(
            m.join(c, c.c.id == m.c.claim_id)
            .join(a, a.c.id == m.c.article_id)
            .outerjoin(e, e.c.id == c.c.attributed_entity_id)
        )
        .order_by(database.rowid(a), c.c.start)
    )
    found = []
    for g in groups:
        members = store.conn.execute(members_of.where(m.c.group_id == g["id"])).mappings().all()
        found.append(
            ClaimGroupListing(
                id=g["id"],
                status=g["status"],
                summary=g["summary"],
                outlets=tuple(json.loads(g["outlets"])),
                reasons=tuple(json.loads(g["reasons"])),
                members=tuple(
                    GroupedClaim(
                        claim_id=m["claim_id"],
                        article_id=m["article_id"],
                        outlet=m["outlet"],
                        text=" ".join(m["original_text"][m["start"] : m["end"]].split()),
                        start=m["start"],
                        end=m["end"],
                        attributed_to=m["entity_name"] or m["attributed_to"],
                        hedges=tuple(json.loads(m["hedges"])),
                        polarity=m["polarity"],
                    )
                    for m in members
                ),
            )
        )
    return found


def timeline_rows(store: Store, story_id: str | None = None) -> list[TimelineEntry]:
    t = tables.timeline_events
    statement = select(
        t.c.id,
        t.c.story_id,
        t.c.date,
        t.c.granularity,
        t.c.summary,
        t.c.participants,
        t.c.reports,
    )
    if story_id is not None:
        statement = statement.where(t.c.story_id == story_id)
    rows = store.conn.execute(statement.order_by(t.c.date, t.c.id)).mappings().all()
    return [
        TimelineEntry(
            **{
                **r,
                "participants": tuple(json.loads(r["participants"])),
                "reports": tuple((str(a), int(s), int(e)) for a, s, e in json.loads(r["reports"])),
            }
        )
        for r in rows
    ]
