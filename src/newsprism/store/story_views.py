"""Reading a story's results back as the typed view records of newsprism.listings: the
stories with their articles, a story's claim groups and the merged timeline.

Part of the store layer (statements are SQLAlchemy Core over store/tables.py), beside
store/stories.py, which holds what the story stages read and write. Each read is a statement
or two for all the stories (or the one) asked for, never one per story or per article.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, func, select

from newsprism.listings import (
    ClaimGroupListing,
    GroupedClaim,
    StoryArticle,
    StoryHeader,
    TimelineEntry,
)
from newsprism.store import database, tables
from newsprism.store.api import Store
from newsprism.store.stories import article_rows


def _story_columns() -> Select[Any]:
    t = tables.stories
    return select(t.c.id, t.c.label, t.c.first_date, t.c.last_date, t.c.articles, t.c.outlets)


def list_story_rows(store: Store) -> list[StoryHeader]:
    t = tables.stories
    statement = _story_columns().order_by(
        t.c.articles.desc(), t.c.first_date.is_(None), t.c.first_date, t.c.id
    )
    return [StoryHeader(**r) for r in store.conn.execute(statement).mappings()]


def story_article_listings(
    store: Store, story_id: str | None = None
) -> dict[str, list[StoryArticle]]:
    """Story id -> its articles in ``story_article_ids``'s order (oldest first, undated last),
    for every story or one: one statement, without the articles' text."""
    sa, a = tables.story_articles, tables.articles
    statement = (
        select(
            sa.c.story_id, a.c.id, a.c.title, a.c.outlet, a.c.original_outlet, a.c.published,
            a.c.url, a.c.canonical_id,
        )
        .select_from(sa.join(a, a.c.id == sa.c.article_id))
        .order_by(sa.c.story_id, a.c.published.is_(None), a.c.published, database.rowid(a))
    )  # fmt: skip
    if story_id is not None:
        statement = statement.where(sa.c.story_id == story_id)
    found: dict[str, list[StoryArticle]] = {}
    for story, *article in store.conn.execute(statement):
        found.setdefault(story, []).append(StoryArticle(*article))
    return found


def story_row(store: Store, story_id: str) -> StoryHeader | None:
    """A story by id or unique id prefix (ASCII case ignored, as SQLite's LIKE did)."""
    statement = _story_columns().where(tables.stories.c.id.istartswith(story_id, autoescape=True))
    rows = store.conn.execute(statement.limit(2)).mappings().all()
    return StoryHeader(**rows[0]) if len(rows) == 1 else None


def claim_group_rows(
    store: Store, story_id: str, texts: dict[str, str] | None = None
) -> list[ClaimGroupListing]:
    """A story's claim groups, each with its members in article storage order: two
    statements, whatever the number of groups. A member's text is cut from its article's
    original text: from ``texts`` (article id -> text) where given, the others' read in one
    go."""
    cg, m, c = tables.claim_groups, tables.claim_group_members, tables.claims
    a, e = tables.articles, tables.entities
    groups = store.conn.execute(
        select(cg.c.id, cg.c.status, cg.c.summary, cg.c.outlets, cg.c.reasons, cg.c.omitted_by)
        .where(cg.c.story_id == story_id)
        .order_by(database.rowid(cg))
    ).all()
    outlet = func.coalesce(a.c.original_outlet, a.c.outlet)
    members = store.conn.execute(
        select(
            m.c.group_id, m.c.claim_id, m.c.article_id, outlet, c.c.start, c.c.end,
            e.c.canonical_name, c.c.attributed_to, c.c.hedges, m.c.polarity,
        )
        .select_from(
            m.join(cg, cg.c.id == m.c.group_id)
            .join(c, c.c.id == m.c.claim_id)
            .join(a, a.c.id == m.c.article_id)
            .outerjoin(e, e.c.id == c.c.attributed_entity_id)
        )
        .where(cg.c.story_id == story_id)
        .order_by(database.rowid(a), c.c.start, m.c.claim_id)
    ).all()  # fmt: skip
    texts = dict(texts or {})
    missing = sorted({r[2] for r in members} - texts.keys())
    texts.update((r["id"], str(r["original_text"])) for r in article_rows(store, missing))
    by_group: dict[str, list[GroupedClaim]] = {}
    for group, claim, article, said_by, start, end, entity, attributed, hedges, polarity in members:
        by_group.setdefault(group, []).append(
            GroupedClaim(
                claim_id=claim,
                article_id=article,
                outlet=said_by,
                text=" ".join(texts[article][start:end].split()),
                start=start,
                end=end,
                attributed_to=entity or attributed,
                hedges=_strings(hedges),
                polarity=polarity,
            )
        )
    return [
        ClaimGroupListing(
            id=group,
            status=status,
            summary=summary,
            outlets=_strings(outlets),
            reasons=_strings(reasons),
            members=tuple(by_group.get(group, ())),
            omitted_by=_strings(omitted),
        )
        for group, status, summary, outlets, reasons, omitted in groups
    ]


def _strings(stored: str) -> tuple[str, ...]:
    """A stored JSON list of strings (most are empty: not worth a parse)."""
    return () if stored == "[]" else tuple(json.loads(stored))


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
        t.c.dated_by,
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
