"""Store access for the understanding stage and the corpus-wide entities.

Part of the store layer (with api.py, the only modules that write SQL): rows for one article
are replaced as a unit inside the batch's transaction, with the stage version recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from newsprism.nlp.understand import TextJob, Understanding
from newsprism.records import Entity, Mention
from newsprism.stages import Stage, stale
from newsprism.store.api import Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_STAGE_TABLES = {
    "parse": ("sentences", "mentions"),
    "quotes": ("quotes",),
    "times": ("time_exprs",),
    "claims": ("claims",),
    "events": ("events",),
}
"""The tables each per-article stage fills: replaced when it runs, kept when it does not."""


def stale_jobs(
    store: Store, chain: Sequence[Stage], later: Mapping[str, frozenset[str]]
) -> Iterator[TextJob]:
    """Articles with a per-article stage missing or of another version, each with the stages
    to run: those, and the stages that depend on them."""
    recorded: dict[str, dict[str, str]] = {}
    names = [s.name for s in chain]
    marks = ",".join("?" * len(names))
    for row in store.db.execute(
        f"SELECT article_id, stage, version FROM article_stages WHERE stage IN ({marks})", names
    ):
        recorded.setdefault(row["article_id"], {})[row["stage"]] = row["version"]
    ids = [r["id"] for r in store.db.execute("SELECT id FROM articles ORDER BY rowid")]
    for article_id in ids:
        todo = stale(chain, recorded.get(article_id, {}), later)
        if not todo:
            continue
        row = store.db.execute(
            "SELECT original_text, clean_spans, published FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        yield TextJob(
            article_id,
            row["original_text"],
            tuple(tuple(s) for s in json.loads(row["clean_spans"])),
            date.fromisoformat(row["published"]) if row["published"] else None,
            todo,
        )


def write_understanding(
    store: Store, results: Sequence[Understanding], chain: Sequence[Stage], understood: str
) -> None:
    """Replace the rows of the stages that ran for each article in ``results``, in one
    transaction, recording each stage's version and, once all are current, ``understood``."""
    db = store.db
    tags = {s.name: s.tag for s in chain}
    with store.transaction():
        for r in results:
            if not db.execute("SELECT 1 FROM articles WHERE id=?", (r.article_id,)).fetchone():
                continue  # the article changed while it was being analysed
            for name in r.ran:
                for table in _STAGE_TABLES[name]:
                    db.execute(f"DELETE FROM {table} WHERE article_id=?", (r.article_id,))
            _insert_rows(db, r, tags)
            for name, version in [*((n, tags[n]) for n in sorted(r.ran)),
                                  ("understand", understood)]:  # fmt: skip
                db.execute(
                    "INSERT INTO article_stages(article_id, stage, version, at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT(article_id, stage)"
                    " DO UPDATE SET version=excluded.version, at=excluded.at",
                    (r.article_id, name, version, _now()),
                )


def _insert_rows(db: Any, r: Understanding, tags: Mapping[str, str]) -> None:
    """Insert the records of the stages that ran (the others' fields are empty), each row
    with its own stage's version."""
    parse, quotes, times, claims, events = (
        tags[n] for n in ("parse", "quotes", "times", "claims", "events")
    )
    db.executemany(
        'INSERT INTO sentences(article_id, start, "end", stage) VALUES (?,?,?,?)',
        [(s.article_id, s.start, s.end, parse) for s in r.sentences],
    )
    db.executemany(
        'INSERT INTO mentions(article_id, start, "end", text, type, refers_to, stage)'
        " VALUES (?,?,?,?,?,?,?)",
        [(m.article_id, m.start, m.end, m.text, m.type, m.refers_to, parse) for m in r.mentions],
    )
    db.executemany(
        "INSERT INTO quotes(article_id, idx, kind, content_start, content_end, cue_start,"
        " cue_end, cue_text, speaker_start, speaker_end, speaker_text, speaker_name,"
        " nested_in, stage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                q.article_id, i, q.kind, q.content[0], q.content[1],
                q.cue[0] if q.cue else None, q.cue[1] if q.cue else None, q.cue_text,
                q.speaker[0] if q.speaker else None, q.speaker[1] if q.speaker else None,
                q.speaker_text, q.speaker_entity, q.nested_in, quotes,
            )
            for i, q in enumerate(r.quotes)
        ],
    )  # fmt: skip
    db.executemany(
        'INSERT INTO claims(article_id, start, "end", attributed_to, hedges, kind,'
        " quote_idx, stage) VALUES (?,?,?,?,?,?,?,?)",
        [
            (c.article_id, c.start, c.end, c.attributed_to, json.dumps(c.hedges), c.kind,
             c.quote_index, claims)
            for c in r.claims
        ],
    )  # fmt: skip
    db.executemany(
        'INSERT INTO time_exprs(article_id, start, "end", text, value, granularity,'
        " resolved_from, stage) VALUES (?,?,?,?,?,?,?,?)",
        [
            (t.article_id, t.start, t.end, t.text, t.value, t.granularity, t.resolved_from, times)
            for t in r.times
        ],
    )
    db.executemany(
        'INSERT INTO events(article_id, start, "end", date, granularity, stage)'
        " VALUES (?,?,?,?,?,?)",
        [(e.article_id, e.start, e.end, e.date, e.granularity, events) for e in r.events],
    )


