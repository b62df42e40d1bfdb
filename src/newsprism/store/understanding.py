"""Store access for the understanding stage and the corpus-wide entities.

Part of the store layer (with api.py, the only modules that touch the database; statements
are built with SQLAlchemy Core over store/tables.py): rows for one article are replaced as a
unit inside the batch's transaction, with the stage version recorded. The corpus listings
return the typed view records of newsprism.listings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Executable, Table, bindparam, delete, func, select, update

from newsprism.listings import (
    ClaimListing,
    DatedEvent,
    EntityListing,
    EntitySummary,
    QuoteListing,
    shown_speaker,
)
from newsprism.records import Entity, Mention, TextJob, Understanding
from newsprism.stages import Stage, stale
from newsprism.store import database, tables
from newsprism.store.api import Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_STAGE_TABLES: dict[str, tuple[Table, ...]] = {
    "parse": (tables.sentences, tables.mentions),
    "quotes": (tables.quotes,),
    "times": (tables.time_exprs,),
    "claims": (tables.claims,),
    "events": (tables.events,),
    "vectors": (),
}
"""The tables each per-article stage fills: replaced when it runs, kept when it does not
(vectors go to the cache, keyed by text, where a known key keeps its row)."""


def stale_jobs(
    store: Store,
    chain: Sequence[Stage],
    later: Mapping[str, frozenset[str]],
    languages: frozenset[str] | None = None,
) -> Iterator[TextJob]:
    """Articles with a per-article stage missing or of another version, each with the stages
    to run: those, and the stages that depend on them. With ``languages``, only articles in
    one of them (or of no identified language) are analysed: the others stay stored and
    searchable, outside everything the stages build."""
    conn = store.conn
    a, s = tables.articles, tables.article_stages
    recorded: dict[str, dict[str, str]] = {}
    names = [stage.name for stage in chain]
    for article_id, stage, version in conn.execute(
        select(s.c.article_id, s.c.stage, s.c.version).where(s.c.stage.in_(names))
    ):
        recorded.setdefault(article_id, {})[stage] = version
    ids = conn.execute(select(a.c.id, a.c.language).order_by(database.rowid(a))).all()
    text_of = select(a.c.original_text, a.c.clean_spans, a.c.published).where(
        a.c.id == bindparam("aid")
    )
    for article_id, language in ids:
        if languages is not None and language is not None and language not in languages:
            continue
        todo = stale(chain, recorded.get(article_id, {}), later)
        if not todo:
            continue
        row = conn.execute(text_of, {"aid": article_id}).mappings().one()
        yield TextJob(
            article_id,
            row["original_text"],
            tuple(tuple(s) for s in json.loads(row["clean_spans"])),
            date.fromisoformat(row["published"]) if row["published"] else None,
            todo,
            language,
        )


def write_understanding(
    store: Store, results: Sequence[Understanding], chain: Sequence[Stage], understood: str
) -> None:
    """Replace the rows of the stages that ran for each article in ``results``, in one
    transaction, recording each stage's version and, once all are current, ``understood``."""
    conn = store.conn
    tags = {s.name: s.tag for s in chain}
    a = tables.articles
    present = select(a.c.id).where(a.c.id == bindparam("aid"))
    clear = {
        t.name: delete(t).where(t.c.article_id == bindparam("aid"))
        for group in _STAGE_TABLES.values()
        for t in group
    }
    record = database.upsert(conn, tables.article_stages, ("article_id", "stage"))
    cache = database.insert_ignore(conn, tables.sentence_vectors)
    filled = {t.name: database.insert(conn, t) for group in _STAGE_TABLES.values() for t in group}
    with store.transaction():
        for r in results:
            if conn.execute(present, {"aid": r.article_id}).first() is None:
                continue  # the article changed while it was being analysed
            for name in r.ran:
                for table in _STAGE_TABLES[name]:
                    conn.execute(clear[table.name], {"aid": r.article_id})
            _insert_rows(conn, filled, r, tags)
            if r.vectors:
                conn.execute(
                    cache,
                    [{"text_hash": k, "model": r.vector_model, "vector": v} for k, v in r.vectors],
                )
            conn.execute(
                record,
                [
                    {"article_id": r.article_id, "stage": name, "version": version, "at": _now()}
                    for name, version in [*((n, tags[n]) for n in sorted(r.ran)),
                                          ("understand", understood)]
                ],
            )  # fmt: skip


