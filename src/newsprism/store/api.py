"""The store: schema, reads and writes, and nothing that decides what an article is.

SQLite in WAL mode with foreign keys on, or PostgreSQL (store/postgres.py); statements are
SQLAlchemy Core over store/tables.py. Ingest writes a batch in one transaction
(ingest/storing.py), through the primitives here; which article copies which, and which
lines are an outlet's furniture, is decided by the writer stages (ingest/copies.py,
ingest/furniture.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    and_,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import DBAPIError

from newsprism.errors import StoreError, UsageError
from newsprism.listings import ArticleLine, SearchHit
from newsprism.records import Article, IngestError, Provenance
from newsprism.store import database, postgres, tables
from newsprism.store.migrations import SCHEMA_VERSION, migrate, migrate_postgres, stored_version

INGEST_STAGE = "ingest.v1"


@dataclass(frozen=True)
class FileDone:
    """An input fully processed in this batch: skip it next time while its fingerprint holds."""

    path: str
    fingerprint: str
    records: int


@dataclass
class BatchResult:
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    copies: int = 0
    errors: int = 0

    def add(self, other: BatchResult) -> None:
        for name, value in other.counts().items():
            setattr(self, name, getattr(self, name) + value)

    def counts(self) -> dict[str, int]:
        """The run's counters by column name of ``runs``."""
        return {
            "stored": self.stored, "updated": self.updated, "unchanged": self.unchanged,
            "copies": self.copies, "errors": self.errors,
        }  # fmt: skip


