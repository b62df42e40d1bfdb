"""The store's tables, as DDL for SQLite. Migrations apply these in order."""

from __future__ import annotations

INITIAL = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    arguments TEXT NOT NULL,
    stored INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    copies INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    original_text TEXT NOT NULL,
    raw BLOB,
    encoding TEXT NOT NULL,
    clean_spans TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    url TEXT,
    language TEXT,
    original_outlet TEXT,
    original_url TEXT,
    provenance TEXT NOT NULL,
    boilerplate TEXT NOT NULL,
    metadata TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    minhash BLOB NOT NULL,
    canonical_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    copy_kind TEXT CHECK (copy_kind IN ('exact', 'near')),
    similarity REAL,
    stage TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_canonical ON articles(canonical_id);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE lsh_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX lsh_bands_key ON lsh_bands(band, key);
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

CREATE TABLE repeated_lines (
    scope TEXT NOT NULL,
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX repeated_lines_key ON repeated_lines(scope, hash);
CREATE INDEX repeated_lines_article ON repeated_lines(article_id);

CREATE TABLE furniture (
    scope TEXT NOT NULL,
    hash INTEGER NOT NULL,
    PRIMARY KEY (scope, hash)
) WITHOUT ROWID;

CREATE TABLE files (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    records INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);

CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    stage TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    at TEXT NOT NULL
);
CREATE INDEX errors_path ON errors(path);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, clean_text, content='articles', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
        VALUES ('delete', old.rowid, old.title, old.clean_text);
    INSERT INTO articles_fts(rowid, title, clean_text)
        VALUES (new.rowid, new.title, new.clean_text);
END;
"""