def _insert_rows(
    conn: Connection, inserts: Mapping[str, Executable], r: Understanding, tags: Mapping[str, str]
) -> None:
    """Insert the records of the stages that ran (the others' fields are empty), each row
    with its own stage's version, with ``inserts`` (an INSERT by table name)."""
    parse, quotes, times, claims, events = (
        tags[n] for n in ("parse", "quotes", "times", "claims", "events")
    )
    rows: list[tuple[Table, list[dict[str, Any]]]] = [
        (
            tables.sentences,
            [
                {"article_id": s.article_id, "start": s.start, "end": s.end, "stage": parse}
                for s in r.sentences
            ],
        ),
        (
            tables.mentions,
            [
                {"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text,
                 "type": m.type, "refers_to": m.refers_to, "base": m.base, "stage": parse}
                for m in r.mentions
            ],
        ),
        (
            tables.quotes,
            [
                {
                    "article_id": q.article_id, "idx": i, "kind": q.kind,
                    "content_start": q.content[0], "content_end": q.content[1],
                    "cue_start": q.cue[0] if q.cue else None,
                    "cue_end": q.cue[1] if q.cue else None,
                    "cue_text": q.cue_text,
                    "speaker_start": q.speaker[0] if q.speaker else None,
                    "speaker_end": q.speaker[1] if q.speaker else None,
                    "speaker_text": q.speaker_text, "speaker_name": q.speaker_entity,
                    "nested_in": q.nested_in, "stage": quotes,
                }
                for i, q in enumerate(r.quotes)
            ],
        ),
        (
            tables.claims,
            [
                {"article_id": c.article_id, "start": c.start, "end": c.end,
                 "attributed_to": c.attributed_to, "hedges": json.dumps(c.hedges),
                 "kind": c.kind, "quote_idx": c.quote_index, "stage": claims}
                for c in r.claims
            ],
        ),
        (
            tables.time_exprs,
            [
                {"article_id": t.article_id, "start": t.start, "end": t.end, "text": t.text,
                 "value": t.value, "granularity": t.granularity,
                 "resolved_from": t.resolved_from, "stage": times}
                for t in r.times
            ],
        ),
        (
            tables.events,
            [
                {"article_id": e.article_id, "start": e.start, "end": e.end, "date": e.date,
                 "granularity": e.granularity, "stage": events, "dated_by": e.dated_by}
                for e in r.events
            ],
        ),
    ]  # fmt: skip
    for table, values in rows:
        if values:  # executemany needs at least one row
            conn.execute(inserts[table.name], values)


def all_mentions(store: Store) -> tuple[list[int], list[Mention]]:
    """Every mention in the store, with its row id, in a stable order."""
    m = tables.mentions
    rows = store.conn.execute(
        select(m.c.id, m.c.article_id, m.c.start, m.c.end, m.c.text, m.c.type, m.c.refers_to,
               m.c.base)
        .order_by(m.c.id)
    ).all()  # fmt: skip
    return [r.id for r in rows], [
        Mention(r.article_id, r.start, r.end, r.text, r.type, refers_to=r.refers_to, base=r.base)
        for r in rows
    ]


def replace_entities(
    store: Store,
    entities: Sequence[Entity],
    row_ids: Sequence[int],
    assignment: Sequence[str | None],
    stage: str,
) -> None:
    """Store the corpus's entities, point every mention at its entity, and resolve quote
    speakers and claim attributions to entities through the mentions of their article."""
    conn = store.conn
    m = tables.mentions
    with store.transaction():
        conn.execute(delete(tables.entities))
        if entities:
            conn.execute(
                database.insert(conn, tables.entities),
                [
                    {"id": e.id, "canonical_name": e.canonical_name, "type": e.type,
                     "aliases": json.dumps(e.aliases), "key": e.key, "mentions": e.mentions,
                     "stage": stage}
                    for e in entities
                ],
            )  # fmt: skip
        pointers = [
            {"entity": entity, "row": row} for entity, row in zip(assignment, row_ids, strict=True)
        ]
        if pointers:
            conn.execute(
                update(m).where(m.c.id == bindparam("row")).values(entity_id=bindparam("entity")),
                pointers,
            )
        _resolve_speakers(conn)


