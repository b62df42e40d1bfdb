"""Named, ordered schema migrations and the ``schema_version`` table that records them.

The migrations are SQLite DDL (store/schema.py): the history an old store file is brought
forward through. A PostgreSQL store is made from the table definitions instead
(``migrate_postgres``), and records the same versions.

A migration is applied once, in its own transaction; a store written by a newer newsprism
(a version this code does not know) is refused rather than damaged. A store opened read-only
is never migrated: ``check_readable`` refuses one of another version, or a SQLite file that is
not a newsprism store, with a message that says what to run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from newsprism.errors import StoreError
from newsprism.store import schema


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run a multi-statement script inside the open transaction.

    ``executescript`` would commit first, so a failing migration could leave half a schema.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer)
            buffer = ""
    if buffer.strip():
        db.execute(buffer)


def initial_schema(db: sqlite3.Connection) -> None:
    """Articles, duplicate bands, files seen, errors, runs and full-text search."""
    run_script(db, schema.INITIAL)


def understanding(db: sqlite3.Connection) -> None:
    """Per-article understanding (sentences, mentions, quotes, claims, times, events), the
    corpus-wide entities, and which stage version produced each article's rows."""
    run_script(db, schema.UNDERSTANDING)


def stories(db: sqlite3.Connection) -> None:
    """Cached sentence vectors, stories with their articles and blocking keys, claim groups
    and the merged timeline (the corpus stages of newsprism.stories)."""
    run_script(db, schema.STORIES)


def framing(db: sqlite3.Connection) -> None:
    """Framing labels (techniques, frames, genre, entity roles, narratives) with evidence."""
    run_script(db, schema.FRAMING)


def error_levels(db: sqlite3.Connection) -> None:
    """Warnings beside errors: an input stored with a guessed encoding is listed, not lost."""
    db.execute("ALTER TABLE errors ADD COLUMN level TEXT NOT NULL DEFAULT 'error'")


def read_indexes(db: sqlite3.Connection) -> None:
    """Indexes the listings read by: an entity's articles from the index alone, and entities
    by mention count without sorting them all."""
    run_script(db, schema.READ_INDEXES)


def claim_statuses(db: sqlite3.Connection) -> None:
    """Claim groups take the pair model's statuses (contradicted, framed_differently in place
    of contested) and list the outlets that omit them. The old groups are derived rows: they
    are dropped here and rebuilt by the next analyze (the stories stage's version changed),
    while articles, claims and stories stay."""
    run_script(db, schema.CLAIM_STATUSES)


def event_dating(db: sqlite3.Connection) -> None:
    """Events say how they are dated: by a date the text states, or, for a report of the news
    with no date of its own, by the article's publication date (events stage v2)."""
    db.execute("ALTER TABLE events ADD COLUMN dated_by TEXT NOT NULL DEFAULT 'text'")
    db.execute("ALTER TABLE timeline_events ADD COLUMN dated_by TEXT NOT NULL DEFAULT 'text'")


def article_languages(db: sqlite3.Connection) -> None:
    """Articles list their paragraphs in another language, and mentions keep a name's
    dictionary form (Russian inflects names). An article's own language, identified at
    ingest since this version, stays empty for articles stored before: they are analysed as
    English, as they were."""
    db.execute("ALTER TABLE articles ADD COLUMN other_languages TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE mentions ADD COLUMN base TEXT")


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial_schema", initial_schema),
    ("0002_understanding", understanding),
    ("0003_stories", stories),
    ("0004_framing", framing),
    ("0005_error_levels", error_levels),
    ("0006_read_indexes", read_indexes),
    ("0007_claim_statuses", claim_statuses),
    ("0008_event_dating", event_dating),
    ("0009_article_languages", article_languages),
]
SCHEMA_VERSION = len(MIGRATIONS)
CLAIM_STATUSES_VERSION = 7
"""The migration that replaced "contested" (PostgreSQL needs its CHECK replaced by hand)."""


def _newer(version: int) -> str:
    return (
        f"store has schema version {version}, newer than this newsprism knows "
        f"({SCHEMA_VERSION}); upgrade newsprism"
    )


def stored_version(db: sqlite3.Connection) -> int | None:
    """The schema version a SQLite store records, read without writing; None when the file
    has no ``schema_version`` table (not a newsprism store, or an empty file)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if found is None:
        return None
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def check_readable(db: sqlite3.Connection, location: str) -> None:
    """Refuse a SQLite store a read-only open cannot use as it is, without touching it.

    Migrating is a write, so an older store is refused with the command that migrates it
    (``newsprism migrate``; every ``newsprism analyze`` migrates too).
    """
    version = stored_version(db)
    if version is None:
        raise StoreError(
            f"{location}: not a newsprism store (no schema_version table); "
            "pass a store written by `newsprism analyze`"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(f"{location}: {_newer(version)}")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{location}: store has schema version {version}, older than this newsprism "
            f"({SCHEMA_VERSION}); migrate it with `newsprism migrate --db {location}`"
        )


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` to SCHEMA_VERSION; return the version it had before."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = int(row[0] or 0)
    if current > SCHEMA_VERSION:
        raise StoreError(_newer(current))
    for version, (name, apply) in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            apply(db)
            db.execute(
                "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return current


def migrate_postgres(conn: Connection) -> int:
    """Bring a PostgreSQL store to SCHEMA_VERSION from the table definitions (see
    store/postgres.py); return the version it had before. One transaction under the schema
    lock, so workers opening a new database at once create it once."""
    from newsprism.store import database, postgres, tables

    versions = tables.schema_version
    database.begin(conn)
    try:
        postgres.lock_schema(conn)
        versions.create(conn, checkfirst=True)
        current = int(conn.execute(select(func.max(versions.c.version))).scalar() or 0)
        if current > SCHEMA_VERSION:
            raise StoreError(_newer(current))
        if current < SCHEMA_VERSION:
            postgres.bring_schema_forward(conn)
            if 0 < current < CLAIM_STATUSES_VERSION:
                postgres.replace_claim_statuses(conn)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                insert(versions),
                [
                    {"version": version, "name": name, "applied_at": now}
                    for version, (name, _) in enumerate(MIGRATIONS, start=1)
                    if version > current
                ],
            )
        database.commit(conn)
    except BaseException:
        database.rollback(conn)
        raise
    return current
