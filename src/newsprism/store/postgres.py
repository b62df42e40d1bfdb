"""PostgreSQL behind the store's SQLite-flavoured SQL: ``--db postgresql://...``.

There is one schema (store/schema.py) and one list of migrations (store/migrations.py), both
written for SQLite. ``connect`` returns a connection that looks like the ``sqlite3`` one the
store modules use (``execute`` with ``?`` placeholders, ``executemany``, rows readable by
name and by index, ``lastrowid``, explicit ``BEGIN``/``COMMIT``) and translates each statement
once (cached):

* placeholders ``?`` become ``%s``; ``BEGIN IMMEDIATE`` becomes ``BEGIN``; ``PRAGMA`` is a
  no-op (``query_only`` becomes a read-only session); ``LIKE`` becomes ``ILIKE`` (SQLite's
  LIKE ignores ASCII case);
* ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``, ``INSERT OR REPLACE`` an upsert on
  the table's primary key; ``LIMIT -1`` (SQLite's "no limit") works;
* DDL: ``INTEGER`` is ``BIGINT`` (hashes are 64-bit), ``BLOB`` is ``BYTEA``, ``REAL`` is
  ``DOUBLE PRECISION``, ``TEXT`` compares byte-wise (``COLLATE "C"``, as SQLite does), and
  ``INTEGER PRIMARY KEY`` is an identity column. Every table that SQLite gives a ``rowid``
  gets a ``rowid`` column too, filled in insertion order, so ``ORDER BY rowid`` and
  ``lastrowid`` mean what they mean on SQLite;
* an FTS5 table over a content table becomes a GIN index on that table's ``to_tsvector``
  (its triggers are not needed: PostgreSQL keeps the index current); ``search`` turns the
  FTS5 query language (words, "phrases", prefix*, AND/OR/NOT, parentheses) into a tsquery;
* errors are raised as the ``sqlite3`` exception of the same kind, so ``except
  sqlite3.IntegrityError`` works on both.

What is not translated (SQLite-only functions such as ``json_extract``, triggers other
than the FTS ones, NULL ordering: SQLite sorts NULLs first, PostgreSQL last) fails loudly
or differs; ``newsprism.store.postgres`` is the one place to teach it more.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PosixPath
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from newsprism.errors import StoreError, UsageError

SCHEMES = ("postgresql://", "postgres://")
TS_CONFIG = "simple"
"""No stemming and no stop words: a word matches as written, as with FTS5's unicode61."""
STREAM_ROWS = 256
FTS_TABLE = "newsprism_fts"
"""Which FTS5 tables became GIN indexes, over which table and columns."""

_SHIMS = """
CREATE OR REPLACE FUNCTION substr(text, bigint, bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS 'SELECT pg_catalog.substr($1, $2::int, $3::int)';
CREATE OR REPLACE FUNCTION substr(text, bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS 'SELECT pg_catalog.substr($1, $2::int)';
CREATE OR REPLACE FUNCTION ifnull(anyelement, anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE AS 'SELECT COALESCE($1, $2)';
CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE AS 'SELECT pg_catalog.strpos($1, $2)';
CREATE TABLE IF NOT EXISTS newsprism_fts (
    name TEXT PRIMARY KEY, content TEXT NOT NULL, columns TEXT NOT NULL
);
"""
"""SQLite functions the store's SQL uses, for PostgreSQL (offsets are BIGINT here)."""


def is_url(location: object) -> bool:
    return isinstance(location, StoreURL) or str(location).startswith(SCHEMES)


def url_of(location: object) -> str:
    """The full URL (password included) of a PostgreSQL store location."""
    return location.url if isinstance(location, StoreURL) else str(location)