@dataclass(frozen=True)
class Copy:
    id: str
    outlet: str | None
    url: str | None
    source: str
    kind: str
    similarity: float | None


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored, with the copies that point to it."""

    article: Article
    copies: tuple[Copy, ...] = field(default_factory=tuple)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate_store(location: Path | str) -> tuple[int | None, int]:
    """Bring the store at ``location`` to this version's schema: (its version before, None for
    PostgreSQL, where it is not read first; the version now). A SQLite file that is not a
    newsprism store is refused untouched."""
    before = None
    if not postgres.is_url(location):
        path = Path(location)
        if not path.exists():
            raise UsageError(f"{path}: no such store; run `newsprism analyze PATH` first")
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            before = stored_version(raw)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open as a newsprism store ({exc})") from None
        finally:
            raw.close()
        if before is None:
            raise StoreError(f"{path}: not a newsprism store (no schema_version table)")
    Store(location).close()
    return before, SCHEMA_VERSION


class Store:
    """A newsprism SQLite store at ``path`` (created and migrated on open), or a PostgreSQL
    one when ``path`` is a ``postgresql://`` URL (see store/postgres.py).

    ``readonly`` opens an existing SQLite store without writing a byte of it (see
    ``database.open_sqlite_readonly``); it must be of this schema version. PostgreSQL is
    migrated either way, and ``make_readonly`` (store/views.py) turns its session read-only.
    """

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        self.dialect = "sqlite"
        self.location = str(path)
        """Where the store is, for people (a PostgreSQL URL without its password)."""
        if postgres.is_url(path):
            self.dialect = "postgresql"
            self.location = postgres.redact(postgres.url_of(path))
            self.path = Path(self.location)
            self.conn = postgres.connect(postgres.url_of(path))
            try:
                migrate_postgres(self.conn)
            except DBAPIError as exc:
                self.conn.close()
                raise StoreError(
                    f"{self.location}: cannot open as a newsprism store ({exc.orig})"
                ) from None
            except BaseException:
                self.conn.close()
                raise
            return
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise UsageError(f"{self.path}: no such store; run `newsprism analyze PATH` first")
        try:
            if readonly:
                raw = database.open_sqlite_readonly(self.path)
            else:
                raw = database.open_sqlite(self.path)
                try:
                    migrate(raw)
                except BaseException:
                    raw.close()
                    raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a newsprism store ({exc})") from None
        self.conn = database.wrap(raw, "sqlite")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises
        (BEGIN IMMEDIATE takes the write lock up front, so a concurrent writer waits)."""
        database.begin(self.conn)
        try:
            yield
            database.commit(self.conn)
        except BaseException:
            database.rollback(self.conn)
            raise

    def tune_for_bulk_reads(self) -> None:
        """A 64 MB page cache (SQLite's default is 2 MB) for corpus stages that look up many
        rows of a large store; PostgreSQL manages its own buffers."""
        database.tune_for_bulk_reads(self.conn)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, arguments: Sequence[str]) -> int:
        """Record a new run; runs left 'running' by a killed process become 'interrupted'."""
        runs = tables.runs
        self.conn.execute(
            update(runs).where(runs.c.status == "running").values(status="interrupted")
        )
        run_id = self.conn.execute(
            insert(runs)
            .values(started_at=_now(), arguments=json.dumps(list(arguments)))
            .returning(runs.c.id)
        ).scalar_one()
        return int(run_id)

    def finish_run(self, run_id: int, result: BatchResult, status: str) -> None:
        runs = tables.runs
        self.conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(finished_at=_now(), status=status, **result.counts())
        )

    def known_files(self) -> dict[str, str]:
        """Path -> fingerprint of every file fully stored by an earlier batch."""
        files = tables.files
        rows = self.conn.execute(select(files.c.path, files.c.fingerprint))
        return {path: fingerprint for path, fingerprint in rows}

    # -- writing: the primitives ingest/storing.py and its writer stages use ----------------

    def clear_input_errors(self, paths: Sequence[str]) -> None:
        """Forget the earlier errors of inputs read again (a file's and its records')."""
        table = tables.errors
        for path in paths:
            self.conn.execute(
                delete(table).where(
                    or_(table.c.path == path, table.c.path.startswith(path + "#", autoescape=True))
                )
            )

    def record_input_errors(self, run_id: int, errors: Sequence[IngestError]) -> None:
        """Record a batch's errors, each replacing the same input's same earlier error."""
        table = tables.errors
        for error in errors:
            self.conn.execute(
                delete(table).where(table.c.path == error.path, table.c.reason == error.reason)
            )
            self.conn.execute(insert(table).values(**_error_row(error), run_id=run_id))

    def record_files(self, run_id: int, files: Sequence[FileDone]) -> None:
        """Mark inputs fully stored, so a rerun skips them while their fingerprint holds."""
        if not files:
            return
        self.conn.execute(
            database.upsert(self.conn, tables.files, ["path"]),
            [
                {"path": d.path, "fingerprint": d.fingerprint, "records": d.records,
                 "run_id": run_id}
                for d in files
            ],
        )  # fmt: skip

    def add_to_run(self, run_id: int, result: BatchResult) -> None:
        runs = tables.runs
        self.conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values({runs.c[k]: runs.c[k] + n for k, n in result.counts().items()})
        )

    def record_errors(self, errors: Sequence[IngestError]) -> None:
        """Record errors of a later stage (one transaction), replacing the same path's earlier
        error of that stage."""
        conn, table = self.conn, tables.errors
        with self.transaction():
            for error in errors:
                conn.execute(
                    delete(table).where(table.c.path == error.path, table.c.stage == error.stage)
                )
                conn.execute(insert(table).values(**_error_row(error), run_id=None))

    def clear_errors(self, stage: str, paths: Sequence[str]) -> None:
        """Forget a later stage's errors for inputs that have now gone through it."""
        table = tables.errors
        for path in paths:
            self.conn.execute(delete(table).where(table.c.path == path, table.c.stage == stage))

    def id_of_source(self, source: str) -> str | None:
        """The id of the article stored from ``source``, if any."""
        a = tables.articles
        found: str | None = self.conn.execute(select(a.c.id).where(a.c.source == source)).scalar()
        return found

    def has_article(self, article_id: str) -> bool:
        a = tables.articles
        return self.conn.execute(select(a.c.id).where(a.c.id == article_id)).first() is not None

    def published_of(self, article_id: str) -> str | None:
        a = tables.articles
        found: str | None = self.conn.execute(
            select(a.c.published).where(a.c.id == article_id)
        ).scalar()
        return found

    def article_with_content(self, content_hash: str) -> tuple[str, str | None] | None:
        """(id, canonical id) of a stored article with this normalised text, if any."""
        a = tables.articles
        row = self.conn.execute(
            select(a.c.id, a.c.canonical_id).where(a.c.content_hash == content_hash).limit(1)
        ).first()
        return None if row is None else (row.id, row.canonical_id)

    def band_neighbours(
        self, keys: Sequence[tuple[int, int]], limit: int
    ) -> list[tuple[str, str | None, bytes]]:
        """(id, canonical id, MinHash) of up to ``limit`` stored articles sharing an LSH band
        key with ``keys``, by id."""
        a, bands = tables.articles, tables.lsh_bands
        # OR of (band, key) equalities: SQLite answers each from the index and unions them
        # (a row-value IN (VALUES ...) would scan the whole table instead)
        sharing = select(bands.c.article_id).where(
            or_(*(and_(bands.c.band == band, bands.c.key == key) for band, key in keys))
        )
        rows = self.conn.execute(
            select(a.c.id, a.c.canonical_id, a.c.minhash)
            .where(a.c.id.in_(sharing))
            .order_by(a.c.id)
            .limit(limit)
        ).all()
        return [(r.id, r.canonical_id, r.minhash) for r in rows]

    def insert_article(
        self,
        run_id: int,
        a: Article,
        canonical_id: str | None = None,
        kind: str | None = None,
        similarity: float | None = None,
    ) -> None:
        """Store a new article (a copy of ``canonical_id`` when given) and its LSH keys."""
        provenance = {k: [v.origin, v.start, v.end] for k, v in a.provenance.items()}
        self.conn.execute(
            insert(tables.articles).values(
                id=a.id, source=a.source, format=a.format, original_text=a.original_text,
                raw=a.raw, encoding=a.encoding, clean_spans=json.dumps(a.clean_spans),
                clean_text=a.clean_text, content_hash=a.content_hash, title=a.title,
                outlet=a.outlet, author=a.author,
                published=a.published.isoformat() if a.published else None, url=a.url,
                language=a.language, other_languages=json.dumps(a.other_languages),
                original_outlet=a.original_outlet,
                original_url=a.original_url, provenance=json.dumps(provenance),
                boilerplate=json.dumps(a.boilerplate),
                metadata=json.dumps(a.metadata, default=str), fingerprint=a.fingerprint,
                minhash=a.minhash, canonical_id=canonical_id, copy_kind=kind,
                similarity=similarity, stage=INGEST_STAGE, run_id=run_id, ingested_at=_now(),
            )
        )  # fmt: skip
        from newsprism.ingest import dedup  # numpy: only a writer pays for its import

        self.conn.execute(
            insert(tables.lsh_bands),
            [
                {"band": band, "key": key, "article_id": a.id}
                for band, key in dedup.band_keys(a.minhash)
            ],
        )

    def regroup_under(
        self, canonical_id: str, old_canonical_id: str, kind: str, similarity: float
    ) -> None:
        """Make ``canonical_id`` the canonical article of ``old_canonical_id``'s group (the
        old one and its copies keep their own kind and similarity when they had one)."""
        a = tables.articles
        self.conn.execute(
            update(a)
            .where(or_(a.c.id == old_canonical_id, a.c.canonical_id == old_canonical_id))
            .values(
                canonical_id=canonical_id,
                copy_kind=func.coalesce(a.c.copy_kind, kind),
                similarity=func.coalesce(a.c.similarity, similarity),
            )
        )

    def delete_article(self, article_id: str) -> None:
        """Remove an article; its copies, if any, regroup under the earliest of them."""
        from newsprism.ingest.copies import order_key

        conn, a = self.conn, tables.articles
        copies = conn.execute(
            select(a.c.id, database.rowid(a).label("rowid"), a.c.published).where(
                a.c.canonical_id == article_id
            )
        ).all()
        if copies:
            heir = min(copies, key=lambda r: order_key(r.published, r.rowid)).id
            conn.execute(
                update(a)
                .where(a.c.canonical_id == article_id, a.c.id != heir)
                .values(canonical_id=heir)
            )
            conn.execute(
                update(a)
                .where(a.c.id == heir)
                .values(canonical_id=None, copy_kind=None, similarity=None)
            )
        conn.execute(delete(a).where(a.c.id == article_id))

    def known_furniture(self, scope: str, hashes: Sequence[int]) -> set[int]:
        """Which of these line hashes are known furniture of ``scope``."""
        f = tables.furniture
        rows = self.conn.execute(select(f.c.hash).where(f.c.scope == scope, f.c.hash.in_(hashes)))
        return set(rows.scalars())

    def add_repeated_lines(
        self, scope: str, article_id: str, lines: Sequence[tuple[int, int, int]]
    ) -> None:
        """Note an article's short lines, (hash, start, end) each."""
        self.conn.execute(
            insert(tables.repeated_lines),
            [
                {"scope": scope, "hash": h, "article_id": article_id, "start": s, "end": e}
                for h, s, e in lines
            ],
        )

    def line_carriers(self, scope: str, line_hash: int) -> list[tuple[str, int, int]]:
        """(article id, start, end) of each noted copy of one short line of ``scope``."""
        lines = tables.repeated_lines
        rows = self.conn.execute(
            select(lines.c.article_id, lines.c.start, lines.c.end).where(
                lines.c.scope == scope, lines.c.hash == line_hash
            )
        ).all()
        return [(r.article_id, r.start, r.end) for r in rows]

    def make_furniture(self, scope: str, line_hash: int) -> None:
        """Record a line as ``scope``'s furniture; its noted copies are no longer needed."""
        conn, lines = self.conn, tables.repeated_lines
        conn.execute(
            database.insert_ignore(conn, tables.furniture).values(scope=scope, hash=line_hash)
        )
        conn.execute(delete(lines).where(lines.c.scope == scope, lines.c.hash == line_hash))

    def drop_span(self, article_id: str, start: int, end: int, reason: str) -> None:
        """Move one clean span of a stored article to its boilerplate (never the last one)."""
        a = tables.articles
        row = self.conn.execute(
            select(a.c.original_text, a.c.clean_spans, a.c.boilerplate).where(a.c.id == article_id)
        ).one()
        spans = [tuple(s) for s in json.loads(row.clean_spans)]
        if (start, end) not in spans or len(spans) == 1:
            return
        spans.remove((start, end))
        removed = sorted([*map(tuple, json.loads(row.boilerplate)), (start, end, reason)])
        text = row.original_text
        self.conn.execute(
            update(a)
            .where(a.c.id == article_id)
            .values(
                clean_spans=json.dumps(spans),
                clean_text="\n\n".join(text[s:e] for s, e in spans),
                boilerplate=json.dumps(removed),
            )
        )

    # -- reading ------------------------------------------------------------------------

    def count(self) -> dict[str, int]:
        a, e = tables.articles, tables.errors
        errors = select(func.count()).select_from(e).where(e.c.level == "error")
        one = self.conn.execute(
            select(
                func.count().label("articles"),
                func.count(a.c.canonical_id).label("copies"),
                errors.scalar_subquery().label("errors"),
            ).select_from(a)
        ).one()
        return {"articles": one.articles, "copies": one.copies, "errors": one.errors}

    def article(self, article_id: str) -> StoredArticle | None:
        """One article by id, or by a unique id prefix of at least 6 characters."""
        a = tables.articles
        rows = (
            self.conn.execute(select(a).where(_id_prefix(a.c.id, article_id)).limit(2))
            .mappings()
            .all()
        )
        if len(article_id) < 6 or len(rows) != 1:
            exact = [r for r in rows if r["id"] == article_id]
            if not exact:
                return None
            rows = exact
        return StoredArticle(_article(rows[0]), self._copies(rows[0]["id"]))

    def articles(self, include_copies: bool = False) -> Iterator[StoredArticle]:
        """Articles in storage order; copies are listed under their canonical article."""
        a = tables.articles
        query = select(a).order_by(database.rowid(a))
        if not include_copies:
            query = query.where(a.c.canonical_id.is_(None))
        # streamed: a PostgreSQL client would otherwise hold every article's text at once
        for row in database.stream(self.conn, query):
            yield StoredArticle(_article(row), self._copies(row["id"]))

    def article_lines(self) -> list[ArticleLine]:
        """Canonical articles in storage order, each with its number of copies (``show``'s
        list: one statement, no text read)."""
        a, c = tables.articles, tables.articles.alias("c")
        copies = select(func.count()).select_from(c).where(c.c.canonical_id == a.c.id)
        rows = self.conn.execute(
            select(a.c.id, a.c.published, a.c.outlet, a.c.title, copies.scalar_subquery())
            .where(a.c.canonical_id.is_(None))
            .order_by(database.rowid(a))
        ).all()
        return [ArticleLine(*r) for r in rows]

    def _copies(self, article_id: str) -> tuple[Copy, ...]:
        a = tables.articles
        rows = self.conn.execute(
            select(a.c.id, a.c.outlet, a.c.url, a.c.source, a.c.copy_kind, a.c.similarity)
            .where(a.c.canonical_id == article_id)
            .order_by(database.rowid(a))
        ).all()
        return tuple(Copy(*r) for r in rows)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and clean text, best matches first (the one query
        each dialect writes its own way: FTS5 here, tsvector in store/postgres.py)."""
        if self.dialect == "postgresql":
            return postgres.search(self.conn, query, limit)
        try:
            rows = self.conn.exec_driver_sql(
                "SELECT a.id, a.title, a.outlet, a.published,"
                " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
                " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
                (query, limit),
            ).mappings()
            return [SearchHit(**r) for r in rows]
        except DBAPIError as exc:
            raise UsageError(
                f'cannot search for {query!r} ({exc.orig}); quote phrases with "..." '
                "and use AND, OR, NOT between words"
            ) from None

    def errors(self) -> list[IngestError]:
        """Errors, then warnings, each by path."""
        e = tables.errors
        rows = self.conn.execute(
            select(e.c.path, e.c.reason, e.c.stage, e.c.level).order_by(e.c.level, e.c.path, e.c.id)
        ).all()
        return [IngestError(*r) for r in rows]


def _error_row(error: IngestError) -> dict[str, Any]:
    return {
        "path": error.path, "reason": error.reason, "stage": error.stage,
        "level": error.level, "at": _now(),
    }  # fmt: skip


def _id_prefix(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """Ids starting with ``prefix``, any ASCII case, as a range the primary key answers
    (``lower(id) LIKE`` reads every row). Ids are lowercase hex digests, so a prefix with a
    character beyond ASCII names none."""
    prefix = prefix.lower()
    if not prefix:
        return true()
    if not prefix.isascii():
        return false()
    return and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _article(row: Mapping[str, Any] | RowMapping) -> Article:
    provenance = {k: Provenance(*v) for k, v in json.loads(row["provenance"]).items()}
    return Article(
        id=row["id"],
        source=row["source"],
        format=row["format"],
        original_text=row["original_text"],
        clean_spans=tuple(tuple(s) for s in json.loads(row["clean_spans"])),
        content_hash=row["content_hash"],
        encoding=row["encoding"],
        raw=row["raw"],
        title=row["title"],
        outlet=row["outlet"],
        author=row["author"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        url=row["url"],
        language=row["language"],
        other_languages=tuple(tuple(x) for x in json.loads(row["other_languages"] or "[]")),
        original_outlet=row["original_outlet"],
        original_url=row["original_url"],
        provenance=provenance,
        boilerplate=tuple(tuple(b) for b in json.loads(row["boilerplate"])),
        metadata=json.loads(row["metadata"]),
        fingerprint=row["fingerprint"],
        minhash=row["minhash"],
        canonical_id=row["canonical_id"],
        copy_kind=row["copy_kind"],
        similarity=row["similarity"],
    )