def all_mentions(store: Store) -> tuple[list[int], list[Mention]]:
    """Every mention in the store, with its row id, in a stable order."""
    rows = store.db.execute(
        'SELECT id, article_id, start, "end", text, type, refers_to FROM mentions ORDER BY id'
    ).fetchall()
    return [r["id"] for r in rows], [
        Mention(
            r["article_id"], r["start"], r["end"], r["text"], r["type"], refers_to=r["refers_to"]
        )
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
    db = store.db
    with store.transaction():
        db.execute("DELETE FROM entities")
        db.executemany(
            "INSERT INTO entities(id, canonical_name, type, aliases, key, mentions, stage)"
            " VALUES (?,?,?,?,?,?,?)",
            [
                (e.id, e.canonical_name, e.type, json.dumps(e.aliases), e.key, e.mentions, stage)
                for e in entities
            ],
        )
        db.executemany(
            "UPDATE mentions SET entity_id=? WHERE id=?",
            list(zip(assignment, row_ids, strict=True)),
        )
        _resolve_speakers(db)


def _resolve_speakers(db: Any) -> None:
    """Quote speaker -> entity: the mention under the speaker span, else the article's mention
    (or entity name) matching the speaker's resolved name. Claims follow their quotes."""
    names = {
        r["name"].lower(): r["id"]
        for r in db.execute("SELECT id, canonical_name AS name FROM entities")
    }
    for q in db.execute(
        "SELECT id, article_id, speaker_start, speaker_end, speaker_name, speaker_text FROM quotes"
    ).fetchall():
        entity = None
        name = q["speaker_name"]
        if name:  # the quote stage already resolved pronouns, titles and surnames to a name
            row = db.execute(
                "SELECT entity_id FROM mentions WHERE article_id=? AND lower(text)=lower(?)"
                " AND entity_id IS NOT NULL LIMIT 1",
                (q["article_id"], name),
            ).fetchone()
            entity = row["entity_id"] if row else names.get(name.lower())
        if entity is None and q["speaker_start"] is not None:
            # else the first name inside the speaker span: its head, not a name in a clause
            # hanging off it ("Lavrov, who was meeting with ... Makey")
            row = db.execute(
                'SELECT entity_id FROM mentions WHERE article_id=? AND start<? AND "end">?'
                " AND entity_id IS NOT NULL ORDER BY start LIMIT 1",
                (q["article_id"], q["speaker_end"], q["speaker_start"]),
            ).fetchone()
            entity = row["entity_id"] if row else None
        db.execute("UPDATE quotes SET speaker_entity_id=? WHERE id=?", (entity, q["id"]))
    db.execute(
        "UPDATE claims SET attributed_entity_id=(SELECT q.speaker_entity_id FROM quotes q"
        " WHERE q.article_id=claims.article_id AND q.idx=claims.quote_idx)"
    )


def list_entities(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Entities by mention count, with their aliases and mentions per article."""
    rows = store.db.execute(
        "SELECT id, canonical_name, type, aliases, mentions FROM entities"
        " ORDER BY mentions DESC, canonical_name LIMIT ?",
        (limit or -1,),
    ).fetchall()
    per_article: dict[str, dict[str, int]] = {}
    for r in store.db.execute(
        "SELECT entity_id, article_id, COUNT(*) AS n FROM mentions"
        " WHERE entity_id IS NOT NULL GROUP BY entity_id, article_id"
        " ORDER BY entity_id, article_id"  # the order SQLite happens to give; PostgreSQL needs it
    ):
        per_article.setdefault(r["entity_id"], {})[r["article_id"]] = r["n"]
    return [
        {
            "id": r["id"],
            "name": r["canonical_name"],
            "type": r["type"],
            "aliases": json.loads(r["aliases"]),
            "mentions": r["mentions"],
            "articles": per_article.get(r["id"], {}),
        }
        for r in rows
    ]


def list_quotes(store: Store, speaker: str | None = None) -> list[dict[str, Any]]:
    """Quotes with their speaker (resolved entity where known) and text, in article order.

    ``speaker`` matches the entity's canonical name or any alias, case-insensitively.
    """
    rows = store.db.execute(
        "SELECT q.*, a.original_text, a.outlet, a.title, e.canonical_name AS entity_name,"
        " e.aliases AS entity_aliases FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN entities e ON e.id = q.speaker_entity_id ORDER BY a.rowid, q.idx"
    ).fetchall()
    wanted = speaker.lower() if speaker else None
    found = []
    for r in rows:
        names = [r["entity_name"], r["speaker_name"], r["speaker_text"]]
        names += json.loads(r["entity_aliases"]) if r["entity_aliases"] else []
        if wanted and not any(n and wanted in n.lower() for n in names):
            continue
        text = r["original_text"]
        found.append(
            {
                "article_id": r["article_id"],
                "outlet": r["outlet"],
                "kind": r["kind"],
                "speaker": r["entity_name"] or r["speaker_name"] or r["speaker_text"],
                "speaker_entity_id": r["speaker_entity_id"],
                "speaker_text": r["speaker_text"],
                "cue": r["cue_text"],
                "content": text[r["content_start"] : r["content_end"]],
                "span": [r["content_start"], r["content_end"]],
                "nested_in": r["nested_in"],
            }
        )
    return found


def list_claims(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        'SELECT c.article_id, c.start, c."end", c.attributed_to, c.hedges, c.kind,'
        " a.original_text, a.outlet, e.canonical_name AS entity_name"
        " FROM claims c JOIN articles a ON a.id = c.article_id"
        " LEFT JOIN entities e ON e.id = c.attributed_entity_id ORDER BY a.rowid, c.start"
    ).fetchall()
    return [
        {
            "article_id": r["article_id"],
            "outlet": r["outlet"],
            "voice": "attributed" if r["attributed_to"] else "author",
            "attributed_to": r["entity_name"] or r["attributed_to"],
            "kind": r["kind"],
            "hedges": json.loads(r["hedges"]),
            "text": " ".join(r["original_text"][r["start"] : r["end"]].split()),
            "span": [r["start"], r["end"]],
        }
        for r in rows
    ]


def timeline(store: Store) -> list[dict[str, Any]]:
    """Dated events in date order, each with its sentence and the entities taking part."""
    rows = store.db.execute(
        'SELECT ev.article_id, ev.start, ev."end", ev.date, ev.granularity, a.original_text,'
        " a.outlet, a.published FROM events ev JOIN articles a ON a.id = ev.article_id"
        " ORDER BY ev.date, a.rowid, ev.start"
    ).fetchall()
    result = []
    for r in rows:
        people = store.db.execute(
            # each name once, at its first mention (DISTINCT ... ORDER BY m.start is SQLite-only)
            "SELECT e.canonical_name FROM mentions m JOIN entities e ON e.id = m.entity_id"
            ' WHERE m.article_id=? AND m.start>=? AND m."end"<=?'
            " AND e.type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC')"
            " GROUP BY e.canonical_name ORDER BY MIN(m.start)",
            (r["article_id"], r["start"], r["end"]),
        ).fetchall()
        result.append(
            {
                "date": r["date"],
                "granularity": r["granularity"],
                "article_id": r["article_id"],
                "outlet": r["outlet"],
                "published": r["published"],
                "participants": [p[0] for p in people],
                "text": " ".join(r["original_text"][r["start"] : r["end"]].split()),
            }
        )
    return result
