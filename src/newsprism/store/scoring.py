"""Flat reads across tables for the evals (newsprism eval): what the pipeline decided about
each gold article, as rows the scorers match against the gold files."""

from __future__ import annotations

from sqlalchemy import select

from newsprism.store import tables
from newsprism.store.api import Store


def claim_statuses(store: Store) -> list[tuple[str, int, int, str, str | None, str | None]]:
    """(source, start, end, original text, claim group status, group id) of every claim; the
    status and group are None for a claim in no group."""
    a, c = tables.articles, tables.claims
    m, g = tables.claim_group_members, tables.claim_groups
    query = (
        select(a.c.source, c.c.start, c.c.end, a.c.original_text, g.c.status, g.c.id)
        .select_from(c)
        .join(a, a.c.id == c.c.article_id)
        .outerjoin(m, m.c.claim_id == c.c.id)
        .outerjoin(g, g.c.id == m.c.group_id)
    )
    return [tuple(r) for r in store.conn.execute(query)]


def story_assignments(store: Store) -> list[tuple[str, str, str]]:
    """(source, story id, story label) of every article filed under a story."""
    a, sa, s = tables.articles, tables.story_articles, tables.stories
    query = (
        select(a.c.source, sa.c.story_id, s.c.label)
        .select_from(a)
        .join(sa, sa.c.article_id == a.c.id)
        .join(s, s.c.id == sa.c.story_id)
    )
    return [tuple(r) for r in store.conn.execute(query)]


def article_stories(store: Store) -> list[tuple[str, str, str | None]]:
    """(article id, source, story id or None) of every article."""
    a, sa = tables.articles, tables.story_articles
    query = select(a.c.id, a.c.source, sa.c.story_id).outerjoin(sa, sa.c.article_id == a.c.id)
    return [tuple(r) for r in store.conn.execute(query)]


def timeline_reports(store: Store) -> list[tuple[str, str, str, str]]:
    """(id, story id, date, reports as JSON) of every merged timeline event."""
    t = tables.timeline_events
    query = select(t.c.id, t.c.story_id, t.c.date, t.c.reports)
    return [tuple(r) for r in store.conn.execute(query)]


def dated_sentences(store: Store) -> list[tuple[int, str, int, int, str]]:
    """(id, article id, start, end, date) of every dated event sentence."""
    e = tables.events
    query = select(e.c.id, e.c.article_id, e.c.start, e.c.end, e.c.date)
    return [tuple(r) for r in store.conn.execute(query)]
