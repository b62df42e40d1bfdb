"""Read-only queries for the report and the web app (pages, pagination, article spans).

Part of the store layer (the only modules with SQL); nothing here writes. ``make_readonly``
turns a connection read-only, so a served store cannot be changed through it.
"""

from __future__ import annotations

import json
from typing import Any

from newsprism.store.api import Store

_SUMMARY = (
    "SELECT id, title, outlet, author, published, url, source, format, original_outlet,"
    " original_url, canonical_id, copy_kind, similarity FROM articles"
)


def make_readonly(store: Store) -> Store:
    """Refuse every write on ``store``'s connection from now on.

    A SQLite store opened ``readonly`` cannot write already (``mode=ro``); ``query_only``
    writes nothing and guards a read-write connection too. PostgreSQL needs it: its
    ``readonly`` open still migrates.
    """
    if getattr(store, "dialect", "sqlite") == "postgresql":
        store.db.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    else:
        store.db.execute("PRAGMA query_only=ON")
    return store


def _page(limit: int | None, offset: int) -> tuple[str, tuple[int, ...]]:
    """A LIMIT/OFFSET clause and its parameters; no clause at all for "everything"."""
    if limit is None and not offset:
        return "", ()
    # a huge limit rather than -1: PostgreSQL refuses negative limits
    return " LIMIT ? OFFSET ?", (2**62 if limit is None else limit, offset)


def article_summaries(
    store: Store, offset: int = 0, limit: int | None = None, include_copies: bool = True
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of article metadata rows) in storage order."""
    where = "" if include_copies else " WHERE canonical_id IS NULL"
    total = store.db.execute(f"SELECT COUNT(*) FROM articles{where}").fetchone()[0]
    clause, params = _page(limit, offset)
    rows = store.db.execute(f"{_SUMMARY}{where} ORDER BY rowid{clause}", params).fetchall()
    return int(total), [dict(r) for r in rows]


def outlet_of(store: Store) -> dict[str, str | None]:
    """Article id -> outlet, for every stored article."""
    return {r["id"]: r["outlet"] for r in store.db.execute("SELECT id, outlet FROM articles")}


def article_spans(store: Store, article_id: str) -> dict[str, list[dict[str, Any]]]:
    """The understanding rows of one article, as spans into its original text."""
    db = store.db
    mentions = db.execute(
        'SELECT m.start, m."end", m.text, m.type, m.entity_id, e.canonical_name AS entity_name'
        " FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
        " WHERE m.article_id=? ORDER BY m.start",
        (article_id,),
    ).fetchall()
    quotes = db.execute(
        "SELECT q.idx, q.kind, q.content_start, q.content_end, q.cue_text, q.speaker_text,"
        " q.speaker_name, q.speaker_entity_id, e.canonical_name AS entity_name"
        " FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id"
        " WHERE q.article_id=? ORDER BY q.content_start",
        (article_id,),
    ).fetchall()
    claims = db.execute(
        'SELECT c.start, c."end", c.attributed_to, c.hedges, c.kind,'
        " c.attributed_entity_id, e.canonical_name AS entity_name FROM claims c"
        " LEFT JOIN entities e ON e.id = c.attributed_entity_id"
        " WHERE c.article_id=? ORDER BY c.start",
        (article_id,),
    ).fetchall()
    times = db.execute(
        'SELECT start, "end", text, value, granularity, resolved_from FROM time_exprs'
        " WHERE article_id=? ORDER BY start",
        (article_id,),
    ).fetchall()
    return {
        "mentions": [dict(r) for r in mentions],
        "quotes": [
            {
                **dict(r),
                "speaker": r["entity_name"] or r["speaker_name"] or r["speaker_text"],
            }
            for r in quotes
        ],
        "claims": [{**dict(r), "hedges": json.loads(r["hedges"])} for r in claims],
        "times": [dict(r) for r in times],
    }


def entity_summaries(
    store: Store, offset: int = 0, limit: int | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of entities by mention count) with the number of articles of each."""
    total = store.db.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    clause, params = _page(limit, offset)
    rows = store.db.execute(
        "SELECT e.id, e.canonical_name AS name, e.type, e.aliases, e.mentions,"
        " (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id)"
        " AS articles FROM entities e ORDER BY e.mentions DESC, e.canonical_name, e.id" + clause,
        params,
    ).fetchall()
    return int(total), [{**dict(r), "aliases": json.loads(r["aliases"])} for r in rows]


def entity_detail(store: Store, entity_id: str) -> dict[str, Any] | None:
    """One entity with its mentions per article and outlet, and the quotes by and about it."""
    db = store.db
    row = db.execute(
        "SELECT id, canonical_name AS name, type, aliases, mentions FROM entities WHERE id=?",
        (entity_id,),
    ).fetchone()
    if row is None:
        return None
    articles = db.execute(
        "SELECT a.id, a.title, a.outlet, a.published, COUNT(*) AS mentions FROM mentions m"
        " JOIN articles a ON a.id = m.article_id WHERE m.entity_id=?"
        " GROUP BY a.id ORDER BY a.rowid",
        (entity_id,),
    ).fetchall()
    quote_sql = (
        "SELECT q.article_id, a.outlet, a.title, q.kind, q.cue_text,"
        " substr(a.original_text, q.content_start + 1, q.content_end - q.content_start)"
        " AS content, q.content_start, q.content_end, q.speaker_entity_id,"
        " COALESCE(e.canonical_name, q.speaker_name, q.speaker_text) AS speaker"
        " FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN entities e ON e.id = q.speaker_entity_id"
    )
    by = db.execute(
        f"{quote_sql} WHERE q.speaker_entity_id=? ORDER BY a.rowid, q.idx", (entity_id,)
    ).fetchall()
    about = db.execute(
        f"{quote_sql} WHERE (q.speaker_entity_id IS NULL OR q.speaker_entity_id<>?)"
        " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id"
        ' AND m.entity_id=? AND m.start>=q.content_start AND m."end"<=q.content_end)'
        " ORDER BY a.rowid, q.idx",
        (entity_id, entity_id),
    ).fetchall()
    forms: dict[str, set[str]] = {}
    for m in db.execute("SELECT article_id, text FROM mentions WHERE entity_id=?", (entity_id,)):
        forms.setdefault(m["article_id"], set()).add(m["text"])
    per_outlet: dict[str, int] = {}
    for a in articles:
        key = a["outlet"] or "(unknown outlet)"
        per_outlet[key] = per_outlet.get(key, 0) + a["mentions"]
    return {
        **dict(row),
        "aliases": json.loads(row["aliases"]),
        "articles": [{**dict(a), "forms": sorted(forms.get(a["id"], ()))} for a in articles],
        "per_outlet": per_outlet,
        "quotes_by": [dict(q) for q in by],
        "quotes_about": [dict(q) for q in about],
    }