def redact(url: str) -> str:
    """The URL without its password, for messages and summaries."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


# -- rows -----------------------------------------------------------------------------------


class Row(tuple[Any, ...]):
    """A result row read by index or by column name, like ``sqlite3.Row``."""

    _index: ClassVar[dict[str, int]] = {}
    _names: ClassVar[tuple[str, ...]] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                key = self._index[key.lower()]
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@functools.lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    index = {name.lower(): i for i, name in reversed(list(enumerate(names)))}
    return type("Row", (Row,), {"_index": index, "_names": names})


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = tuple(d.name for d in cursor.description or ())
    cls = _row_class(names)
    return lambda values: cls(values)


# -- statements -----------------------------------------------------------------------------


def _outside_literals(sql: str) -> Iterator[tuple[bool, str]]:
    """(is_code, piece) pieces of ``sql``: string literals, quoted names and comments are
    not code."""
    i, start, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            if i > start:
                yield True, sql[start:i]
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            yield False, sql[i : j + 1]
            i = start = j + 1
        elif sql.startswith("--", i):
            if i > start:
                yield True, sql[start:i]
            j = sql.find("\n", i)
            j = n if j < 0 else j
            yield False, sql[i:j]
            i = start = j
        else:
            i += 1
    if start < n:
        yield True, sql[start:]


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def _placeholders(sql: str, named: bool = False) -> str:
    """``?`` (or ``:name``) to ``%s`` (``%(name)s``) in code, and every ``%`` doubled (psycopg
    reads them all)."""
    out = []
    for is_code, piece in _outside_literals(sql):
        piece = piece.replace("%", "%%")
        if is_code:
            piece = _NAMED.sub(r"%(\1)s", piece) if named else piece.replace("?", "%s")
        out.append(piece)
    return "".join(out)


_WORD = r'(?:"[^"]+"|\w+)'
_TYPES = [
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
]
_CREATE_TABLE = re.compile(
    rf"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?({_WORD})\s*\((.*)\)\s*(WITHOUT\s+ROWID)?\s*;?\s*$",
    re.S | re.I,
)
_INTEGER_PK = re.compile(rf"({_WORD})\s+INTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?", re.I)
_TEXT_PK = re.compile(r"\bTEXT\s+PRIMARY\s+KEY\b", re.I)
_FTS = re.compile(
    rf"^\s*CREATE\s+VIRTUAL\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?({_WORD})\s+USING\s+fts5\s*\((.*)\)\s*;?\s*$",
    re.S | re.I,
)
_TRIGGER = re.compile(rf"^\s*CREATE\s+TRIGGER\s+(IF\s+NOT\s+EXISTS\s+)?({_WORD})", re.I)
_ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\s+.*\bADD\b", re.S | re.I)
_INSERT = re.compile(
    rf"^\s*(?:INSERT\s+(OR\s+(?:IGNORE|REPLACE)\s+)?|(REPLACE)\s+)INTO\s+({_WORD})\s*(\(([^)]*)\))?",
    re.I,
)
_BEGIN = re.compile(
    r"^\s*BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?(\s+TRANSACTION)?\s*;?\s*$", re.I
)
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:=\s*(\w+))?", re.I)
_LIMIT_PARAM = re.compile(r"\bLIMIT\s+\?", re.I)
_LIMIT_ALL = re.compile(r"\bLIMIT\s+-1\b", re.I)
_LIKE = re.compile(r"\bLIKE\b", re.I)
"""SQLite's LIKE ignores ASCII case; ILIKE under the columns' "C" collation does the same."""
_RETURNING = re.compile(r"\bRETURNING\b", re.I)
_SELECT_FROM_FTS = re.compile(r"\bMATCH\b", re.I)


def _name(word: str) -> str:
    return word.strip('"').lower()


def _split_args(text: str) -> list[str]:
    args, depth, current = [], 0, ""
    for is_code, piece in _outside_literals(text):
        if not is_code:
            current += piece
            continue
        for ch in piece:
            if ch == "," and depth == 0:
                args.append(current.strip())
                current = ""
                continue
            depth += ch == "("
            depth -= ch == ")"
            current += ch
    if current.strip():
        args.append(current.strip())
    return args


def document(columns: Sequence[str], alias: str = "") -> str:
    """The tsvector expression of an FTS table's columns (index and queries must agree)."""
    prefix = f"{alias}." if alias else ""
    joined = " || ' ' || ".join(f"coalesce({prefix}{c}, '')" for c in columns)
    return f"to_tsvector('{TS_CONFIG}', {joined})"


@dataclass(frozen=True)
class Statement:
    sql: str
    """Ready for psycopg (None: nothing to run on PostgreSQL)."""
    skip: bool = False
    table: str | None = None
    """The table an INSERT writes (for ``lastrowid``)."""
    ddl: bool = False


# -- the connection -------------------------------------------------------------------------


