"""Store access for the corpus-level story stages: profiles, blocking keys, stories, claim
groups and the merged timeline.

Part of the store layer (the only modules that touch the database; statements are built with
SQLAlchemy Core over store/tables.py). Story assignment is incremental: an article's profile
and keys are written once, when it joins a story; a story's claim groups and timeline are
replaced as a unit when one of its articles changes. The results are read back as the typed
view records of newsprism.listings by store/story_views.py; what the story stages (and the
comparison) read of an article stays plain rows, read for many articles in one statement.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, delete, func, or_, select, update

from newsprism.records import ClaimGroup, Story, TimelineEvent
from newsprism.store import database, tables
from newsprism.store.api import Store

if TYPE_CHECKING:  # the story reads need no numpy: `stories` and `compare` do not import it
    from newsprism.nlp.embed import Vectors

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
    language: str | None = None


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
            a.c.language,
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
            r["language"],
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
    language: str | None = None


def event_days(store: Store, article_id: str) -> frozenset[str]:
    """Calendar days (YYYY-MM-DD) on which the article dates events."""
    e = tables.events
    days = (
        store.conn.execute(
            select(e.c.date)
            .distinct()
            .where(
                e.c.article_id == article_id,
                e.c.granularity == "day",
                e.c.dated_by == "text",  # the publication date says nothing of the story
            )
        )
        .scalars()
        .all()
    )
    return frozenset(d for d in days if len(d) == 10 and d[:1].isdigit())


def profiles(
    store: Store,
    article_ids: Iterable[str],
    dims: int | Callable[[str | None], int] = 384,
    with_entities: bool = True,
) -> list[StoryProfile]:
    """The stored profiles of articles already in stories, in the order asked for
    (``entities`` left empty unless asked for). ``dims`` is the width of the lead vectors,
    or gives it for an article's language (each language's encoder has its own)."""
    fixed = dims if isinstance(dims, int) else 0
    width = dims if callable(dims) else (lambda language: fixed)
    import numpy as np

    sa, a = tables.story_articles, tables.articles
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
                a.c.language,
            )
            .select_from(sa.join(a, a.c.id == sa.c.article_id))
            .where(sa.c.article_id.in_(chunk))
        ).mappings()
        for r in rows:
            found.append(
                StoryProfile(
                    r["article_id"],
                    np.frombuffer(r["vector"], dtype=np.float16)
                    .astype(np.float32)
                    .reshape(-1, width(r["language"])),
                    json.loads(r["entities"]) if with_entities else {},
                    frozenset(json.loads(r["event_dates"])),
                    date.fromisoformat(r["date"]) if r["date"] else None,
                    r["outlet"],
                    r["story_id"],
                    r["language"],
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
    import numpy as np

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
                "omitted_by": json.dumps(g.omitted_by),
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
                    "dated_by": e.dated_by,
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
    """Title, outlet (the original's for a reprint), date, url and text of articles, in the
    order asked for (ids not stored are left out): one statement per 500 ids."""
    a = tables.articles
    columns = (
        a.c.id, a.c.title, a.c.outlet, a.c.original_outlet, a.c.published, a.c.url,
        a.c.original_text, a.c.canonical_id, a.c.language,
    )  # fmt: skip
    wanted = sorted(set(article_ids))
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        statement = select(*columns).where(a.c.id.in_(wanted[i : i + 500]))
        found.update((r["id"], dict(r)) for r in store.conn.execute(statement).mappings())
    return [found[i] for i in article_ids if i in found]


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


def _by_article(
    store: Store, statement: Select[Any], article: Any, article_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Article id -> its rows of ``statement`` (``article``: the article id column, which the
    rows leave out), in the statement's order, for all ``article_ids`` in a statement per 500."""
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in article_ids}
    wanted = sorted(found)
    for i in range(0, len(wanted), 500):
        chunk = statement.add_columns(article).where(article.in_(wanted[i : i + 500]))
        result = store.conn.execute(chunk)
        keys = list(result.keys())[:-1]
        for *values, of in result:  # plain tuples: a RowMapping per row costs twice as much
            found[of].append(dict(zip(keys, values, strict=True)))
    return found


def mention_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return mentions_by_article(store, [article_id])[article_id]


def mentions_by_article(
    store: Store, article_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each article's resolved mentions (with their entity's name and type) in text order."""
    m, e = tables.mentions, tables.entities
    statement = (
        select(
            m.c.start,
            m.c.end,
            m.c.text,
            m.c.entity_id,
            e.c.canonical_name.label("name"),
            e.c.type,
            m.c.base,
        )
        .select_from(m.join(e, e.c.id == m.c.entity_id))
        .order_by(m.c.start, database.rowid(m))  # ties in storage order, as the index gives
    )
    return _by_article(store, statement, m.c.article_id, article_ids)


def event_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    e = tables.events
    return _dicts(
        store,
        select(e.c.start, e.c.end, e.c.date, e.c.granularity, e.c.dated_by)
        .where(e.c.article_id == article_id)
        .order_by(e.c.start),
    )


def quote_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return quotes_by_article(store, [article_id])[article_id]


def quotes_by_article(store: Store, article_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each article's quotes in order, with their speaker entity's name."""
    q, e = tables.quotes, tables.entities
    statement = (
        select(
            q.c.idx, q.c.kind, q.c.content_start, q.c.content_end, q.c.speaker_text,
            q.c.speaker_name, q.c.speaker_entity_id, e.c.canonical_name.label("entity_name"),
            q.c.nested_in,
        )
        .select_from(q.outerjoin(e, e.c.id == q.c.speaker_entity_id))
        .order_by(q.c.idx)
    )  # fmt: skip
    return _by_article(store, statement, q.c.article_id, article_ids)
