"""The store: the only module that writes SQL.

SQLite in WAL mode with foreign keys on. Writes go through ``write_batch``: one transaction
per batch, so a run killed at any moment loses at most the batch in flight, and a rerun
finds every finished file recorded in ``files`` and skips it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from newsprism.errors import StoreError, UsageError
from newsprism.ingest import dedup
from newsprism.records import Article, IngestError, Provenance
from newsprism.store import postgres
from newsprism.store.migrations import SCHEMA_VERSION, check_readable, migrate, stored_version

INGEST_STAGE = "ingest.v1"
REPEAT_MIN = 3
"""A short line carried by this many articles of one outlet is that outlet's furniture."""


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
        for name in ("stored", "updated", "unchanged", "copies", "errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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


def _order_key(published: str | None, rowid: int) -> tuple[str, int]:
    """Earliest publication first; unknown dates after known ones; then first stored."""
    return (published or "9999-99-99", rowid)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (SQLite ``mode=ro``), checked to be a store of
    this schema version; nothing is migrated and no pragma that writes is run.

    A WAL store opened read-only needs its -shm file, and SQLite cannot create one in a
    folder we may not write: then a store that was closed cleanly (no -wal content left, so
    every page is in the file) is read as ``immutable``, which needs no -shm (nobody with our
    permissions can write it in WAL mode there either).
    """
    uri = path.resolve().as_uri()
    try:
        return _checked(f"{uri}?mode=ro", path)
    except sqlite3.OperationalError as exc:
        wal = Path(f"{path}-wal")
        no_shm = exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
        if not no_shm or (wal.exists() and wal.stat().st_size > 0):
            raise
    return _checked(f"{uri}?mode=ro&immutable=1", path)


def _checked(uri: str, path: Path) -> sqlite3.Connection:
    """The connection to ``uri`` once ``check_readable`` accepts it (closed if not).

    It may pass between threads (the web app opens it in one threadpool thread and answers
    in another), but only one request at a time owns it.
    """
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False)
    try:
        db.row_factory = sqlite3.Row
        check_readable(db, str(path))  # the first read: this is where the WAL index opens
    except BaseException:
        db.close()
        raise
    return db


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
    ``_connect_readonly``); it must be of this schema version. PostgreSQL is migrated either
    way, and ``make_readonly`` (store/views.py) turns its session read-only.
    """

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        self.dialect = "sqlite"
        self.location = str(path)
        """Where the store is, for people (a PostgreSQL URL without its password)."""
        if postgres.is_url(path):
            self.dialect = "postgresql"
            self.location = postgres.redact(postgres.url_of(path))
            self.path = Path(self.location)
            # the PostgreSQL connection speaks the sqlite3 API the store modules use
            self.db = cast(sqlite3.Connection, postgres.connect(postgres.url_of(path)))
            try:
                migrate(self.db)
            except sqlite3.DatabaseError as exc:
                self.db.close()
                raise StoreError(
                    f"{self.location}: cannot open as a newsprism store ({exc})"
                ) from None
            except BaseException:
                self.db.close()
                raise
            return
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise UsageError(f"{self.path}: no such store; run `newsprism analyze PATH` first")
        if readonly:
            try:
                self.db = _connect_readonly(self.path)
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: cannot open as a newsprism store ({exc})") from None
            return
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # checkpoint the WAL every ~64 MB instead of every 4 MB: fewer, larger copies
            # into the database file, which halves commit time on bulk ingest
            self.db.execute("PRAGMA wal_autocheckpoint=16384")
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a newsprism store ({exc})") from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises
        (BEGIN IMMEDIATE takes the write lock up front, so a concurrent writer waits)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def tune_for_bulk_reads(self) -> None:
        """A 64 MB page cache (SQLite's default is 2 MB) for corpus stages that look up many
        rows of a large store; PostgreSQL manages its own buffers."""
        if self.dialect == "sqlite":
            self.db.execute("PRAGMA cache_size=-65536")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, arguments: Sequence[str]) -> int:
        """Record a new run; runs left 'running' by a killed process become 'interrupted'."""
        self.db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
        cursor = self.db.execute(
            "INSERT INTO runs(started_at, arguments) VALUES (?, ?)",
            (_now(), json.dumps(list(arguments))),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, result: BatchResult, status: str) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at=?, stored=?, updated=?, unchanged=?, copies=?, errors=?,"
            " status=? WHERE id=?",
            (_now(), result.stored, result.updated, result.unchanged, result.copies,
             result.errors, status, run_id),
        )  # fmt: skip

    def known_files(self) -> dict[str, str]:
        """Path -> fingerprint of every file fully stored by an earlier batch."""
        return {r["path"]: r["fingerprint"] for r in self.db.execute("SELECT * FROM files")}

    # -- writing ------------------------------------------------------------------------

    def write_batch(
        self,
        run_id: int,
        articles: Sequence[Article],
        errors: Sequence[IngestError],
        files: Sequence[FileDone],
        attempted: Sequence[str] = (),
    ) -> BatchResult:
        """Store a batch in one transaction.

        ``attempted`` lists the inputs read in this batch: their earlier errors are cleared
        before this batch's errors are recorded, so the error table says what is wrong now.
        """
        result = BatchResult()
        db = self.db
        with self.transaction():
            for path in attempted:
                db.execute("DELETE FROM errors WHERE path=? OR path LIKE ?", (path, path + "#%"))
            for article in articles:
                article = self._strip_known_furniture(article)
                if self._write_article(run_id, article, result):
                    self._record_repeated_lines(article)
            for error in errors:
                db.execute(
                    "DELETE FROM errors WHERE path=? AND reason=?", (error.path, error.reason)
                )
                db.execute(
                    "INSERT INTO errors(path, reason, stage, level, run_id, at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (error.path, error.reason, error.stage, error.level, run_id, _now()),
                )
                result.errors += not error.is_warning
            for done in files:
                db.execute(
                    "INSERT INTO files(path, fingerprint, records, run_id) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(path) DO UPDATE SET fingerprint=excluded.fingerprint,"
                    " records=excluded.records, run_id=excluded.run_id",
                    (done.path, done.fingerprint, done.records, run_id),
                )
            db.execute(
                "UPDATE runs SET stored=stored+?, updated=updated+?, unchanged=unchanged+?,"
                " copies=copies+?, errors=errors+? WHERE id=?",
                (result.stored, result.updated, result.unchanged, result.copies, result.errors,
                 run_id),
            )  # fmt: skip
        return result

    def record_errors(self, errors: Sequence[IngestError]) -> None:
        """Record errors of a later stage (one transaction), replacing the same path's earlier
        error of that stage."""
        with self.transaction():
            for error in errors:
                self.db.execute(
                    "DELETE FROM errors WHERE path=? AND stage=?", (error.path, error.stage)
                )
                self.db.execute(
                    "INSERT INTO errors(path, reason, stage, level, run_id, at)"
                    " VALUES (?, ?, ?, ?, NULL, ?)",
                    (error.path, error.reason, error.stage, error.level, _now()),
                )

    def clear_errors(self, stage: str, paths: Sequence[str]) -> None:
        """Forget a later stage's errors for inputs that have now gone through it."""
        for path in paths:
            self.db.execute("DELETE FROM errors WHERE path=? AND stage=?", (path, stage))

    def _write_article(self, run_id: int, article: Article, result: BatchResult) -> bool:
        """Insert or replace ``article``; False when the store already has it unchanged."""
        db = self.db
        old = db.execute("SELECT id FROM articles WHERE source=?", (article.source,)).fetchone()
        if old is not None and old["id"] == article.id:
            result.unchanged += 1
            return False
        if old is not None:
            self._delete_article(old["id"])
            result.updated += 1
        elif db.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
            result.unchanged += 1  # same source text seen under this id already
            return False
        else:
            result.stored += 1
        match = self._find_copy_of(article)
        canonical_id = kind = None
        similarity = None
        if match is not None:
            root_id, kind, similarity = match
            root = db.execute(
                "SELECT rowid, published FROM articles WHERE id=?", (root_id,)
            ).fetchone()
            mine = article.published.isoformat() if article.published else None
            result.copies += 1
            if _order_key(mine, 0) < _order_key(root["published"], 0):
                # the newcomer was published first: it becomes the group's canonical article
                self._insert(run_id, article, None, None, None)
                db.execute(
                    "UPDATE articles SET canonical_id=?, copy_kind=COALESCE(copy_kind, ?),"
                    " similarity=COALESCE(similarity, ?) WHERE id=? OR canonical_id=?",
                    (article.id, kind, similarity, root_id, root_id),
                )
                return True
            canonical_id = root_id
        self._insert(run_id, article, canonical_id, kind, similarity)
        return True

    @staticmethod
    def _scope(article: Article) -> str | None:
        """Whose furniture a line is: the outlet's, or the input folder's when the outlet is
        unknown (scraped corpora are usually filed by site); None for URLs and feeds."""
        if article.outlet:
            return article.outlet
        return None if article.format in ("url", "feed") else str(Path(article.source).parent)

    def _strip_known_furniture(self, article: Article) -> Article:
        """Drop the lines already known as furniture of the article's scope, before storing."""
        scope = self._scope(article)
        if not scope or not article.repeatable:
            return article
        hashes = sorted({h for h, _, _ in article.repeatable})
        marks = ",".join("?" * len(hashes))
        known = {
            r[0]
            for r in self.db.execute(
                f"SELECT hash FROM furniture WHERE scope=? AND hash IN ({marks})", [scope, *hashes]
            )
        }
        gone = {(start, end) for h, start, end in article.repeatable if h in known}
        if not gone:
            return article
        spans = tuple(span for span in article.clean_spans if span not in gone)
        if not spans:
            # the furniture is all the article holds: keep it as text, but do not count it
            # again towards furniture the scope already knows
            return replace(
                article, repeatable=tuple(r for r in article.repeatable if r[0] not in known)
            )
        return replace(
            article,
            clean_spans=spans,
            boilerplate=tuple(
                sorted([*article.boilerplate, *((s, e, "repeated") for s, e in gone)])
            ),
            repeatable=tuple(r for r in article.repeatable if r[0] not in known),
        )

    def _record_repeated_lines(self, article: Article) -> None:
        """Note the article's short lines; a line now carried by REPEAT_MIN articles of the
        scope becomes known furniture and is dropped from every article that carries it."""
        scope = self._scope(article)
        if not scope or not article.repeatable:
            return
        self.db.executemany(
            'INSERT INTO repeated_lines(scope, hash, article_id, start, "end") VALUES (?,?,?,?,?)',
            [(scope, h, article.id, start, end) for h, start, end in article.repeatable],
        )
        for line_hash in {h for h, _, _ in article.repeatable}:
            rows = self.db.execute(
                'SELECT article_id, start, "end" FROM repeated_lines WHERE scope=? AND hash=?',
                (scope, line_hash),
            ).fetchall()
            if len({r["article_id"] for r in rows}) < REPEAT_MIN:
                continue
            self.db.execute(
                "INSERT INTO furniture(scope, hash) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (scope, line_hash),
            )
            self.db.execute(
                "DELETE FROM repeated_lines WHERE scope=? AND hash=?", (scope, line_hash)
            )
            for row in rows:
                self._drop_span(row["article_id"], row["start"], row["end"], "repeated")

    def _drop_span(self, article_id: str, start: int, end: int, reason: str) -> None:
        """Move one clean span of a stored article to its boilerplate (never the last one)."""
        row = self.db.execute(
            "SELECT original_text, clean_spans, boilerplate FROM articles WHERE id=?",
            (article_id,),
        ).fetchone()
        spans = [tuple(s) for s in json.loads(row["clean_spans"])]
        if (start, end) not in spans or len(spans) == 1:
            return
        spans.remove((start, end))
        removed = sorted([*map(tuple, json.loads(row["boilerplate"])), (start, end, reason)])
        text = row["original_text"]
        self.db.execute(
            "UPDATE articles SET clean_spans=?, clean_text=?, boilerplate=? WHERE id=?",
            (
                json.dumps(spans),
                "\n\n".join(text[s:e] for s, e in spans),
                json.dumps(removed),
                article_id,
            ),
        )

    def _find_copy_of(self, article: Article) -> tuple[str, str, float] | None:
        """(canonical id, "exact"|"near", similarity) of an article this one copies."""
        row = self.db.execute(
            "SELECT id, canonical_id FROM articles WHERE content_hash=? LIMIT 1",
            (article.content_hash,),
        ).fetchone()
        if row is not None:
            return row["canonical_id"] or row["id"], "exact", 1.0
        # OR of (band, key) equalities: SQLite answers each from the index and unions them
        # (a row-value IN (VALUES ...) would scan the whole table instead)
        keys = dedup.band_keys(article.minhash)
        where = " OR ".join("(band=? AND key=?)" for _ in keys)
        candidates = self.db.execute(
            "SELECT id, canonical_id, minhash FROM articles WHERE id IN"
            f" (SELECT article_id FROM lsh_bands WHERE {where}) ORDER BY id LIMIT 200",
            [value for key in keys for value in key],
        ).fetchall()
        best: tuple[str, str, float] | None = None
        for cand in candidates:
            score = dedup.similarity(article.minhash, cand["minhash"])
            if score >= dedup.NEAR_THRESHOLD and (best is None or score > best[2]):
                best = (cand["canonical_id"] or cand["id"], "near", score)
        return best

    def _insert(
        self,
        run_id: int,
        a: Article,
        canonical_id: str | None,
        kind: str | None,
        similarity: float | None,
    ) -> None:
        provenance = {k: [v.origin, v.start, v.end] for k, v in a.provenance.items()}
        self.db.execute(
            "INSERT INTO articles(id, source, format, original_text, raw, encoding, clean_spans,"
            " clean_text, content_hash, title, outlet, author, published, url, language,"
            " original_outlet, original_url, provenance, boilerplate, metadata, fingerprint,"
            " minhash, canonical_id, copy_kind, similarity, stage, run_id, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id, a.source, a.format, a.original_text, a.raw, a.encoding,
                json.dumps(a.clean_spans), a.clean_text, a.content_hash, a.title, a.outlet,
                a.author, a.published.isoformat() if a.published else None, a.url, a.language,
                a.original_outlet, a.original_url, json.dumps(provenance),
                json.dumps(a.boilerplate), json.dumps(a.metadata, default=str), a.fingerprint,
                a.minhash, canonical_id, kind, similarity, INGEST_STAGE, run_id, _now(),
            ),
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO lsh_bands(band, key, article_id) VALUES (?, ?, ?)",
            [(band, key, a.id) for band, key in dedup.band_keys(a.minhash)],
        )

    def _delete_article(self, article_id: str) -> None:
        """Remove an article; its copies, if any, regroup under the earliest of them."""
        copies = self.db.execute(
            "SELECT id, rowid, published FROM articles WHERE canonical_id=?", (article_id,)
        ).fetchall()
        if copies:
            heir = min(copies, key=lambda r: _order_key(r["published"], r["rowid"]))["id"]
            self.db.execute(
                "UPDATE articles SET canonical_id=? WHERE canonical_id=? AND id<>?",
                (heir, article_id, heir),
            )
            self.db.execute(
                "UPDATE articles SET canonical_id=NULL, copy_kind=NULL, similarity=NULL WHERE id=?",
                (heir,),
            )
        self.db.execute("DELETE FROM articles WHERE id=?", (article_id,))

    # -- reading ------------------------------------------------------------------------

    def count(self) -> dict[str, int]:
        one = self.db.execute(
            "SELECT COUNT(*) AS articles, COUNT(canonical_id) AS copies,"
            " (SELECT COUNT(*) FROM errors WHERE level='error') AS errors FROM articles"
        ).fetchone()
        return {"articles": one["articles"], "copies": one["copies"], "errors": one["errors"]}

    def article(self, article_id: str) -> StoredArticle | None:
        """One article by id, or by a unique id prefix of at least 6 characters."""
        rows = self.db.execute(
            "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (article_id + "%",)
        ).fetchall()
        if len(article_id) < 6 or len(rows) != 1:
            exact = [r for r in rows if r["id"] == article_id]
            if not exact:
                return None
            rows = exact
        return StoredArticle(_article(rows[0]), self._copies(rows[0]["id"]))

    def articles(self, include_copies: bool = False) -> Iterator[StoredArticle]:
        """Articles in storage order; copies are listed under their canonical article."""
        where = "" if include_copies else "WHERE canonical_id IS NULL"
        # streamed: a PostgreSQL client would otherwise hold every article's text at once
        cursor = postgres.stream(self.db, f"SELECT * FROM articles {where} ORDER BY rowid")
        for row in cursor:
            yield StoredArticle(_article(row), self._copies(row["id"]))

    def _copies(self, article_id: str) -> tuple[Copy, ...]:
        rows = self.db.execute(
            "SELECT id, outlet, url, source, copy_kind, similarity FROM articles"
            " WHERE canonical_id=? ORDER BY rowid",
            (article_id,),
        ).fetchall()
        return tuple(
            Copy(r["id"], r["outlet"], r["url"], r["source"], r["copy_kind"], r["similarity"])
            for r in rows
        )

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and clean text, best matches first."""
        if self.dialect == "postgresql":
            return postgres.search(cast(postgres.Connection, self.db), query, limit)
        try:
            rows = self.db.execute(
                "SELECT a.id, a.title, a.outlet, a.published,"
                " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
                " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise UsageError(
                f'cannot search for {query!r} ({exc}); quote phrases with "..." '
                "and use AND, OR, NOT between words"
            ) from None
        return [dict(r) for r in rows]

    def errors(self) -> list[IngestError]:
        """Errors, then warnings, each by path."""
        rows = self.db.execute(
            "SELECT path, reason, stage, level FROM errors ORDER BY level, path, id"
        ).fetchall()
        return [IngestError(r["path"], r["reason"], r["stage"], r["level"]) for r in rows]


def _article(row: sqlite3.Row) -> Article:
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