def _resolve_speakers(conn: Connection) -> None:
    """Quote speaker -> entity: the mention under the speaker span, else the article's mention
    (or entity name) matching the speaker's resolved name. Claims follow their quotes."""
    e, m, q, c = tables.entities, tables.mentions, tables.quotes, tables.claims
    names = {
        name.lower(): entity_id
        for entity_id, name in conn.execute(select(e.c.id, e.c.canonical_name.label("name")))
    }
    by_name = (
        select(m.c.entity_id)
        .where(
            m.c.article_id == bindparam("aid"),
            func.lower(m.c.text) == func.lower(bindparam("name")),
            m.c.entity_id.is_not(None),
        )
        .limit(1)
    )
    in_span = (
        select(m.c.entity_id)
        .where(
            m.c.article_id == bindparam("aid"),
            m.c.start < bindparam("span_end"),
            m.c.end > bindparam("span_start"),
            m.c.entity_id.is_not(None),
        )
        .order_by(m.c.start)
        .limit(1)
    )
    speakers = []
    for quote in conn.execute(
        select(
            q.c.id, q.c.article_id, q.c.speaker_start, q.c.speaker_end, q.c.speaker_name,
            q.c.speaker_text,
        )
    ).all():  # fmt: skip
        entity = None
        name = quote.speaker_name
        if name:  # the quote stage already resolved pronouns, titles and surnames to a name
            row = conn.execute(by_name, {"aid": quote.article_id, "name": name}).first()
            entity = row[0] if row else names.get(name.lower())
        if entity is None and quote.speaker_start is not None:
            # else the first name inside the speaker span: its head, not a name in a clause
            # hanging off it ("Lavrov, who was meeting with ... Makey")
            row = conn.execute(
                in_span,
                {
                    "aid": quote.article_id,
                    "span_end": quote.speaker_end,
                    "span_start": quote.speaker_start,
                },
            ).first()
            entity = row[0] if row else None
        speakers.append({"entity": entity, "quote": quote.id})
    if speakers:  # nothing above reads quotes' entities, so they can be written together
        conn.execute(
            update(q)
            .where(q.c.id == bindparam("quote"))
            .values(speaker_entity_id=bindparam("entity")),
            speakers,
        )
    qa = tables.quotes.alias("q")
    conn.execute(
        update(c).values(
            attributed_entity_id=select(qa.c.speaker_entity_id)
            .where(qa.c.article_id == c.c.article_id, qa.c.idx == c.c.quote_idx)
            .scalar_subquery()
        )
    )


def _by_mentions(e: Table) -> tuple[Any, ...]:
    """Entities most mentioned first, ties by name, then in storage order (the order of the
    entities_by_mentions index, so SQLite sorts nothing)."""
    return e.c.mentions.desc(), e.c.canonical_name, database.rowid(e)


def list_entities(store: Store, limit: int | None = None) -> list[EntityListing]:
    """Entities by mention count, with their aliases and mentions per article."""
    conn = store.conn
    e, m = tables.entities, tables.mentions
    rows = conn.execute(
        select(e.c.id, e.c.canonical_name, e.c.type, e.c.aliases, e.c.mentions)
        .order_by(*_by_mentions(e))
        .limit(limit or None)  # None or 0: every entity
    ).mappings().all()  # fmt: skip
    # mentions per (entity, article) straight from the mentions_entity_article index: of all
    # entities in one scan, of a few by their ids
    counts = (
        select(m.c.entity_id, m.c.article_id, func.count().label("n"))
        .group_by(m.c.entity_id, m.c.article_id)
        .order_by(m.c.entity_id, m.c.article_id)
    )
    if limit:
        ids = [r["id"] for r in rows]
        chunks = [
            counts.where(m.c.entity_id.in_(ids[i : i + 500])) for i in range(0, len(ids), 500)
        ]
    else:
        chunks = [counts.where(m.c.entity_id.is_not(None))]
    per_article: dict[str, dict[str, int]] = {}
    for statement in chunks:
        for entity_id, article_id, n in conn.execute(statement):
            per_article.setdefault(entity_id, {})[article_id] = n
    return [
        EntityListing(
            id=r["id"],
            name=r["canonical_name"],
            type=r["type"],
            aliases=tuple(json.loads(r["aliases"])),
            mentions=r["mentions"],
            articles=per_article.get(r["id"], {}),
        )
        for r in rows
    ]


def entity_lines(store: Store, limit: int | None = None) -> tuple[int, list[EntitySummary]]:
    """(how many entities there are, the ``limit`` most mentioned (None or 0: all) with the
    number of articles naming each): what the ``entities`` table prints, in
    ``list_entities``'s order, without reading each one's mentions per article."""
    e, m = tables.entities, tables.mentions
    total = store.conn.execute(select(func.count()).select_from(e)).scalar_one()
    articles = (
        select(func.count(m.c.article_id.distinct()))
        .where(m.c.entity_id == e.c.id)
        .correlate(e)
        .scalar_subquery()
    )
    rows = store.conn.execute(
        select(e.c.id, e.c.canonical_name, e.c.type, e.c.aliases, e.c.mentions, articles)
        .order_by(*_by_mentions(e))
        .limit(limit or None)
    ).all()  # fmt: skip
    return int(total), [
        EntitySummary(entity_id, name, kind, tuple(json.loads(aliases)), mentions, n)
        for entity_id, name, kind, aliases, mentions, n in rows
    ]


