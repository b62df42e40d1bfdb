"""Read-only queries for the report and the web app (pages, pagination, article spans).

Part of the store layer (the only modules that query the database); nothing here writes.
Reads return the typed view records of newsprism.listings.
``make_readonly`` turns a connection read-only, so a served store cannot be changed through it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    RowMapping,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
)

from newsprism.listings import (
    ArticleSpans,
    ArticleSummary,
    ClaimSpan,
    EntityArticle,
    EntityDetail,
    EntityQuote,
    EntitySummary,
    MentionSpan,
    QuoteSpan,
    TimeSpan,
    shown_speaker,
)
from newsprism.store import database, tables
from newsprism.store.api import Store

_CHUNK = 500
"""Ids per ``IN`` list."""

_SUMMARY = (
    "id", "title", "outlet", "author", "published", "url", "source", "format",
    "original_outlet", "original_url", "canonical_id", "copy_kind", "similarity",
)  # fmt: skip
"""The article columns of a summary row, in order."""


def make_readonly(store: Store) -> Store:
    """Refuse every write on ``store``'s connection from now on.

    A SQLite store opened ``readonly`` cannot write already (``mode=ro``); ``query_only``
    writes nothing and guards a read-write connection too. PostgreSQL needs it: its
    ``readonly`` open still migrates.
    """
    database.make_readonly(store.conn)
    return store


def _all(conn: Connection, statement: Select[Any]) -> Sequence[RowMapping]:
    return conn.execute(statement).mappings().all()


def _page(statement: Select[Any], limit: int | None, offset: int) -> Select[Any]:
    """One page of ``statement``'s rows; no LIMIT/OFFSET at all for "everything".

    Bound as 64-bit integers: PostgreSQL would cast a plain int to a 32-bit one, and the web
    app accepts offsets beyond that.
    """
    if limit is not None:
        statement = statement.limit(literal(limit, BigInteger))
    if offset:
        statement = statement.offset(literal(offset, BigInteger))
    return statement


def article_summaries(
    store: Store, offset: int = 0, limit: int | None = None, include_copies: bool = True
) -> tuple[int, list[ArticleSummary]]:
    """(total, one page of article summaries) in storage order."""
    a = tables.articles
    counted = select(func.count()).select_from(a)
    listed = select(*a.c[_SUMMARY])
    if not include_copies:
        counted = counted.where(a.c.canonical_id.is_(None))
        listed = listed.where(a.c.canonical_id.is_(None))
    total = store.conn.execute(counted).scalar_one()
    rows = _all(store.conn, _page(listed.order_by(database.rowid(a)), limit, offset))
    return int(total), [ArticleSummary(**r) for r in rows]


def article_spans(store: Store, article_id: str) -> ArticleSpans:
    """The understanding rows of one article, as spans into its original text."""
    conn = store.conn
    e, m, q, c = tables.entities, tables.mentions, tables.quotes, tables.claims
    t = tables.time_exprs
    entity_name = e.c.canonical_name.label("entity_name")
    mentions = _all(
        conn,
        select(*m.c["start", "end", "text", "type", "entity_id"], entity_name)
        .select_from(m)
        .outerjoin(e, e.c.id == m.c.entity_id)
        .where(m.c.article_id == article_id)
        .order_by(m.c.start),
    )
    quote_columns = (
        "idx", "kind", "content_start", "content_end", "cue_text", "speaker_text",
        "speaker_name", "speaker_entity_id",
    )  # fmt: skip
    quotes = _all(
        conn,
        select(*q.c[quote_columns], entity_name)
        .select_from(q)
        .outerjoin(e, e.c.id == q.c.speaker_entity_id)
        .where(q.c.article_id == article_id)
        .order_by(q.c.content_start),
    )
    claim_columns = ("start", "end", "attributed_to", "hedges", "kind", "attributed_entity_id")
    claims = _all(
        conn,
        select(*c.c[claim_columns], entity_name)
        .select_from(c)
        .outerjoin(e, e.c.id == c.c.attributed_entity_id)
        .where(c.c.article_id == article_id)
        .order_by(c.c.start),
    )
    times = _all(
        conn,
        select(*t.c["start", "end", "text", "value", "granularity", "resolved_from"])
        .where(t.c.article_id == article_id)
        .order_by(t.c.start),
    )
    return ArticleSpans(
        mentions=tuple(MentionSpan(**r) for r in mentions),
        quotes=tuple(
            QuoteSpan(
                **r, speaker=shown_speaker(r["entity_name"], r["speaker_name"], r["speaker_text"])
            )
            for r in quotes
        ),
        claims=tuple(ClaimSpan(**{**r, "hedges": tuple(json.loads(r["hedges"]))}) for r in claims),
        times=tuple(TimeSpan(**r) for r in times),
    )


def entity_summaries(
    store: Store, offset: int = 0, limit: int | None = None
) -> tuple[int, list[EntitySummary]]:
    """(total, one page of entities by mention count) with the number of articles of each."""
    e, m = tables.entities, tables.mentions
    total = store.conn.execute(select(func.count()).select_from(e)).scalar_one()
    articles = (
        select(func.count(m.c.article_id.distinct()))
        .where(m.c.entity_id == e.c.id)
        .correlate(e)
        .scalar_subquery()
    )
    statement = select(
        e.c.id,
        e.c.canonical_name.label("name"),
        *e.c["type", "aliases", "mentions"],
        articles.label("articles"),
    ).order_by(e.c.mentions.desc(), e.c.canonical_name, e.c.id)
    rows = _all(store.conn, _page(statement, limit, offset))
    return int(total), [
        EntitySummary(**{**r, "aliases": tuple(json.loads(r["aliases"]))}) for r in rows
    ]


def _texts(conn: Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> original text, for the given ids."""
    a = tables.articles
    wanted = sorted(set(article_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        statement = select(a.c.id, a.c.original_text).where(a.c.id.in_(chunk))
        found.update((r["id"], r["original_text"]) for r in _all(conn, statement))
    return found


def _quotes(rows: Sequence[RowMapping], texts: dict[str, str]) -> tuple[EntityQuote, ...]:
    """Quote rows with the quoted text (``content``, cut from the article's text in Python)."""
    said = ("entity_name", "speaker_name", "speaker_text")
    return tuple(
        EntityQuote(
            **{k: v for k, v in r.items() if k not in said},
            speaker=shown_speaker(*(r[k] for k in said)),
            content=texts[r["article_id"]][r["content_start"] : r["content_end"]],
        )
        for r in rows
    )


def entity_detail(store: Store, entity_id: str) -> EntityDetail | None:
    """One entity with its mentions per article and outlet, and the quotes by and about it."""
    conn = store.conn
    e, m, a, q = tables.entities, tables.mentions, tables.articles, tables.quotes
    entity = select(e.c.id, e.c.canonical_name.label("name"), *e.c["type", "aliases", "mentions"])
    row = conn.execute(entity.where(e.c.id == entity_id)).mappings().first()
    if row is None:
        return None
    articles = _all(
        conn,
        select(*a.c["id", "title", "outlet", "published"], func.count().label("mentions"))
        .select_from(m)
        .join(a, a.c.id == m.c.article_id)
        .where(m.c.entity_id == entity_id)
        .group_by(a.c.id)
        .order_by(database.rowid(a)),
    )
    quoted = (
        select(
            q.c.article_id,
            *a.c["outlet", "title"],
            *q.c["kind", "cue_text", "content_start", "content_end", "speaker_entity_id"],
            e.c.canonical_name.label("entity_name"),
            *q.c["speaker_name", "speaker_text"],
        )
        .select_from(q)
        .join(a, a.c.id == q.c.article_id)
        .outerjoin(e, e.c.id == q.c.speaker_entity_id)
    )
    by = _all(
        conn,
        quoted.where(q.c.speaker_entity_id == entity_id).order_by(database.rowid(a), q.c.idx),
    )
    mentioned = exists().where(
        m.c.article_id == q.c.article_id,
        m.c.entity_id == entity_id,
        m.c.start >= q.c.content_start,
        m.c.end <= q.c.content_end,
    )
    other_speaker = or_(q.c.speaker_entity_id.is_(None), q.c.speaker_entity_id != entity_id)
    about = _all(
        conn,
        quoted.where(and_(other_speaker, mentioned)).order_by(database.rowid(a), q.c.idx),
    )
    texts = _texts(conn, [r["article_id"] for r in (*by, *about)])
    forms: dict[str, set[str]] = {}
    for f in _all(conn, select(m.c.article_id, m.c.text).where(m.c.entity_id == entity_id)):
        forms.setdefault(f["article_id"], set()).add(f["text"])
    per_outlet: dict[str, int] = {}
    for r in articles:
        key = r["outlet"] or "(unknown outlet)"
        per_outlet[key] = per_outlet.get(key, 0) + r["mentions"]
    return EntityDetail(
        **{**row, "aliases": tuple(json.loads(row["aliases"]))},
        articles=tuple(
            EntityArticle(**r, forms=tuple(sorted(forms.get(r["id"], ())))) for r in articles
        ),
        per_outlet=per_outlet,
        quotes_by=_quotes(by, texts),
        quotes_about=_quotes(about, texts),
    )