class Cursor:
    """The result of one statement, read like a ``sqlite3.Cursor``."""

    def __init__(self, cursor: Any | None, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid
        self.rowcount = cursor.rowcount if cursor is not None else -1
        self.description = cursor.description if cursor is not None else None

    def fetchone(self) -> Row | None:
        if self._cursor is None or self._cursor.description is None:
            return None
        row: Row | None = self._cursor.fetchone()
        return row

    def fetchall(self) -> list[Row]:
        if self._cursor is None or self._cursor.description is None:
            return []
        rows: list[Row] = self._cursor.fetchall()
        return rows

    def fetchmany(self, size: int = 1) -> list[Row]:
        if self._cursor is None or self._cursor.description is None:
            return []
        rows: list[Row] = self._cursor.fetchmany(size)
        return rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()


def _sqlite_error(exc: Exception, sql: str) -> sqlite3.Error:
    """The sqlite3 exception a caller written for SQLite expects for ``exc``."""
    import psycopg

    message = f"{str(exc).strip()} (PostgreSQL, in: {' '.join(sql.split())[:200]})"
    if isinstance(exc, psycopg.errors.IntegrityError):
        return sqlite3.IntegrityError(message)
    if isinstance(exc, psycopg.errors.ProgrammingError | psycopg.errors.OperationalError):
        return sqlite3.OperationalError(message)
    if isinstance(exc, psycopg.errors.DataError):
        return sqlite3.OperationalError(message)
    return sqlite3.DatabaseError(message)


class Connection:
    """A PostgreSQL connection speaking the store's SQLite dialect (see the module doc)."""

    dialect = "postgresql"

    def __init__(self, raw: Any, location: str) -> None:
        self.raw = raw
        self.location = location
        self._primary_keys: dict[str, list[str]] = {}
        self._rowid_tables: set[str] | None = None
        self._fts: dict[str, tuple[str, list[str]]] | None = None

    # the sqlite3.Connection surface the store uses

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        statement = self._translate(sql, bool(params), named=isinstance(params, dict))
        if statement.skip:
            return Cursor(None)
        if statement.ddl:
            self._forget_catalogue()
        cursor = self.raw.cursor()
        try:
            cursor.execute(statement.sql, params or None, prepare=None)
        except Exception as exc:
            if _is_psycopg_error(exc):
                raise _sqlite_error(exc, sql) from exc
            raise
        lastrowid = None
        if statement.table is not None and cursor.description is not None:
            rows = cursor.fetchall()
            lastrowid = int(rows[-1][0]) if rows and rows[-1][0] is not None else None
        return Cursor(cursor, lastrowid)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        rows = list(seq)
        statement = self._translate(sql, True, many=True)
        if statement.skip or not rows:
            return Cursor(None)
        cursor = self.raw.cursor()
        try:
            cursor.executemany(statement.sql, rows)
        except Exception as exc:
            if _is_psycopg_error(exc):
                raise _sqlite_error(exc, sql) from exc
            raise
        return Cursor(cursor)

    def executescript(self, script: str) -> None:
        from newsprism.store.migrations import run_script

        run_script(self, script)  # type: ignore[arg-type]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows of a large SELECT a few hundred at a time (a server-side cursor), leaving
        the connection free for other statements between them."""
        statement = self._translate(sql, bool(params))
        name = f"newsprism_{uuid.uuid4().hex[:12]}"
        with self.raw.cursor(name=name, withhold=True) as cursor:
            cursor.itersize = STREAM_ROWS
            try:
                cursor.execute(statement.sql, params or None)
            except Exception as exc:
                if _is_psycopg_error(exc):
                    raise _sqlite_error(exc, sql) from exc
                raise
            yield from cursor

    def commit(self) -> None:
        """Nothing to do: like the store's SQLite connection, this one autocommits outside
        explicit BEGIN ... COMMIT."""

    def close(self) -> None:
        self.raw.close()

    # translation

    def _forget_catalogue(self) -> None:
        self._primary_keys.clear()
        self._rowid_tables = None
        self._fts = None
        self._translate.cache_clear()

    def rowid_tables(self) -> set[str]:
        if self._rowid_tables is None:
            rows = self.raw.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE column_name = 'rowid' AND table_schema = current_schema()"
            ).fetchall()
            self._rowid_tables = {r[0] for r in rows}
        return self._rowid_tables

    def fts_tables(self) -> dict[str, tuple[str, list[str]]]:
        """FTS5 table name -> (content table, columns), as recorded when it was created."""
        if self._fts is None:
            rows = self.raw.execute(f"SELECT name, content, columns FROM {FTS_TABLE}").fetchall()
            self._fts = {r[0]: (r[1], r[2].split(",")) for r in rows}
        return self._fts

    def primary_key(self, table: str) -> list[str]:
        if table not in self._primary_keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                (table,),
            ).fetchall()
            self._primary_keys[table] = [r[0] for r in rows]
        return self._primary_keys[table]

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one cache per connection, on purpose
    def _translate(
        self, sql: str, has_params: bool, many: bool = False, named: bool = False
    ) -> Statement:
        if _BEGIN.match(sql):
            return Statement("BEGIN")
        pragma = _PRAGMA.match(sql)
        if pragma:
            if pragma.group(1).lower() == "query_only" and (pragma.group(2) or "").lower() in (
                "on", "1", "true",
            ):  # fmt: skip
                return Statement("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            return Statement("", skip=True)
        ddl = self._ddl(sql)
        if ddl is not None:
            return ddl
        if _SELECT_FROM_FTS.search(sql) and any(f in sql for f in self.fts_tables()):
            raise sqlite3.OperationalError(
                "FTS5 MATCH queries do not run on PostgreSQL; use Store.search "
                f"(newsprism.store.postgres.search) instead: {' '.join(sql.split())[:200]}"
            )
        table = None
        insert = _INSERT.match(sql)
        text = _LIMIT_ALL.sub("LIMIT ALL", sql)
        text = _LIMIT_PARAM.sub("LIMIT NULLIF(?, -1)", text)
        text = _LIKE.sub("ILIKE", text)
        if insert:
            target = _name(insert.group(3))
            if target in self.fts_tables():
                return Statement("", skip=True)  # the GIN index keeps itself current
            mode = (insert.group(1) or insert.group(2) or "").upper()
            text = (
                text[: insert.start()]
                + f"INSERT INTO {insert.group(3)}"
                + text[insert.start(4) if insert.group(4) else insert.end(3) :]
            )
            text = text.rstrip().rstrip(";")
            if "IGNORE" in mode:
                text += " ON CONFLICT DO NOTHING"
            elif "REPLACE" in mode:
                columns = [_name(c) for c in _split_args(insert.group(5) or "")]
                key = self.primary_key(target)
                rest = [c for c in columns if c not in key]
                if not key or not columns:
                    raise sqlite3.OperationalError(
                        f"INSERT OR REPLACE into {target} needs a primary key and a column list "
                        "on PostgreSQL"
                    )
                updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
                keys = ", ".join(f'"{c}"' for c in key)
                text += f" ON CONFLICT ({keys}) " + (
                    f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
                )
            if not many and target in self.rowid_tables() and not _RETURNING.search(text):
                text += " RETURNING rowid"
                table = target
        final = _placeholders(text, named) if has_params else text
        return Statement(final, table=table)

    def _ddl(self, sql: str) -> Statement | None:
        fts = _FTS.match(sql)
        if fts:
            return self._fts_ddl(_name(fts.group(2)), fts.group(3))
        trigger = _TRIGGER.match(sql)
        if trigger:
            if any(re.search(rf"\b{f}\b", sql) for f in self.fts_tables()):
                return Statement("", skip=True)
            raise sqlite3.OperationalError(
                f"SQLite trigger {trigger.group(2)} has no PostgreSQL translation yet; "
                "teach newsprism.store.postgres how to write it"
            )
        table = _CREATE_TABLE.match(sql)
        if table:
            return Statement(self._create_table(table), ddl=True)
        if _ADD_COLUMN.match(sql):
            return Statement(_types(sql), ddl=True)
        if re.match(r"^\s*(CREATE|DROP|ALTER)\b", sql, re.I):
            return Statement(sql, ddl=True)
        return None

    def _create_table(self, match: re.Match[str]) -> str:
        exists, name, body, without_rowid = match.groups()
        columns = body
        extra = ""
        pk = _INTEGER_PK.search(columns)
        if pk:
            column = pk.group(1)
            columns = (
                columns[: pk.start()]
                + f"{column} BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                + columns[pk.end() :]
            )
            if _name(column) != "rowid":
                extra = f",\n    rowid BIGINT GENERATED ALWAYS AS ({column}) STORED"
        elif not without_rowid and not re.search(r"\browid\b", body, re.I):
            unique = " UNIQUE" if _TEXT_PK.search(body) else ""
            extra = f",\n    rowid BIGINT GENERATED BY DEFAULT AS IDENTITY{unique}"
        columns = _types(columns)
        return f"CREATE TABLE {exists or ''}{name} ({columns.rstrip()}{extra}\n)"

    def _fts_ddl(self, name: str, arguments: str) -> Statement:
        args = _split_args(arguments)
        columns = [_name(a) for a in args if "=" not in a]
        options = {
            k.strip().lower(): v.strip().strip("'\"")
            for k, v in (a.split("=", 1) for a in args if "=" in a)
        }
        content = options.get("content") or ""
        statements = []
        if not content:  # FTS5 keeps its own copy of the text: so does a plain table here
            content = name + "_content"
            cols = ", ".join(f'{c} TEXT COLLATE "C"' for c in columns)
            statements.append(
                f"CREATE TABLE {content} (rowid BIGINT GENERATED BY DEFAULT AS IDENTITY"
                f" PRIMARY KEY, {cols})"
            )
        statements.append(f"CREATE INDEX {name} ON {content} USING GIN (({document(columns)}))")
        for statement in statements:
            self.raw.execute(statement)
        self.raw.execute(
            f"INSERT INTO {FTS_TABLE}(name, content, columns) VALUES (%s, %s, %s)",
            (name, content, ",".join(columns)),
        )
        self._forget_catalogue()
        return Statement("", skip=True)


def _types(sql: str) -> str:
    out = []
    for is_code, piece in _outside_literals(sql):
        if is_code:
            for pattern, replacement in _TYPES:
                piece = pattern.sub(replacement, piece)
        out.append(piece)
    return "".join(out)


def _is_psycopg_error(exc: Exception) -> bool:
    import psycopg

    return isinstance(exc, psycopg.Error)


def _numeric_loader() -> type:
    """Loads NUMERIC (SUM and AVG of integers) as int or float, as SQLite returns them."""
    from psycopg.types.numeric import NumericLoader

    class Loader(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            if isinstance(value, Decimal):
                return int(value) if value == value.to_integral_value() else float(value)
            return value

    return Loader


def connect(url: str) -> Connection:
    """Open the PostgreSQL database at ``url`` for the store."""
    try:
        import psycopg
    except ImportError:
        raise UsageError(
            "a postgresql:// store needs psycopg; install it with pip install 'newsprism[scale]'"
        ) from None
    location = redact(url)
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    except psycopg.Error as exc:
        raise StoreError(
            f"{location}: cannot connect to PostgreSQL ({' '.join(str(exc).split())}); "
            "check that the server runs and the URL's user, host and database are right"
        ) from None
    raw.adapters.register_loader("numeric", _numeric_loader())
    ready = raw.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'ifnull' AND pronamespace ="
        " (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))"
        " AND to_regclass(%s) IS NOT NULL",
        (FTS_TABLE,),
    ).fetchone()
    if not (ready and ready[0]):  # a new database: add the SQLite functions once
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(7140007)")
            for statement in _SHIMS.split(";\n"):
                if statement.strip():
                    raw.execute(statement)
    return Connection(raw, location)


def stream(db: Any, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
    """Rows of a large SELECT without holding them all: a server-side cursor on PostgreSQL,
    SQLite's own lazy cursor otherwise."""
    if isinstance(db, Connection):
        return db.stream(sql, params)
    return iter(db.execute(sql, params))


# -- full-text search -----------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(")|(\()|(\))|([^\s()"]+))')


def _fts_tokens(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(query):
        if query[i].isspace():
            i += 1
            continue
        if query[i] == '"':
            end = query.find('"', i + 1)
            while end != -1 and query[end + 1 : end + 2] == '"':
                end = query.find('"', end + 2)
            if end == -1:
                raise ValueError("unterminated string")
            tokens.append(("phrase", query[i + 1 : end].replace('""', '"')))
            i = end + 1
            continue
        if query[i] in "()":
            tokens.append((query[i], query[i]))
            i += 1
            continue
        match = re.match(r'[^\s()"]+', query[i:])
        assert match is not None
        word = match.group(0)
        i += len(word)
        if word in ("AND", "OR", "NOT"):
            tokens.append((word, word))
        elif word.startswith(("NEAR", "^")) or ":" in word or word.startswith(("+", "-")):
            raise ValueError(f"syntax error near {word!r}")
        else:
            tokens.append(("word", word))
    return tokens


def fts_query(query: str) -> tuple[str, list[str]]:
    """An FTS5 query as a tsquery SQL expression and its parameters.

    Precedence as in FTS5: NOT binds tightest, then AND (also implicit between terms), OR.
    """
    tokens = _fts_tokens(query)
    params: list[str] = []
    pos = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def primary() -> str:
        nonlocal pos
        kind = peek()
        if kind is None:
            raise ValueError("incomplete query")
        value = tokens[pos][1]
        pos += 1
        if kind == "(":
            inner = disjunction()
            if peek() != ")":
                raise ValueError("unbalanced parentheses")
            pos += 1
            return f"({inner})"
        if kind == "phrase":
            params.append(value)
            return f"phraseto_tsquery('{TS_CONFIG}', %s)"
        if kind == "word":
            if value.endswith("*") and value.rstrip("*"):
                params.append(value.rstrip("*"))
                # the word as the index sees it, then a prefix match on each of its lexemes
                return (
                    f"(regexp_replace(plainto_tsquery('{TS_CONFIG}', %s)::text,"
                    " '''( |$)', ''':*\\1', 'g'))::tsquery"
                )
            params.append(value)
            return f"plainto_tsquery('{TS_CONFIG}', %s)"
        raise ValueError(f"syntax error near {value!r}")

    def negation() -> str:
        nonlocal pos
        left = primary()
        while peek() == "NOT":
            pos += 1
            left = f"({left} && !!{primary()})"
        return left

    def conjunction() -> str:
        nonlocal pos
        left = negation()
        while peek() not in (None, "OR", ")"):
            if peek() == "AND":
                pos += 1
            left = f"({left} && {negation()})"
        return left

    def disjunction() -> str:
        nonlocal pos
        left = conjunction()
        while peek() == "OR":
            pos += 1
            left = f"({left} || {conjunction()})"
        return left

    expression = disjunction()
    if pos != len(tokens):
        raise ValueError(f"syntax error near {tokens[pos][1]!r}")
    return expression, params


def search(db: Connection, query: str, limit: int) -> list[dict[str, Any]]:
    """``Store.search`` on PostgreSQL: the FTS5 query as a tsquery over the GIN index, best
    first (ts_rank), each hit with a snippet marked like FTS5's ``[...]``."""
    try:
        expression, params = fts_query(query)
    except ValueError as exc:
        raise UsageError(
            f'cannot search for {query!r} ({exc}); quote phrases with "..." '
            "and use AND, OR, NOT between words"
        ) from None
    content, columns = db.fts_tables().get("articles_fts", ("articles", ["title", "clean_text"]))
    doc = document(columns, "a")
    sql = (
        "SELECT a.id, a.title, a.outlet, a.published, ts_headline("
        f"'{TS_CONFIG}', a.clean_text, q, 'StartSel=[, StopSel=], MaxWords=12, MinWords=4,"
        " ShortWord=1, MaxFragments=1, FragmentDelimiter=…') AS snippet"
        f" FROM {content} a, ({_placeholder_free(expression)}) AS t(q)"
        f" WHERE {doc} @@ q ORDER BY ts_rank({doc}, q) DESC, a.rowid LIMIT %s"
    )
    rows = db.raw.execute(sql, [*params, limit]).fetchall()
    return [
        {"id": r[0], "title": r[1], "outlet": r[2], "published": r[3], "snippet": r[4]}
        for r in rows
    ]


def _placeholder_free(expression: str) -> str:
    """The tsquery expression as a one-column SELECT (its %s are psycopg's)."""
    return f"SELECT {expression}"


class StoreURL(PosixPath):
    """A ``--db`` PostgreSQL URL passed where commands expect a store's Path: the URL is
    kept whole (a Path would fold its ``//``); ``str()`` shows it without the password."""

    url: str

    def __new__(cls, url: str) -> StoreURL:
        self = super().__new__(cls, redact(url))
        self.url = url
        return self

    def __str__(self) -> str:
        return redact(getattr(self, "url", "")) or super().__str__()


def location(value: str) -> Path:
    """A ``--db`` value: a PostgreSQL URL, or else the path of a SQLite file."""
    return StoreURL(value) if is_url(value) else Path(value)