def list_quotes(store: Store, speaker: str | None = None) -> list[QuoteListing]:
    """Quotes with their speaker (resolved entity where known) and text, in article order.

    ``speaker`` matches the entity's canonical name or any alias, case-insensitively.
    """
    q, a, e = tables.quotes.alias("q"), tables.articles.alias("a"), tables.entities.alias("e")
    rows = store.conn.execute(
        select(
            q, a.c.original_text, a.c.outlet, a.c.title,
            e.c.canonical_name.label("entity_name"), e.c.aliases.label("entity_aliases"),
        )
        .select_from(
            q.join(a, a.c.id == q.c.article_id).outerjoin(e, e.c.id == q.c.speaker_entity_id)
        )
        .order_by(database.rowid(a), q.c.idx)
    ).mappings().all()  # fmt: skip
    wanted = speaker.lower() if speaker else None
    found = []
    for r in rows:
        names = [r["entity_name"], r["speaker_name"], r["speaker_text"]]
        names += json.loads(r["entity_aliases"]) if r["entity_aliases"] else []
        if wanted and not any(n and wanted in n.lower() for n in names):
            continue
        text = r["original_text"]
        found.append(
            QuoteListing(
                article_id=r["article_id"],
                outlet=r["outlet"],
                kind=r["kind"],
                speaker=shown_speaker(r["entity_name"], r["speaker_name"], r["speaker_text"]),
                speaker_entity_id=r["speaker_entity_id"],
                speaker_text=r["speaker_text"],
                cue=r["cue_text"],
                content=text[r["content_start"] : r["content_end"]],
                span=(r["content_start"], r["content_end"]),
                nested_in=r["nested_in"],
            )
        )
    return found


def list_claims(store: Store) -> list[ClaimListing]:
    c, a, e = tables.claims.alias("c"), tables.articles.alias("a"), tables.entities.alias("e")
    rows = store.conn.execute(
        select(
            c.c.article_id, c.c.start, c.c.end, c.c.attributed_to, c.c.hedges, c.c.kind,
            a.c.original_text, a.c.outlet, e.c.canonical_name.label("entity_name"),
        )
        .select_from(
            c.join(a, a.c.id == c.c.article_id)
            .outerjoin(e, e.c.id == c.c.attributed_entity_id)
        )
        .order_by(database.rowid(a), c.c.start)
    ).mappings().all()  # fmt: skip
    return [
        ClaimListing(
            article_id=r["article_id"],
            outlet=r["outlet"],
            voice="attributed" if r["attributed_to"] else "author",
            attributed_to=r["entity_name"] or r["attributed_to"],
            kind=r["kind"],
            hedges=tuple(json.loads(r["hedges"])),
            text=" ".join(r["original_text"][r["start"] : r["end"]].split()),
            span=(r["start"], r["end"]),
        )
        for r in rows
    ]


def timeline(store: Store) -> list[DatedEvent]:
    """Dated events in date order, each with its sentence and the entities taking part."""
    conn = store.conn
    ev, a = tables.events.alias("ev"), tables.articles.alias("a")
    m, e = tables.mentions.alias("m"), tables.entities.alias("e")
    rows = conn.execute(
        select(
            ev.c.article_id, ev.c.start, ev.c.end, ev.c.date, ev.c.granularity,
            a.c.original_text, a.c.outlet, a.c.published,
        )
        .select_from(ev.join(a, a.c.id == ev.c.article_id))
        .order_by(ev.c.date, database.rowid(a), ev.c.start)
    ).mappings().all()  # fmt: skip
    # each name once, at its first mention (DISTINCT ... ORDER BY m.start is SQLite-only)
    taking_part = (
        select(e.c.canonical_name)
        .select_from(m.join(e, e.c.id == m.c.entity_id))
        .where(
            m.c.article_id == bindparam("aid"),
            m.c.start >= bindparam("ev_start"),
            m.c.end <= bindparam("ev_end"),
            e.c.type.in_(("PERSON", "ORG", "GPE", "LOC", "FAC")),
        )
        .group_by(e.c.canonical_name)
        .order_by(func.min(m.c.start))
    )
    result = []
    for r in rows:
        people = conn.execute(
            taking_part, {"aid": r["article_id"], "ev_start": r["start"], "ev_end": r["end"]}
        ).scalars().all()  # fmt: skip
        result.append(
            DatedEvent(
                date=r["date"],
                granularity=r["granularity"],
                article_id=r["article_id"],
                outlet=r["outlet"],
                published=r["published"],
                participants=tuple(people),
                text=" ".join(r["original_text"][r["start"] : r["end"]].split()),
            )
        )
    return result
