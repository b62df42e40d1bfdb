"""One SQLAlchemy Core connection per store, and what differs between its two dialects.

Statements are built over store/tables.py and each dialect compiles its own SQL, so the
store modules write no dialect's SQL by hand. What does differ lives here: how a
connection opens (SQLite's pragmas and read-only files, PostgreSQL's schema), the
"insert unless present" and upsert forms, streaming a large read, and ``rowid`` (SQLite's
storage order; PostgreSQL stores get an identity column of that name). Full-text search is
the one dialect-specific query (FTS5 here, tsvector in store/postgres.py).

The connection runs in autocommit mode; ``begin``/``commit``/``rollback`` are explicit,
so SQLite can take its write lock up front (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Executable,
    FromClause,
    RowMapping,
    Table,
    create_engine,
    literal_column,
)
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.elements import ColumnClause

if TYPE_CHECKING:  # the PostgreSQL dialect costs a SQLite read ~30 ms to import
    from sqlalchemy.dialects import postgresql, sqlite

STREAM_ROWS = 256


def wrap(raw: Any, dialect: str) -> Connection:
    """A Core connection over an open DBAPI connection (sqlite3 or psycopg) in autocommit
    mode; closing it closes ``raw``."""
    url = "sqlite://" if dialect == "sqlite" else "postgresql+psycopg://"
    engine = create_engine(url, creator=lambda: raw, poolclass=NullPool)
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def open_sqlite(path: Path) -> sqlite3.Connection:
    """A read-write connection to the SQLite file at ``path`` (created if missing), in WAL
    mode with foreign keys on; the caller migrates it."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        # checkpoint the WAL every ~64 MB instead of every 4 MB: fewer, larger copies
        # into the database file, which halves commit time on bulk ingest
        db.execute("PRAGMA wal_autocheckpoint=16384")
    except BaseException:
        db.close()
        raise
    return db


def open_sqlite_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (SQLite ``mode=ro``), checked to be a store of
    this schema version; nothing is migrated and no pragma that writes is run.

    A WAL store opened read-only needs its -shm file, and SQLite cannot create one in a
    folder we may not write: then a store that was closed cleanly (no -wal content left, so
    every page is in the file) is read as ``immutable``, which needs no -shm (nobody with our
    permissions can write it in WAL mode there either).
    """
    uri = path.resolve().as_uri()
    try:
        return _checked_readonly(f"{uri}?mode=ro", path)
    except sqlite3.OperationalError as exc:
        wal = Path(f"{path}-wal")
        no_shm = exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
        if not no_shm or (wal.exists() and wal.stat().st_size > 0):
            raise
    return _checked_readonly(f"{uri}?mode=ro&immutable=1", path)


def _checked_readonly(uri: str, path: Path) -> sqlite3.Connection:
    """The connection to ``uri`` once ``check_readable`` accepts it (closed if not).

    It may pass between threads (the web app opens it in one threadpool thread and answers
    in another), but only one request at a time owns it.
    """
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False)
    try:
        from newsprism.store.migrations import check_readable

        check_readable(db, str(path))  # the first read: this is where the WAL index opens
    except BaseException:
        db.close()
        raise
    return db


def tune_for_bulk_reads(conn: Connection) -> None:
    """A 64 MB page cache on SQLite (its default is 2 MB); PostgreSQL manages its own."""
    if dialect_of(conn) == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-65536")


def dialect_of(conn: Connection) -> str:
    return str(conn.dialect.name)


def begin(conn: Connection) -> None:
    """Start a write transaction; on SQLite take the write lock now, so a concurrent writer
    waits here rather than failing at its first write."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if dialect_of(conn) == "sqlite" else "BEGIN")


def commit(conn: Connection) -> None:
    conn.exec_driver_sql("COMMIT")


def rollback(conn: Connection) -> None:
    conn.exec_driver_sql("ROLLBACK")


def make_readonly(conn: Connection) -> None:
    """Refuse every write on ``conn``'s session from now on: SQLite's ``query_only`` pragma,
    a read-only session on PostgreSQL (whose ``readonly`` open still migrates)."""
    if dialect_of(conn) == "postgresql":
        conn.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    else:
        conn.exec_driver_sql("PRAGMA query_only=ON")


def insert(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """The dialect's INSERT, which knows ON CONFLICT."""
    if dialect_of(conn) == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def insert_ignore(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """INSERT that skips a row whose key is already there."""
    return insert(conn, table).on_conflict_do_nothing()


def upsert(
    conn: Connection, table: Table, keys: Sequence[str]
) -> sqlite.Insert | postgresql.Insert:
    """INSERT that replaces the other columns of a row whose ``keys`` are already there."""
    statement = insert(conn, table)
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    if not others:
        return statement.on_conflict_do_nothing(index_elements=list(keys))
    return statement.on_conflict_do_update(index_elements=list(keys), set_=others)


def rowid(table: FromClause) -> ColumnClause[Any]:
    """The storage order of ``table`` (or an alias of it): SQLite's rowid, or the identity
    column PostgreSQL stores add under that name."""
    return literal_column(f"{table.name}.rowid")  # type: ignore[attr-defined]


def stream(conn: Connection, statement: Executable) -> Iterator[RowMapping | dict[str, Any]]:
    """Rows of a large SELECT without holding them all, leaving ``conn`` free for other
    statements between them: a server-side cursor (WITH HOLD, as the connection
    autocommits) on PostgreSQL, SQLite's own lazy cursor otherwise."""
    if dialect_of(conn) != "postgresql":
        yield from conn.execute(statement).mappings()
        return
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=conn.dialect, compile_kwargs={"render_postcompile": True}
    )
    raw: Any = conn.connection.dbapi_connection
    name = f"newsprism_{uuid.uuid4().hex[:12]}"
    with raw.cursor(name=name, withhold=True) as cursor:
        cursor.itersize = STREAM_ROWS
        cursor.execute(str(compiled), compiled.params)
        names = [d.name for d in cursor.description]
        for values in cursor:
            yield dict(zip(names, values, strict=True))


def is_integrity_error(exc: BaseException) -> bool:
    """A constraint the store refused, whichever layer raised it."""
    from sqlalchemy.exc import IntegrityError

    return isinstance(exc, IntegrityError | sqlite3.IntegrityError)
